/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * carp_vhost6_autotest: carp interfaces with IPv6 addresses, alone and
 * beside IPv4 ones (lib/carp/PROTOCOL.md §10): what they send, checked as
 * a peer would; what they take and drop, each drop with a crafted frame
 * and its counter; the master-down time of each family.
 */

#include <inttypes.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include "carp_auth.h"
#include "carp_fixture.h"
#include "carp_wire6.h"
#include "test.h"

#define SEC	1000000000ULL

/* 2001:db8::N */
static struct carp_in6
db8(uint8_t n)
{
	struct carp_in6 a = { .a = { 0x20, 0x01, 0x0d, 0xb8 } };

	a.a[15] = n;
	return a;
}

static struct carp_in6 ll6, peer_ll6;

static int
setup6(void)
{
	const struct rte_ether_addr mac = {
		.addr_bytes = { 0x02, 0, 0, 0, 0, 0x02 } };
	const struct rte_ether_addr peer_mac = {
		.addr_bytes = { 0x02, 0, 0, 0, 0, 0x03 } };
	struct carp_in6 own = db8(2);
	struct carp_err err;

	TEST_ASSERT_SUCCESS(vhost_setup(), "setup");
	carp_in6_linklocal(&mac, &ll6);
	carp_in6_linklocal(&peer_mac, &peer_ll6);
	TEST_ASSERT_SUCCESS(carp_port_add6(t, P0, &ll6, &own, 64, &err),
		"port 0 IPv6: %s", err.msg);
	return TEST_SUCCESS;
}

/* A vhost on port 0 with the IPv4 and IPv6 addresses given. */
static struct carp_vhost *
vh6_new(const char *name, uint8_t vhid, uint8_t advskew,
		const rte_be32_t *v4, unsigned int n4,
		const struct carp_in6 *v6, unsigned int n6)
{
	struct carp_vhost_conf c;
	struct carp_err err = { 0 };
	struct carp_vhost *vh;
	unsigned int i;

	conf_fill(&c, name, P0, vhid, 1, advskew, "secret", v4, n4);
	for (i = 0; i < n6; i++)
		carp_vhost_conf_addr6_add(&c, &v6[i], 64);
	vh = carp_vhost_create(t, &c, T0, &err);
	if (vh == NULL)
		printf("  cannot create %s: %s\n", name, err.msg);
	carp_vhost_conf_release(&c);
	return vh;
}

/* A peer's IPv6 advertisement, keyed with both address lists. */
static size_t
peer_adv6(uint8_t *buf, uint8_t vhid, uint8_t advskew, uint64_t counter,
		const char *pass, const rte_be32_t *v4, unsigned int n4,
		const struct carp_in6 *v6, unsigned int n6)
{
	struct carp_adv6_tx tx;
	struct carp_auth a;
	size_t len = 0;

	memset(&a, 0, sizeof(a));
	memset(&tx, 0, sizeof(tx));
	tx.src = peer_ll6;
	tx.vhid = vhid;
	tx.advbase = 1;
	tx.advskew = advskew;
	carp_counter_put(tx.counter, counter);
	if (carp_auth_set6(&a, pass, vhid, v4, n4, v6, n6) == 0 &&
	    carp_auth_digest(&a, tx.counter, tx.digest) == 0)
		len = carp_adv6_build(buf, FRAME_MAX, &tx);
	carp_auth_free(&a);
	return len;
}

/* A peer's IPv4 advertisement for vhid 6, keyed with both lists. */
static size_t
peer_adv4_dual(uint8_t *buf, uint64_t counter, const rte_be32_t *v4,
		unsigned int n4, const struct carp_in6 *v6, unsigned int n6)
{
	struct carp_adv_tx tx;
	struct carp_auth a;
	size_t len = 0;

	memset(&tx, 0, sizeof(tx));
	memset(&a, 0, sizeof(a));
	tx.src = PEER_ADDR;
	tx.vhid = 6;
	tx.advbase = 1;
	carp_counter_put(tx.counter, counter);
	if (carp_auth_set6(&a, "secret", 6, v4, n4, v6, n6) == 0 &&
	    carp_auth_digest(&a, tx.counter, tx.digest) == 0)
		len = carp_adv_build(buf, FRAME_MAX, &tx);
	carp_auth_free(&a);
	return len;
}

/* True if the advertisement in f verifies with the key of v4 and v6. */
static bool
signed_by(const struct rec_frame *f, const rte_be32_t *v4, unsigned int n4,
		const struct carp_in6 *v6, unsigned int n6)
{
	struct carp_adv adv;
	struct carp_auth a;
	bool ok;

	if (carp_adv_parse(f->data, f->len, &adv) != CARP_STAT_NONE &&
	    carp_adv6_parse(f->data, f->len, &adv) != CARP_STAT_NONE)
		return false;
	memset(&a, 0, sizeof(a));
	ok = carp_auth_set6(&a, "secret", adv.vhid, v4, n4, v6, n6) == 0 &&
		carp_auth_verify(&a, adv.counter, adv.digest);
	carp_auth_free(&a);
	return ok;
}

/* f is an IPv6 advertisement of vhid from the port's link-local address,
 * well formed, signed with the key of v4 and v6.
 */
