/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * arpbal_autotest: lib/arpbal against real ARP requests in mbufs. What each
 * request deserves is worked out here from lib/carp/PROTOCOL.md §5 with code of
 * its own (a vhid bitmap rather than a sort, raw byte offsets rather than the
 * rte_arp structures), so that a wrong rule in the library cannot agree
 * with itself; a few answers are literals worked out by hand.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_ip.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_pause.h>
#include <rte_random.h>

#include "arpbal.h"
#include "arpbal_fixture.h"

#include "test.h"

/* Byte offsets in an Ethernet/IPv4 ARP frame (RFC 826). */
#define OFF_DST		0
#define OFF_SRC		6
#define OFF_TYPE	12
#define OFF_HRD		14
#define OFF_PRO		16
#define OFF_HLN		18
#define OFF_PLN		19
#define OFF_OP		20
#define OFF_SHA		22
#define OFF_SPA		28
#define OFF_THA		32
#define OFF_TPA		38
#define ARP_FRAME_LEN	42
/* ARP arrives padded to the Ethernet minimum. The padding is a pattern
 * rather than zeros, so that a write past the ARP header shows.
 */
#define FRAME_LEN	60
#define PAD_BYTE	0xa5

#define INIT	ARPBAL_STATE_INIT
#define BACKUP	ARPBAL_STATE_BACKUP
#define MASTER	ARPBAL_STATE_MASTER

/* Not port 0: a port mix-up in the library must show. */
#define OTHER_PORT	4
#define BURST		32u
#define NB_MBUFS	4095
#define NB_SOURCES	1000
#define SEED		0x5eedcafeULL

#define VIP_A		RTE_IPV4(192, 0, 2, 10)
#define VIP_B		RTE_IPV4(192, 0, 2, 20)
#define VIP_OTHER_NET	RTE_IPV4(198, 51, 100, 7)
#define NOT_VIP		RTE_IPV4(192, 0, 2, 99)
/* What arpbal_sift() is told to hand back: the caller's own address. */
#define KEEP		RTE_IPV4(192, 0, 2, 2)

/* The two groups of the balancing cases, unsorted and with duplicates. */
static const uint8_t grp12[] = { 2, 1, 2 };
static const uint8_t grp1235[] = { 5, 3, 1, 2, 3, 5, 1 };


/* One CARP host's balancer, with the states it published. */

static inline rte_be32_t
be(uint32_t a)
{
	return rte_cpu_to_be_32(a);
}

/* The requester's MAC follows from its address: 02:5a:a.b.c.d. */
static void
requester_mac(rte_be32_t sip, uint8_t mac[RTE_ETHER_ADDR_LEN])
{
	mac[0] = 0x02;
	mac[1] = 0x5a;
	memcpy(mac + 2, &sip, 4);
}

/* 00:00:5e:00:01:VHID, the virtual MAC of lib/carp/PROTOCOL.md §5.1. */
static void
vmac(uint8_t vhid, uint8_t mac[RTE_ETHER_ADDR_LEN])
{
	static const uint8_t prefix[5] = { 0x00, 0x00, 0x5e, 0x00, 0x01 };

	memcpy(mac, prefix, sizeof(prefix));
	mac[5] = vhid;
}

/* A broadcast ARP request from sip for tip, as a host sends it. */
static struct rte_mbuf *
arp_request(rte_be32_t sip, rte_be32_t tip)
{
	uint8_t mac[RTE_ETHER_ADDR_LEN];
	struct rte_mbuf *m;
	uint8_t *p;

	m = rte_pktmbuf_alloc(pool);
	if (m == NULL)
		return NULL;
	p = (uint8_t *)rte_pktmbuf_append(m, FRAME_LEN);
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	requester_mac(sip, mac);
	memset(p, PAD_BYTE, FRAME_LEN);
	memset(p + OFF_DST, 0xff, RTE_ETHER_ADDR_LEN);
	memcpy(p + OFF_SRC, mac, RTE_ETHER_ADDR_LEN);
	put16(p + OFF_TYPE, 0x0806);
	put16(p + OFF_HRD, 1);
	put16(p + OFF_PRO, 0x0800);
	p[OFF_HLN] = 6;
	p[OFF_PLN] = 4;
	put16(p + OFF_OP, 1);
	memcpy(p + OFF_SHA, mac, RTE_ETHER_ADDR_LEN);
	memcpy(p + OFF_SPA, &sip, 4);
	memset(p + OFF_THA, 0, RTE_ETHER_ADDR_LEN);
	memcpy(p + OFF_TPA, &tip, 4);
	return m;
}

/* The reply vhid must send for the request from sip for vip, in place. */
static int
check_reply(const struct rte_mbuf *m, uint8_t vhid, rte_be32_t vip,
		rte_be32_t sip)
{
	uint8_t want[FRAME_LEN], mac[RTE_ETHER_ADDR_LEN];
	uint8_t vm[RTE_ETHER_ADDR_LEN];

	requester_mac(sip, mac);
	vmac(vhid, vm);
	memset(want, PAD_BYTE, sizeof(want));
	memcpy(want + OFF_DST, mac, RTE_ETHER_ADDR_LEN);
	memcpy(want + OFF_SRC, vm, RTE_ETHER_ADDR_LEN);
	put16(want + OFF_TYPE, 0x0806);
	put16(want + OFF_HRD, 1);
	put16(want + OFF_PRO, 0x0800);
	want[OFF_HLN] = 6;
	want[OFF_PLN] = 4;
	put16(want + OFF_OP, 2);
	memcpy(want + OFF_SHA, vm, RTE_ETHER_ADDR_LEN);
	memcpy(want + OFF_SPA, &vip, 4);
	memcpy(want + OFF_THA, mac, RTE_ETHER_ADDR_LEN);
	memcpy(want + OFF_TPA, &sip, 4);

	TEST_ASSERT_EQUAL(m->data_len, FRAME_LEN, "reply length");
	TEST_ASSERT_EQUAL(m->pkt_len, FRAME_LEN, "reply length");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(rte_pktmbuf_mtod(m, const uint8_t *),
		want, FRAME_LEN, "reply of vhid %u for %08x to %08x", vhid,
		rte_be_to_cpu_32(vip), rte_be_to_cpu_32(sip));
	return TEST_SUCCESS;
}

/* What the cases ask of arpbal_choose(): the vhid that answers (0 if this
 * host stays silent), and whether addr is a virtual address at all.
 */
static uint8_t
choose(const struct arpbal *ab, uint16_t port, rte_be32_t addr,
		rte_be32_t sip, bool *shared)
{
	struct arpbal_choice c = arpbal_choose(ab, port, addr, sip);

	*shared = c.verdict != ARPBAL_NOT_SHARED;
	return c.verdict == ARPBAL_ANSWERED ? c.vhid : 0;
}

/* A random requester: any address a host may have (not 0/8, loopback,
 * multicast or above: the balancer drops requests from those).
 */
static rte_be32_t
rand_source(void)
{
	uint32_t a;

	do {
		a = (uint32_t)rte_rand();
	} while ((a >> 24) == 0 || (a >> 24) == 127 || (a >> 24) >= 224);
	return rte_cpu_to_be_32(a);
}

/*
 * Whether host_process() sifts: arpbal_sift() on the burst as it came,
 * then arpbal_process() on what it handed back, as the app's workers do
 * with a plain port's burst; every case must come out the same.
 */
static bool sift_mode;

/* arpbal_sift() and arpbal_process() after it, into pkts (of n). */
static uint16_t
sift_process(struct arpbal_reader *r, uint16_t port, struct rte_mbuf **pkts,
		uint16_t n)
{
	struct rte_mbuf *in[ARPBAL_BURST_MAX + ARPBAL_SIFT_AHEAD];
	struct rte_mbuf *rest[ARPBAL_BURST_MAX];
	uint16_t i, nr, nrest = 0;

	if (n == 0 || n > ARPBAL_BURST_MAX)
		return arpbal_process(r, pkts, n, NULL, NULL);
	memcpy(in, pkts, n * sizeof(*pkts));
	for (i = 0; i < ARPBAL_SIFT_AHEAD; i++)
		in[n + i] = pkts[n - 1];
	nr = arpbal_sift(r, port, be(KEEP), in, n, rest, &nrest);
	memcpy(pkts, in, nr * sizeof(*pkts));
	/* What comes back is never to be answered: a reply from it is
	 * one that the sift should have made, and left out of pkts, the
	 * case fails.
	 */
	i = nrest > 0 ? arpbal_process(r, rest, nrest, NULL, NULL) : 0;
	if (i > 0) {
		printf("  %u request(s) handed back by arpbal_sift() answered\n",
			i);
		rte_pktmbuf_free_bulk(rest, i);
	}
	return nr;
}

/*
 * The reader is online only while it reads: this thread is the writer
 * too, and a writer waiting for itself to pass a quiescent state would
 * wait forever.
 */
static uint16_t
host_process(struct host *h, uint16_t port, struct rte_mbuf **pkts,
		uint16_t n)
{
	uint16_t nr;

	for (nr = 0; nr < n; nr++)
		pkts[nr]->port = port;
	arpbal_reader_online(h->r);
	if (sift_mode)
		nr = sift_process(h->r, port, pkts, n);
	else
		nr = arpbal_process(h->r, pkts, n, NULL, NULL);
	arpbal_reader_quiescent(h->r);
	arpbal_reader_offline(h->r);
	return nr;
}

/*
 * lib/carp/PROTOCOL.md §5.3 (and 5.1 with balancing off) for a request from sip
 * to an address carried by vhids[] (any order, duplicates): the vhid whose
 * turn it is, 0 if none; *answer tells whether it is MASTER here.
 */
static uint8_t
model_choose(const struct host *h, const uint8_t *vhids, unsigned int n,
		rte_be32_t sip, bool *answer)
{
	bool carried[256] = { false };
	uint8_t running[256];
	unsigned int i, nrun = 0;
	uint8_t v;

	*answer = false;
	for (i = 0; i < n; i++)
		carried[vhids[i]] = true;
	if (!h->balance) {
		for (i = 1; i < 256; i++)
			if (carried[i] && h->state[i] == MASTER) {
				*answer = true;
				return (uint8_t)i;
			}
		return 0;
	}
	for (i = 1; i < 256; i++)
		if (carried[i] && h->state[i] != INIT)
			running[nrun++] = (uint8_t)i;
	if (nrun == 0)
		return 0;
	v = running[rte_be_to_cpu_32(sip) % nrun];
	*answer = h->state[v] == MASTER;
	return v;
}

/*
 * Match the replies at the front of pkts[0..nr) to the requests in[]:
 * each must be one of them, once. reply[i] becomes the reply to in[i].
 */
static int
match_replies(struct rte_mbuf *const *in, uint16_t n,
		struct rte_mbuf *const *pkts, uint16_t nr,
		struct rte_mbuf **reply)
{
	uint16_t i, k;

	TEST_ASSERT(nr <= n, "%u replies to %u requests", nr, n);
	memset(reply, 0, n * sizeof(*reply));
	for (k = 0; k < nr; k++) {
		for (i = 0; i < n && in[i] != pkts[k]; i++)
			;
		TEST_ASSERT(i < n, "reply %u is no request's mbuf", k);
		TEST_ASSERT_NULL(reply[i], "request %u answered twice", i);
		reply[i] = pkts[k];
	}
	return TEST_SUCCESS;
}

