/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * arpbal_perf_autotest: TSC cycles per ARP request through
 * arpbal_process() (and arpbal_sift()), and per neighbour solicitation through
 * arpbal_nd_process(), in bursts of 32, next to a macswap loop over the
 * same mbufs as the baseline. It measures, it does not check, and its numbers
 * mean something only on an idle core, so meson does not run it:
 *
 *   dpdk-carp-test --no-huge -m 256 --no-pci -l 1 arpbal_perf_autotest
 *
 * ARPBAL_PERF_ONLY=TEXT in the environment runs only the cases whose name
 * holds TEXT, with the harnesses and the baseline (for callgrind, say).
 * After the table, where the cycles go: each case once more with the
 * reader profiled (arpbal_reader_profile()), cycles per request in each
 * stage.
 *
 * Each burst takes 32 mbufs from the pool, writes a request into each
 * and gives back to the pool whatever the case did not consume: the
 * "harness", timed on its own (for each kind of frame: solicitations are
 * copied whole from frames made beforehand, checksums and all) and
 * subtracted for the net figures. The
 * mbufs come from the lcore's mempool cache, as on a worker, so a drop
 * costs what it costs there.
 */

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_branch_prediction.h>
#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "arpbal.h"
#include "carp_fsm.h"

#include "test.h"

#define PERF_BURST	32
#define PERF_BURSTS	100000
#define PERF_WARMUP	2000u
#define PERF_REPEAT	3	/* the best run counts */
#define PERF_PORT	0
#define PERF_FRAME_LEN	60
#define PERF_NS_LEN	86	/* with the source link-layer option */
#define PERF_SOURCES	65536
#define PERF_ADDRS	4096	/* the virtual addresses of the larger cases */
#define PERF_VIP	RTE_IPV4(192, 0, 2, 10)
#define PERF_NOT_VIP	RTE_IPV4(192, 0, 2, 99)
#define PERF_SRC_BASE	RTE_IPV4(10, 0, 0, 0)

enum perf_kind {
	PERF_HARNESS,	/* rewrite the requests, nothing else */
	PERF_MACSWAP,	/* the baseline */
	PERF_ARPBAL,
	PERF_SIFT,	/* requests through arpbal_sift() */
	PERF_ND,	/* solicitations through arpbal_nd_process() */
	/* What the worker asks for an IPv4 frame that is not ARP, to or
	 * from a virtual address (an echo request, a frame for the host):
	 * arpbal_reader_lookup() on each frame's two addresses.
	 */
	PERF_LOOKUP,
};

struct perf_case {
	const char *name;
	enum perf_kind kind;
	bool ns;		/* solicitations rather than ARP requests */
	uint32_t tip;
	uint32_t naddr;		/* targets tip, tip + 1, ... in turn */
	uint32_t nsrc;		/* distinct senders, in turn */
	uint32_t rate;		/* arp_rate_per_source */
	uint32_t max_sources;	/* of the reader's requester table */
	const uint8_t *vhids;	/* the group of PERF_VIP */
	unsigned int nvhids;
	uint8_t state[5];	/* of vhids 1..4 */
};

struct perf_result {
	uint64_t cycles;	/* best run */
	struct arpbal_profile prof;	/* a run more, profiled */
	uint64_t prof_cycles;	/* its total */
	uint64_t answered;
	uint64_t untracked;
	uint64_t limited;
};

static const uint8_t vhid1[] = { 1 };
static const uint8_t vhid1234[] = { 4, 3, 2, 1 };

#define SOURCES_ON	(2 * PERF_SOURCES)

#define MASTER1	{ 0, CARP_STATE_MASTER }
#define BACKUP1	{ 0, CARP_STATE_BACKUP }
#define HALF4	{ 0, CARP_STATE_MASTER, CARP_STATE_BACKUP, \
		  CARP_STATE_MASTER, CARP_STATE_BACKUP }