static int
check_adv6(const struct rec_frame *f, uint8_t vhid, const rte_be32_t *v4,
		unsigned int n4, const struct carp_in6 *v6, unsigned int n6)
{
	const struct rte_ether_hdr *eth = (const void *)f->data;
	const struct rte_ipv6_hdr *ip = (const void *)(eth + 1);
	struct rte_ether_addr vmac;
	struct carp_adv adv;
	struct carp_auth a;
	bool ok;

	TEST_ASSERT_EQUAL(f->len, CARP_ADV6_FRAME_LEN, "length");
	TEST_ASSERT_EQUAL(carp_adv6_parse(f->data, f->len, &adv),
		CARP_STAT_NONE, "our IPv6 advertisement does not parse");
	carp_vmac(vhid, &vmac);
	TEST_ASSERT(rte_is_same_ether_addr(&eth->src_addr, &vmac),
		"Ethernet source");
	TEST_ASSERT(eth->dst_addr.addr_bytes[0] == 0x33 &&
		eth->dst_addr.addr_bytes[5] == 0x12, "33:33:00:00:00:12");
	TEST_ASSERT_EQUAL(carp_in6_cmp(&adv.src6, &ll6), 0,
		"source: the port's link-local address");
	TEST_ASSERT(((const uint8_t *)&ip->dst_addr)[0] == 0xff &&
		((const uint8_t *)&ip->dst_addr)[15] == 0x12, "ff02::12");
	TEST_ASSERT_EQUAL(ip->hop_limits, 255, "hop limit");
	TEST_ASSERT_EQUAL(adv.vhid, vhid, "vhid");
	memset(&a, 0, sizeof(a));
	ok = carp_auth_set6(&a, "secret", vhid, v4, n4, v6, n6) == 0 &&
		carp_auth_verify(&a, adv.counter, adv.digest);
	carp_auth_free(&a);
	TEST_ASSERT(ok, "digest does not verify with the vhost's key");
	return TEST_SUCCESS;
}

/* f is an unsolicited NA for target from vhid's MAC, checksum good. */
static int
check_na(const struct rec_frame *f, uint8_t vhid,
		const struct carp_in6 *target)
{
	const struct rte_ether_hdr *eth = (const void *)f->data;
	const struct rte_ipv6_hdr *ip = (const void *)(eth + 1);
	const uint8_t *na = (const uint8_t *)(ip + 1);
	struct carp_in6 src, dst;
	struct rte_ether_addr vmac;

	TEST_ASSERT_EQUAL(f->len, CARP_NA_FRAME_LEN, "NA length");
	TEST_ASSERT_EQUAL(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_IPV6),
		"IPv6");
	TEST_ASSERT_EQUAL(ip->proto, CARP_IPPROTO_ICMPV6, "ICMPv6");
	TEST_ASSERT_EQUAL(ip->hop_limits, 255, "hop limit");
	TEST_ASSERT_EQUAL(na[0], CARP_ND_NA, "type");
	TEST_ASSERT_EQUAL(na[4], CARP_NA_FLAG_OVERRIDE, "flags: O only");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(na + 8, target->a, 16, "target");
	carp_vmac(vhid, &vmac);
	TEST_ASSERT(na[24] == 2 && na[25] == 1 &&
		memcmp(na + 26, vmac.addr_bytes, 6) == 0, "target MAC option");
	memcpy(src.a, &ip->src_addr, 16);
	memcpy(dst.a, &ip->dst_addr, 16);
	/* Over the message with its checksum in place, the sum is 0. */
	TEST_ASSERT_EQUAL(carp_icmp6_cksum(&src, &dst, na, CARP_NA_LEN), 0,
		"ICMPv6 checksum");
	return TEST_SUCCESS;
}

static const rte_be32_t vip4[] = { VIP0 };

/* IPv6 only: an IPv6 advertisement and an NA per address, no IPv4. */
static int
test_v6_only_takeover(void)
{
	const struct carp_in6 v6[] = { db8(100), db8(101) };
	struct carp_vhost *vh = vh6_new("carp6", 6, 0, NULL, 0, v6, 2);
	uint64_t out6 = t->stats.v[CARP_STAT_OPACKETS6];

	TEST_ASSERT_NOT_NULL(vh, "create");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP), "BACKUP");
	rec_clear();
	carp_vhost_expire(t, vh, vh->fsm.deadline);
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER), "MASTER");
	TEST_ASSERT_EQUAL(rec.nframes, 3, "one advertisement, two NAs");
	TEST_ASSERT_SUCCESS(check_adv6(&rec.frame[0], 6, NULL, 0, v6, 2),
		"advertisement");
	TEST_ASSERT_SUCCESS(check_na(&rec.frame[1], 6, &v6[0]), "NA 1");
	TEST_ASSERT_SUCCESS(check_na(&rec.frame[2], 6, &v6[1]), "NA 2");
	TEST_ASSERT_EQUAL(t->stats.v[CARP_STAT_OPACKETS6], out6 + 1,
		"opackets6");
	TEST_ASSERT_EQUAL(t->stats.v[CARP_STAT_OPACKETS], 0, "no opackets");
	return TEST_SUCCESS;
}