static int
check_burst(const rte_be32_t *sip, const rte_be32_t *tip,
		const uint8_t *want, uint16_t n, struct rte_mbuf *const *reply)
{
	uint16_t i;

	for (i = 0; i < n; i++) {
		if (want[i] == 0) {
			TEST_ASSERT_NULL(reply[i],
				"request %u from %08x for %08x answered", i,
				rte_be_to_cpu_32(sip[i]),
				rte_be_to_cpu_32(tip[i]));
			continue;
		}
		TEST_ASSERT_NOT_NULL(reply[i],
			"request %u from %08x for %08x not answered (vhid %u)",
			i, rte_be_to_cpu_32(sip[i]), rte_be_to_cpu_32(tip[i]),
			want[i]);
		if (check_reply(reply[i], want[i], tip[i], sip[i]) != 0)
			return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

/*
 * One burst on port: request i from sip[i] for tip[i]; want[i] is the vhid
 * that must answer it, 0 for none. The replies must be requests' own
 * mbufs, at the front, each once, and byte for byte right; they are freed.
 */
static int
run_burst(struct host *h, uint16_t port, const rte_be32_t *sip,
		const rte_be32_t *tip, const uint8_t *want, uint16_t n)
{
	struct rte_mbuf *in[ARPBAL_BURST_MAX], *pkts[ARPBAL_BURST_MAX];
	struct rte_mbuf *reply[ARPBAL_BURST_MAX];
	uint16_t i, nr, nwant = 0;
	int ret;

	for (i = 0; i < n; i++) {
		in[i] = arp_request(sip[i], tip[i]);
		if (in[i] == NULL) {
			rte_pktmbuf_free_bulk(in, i);
			TEST_ASSERT(false, "out of mbufs");
		}
		pkts[i] = in[i];
		nwant += want[i] != 0;
	}
	nr = host_process(h, port, pkts, n);
	ret = match_replies(in, n, pkts, nr, reply);
	if (ret == TEST_SUCCESS)
		ret = check_burst(sip, tip, want, n, reply);
	if (ret == TEST_SUCCESS && nr != nwant) {
		printf("  %u replies, expected %u\n", nr, nwant);
		ret = TEST_FAILED;
	}
	rte_pktmbuf_free_bulk(pkts, RTE_MIN(nr, n));
	return ret;
}

/* n requests from one source for one address, all expecting want. */
static int
run_same(struct host *h, uint16_t port, uint32_t sip, uint32_t tip,
		uint8_t want, uint16_t n)
{
	rte_be32_t s[ARPBAL_BURST_MAX], t[ARPBAL_BURST_MAX];
	uint8_t w[ARPBAL_BURST_MAX];
	uint16_t i;

	for (i = 0; i < n; i++) {
		s[i] = be(sip);
		t[i] = be(tip);
		w[i] = want;
	}
	return run_burst(h, port, s, t, w, n);
}

/* Every request is accounted for exactly once. */
static int
check_stats_sum(const struct arpbal_stats *st)
{
	uint64_t sum = st->v[ARPBAL_STAT_NOT_SHARED] +
		st->v[ARPBAL_STAT_MALFORMED] + st->v[ARPBAL_STAT_PASSED] +
		st->v[ARPBAL_STAT_BAD_SENDER] + st->v[ARPBAL_STAT_SENDER_VIP];
	unsigned int k;

	for (k = 0; k < ARPBAL_NVERDICTS; k++)
		sum += st->v[ARPBAL_STAT_OF(k)];
	TEST_ASSERT_EQUAL(sum, st->v[ARPBAL_STAT_REQUESTS],
		"every request counted once");
	return TEST_SUCCESS;
}

static int
case_setup(void)
{
	mbufs0 = rte_mempool_avail_count(pool);
	rte_srand(SEED);
	if (host_init(&h0, 64, 1024) != 0) {
		printf("  cannot create the balancer\n");
		return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

/* ---- one vhid per address (lib/carp/PROTOCOL.md §5.1) ---- */

static int
test_single_master(void)
{
	static const uint8_t v7 = 7;
	struct arpbal_stats st;
	uint64_t verdict[ARPBAL_NVERDICTS];
	struct rte_mbuf *m, *pkts[1];
	rte_be32_t s[3], t[3];
	uint8_t w[3];
	uint16_t i;
	int ret;

	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v7, 1),
		"group");
	host_state(&h0, 7, MASTER);
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, RTE_IPV4(192, 0, 2, 1),
		VIP_A, 7, 1), "one request");

	/* Relayed by a bridge with a MAC of its own: the reply goes to the
	 * requester's hardware address, not the frame's source.
	 */
	m = arp_request(be(RTE_IPV4(192, 0, 2, 2)), be(VIP_A));
	TEST_ASSERT_NOT_NULL(m, "out of mbufs");
	memset(rte_pktmbuf_mtod(m, uint8_t *) + OFF_SRC, 0x0e,
		RTE_ETHER_ADDR_LEN);
	pkts[0] = m;
	TEST_ASSERT_EQUAL(host_process(&h0, PORT, pkts, 1), 1, "relayed");
	ret = check_reply(m, 7, be(VIP_A), be(RTE_IPV4(192, 0, 2, 2)));
	rte_pktmbuf_free(m);
	TEST_ASSERT_SUCCESS(ret, "relayed");

	/* Balancing changes nothing for a single vhid. */
	host_balance(&h0, true);
	for (i = 0; i < 3; i++) {
		s[i] = be(RTE_IPV4(198, 51, 100, 1 + i));
		t[i] = be(VIP_A);
		w[i] = 7;
	}
	TEST_ASSERT_SUCCESS(run_burst(&h0, PORT, s, t, w, 3), "balanced");

	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_REQUESTS], 5, "requests");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 5, "answered");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_MASTER], 0, "not master");
	TEST_ASSERT_SUCCESS(arpbal_group_stats(h0.ab, PORT, be(VIP_A),
		verdict), "group stats");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], 5, "group answered");
	arpbal_vhid_stats(h0.ab, PORT, 7, verdict);
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], 5, "vhid 7 answered");
	TEST_ASSERT(arpbal_vhid_master(h0.ab, PORT, 7), "vhid 7 master");
	TEST_ASSERT(!arpbal_vhid_master(h0.ab, OTHER_PORT, 7),
		"vhid 7 on another port");
	return mbufs_back();
}

/*
 * A profiled burst (arpbal_profile()) goes through the same steps one at
 * a time: the same replies and counters, and its cycles and requests
 * counted while on, not after.
 */
static int
test_profile(void)
{
	static const uint8_t v7 = 7;
	struct arpbal_profile p, q;
	struct arpbal_stats st;
	struct rte_mbuf *pkts[3];
	uint64_t sum;
	unsigned int k;
	uint16_t i, nr;
	int ret = 0;

	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v7, 1),
		"group");
	host_state(&h0, 7, MASTER);
	arpbal_profile(h0.ab, true);
	TEST_ASSERT(arpbal_profiling(h0.ab), "profiling");
	for (i = 0; i < 3; i++) {
		/* Two for the virtual address, one for another. */
		pkts[i] = arp_request(be(RTE_IPV4(192, 0, 2, 1 + i)),
			be(i < 2 ? VIP_A : VIP_B));
		TEST_ASSERT_NOT_NULL(pkts[i], "out of mbufs");
	}
	nr = host_process(&h0, PORT, pkts, 3);
	for (i = 0; i < nr && ret == 0; i++)
		ret = check_reply(pkts[i], 7, be(VIP_A),
			be(RTE_IPV4(192, 0, 2, 1 + i)));
	rte_pktmbuf_free_bulk(pkts, nr);
	TEST_ASSERT_EQUAL(nr, 2, "replies while profiled");
	TEST_ASSERT_SUCCESS(ret, "reply while profiled");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 2, "answered");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_SHARED], 1, "not shared");
	arpbal_profile_get(h0.ab, &p);
	TEST_ASSERT_EQUAL(p.bursts, 1, "bursts profiled");
	TEST_ASSERT_EQUAL(p.requests, 3, "requests profiled");
	for (k = 0, sum = 0; k < ARPBAL_NSTAGES; k++)
		sum += p.cycles[k];
	TEST_ASSERT(sum > 0 && p.cycles[ARPBAL_STAGE_CLASSIFY] > 0 &&
		p.cycles[ARPBAL_STAGE_REPLY] > 0, "cycles counted");

	/* Stopped: the sums stay, and grow no more. */
	arpbal_profile(h0.ab, false);
	pkts[0] = arp_request(be(RTE_IPV4(192, 0, 2, 9)), be(VIP_A));
	TEST_ASSERT_NOT_NULL(pkts[0], "out of mbufs");
	nr = host_process(&h0, PORT, pkts, 1);
	rte_pktmbuf_free_bulk(pkts, nr);
	TEST_ASSERT_EQUAL(nr, 1, "reply after");
	arpbal_profile_get(h0.ab, &q);
	TEST_ASSERT(!arpbal_profiling(h0.ab), "stopped");
	TEST_ASSERT(memcmp(&p, &q, sizeof(p)) == 0, "profile after stop");
	for (k = 0; k < ARPBAL_NSTAGES; k++)
		TEST_ASSERT_NOT_NULL(arpbal_stage_name(k), "stage name");
	TEST_ASSERT_NULL(arpbal_stage_name(ARPBAL_NSTAGES), "no stage");
	return mbufs_back();
}

/*
 * Requests dropped while another holds one of them (a frame shared with
 * the control lcore): the shared one is released, not put back in the
 * pool under its other holder, and the others go back.
 */
static int
test_drop_shared(void)
{
	static const uint8_t v1 = 1;
	struct rte_mbuf *pkts[4], *held;
	unsigned int i;

	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v1, 1),
		"group");
	host_state(&h0, 1, BACKUP);
	for (i = 0; i < RTE_DIM(pkts); i++) {
		pkts[i] = arp_request(be(RTE_IPV4(192, 0, 2, 1 + i)),
			be(VIP_A));
		TEST_ASSERT_NOT_NULL(pkts[i], "out of mbufs");
	}
	held = pkts[2];
	rte_mbuf_refcnt_update(held, 1);
	TEST_ASSERT_EQUAL(host_process(&h0, PORT, pkts, RTE_DIM(pkts)), 0,
		"a BACKUP answers nothing");
	TEST_ASSERT_EQUAL(rte_mbuf_refcnt_read(held), 1,
		"the shared frame released once");
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(held->pool) + 1,
		mbufs0, "the other three back in the pool");
	rte_pktmbuf_free(held);
	return mbufs_back();
}

static int
test_single_backup_init(void)
{
	static const uint8_t v7 = 7;
	static const uint8_t states[] = { BACKUP, INIT, MASTER, BACKUP };
	uint64_t verdict[ARPBAL_NVERDICTS];
	struct arpbal_stats st;
	unsigned int k, pass, answered = 0, dropped = 0;
	bool on;

	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v7, 1),
		"group");
	for (pass = 0; pass < 2; pass++) {
		on = pass == 1;
		host_balance(&h0, on);
		for (k = 0; k < RTE_DIM(states); k++) {
			host_state(&h0, 7, states[k]);
			TEST_ASSERT_SUCCESS(run_same(&h0, PORT,
				RTE_IPV4(192, 0, 2, 1), VIP_A,
				states[k] == MASTER ? 7 : 0, 5),
				"state %u, balance %d", states[k], on);
			if (states[k] == MASTER)
				answered += 5;
			else
				dropped += 5;
		}
	}
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], answered, "answered");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_MASTER], dropped,
		"not master");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_RATE_LIMITED], 0, "limited");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_SHARED] + st.v[ARPBAL_STAT_MALFORMED], 0, "others");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	arpbal_vhid_stats(h0.ab, PORT, 7, verdict);
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], answered, "vhid answered");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_NOT_MASTER], dropped,
		"vhid not master");
	return mbufs_back();
}

/* VIP_A carried by vhid 1 in state1, VIP_B by vhid 2 in state2. */
static int
two_groups(uint8_t state1, uint8_t state2)
{
	static const uint8_t v1 = 1, v2 = 2;

	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v1, 1),
		"group A");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_B), &v2, 1),
		"group B");
	host_state(&h0, 1, state1);
	host_state(&h0, 2, state2);
	return TEST_SUCCESS;
}