static const struct perf_case perf_cases[] = {
	{ "harness (alloc, write, free)", PERF_HARNESS, false, PERF_VIP, 1,
		1024, 0, SOURCES_ON, vhid1, 1, { 0 } },
	{ "macswap baseline", PERF_MACSWAP, false, PERF_VIP, 1, 1024, 0,
		SOURCES_ON, vhid1, 1, { 0 } },
	{ "answer (MASTER), 1024 sources", PERF_ARPBAL, false, PERF_VIP, 1,
		1024, 0, SOURCES_ON, vhid1, 1, MASTER1 },
	{ "drop (BACKUP), 1024 sources", PERF_ARPBAL, false, PERF_VIP, 1,
		1024, 0, SOURCES_ON, vhid1, 1, BACKUP1 },
	/* The two through arpbal_sift(), as a plain port's worker does. */
	{ "answer, sifted", PERF_SIFT, false, PERF_VIP, 1, 1024, 0,
		SOURCES_ON, vhid1, 1, MASTER1 },
	{ "drop (BACKUP), sifted", PERF_SIFT, false, PERF_VIP, 1, 1024, 0,
		SOURCES_ON, vhid1, 1, BACKUP1 },
	/* The same over 4,096 addresses, each asked for in turn. */
	{ "answer, 4096 addresses", PERF_ARPBAL, false, PERF_VIP,
		PERF_ADDRS, 1024, 0, SOURCES_ON, vhid1, 1, MASTER1 },
	{ "drop (BACKUP), 4096 addresses", PERF_ARPBAL, false, PERF_VIP,
		PERF_ADDRS, 1024, 0, SOURCES_ON, vhid1, 1, BACKUP1 },
	{ "answer, 4096 addresses, 65536 sources", PERF_ARPBAL, false,
		PERF_VIP, PERF_ADDRS, PERF_SOURCES, 0, SOURCES_ON, vhid1, 1,
		MASTER1 },
	{ "balanced 4 vhids, 65536 sources", PERF_ARPBAL, false, PERF_VIP, 1,
		PERF_SOURCES, 0, SOURCES_ON, vhid1234, 4, HALF4 },
	{ "not_shared", PERF_ARPBAL, false, PERF_NOT_VIP, 1, 1024, 0,
		SOURCES_ON, vhid1, 1, MASTER1 },
	{ "answer, rate limit on, not reached", PERF_ARPBAL, false, PERF_VIP,
		1, PERF_SOURCES, 1000000, SOURCES_ON, vhid1, 1, MASTER1 },
	{ "rate limited, one flooding source", PERF_ARPBAL, false, PERF_VIP,
		1, 1, 5, SOURCES_ON, vhid1, 1, MASTER1 },
	/* What the requester table costs: the first case without it. */
	{ "answer, no requester table", PERF_ARPBAL, false, PERF_VIP, 1,
		1024, 0, 0, vhid1, 1, MASTER1 },
	/* Frames that are not ARP: the worker's question for each one to
	 * a virtual address, and for one to another address.
	 */
	{ "non-ARP to a virtual address", PERF_LOOKUP, false, PERF_VIP, 1,
		1024, 0, SOURCES_ON, vhid1, 1, MASTER1 },
	{ "non-ARP, 4096 virtual addresses", PERF_LOOKUP, false, PERF_VIP,
		PERF_ADDRS, 1024, 0, SOURCES_ON, vhid1, 1, MASTER1 },
	{ "non-ARP to another address", PERF_LOOKUP, false, PERF_NOT_VIP, 1,
		1024, 0, SOURCES_ON, vhid1, 1, MASTER1 },
	/* Neighbour discovery: the same paths for IPv6, against a harness
	 * of their own (86-byte frames).
	 */
	{ "harness, solicitations", PERF_HARNESS, true, PERF_VIP, 1, 1024, 0,
		SOURCES_ON, vhid1, 1, { 0 } },
	{ "NS answer (MASTER), 1024 sources", PERF_ND, true, PERF_VIP, 1,
		1024, 0, SOURCES_ON, vhid1, 1, MASTER1 },
	{ "NS drop (BACKUP), 1024 sources", PERF_ND, true, PERF_VIP, 1, 1024,
		0, SOURCES_ON, vhid1, 1, BACKUP1 },
	{ "NS balanced 4 vhids, 1024 sources", PERF_ND, true, PERF_VIP, 1,
		1024, 0, SOURCES_ON, vhid1234, 4, HALF4 },
	{ "NS not_shared", PERF_ND, true, PERF_NOT_VIP, 1, 1024, 0,
		SOURCES_ON, vhid1, 1, MASTER1 },
	{ "NS answer, rate limit on, not reached", PERF_ND, true, PERF_VIP, 1,
		1024, 1000000, SOURCES_ON, vhid1, 1, MASTER1 },
};

#define PERF_NS_SOURCES	1024