/* Dual-stack: both families advertised, one key, two counters. */
static int
test_dual_stack_adverts(void)
{
	const struct carp_in6 v6[] = { db8(100) };
	struct carp_vhost *vh = vh6_new("carp6", 6, 0, vip4, 1, v6, 1);
	struct carp_adv a4, a6;

	TEST_ASSERT_NOT_NULL(vh, "create");
	rec_clear();
	carp_vhost_expire(t, vh, vh->fsm.deadline);
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER), "MASTER");
	TEST_ASSERT_EQUAL(rec.nframes, 4, "two advertisements, GARP, NA");
	TEST_ASSERT_EQUAL(carp_adv_parse(rec.frame[0].data, rec.frame[0].len,
		&a4), CARP_STAT_NONE, "IPv4 advertisement");
	TEST_ASSERT(signed_by(&rec.frame[0], vip4, 1, v6, 1),
		"the IPv4 one is signed over both families");
	TEST_ASSERT(!signed_by(&rec.frame[0], vip4, 1, NULL, 0),
		"and not over the IPv4 address alone");
	TEST_ASSERT_SUCCESS(check_adv6(&rec.frame[1], 6, vip4, 1, v6, 1),
		"IPv6 advertisement, the same key");
	TEST_ASSERT_EQUAL(carp_adv6_parse(rec.frame[1].data, rec.frame[1].len,
		&a6), CARP_STAT_NONE, "parse");
	TEST_ASSERT_EQUAL(carp_counter_get(a6.counter),
		carp_counter_get(a4.counter) + 1, "a counter each");
	TEST_ASSERT_SUCCESS(check_garp(&rec.frame[2], P0, 6, VIP0), "GARP");
	TEST_ASSERT_SUCCESS(check_na(&rec.frame[3], 6, &v6[0]), "NA");
	return TEST_SUCCESS;
}

/* A faster peer over IPv6: the MASTER yields, ipackets6 counted. */
static int
test_v6_input_yield(void)
{
	const struct carp_in6 v6[] = { db8(100) };
	struct carp_vhost *vh = vh6_new("carp6", 6, 100, NULL, 0, v6, 1);
	uint8_t f[FRAME_MAX];
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "create");
	TEST_ASSERT_SUCCESS(vh_master(vh), "MASTER");
	len = peer_adv6(f, 6, 0, 42, "secret", NULL, 0, v6, 1);
	TEST_ASSERT_EQUAL(len, CARP_ADV6_FRAME_LEN, "frame");
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, vh->fsm.deadline - 1),
		CARP_STAT_NONE, "taken");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP), "yielded");
	TEST_ASSERT_EQUAL(t->stats.v[CARP_STAT_IPACKETS6], 1, "ipackets6");
	TEST_ASSERT_EQUAL(t->stats.v[CARP_STAT_IPACKETS], 0, "ipackets");
	return TEST_SUCCESS;
}

/* Every drop of the IPv6 receive path, with its counter. */
static int
test_v6_drops(void)
{
	const struct carp_in6 v6[] = { db8(100) };
	struct carp_vhost *vh = vh6_new("carp6", 6, 0, NULL, 0, v6, 1);
	struct rte_ipv6_hdr *ip;
	struct carp_hdr *ch;
	uint8_t f[FRAME_MAX];
	size_t len;
	unsigned int i;
	static const struct {
		const char *what;
		enum carp_stat want;
	} cases[] = {
		{ "hop limit 64", CARP_STAT_BADTTL },
		{ "payload length past the frame", CARP_STAT_BADLEN },
		{ "payload length under the CARP header", CARP_STAT_BADLEN },
		{ "CARP checksum", CARP_STAT_BADSUM },
		{ "vhid 9", CARP_STAT_BADVHID },
		{ "version 3", CARP_STAT_BADVER },
		{ "another password", CARP_STAT_BADAUTH },
		{ "next header 0 (an extension header)", CARP_STAT_HDROPS },
		{ "IPv6 version 4", CARP_STAT_HDROPS },
	};

	TEST_ASSERT_NOT_NULL(vh, "create");
	TEST_ASSERT_SUCCESS(vh_master(vh), "MASTER");
	for (i = 0; i < RTE_DIM(cases); i++) {
		struct carp_stats before = t->stats;

		len = peer_adv6(f, 6, 0, 7, i == 6 ? "wrong" : "secret", NULL,
			0, v6, 1);
		ip = (struct rte_ipv6_hdr *)(f + RTE_ETHER_HDR_LEN);
		ch = (struct carp_hdr *)(ip + 1);
		switch (i) {
		case 0:
			ip->hop_limits = 64;
			break;
		case 1:
			ip->payload_len = RTE_BE16(CARP_HDR_LEN + 8);
			break;
		case 2:
			ip->payload_len = RTE_BE16(CARP_HDR_LEN - 1);
			break;
		case 3:
			ch->cksum ^= 1;
			break;
		case 4:
			ch->vhid = 9;
			ch->cksum = 0;
			ch->cksum = carp_hdr_cksum(ch);
			break;
		case 5:
			ch->ver_type = 3 << 4 | 1;
			ch->cksum = 0;
			ch->cksum = carp_hdr_cksum(ch);
			break;
		case 7:
			ip->proto = 0;
			break;
		case 8:
			ip->vtc_flow = RTE_BE32(UINT32_C(4) << 28);
			break;
		}
		rec_clear();
		TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, T0 + 10 * SEC),
			cases[i].want, "%s", cases[i].what);
		TEST_ASSERT_EQUAL(t->stats.v[cases[i].want],
			before.v[cases[i].want] + 1, "%s: counted",
			cases[i].what);
		TEST_ASSERT_EQUAL(t->stats.v[CARP_STAT_IPACKETS6],
			before.v[CARP_STAT_IPACKETS6] + 1, "%s: ipackets6",
			cases[i].what);
		TEST_ASSERT_SUCCESS(rec_quiet(), "%s: no effect", cases[i].what);
		TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER),
			"%s: state", cases[i].what);
	}
	/* An IPv4 advertisement for a vhost without IPv4 address. */
	len = peer_adv(f, PEER_ADDR, 6, 1, 0, 9, "secret", NULL, 0);
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, T0 + 10 * SEC),
		CARP_STAT_BADVHID, "IPv4 for an IPv6-only vhost");
	return TEST_SUCCESS;
}

