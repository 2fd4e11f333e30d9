/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * arpbal6_autotest: lib/arpbal's IPv6 side against neighbour solicitations
 * in mbufs. Frames are laid out here byte by byte, with a checksum routine
 * of this file's own (big-endian word sums, not DPDK's), and each expected
 * advertisement is written out in full from RFC 4861 §4.4 and §7.2.4, so
 * that the library cannot agree with itself; the balancing cases take
 * their answers from a model of the rule (the low 32 bits of the source,
 * mod the running vhids) and a few literals worked out by hand.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_pause.h>

#include "arpbal.h"
#include "arpbal_fixture.h"

#include "test.h"

/* Byte offsets in an Ethernet/IPv6/ICMPv6 neighbour discovery frame. */
#define OFF_EDST	0
#define OFF_ESRC	6
#define OFF_ETYPE	12
#define OFF_VTC		14
#define OFF_PLEN	18
#define OFF_NH		20
#define OFF_HLIM	21
#define OFF_SRC		22
#define OFF_DST		38
#define OFF_ICMP	54
#define OFF_TYPE	54
#define OFF_CODE	55
#define OFF_CKSUM	56
#define OFF_FLAGS	58
#define OFF_TARGET	62
#define OFF_OPT		78
#define NS_FRAME_LEN	78	/* without options */
#define NA_FRAME_LEN	86	/* with the one option */
#define NA_LEN		32
/* Bytes past the message, as a NIC may leave them: their pattern shows a
 * reply that keeps them.
 */
#define TRAILER		4
#define PAD_BYTE	0xa5

#define INIT	ARPBAL_STATE_INIT
#define BACKUP	ARPBAL_STATE_BACKUP
#define MASTER	ARPBAL_STATE_MASTER

#define OTHER_PORT	4
#define NB_MBUFS	2047
#define MAX_FRAME	256


/* 2001:db8::10, ::20 virtual; ::99 not. */
static const uint8_t vip_a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 };
static const uint8_t vip_b[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x20 };
static const uint8_t not_vip[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x99 };
static const uint8_t unspec[16];


/* A neighbour solicitation as a test writes it. */
struct ns {
	uint8_t esrc[6], edst[6];
	uint8_t src[16], dst[16], target[16];
	uint8_t hlim, code, type, version;
	bool slla;
	uint8_t slla_mac[6];
	uint8_t opts[32];	/* more options, after the SLLA one */
	unsigned int nopts;
	int plen_delta;		/* payload length field off by this much */
	unsigned int cut;	/* bytes taken off the frame's end */
	bool bad_cksum;
};

/* 2001:db8::<hi>:<lo> style sources: prefix, then the low 32 bits. */
static void
addr6(uint8_t a[16], uint16_t prefix, uint32_t low)
{
	memset(a, 0, 16);
	put16(a, prefix);
	if (prefix == 0x2001)
		put16(a + 2, 0x0db8);
	a[8] = 0x02;		/* an interface id's middle, nonzero */
	a[12] = low >> 24;
	a[13] = (low >> 16) & 0xff;
	a[14] = (low >> 8) & 0xff;
	a[15] = low & 0xff;
}

/* The requester's MAC from its low 32 bits: 02:5b:xx:xx:xx:xx. */
static void
mac_of(const uint8_t a[16], uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x5b;
	memcpy(mac + 2, a + 12, 4);
}

static void
vmac(uint8_t vhid, uint8_t mac[6])
{
	static const uint8_t prefix[5] = { 0x00, 0x00, 0x5e, 0x00, 0x01 };

	memcpy(mac, prefix, sizeof(prefix));
	mac[5] = vhid;
}

/* ff02::1:ff and the target's last three bytes (RFC 4291 §2.7.1). */
static void
solicited(const uint8_t target[16], uint8_t group[16])
{
	memset(group, 0, 16);
	group[0] = 0xff;
	group[1] = 0x02;
	group[11] = 0x01;
	group[12] = 0xff;
	memcpy(group + 13, target + 13, 3);
}

/*
 * The Internet checksum of RFC 1071 over the IPv6 pseudo-header of
 * RFC 8200 §8.1 (next header 58) and len bytes of msg, as a number:
 * store it big-endian; over a message with its checksum, 0 means right.
 */
static uint16_t
cksum6(const uint8_t src[16], const uint8_t dst[16], const uint8_t *msg,
		uint32_t len)
{
	uint32_t sum = 0, i;

	for (i = 0; i < 16; i += 2)
		sum += (uint32_t)(src[i] << 8 | src[i + 1]) +
			(uint32_t)(dst[i] << 8 | dst[i + 1]);
	sum += (len >> 16) + (len & 0xffff) + 58;
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(msg[i] << 8 | msg[i + 1]);
	if (len & 1)
		sum += (uint32_t)msg[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* A solicitation from src for target, multicast to the solicited-node
 * group, with the source link-layer address option.
 */
static void
ns_init(struct ns *s, const uint8_t src[16], const uint8_t target[16])
{
	memset(s, 0, sizeof(*s));
	memcpy(s->src, src, 16);
	memcpy(s->target, target, 16);
	mac_of(src, s->esrc);
	memcpy(s->slla_mac, s->esrc, 6);
	solicited(target, s->dst);
	s->edst[0] = 0x33;
	s->edst[1] = 0x33;
	memcpy(s->edst + 2, s->dst + 12, 4);
	s->hlim = 255;
	s->type = 135;
	s->version = 6;
	s->slla = true;
}

/* A duplicate address detection probe for target. */
static void
ns_init_dad(struct ns *s, const uint8_t target[16], const uint8_t mac[6])
{
	ns_init(s, unspec, target);
	memcpy(s->esrc, mac, 6);
	s->slla = false;
}

static uint32_t
ns_len(const struct ns *s)
{
	return 24 + (s->slla ? 8 : 0) + s->nopts;
}

static void
ns_write(const struct ns *s, uint8_t *p)
{
	uint32_t len = ns_len(s);
	uint8_t *icmp = p + OFF_ICMP;
	uint16_t c;

	memset(p, PAD_BYTE, OFF_ICMP + len + TRAILER);
	memcpy(p + OFF_EDST, s->edst, 6);
	memcpy(p + OFF_ESRC, s->esrc, 6);
	put16(p + OFF_ETYPE, 0x86dd);
	p[OFF_VTC] = (uint8_t)(s->version << 4);
	memset(p + OFF_VTC + 1, 0, 3);
	put16(p + OFF_PLEN, (uint16_t)((int)len + s->plen_delta));
	p[OFF_NH] = 58;
	p[OFF_HLIM] = s->hlim;
	memcpy(p + OFF_SRC, s->src, 16);
	memcpy(p + OFF_DST, s->dst, 16);
	icmp[0] = s->type;
	icmp[1] = s->code;
	memset(icmp + 2, 0, 6);
	memcpy(icmp + 8, s->target, 16);
	if (s->slla) {
		icmp[24] = 1;
		icmp[25] = 1;
		memcpy(icmp + 26, s->slla_mac, 6);
	}
	memcpy(icmp + 24 + (s->slla ? 8 : 0), s->opts, s->nopts);
	c = cksum6(s->src, s->dst, icmp, len);
	if (s->bad_cksum)
		c ^= 0x0100;
	put16(icmp + 2, c);
}

static struct rte_mbuf *
ns_mbuf(const struct ns *s, uint16_t port)
{
	uint32_t len = OFF_ICMP + ns_len(s) + TRAILER - s->cut;
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t frame[MAX_FRAME];
	uint8_t *p;

	if (m == NULL)
		return NULL;
	p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)len);
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	ns_write(s, frame);
	memcpy(p, frame, len);
	m->port = port;
	return m;
}