struct perf_ctx {
	struct rte_mempool *mp;
	/* a burst, and room for a sift's prefetching and what it hands
	 * back
	 */
	struct rte_mbuf *pkts[2 * PERF_BURST + ARPBAL_SIFT_AHEAD];
	uint8_t frame[PERF_FRAME_LEN];	/* a request, to copy from */
	/* Solicitations from source i for PERF_VIP's and PERF_NOT_VIP's
	 * IPv6 twins (2001:db8::c000:20a and ::c000:263).
	 */
	uint8_t ns[2][PERF_NS_SOURCES][PERF_NS_LEN];
	uint32_t next_src;
	uint32_t next_addr;
};

/* 2001:db8::/96 with an IPv4 address as its last 32 bits. */
static void
perf_addr6(uint32_t low, uint8_t a[16])
{
	memset(a, 0, 16);
	a[0] = 0x20;
	a[1] = 0x01;
	a[2] = 0x0d;
	a[3] = 0xb8;
	low = rte_cpu_to_be_32(low);
	memcpy(a + 12, &low, 4);
}

/* A solicitation from src for target, with its source link-layer
 * address option, checksum computed.
 */
static void
perf_ns(uint8_t *f, uint32_t src, uint32_t target)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)f;
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(eth + 1);
	uint8_t *icmp = (uint8_t *)(ip + 1);
	uint16_t ck;

	memset(f, 0, PERF_NS_LEN);
	eth->src_addr.addr_bytes[0] = 0x02;
	eth->src_addr.addr_bytes[1] = 0x5a;
	eth->src_addr.addr_bytes[4] = (uint8_t)(src >> 8);
	eth->src_addr.addr_bytes[5] = (uint8_t)src;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	ip->vtc_flow = RTE_BE32(UINT32_C(6) << 28);
	ip->payload_len = RTE_BE16(32);
	ip->proto = 58;
	ip->hop_limits = 255;
	perf_addr6(src, ip->src_addr);
	/* To target's solicited-node group, ff02::1:ffXX:XXXX. */
	perf_addr6(target, ip->dst_addr);
	memset(ip->dst_addr, 0, 11);
	ip->dst_addr[0] = 0xff;
	ip->dst_addr[1] = 0x02;
	ip->dst_addr[11] = 0x01;
	ip->dst_addr[12] = 0xff;
	memcpy(&eth->dst_addr, ip->dst_addr + 10, 6);
	eth->dst_addr.addr_bytes[0] = 0x33;
	eth->dst_addr.addr_bytes[1] = 0x33;
	icmp[0] = 135;
	perf_addr6(target, icmp + 8);
	icmp[24] = 1;
	icmp[25] = 1;
	memcpy(icmp + 26, &eth->src_addr, RTE_ETHER_ADDR_LEN);
	ck = rte_ipv6_udptcp_cksum(ip, icmp);
	memcpy(icmp + 2, &ck, sizeof(ck));
}

/* 32 solicitations in fresh mbufs, from the next sources in turn. */
static inline int
perf_fill_ns(struct perf_ctx *c, const struct perf_case *pc)
{
	const uint8_t (*ns)[PERF_NS_LEN] = c->ns[pc->tip != PERF_VIP];
	struct rte_mbuf *m;
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(c->mp, c->pkts, PERF_BURST) != 0)
		return -1;
	for (i = 0; i < PERF_BURST; i++) {
		m = c->pkts[i];
		memcpy(rte_pktmbuf_mtod(m, void *), ns[c->next_src],
			PERF_NS_LEN);
		if (++c->next_src == pc->nsrc)
			c->next_src = 0;
		m->data_len = PERF_NS_LEN;
		m->pkt_len = PERF_NS_LEN;
		m->port = PERF_PORT;
	}
	return 0;
}