/* A dual-stack BACKUP hearing the MASTER over IPv4 only takes over when
 * IPv6 has been silent for a master-down interval (FreeBSD's per-family
 * timers).
 */
static int
test_dual_stack_master_down(void)
{
	const struct carp_in6 v6[] = { db8(100) };
	struct carp_vhost *vh = vh6_new("carp6", 6, 100, vip4, 1, v6, 1);
	uint64_t down, start, now;
	uint8_t f[FRAME_MAX];
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "create");
	down = carp_fsm_down_interval(&vh->fsm);
	start = T0 + SEC;
	for (now = start; now < start + 3 * SEC; now += SEC) {
		len = peer_adv4_dual(f, now, vip4, 1, v6, 1);
		TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, now),
			CARP_STAT_NONE, "IPv4 advertisement");
		TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP),
			"BACKUP while IPv4 is heard");
	}
	/* IPv6 last heard at the first input: its master-down rules. */
	TEST_ASSERT_EQUAL(vh->fsm.deadline, start + down,
		"deadline from the silent family (%" PRIu64 " != %" PRIu64 ")",
		vh->fsm.deadline, start + down);
	carp_vhost_expire(t, vh, vh->fsm.deadline);
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER),
		"takeover: IPv6 fell silent");
	return TEST_SUCCESS;
}

/*
 * An IPv4-only BACKUP that has heard IPv4 for a long time gains its first
 * IPv6 address: IPv6 is waited for from then on, not from the start, so
 * the next advertisement leaves a whole master-down interval ahead.
 */
static int
test_family_gained(void)
{
	const struct carp_in6 v6[] = { db8(100) };
	struct carp_vhost *vh = vh6_new("carp6", 6, 100, vip4, 1, NULL, 0);
	struct carp_in6 a6 = db8(100);
	uint64_t down, now = T0 + SEC;
	struct carp_err err;
	uint8_t f[FRAME_MAX];
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "create");
	down = carp_fsm_down_interval(&vh->fsm);
	for (; now < T0 + 20 * SEC; now += SEC) {
		len = peer_adv4_dual(f, now, vip4, 1, NULL, 0);
		TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, now),
			CARP_STAT_NONE, "IPv4 advertisement");
	}
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP), "BACKUP");
	TEST_ASSERT_SUCCESS(carp_vhost_addr6_add(t, vh, &a6, 64, now, &err),
		"add: %s", err.msg);
	len = peer_adv4_dual(f, now, vip4, 1, v6, 1);
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, now), CARP_STAT_NONE,
		"IPv4 advertisement with the new key");
	TEST_ASSERT(vh->fsm.deadline >= now + down - SEC,
		"deadline %" PRIu64 " ns before now + master-down",
		now + down - vh->fsm.deadline);
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP),
		"still BACKUP");
	return TEST_SUCCESS;
}

/* Addresses a port's IPv6 prefix does not hold, or no host may. */
static int
test_v6_conf_refused(void)
{
	static const char *const what[] = {
		"outside the port's prefix", "link-local", "multicast",
		"the port's own", "::1", "given twice",
	};
	struct carp_vhost_conf c;
	struct carp_in6 a;
	struct carp_err err;
	unsigned int i;

	for (i = 0; i < RTE_DIM(what); i++) {
		conf_fill(&c, "carpX", P0, 9, 1, 0, "x", NULL, 0);
		a = db8(100);
		switch (i) {
		case 0:
			a.a[7] = 1;		/* 2001:db8:0:1::100 */
			break;
		case 1:
			memset(&a, 0, sizeof(a));
			a.a[0] = 0xfe;
			a.a[1] = 0x80;
			a.a[15] = 1;
			break;
		case 2:
			a.a[0] = 0xff;
			break;
		case 3:
			a = db8(2);
			break;
		case 4:
			memset(&a, 0, sizeof(a));
			a.a[15] = 1;
			break;
		case 5:
			carp_vhost_conf_addr6_add(&c, &a, 64);
			break;
		}
		carp_vhost_conf_addr6_add(&c, &a, 64);
		err.msg[0] = '\0';
		TEST_ASSERT(carp_vhost_conf_check(t, &c, NULL, &err) < 0,
			"%s accepted", what[i]);
		TEST_ASSERT(err.msg[0] != '\0', "%s: no reason", what[i]);
		carp_vhost_conf_release(&c);
	}
	/* Port 1 has no IPv6 at all. */
	conf_fill(&c, "carpX", P1, 9, 1, 0, "x", NULL, 0);
	a = db8(100);
	carp_vhost_conf_addr6_add(&c, &a, 64);
	TEST_ASSERT(carp_vhost_conf_check(t, &c, NULL, &err) < 0,
		"IPv6 on a port without");
	carp_vhost_conf_release(&c);
	return TEST_SUCCESS;
}