/*
 * The advertisement vhid owes the solicitation s, byte for byte: to the
 * requester (its option's MAC, else its frame's source) with S|O, or for
 * a probe to all nodes with O alone.
 */
static int
check_na(const struct rte_mbuf *m, const struct ns *s, uint8_t vhid)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
	static const uint8_t all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	uint8_t want[NA_FRAME_LEN], vm[6];
	bool dad = memcmp(s->src, unspec, 16) == 0;

	vmac(vhid, vm);
	memset(want, 0, sizeof(want));
	if (dad)
		memcpy(want + OFF_EDST, all_nodes_mac, 6);
	else
		memcpy(want + OFF_EDST, s->slla ? s->slla_mac : s->esrc, 6);
	memcpy(want + OFF_ESRC, vm, 6);
	put16(want + OFF_ETYPE, 0x86dd);
	want[OFF_VTC] = 0x60;
	put16(want + OFF_PLEN, NA_LEN);
	want[OFF_NH] = 58;
	want[OFF_HLIM] = 255;
	memcpy(want + OFF_SRC, s->target, 16);
	memcpy(want + OFF_DST, dad ? all_nodes : s->src, 16);
	want[OFF_TYPE] = 136;
	want[OFF_CODE] = 0;
	want[OFF_FLAGS] = dad ? 0x20 : 0x60;
	memcpy(want + OFF_TARGET, s->target, 16);
	want[OFF_OPT] = 2;
	want[OFF_OPT + 1] = 1;
	memcpy(want + OFF_OPT + 2, vm, 6);
	put16(want + OFF_CKSUM, cksum6(want + OFF_SRC, want + OFF_DST,
		want + OFF_ICMP, NA_LEN));

	TEST_ASSERT_EQUAL(m->nb_segs, 1, "segments");
	TEST_ASSERT_EQUAL(m->data_len, NA_FRAME_LEN, "advertisement length");
	TEST_ASSERT_EQUAL(m->pkt_len, NA_FRAME_LEN, "advertisement length");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(p, want, NA_FRAME_LEN,
		"advertisement of vhid %u", vhid);
	/* And its checksum, recomputed over what was sent. */
	TEST_ASSERT_EQUAL(cksum6(p + OFF_SRC, p + OFF_DST, p + OFF_ICMP,
		NA_LEN), 0, "checksum");
	return TEST_SUCCESS;
}

/* As in arpbal_autotest: the reader is online only while it reads. */
static uint16_t
host_nd(struct host *h, struct rte_mbuf **pkts, uint16_t n,
		struct rte_mbuf **pass, uint16_t *npass)
{
	uint16_t nr;

	arpbal_reader_online(h->r);
	nr = arpbal_nd_process(h->r, pkts, n, pass, npass);
	arpbal_reader_quiescent(h->r);
	arpbal_reader_offline(h->r);
	return nr;
}

/* The rule for a requester whose last 32 bits are low: the vhid whose
 * turn it is among vhids[] (ascending, no duplicates), 0 if none running.
 */
static uint8_t
model_choose(const struct host *h, const uint8_t *vhids, unsigned int n,
		uint32_t low, bool *answer)
{
	uint8_t running[256];
	unsigned int i, nrun = 0;
	uint8_t v;

	*answer = false;
	if (!h->balance && n > 1) {
		for (i = 0; i < n; i++)
			if (h->state[vhids[i]] == MASTER) {
				*answer = true;
				return vhids[i];
			}
		return 0;
	}
	for (i = 0; i < n; i++)
		if (n == 1 || h->state[vhids[i]] != INIT)
			running[nrun++] = vhids[i];
	if (nrun == 0)
		return 0;
	v = running[low % nrun];
	*answer = h->state[v] == MASTER;
	return v;
}

/*
 * One solicitation through h: want is the vhid that must answer (0: no
 * answer). The mbuf is freed either way.
 */
static int
run_one(struct host *h, const struct ns *s, uint8_t want)
{
	struct rte_mbuf *m = ns_mbuf(s, PORT);
	uint16_t nr;
	int ret = TEST_SUCCESS;

	TEST_ASSERT_NOT_NULL(m, "mbuf");
	nr = host_nd(h, &m, 1, NULL, NULL);
	if (want == 0) {
		TEST_ASSERT_EQUAL(nr, 0, "answered");
		return TEST_SUCCESS;
	}
	TEST_ASSERT_EQUAL(nr, 1, "not answered (vhid %u)", want);
	ret = check_na(m, s, want);
	rte_pktmbuf_free(m);
	return ret;
}

/* Every request and solicitation is accounted for exactly once. */
static int
check_stats_sum(const struct arpbal_stats *st)
{
	uint64_t sum = st->v[ARPBAL_STAT_NOT_SHARED] +
		st->v[ARPBAL_STAT_MALFORMED] + st->v[ARPBAL_STAT_PASSED] +
		st->v[ARPBAL_STAT_BAD_SENDER] + st->v[ARPBAL_STAT_SENDER_VIP] +
		st->v[ARPBAL_STAT_ND_NO_ROOM];
	unsigned int k;

	for (k = 0; k < ARPBAL_NVERDICTS; k++)
		sum += st->v[ARPBAL_STAT_OF(k)];
	TEST_ASSERT_EQUAL(sum, st->v[ARPBAL_STAT_REQUESTS] +
		st->v[ARPBAL_STAT_ND_REQUESTS], "each counted once");
	return TEST_SUCCESS;
}