/* 32 requests in fresh mbufs, from the next senders in turn. */
static inline int
perf_fill(struct perf_ctx *c, const struct perf_case *pc)
{
	struct rte_ether_hdr *eth;
	struct rte_arp_hdr *arp;
	struct rte_mbuf *m;
	uint32_t src;
	unsigned int i;

	if (pc->ns)
		return perf_fill_ns(c, pc);
	if (rte_pktmbuf_alloc_bulk(c->mp, c->pkts, PERF_BURST) != 0)
		return -1;
	for (i = 0; i < PERF_BURST; i++) {
		m = c->pkts[i];
		src = PERF_SRC_BASE + c->next_src;
		if (++c->next_src == pc->nsrc)
			c->next_src = 0;
		eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
		memcpy(eth, c->frame, sizeof(c->frame));
		arp = (struct rte_arp_hdr *)(eth + 1);
		eth->src_addr.addr_bytes[4] = (uint8_t)(src >> 8);
		eth->src_addr.addr_bytes[5] = (uint8_t)src;
		arp->arp_data.arp_sha = eth->src_addr;
		arp->arp_data.arp_sip = rte_cpu_to_be_32(src);
		arp->arp_data.arp_tip = rte_cpu_to_be_32(pc->tip +
			c->next_addr);
		if (++c->next_addr == pc->naddr)
			c->next_addr = 0;
		m->data_len = PERF_FRAME_LEN;
		m->pkt_len = PERF_FRAME_LEN;
		m->port = PERF_PORT;
	}
	return 0;
}

/* What testpmd's macswap does to each frame. */
static inline void
perf_macswap(struct rte_mbuf **pkts, unsigned int n)
{
	struct rte_ether_hdr *eth;
	struct rte_ether_addr tmp;
	unsigned int i;

	for (i = 0; i < n; i++) {
		eth = rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);
		tmp = eth->dst_addr;
		eth->dst_addr = eth->src_addr;
		eth->src_addr = tmp;
	}
}

/* The worker's question for frames that are not ARP, asked of the
 * addresses the harness wrote (the ARP target as the destination, the
 * sender as the source). @return how many this host serves.
 */
static inline uint64_t
perf_lookup(struct arpbal_reader *r, struct rte_mbuf **pkts, unsigned int n)
{
	const struct rte_arp_hdr *arp;
	struct arpbal_choice ch;
	uint64_t served = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		arp = rte_pktmbuf_mtod_offset(pkts[i],
			const struct rte_arp_hdr *, RTE_ETHER_HDR_LEN);
		ch = arpbal_reader_lookup(r, PERF_PORT,
			arp->arp_data.arp_tip, arp->arp_data.arp_sip, 0);
		served += ch.verdict == ARPBAL_ANSWERED;
	}
	return served;
}

/* A burst through arpbal_sift(), what it hands back freed.
 * @return the number of replies at the front of pkts.
 */
static inline uint16_t
perf_sift(struct arpbal_reader *r, struct rte_mbuf **pkts)
{
	struct rte_mbuf **rest = pkts + PERF_BURST + ARPBAL_SIFT_AHEAD;
	uint16_t i, nr, nrest;

	for (i = 0; i < ARPBAL_SIFT_AHEAD; i++)
		pkts[PERF_BURST + i] = pkts[PERF_BURST - 1];
	nr = arpbal_sift(r, PERF_PORT, 0, pkts, PERF_BURST, rest, &nrest);
	if (nrest > 0)
		rte_pktmbuf_free_bulk(rest, nrest);
	return nr;
}

static uint64_t
perf_loop(struct perf_ctx *c, const struct perf_case *pc,
		struct arpbal_reader *r, unsigned int bursts,
		uint64_t *answered)
{
	uint64_t start, ans = 0;
	unsigned int it;
	uint16_t nr;

	start = rte_rdtsc_precise();
	for (it = 0; it < bursts; it++) {
		if (unlikely(perf_fill(c, pc) != 0))
			return 0;
		switch (pc->kind) {
		case PERF_HARNESS:
			nr = PERF_BURST;
			break;
		case PERF_MACSWAP:
			perf_macswap(c->pkts, PERF_BURST);
			nr = PERF_BURST;
			break;
		case PERF_ND:
			nr = arpbal_nd_process(r, c->pkts, PERF_BURST, NULL,
				NULL);
			arpbal_reader_quiescent(r);
			ans += nr;
			break;
		case PERF_SIFT:
			nr = perf_sift(r, c->pkts);
			arpbal_reader_quiescent(r);
			ans += nr;
			break;
		case PERF_LOOKUP:
			ans += perf_lookup(r, c->pkts, PERF_BURST);
			arpbal_reader_quiescent(r);
			nr = PERF_BURST;
			break;
		default:
			/* The worker's loop: a burst, then a quiescent
			 * state. The replies would go to TX: freed here.
			 */
			nr = arpbal_process(r, c->pkts, PERF_BURST, NULL,
				NULL);
			arpbal_reader_quiescent(r);
			ans += nr;
			break;
		}
		rte_pktmbuf_free_bulk(c->pkts, nr);
	}
	*answered = ans;
	return rte_rdtsc_precise() - start;
}

