/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * libFuzzer target: any bytes as bursts of frames through the balancer's
 * fast path, arpbal_process(), arpbal_sift() and arpbal_nd_process(), on
 * a balancer with IPv4 and IPv6 groups on two ports and vhids in every
 * state; between bursts the input may also move vhids in and out of
 * groups.
 *
 * The input: one byte of knobs (balancing, rate limit, pass to the host,
 * ARP bursts sifted first: arpbal_sift() on the first frame's port, then
 * arpbal_process() on what it hands back, as the app does),
 * then records of a 3-byte header and a frame:
 *   byte 0  frame length (0-255)
 *   byte 1  port (mod ARPBAL_MAX_PORTS + 2: some out of range)
 *   byte 2  bit 0: through arpbal_nd_process(), else arpbal_process()
 *           bit 1: fix the ICMPv6 checksum first (a fuzzer cannot)
 *           bit 2: the frame alone in a buffer of its own length,
 *                  from malloc() (AddressSanitizer sees a byte read or
 *                  written past it; no room for an advertisement)
 *           bit 3: a second segment chained behind it
 *           bit 4: no frame: a group change (vhid join or leave) instead
 *           bit 5: end the burst here
 *           bits 6-7: the vhid arpbal_reader_lookup6() is asked about
 *                  (as if the frame came to that virtual MAC)
 * What comes back must be sane (replies from a MASTER vhid carrying the
 * address, advertisements with a right checksum), so must the choices of
 * arpbal_choose6() and the like for the addresses the frames carry; the
 * counters must add up, and every mbuf must come back to the pool.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mbuf_core.h>
#include <rte_mempool.h>

#include "arpbal.h"

#define NB_MBUFS	1023
#define ICMP6_OFF	(RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv6_hdr))
#define NA_FRAME_LEN	(ICMP6_OFF + 32)
#define NPORTS		2

#define CHECK(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "fuzz_arpbal: %s:%d: %s\n", __FILE__,	\
			__LINE__, #c);					\
		abort();						\
	}								\
} while (0)

static struct rte_mempool *pool;
static struct arpbal *ab;
static struct arpbal_reader *rd;

static const rte_be32_t vip4[] = { RTE_BE32(0xc000020a),
	RTE_BE32(0xc0000214), RTE_BE32(0x0a000001) };
static const uint8_t vip6[][16] = {
	{ 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 },
	{ 0x20, 0x01, 0x0d, 0xb8, [15] = 0x20 },
	{ 0xfe, 0x80, [15] = 0x01 },
};
/* Groups (vhid bitmaps over 1..6) and states of the start, per port. */
static const uint8_t groups[NPORTS][3] = { { 0x02, 0x0e, 0x30 },
	{ 0x10, 0x06, 0x02 } };
static const uint8_t states[NPORTS][7] = {
	{ 0, ARPBAL_STATE_MASTER, ARPBAL_STATE_BACKUP, ARPBAL_STATE_MASTER,
	  ARPBAL_STATE_INIT, ARPBAL_STATE_MASTER, ARPBAL_STATE_BACKUP },
	{ 0, ARPBAL_STATE_BACKUP, ARPBAL_STATE_MASTER, ARPBAL_STATE_INIT,
	  ARPBAL_STATE_MASTER, ARPBAL_STATE_BACKUP, ARPBAL_STATE_MASTER },
};

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char prefix[64];
	char *eal[] = { (*argv)[0], "-l", "0", "--no-huge", "-m", "128",
		"--no-pci", "--no-telemetry", "--log-level", "*:critical",
		prefix, NULL };
	struct arpbal_params p = {
		.name = "fuzz_ab",
		.max_addrs = 8,
		.max_readers = 1,
		.max_sources = 16,	/* small: the overflow bucket too */
		.socket_id = 0,
	};
	unsigned int port, a, v;

	RTE_SET_USED(argc);
	snprintf(prefix, sizeof(prefix), "--file-prefix=fuzz-arpbal-%d",
		(int)getpid());
	CHECK(rte_eal_init((int)RTE_DIM(eal) - 1, eal) >= 0);
	pool = rte_pktmbuf_pool_create("fuzz_mbufs", NB_MBUFS, 0, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	p.socket_id = (int)rte_socket_id();
	ab = arpbal_create(&p);
	CHECK(pool != NULL && ab != NULL);
	rd = arpbal_reader_create(ab, 0, p.socket_id);
	CHECK(rd != NULL);
	/* This thread writes too: changes wait for no one but it. */
	arpbal_writer_reads(ab, rd);
	for (port = 0; port < NPORTS; port++) {
		for (v = 1; v <= 6; v++)
			arpbal_state_set(ab, (uint16_t)port, (uint8_t)v,
				(enum arpbal_state)states[port][v]);
		for (a = 0; a < 3; a++)
			for (v = 1; v <= 6; v++)
				if (groups[port][a] & (1u << v)) {
					CHECK(arpbal_group_join(ab,
						(uint16_t)port, vip4[a],
						(uint8_t)v) == 0);
					CHECK(arpbal_group6_join(ab,
						(uint16_t)port, vip6[a],
						(uint8_t)v) == 0);
				}
	}
	arpbal_reader_online(rd);
	return 0;
}