static int
case_setup(void)
{
	mbufs0 = rte_mempool_avail_count(pool);
	if (host_init(&h0, 64, 1024) != 0) {
		printf("  cannot create the balancer\n");
		return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

static int
group6_set(struct host *h, const uint8_t addr[16], const uint8_t *v,
		unsigned int n)
{
	unsigned int i;
	int ret;

	ret = arpbal_group6_set(h->ab, PORT, addr, NULL, 0);
	for (i = 0; ret == 0 && i < n; i++)
		ret = arpbal_group6_join(h->ab, PORT, addr, v[i]);
	return ret;
}

/* ---- the IPv6 table ---- */

/* join, leave, get, iterate and count, beside an IPv4 address. */
static int
test_group6_api(void)
{
	uint8_t v[256], a[16], seen = 0, mc[16] = { 0xff, 0x02, [15] = 1 };
	unsigned int n;
	uint32_t it = 0;
	uint16_t port;

	TEST_ASSERT_SUCCESS(arpbal_group6_join(h0.ab, PORT, vip_a, 5), "join");
	TEST_ASSERT_SUCCESS(arpbal_group6_join(h0.ab, PORT, vip_a, 2), "join");
	TEST_ASSERT_SUCCESS(arpbal_group6_join(h0.ab, PORT, vip_a, 5),
		"joining twice");
	TEST_ASSERT_SUCCESS(arpbal_group6_join(h0.ab, OTHER_PORT, vip_a, 7),
		"another port");
	TEST_ASSERT_SUCCESS(arpbal_group6_join(h0.ab, PORT, vip_b, 9), "join");
	TEST_ASSERT_SUCCESS(arpbal_group_join(h0.ab, PORT,
		RTE_BE32(0xc000020a), 1), "an IPv4 address");
	TEST_ASSERT_EQUAL(arpbal_count6(h0.ab), 3, "IPv6 entries");
	TEST_ASSERT_EQUAL(arpbal_count(h0.ab), 1, "IPv4 entries");

	TEST_ASSERT_SUCCESS(arpbal_group6_get(h0.ab, PORT, vip_a, v, &n),
		"get");
	TEST_ASSERT_EQUAL(n, 2, "vhids");
	TEST_ASSERT(v[0] == 2 && v[1] == 5, "ascending: %u %u", v[0], v[1]);
	TEST_ASSERT_SUCCESS(arpbal_group6_get(h0.ab, OTHER_PORT, vip_a, v, &n),
		"get");
	TEST_ASSERT(n == 1 && v[0] == 7, "the other port's");
	TEST_ASSERT_EQUAL(arpbal_group6_get(h0.ab, PORT, not_vip, v, &n),
		-ENOENT, "absent");
	TEST_ASSERT_EQUAL(arpbal_group6_get(h0.ab, ARPBAL_MAX_PORTS, vip_a, v,
		&n), -ENOENT, "port out of range");

	while (arpbal_iterate6(h0.ab, &it, &port, a, v, &n)) {
		if (port == PORT && memcmp(a, vip_a, 16) == 0) {
			TEST_ASSERT(n == 2 && v[0] == 2 && v[1] == 5, "A");
			seen |= 1;
		} else if (port == OTHER_PORT && memcmp(a, vip_a, 16) == 0) {
			TEST_ASSERT(n == 1 && v[0] == 7, "A on the other port");
			seen |= 2;
		} else if (port == PORT && memcmp(a, vip_b, 16) == 0) {
			TEST_ASSERT(n == 1 && v[0] == 9, "B");
			seen |= 4;
		} else {
			TEST_ASSERT(false, "an entry never added, port %u",
				port);
		}
	}
	TEST_ASSERT_EQUAL(seen, 7, "every entry once");

	TEST_ASSERT_SUCCESS(arpbal_group6_leave(h0.ab, PORT, vip_a, 2),
		"leave");
	TEST_ASSERT_SUCCESS(arpbal_group6_leave(h0.ab, PORT, vip_a, 3),
		"leaving a group one is not in");
	TEST_ASSERT_SUCCESS(arpbal_group6_get(h0.ab, PORT, vip_a, v, &n),
		"get");
	TEST_ASSERT(n == 1 && v[0] == 5, "5 left");
	TEST_ASSERT_SUCCESS(arpbal_group6_leave(h0.ab, PORT, vip_a, 5),
		"leave");
	TEST_ASSERT_EQUAL(arpbal_group6_get(h0.ab, PORT, vip_a, v, &n),
		-ENOENT, "the last one out removes the address");
	TEST_ASSERT_EQUAL(arpbal_count6(h0.ab), 2, "IPv6 entries");
	TEST_ASSERT_SUCCESS(arpbal_group6_leave(h0.ab, PORT, not_vip, 1),
		"leaving an absent address");

	TEST_ASSERT_EQUAL(arpbal_group6_join(h0.ab, PORT, vip_a, 0), -EINVAL,
		"vhid 0");
	TEST_ASSERT_EQUAL(arpbal_group6_join(h0.ab, ARPBAL_MAX_PORTS, vip_a,
		1), -EINVAL, "port");
	TEST_ASSERT_EQUAL(arpbal_group6_join(h0.ab, PORT, unspec, 1), -EINVAL,
		"::");
	TEST_ASSERT_EQUAL(arpbal_group6_join(h0.ab, PORT, mc, 1), -EINVAL,
		"multicast");
	TEST_ASSERT_EQUAL(arpbal_group6_set(h0.ab, PORT, vip_a, v, 256),
		-EINVAL, "more than 255 vhids");
	TEST_ASSERT_EQUAL(arpbal_count6(h0.ab), 2, "nothing added");
	TEST_ASSERT_EQUAL(arpbal_count(h0.ab), 1, "IPv4 untouched");
	return TEST_SUCCESS;
}

/* Both tables fill to max_addrs at once, and refill after emptying:
 * their shared counter ids and their own key slots come back.
 */
static int
test_group6_capacity(void)
{
	static const uint8_t v1 = 1;
	struct host h;
	uint8_t a[16];
	unsigned int round, i;
	int ret = TEST_SUCCESS;

	TEST_ASSERT_SUCCESS(host_init(&h, 16, 16), "host");
	for (round = 0; ret == TEST_SUCCESS && round < 5; round++) {
		for (i = 0; i < 16; i++) {
			addr6(a, 0x2001, 0x100 + i + round * 16);
			if (arpbal_group6_set(h.ab, PORT, a, &v1, 1) != 0 ||
			    arpbal_group_set(h.ab, PORT,
					rte_cpu_to_be_32(0x0a000100 + i), &v1,
					1) != 0) {
				printf("  round %u, address %u refused\n",
					round, i);
				ret = TEST_FAILED;
				break;
			}
		}
		addr6(a, 0x2001, 0x99999);
		if (ret == TEST_SUCCESS &&
		    (arpbal_group6_set(h.ab, PORT, a, &v1, 1) != -ENOSPC ||
		     arpbal_count6(h.ab) != 16 || arpbal_count(h.ab) != 16)) {
			printf("  round %u: a 17th address, or counts\n",
				round);
			ret = TEST_FAILED;
		}
		for (i = 0; ret == TEST_SUCCESS && i < 16; i++) {
			addr6(a, 0x2001, 0x100 + i + round * 16);
			if (arpbal_group6_set(h.ab, PORT, a, NULL, 0) != 0 ||
			    arpbal_group_set(h.ab, PORT,
					rte_cpu_to_be_32(0x0a000100 + i), NULL,
					0) != 0)
				ret = TEST_FAILED;
		}
	}
	host_fini(&h);
	return ret;
}

/* ---- answers ---- */

static int
test_ns_master(void)
{
	static const uint8_t v1 = 1;
	uint64_t verdict[ARPBAL_NVERDICTS];
	struct arpbal_stats st;
	uint8_t src[16];
	struct ns s;

	addr6(src, 0x2001, 0x0a000007);
	host_state(&h0, 1, MASTER);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, &v1, 1), "group");
	ns_init(&s, src, vip_a);
	/* The option's MAC, not the frame's, is where the answer goes. */
	s.slla_mac[5] ^= 0x40;
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 1), "MASTER answers");

	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ND_REQUESTS], 1, "nd_requests");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_REQUESTS], 0, "ARP requests");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 1, "answered");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	TEST_ASSERT_SUCCESS(arpbal_group6_stats(h0.ab, PORT, vip_a, verdict),
		"group stats");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], 1, "group: answered");
	TEST_ASSERT_EQUAL(arpbal_group6_stats(h0.ab, PORT, not_vip, verdict),
		-ENOENT, "no group");
	arpbal_vhid_stats(h0.ab, PORT, 1, verdict);
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], 1, "vhid: answered");
	return mbufs_back();
}

/* Without the option: to the frame's source, and 8 bytes longer. */
static int
test_ns_no_slla(void)
{
	static const uint8_t v7 = 7;
	uint8_t src[16];
	struct ns s;

	addr6(src, 0xfe80, 0x12345678);
	host_state(&h0, 7, MASTER);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_b, &v7, 1), "group");
	ns_init(&s, src, vip_b);
	s.slla = false;
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 7), "answered");
	/* The same with an option of another kind (a nonce, type 14). */
	s.opts[0] = 14;
	s.opts[1] = 1;
	memset(s.opts + 2, 0x11, 6);
	s.nopts = 8;
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 7), "answered");
	/* Unicast to the address (neighbour unreachability detection). */
	s.nopts = 0;
	memcpy(s.dst, vip_b, 16);
	vmac(7, s.edst);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 7), "answered");
	return mbufs_back();
}