/* Replies first, in place; everything else freed and counted. */
static int
test_mixed_burst(void)
{
	const rte_be32_t s[6] = {
		be(RTE_IPV4(10, 1, 0, 1)), be(RTE_IPV4(10, 1, 0, 2)),
		be(RTE_IPV4(10, 1, 0, 3)), be(RTE_IPV4(10, 1, 0, 4)),
		be(RTE_IPV4(10, 1, 0, 5)), be(RTE_IPV4(10, 1, 0, 6)),
	};
	const rte_be32_t t[6] = {
		be(NOT_VIP), be(VIP_B), be(VIP_A), be(NOT_VIP), be(VIP_B),
		be(VIP_A),
	};
	const uint8_t w[6] = { 0, 0, 1, 0, 0, 1 };
	struct arpbal_stats st;

	TEST_ASSERT_SUCCESS(two_groups(MASTER, BACKUP), "groups");
	TEST_ASSERT_SUCCESS(run_burst(&h0, PORT, s, t, w, 6), "mixed");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_REQUESTS], 6, "requests");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 2, "answered");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_MASTER], 2, "not master");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_SHARED], 2, "not shared");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_MALFORMED], 0, "malformed");
	TEST_ASSERT_EQUAL(host_process(&h0, PORT, NULL, 0), 0, "empty burst");
	return mbufs_back();
}

static int
test_full_burst(void)
{
	static const uint8_t v9 = 9;
	rte_be32_t s[ARPBAL_BURST_MAX], t[ARPBAL_BURST_MAX];
	uint8_t w[ARPBAL_BURST_MAX];
	struct arpbal_stats st;
	uint16_t i;

	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v9, 1),
		"group");
	host_state(&h0, 9, MASTER);
	for (i = 0; i < ARPBAL_BURST_MAX; i++) {
		s[i] = be(RTE_IPV4(10, 2, i, 1));
		t[i] = be(i % 3 == 2 ? NOT_VIP : VIP_A);
		w[i] = i % 3 == 2 ? 0 : 9;
	}
	TEST_ASSERT_SUCCESS(run_burst(&h0, PORT, s, t, w, ARPBAL_BURST_MAX),
		"burst of %u", ARPBAL_BURST_MAX);
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_SHARED], ARPBAL_BURST_MAX / 3, "not shared");
	return mbufs_back();
}

static int
test_not_shared(void)
{
	static const uint8_t v1 = 1;
	struct arpbal_stats st;
	bool shared = true;

	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v1, 1),
		"group");
	host_state(&h0, 1, MASTER);
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, RTE_IPV4(10, 0, 0, 1),
		NOT_VIP, 0, 3), "another address");
	/* The address is virtual on PORT only. */
	TEST_ASSERT_SUCCESS(run_same(&h0, OTHER_PORT, RTE_IPV4(10, 0, 0, 1),
		VIP_A, 0, 2), "another port");
	/* Its own address as the target is no reason to answer either. */
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, VIP_A, VIP_A + 1, 0, 1),
		"from the virtual address");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_REQUESTS], 6, "requests");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_SHARED], 6, "not shared");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED] +
		st.v[ARPBAL_STAT_NOT_MASTER] + st.v[ARPBAL_STAT_MALFORMED], 0, "others");
	TEST_ASSERT_EQUAL(choose(h0.ab, PORT, be(NOT_VIP),
		be(RTE_IPV4(10, 0, 0, 1)), &shared), 0, "choose");
	TEST_ASSERT(!shared, "NOT_VIP is not shared");
	TEST_ASSERT_EQUAL(choose(h0.ab, OTHER_PORT, be(VIP_A),
		be(RTE_IPV4(10, 0, 0, 1)), &shared), 0, "choose");
	TEST_ASSERT(!shared, "VIP_A is not shared on OTHER_PORT");
	TEST_ASSERT_EQUAL(choose(h0.ab, ARPBAL_MAX_PORTS, be(VIP_A),
		be(RTE_IPV4(10, 0, 0, 1)), &shared), 0, "choose");
	TEST_ASSERT(!shared, "no such port");
	return mbufs_back();
}

/* A good request spoiled: a field rewritten, or the frame cut short. */
struct malformed {
	const char *what;
	unsigned int off;	/* of the field, or the length to cut to */
	unsigned int len;	/* of the field: 1 or 2; 0 to cut */
	uint16_t val;
};

static int
test_malformed(void)
{
	static const struct malformed bad[] = {
		{ "short by one", ARP_FRAME_LEN - 1, 0, 0 },
		{ "Ethernet header only", RTE_ETHER_HDR_LEN, 0, 0 },
		{ "opcode reply", OFF_OP, 2, 2 },
		{ "opcode RARP request", OFF_OP, 2, 3 },
		{ "opcode 0x0101", OFF_OP, 2, 0x0101 },
		{ "hardware IEEE 802", OFF_HRD, 2, 6 },
		{ "protocol IPv6", OFF_PRO, 2, 0x86dd },
		{ "protocol ARP", OFF_PRO, 2, 0x0806 },
		{ "hlen 5", OFF_HLN, 1, 5 },
		{ "hlen 8", OFF_HLN, 1, 8 },
		{ "plen 16", OFF_PLN, 1, 16 },
		{ "plen 0", OFF_PLN, 1, 0 },
	};
	static const uint8_t v1 = 1;
	const uint16_t n = RTE_DIM(bad) + 1;
	struct rte_mbuf *pkts[RTE_DIM(bad) + 1], *in[RTE_DIM(bad) + 1];
	struct rte_mbuf *reply[RTE_DIM(bad) + 1];
	rte_be32_t sip = be(RTE_IPV4(10, 0, 0, 1)), tip = be(VIP_A);
	struct arpbal_stats st;
	uint16_t i, nr;
	uint8_t *p;
	int ret;

	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v1, 1),
		"group");
	host_state(&h0, 1, MASTER);
	/* The good one last, so that its reply has to move to the front. */
	for (i = 0; i < n; i++) {
		in[i] = arp_request(sip, tip);
		TEST_ASSERT_NOT_NULL(in[i], "out of mbufs");
		pkts[i] = in[i];
		if (i == n - 1)
			break;
		p = rte_pktmbuf_mtod(in[i], uint8_t *);
		if (bad[i].len == 0)
			TEST_ASSERT_SUCCESS(rte_pktmbuf_trim(in[i],
				FRAME_LEN - bad[i].off), "trim");
		else if (bad[i].len == 1)
			p[bad[i].off] = (uint8_t)bad[i].val;
		else
			put16(p + bad[i].off, bad[i].val);
	}
	nr = host_process(&h0, PORT, pkts, n);
	ret = match_replies(in, n, pkts, nr, reply);
	for (i = 0; ret == TEST_SUCCESS && i < n - 1; i++)
		if (reply[i] != NULL) {
			printf("  answered: %s\n", bad[i].what);
			ret = TEST_FAILED;
		}
	if (ret == TEST_SUCCESS && reply[n - 1] == NULL) {
		printf("  the good request was not answered\n");
		ret = TEST_FAILED;
	}
	if (ret == TEST_SUCCESS)
		ret = check_reply(reply[n - 1], 1, tip, sip);
	rte_pktmbuf_free_bulk(pkts, RTE_MIN(nr, n));
	TEST_ASSERT_SUCCESS(ret, "replies");
	TEST_ASSERT_EQUAL(pkts[0], in[n - 1], "the reply at the front");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_MALFORMED], RTE_DIM(bad), "malformed");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 1, "answered");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	return mbufs_back();
}

/*
 * Requests for a virtual address that Linux would not answer: from a
 * broadcast or multicast MAC, from an address no host has, or from one of
 * our own virtual addresses. A probe (sender 0.0.0.0) is answered, as
 * Linux does, to the prober's MAC with target address 0.0.0.0.
 */
struct odd {
	const char *what;
	uint32_t sip;		/* host order */
	int mac;		/* 0 good, 1 Ethernet source bcast, 2 sha mcast */
	enum arpbal_stat counter;
};

static int
test_odd_senders(void)
{
	static const struct odd odd[] = {
		{ "Ethernet source broadcast", RTE_IPV4(10, 0, 0, 1), 1,
		  ARPBAL_STAT_BAD_SENDER },
		{ "sender MAC multicast", RTE_IPV4(10, 0, 0, 1), 2,
		  ARPBAL_STAT_BAD_SENDER },
		{ "sender 255.255.255.255", RTE_IPV4(255, 255, 255, 255), 0,
		  ARPBAL_STAT_BAD_SENDER },
		{ "sender 224.0.0.5", RTE_IPV4(224, 0, 0, 5), 0,
		  ARPBAL_STAT_BAD_SENDER },
		{ "sender 240.0.0.1", RTE_IPV4(240, 0, 0, 1), 0,
		  ARPBAL_STAT_BAD_SENDER },
		{ "sender 127.0.0.1", RTE_IPV4(127, 0, 0, 1), 0,
		  ARPBAL_STAT_BAD_SENDER },
		{ "sender the virtual address itself", VIP_A, 0,
		  ARPBAL_STAT_SENDER_VIP },
		{ "sender another virtual address", VIP_B, 0,
		  ARPBAL_STAT_SENDER_VIP },
		/* The filter's second bit is its /24's: one of another
		 * subnet sets its own.
		 */
		{ "sender a virtual address of another subnet", VIP_OTHER_NET,
		  0, ARPBAL_STAT_SENDER_VIP },
	};
	static const uint8_t v1 = 1;
	struct rte_mbuf *pkts[1], *m;
	struct arpbal_stats st0, st;
	unsigned int i, k;
	uint8_t *p;

	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v1, 1),
		"group A");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_B), &v1, 1),
		"group B");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_OTHER_NET),
		&v1, 1), "group of another subnet");
	/* A MASTER counts why; a BACKUP, which would not answer anyway, does
	 * not look at the sender (lib/carp/PROTOCOL.md §5.1).
	 */
	for (k = 0; k < 2; k++) {
		host_state(&h0, 1, k == 0 ? MASTER : BACKUP);
		for (i = 0; i < RTE_DIM(odd); i++) {
			enum arpbal_stat c = k == 0 ? odd[i].counter :
				ARPBAL_STAT_NOT_MASTER;

			stats_of(&h0, &st0);
			m = arp_request(be(odd[i].sip), be(VIP_A));
			TEST_ASSERT_NOT_NULL(m, "out of mbufs");
			p = rte_pktmbuf_mtod(m, uint8_t *);
			if (odd[i].mac == 1)
				memset(p + OFF_SRC, 0xff, RTE_ETHER_ADDR_LEN);
			else if (odd[i].mac == 2)
				p[OFF_SHA] |= 1;
			pkts[0] = m;
			if (host_process(&h0, PORT, pkts, 1) != 0) {
				rte_pktmbuf_free(m);
				TEST_ASSERT(false, "%s: answered",
					odd[i].what);
			}
			stats_of(&h0, &st);
			TEST_ASSERT_EQUAL(st.v[c] - st0.v[c], 1, "%s, %s: %s",
				odd[i].what, k == 0 ? "MASTER" : "BACKUP",
				arpbal_stat_name(c));
			TEST_ASSERT_SUCCESS(check_stats_sum(&st), "%s: sum",
				odd[i].what);
		}
	}
	host_state(&h0, 1, MASTER);

	/* A probe is answered, to the prober, about 0.0.0.0. */
	m = arp_request(0, be(VIP_A));
	TEST_ASSERT_NOT_NULL(m, "out of mbufs");
	pkts[0] = m;
	TEST_ASSERT_EQUAL(host_process(&h0, PORT, pkts, 1), 1, "probe");
	p = rte_pktmbuf_mtod(m, uint8_t *);
	TEST_ASSERT(p[OFF_OP] == 0 && p[OFF_OP + 1] == 2, "a reply");
	TEST_ASSERT(memcmp(p + OFF_TPA, "\0\0\0\0", 4) == 0,
		"target address 0.0.0.0");
	TEST_ASSERT(p[OFF_DST] != 0xff, "to the prober, not broadcast");
	rte_pktmbuf_free(m);
	return mbufs_back();
}

/* With somewhere to put them, ARP frames that are not requests for a
 * virtual address are handed back, for the host's kernel, not dropped.
 */