/* One IPv6 address added and removed by itself. */
static int
test_v6_addr_add_del(void)
{
	const struct carp_in6 v6[] = { db8(100) };
	struct carp_vhost *vh = vh6_new("carp6", 6, 0, NULL, 0, v6, 1);
	struct carp_in6 b = db8(101);
	struct carp_err err;

	TEST_ASSERT_NOT_NULL(vh, "create");
	TEST_ASSERT_SUCCESS(vh_master(vh), "MASTER");
	rec_clear();
	TEST_ASSERT_SUCCESS(carp_vhost_addr6_add(t, vh, &b, 64, T0 + SEC,
		&err), "add: %s", err.msg);
	TEST_ASSERT_EQUAL(rec.nframes, 1, "the MASTER announces it");
	TEST_ASSERT_SUCCESS(check_na(&rec.frame[0], 6, &b), "its NA");
	TEST_ASSERT_EQUAL(carp_vhost_addr6_add(t, vh, &b, 64, T0 + SEC, &err),
		-EEXIST, "twice");
	TEST_ASSERT(carp_vhost_addr6_index(vh, &b) >= 0, "indexed");
	TEST_ASSERT_SUCCESS(carp_vhost_addr6_del(t, vh, &b, T0 + SEC, &err),
		"del: %s", err.msg);
	TEST_ASSERT_EQUAL(carp_vhost_addr6_index(vh, &b), -1, "gone");
	TEST_ASSERT_EQUAL(carp_vhost_addr6_del(t, vh, &b, T0 + SEC, &err),
		-ENOENT, "gone already");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER),
		"the other address keeps it running");
	return TEST_SUCCESS;
}

/* --- the IPv6 receive path, frame by frame ---------------------------- */

/*
 * Advertisements laid out here byte by byte (lib/carp/PROTOCOL.md §10),
 * their checksum summed here and their digest taken by OpenSSL's HMAC()
 * over a message written out here, so that a fault in carp_adv6_build()
 * or carp_auth cannot hide the same fault in the receive path.
 */

#define RX6_LEN		90	/* Ethernet 14 + IPv6 40 + CARP 36 */
#define RX6_IP		14	/* where the IPv6 header starts */
#define RX6_CARP	54	/* where the CARP header starts */
#define RX6_VHID	6
#define RX6_V4_VHID	4	/* the IPv4-only vhost */
#define RX6_COUNTER	UINT64_C(0x0102030405060708)

/* The receiving vhost's addresses in the order the digest takes them
 * (IPv4 ascending, then IPv6 bytewise); the vhost is given them in
 * another order.
 */
static rte_be32_t rx6_v4[1];
static struct carp_in6 rx6_v6[2];