/* The vhid's virtual MAC and state agree with an answer from it. */
static void
check_vhid(uint16_t port, const struct rte_ether_addr *src, uint8_t *vhid)
{
	static const uint8_t prefix[5] = { 0x00, 0x00, 0x5e, 0x00, 0x01 };

	CHECK(memcmp(src->addr_bytes, prefix, 5) == 0);
	*vhid = src->addr_bytes[5];
	CHECK(arpbal_vhid_master(ab, port, *vhid));
}

/* The vhids of a group contain vhid. */
static bool
carries(const uint8_t *vhids, unsigned int n, uint8_t vhid)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (vhids[i] == vhid)
			return true;
	return false;
}

static void
check_na(const struct rte_mbuf *m)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m,
		const struct rte_ether_hdr *);
	const struct rte_ipv6_hdr *ip = (const struct rte_ipv6_hdr *)(eth + 1);
	const uint8_t *icmp = (const uint8_t *)(ip + 1);
	uint8_t vhids[256], vhid;
	unsigned int n;
	uint32_t sum;

	CHECK(m->nb_segs == 1 && m->data_len == NA_FRAME_LEN &&
		m->pkt_len == NA_FRAME_LEN);
	CHECK(ip->payload_len == RTE_BE16(32) && ip->proto == 58 &&
		ip->hop_limits == 255);
	CHECK(icmp[0] == 136 && icmp[1] == 0);
	CHECK(memcmp(ip->src_addr, icmp + 8, 16) == 0);
	sum = (uint32_t)rte_ipv6_phdr_cksum(ip, 0) + rte_raw_cksum(icmp, 32);
	sum = (sum & 0xffff) + (sum >> 16);
	CHECK(sum == 0xffff);
	check_vhid(m->port, &eth->src_addr, &vhid);
	CHECK(icmp[24] == 2 && icmp[25] == 1 &&
		memcmp(icmp + 26, &eth->src_addr, 6) == 0);
	CHECK(arpbal_group6_get(ab, m->port, ip->src_addr, vhids, &n) == 0);
	CHECK(carries(vhids, n, vhid));
	CHECK(!rte_is_multicast_ether_addr(&eth->dst_addr) ||
		(icmp[4] == 0x20 && ip->dst_addr[0] == 0xff));
}

static void
check_arp(const struct rte_mbuf *m)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m,
		const struct rte_ether_hdr *);
	const uint8_t *arp = (const uint8_t *)(eth + 1);
	uint8_t vhids[256], vhid;
	rte_be32_t sip;
	unsigned int n;

	CHECK(arp[7] == 2);	/* opcode: reply */
	check_vhid(m->port, &eth->src_addr, &vhid);
	CHECK(memcmp(arp + 8, &eth->src_addr, 6) == 0);
	memcpy(&sip, arp + 14, 4);
	CHECK(arpbal_group_get(ab, m->port, sip, vhids, &n) == 0);
	CHECK(carries(vhids, n, vhid));
}

/* A choice for traffic about addr: a MASTER vhid that carries it. */
static void
check_choice(struct arpbal_choice c, uint16_t port, const uint8_t addr[16])
{
	uint8_t vhids[256];
	unsigned int n;

	if (c.verdict == ARPBAL_NOT_SHARED) {
		CHECK(arpbal_group6_get(ab, port, addr, vhids, &n) != 0);
		return;
	}
	CHECK(arpbal_group6_get(ab, port, addr, vhids, &n) == 0);
	if (c.verdict == ARPBAL_ANSWERED) {
		CHECK(arpbal_vhid_master(ab, port, c.vhid));
		CHECK(carries(vhids, n, c.vhid));
	} else {
		CHECK(c.verdict == ARPBAL_NOT_MASTER);
	}
}