static int
perf_case_run(struct perf_ctx *c, const struct perf_case *pc,
		unsigned int seq, struct perf_result *res)
{
	struct arpbal_params p = {
		.max_addrs = PERF_ADDRS,
		.max_readers = 1,
		.max_sources = pc->max_sources,
		.socket_id = (int)rte_socket_id(),
	};
	struct arpbal_stats st0, st;
	struct arpbal_reader *r;
	struct arpbal *ab;
	char name[16];
	uint8_t vip6[16];
	uint64_t cyc, ans;
	unsigned int k, v;

	snprintf(name, sizeof(name), "abperf%u", seq);
	p.name = name;
	ab = arpbal_create(&p);
	if (ab == NULL)
		return -1;
	r = arpbal_reader_create(ab, 0, p.socket_id);
	perf_addr6(PERF_VIP, vip6);
	if (r == NULL || arpbal_group6_set(ab, PERF_PORT, vip6, pc->vhids,
			pc->nvhids) != 0) {
		arpbal_free(ab);
		return -1;
	}
	for (k = 0; k < RTE_MAX(pc->naddr, 1u); k++)
		if (arpbal_group_set(ab, PERF_PORT,
				rte_cpu_to_be_32(PERF_VIP + k), pc->vhids,
				pc->nvhids) != 0) {
			arpbal_free(ab);
			return -1;
		}
	for (v = 1; v < RTE_DIM(pc->state); v++)
		arpbal_state_set(ab, PERF_PORT, (uint8_t)v, pc->state[v]);
	arpbal_balance_set(ab, pc->nvhids > 1);
	arpbal_rate_set(ab, pc->rate);
	arpbal_reader_online(r);

	c->next_src = 0;
	c->next_addr = 0;
	/* Warm up: caches, the branch predictor, and the source table
	 * filled with every sender before the clock runs.
	 */
	perf_loop(c, pc, r, RTE_MAX(PERF_WARMUP, 2 * pc->nsrc / PERF_BURST),
		&ans);
	memset(res, 0, sizeof(*res));
	res->cycles = UINT64_MAX;
	for (k = 0; k < PERF_REPEAT; k++) {
		arpbal_stats_get(ab, r, &st0);
		cyc = perf_loop(c, pc, r, PERF_BURSTS, &ans);
		arpbal_stats_get(ab, r, &st);
		if (cyc == 0)
			break;
		if (cyc < res->cycles)
			res->cycles = cyc;
		res->answered = ans;
		res->untracked = st.v[ARPBAL_STAT_UNTRACKED] -
			st0.v[ARPBAL_STAT_UNTRACKED];
		res->limited = st.v[ARPBAL_STAT_RATE_LIMITED] -
			st0.v[ARPBAL_STAT_RATE_LIMITED];
	}
	/* Where the cycles went: a run more, each stage timed. */
	arpbal_reader_profile(r, true);
	res->prof_cycles = perf_loop(c, pc, r, PERF_BURSTS, &ans);
	arpbal_reader_profile_get(r, &res->prof);
	arpbal_reader_profile(r, false);
	arpbal_reader_offline(r);
	arpbal_free(ab);
	return res->cycles == 0 ? -1 : 0;
}