/* RFC 1071 over n bytes, as a host-order value to store big-endian. */
static uint16_t
rfc1071(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* After an edit of the CARP header: its checksum right again. */
static void
rx6_resum(uint8_t *f)
{
	uint16_t s;

	f[RX6_CARP + 6] = f[RX6_CARP + 7] = 0;
	s = rfc1071(f + RX6_CARP, CARP_HDR_LEN);
	f[RX6_CARP + 6] = (uint8_t)(s >> 8);
	f[RX6_CARP + 7] = (uint8_t)s;
}

/* HMAC-SHA1 over 02 01 vhid, the IPv4 addresses, the IPv6 addresses (each
 * list already in the order to hash) and the counter (§10.1).
 */
static int
rx6_digest(const char *pass, uint8_t vhid, const rte_be32_t *v4,
		unsigned int n4, const struct carp_in6 *v6, unsigned int n6,
		const uint8_t *counter, uint8_t *md)
{
	uint8_t msg[3 + 4 * 4 + 16 * 4 + CARP_COUNTER_LEN];
	unsigned int len = 0, i, mdlen = 0;

	if (n4 > 4 || n6 > 4)
		return -1;
	msg[len++] = 2;
	msg[len++] = 1;
	msg[len++] = vhid;
	for (i = 0; i < n4; i++, len += 4)
		memcpy(msg + len, &v4[i], 4);
	for (i = 0; i < n6; i++, len += 16)
		memcpy(msg + len, v6[i].a, 16);
	memcpy(msg + len, counter, CARP_COUNTER_LEN);
	len += CARP_COUNTER_LEN;
	if (HMAC(EVP_sha1(), pass, (int)strlen(pass), msg, len, md,
			&mdlen) == NULL || mdlen != CARP_DIGEST_LEN)
		return -1;
	return 0;
}

/* A peer's IPv6 advertisement for vhid from peer_ll6, advbase 1, keyed
 * with pass and the addresses given. @return RX6_LEN, or 0.
 */
static size_t
rx6_frame(uint8_t *f, uint8_t vhid, uint8_t advskew, const char *pass,
		const rte_be32_t *v4, unsigned int n4,
		const struct carp_in6 *v6, unsigned int n6)
{
	static const uint8_t mcast_mac[6] = { 0x33, 0x33, 0, 0, 0, 0x12 };
	static const uint8_t ff02_12[16] = { 0xff, 0x02, [15] = 0x12 };
	uint8_t *ip = f + RX6_IP, *ch = f + RX6_CARP;
	unsigned int i;

	memset(f, 0, RX6_LEN);
	memcpy(f, mcast_mac, 6);
	f[6 + 2] = 0x5e;
	f[6 + 4] = 0x01;
	f[6 + 5] = vhid;
	f[12] = 0x86;
	f[13] = 0xdd;
	ip[0] = 0x60;			/* version 6 */
	ip[5] = CARP_HDR_LEN;		/* payload length */
	ip[6] = 112;			/* next header: CARP */
	ip[7] = 255;			/* hop limit */
	memcpy(ip + 8, peer_ll6.a, 16);
	memcpy(ip + 24, ff02_12, 16);
	ch[0] = 0x21;			/* version 2, advertisement */
	ch[1] = vhid;
	ch[2] = advskew;
	ch[3] = 7;			/* authlen */
	ch[5] = 1;			/* advbase */
	for (i = 0; i < CARP_COUNTER_LEN; i++)
		ch[8 + i] = (uint8_t)(RX6_COUNTER >> (56 - 8 * i));
	if (rx6_digest(pass, vhid, v4, n4, v6, n6, ch + 8, ch + 16) != 0)
		return 0;
	rx6_resum(f);
	return RX6_LEN;
}

/* The dual-stack vhost vhid 6 (advskew 100, MASTER) whose advertisements
 * the cases send, and the IPv4-only vhid 4 (MASTER), both on port 0.
 */
static struct carp_vhost *rx6_vh, *rx6_vh4;

static int
rx6_setup(void)
{
	const struct carp_in6 given[] = { db8(101), db8(100) };
	const rte_be32_t v4only[] = { VIP0B };

	TEST_ASSERT_SUCCESS(setup6(), "setup");
	rx6_v4[0] = VIP0;
	rx6_v6[0] = db8(100);
	rx6_v6[1] = db8(101);
	rx6_vh = vh6_new("carp6", RX6_VHID, 100, rx6_v4, 1, given, 2);
	TEST_ASSERT_NOT_NULL(rx6_vh, "dual-stack vhost");
	rx6_vh4 = vh6_new("carp4", RX6_V4_VHID, 100, v4only, 1, NULL, 0);
	TEST_ASSERT_NOT_NULL(rx6_vh4, "IPv4-only vhost");
	TEST_ASSERT_SUCCESS(vh_master(rx6_vh), "dual MASTER");
	TEST_ASSERT_SUCCESS(vh_master(rx6_vh4), "four MASTER");
	rec_clear();
	return TEST_SUCCESS;
}

/* Counters: ipackets6 and stat went up by one in the table's totals, every
 * other one stayed as it was in before.
 */
static int
check_counted6(const struct carp_stats *now, const struct carp_stats *before,
		enum carp_stat stat, bool ipackets6, const char *whose)
{
	unsigned int i;
	uint64_t want;

	for (i = 0; i < CARP_STAT_MAX; i++) {
		want = before->v[i] + (i == (unsigned int)stat) +
			(ipackets6 && i == CARP_STAT_IPACKETS6);
		TEST_ASSERT_EQUAL(now->v[i], want, "%s counter %s: %" PRIu64
			", expected %" PRIu64, whose, carp_stat_name(i),
			now->v[i], want);
	}
	return TEST_SUCCESS;
}

/* What a case does to the frame before it is handed over. */
enum rx6_edit {
	RX6_AS_IS,
	RX6_HOP_LIMIT,		/* 254 */
	RX6_RUNT,		/* 50 bytes: no whole IPv6 header */
	RX6_TRUNCATED,		/* 74 bytes: 20 of the 36 CARP bytes */
	RX6_PLEN_SHORT,		/* payload length 35 */
	RX6_CKSUM,		/* a checksum bit flipped */
	RX6_VERSION,		/* CARP version 3, checksum right */
	RX6_TYPE,		/* CARP type 2, checksum right */
	RX6_VHID_UNKNOWN,	/* vhid 9, checksum right */
	RX6_DIGEST,		/* a digest bit flipped, checksum right */
	RX6_NEXT_HEADER,	/* 59 (no next header) */
	RX6_IP_VERSION,		/* IPv6 version field 4 */
	RX6_FOR_V4_ONLY,	/* for the IPv4-only vhost */
	RX6_NO_VHOST_PORT,	/* arrives on port 2, which has no vhost */
};

struct rx6_case {
	enum rx6_edit edit;
	/* The counter it must raise (CARP_STAT_NONE: taken). */
	enum carp_stat want;
	/* Counted in the vhost's share too (it got past step 6). */
	bool vhost_counts;
};

/*
 * Hand one crafted frame to the receive path: it raises ipackets6 and its
 * own counter and nothing else, and leaves both vhosts as they were
 * (state, timer, counter, no frame sent). A frame that is taken (want
 * NONE) must make the MASTER of vhid 6 yield to the faster peer, which is
 * what every drop case would do if its check let the frame through.
 */
static int
rx6_run(const struct rx6_case *c)
{
	struct carp_vhost *vh = c->edit == RX6_FOR_V4_ONLY ? rx6_vh4 : rx6_vh;
	struct carp_vhost *other = vh == rx6_vh ? rx6_vh4 : rx6_vh;
	uint8_t vhid = c->edit == RX6_FOR_V4_ONLY ? RX6_V4_VHID : RX6_VHID;
	struct carp_stats before = t->stats, vbefore = vh->stats;
	struct carp_stats obefore = other->stats;
	uint64_t counter = vh->counter, deadline = vh->fsm.deadline;
	uint16_t port = c->edit == RX6_NO_VHOST_PORT ? P2 : P0;
	uint8_t f[FRAME_MAX];
	enum carp_stat got;
	size_t len;

	if (c->edit == RX6_FOR_V4_ONLY)
		/* Keyed with the vhost's own address: only the family is
		 * wrong.
		 */
		len = rx6_frame(f, vhid, 0, "secret", &rx6_vh4->conf.addrs[0],
			1, NULL, 0);
	else
		len = rx6_frame(f, vhid, 0, "secret", rx6_v4, 1, rx6_v6, 2);
	TEST_ASSERT_EQUAL(len, RX6_LEN, "frame");
	switch (c->edit) {
	case RX6_HOP_LIMIT:
		f[RX6_IP + 7] = 254;
		break;
	case RX6_RUNT:
		len = RX6_IP + 36;
		break;
	case RX6_TRUNCATED:
		len = RX6_CARP + 20;
		break;
	case RX6_PLEN_SHORT:
		f[RX6_IP + 5] = CARP_HDR_LEN - 1;
		break;
	case RX6_CKSUM:
		f[RX6_CARP + 7] ^= 0x10;
		break;
	case RX6_VERSION:
		f[RX6_CARP] = 0x31;
		rx6_resum(f);
		break;
	case RX6_TYPE:
		f[RX6_CARP] = 0x22;
		rx6_resum(f);
		break;
	case RX6_VHID_UNKNOWN:
		f[RX6_CARP + 1] = 9;
		rx6_resum(f);
		break;
	case RX6_DIGEST:
		f[RX6_CARP + 16 + 19] ^= 0x01;
		rx6_resum(f);
		break;
	case RX6_NEXT_HEADER:
		f[RX6_IP + 6] = 59;
		break;
	case RX6_IP_VERSION:
		f[RX6_IP] = 0x40;
		break;
	default:
		break;
	}
	rec_clear();
	got = carp_input(t, port, f, len, T0 + 10 * SEC);
	TEST_ASSERT_EQUAL(got, c->want, "carp_input returned %s, expected %s",
		got == CARP_STAT_NONE ? "none" : carp_stat_name(got),
		c->want == CARP_STAT_NONE ? "none" : carp_stat_name(c->want));
	TEST_ASSERT_SUCCESS(check_counted6(&t->stats, &before, c->want, true,
		"table"), "table counters");
	TEST_ASSERT_SUCCESS(check_counted6(&vh->stats, &vbefore,
		c->vhost_counts ? c->want : CARP_STAT_NONE, c->vhost_counts,
		vh->conf.name), "the vhost's counters");
	TEST_ASSERT_SUCCESS(check_counted6(&other->stats, &obefore,
		CARP_STAT_NONE, false, other->conf.name), "the other vhost");
	TEST_ASSERT_SUCCESS(check_state(other, CARP_STATE_MASTER),
		"the other vhost's state");
	if (c->want == CARP_STAT_NONE)
		return TEST_SUCCESS;
	TEST_ASSERT_SUCCESS(rec_quiet(), "no effect");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER), "state");
	TEST_ASSERT_EQUAL(vh->fsm.timer, CARP_TIMER_ADV, "timer");
	TEST_ASSERT_EQUAL(vh->fsm.deadline, deadline, "deadline");
	TEST_ASSERT_EQUAL(vh->counter, counter, "counter not adopted");
	return TEST_SUCCESS;
}