/* The IPv6 helpers on the addresses of a frame (target, destination,
 * source), before the fast path rewrites it.
 */
static void
probe6(const struct rte_mbuf *m, uint8_t flags)
{
	const struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod_offset(m,
		const struct rte_ipv6_hdr *, RTE_ETHER_HDR_LEN);
	const uint8_t *target = (const uint8_t *)(ip + 1) + 8;
	uint16_t port = m->port;

	if (m->data_len < ICMP6_OFF + 24)
		return;
	check_choice(arpbal_choose6(ab, port, target, ip->src_addr), port,
		target);
	check_choice(arpbal_egress6(ab, port, ip->dst_addr, ip->src_addr),
		port, ip->dst_addr);
	check_choice(arpbal_reader_lookup6(rd, port, target, ip->src_addr,
		flags >> 6), port, target);
}

/* Put the right ICMPv6 checksum into a frame that has room for one. */
static void
fix_cksum(struct rte_mbuf *m)
{
	struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod_offset(m,
		struct rte_ipv6_hdr *, RTE_ETHER_HDR_LEN);
	uint8_t *icmp = (uint8_t *)(ip + 1);
	uint32_t plen;
	uint16_t ck;

	/* ICMPv6 only: rte_ipv6_phdr_cksum() shifts the next header into
	 * an int's sign bit beyond 127.
	 */
	if (m->data_len < ICMP6_OFF + 4 || ip->proto != 58)
		return;
	plen = rte_be_to_cpu_16(ip->payload_len);
	if (plen < 4 || ICMP6_OFF + plen > m->data_len)
		return;
	memset(icmp + 2, 0, 2);
	ck = rte_ipv6_udptcp_cksum(ip, icmp);
	memcpy(icmp + 2, &ck, 2);
}

static void
ext_free(void *addr, void *opaque)
{
	free(addr);
	free(opaque);
}

/* m's data in a buffer of exactly len bytes from malloc(). */
static void
ext_attach(struct rte_mbuf *m, size_t len)
{
	struct rte_mbuf_ext_shared_info *sh = calloc(1, sizeof(*sh));
	void *buf = malloc(len > 0 ? len : 1);

	CHECK(sh != NULL && buf != NULL);
	sh->free_cb = ext_free;
	sh->fcb_opaque = sh;
	rte_mbuf_ext_refcnt_set(sh, 1);
	rte_pktmbuf_attach_extbuf(m, buf, (rte_iova_t)(uintptr_t)buf,
		(uint16_t)len, sh);
}

static struct rte_mbuf *
frame(const uint8_t *b, size_t len, uint16_t port, uint8_t flags)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool), *m2;

	CHECK(m != NULL);
	if (flags & 4)
		ext_attach(m, len);
	memcpy(rte_pktmbuf_mtod(m, void *), b, len);
	m->data_len = (uint16_t)len;
	m->pkt_len = (uint32_t)len;
	m->port = port;
	if (flags & 2)
		fix_cksum(m);
	if ((flags & 1) && port < ARPBAL_MAX_PORTS)
		probe6(m, flags);
	if (flags & 8) {
		m2 = rte_pktmbuf_alloc(pool);
		CHECK(m2 != NULL);
		CHECK(rte_pktmbuf_append(m2, 16) != NULL);
		CHECK(rte_pktmbuf_chain(m, m2) == 0);
	}
	return m;
}

/* A sifted burst: its replies are checked, what arpbal_sift() hands back
 * (requests for vip4[2], kept as if the port's own, among it) goes on to
 * arpbal_process(). pkts has room for ARPBAL_SIFT_AHEAD more.
 */
static uint16_t
sift(struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t i, nr, nrest = 0, port = pkts[0]->port;

	for (i = 0; i < ARPBAL_SIFT_AHEAD; i++)
		pkts[n + i] = pkts[n - 1];
	nr = arpbal_sift(rd, port, vip4[2], pkts, n,
		pkts + n + ARPBAL_SIFT_AHEAD, &nrest);
	CHECK(nr + nrest <= n);
	for (i = 0; i < nr; i++) {
		CHECK(pkts[i]->port == port);
		check_arp(pkts[i]);
	}
	for (i = 0; i < nrest; i++)
		CHECK(pkts[n + ARPBAL_SIFT_AHEAD + i]->port == port);
	rte_pktmbuf_free_bulk(pkts, nr);
	memmove(pkts, pkts + n + ARPBAL_SIFT_AHEAD, nrest * sizeof(*pkts));
	return nrest;
}