/* A probe from :: is defended: to all nodes, override alone. */
static int
test_ns_dad(void)
{
	static const uint8_t v12[] = { 1, 2 };
	static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x0d, 0xad };
	struct arpbal_stats st;
	struct ns s;

	host_state(&h0, 1, MASTER);
	host_state(&h0, 2, MASTER);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, v12, 2), "group");
	ns_init_dad(&s, vip_a, mac);
	/* Balanced or not, a probe counts as source 0: vhid 1 of {1, 2}. */
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 1), "probe answered");
	host_balance(&h0, true);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 1), "probe answered");
	host_state(&h0, 1, BACKUP);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 0), "vhid 1's turn, BACKUP");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 2, "answered");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_MASTER], 1, "not_master");
	return mbufs_back();
}

static int
test_ns_backup_init(void)
{
	static const uint8_t v3 = 3;
	uint64_t verdict[ARPBAL_NVERDICTS];
	struct arpbal_stats st;
	uint8_t src[16];
	struct ns s;

	addr6(src, 0x2001, 0x0a000001);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, &v3, 1), "group");
	ns_init(&s, src, vip_a);
	host_state(&h0, 3, BACKUP);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 0), "BACKUP silent");
	host_state(&h0, 3, INIT);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 0), "INIT silent");
	host_state(&h0, 3, MASTER);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 3), "MASTER answers");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_MASTER], 2, "not_master");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 1, "answered");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	TEST_ASSERT_SUCCESS(arpbal_group6_stats(h0.ab, PORT, vip_a, verdict),
		"group stats");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_NOT_MASTER], 2, "group: not_master");
	arpbal_vhid_stats(h0.ab, PORT, 3, verdict);
	TEST_ASSERT_EQUAL(verdict[ARPBAL_NOT_MASTER], 2, "vhid: not_master");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], 1, "vhid: answered");
	return mbufs_back();
}

/* ---- balancing ---- */

/* Sources whose low 32 bits make the turn; their prefixes must not. */
static const uint32_t lows[] = {
	0x0a000007, 0x0a000008, 0x00000001, 0x00000002, 0x00000003,
	0xfffffffe, 0xffffffff, 0x12345678, 0x80000000, 0x7fffffff,
	0xdeadbeef, 0x0000ff00,
};
static const uint16_t prefixes[] = { 0x2001, 0xfe80, 0xfd00 };

/*
 * Two hosts: A is MASTER of vhid 1, B of vhid 2, both carry vip_a on
 * {1, 2}. Each source gets one answer, from the vhid of its low 32 bits'
 * parity, whatever its prefix.
 */
static int
test_ns_balance_two(void)
{
	static const uint8_t v12[] = { 1, 2 };
	struct host hb;
	uint8_t src[16], want;
	unsigned int i, k, from_a = 0, from_b = 0;
	struct ns s;
	int ret = TEST_SUCCESS;

	TEST_ASSERT_SUCCESS(host_init(&hb, 64, 1024), "host B");
	host_balance(&h0, true);
	host_balance(&hb, true);
	host_state(&h0, 1, MASTER);
	host_state(&h0, 2, BACKUP);
	host_state(&hb, 1, BACKUP);
	host_state(&hb, 2, MASTER);
	if (group6_set(&h0, vip_a, v12, 2) != 0 ||
	    group6_set(&hb, vip_a, v12, 2) != 0) {
		host_fini(&hb);
		TEST_ASSERT(false, "groups");
	}
	for (i = 0; ret == TEST_SUCCESS && i < RTE_DIM(lows); i++)
		for (k = 0; ret == TEST_SUCCESS && k < RTE_DIM(prefixes);
		     k++) {
			addr6(src, prefixes[k], lows[i]);
			ns_init(&s, src, vip_a);
			want = lows[i] % 2 == 0 ? 1 : 2;
			ret = run_one(&h0, &s, want == 1 ? 1 : 0);
			if (ret == TEST_SUCCESS)
				ret = run_one(&hb, &s, want == 2 ? 2 : 0);
			from_a += want == 1;
			from_b += want == 2;
		}
	host_fini(&hb);
	TEST_ASSERT_SUCCESS(ret, "source %u prefix %u", i - 1, k - 1);
	TEST_ASSERT(from_a > 0 && from_b > 0, "both hosts answer some");
	return mbufs_back();
}

/* By hand: low 32 bits 0x0a000007 (10.0.0.7's number) is 1 mod 2 and
 * 2 mod 3, so vhid 2 of {1, 2} and vhid 5 of {1, 2, 5} answer; with vhid
 * 2 in INIT, {1, 5} leaves 1 mod 2: vhid 5.
 */
static int
test_ns_balance_by_hand(void)
{
	static const uint8_t v12[] = { 2, 1 }, v125[] = { 5, 1, 2 };
	uint8_t src[16];
	struct ns s;

	addr6(src, 0x2001, 0x0a000007);
	host_balance(&h0, true);
	host_state(&h0, 1, MASTER);
	host_state(&h0, 2, MASTER);
	host_state(&h0, 5, MASTER);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, v12, 2), "group");
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_b, v125, 3), "group");
	ns_init(&s, src, vip_a);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 2), "{1, 2}");
	ns_init(&s, src, vip_b);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 5), "{1, 2, 5}");
	host_state(&h0, 2, INIT);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 5), "{1, 5}");
	host_balance(&h0, false);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 1), "off: the lowest MASTER");
	return mbufs_back();
}

/* Random states, the model against the library, and arpbal_choose6(). */
static int
test_ns_balance_model(void)
{
	static const uint8_t v[] = { 1, 2, 3, 4, 5 };
	uint64_t seed = 0x5eed6;
	struct arpbal_choice c;
	uint8_t src[16], want;
	unsigned int round, i, k;
	bool answer;
	struct ns s;

	host_balance(&h0, true);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, v, RTE_DIM(v)), "group");
	for (round = 0; round < 20; round++) {
		for (k = 0; k < RTE_DIM(v); k++)
			host_state(&h0, v[k],
				(uint8_t)(test_xorshift(&seed) % 3));
		for (i = 0; i < 8; i++) {
			uint32_t low = (uint32_t)test_xorshift(&seed);

			addr6(src, prefixes[i % RTE_DIM(prefixes)], low);
			want = model_choose(&h0, v, RTE_DIM(v), low, &answer);
			ns_init(&s, src, vip_a);
			TEST_ASSERT_SUCCESS(run_one(&h0, &s,
				answer ? want : 0), "round %u source %u",
				round, i);
			c = arpbal_choose6(h0.ab, PORT, vip_a, src);
			TEST_ASSERT_EQUAL(c.vhid, want, "choose6's vhid");
			TEST_ASSERT_EQUAL(c.verdict, answer ? ARPBAL_ANSWERED :
				ARPBAL_NOT_MASTER, "choose6's verdict");
		}
	}
	return mbufs_back();
}

/* ---- what is not answered ---- */

static int
expect_malformed(const struct ns *s, const char *what)
{
	struct rte_mbuf *m = ns_mbuf(s, PORT), *pass[1];
	struct arpbal_stats st0, st;
	uint16_t nr, np = 99;

	TEST_ASSERT_NOT_NULL(m, "mbuf");
	stats_of(&h0, &st0);
	/* Never to the host, even when it takes what is not ours. */
	nr = host_nd(&h0, &m, 1, pass, &np);
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(nr, 0, "%s: answered", what);
	TEST_ASSERT_EQUAL(np, 0, "%s: passed", what);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_MALFORMED] -
		st0.v[ARPBAL_STAT_MALFORMED], 1, "%s: malformed", what);
	return TEST_SUCCESS;
}