#define RX6_CASE(fn, edit, want, vhost_counts)				\
static int								\
fn(void)								\
{									\
	const struct rx6_case c = { edit, want, vhost_counts };		\
									\
	return rx6_run(&c);						\
}

RX6_CASE(test_rx6_hop_limit, RX6_HOP_LIMIT, CARP_STAT_BADTTL, false)
RX6_CASE(test_rx6_runt, RX6_RUNT, CARP_STAT_HDROPS, false)
RX6_CASE(test_rx6_truncated, RX6_TRUNCATED, CARP_STAT_BADLEN, false)
RX6_CASE(test_rx6_plen_short, RX6_PLEN_SHORT, CARP_STAT_BADLEN, false)
RX6_CASE(test_rx6_badsum, RX6_CKSUM, CARP_STAT_BADSUM, false)
RX6_CASE(test_rx6_badver, RX6_VERSION, CARP_STAT_BADVER, true)
RX6_CASE(test_rx6_badvhid, RX6_VHID_UNKNOWN, CARP_STAT_BADVHID, false)
RX6_CASE(test_rx6_badauth, RX6_DIGEST, CARP_STAT_BADAUTH, true)
RX6_CASE(test_rx6_next_header, RX6_NEXT_HEADER, CARP_STAT_HDROPS, false)
RX6_CASE(test_rx6_ip_version, RX6_IP_VERSION, CARP_STAT_HDROPS, false)
RX6_CASE(test_rx6_badif, RX6_NO_VHOST_PORT, CARP_STAT_BADIF, false)