static int
test_pass_to_host(void)
{
	static const uint8_t v1 = 1;
	struct rte_mbuf *pkts[3], *in[3], *pass[3];
	struct arpbal_stats st;
	uint16_t npass = 0, nr;

	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v1, 1),
		"group");
	host_state(&h0, 1, MASTER);
	in[0] = arp_request(be(RTE_IPV4(10, 0, 0, 1)), be(VIP_A));
	in[1] = arp_request(be(RTE_IPV4(10, 0, 0, 1)), be(NOT_VIP));
	in[2] = arp_request(be(RTE_IPV4(10, 0, 0, 1)), be(NOT_VIP));
	TEST_ASSERT(in[0] != NULL && in[1] != NULL && in[2] != NULL,
		"out of mbufs");
	put16(rte_pktmbuf_mtod(in[2], uint8_t *) + OFF_OP, 2);	/* reply */
	memcpy(pkts, in, sizeof(in));
	in[0]->port = in[1]->port = in[2]->port = PORT;
	arpbal_reader_online(h0.r);
	nr = arpbal_process(h0.r, pkts, 3, pass, &npass);
	arpbal_reader_quiescent(h0.r);
	arpbal_reader_offline(h0.r);
	TEST_ASSERT_EQUAL(nr, 1, "the request for VIP_A answered");
	TEST_ASSERT(pkts[0] == in[0], "its reply at the front");
	TEST_ASSERT_EQUAL(npass, 2, "two handed back");
	TEST_ASSERT(pass[0] == in[1] || pass[1] == in[1], "the request");
	TEST_ASSERT(pass[0] == in[2] || pass[1] == in[2], "the reply");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_PASSED], 2, "counted passed");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_SHARED] +
		st.v[ARPBAL_STAT_MALFORMED], 0, "neither dropped");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	rte_pktmbuf_free_bulk(pkts, 1);
	rte_pktmbuf_free_bulk(pass, 2);
	return mbufs_back();
}

/* A frame arpbal_sift() must hand back, as it is. */
struct unsifted {
	const char *what;
	unsigned int off;	/* of the field, or the length to cut to */
	unsigned int len;	/* of the field: 1, 2 or 4; 0 to cut */
	uint32_t val;
	bool vlan;		/* the tag stripped into the mbuf */
};

/*
 * A burst of any frames: arpbal_sift() answers and drops the requests,
 * counted (one for no virtual address too), and hands every other frame
 * back untouched and uncounted, in order; each frame's port becomes the
 * burst's. The frames it hands back are good requests but for one thing
 * each.
 */
static int
test_sift(void)
{
	static const struct unsifted odd[] = {
		{ "IPv4, an ARP request after the header", OFF_TYPE, 2, 0x0800,
		  false },
		{ "a reply", OFF_OP, 2, 2, false },
		{ "cut short", ARP_FRAME_LEN - 1, 0, 0, false },
		{ "to a virtual MAC", OFF_DST, 4, 0x00005e00, false },
		{ "tagged", 0, 0, 0, true },
		{ "for the kept address", OFF_TPA, 4, KEEP, false },
	};
	/* dropped (BACKUP), the odd ones, not shared, answered */
	enum { NODD = RTE_DIM(odd), N = RTE_DIM(odd) + 3 };
	struct rte_mbuf *in[N], *pkts[N + ARPBAL_SIFT_AHEAD], *rest[N];
	struct rte_mbuf *big[ARPBAL_BURST_MAX + 1 + ARPBAL_SIFT_AHEAD];
	struct rte_mbuf *bigrest[ARPBAL_BURST_MAX + 1];
	uint8_t before[NODD][FRAME_LEN];
	rte_be32_t sip = be(RTE_IPV4(10, 0, 0, 1));
	struct arpbal_stats st;
	uint16_t i, nr, nrest = 0;
	uint8_t *p;
	int ret = TEST_SUCCESS;

	TEST_ASSERT_SUCCESS(two_groups(BACKUP, MASTER), "groups");
	/* The odd frames between a request dropped and one answered. */
	for (i = 0; i < N; i++) {
		in[i] = arp_request(sip, be(i == N - 1 ? VIP_B :
			i == N - 2 ? NOT_VIP : VIP_A));
		TEST_ASSERT_NOT_NULL(in[i], "out of mbufs");
		in[i]->port = OTHER_PORT;	/* the burst's port wins */
		pkts[i] = in[i];
		if (i == 0 || i >= N - 2)
			continue;
		p = rte_pktmbuf_mtod(in[i], uint8_t *);
		if (odd[i - 1].vlan)
			in[i]->ol_flags |= RTE_MBUF_F_RX_VLAN |
				RTE_MBUF_F_RX_VLAN_STRIPPED;
		else if (odd[i - 1].len == 0)
			TEST_ASSERT_SUCCESS(rte_pktmbuf_trim(in[i],
				FRAME_LEN - odd[i - 1].off), "trim");
		else if (odd[i - 1].len == 2)
			put16(p + odd[i - 1].off, (uint16_t)odd[i - 1].val);
		else
			memcpy(p + odd[i - 1].off, &(rte_be32_t){
				be(odd[i - 1].val) }, 4);
		memcpy(before[i - 1], p, FRAME_LEN);
	}
	for (i = 0; i < ARPBAL_SIFT_AHEAD; i++)
		pkts[N + i] = in[N - 1];
	arpbal_reader_online(h0.r);
	nr = arpbal_sift(h0.r, PORT, be(KEEP), pkts, N, rest, &nrest);
	arpbal_reader_quiescent(h0.r);
	arpbal_reader_offline(h0.r);

	for (i = 0; i < N; i++)
		if (in[i]->port != PORT) {
			printf("  frame %u: port %u\n", i, in[i]->port);
			ret = TEST_FAILED;
		}
	if (nr != 1 || pkts[0] != in[N - 1]) {
		printf("  %u replies, expected that of the last request\n", nr);
		ret = TEST_FAILED;
	} else if (check_reply(pkts[0], 2, be(VIP_B), sip) != 0) {
		ret = TEST_FAILED;
	}
	if (nrest != NODD) {
		printf("  %u handed back, expected %u\n", nrest, NODD);
		ret = TEST_FAILED;
	}
	for (i = 0; i < RTE_MIN(nrest, NODD); i++)
		if (rest[i] != in[i + 1] ||
		    memcmp(rte_pktmbuf_mtod(rest[i], uint8_t *), before[i],
			   FRAME_LEN) != 0) {
			printf("  not handed back as it came: %s\n",
				odd[i].what);
			ret = TEST_FAILED;
		}
	stats_of(&h0, &st);
	if (nr >= 1)
		rte_pktmbuf_free(pkts[0]);
	rte_pktmbuf_free_bulk(rest, nrest);
	TEST_ASSERT_SUCCESS(ret, "sifted");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_REQUESTS], 3, "requests: the three taken");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 1, "answered");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_MASTER], 1, "not master");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_SHARED], 1, "not shared");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");

	/* A port beyond the table's, or a burst beyond a reader's (of one
	 * request many times), is handed back whole.
	 */
	for (i = 0; i < 2; i++) {
		uint16_t n = i == 0 ? 1 : ARPBAL_BURST_MAX + 1, k;

		in[0] = arp_request(sip, be(VIP_B));
		TEST_ASSERT_NOT_NULL(in[0], "out of mbufs");
		for (k = 0; k < RTE_DIM(big); k++)
			big[k] = in[0];
		arpbal_reader_online(h0.r);
		nr = arpbal_sift(h0.r, i == 0 ? ARPBAL_MAX_PORTS : PORT,
			be(KEEP), big, n, bigrest, &nrest);
		arpbal_reader_offline(h0.r);
		rte_pktmbuf_free(in[0]);
		TEST_ASSERT(nr == 0 && nrest == n && bigrest[n - 1] == in[0],
			"handed back whole (%u, %u)", nr, nrest);
	}
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_REQUESTS], 3, "nothing counted");
	return mbufs_back();
}

/* ---- balancing (lib/carp/PROTOCOL.md §5.3) ---- */

/* What the model expects of a round of requests, to check counters by. */
struct tally {
	uint64_t answered[256];
	uint64_t not_master[256];
	uint64_t total_answered;
	uint64_t total_dropped;
};

/*
 * NB_SOURCES random sources, in bursts, each asking for VIP_A (group
 * {1,2}) or VIP_B (group {1,2,3,5}); every answer checked against the
 * model, then the per-vhid counters against the model's tally.
 */
static int
balance_round(struct host *h, struct tally *ty)
{
	uint64_t before[256][ARPBAL_NVERDICTS], after[ARPBAL_NVERDICTS];
	rte_be32_t s[BURST], t[BURST];
	uint8_t w[BURST], v;
	unsigned int done, i, n;
	bool answer;

	memset(ty, 0, sizeof(*ty));
	for (i = 1; i < 256; i++)
		arpbal_vhid_stats(h->ab, PORT, (uint8_t)i, before[i]);
	for (done = 0; done < NB_SOURCES; done += n) {
		n = RTE_MIN(BURST, NB_SOURCES - done);
		for (i = 0; i < n; i++) {
			bool b = (done + i) & 1;

			s[i] = rand_source();
			t[i] = be(b ? VIP_B : VIP_A);
			v = b ? model_choose(h, grp1235, RTE_DIM(grp1235),
					s[i], &answer) :
				model_choose(h, grp12, RTE_DIM(grp12), s[i],
					&answer);
			w[i] = answer ? v : 0;
			if (answer) {
				ty->answered[v]++;
				ty->total_answered++;
			} else {
				ty->not_master[v]++;
				ty->total_dropped++;
			}
		}
		TEST_ASSERT_SUCCESS(run_burst(h, PORT, s, t, w, n),
			"sources %u..%u", done, done + n - 1);
	}
	for (i = 1; i < 256; i++) {
		arpbal_vhid_stats(h->ab, PORT, (uint8_t)i, after);
		TEST_ASSERT_EQUAL(after[ARPBAL_ANSWERED] -
			before[i][ARPBAL_ANSWERED], ty->answered[i],
			"answered by vhid %u", i);
		TEST_ASSERT_EQUAL(after[ARPBAL_NOT_MASTER] -
			before[i][ARPBAL_NOT_MASTER], ty->not_master[i],
			"not master at vhid %u", i);
	}
	return TEST_SUCCESS;
}

static int
balance_groups(struct host *h)
{
	TEST_ASSERT_SUCCESS(arpbal_group_set(h->ab, PORT, be(VIP_A), grp12,
		RTE_DIM(grp12)), "group {1,2}");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h->ab, PORT, be(VIP_B), grp1235,
		RTE_DIM(grp1235)), "group {1,2,3,5}");
	host_balance(h, true);
	return TEST_SUCCESS;
}

static void
set_states(struct host *h, const uint8_t st[4])
{
	static const uint8_t vh[4] = { 1, 2, 3, 5 };
	unsigned int i;

	for (i = 0; i < 4; i++)
		host_state(h, vh[i], st[i]);
}

static int
test_balance_rule(void)
{
	/* States of vhids 1, 2, 3, 5. */
	static const uint8_t cfg[][4] = {
		{ MASTER, MASTER, MASTER, MASTER },
		{ MASTER, BACKUP, MASTER, BACKUP },
		{ BACKUP, MASTER, BACKUP, MASTER },
		{ BACKUP, BACKUP, BACKUP, BACKUP },
		{ MASTER, MASTER, INIT, BACKUP },
		{ INIT, MASTER, INIT, INIT },
		{ BACKUP, INIT, MASTER, INIT },
		{ INIT, INIT, INIT, INIT },
	};
	struct arpbal_stats st0, st1;
	struct tally ty;
	unsigned int c;

	TEST_ASSERT_SUCCESS(balance_groups(&h0), "groups");
	for (c = 0; c < RTE_DIM(cfg); c++) {
		set_states(&h0, cfg[c]);
		stats_of(&h0, &st0);
		TEST_ASSERT_SUCCESS(balance_round(&h0, &ty),
			"states %u %u %u %u", cfg[c][0], cfg[c][1], cfg[c][2],
			cfg[c][3]);
		stats_of(&h0, &st1);
		TEST_ASSERT_EQUAL(st1.v[ARPBAL_STAT_ANSWERED] -
			st0.v[ARPBAL_STAT_ANSWERED], ty.total_answered,
			"answered, config %u", c);
		TEST_ASSERT_EQUAL(st1.v[ARPBAL_STAT_NOT_MASTER] -
			st0.v[ARPBAL_STAT_NOT_MASTER], ty.total_dropped,
			"not master, config %u", c);
		/* With every vhid MASTER, every vhid takes its share. */
		if (c == 0)
			TEST_ASSERT(ty.answered[1] > 0 && ty.answered[2] > 0 &&
				ty.answered[3] > 0 && ty.answered[5] > 0,
				"a vhid got no requests");
	}
	TEST_ASSERT_SUCCESS(check_stats_sum(&st1), "sum");
	return mbufs_back();
}