static int
test_ns_malformed(void)
{
	static const uint8_t v1 = 1;
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x0d };
	uint8_t src[16], mc[16] = { 0xff, 0x05, [15] = 0x10 };
	struct arpbal_stats st;
	struct ns good, s;

	addr6(src, 0x2001, 0x0a000007);
	host_state(&h0, 1, MASTER);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, &v1, 1), "group");
	ns_init(&good, src, vip_a);
	/* The good one is answered: what follows fails for one reason. */
	TEST_ASSERT_SUCCESS(run_one(&h0, &good, 1), "the good one");

	s = good;
	s.hlim = 254;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "hop limit"), "hlim");
	s = good;
	s.bad_cksum = true;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "checksum"), "cksum");
	s = good;
	s.code = 1;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "code"), "code");
	s = good;
	s.version = 4;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "version"), "version");
	/* Shorter than 24 bytes of ICMPv6 (and so said). */
	s = good;
	s.slla = false;
	s.plen_delta = -4;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "short"), "short");
	/* The payload length beyond the frame. */
	s = good;
	s.cut = TRAILER + 1;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "cut"), "cut");
	s = good;
	s.plen_delta = TRAILER + 1;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "long"), "long");
	/* A frame that ends inside the IPv6 header. */
	s = good;
	s.cut = TRAILER + 32 + 10;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "no ICMPv6"), "tiny");
	s = good;
	memcpy(s.target, mc, 16);
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "multicast target"), "mc");
	/* A probe with a source link-layer address, or not to a
	 * solicited-node group.
	 */
	ns_init_dad(&s, vip_a, mac);
	s.slla = true;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "DAD with SLLA"), "dad");
	ns_init_dad(&s, vip_a, mac);
	memcpy(s.dst, vip_a, 16);
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "DAD unicast"), "dad dst");
	/* Options: of length 0, past the end, a partial one, an SLLA of
	 * 16 bytes.
	 */
	s = good;
	s.opts[0] = 14;
	s.opts[1] = 0;
	s.nopts = 8;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "option length 0"), "opt0");
	s.opts[1] = 2;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "option past the end"),
		"opt2");
	s.opts[1] = 1;
	s.nopts = 1;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "a byte of an option"),
		"opt1");
	s = good;
	s.slla = false;
	s.opts[0] = 1;
	s.opts[1] = 2;
	s.nopts = 16;
	TEST_ASSERT_SUCCESS(expect_malformed(&s, "SLLA of 16"), "slla16");

	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_MALFORMED], 15, "malformed");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 1, "answered");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	return mbufs_back();
}

/* Not about a virtual address: not_shared, or to the host with pass;
 * another ICMPv6 message the same; a bad one never.
 */
static int
test_ns_not_shared(void)
{
	static const uint8_t v1 = 1;
	struct rte_mbuf *m[4], *pass[4], *in1;
	struct arpbal_stats st;
	uint8_t src[16], copy[MAX_FRAME];
	uint16_t nr, np;
	struct ns s, na;

	addr6(src, 0x2001, 0x0a000007);
	host_state(&h0, 1, MASTER);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, &v1, 1), "group");
	ns_init(&s, src, not_vip);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 0), "not a virtual address");
	ns_init(&s, src, vip_a);
	m[0] = ns_mbuf(&s, OTHER_PORT);
	TEST_ASSERT_NOT_NULL(m[0], "mbuf");
	nr = host_nd(&h0, m, 1, NULL, NULL);
	TEST_ASSERT_EQUAL(nr, 0, "virtual on another port only");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_SHARED], 2, "not_shared");

	/* With pass: the host's, untouched; an advertisement too, unless
	 * it names a virtual address (another host's claim: dropped); a
	 * bad solicitation never.
	 */
	ns_init(&s, src, not_vip);
	ns_init(&na, src, not_vip);
	na.type = 136;
	m[0] = ns_mbuf(&s, PORT);
	m[1] = ns_mbuf(&na, PORT);
	memcpy(na.target, vip_a, 16);
	m[2] = ns_mbuf(&na, PORT);
	ns_init(&na, src, vip_a);
	na.hlim = 1;
	m[3] = ns_mbuf(&na, PORT);
	TEST_ASSERT(m[0] != NULL && m[1] != NULL && m[2] != NULL &&
		m[3] != NULL, "mbufs");
	memcpy(copy, rte_pktmbuf_mtod(m[0], const void *), m[0]->data_len);
	in1 = m[1];
	nr = host_nd(&h0, m, 4, pass, &np);
	TEST_ASSERT_EQUAL(nr, 0, "answered");
	TEST_ASSERT_EQUAL(np, 2, "passed");
	TEST_ASSERT(pass[1] == in1, "the advertisement, second");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(rte_pktmbuf_mtod(pass[0],
		const uint8_t *), copy, NS_FRAME_LEN + 8 + TRAILER,
		"passed as it came");
	rte_pktmbuf_free_bulk(pass, np);
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_PASSED], 2, "passed");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_SENDER_VIP], 1, "sender_vip");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_MALFORMED], 1, "malformed");

	/* Without pass, another ICMPv6 message is malformed here. */
	ns_init(&na, src, not_vip);
	na.type = 136;
	m[0] = ns_mbuf(&na, PORT);
	TEST_ASSERT_NOT_NULL(m[0], "mbuf");
	TEST_ASSERT_EQUAL(host_nd(&h0, m, 1, NULL, NULL), 0, "answered");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_MALFORMED], 2, "malformed");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	return mbufs_back();
}

/* A solicitation from an odd sender: its source, 1 for a multicast
 * Ethernet source or 2 for a multicast SLLA, and its counter.
 */
struct ns_odd {
	const char *what;
	const uint8_t *src;
	int mac;
	enum arpbal_stat counter;
};

/* The sender checks of ARP, in IPv6's terms. */
static int
test_ns_senders(void)
{
	static const uint8_t v1 = 1, v2 = 2;
	static const uint8_t loop[16] = { [15] = 1 };
	static const uint8_t mcsrc[16] = { 0xff, 0x02, [15] = 1 };
	struct arpbal_stats st0, st;
	unsigned int i, k;
	uint8_t src[16];
	const struct ns_odd odd[] = {
		{ "from a virtual address", vip_b, 0, ARPBAL_STAT_SENDER_VIP },
		{ "from a multicast MAC", src, 1, ARPBAL_STAT_BAD_SENDER },
		{ "multicast SLLA", src, 2, ARPBAL_STAT_BAD_SENDER },
		{ "multicast source", mcsrc, 0, ARPBAL_STAT_BAD_SENDER },
		{ "loopback source", loop, 0, ARPBAL_STAT_BAD_SENDER },
	};
	struct ns s;

	addr6(src, 0x2001, 0x0a000007);
	host_state(&h0, 2, MASTER);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, &v1, 1), "group");
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_b, &v2, 1), "group");

	/* A MASTER counts why; a BACKUP does not look at the sender:
	 * not_master, as for ARP.
	 */
	for (k = 0; k < 2; k++) {
		host_state(&h0, 1, k == 0 ? MASTER : BACKUP);
		for (i = 0; i < RTE_DIM(odd); i++) {
			enum arpbal_stat c = k == 0 ? odd[i].counter :
				ARPBAL_STAT_NOT_MASTER;

			stats_of(&h0, &st0);
			ns_init(&s, odd[i].src, vip_a);
			if (odd[i].mac == 1)
				s.esrc[0] |= 1;
			else if (odd[i].mac == 2)
				s.slla_mac[0] = 0x01;
			TEST_ASSERT_SUCCESS(run_one(&h0, &s, 0), "%s",
				odd[i].what);
			stats_of(&h0, &st);
			TEST_ASSERT_EQUAL(st.v[c] - st0.v[c], 1, "%s, %s: %s",
				odd[i].what, k == 0 ? "MASTER" : "BACKUP",
				arpbal_stat_name(c));
		}
	}
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 0, "answered");
	host_state(&h0, 1, MASTER);
	/* vip_b's address on another port is no virtual address here. */
	ns_init(&s, vip_b, vip_a);
	TEST_ASSERT_SUCCESS(arpbal_group6_leave(h0.ab, PORT, vip_b, 2),
		"leave");
	TEST_ASSERT_SUCCESS(arpbal_group6_join(h0.ab, OTHER_PORT, vip_b, 2),
		"join");
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 1), "answered");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	return mbufs_back();
}