static void
run(struct rte_mbuf **pkts, uint16_t n, bool nd, bool to_host, bool sifted)
{
	struct rte_mbuf *pass[ARPBAL_BURST_MAX];
	uint16_t i, nr, np = 0;

	if (n > 0 && !nd && sifted)
		n = sift(pkts, n);
	if (n == 0)
		return;
	if (nd)
		nr = arpbal_nd_process(rd, pkts, n, to_host ? pass : NULL,
			&np);
	else
		nr = arpbal_process(rd, pkts, n, to_host ? pass : NULL, &np);
	CHECK(nr + np <= n);
	for (i = 0; i < nr; i++) {
		if (nd)
			check_na(pkts[i]);
		else
			check_arp(pkts[i]);
	}
	rte_pktmbuf_free_bulk(pkts, nr);
	rte_pktmbuf_free_bulk(pass, np);
}

/* A group change: vhid (1..6) joins or leaves one of the addresses. */
static void
change(uint8_t len, uint8_t port, bool v6)
{
	uint16_t p = port % NPORTS;
	unsigned int a = len % 3;
	uint8_t vhid = (uint8_t)(1 + (len >> 2) % 6);
	int ret;

	if (len & 0x80)
		ret = v6 ? arpbal_group6_leave(ab, p, vip6[a], vhid) :
			arpbal_group_leave(ab, p, vip4[a], vhid);
	else
		ret = v6 ? arpbal_group6_join(ab, p, vip6[a], vhid) :
			arpbal_group_join(ab, p, vip4[a], vhid);
	CHECK(ret == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* ARP's room for a sift: the prefetched, then what it hands back. */
	struct rte_mbuf *arp[2 * ARPBAL_BURST_MAX + ARPBAL_SIFT_AHEAD];
	struct rte_mbuf *nd[ARPBAL_BURST_MAX];
	unsigned int avail = rte_mempool_avail_count(pool);
	struct arpbal_stats st;
	uint64_t sum;
	uint16_t narp = 0, nnd = 0;
	uint8_t len, port, flags;
	bool to_host = false, sifted = false;
	size_t off = 1;
	unsigned int k;

	if (size > 0) {
		arpbal_balance_set(ab, data[0] & 1);
		arpbal_rate_set(ab, data[0] & 2 ? 3 : 0);
		to_host = data[0] & 4;
		sifted = data[0] & 8;
	}
	while (off + 3 <= size) {
		len = data[off];
		port = data[off + 1];
		flags = data[off + 2];
		off += 3;
		if (flags & 0x10) {
			change(len, port, flags & 1);
		} else {
			if (len > size - off)
				len = (uint8_t)(size - off);
			if (flags & 1)
				nd[nnd++] = frame(data + off, len,
					port % (ARPBAL_MAX_PORTS + 2), flags);
			else
				arp[narp++] = frame(data + off, len,
					port % (ARPBAL_MAX_PORTS + 2), flags);
			off += len;
		}
		if ((flags & 0x20) || narp == ARPBAL_BURST_MAX ||
		    nnd == ARPBAL_BURST_MAX) {
			run(arp, narp, false, to_host, sifted);
			run(nd, nnd, true, to_host, sifted);
			narp = nnd = 0;
			arpbal_reader_quiescent(rd);
		}
	}
	run(arp, narp, false, to_host, sifted);
	run(nd, nnd, true, to_host, sifted);
	arpbal_reader_quiescent(rd);
	arpbal_reclaim(ab);

	CHECK(rte_mempool_avail_count(pool) == avail);
	arpbal_stats_get(ab, rd, &st);
	sum = st.v[ARPBAL_STAT_NOT_SHARED] + st.v[ARPBAL_STAT_MALFORMED] +
		st.v[ARPBAL_STAT_PASSED] + st.v[ARPBAL_STAT_BAD_SENDER] +
		st.v[ARPBAL_STAT_SENDER_VIP] + st.v[ARPBAL_STAT_ND_NO_ROOM];
	for (k = 0; k < ARPBAL_NVERDICTS; k++)
		sum += st.v[ARPBAL_STAT_OF(k)];
	CHECK(sum == st.v[ARPBAL_STAT_REQUESTS] +
		st.v[ARPBAL_STAT_ND_REQUESTS]);
	return 0;
}