/* Answers worked out by hand: i = ntohl(sip) mod n over running vhids. */
static int
test_balance_by_hand(void)
{
	struct hand {
		uint32_t sip;
		uint8_t all4;	/* {1,2,3,5} */
		uint8_t no3;	/* {1,2,5}: 3 in INIT */
		uint8_t two;	/* {1,2} */
	};
	static const struct hand hd[] = {
		/* 167772163: mod 4 = 3, mod 3 = 1, mod 2 = 1 */
		{ RTE_IPV4(10, 0, 0, 3), 5, 2, 2 },
		/* 3232235786: mod 4 = 2, mod 3 = 2, mod 2 = 0 */
		{ RTE_IPV4(192, 168, 1, 10), 3, 5, 1 },
		/* 3232235787: mod 4 = 3, mod 3 = 0, mod 2 = 1 */
		{ RTE_IPV4(192, 168, 1, 11), 5, 1, 2 },
		/* 0: the probe's unspecified sender picks the first */
		{ 0, 1, 1, 1 },
	};
	static const uint8_t all_master[4] = { MASTER, MASTER, MASTER, MASTER };
	rte_be32_t s[RTE_DIM(hd) * 2], t[RTE_DIM(hd) * 2];
	uint8_t w[RTE_DIM(hd) * 2];
	unsigned int i;
	bool shared;

	TEST_ASSERT_SUCCESS(balance_groups(&h0), "groups");
	set_states(&h0, all_master);
	for (i = 0; i < RTE_DIM(hd); i++) {
		s[2 * i] = s[2 * i + 1] = be(hd[i].sip);
		t[2 * i] = be(VIP_B);
		w[2 * i] = hd[i].all4;
		t[2 * i + 1] = be(VIP_A);
		w[2 * i + 1] = hd[i].two;
		TEST_ASSERT_EQUAL(choose(h0.ab, PORT, be(VIP_B),
			be(hd[i].sip), &shared), hd[i].all4, "choose %u", i);
		TEST_ASSERT(shared, "VIP_B shared");
	}
	TEST_ASSERT_SUCCESS(run_burst(&h0, PORT, s, t, w, RTE_DIM(s)),
		"all running");
	host_state(&h0, 3, INIT);
	for (i = 0; i < RTE_DIM(hd); i++) {
		w[2 * i] = hd[i].no3;
		TEST_ASSERT_EQUAL(choose(h0.ab, PORT, be(VIP_B),
			be(hd[i].sip), &shared), hd[i].no3, "choose %u", i);
	}
	TEST_ASSERT_SUCCESS(run_burst(&h0, PORT, s, t, w, RTE_DIM(s)),
		"vhid 3 in INIT");
	/* BACKUP is running: the turn stays with vhid 3, and nobody here
	 * answers for it.
	 */
	host_state(&h0, 3, BACKUP);
	TEST_ASSERT_EQUAL(choose(h0.ab, PORT, be(VIP_B),
		be(RTE_IPV4(192, 168, 1, 10)), &shared), 0, "3 is BACKUP");
	TEST_ASSERT(shared, "VIP_B shared");
	return mbufs_back();
}

/*
 * carp(4)'s second example: hosts A and B share the address through
 * vhids 1, 2 (and 3, 5), each MASTER of half. Between them they answer
 * every requester exactly once; when A dies, B is MASTER of all and
 * answers everyone, each from the vhid whose turn it is.
 */
static int
test_balance_two_hosts(void)
{
	static const uint8_t st_a[4] = { MASTER, BACKUP, MASTER, BACKUP };
	static const uint8_t st_b[4] = { BACKUP, MASTER, BACKUP, MASTER };
	static const uint8_t all_master[4] = { MASTER, MASTER, MASTER, MASTER };
	static const uint8_t all_init[4] = { INIT, INIT, INIT, INIT };
	struct arpbal_stats a0, a1, b0, b1;
	struct host hb;
	struct tally ta, tb;
	unsigned int v;
	int ret;

	TEST_ASSERT_SUCCESS(host_init(&hb, 64, 1024), "host B");
	ret = balance_groups(&h0);
	if (ret == TEST_SUCCESS)
		ret = balance_groups(&hb);
	set_states(&h0, st_a);
	set_states(&hb, st_b);
	stats_of(&h0, &a0);
	stats_of(&hb, &b0);

	/* The same sources to both hosts: reseed between the rounds. */
	rte_srand(SEED + 1);
	if (ret == TEST_SUCCESS)
		ret = balance_round(&h0, &ta);
	rte_srand(SEED + 1);
	if (ret == TEST_SUCCESS)
		ret = balance_round(&hb, &tb);
	stats_of(&h0, &a1);
	stats_of(&hb, &b1);
	if (ret != TEST_SUCCESS) {
		host_fini(&hb);
		return ret;
	}
	/* Exactly once between them: A drops precisely what B answers. */
	for (v = 1; v < 256; v++) {
		if (ta.answered[v] != tb.not_master[v] ||
		    tb.answered[v] != ta.not_master[v]) {
			printf("  vhid %u: A answered %" PRIu64 " dropped %"
				PRIu64 ", B answered %" PRIu64 " dropped %"
				PRIu64 "\n", v, ta.answered[v],
				ta.not_master[v], tb.answered[v],
				tb.not_master[v]);
			ret = TEST_FAILED;
		}
	}
	if (a1.v[ARPBAL_STAT_ANSWERED] - a0.v[ARPBAL_STAT_ANSWERED] +
	    b1.v[ARPBAL_STAT_ANSWERED] - b0.v[ARPBAL_STAT_ANSWERED] !=
	    NB_SOURCES) {
		printf("  A and B answered %" PRIu64 " + %" PRIu64
			" of %u\n",
			a1.v[ARPBAL_STAT_ANSWERED] -
			a0.v[ARPBAL_STAT_ANSWERED],
			b1.v[ARPBAL_STAT_ANSWERED] -
			b0.v[ARPBAL_STAT_ANSWERED], NB_SOURCES);
		ret = TEST_FAILED;
	}
	if (ret == TEST_SUCCESS && (ta.total_answered == 0 ||
	    tb.total_answered == 0)) {
		printf("  one host answered nothing\n");
		ret = TEST_FAILED;
	}

	/* A dies: its vhids stop; B takes over both halves. */
	set_states(&h0, all_init);
	set_states(&hb, all_master);
	rte_srand(SEED + 2);
	if (ret == TEST_SUCCESS)
		ret = balance_round(&h0, &ta);
	rte_srand(SEED + 2);
	if (ret == TEST_SUCCESS)
		ret = balance_round(&hb, &tb);
	if (ret == TEST_SUCCESS && (ta.total_answered != 0 ||
	    tb.total_answered != NB_SOURCES)) {
		printf("  after A died: A answered %" PRIu64 ", B %" PRIu64
			"\n", ta.total_answered, tb.total_answered);
		ret = TEST_FAILED;
	}
	/* B answers from all four vhids' MACs, not just its own former. */
	if (ret == TEST_SUCCESS && (tb.answered[1] == 0 ||
	    tb.answered[2] == 0 || tb.answered[3] == 0 ||
	    tb.answered[5] == 0)) {
		printf("  B did not answer from every vhid\n");
		ret = TEST_FAILED;
	}
	host_fini(&hb);
	TEST_ASSERT_SUCCESS(ret, "two hosts");
	return mbufs_back();
}

/* With balancing off the lowest MASTER vhid answers every source. */
static int
test_balance_off(void)
{
	static const uint8_t cfg[][4] = {
		{ BACKUP, MASTER, MASTER, INIT },
		{ MASTER, MASTER, MASTER, MASTER },
		{ INIT, BACKUP, BACKUP, MASTER },
		{ BACKUP, BACKUP, BACKUP, BACKUP },
	};
	/* The lowest MASTER of {1,2} and of {1,2,3,5} in each. */
	static const uint8_t want_a[] = { 2, 1, 0, 0 };
	static const uint8_t want_b[] = { 2, 1, 5, 0 };
	struct tally ty;
	unsigned int c, v;

	TEST_ASSERT_SUCCESS(balance_groups(&h0), "groups");
	host_balance(&h0, false);
	for (c = 0; c < RTE_DIM(cfg); c++) {
		set_states(&h0, cfg[c]);
		TEST_ASSERT_SUCCESS(balance_round(&h0, &ty), "config %u", c);
		for (v = 1; v < 256; v++) {
			uint64_t want = 0;

			if (v == want_a[c])
				want += NB_SOURCES / 2;
			if (v == want_b[c])
				want += NB_SOURCES / 2;
			TEST_ASSERT_EQUAL(ty.answered[v], want,
				"config %u vhid %u", c, v);
		}
	}
	return mbufs_back();
}

/* arpbal_choose says what arpbal_process does, for any states. */
static int
test_choose_agrees(void)
{
	static const uint8_t pick[3] = { INIT, BACKUP, MASTER };
	struct rte_mbuf *m, *pkts[1];
	unsigned int trial, i;
	uint8_t st[4], got, want, sent;
	rte_be32_t sip, tip;
	bool shared, answer, b;

	TEST_ASSERT_SUCCESS(balance_groups(&h0), "groups");
	for (trial = 0; trial < 200; trial++) {
		for (i = 0; i < 4; i++)
			st[i] = pick[rte_rand_max(3)];
		set_states(&h0, st);
		host_balance(&h0, rte_rand_max(4) != 0);
		for (i = 0; i < 16; i++) {
			b = rte_rand_max(2);
			sip = rand_source();
			tip = be(b ? VIP_B : VIP_A);
			want = b ? model_choose(&h0, grp1235,
					RTE_DIM(grp1235), sip, &answer) :
				model_choose(&h0, grp12, RTE_DIM(grp12), sip,
					&answer);
			if (!answer)
				want = 0;
			got = choose(h0.ab, PORT, tip, sip, &shared);
			TEST_ASSERT(shared, "shared");
			TEST_ASSERT_EQUAL(got, want, "choose, trial %u", trial);
			m = arp_request(sip, tip);
			TEST_ASSERT_NOT_NULL(m, "out of mbufs");
			pkts[0] = m;
			sent = 0;
			if (host_process(&h0, PORT, pkts, 1) == 1) {
				sent = rte_pktmbuf_mtod(m, uint8_t *)[OFF_SRC + 5];
				rte_pktmbuf_free(m);
			}
			TEST_ASSERT_EQUAL(sent, got, "process vs choose, "
				"trial %u", trial);
		}
	}
	return mbufs_back();
}

/* ---- the rate limit and the counters ---- */

#define SRC1	RTE_IPV4(10, 9, 0, 1)
#define SRC2	RTE_IPV4(10, 9, 0, 2)
#define SRC3	RTE_IPV4(10, 9, 0, 3)

static int
find_source(const struct arpbal_reader *r, uint32_t addr,
		struct arpbal_source *out)
{
	struct arpbal_source s;
	uint32_t next = 0;
	int found = 0;

	while (arpbal_source_next(r, &next, &s))
		if (s.addr == be(addr)) {
			*out = s;
			found++;
		}
	return found;
}

/*
 * One burst: n1 requests from SRC1 then n2 from SRC2, interleaved at the
 * end; with rate 5 the first 5 of each source pass (GCRA, a burst of
 * rate), the rest are limited. Returns the replies per source.
 */