/* An mbuf that cannot take the advertisement: dropped and counted. */
static int
test_ns_no_room(void)
{
	static const uint8_t v1 = 1;
	struct rte_mbuf *m, *m2;
	struct arpbal_stats st;
	uint8_t src[16], frame[MAX_FRAME];
	struct ns s;

	addr6(src, 0x2001, 0x0a000007);
	host_state(&h0, 1, MASTER);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, &v1, 1), "group");
	ns_init(&s, src, vip_a);
	s.slla = false;

	/* 78 bytes at the very end of the buffer. */
	m = rte_pktmbuf_alloc(pool);
	TEST_ASSERT_NOT_NULL(m, "mbuf");
	ns_write(&s, frame);
	m->data_off = (uint16_t)(m->buf_len - NS_FRAME_LEN);
	memcpy(rte_pktmbuf_mtod(m, void *), frame, NS_FRAME_LEN);
	m->data_len = NS_FRAME_LEN;
	m->pkt_len = NS_FRAME_LEN;
	m->port = PORT;
	TEST_ASSERT_EQUAL(host_nd(&h0, &m, 1, NULL, NULL), 0, "no room");

	/* Two segments. */
	m = ns_mbuf(&s, PORT);
	m2 = rte_pktmbuf_alloc(pool);
	TEST_ASSERT(m != NULL && m2 != NULL, "mbufs");
	TEST_ASSERT_NOT_NULL(rte_pktmbuf_append(m2, 10), "append");
	TEST_ASSERT_SUCCESS(rte_pktmbuf_chain(m, m2), "chain");
	TEST_ASSERT_EQUAL(host_nd(&h0, &m, 1, NULL, NULL), 0, "two segments");

	/* Room to the last byte is enough. */
	m = rte_pktmbuf_alloc(pool);
	TEST_ASSERT_NOT_NULL(m, "mbuf");
	m->data_off = (uint16_t)(m->buf_len - NA_FRAME_LEN);
	memcpy(rte_pktmbuf_mtod(m, void *), frame, NS_FRAME_LEN);
	m->data_len = NS_FRAME_LEN;
	m->pkt_len = NS_FRAME_LEN;
	m->port = PORT;
	TEST_ASSERT_EQUAL(host_nd(&h0, &m, 1, NULL, NULL), 1, "room");
	TEST_ASSERT_SUCCESS(check_na(m, &s, 1), "advertisement");
	rte_pktmbuf_free(m);

	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ND_NO_ROOM], 2, "nd_no_room");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 1, "answered");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	return mbufs_back();
}

/* ---- bursts, caches, rate limit ---- */

/*
 * One burst of every kind, on two ports: the answers at the front, each
 * right, and the counters add up.
 */
static int
test_ns_mixed_burst(void)
{
	static const uint8_t v1 = 1, v2 = 2, v4 = 4;
	struct rte_mbuf *m[32], *in[32];
	struct ns s[32];
	uint8_t want[32], src[16];
	struct arpbal_stats st;
	unsigned int i, k, nwant = 0;
	uint16_t nr;

	host_state(&h0, 1, MASTER);
	host_state(&h0, 2, BACKUP);
	arpbal_state_set(h0.ab, OTHER_PORT, 4, ARPBAL_STATE_MASTER);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, &v1, 1), "group");
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_b, &v2, 1), "group");
	TEST_ASSERT_SUCCESS(arpbal_group6_join(h0.ab, OTHER_PORT, vip_a, 4),
		"group");
	RTE_SET_USED(v4);
	for (i = 0; i < 32; i++) {
		addr6(src, 0x2001, 0x0a000100 + i);
		switch (i % 5) {
		case 0:		/* answered by 1 */
			ns_init(&s[i], src, vip_a);
			want[i] = 1;
			break;
		case 1:		/* BACKUP */
			ns_init(&s[i], src, vip_b);
			want[i] = 0;
			break;
		case 2:		/* not shared */
			ns_init(&s[i], src, not_vip);
			want[i] = 0;
			break;
		case 3:		/* malformed */
			ns_init(&s[i], src, vip_a);
			s[i].hlim = 64;
			want[i] = 0;
			break;
		default:	/* answered by 4 on the other port */
			ns_init(&s[i], src, vip_a);
			want[i] = 4;
			break;
		}
		in[i] = ns_mbuf(&s[i], i % 5 == 4 ? OTHER_PORT : PORT);
		TEST_ASSERT_NOT_NULL(in[i], "mbuf");
		m[i] = in[i];
		nwant += want[i] != 0;
	}
	nr = host_nd(&h0, m, 32, NULL, NULL);
	TEST_ASSERT_EQUAL(nr, nwant, "answers");
	for (k = 0; k < nr; k++) {
		for (i = 0; i < 32 && in[i] != m[k]; i++)
			;
		TEST_ASSERT(i < 32 && want[i] != 0, "answer %u", k);
		TEST_ASSERT_SUCCESS(check_na(m[k], &s[i], want[i]),
			"answer to %u", i);
		want[i] = 0;
	}
	rte_pktmbuf_free_bulk(m, nr);
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ND_REQUESTS], 32, "nd_requests");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_MALFORMED], 6, "malformed");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_SHARED], 6, "not_shared");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_MASTER], 7, "not_master");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	return mbufs_back();
}

/* The reader's cache follows the groups: a change is seen at the next
 * burst, whichever family it was in.
 */
static int
test_ns_group_changes(void)
{
	static const uint8_t v1 = 1;
	uint64_t verdict[ARPBAL_NVERDICTS];
	uint8_t src[16];
	struct ns s;

	addr6(src, 0x2001, 0x0a000007);
	host_state(&h0, 1, MASTER);
	host_state(&h0, 3, MASTER);
	ns_init(&s, src, vip_a);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 0), "not yet");
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, &v1, 1), "group");
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 1), "added");
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 1), "from the cache");
	TEST_ASSERT_SUCCESS(arpbal_group6_join(h0.ab, PORT, vip_a, 3), "3");
	TEST_ASSERT_SUCCESS(arpbal_group6_leave(h0.ab, PORT, vip_a, 1), "1");
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 3), "replaced");
	TEST_ASSERT_SUCCESS(arpbal_group_join(h0.ab, PORT,
		RTE_BE32(0x0a000001), 9), "an IPv4 change");
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 3), "still");
	TEST_ASSERT_SUCCESS(arpbal_group6_leave(h0.ab, PORT, vip_a, 3), "3");
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 0), "removed");
	/* A new group starts its counters from zero. */
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, &v1, 1), "group");
	TEST_ASSERT_SUCCESS(arpbal_group6_stats(h0.ab, PORT, vip_a, verdict),
		"stats");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], 0, "fresh counters");
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 1), "again");
	TEST_ASSERT_SUCCESS(arpbal_group6_stats(h0.ab, PORT, vip_a, verdict),
		"stats");
	TEST_ASSERT_EQUAL(verdict[ARPBAL_ANSWERED], 1, "counted");
	return mbufs_back();
}