/* An IPv6 advertisement for the IPv4-only vhost is badvhid; the same key
 * in an IPv4 advertisement is taken: only the family was wrong.
 */
static int
test_rx6_v4_only_vhost(void)
{
	const struct rx6_case c = { RX6_FOR_V4_ONLY, CARP_STAT_BADVHID, false };
	uint8_t f[FRAME_MAX];
	size_t len;

	TEST_ASSERT_SUCCESS(rx6_run(&c), "IPv6 for an IPv4-only vhost");
	len = peer_adv(f, PEER_ADDR, RX6_V4_VHID, 1, 0, RX6_COUNTER, "secret",
		&rx6_vh4->conf.addrs[0], 1);
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, T0 + 10 * SEC),
		CARP_STAT_NONE, "the same in IPv4");
	TEST_ASSERT_SUCCESS(check_state(rx6_vh4, CARP_STATE_BACKUP),
		"and the vhost yields to it");
	return TEST_SUCCESS;
}

/* A good one: ipackets6 alone is counted, the MASTER yields to the faster
 * peer and adopts its counter; and the frame laid out here is byte for
 * byte what carp_adv6_build() makes of the same fields (its digest from
 * carp_auth), which ties the builder the other tests use to this layout.
 */
static int
test_rx6_good(void)
{
	const struct rx6_case c = { RX6_AS_IS, CARP_STAT_NONE, true };
	uint8_t f[FRAME_MAX], g[FRAME_MAX];

	TEST_ASSERT_SUCCESS(rx6_run(&c), "taken");
	TEST_ASSERT_SUCCESS(check_state(rx6_vh, CARP_STATE_BACKUP), "yielded");
	TEST_ASSERT_EQUAL(rx6_vh->counter, RX6_COUNTER + 1, "counter adopted");
	TEST_ASSERT_SUCCESS(check_state(rx6_vh4, CARP_STATE_MASTER),
		"the IPv4-only vhost heard nothing");

	TEST_ASSERT_EQUAL(rx6_frame(f, RX6_VHID, 0, "secret", rx6_v4, 1,
		rx6_v6, 2), RX6_LEN, "hand-made");
	TEST_ASSERT_EQUAL(peer_adv6(g, RX6_VHID, 0, RX6_COUNTER, "secret",
		rx6_v4, 1, rx6_v6, 2), RX6_LEN, "built");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(f, g, RX6_LEN,
		"carp_adv6_build() and the layout of PROTOCOL.md §10 differ");
	return TEST_SUCCESS;
}

/* A type other than 1 is not checked, in IPv6 as in IPv4 (§1): the
 * advertisement is taken like any other.
 */
static int
test_rx6_type_ignored(void)
{
	const struct rx6_case c = { RX6_TYPE, CARP_STAT_NONE, true };

	TEST_ASSERT_SUCCESS(rx6_run(&c), "taken");
	TEST_ASSERT_SUCCESS(check_state(rx6_vh, CARP_STATE_BACKUP), "yielded");
	return TEST_SUCCESS;
}

static struct unit_test_suite carp_vhost6_testsuite = {
	.suite_name = "carp vhosts with IPv6 addresses",
	.unit_test_cases = {
		TEST_CASE_ST(setup6, vhost_teardown, test_v6_only_takeover),
		TEST_CASE_ST(setup6, vhost_teardown, test_dual_stack_adverts),
		TEST_CASE_ST(setup6, vhost_teardown, test_v6_input_yield),
		TEST_CASE_ST(setup6, vhost_teardown, test_v6_drops),
		TEST_CASE_ST(setup6, vhost_teardown,
			test_dual_stack_master_down),
		TEST_CASE_ST(setup6, vhost_teardown, test_family_gained),
		TEST_CASE_ST(setup6, vhost_teardown, test_v6_conf_refused),
		TEST_CASE_ST(setup6, vhost_teardown, test_v6_addr_add_del),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_hop_limit),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_runt),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_truncated),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_plen_short),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_badsum),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_badver),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_badvhid),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_badauth),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_next_header),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_ip_version),
		TEST_CASE_ST(rx6_setup, vhost_teardown,
			test_rx6_v4_only_vhost),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_badif),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_good),
		TEST_CASE_ST(rx6_setup, vhost_teardown, test_rx6_type_ignored),
		TEST_CASES_END()
	}
};

static int
test_carp_vhost6(void)
{
	return unit_test_suite_runner(&carp_vhost6_testsuite);
}

REGISTER_TEST_COMMAND(carp_vhost6_autotest, test_carp_vhost6);