static int
rate_burst(uint16_t n1, uint16_t n2, unsigned int *ans1, unsigned int *ans2)
{
	struct rte_mbuf *in[ARPBAL_BURST_MAX] = { NULL };
	struct rte_mbuf *pkts[ARPBAL_BURST_MAX];
	struct rte_mbuf *reply[ARPBAL_BURST_MAX];
	rte_be32_t sip[ARPBAL_BURST_MAX];
	uint16_t i, nr, n = n1 + n2, left2 = n2;
	int ret;

	/* SRC2 every fourth request, and at the end what did not fit. */
	for (i = 0; i < n; i++) {
		bool two = left2 > 0 && (i % 4 == 1 || n - i <= left2);

		sip[i] = be(two ? SRC2 : SRC1);
		left2 -= two;
	}
	for (i = 0; i < n; i++) {
		in[i] = arp_request(sip[i], be(VIP_A));
		TEST_ASSERT_NOT_NULL(in[i], "out of mbufs");
		pkts[i] = in[i];
	}
	nr = host_process(&h0, PORT, pkts, n);
	ret = match_replies(in, n, pkts, nr, reply);
	*ans1 = *ans2 = 0;
	for (i = 0; ret == TEST_SUCCESS && i < n; i++) {
		if (reply[i] == NULL)
			continue;
		ret = check_reply(reply[i], 1, be(VIP_A), sip[i]);
		if (sip[i] == be(SRC1))
			(*ans1)++;
		else
			(*ans2)++;
	}
	rte_pktmbuf_free_bulk(pkts, RTE_MIN(nr, n));
	return ret;
}

static int
rate_setup(void)
{
	static const uint8_t v1 = 1;

	if (case_setup() != TEST_SUCCESS)
		return TEST_FAILED;
	if (arpbal_group_set(h0.ab, PORT, be(VIP_A), &v1, 1) != 0)
		return TEST_FAILED;
	host_state(&h0, 1, MASTER);
	arpbal_rate_set(h0.ab, 5);
	return TEST_SUCCESS;
}

/* A source never seen before sends its whole burst at once. */
static int
test_rate_new_source(void)
{
	uint64_t verdict[ARPBAL_NVERDICTS];
	struct arpbal_source s1, s2;
	struct arpbal_stats st;
	unsigned int a1, a2;

	TEST_ASSERT_SUCCESS(rate_burst(20, 3, &a1, &a2), "burst");
	TEST_ASSERT_EQUAL(a1, 5, "replies to the flooding source");
	TEST_ASSERT_EQUAL(a2, 3, "replies to the other source");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_REQUESTS], 23, "requests");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 8, "answered");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_RATE_LIMITED], 15, "limited");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	TEST_ASSERT_EQUAL(find_source(h0.r, SRC1, &s1), 1, "SRC1 listed once");
	TEST_ASSERT_EQUAL(find_source(h0.r, SRC2, &s2), 1, "SRC2 listed once");
	TEST_ASSERT_EQUAL(s1.requests, 20, "SRC1 requests");
	TEST_ASSERT_EQUAL(s1.limited, 15, "SRC1 limited");
	TEST_ASSERT_EQUAL(s2.requests, 3, "SRC2 requests");
	TEST_ASSERT_EQUAL(s2.limited, 0, "SRC2 limited");
	arpbal_vhid_stats(h0.ab, PORT, 1, verdict);
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], 8, "vhid answered");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_RATE_LIMITED], 15, "vhid limited");
	TEST_ASSERT_SUCCESS(arpbal_group_stats(h0.ab, PORT, be(VIP_A),
		verdict), "group stats");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], 8, "group answered");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_RATE_LIMITED], 15, "group limited");
	return mbufs_back();
}

/*
 * A known source: one request, then a burst. Less than one emission
 * interval (1/5 s) passes between them unless the machine stalls, which
 * the bounds allow for rather than a sleep.
 */
static int
test_rate_known_source(void)
{
	uint64_t t = rte_get_tsc_hz() / 5, t0, slack;
	struct arpbal_source s1;
	unsigned int a1, a2, more;

	t0 = rte_rdtsc();
	TEST_ASSERT_SUCCESS(rate_burst(1, 0, &a1, &a2), "first");
	TEST_ASSERT_EQUAL(a1, 1, "first request answered");
	TEST_ASSERT_SUCCESS(rate_burst(19, 0, &a1, &a2), "burst");
	slack = (rte_rdtsc() - t0) / t;
	TEST_ASSERT(a1 >= 4 && a1 <= 4 + slack, "%u more answered, %" PRIu64
		" intervals passed", a1, slack);
	more = a1;
	TEST_ASSERT_SUCCESS(rate_burst(10, 4, &a1, &a2), "again");
	slack = (rte_rdtsc() - t0) / t;
	TEST_ASSERT(more + a1 <= 4 + slack, "%u answered after the burst, %"
		PRIu64 " intervals passed", a1, slack);
	TEST_ASSERT_EQUAL(a2, 4, "the other source");
	TEST_ASSERT_EQUAL(find_source(h0.r, SRC1, &s1), 1, "SRC1 listed");
	TEST_ASSERT_EQUAL(s1.requests, 30, "SRC1 requests");
	TEST_ASSERT_EQUAL(s1.limited, 29 - more - a1, "SRC1 limited");
	return mbufs_back();
}

static int
test_rate_off(void)
{
	struct arpbal_stats st;
	unsigned int a1, a2;

	arpbal_rate_set(h0.ab, 0);
	TEST_ASSERT_SUCCESS(rate_burst(40, 20, &a1, &a2), "unlimited");
	TEST_ASSERT_EQUAL(a1, 40, "SRC1");
	TEST_ASSERT_EQUAL(a2, 20, "SRC2");
	/* On, then off again in the middle of a flood. */
	arpbal_rate_set(h0.ab, 5);
	TEST_ASSERT_SUCCESS(rate_burst(0, 20, &a1, &a2), "limited");
	TEST_ASSERT_EQUAL(a2, 5, "limit on");
	arpbal_rate_set(h0.ab, 0);
	TEST_ASSERT_SUCCESS(rate_burst(0, 20, &a1, &a2), "off again");
	TEST_ASSERT_EQUAL(a2, 20, "limit off");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_RATE_LIMITED], 20 - 5, "limited");
	return mbufs_back();
}

/* A BACKUP's drops are not answers: they do not use up the allowance. */
static int
test_rate_only_answers(void)
{
	unsigned int a1, a2;

	host_state(&h0, 1, BACKUP);
	TEST_ASSERT_SUCCESS(rate_burst(20, 0, &a1, &a2), "as BACKUP");
	TEST_ASSERT_EQUAL(a1, 0, "BACKUP answers nothing");
	host_state(&h0, 1, MASTER);
	TEST_ASSERT_SUCCESS(rate_burst(20, 0, &a1, &a2), "as MASTER");
	TEST_ASSERT_EQUAL(a1, 5, "a full allowance");
	return mbufs_back();
}

/* Per address, per vhid, per source and in total, over two addresses. */
static int
test_counters(void)
{
	uint64_t verdict[ARPBAL_NVERDICTS];
	struct arpbal_stats st, all;
	struct arpbal_source s;
	uint32_t next = 0;
	unsigned int nsrc = 0, k;

	TEST_ASSERT_SUCCESS(two_groups(MASTER, BACKUP), "groups");

	/* Without a rate limit the requester table is left alone. */
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, SRC1, VIP_A, 1, 1), "A");
	TEST_ASSERT(!arpbal_source_next(h0.r, &next, &s),
		"a requester counted with no rate limit");
	next = 0;
	/* A limit far above what follows: every requester is counted. */
	arpbal_rate_set(h0.ab, 1000);
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, SRC1, VIP_A, 1, 6), "A");
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, SRC2, VIP_B, 0, 4), "B");
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, SRC3, NOT_VIP, 0, 2), "C");
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, SRC3, VIP_A, 1, 1), "A");

	stats_of(&h0, &st);
	arpbal_stats_get(h0.ab, NULL, &all);
	TEST_ASSERT_BUFFERS_ARE_EQUAL(&st, &all, sizeof(st),
		"one reader: its totals are all");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_REQUESTS], 14, "requests");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 8, "answered");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_MASTER], 4, "not master");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_SHARED], 2, "not shared");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_UNTRACKED], 0, "untracked");

	TEST_ASSERT_SUCCESS(arpbal_group_stats(h0.ab, PORT, be(VIP_A),
		verdict), "A");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], 8, "A answered");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_NOT_MASTER], 0, "A not master");
	TEST_ASSERT_SUCCESS(arpbal_group_stats(h0.ab, PORT, be(VIP_B),
		verdict), "B");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], 0, "B answered");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_NOT_MASTER], 4, "B not master");
	TEST_ASSERT_EQUAL(arpbal_group_stats(h0.ab, PORT, be(NOT_VIP),
		verdict), -ENOENT, "no such address");
	TEST_ASSERT_EQUAL(arpbal_group_stats(h0.ab, OTHER_PORT, be(VIP_A),
		verdict), -ENOENT, "no such address on that port");

	arpbal_vhid_stats(h0.ab, PORT, 1, verdict);
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], 8, "vhid 1");
	arpbal_vhid_stats(h0.ab, PORT, 2, verdict);
	TEST_ASSERT_EQUAL(verdict[ARPBAL_NOT_MASTER], 4, "vhid 2");
	arpbal_vhid_stats(h0.ab, OTHER_PORT, 1, verdict);
	for (k = 0; k < ARPBAL_NVERDICTS; k++)
		TEST_ASSERT_EQUAL(verdict[k], 0, "vhid 1 on another port");

	/* Sources count requests for virtual addresses only. */
	while (arpbal_source_next(h0.r, &next, &s)) {
		nsrc++;
		if (s.addr == be(SRC1))	/* the first one came unlimited */
			TEST_ASSERT_EQUAL(s.requests, 6, "SRC1");
		else if (s.addr == be(SRC2))
			TEST_ASSERT_EQUAL(s.requests, 4, "SRC2");
		else if (s.addr == be(SRC3))
			TEST_ASSERT_EQUAL(s.requests, 1, "SRC3");
		else
			TEST_ASSERT(false, "unknown source %08x",
				rte_be_to_cpu_32(s.addr));
		TEST_ASSERT_EQUAL(s.limited, 0, "limited");
	}
	TEST_ASSERT_EQUAL(nsrc, 3, "sources");

	/* Idle-time ageing keeps whoever asked a moment ago. */
	for (k = 0; k < 100; k++)
		arpbal_reader_age(h0.r);
	next = 0;
	nsrc = 0;
	while (arpbal_source_next(h0.r, &next, &s))
		nsrc++;
	TEST_ASSERT_EQUAL(nsrc, 3, "sources after ageing");
	return mbufs_back();
}

/* A full source table: the rest are answered, counted as untracked. */
/*
 * A requester table with room for 8 and 40 requesters: the table fills,
 * and the sources it cannot hold share one bucket of the same rate, so
 * that forged sources cannot lift the limit for anyone (it fails closed):
 * each tracked source gets its one reply, the 32 or more others 5 between
 * them (a burst of the rate, 5 a second).
 */