static int
rate_setup(void)
{
	if (case_setup() != TEST_SUCCESS)
		return TEST_FAILED;
	arpbal_rate_set(h0.ab, 3);
	return TEST_SUCCESS;
}

/*
 * A rate of 3 a second: a burst of 8 from one source gets 3 answers. A
 * source with the same low 32 bits shares its allowance, another does
 * not; probes share one.
 */
static int
test_ns_rate(void)
{
	static const uint8_t v1 = 1;
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x0d };
	struct rte_mbuf *m[8];
	struct arpbal_source src_e;
	struct arpbal_stats st;
	uint8_t src[16], twin[16], other[16];
	uint32_t it = 0;
	unsigned int i;
	bool found = false;
	struct ns s;

	addr6(src, 0x2001, 0x0a000007);
	addr6(twin, 0xfe80, 0x0a000007);
	addr6(other, 0x2001, 0x0a000008);
	host_state(&h0, 1, MASTER);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, &v1, 1), "group");
	ns_init(&s, src, vip_a);
	for (i = 0; i < 8; i++) {
		m[i] = ns_mbuf(&s, PORT);
		TEST_ASSERT_NOT_NULL(m[i], "mbuf");
	}
	TEST_ASSERT_EQUAL(host_nd(&h0, m, 8, NULL, NULL), 3, "limited");
	for (i = 0; i < 3; i++)
		TEST_ASSERT_SUCCESS(check_na(m[i], &s, 1), "answer %u", i);
	rte_pktmbuf_free_bulk(m, 3);
	ns_init(&s, twin, vip_a);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 0), "the same low 32 bits");
	ns_init(&s, other, vip_a);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 1), "another source");
	ns_init_dad(&s, vip_a, mac);
	for (i = 0; i < 3; i++)
		TEST_ASSERT_SUCCESS(run_one(&h0, &s, 1), "probe %u", i);
	TEST_ASSERT_SUCCESS(run_one(&h0, &s, 0), "fourth probe");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_RATE_LIMITED], 7, "rate_limited");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], 7, "answered");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	while (arpbal_source_next(h0.r, &it, &src_e))
		if (src_e.addr == RTE_BE32(0x0a000007)) {
			TEST_ASSERT_EQUAL(src_e.requests, 9, "requests");
			TEST_ASSERT_EQUAL(src_e.limited, 6, "limited");
			found = true;
		}
	TEST_ASSERT(found, "the requester, by its low 32 bits");
	return mbufs_back();
}

/* ---- the other IPv6 traffic ---- */

static int
test_lookup6(void)
{
	static const uint8_t v12[] = { 1, 2 };
	struct arpbal_choice c;
	uint8_t even[16], odd[16];

	addr6(even, 0x2001, 0x0a000008);
	addr6(odd, 0x2001, 0x0a000007);
	host_balance(&h0, true);
	host_state(&h0, 1, MASTER);
	host_state(&h0, 2, BACKUP);
	TEST_ASSERT_SUCCESS(group6_set(&h0, vip_a, v12, 2), "group");

	c = arpbal_choose6(h0.ab, PORT, vip_a, even);
	TEST_ASSERT(c.vhid == 1 && c.verdict == ARPBAL_ANSWERED, "even");
	c = arpbal_choose6(h0.ab, PORT, vip_a, odd);
	TEST_ASSERT(c.vhid == 2 && c.verdict == ARPBAL_NOT_MASTER, "odd");
	c = arpbal_choose6(h0.ab, PORT, not_vip, odd);
	TEST_ASSERT_EQUAL(c.verdict, ARPBAL_NOT_SHARED, "not shared");
	c = arpbal_choose6(h0.ab, OTHER_PORT, vip_a, odd);
	TEST_ASSERT_EQUAL(c.verdict, ARPBAL_NOT_SHARED, "other port");

	/* Egress: the peer's vhid if MASTER here, else the lowest MASTER. */
	c = arpbal_egress6(h0.ab, PORT, vip_a, odd);
	TEST_ASSERT(c.vhid == 1 && c.verdict == ARPBAL_ANSWERED, "egress");
	host_state(&h0, 1, BACKUP);
	c = arpbal_egress6(h0.ab, PORT, vip_a, even);
	TEST_ASSERT_EQUAL(c.verdict, ARPBAL_NOT_MASTER, "no MASTER");
	host_state(&h0, 2, MASTER);
	c = arpbal_egress6(h0.ab, PORT, vip_a, even);
	TEST_ASSERT(c.vhid == 2 && c.verdict == ARPBAL_ANSWERED, "egress");
	c = arpbal_egress6(h0.ab, PORT, not_vip, even);
	TEST_ASSERT_EQUAL(c.verdict, ARPBAL_NOT_SHARED, "not shared");

	/* The reader's: vhid 0 by the rule, a virtual MAC's own vhid. */
	arpbal_reader_online(h0.r);
	c = arpbal_reader_lookup6(h0.r, PORT, vip_a, odd, 0);
	TEST_ASSERT(c.vhid == 2 && c.verdict == ARPBAL_ANSWERED, "odd");
	c = arpbal_reader_lookup6(h0.r, PORT, vip_a, even, 0);
	TEST_ASSERT(c.vhid == 1 && c.verdict == ARPBAL_NOT_MASTER, "even");
	c = arpbal_reader_lookup6(h0.r, PORT, vip_a, even, 2);
	TEST_ASSERT(c.vhid == 2 && c.verdict == ARPBAL_ANSWERED, "to vmac 2");
	c = arpbal_reader_lookup6(h0.r, PORT, vip_a, even, 3);
	TEST_ASSERT_EQUAL(c.verdict, ARPBAL_NOT_MASTER, "vhid 3 carries none");
	c = arpbal_reader_lookup6(h0.r, PORT, not_vip, even, 0);
	TEST_ASSERT_EQUAL(c.verdict, ARPBAL_NOT_SHARED, "not shared");
	c = arpbal_reader_lookup6(h0.r, ARPBAL_MAX_PORTS, vip_a, even, 0);
	TEST_ASSERT_EQUAL(c.verdict, ARPBAL_NOT_SHARED, "port");
	arpbal_reader_quiescent(h0.r);
	arpbal_reader_offline(h0.r);
	/* A change seen by the reader's next lookup. */
	TEST_ASSERT_SUCCESS(arpbal_group6_leave(h0.ab, PORT, vip_a, 2),
		"leave");
	arpbal_reader_online(h0.r);
	c = arpbal_reader_lookup6(h0.r, PORT, vip_a, odd, 0);
	arpbal_reader_quiescent(h0.r);
	arpbal_reader_offline(h0.r);
	TEST_ASSERT(c.vhid == 1 && c.verdict == ARPBAL_NOT_MASTER, "after");
	return TEST_SUCCESS;
}