static int
test_arpbal_perf(void)
{
	const uint64_t pkts = (uint64_t)PERF_BURSTS * PERF_BURST;
	struct perf_result res[RTE_DIM(perf_cases)];
	struct rte_ether_hdr *eth;
	struct rte_arp_hdr *arp;
	/* Not on the stack: the solicitations take 176 KiB. */
	static struct perf_ctx c;
	const char *only = getenv("ARPBAL_PERF_ONLY");
	double cpp[RTE_DIM(perf_cases)], net, base_net, sum;
	bool run[RTE_DIM(perf_cases)], counts;
	unsigned int i, k, harness;
	int ret = 0;

	memset(&c, 0, sizeof(c));
	c.mp = rte_pktmbuf_pool_create("arpbal_perf", 4095, 256, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (c.mp == NULL) {
		printf("arpbal_perf: no mbufs\n");
		return -1;
	}
	/* A request, broadcast, from 02:5a:00:00:xx:xx. */
	eth = (struct rte_ether_hdr *)c.frame;
	arp = (struct rte_arp_hdr *)(eth + 1);
	memset(&eth->dst_addr, 0xff, RTE_ETHER_ADDR_LEN);
	eth->src_addr.addr_bytes[0] = 0x02;
	eth->src_addr.addr_bytes[1] = 0x5a;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_ARP);
	arp->arp_hardware = RTE_BE16(RTE_ARP_HRD_ETHER);
	arp->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	arp->arp_hlen = RTE_ETHER_ADDR_LEN;
	arp->arp_plen = 4;
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REQUEST);
	for (i = 0; i < PERF_NS_SOURCES; i++) {
		perf_ns(c.ns[0][i], PERF_SRC_BASE + i, PERF_VIP);
		perf_ns(c.ns[1][i], PERF_SRC_BASE + i, PERF_NOT_VIP);
	}

	for (i = 0; i < RTE_DIM(perf_cases) && ret == 0; i++) {
		/* The harnesses and the baseline always run: the net
		 * figures are taken against them.
		 */
		run[i] = only == NULL ||
			perf_cases[i].kind == PERF_HARNESS ||
			perf_cases[i].kind == PERF_MACSWAP ||
			strstr(perf_cases[i].name, only) != NULL;
		memset(&res[i], 0, sizeof(res[i]));
		if (run[i])
			ret = perf_case_run(&c, &perf_cases[i], i, &res[i]);
		cpp[i] = (double)res[i].cycles / pkts;
	}
	rte_mempool_free(c.mp);
	if (ret != 0) {
		printf("arpbal_perf: cannot set up case %u\n", i - 1);
		return -1;
	}

	printf("arpbal_perf: TSC cycles per request, %u bursts of %u, best "
		"of %u, TSC %.2f GHz, lcore %u\n", PERF_BURSTS, PERF_BURST,
		PERF_REPEAT, rte_get_tsc_hz() / 1e9, rte_lcore_id());
	printf("  net = minus the harness of its frames; x = ratio to the "
		"macswap baseline\n");
	printf("  %-37s %7s %7s %8s %8s %9s %9s\n", "case", "total", "net",
		"x total", "x net", "answered", "limited");
	base_net = cpp[1] - cpp[0];
	for (i = 0; i < RTE_DIM(perf_cases); i++) {
		for (k = 0, harness = 0; k < RTE_DIM(perf_cases); k++)
			if (perf_cases[k].kind == PERF_HARNESS &&
			    perf_cases[k].ns == perf_cases[i].ns)
				harness = k;
		counts = perf_cases[i].kind == PERF_ARPBAL ||
			perf_cases[i].kind == PERF_SIFT ||
			perf_cases[i].kind == PERF_ND ||
			perf_cases[i].kind == PERF_LOOKUP;
		if (!run[i])
			continue;
		net = cpp[i] - cpp[harness];
		printf("  %-37s %7.1f %7.1f %8.2f %8.1f %8.1f%% %8.1f%%\n",
			perf_cases[i].name, cpp[i], net, cpp[i] / cpp[1],
			base_net > 0 ? net / base_net : 0,
			counts ? 100.0 * res[i].answered / pkts : 0,
			counts ? 100.0 * res[i].limited / pkts : 0);
		if (res[i].untracked > 0)
			printf("    (%" PRIu64 " requests of a run from "
				"untracked sources)\n", res[i].untracked);
	}

	printf("\narpbal_perf: TSC cycles per request in each stage, a run "
		"more with the stages timed\n");
	printf("  (a serialising TSC read ends each stage: \"profiled\" is "
		"that run's total, \"total\" the one above)\n");
	printf("  %-37s", "case");
	for (k = 0; k < ARPBAL_NSTAGES; k++)
		printf(" %8s", arpbal_stage_name(k));
	printf(" %8s %8s %8s\n", "stages", "profiled", "total");
	for (i = 0; i < RTE_DIM(perf_cases); i++) {
		const struct arpbal_profile *pr = &res[i].prof;

		if (!run[i] || pr->requests == 0)
			continue;
		printf("  %-37s", perf_cases[i].name);
		for (k = 0, sum = 0; k < ARPBAL_NSTAGES; k++) {
			printf(" %8.1f", (double)pr->cycles[k] / pr->requests);
			sum += (double)pr->cycles[k] / pr->requests;
		}
		printf(" %8.1f %8.1f %8.1f\n", sum,
			(double)res[i].prof_cycles / pkts, cpp[i]);
	}
	return 0;
}

REGISTER_TEST_COMMAND(arpbal_perf_autotest, test_arpbal_perf);