static int
test_sources_full(void)
{
	static const uint8_t v1 = 1;
	struct rte_mbuf *pkts[40];
	struct arpbal_source src;
	struct arpbal_stats st;
	uint32_t next = 0;
	unsigned int i, nsrc = 0, nr;
	struct host h;
	int ret;

	TEST_ASSERT_SUCCESS(host_init(&h, 8, 8), "small host");
	ret = arpbal_group_set(h.ab, PORT, be(VIP_A), &v1, 1);
	host_state(&h, 1, MASTER);
	arpbal_rate_set(h.ab, 5);
	for (i = 0; i < 40; i++) {
		pkts[i] = arp_request(be(RTE_IPV4(10, 8, 0, i + 1)), be(VIP_A));
		if (pkts[i] == NULL)
			ret = TEST_FAILED;
	}
	if (ret == 0) {
		nr = host_process(&h, PORT, pkts, 32);
		rte_pktmbuf_free_bulk(pkts, nr);
		nr = host_process(&h, PORT, pkts + 32, 8);
		rte_pktmbuf_free_bulk(pkts + 32, nr);
	}
	while (arpbal_source_next(h.r, &next, &src)) {
		nsrc++;
		if (src.requests != 1)
			ret = TEST_FAILED;
	}
	stats_of(&h, &st);
	host_fini(&h);
	TEST_ASSERT_SUCCESS(ret, "40 sources, room for 8");
	TEST_ASSERT(nsrc >= 1 && nsrc <= 8, "%u sources tracked", nsrc);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_SOURCES], nsrc, "sources gauge");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_UNTRACKED], 40 - nsrc, "untracked");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], nsrc + 5,
		"the tracked ones and a burst for the others");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_RATE_LIMITED], 40 - nsrc - 5,
		"the rest of the others limited");
	return mbufs_back();
}

/* ---- the table: replace, delete, list, limits ---- */

static int
answered_of(uint32_t addr, uint64_t *answered)
{
	uint64_t verdict[ARPBAL_NVERDICTS];
	int ret;

	ret = arpbal_group_stats(h0.ab, PORT, be(addr), verdict);
	*answered = verdict[ARPBAL_ANSWERED];
	return ret;
}

static int
test_group_replace(void)
{
	static const uint8_t v1 = 1, v21[] = { 2, 1 }, v3 = 3;
	uint64_t n;
	bool shared;

	host_state(&h0, 1, MASTER);
	host_state(&h0, 2, MASTER);
	host_state(&h0, 3, BACKUP);
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v1, 1),
		"add");
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, SRC1, VIP_A, 1, 3), "{1}");
	TEST_ASSERT_SUCCESS(answered_of(VIP_A, &n), "stats");
	TEST_ASSERT_EQUAL(n, 3, "answered");

	/* Replaced: the address keeps its counters. */
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), v21, 2),
		"replace");
	TEST_ASSERT_SUCCESS(answered_of(VIP_A, &n), "stats");
	TEST_ASSERT_EQUAL(n, 3, "answered after replace");
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, SRC1, VIP_A, 1, 2), "{1,2}");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v3, 1),
		"replace");
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, SRC1, VIP_A, 0, 1), "{3}");
	arpbal_reclaim(h0.ab);
	TEST_ASSERT_SUCCESS(answered_of(VIP_A, &n), "stats");
	TEST_ASSERT_EQUAL(n, 5, "answered after two replaces");
	TEST_ASSERT_EQUAL(arpbal_count(h0.ab), 1, "count");
	TEST_ASSERT_EQUAL(choose(h0.ab, PORT, be(VIP_A), be(SRC1),
		&shared), 0, "{3} is BACKUP");
	TEST_ASSERT(shared, "shared");
	return mbufs_back();
}

static int
test_group_delete(void)
{
	static const uint8_t v1 = 1;
	uint64_t n;
	bool shared;

	host_state(&h0, 1, MASTER);
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v1, 1),
		"add");
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, SRC1, VIP_A, 1, 3), "before");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), NULL, 0),
		"delete");
	TEST_ASSERT_EQUAL(answered_of(VIP_A, &n), -ENOENT, "deleted");
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, SRC1, VIP_A, 0, 2), "gone");
	TEST_ASSERT_EQUAL(choose(h0.ab, PORT, be(VIP_A), be(SRC1),
		&shared), 0, "choose");
	TEST_ASSERT(!shared, "no longer shared");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), NULL, 0),
		"delete again");

	/* Back before the old one is reclaimed: from zero. */
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v1, 1),
		"re-add");
	TEST_ASSERT_SUCCESS(answered_of(VIP_A, &n), "stats");
	TEST_ASSERT_EQUAL(n, 0, "answered after re-add");
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, SRC1, VIP_A, 1, 1), "again");
	TEST_ASSERT_SUCCESS(answered_of(VIP_A, &n), "stats");
	TEST_ASSERT_EQUAL(n, 1, "answered");

	/* Back after: the recycled counters start from zero too, for the
	 * same address and for another one.
	 */
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), NULL, 0),
		"delete");
	arpbal_reclaim(h0.ab);
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), &v1, 1),
		"re-add");
	TEST_ASSERT_SUCCESS(answered_of(VIP_A, &n), "stats");
	TEST_ASSERT_EQUAL(n, 0, "answered after reclaim and re-add");
	TEST_ASSERT_SUCCESS(run_same(&h0, PORT, SRC1, VIP_A, 1, 4), "4 more");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), NULL, 0),
		"delete");
	arpbal_reclaim(h0.ab);
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_B), &v1, 1),
		"another address");
	TEST_ASSERT_SUCCESS(answered_of(VIP_B, &n), "stats");
	TEST_ASSERT_EQUAL(n, 0, "a new address starts from zero");
	TEST_ASSERT_EQUAL(arpbal_count(h0.ab), 1, "count");
	return mbufs_back();
}

/* The entries listed, against what was set. */
struct entry {
	uint16_t port;
	uint32_t addr;
	uint8_t vhids[8];	/* ascending, unique */
	unsigned int n;
	bool live;
};

static int
check_list(const struct entry *e, unsigned int ne)
{
	uint8_t vhids[256];
	unsigned int i, n, seen = 0, live = 0;
	uint32_t next = 0;
	rte_be32_t addr;
	uint16_t port;

	for (i = 0; i < ne; i++)
		live += e[i].live;
	while (arpbal_iterate(h0.ab, &next, &port, &addr, vhids, &n)) {
		seen++;
		for (i = 0; i < ne; i++)
			if (e[i].live && e[i].port == port &&
			    be(e[i].addr) == addr)
				break;
		TEST_ASSERT(i < ne, "unexpected entry %u/%08x", port,
			rte_be_to_cpu_32(addr));
		TEST_ASSERT_EQUAL(n, e[i].n, "vhids of %u/%08x", port,
			rte_be_to_cpu_32(addr));
		TEST_ASSERT_BUFFERS_ARE_EQUAL(vhids, e[i].vhids, n,
			"vhids of %u/%08x", port, rte_be_to_cpu_32(addr));
	}
	TEST_ASSERT_EQUAL(seen, live, "entries listed");
	TEST_ASSERT_EQUAL(arpbal_count(h0.ab), live, "arpbal_count");
	return TEST_SUCCESS;
}

static int
test_group_list(void)
{
	static const uint8_t in0[] = { 9, 3, 3, 1 }, in1[] = { 4 };
	static const uint8_t in2[] = { 200, 2, 255, 2, 200 };
	struct entry e[] = {
		{ PORT, VIP_A, { 1, 3, 9 }, 3, true },
		{ OTHER_PORT, VIP_A, { 4 }, 1, true },
		{ 0, VIP_B, { 2, 200, 255 }, 3, true },
		{ ARPBAL_MAX_PORTS - 1, VIP_B, { 1, 3, 9 }, 3, true },
	};

	TEST_ASSERT_SUCCESS(check_list(e, 0), "empty");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), in0,
		RTE_DIM(in0)), "0");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, OTHER_PORT, be(VIP_A),
		in1, RTE_DIM(in1)), "1");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, 0, be(VIP_B), in2,
		RTE_DIM(in2)), "2");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, ARPBAL_MAX_PORTS - 1,
		be(VIP_B), in0, RTE_DIM(in0)), "3");
	TEST_ASSERT_SUCCESS(check_list(e, RTE_DIM(e)), "four");

	/* Gone from the list and the count at once, reclaimed or not. */
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, OTHER_PORT, be(VIP_A),
		NULL, 0), "delete");
	e[1].live = false;
	TEST_ASSERT_SUCCESS(check_list(e, RTE_DIM(e)), "after delete");
	arpbal_reclaim(h0.ab);
	TEST_ASSERT_SUCCESS(check_list(e, RTE_DIM(e)), "after reclaim");

	/* Replaced in place. */
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, 0, be(VIP_B), in1,
		RTE_DIM(in1)), "replace");
	e[2].vhids[0] = 4;
	e[2].n = 1;
	TEST_ASSERT_SUCCESS(check_list(e, RTE_DIM(e)), "after replace");
	return TEST_SUCCESS;
}

static int
test_group_invalid(void)
{
	static const uint8_t v1 = 1;
	uint8_t many[256];

	memset(many, 1, sizeof(many));
	TEST_ASSERT_EQUAL(arpbal_group_set(h0.ab, ARPBAL_MAX_PORTS,
		be(VIP_A), &v1, 1), -EINVAL, "port out of range");
	TEST_ASSERT_EQUAL(arpbal_group_set(h0.ab, PORT, be(VIP_A), many, 256),
		-EINVAL, "more than 255 vhids");
	TEST_ASSERT_EQUAL(arpbal_group_set(h0.ab, PORT, 0, &v1, 1), -EINVAL,
		"0.0.0.0");
	TEST_ASSERT_EQUAL(arpbal_group_join(h0.ab, PORT, 0, 1), -EINVAL,
		"0.0.0.0 joined");
	TEST_ASSERT_SUCCESS(arpbal_group_leave(h0.ab, PORT, 0, 1),
		"0.0.0.0 left: it was in no group");
	TEST_ASSERT_EQUAL(arpbal_count(h0.ab), 0, "nothing added");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), NULL, 0),
		"deleting what is not there");
	return TEST_SUCCESS;
}

/* Fill a table of max addresses; one more is -ENOSPC. */
static int
fill(struct host *h, uint32_t max, bool random)
{
	static const uint8_t v1 = 1;
	uint32_t i, addr;
	uint16_t port;
	int ret;

	for (i = 0; i < max; i++) {
		port = random ? (uint16_t)rte_rand_max(ARPBAL_MAX_PORTS) : 0;
		addr = random ? (uint32_t)rte_rand() :
			RTE_IPV4(10, 7, i >> 8, i & 0xff);
		ret = arpbal_group_set(h->ab, port, be(addr), &v1, 1);
		if (ret == 0 && random && arpbal_count(h->ab) == i) {
			i--;	/* drew the same pair twice */
			continue;
		}
		TEST_ASSERT_SUCCESS(ret, "address %u of %u (%u/%08x)", i + 1,
			max, port, addr);
	}
	TEST_ASSERT_EQUAL(arpbal_count(h->ab), max, "count");
	TEST_ASSERT_EQUAL(arpbal_group_set(h->ab, 1, be(NOT_VIP), &v1, 1),
		-ENOSPC, "address %u of %u", max + 1, max);
	return TEST_SUCCESS;
}

static int
test_group_nospc(void)
{
	static const uint8_t v1 = 1, v2 = 2;
	struct host h;
	int ret;

	TEST_ASSERT_SUCCESS(host_init(&h, 16, 16), "host");
	ret = fill(&h, 16, false);
	/* Full, but replacing needs no room. */
	if (ret == TEST_SUCCESS &&
	    arpbal_group_set(h.ab, 0, be(RTE_IPV4(10, 7, 0, 3)), &v2, 1) != 0)
		ret = TEST_FAILED;
	/* A deleted address makes room once no reader can see it: at once
	 * with no reader online, after a quiescent state with one.
	 */
	if (ret == TEST_SUCCESS &&
	    (arpbal_group_set(h.ab, 0, be(RTE_IPV4(10, 7, 0, 5)), NULL,
			0) != 0 ||
	     arpbal_group_set(h.ab, 1, be(NOT_VIP), &v1, 1) != 0 ||
	     arpbal_group_set(h.ab, 1, be(NOT_VIP + 1), &v1, 1) !=
			-ENOSPC)) {
		printf("  no room after a delete, or too much\n");
		ret = TEST_FAILED;
	}
	if (ret == TEST_SUCCESS) {
		arpbal_reader_online(h.r);
		if (arpbal_group_set(h.ab, 1, be(NOT_VIP), NULL, 0) != 0)
			ret = TEST_FAILED;
		arpbal_reader_quiescent(h.r);
		if (ret == TEST_SUCCESS &&
		    arpbal_group_set(h.ab, 1, be(NOT_VIP + 1), &v1, 1) != 0) {
			printf("  no room after the reader moved on\n");
			ret = TEST_FAILED;
		}
		arpbal_reader_offline(h.r);
	}
	if (ret == TEST_SUCCESS && arpbal_count(h.ab) != 16) {
		printf("  %u entries\n", arpbal_count(h.ab));
		ret = TEST_FAILED;
	}
	host_fini(&h);
	return ret;
}