/* Everything the IPv6 side allocated is freed with the balancer. */
static int
test_free_releases6(void)
{
	static const uint8_t v12[] = { 1, 2 };
	unsigned int before, i;
	uint8_t a[16];
	struct host h;

	TEST_ASSERT_SUCCESS(host_init(&h, 8, 16), "host");
	host_fini(&h);
	before = heap_allocs();
	TEST_ASSERT_SUCCESS(host_init(&h, 8, 16), "host");
	for (i = 0; i < 20; i++) {
		addr6(a, 0x2001, i);
		if (arpbal_group6_set(h.ab, PORT, vip_a, v12,
				1 + (i & 1)) != 0 ||
		    arpbal_group6_set(h.ab, PORT, a, v12, 1) != 0 ||
		    (i % 4 != 0 && arpbal_group6_set(h.ab, PORT, a, NULL,
				0) != 0))
			break;
	}
	host_fini(&h);
	TEST_ASSERT_EQUAL(i, 20, "group changes");
	TEST_ASSERT_EQUAL(heap_allocs(), before, "rte_malloc blocks left");
	return TEST_SUCCESS;
}

/* ---- a reader on another lcore while the IPv6 groups change ---- */

#define CHURN_OPS	6000
#define CHURN_BURST	32

struct churn {
	struct arpbal_reader *r;
	struct ns s[3];		/* for vip_a, vip_b, not_vip */
	bool started;		/* atomic */
	bool stop;		/* atomic */
	uint64_t bursts, replies, wrong, no_mbuf;
};

/*
 * Balancing off, every vhid MASTER: vip_a is carried by {1} or {2, 3},
 * vip_b by {4} or {5, 6}, so an answer for vip_a comes from 1 or 2 and
 * one for vip_b from 4 or 5, whatever the writer is doing; a group read
 * after it was freed would answer nothing and count NOT_MASTER.
 */
static bool
churn_reply_ok(const struct rte_mbuf *m)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	uint8_t vhid = p[OFF_ESRC + 5];

	if (p[OFF_TYPE] != 136 || p[OFF_OPT + 7] != vhid ||
	    cksum6(p + OFF_SRC, p + OFF_DST, p + OFF_ICMP, NA_LEN) != 0)
		return false;
	if (memcmp(p + OFF_SRC, vip_a, 16) == 0)
		return vhid == 1 || vhid == 2;
	if (memcmp(p + OFF_SRC, vip_b, 16) == 0)
		return vhid == 4 || vhid == 5;
	return false;
}

static int
churn_reader(void *arg)
{
	struct churn *c = arg;
	struct rte_mbuf *pkts[CHURN_BURST];
	uint16_t i, nr;

	arpbal_reader_online(c->r);
	__atomic_store_n(&c->started, true, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE)) {
		for (i = 0; i < CHURN_BURST; i++) {
			pkts[i] = ns_mbuf(&c->s[i % 3], PORT);
			if (pkts[i] == NULL)
				break;
		}
		if (i < CHURN_BURST) {
			c->no_mbuf++;
			rte_pktmbuf_free_bulk(pkts, i);
			arpbal_reader_quiescent(c->r);
			continue;
		}
		nr = arpbal_nd_process(c->r, pkts, CHURN_BURST, NULL, NULL);
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
	const uint8_t *addr = i % 6 < 3 ? vip_a : vip_b;

	switch (i % 6) {
	case 0:
		return arpbal_group6_set(h->ab, PORT, addr, a23, 2);
	case 2:
		return arpbal_group6_set(h->ab, PORT, addr, a1, 1);
	case 3:
		return arpbal_group6_set(h->ab, PORT, addr, b56, 2);
	case 5:
		return arpbal_group6_set(h->ab, PORT, addr, b4, 1);
	default:
		return arpbal_group6_set(h->ab, PORT, addr, NULL, 0);
	}
}

static int
test_concurrent6(void)
{
	static const uint8_t a1[] = { 1 }, b4[] = { 4 };
	struct churn c;
	struct arpbal_stats st;
	uint8_t src[16];
	unsigned int lcore, v, i;
	int ret = 0;

	lcore = rte_get_next_lcore(rte_lcore_id(), 1, 0);
	if (rte_lcore_count() < 2 || lcore >= RTE_MAX_LCORE) {
		printf("  needs a second lcore\n");
		return TEST_SKIPPED;
	}
	memset(&c, 0, sizeof(c));
	addr6(src, 0x2001, 0x0a000007);
	ns_init(&c.s[0], src, vip_a);
	ns_init(&c.s[1], src, vip_b);
	ns_init(&c.s[2], src, not_vip);
	for (v = 1; v <= 6; v++)
		host_state(&h0, (uint8_t)v, MASTER);
	TEST_ASSERT_SUCCESS(arpbal_group6_set(h0.ab, PORT, vip_a, a1, 1), "A");
	TEST_ASSERT_SUCCESS(arpbal_group6_set(h0.ab, PORT, vip_b, b4, 1), "B");

	c.r = h0.r;
	TEST_ASSERT_SUCCESS(rte_eal_remote_launch(churn_reader, &c, lcore),
		"launch");
	while (!__atomic_load_n(&c.started, __ATOMIC_ACQUIRE))
		rte_pause();
	for (i = 0; ret == 0 && i < CHURN_OPS; i++) {
		ret = churn_op(&h0, i);
		while (ret == -ENOSPC) {
			rte_pause();
			arpbal_reclaim(h0.ab);
			ret = churn_op(&h0, i);
		}
		if (i % 16 == 0)
			arpbal_reclaim(h0.ab);
	}
	__atomic_store_n(&c.stop, true, __ATOMIC_RELEASE);
	rte_eal_wait_lcore(lcore);
	printf("  %" PRIu64 " bursts, %" PRIu64 " answers during %u changes\n",
		c.bursts, c.replies, CHURN_OPS);
	TEST_ASSERT_SUCCESS(ret, "change %u", i - 1);
	TEST_ASSERT_EQUAL(c.wrong, 0, "answers from the wrong vhid");
	TEST_ASSERT_EQUAL(c.no_mbuf, 0, "bursts without mbufs");
	stats_of(&h0, &st);
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_NOT_MASTER], 0,
		"NOT_MASTER: a group seen after it was freed");
	TEST_ASSERT_EQUAL(st.v[ARPBAL_STAT_ANSWERED], c.replies, "answered");
	TEST_ASSERT_SUCCESS(check_stats_sum(&st), "sum");
	return mbufs_back();
}

static int
suite_setup(void)
{
	return arpbal_suite_pool("arpbal6_test", NB_MBUFS);
}

static struct unit_test_suite arpbal6_testsuite = {
	.suite_name = "arpbal6 autotest",
	.setup = suite_setup,
	.teardown = arpbal_suite_teardown,
	.unit_test_cases = {
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_group6_api),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_group6_capacity),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_ns_master),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_ns_no_slla),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_ns_dad),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_ns_backup_init),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_ns_balance_two),
		TEST_CASE_ST(case_setup, arpbal_case_teardown,
			test_ns_balance_by_hand),
		TEST_CASE_ST(case_setup, arpbal_case_teardown,
			test_ns_balance_model),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_ns_malformed),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_ns_not_shared),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_ns_senders),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_ns_no_room),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_ns_mixed_burst),
		TEST_CASE_ST(case_setup, arpbal_case_teardown,
			test_ns_group_changes),
		TEST_CASE_ST(rate_setup, arpbal_case_teardown, test_ns_rate),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_lookup6),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_free_releases6),
		TEST_CASE_ST(case_setup, arpbal_case_teardown, test_concurrent6),
		TEST_CASES_END()
	}
};

static int
test_arpbal6(void)
{
	return unit_test_suite_runner(&arpbal6_testsuite);
}

REGISTER_TEST_COMMAND(arpbal6_autotest, test_arpbal6);