/* The limit is max_addrs even where the table rounds up. */
static int
test_group_nospc_small(void)
{
	struct host h;
	int ret;

	TEST_ASSERT_SUCCESS(host_init(&h, 4, 16), "host");
	ret = fill(&h, 4, false);
	host_fini(&h);
	return ret;
}

/* Every one of max_addrs random (port, address) pairs fits. */
static int
test_group_capacity(void)
{
	static const uint32_t sizes[] = { 64, 1000, 4096 };
	unsigned int i;
	struct host h;
	int ret = TEST_SUCCESS;

	for (i = 0; ret == TEST_SUCCESS && i < RTE_DIM(sizes); i++) {
		TEST_ASSERT_SUCCESS(host_init(&h, sizes[i], 16), "host");
		ret = fill(&h, sizes[i], true);
		host_fini(&h);
	}
	return ret;
}

/* Everything the balancer allocated is freed with it. */
static int
test_free_releases(void)
{
	static const uint8_t v1 = 1, v12[] = { 1, 2 };
	unsigned int before, i;
	struct host h;

	/* Once, so that whatever EAL allocates on first use is there. */
	TEST_ASSERT_SUCCESS(host_init(&h, 8, 16), "host");
	host_fini(&h);
	before = heap_allocs();
	TEST_ASSERT_SUCCESS(host_init(&h, 8, 16), "host");
	host_state(&h, 1, MASTER);
	for (i = 0; i < 20; i++)
		if (arpbal_group_set(h.ab, PORT, be(VIP_A),
				i & 1 ? v12 : &v1, i & 1 ? 2 : 1) != 0 ||
		    arpbal_group_set(h.ab, PORT, be(VIP_B + i), &v1, 1) != 0 ||
		    arpbal_group_set(h.ab, PORT, be(VIP_B + i), NULL, 0) != 0)
			break;
	if (run_same(&h, PORT, SRC1, VIP_A, 1, 3) != TEST_SUCCESS)
		i = 0;
	host_fini(&h);
	TEST_ASSERT_EQUAL(i, 20, "group changes");
	TEST_ASSERT_EQUAL(heap_allocs(), before, "rte_malloc blocks left");
	return mbufs_back();
}

/* ---- a reader on another lcore while the groups change ---- */

#define CHURN_OPS		10000
#define CHURN_BURSTS_MAX	2000000
#define CHURN_RECLAIM_EVERY	16

struct churn {
	struct arpbal_reader *r;
	bool started;		/* atomic */
	bool stop;		/* atomic */
	uint64_t bursts;
	uint64_t replies;
	uint64_t wrong;		/* replies from a vhid the address never had */
	uint64_t no_mbuf;
};

/*
 * Whatever the writer does, a reply for VIP_A comes from vhid 1 or 2 and
 * one for VIP_B from 4 or 5 (balancing off, every vhid MASTER: the lowest
 * of {1} or {2,3}, of {4} or {5,6}). A group read after it was freed
 * reads as zeros (rte_free clears it), which answers nothing and counts
 * as NOT_MASTER: the counters show it afterwards. ASan cannot see that
 * (it watches rte_malloc memory only in a DPDK built with it), but is
 * worth a run for the rest: meson setup -Db_sanitize=address.
 */
static bool
churn_reply_ok(const struct rte_mbuf *m)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	uint8_t vhid = p[OFF_SRC + 5];
	rte_be32_t vip;

	memcpy(&vip, p + OFF_SPA, 4);
	if (p[OFF_SHA + 5] != vhid || p[OFF_OP + 1] != 2)
		return false;
	if (vip == be(VIP_A))
		return vhid == 1 || vhid == 2;
	if (vip == be(VIP_B))
		return vhid == 4 || vhid == 5;
	return false;
}

static int
churn_reader(void *arg)
{
	struct churn *c = arg;
	struct rte_mbuf *pkts[BURST];
	rte_be32_t tip;
	uint16_t i, nr;

	arpbal_reader_online(c->r);
	__atomic_store_n(&c->started, true, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE) &&
	       c->bursts < CHURN_BURSTS_MAX) {
		for (i = 0; i < BURST; i++) {
			tip = be(i % 3 == 0 ? VIP_A :
				i % 3 == 1 ? VIP_B : NOT_VIP);
			pkts[i] = arp_request(be(RTE_IPV4(10, 6, c->bursts &
				0xff, i)), tip);
			if (pkts[i] == NULL)
				break;
		}
		if (i < BURST) {
			c->no_mbuf++;
			rte_pktmbuf_free_bulk(pkts, i);
			arpbal_reader_quiescent(c->r);
			continue;
		}
		for (i = 0; i < BURST; i++)
			pkts[i]->port = PORT;
		nr = arpbal_process(c->r, pkts, BURST, NULL, NULL);
		for (i = 0; i < nr; i++)
			if (!churn_reply_ok(pkts[i]))
				c->wrong++;
		c->replies += nr;
		rte_pktmbuf_free_bulk(pkts, nr);
		arpbal_reader_quiescent(c->r);
		c->bursts++;
	}
	arpbal_reader_offline(c->r);
	return 0;
}

static int
churn_op(struct host *h, unsigned int i)
{
	static const uint8_t a1[] = { 1 }, a23[] = { 3, 2 };
	static const uint8_t b4[] = { 4 }, b56[] = { 6, 5 };

	switch (i % 6) {
	case 0:
		return arpbal_group_set(h->ab, PORT, be(VIP_A), a23, 2);
	case 1:
		return arpbal_group_set(h->ab, PORT, be(VIP_A), NULL, 0);
	case 2:
		return arpbal_group_set(h->ab, PORT, be(VIP_A), a1, 1);
	case 3:
		return arpbal_group_set(h->ab, PORT, be(VIP_B), b56, 2);
	case 4:
		return arpbal_group_set(h->ab, PORT, be(VIP_B), NULL, 0);
	default:
		return arpbal_group_set(h->ab, PORT, be(VIP_B), b4, 1);
	}
}

/*
 * The writer's side. Two addresses live in a table of 64, so -ENOSPC
 * can only come from deleted entries still waiting for a slow reader
 * (one descheduled for a while): counted, and the change retried once
 * the reader has moved on, which it always does (it quiesces every
 * burst, and goes offline at the end).
 */
static int
churn_write(struct host *h, uint64_t *nospc)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; ret == 0 && i < CHURN_OPS; i++) {
		ret = churn_op(h, i);
		while (ret == -ENOSPC) {
			(*nospc)++;
			rte_pause();
			arpbal_reclaim(h->ab);
			ret = churn_op(h, i);
		}
		if (i % CHURN_RECLAIM_EVERY == 0)
			arpbal_reclaim(h->ab);
	}
	if (ret != 0)
		printf("  change %u: %d\n", i - 1, ret);
	return ret;
}

static int
test_concurrent(void)
{
	static const uint8_t a1[] = { 1 }, b4[] = { 4 };
	struct churn c = { 0 };
	struct arpbal_stats st;
	uint64_t nospc = 0;
	uint64_t verdict[ARPBAL_NVERDICTS];
	unsigned int lcore, allocs, v;
	int ret;

	lcore = rte_get_next_lcore(rte_lcore_id(), 1, 0);
	if (rte_lcore_count() < 2 || lcore >= RTE_MAX_LCORE) {
		printf("  needs a second lcore\n");
		return TEST_SKIPPED;
	}
	for (v = 1; v <= 6; v++)
		host_state(&h0, (uint8_t)v, MASTER);
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), a1, 1),
		"A");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_B), b4, 1),
		"B");
	arpbal_reclaim(h0.ab);
	allocs = heap_allocs();

	c.r = h0.r;
	TEST_ASSERT_SUCCESS(rte_eal_remote_launch(churn_reader, &c, lcore),
		"launch");
	while (!__atomic_load_n(&c.started, __ATOMIC_ACQUIRE))
		rte_pause();
	ret = churn_write(&h0, &nospc);
	__atomic_store_n(&c.stop, true, __ATOMIC_RELEASE);
	rte_eal_wait_lcore(lcore);
	printf("  %" PRIu64 " bursts, %" PRIu64 " replies during %u changes"
		" (%" PRIu64 " -ENOSPC retried)\n", c.bursts, c.replies,
		CHURN_OPS, nospc);
	TEST_ASSERT_SUCCESS(ret, "group changes");

	TEST_ASSERT_EQUAL(c.wrong, 0, "replies from the wrong vhid");
	TEST_ASSERT_EQUAL(c.no_mbuf, 0, "bursts without mbufs");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_MASTER], 0,
		"NOT_MASTER: a group seen after it was freed");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_RATE_LIMITED] + st.v[ARPBAL_STAT_MALFORMED], 0,
		"limited or malformed");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], c.replies, "answered");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	arpbal_vhid_stats(h0.ab, PORT, 0, verdict);
	TEST_ASSERT_EQUAL(verdict[ARPBAL_NOT_MASTER], 0, "verdicts at vhid 0");

	/* Back to the groups of the start: the same blocks, no more. */
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_A), a1, 1),
		"A");
	TEST_ASSERT_SUCCESS(arpbal_group_set(h0.ab, PORT, be(VIP_B), b4, 1),
		"B");
	arpbal_reclaim(h0.ab);
	TEST_ASSERT_EQUAL(heap_allocs(), allocs, "rte_malloc blocks left");
	TEST_ASSERT_EQUAL(arpbal_count(h0.ab), 2, "count");
	return mbufs_back();
}

static int
suite_setup(void)
{
	return arpbal_suite_pool("arpbal_test", NB_MBUFS);
}

static struct unit_test_suite arpbal_testsuite = {
	.suite_name = "arpbal autotest",
	.setup = suite_setup,
	.teardown = arpbal_suite_teardown,
	.unit_test_cases = {
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_single_master),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_profile),
		TEST_CASE_ST(case_setup, arpbal_case_teardown,
			test_single_backup_init),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_mixed_burst),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_full_burst),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_not_shared),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_malformed),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_odd_senders),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_pass_to_host),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_sift),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_drop_shared),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_balance_rule),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_balance_by_hand),
		TEST_CASE_ST(case_setup, arpbal_case_teardown,
			test_balance_two_hosts),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_balance_off),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_choose_agrees),
		TEST_CASE_ST(rate_setup, arpbal_case_teardown, test_rate_new_source),
		TEST_CASE_ST(rate_setup, arpbal_case_teardown,
			test_rate_known_source),
		TEST_CASE_ST(rate_setup, arpbal_case_teardown, test_rate_off),
		TEST_CASE_ST(rate_setup, arpbal_case_teardown,
			test_rate_only_answers),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_counters),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_sources_full),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_group_replace),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_group_delete),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_group_list),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_group_invalid),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_group_nospc),
		TEST_CASE_ST(case_setup, arpbal_case_teardown,
			test_group_nospc_small),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_group_capacity),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_free_releases),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_concurrent),
		TEST_CASES_END()
	}
};

static int
test_arpbal(void)
{
	sift_mode = false;
	return unit_test_suite_runner(&arpbal_testsuite);
}

REGISTER_TEST_COMMAND(arpbal_autotest, test_arpbal);

/* The same cases with each burst sifted first, as the app's workers do. */
static int
test_arpbal_sift(void)
{
	int ret;

	sift_mode = true;
	arpbal_testsuite.suite_name = "arpbal autotest, sifted";
	ret = unit_test_suite_runner(&arpbal_testsuite);
	sift_mode = false;
	return ret;
}

REGISTER_TEST_COMMAND(arpbal_sift_autotest, test_arpbal_sift);
