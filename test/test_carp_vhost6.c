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

static struct unit_test_suite carp_vhost6_testsuite = {
	.suite_name = "carp vhosts with IPv6 addresses",
	.unit_test_cases = {
		TEST_CASE_ST(setup6, vhost_teardown, test_v6_only_takeover),
		TEST_CASE_ST(setup6, vhost_teardown, test_dual_stack_adverts),
		TEST_CASE_ST(setup6, vhost_teardown, test_v6_input_yield),
		TEST_CASE_ST(setup6, vhost_teardown, test_v6_drops),
		TEST_CASE_ST(setup6, vhost_teardown,
			test_dual_stack_master_down),
		TEST_CASE_ST(setup6, vhost_teardown, test_v6_conf_refused),
		TEST_CASE_ST(setup6, vhost_teardown, test_v6_addr_add_del),
		TEST_CASES_END()
	}
};

static int
test_carp_vhost6(void)
{
	return unit_test_suite_runner(&carp_vhost6_testsuite);
}

REGISTER_TEST_COMMAND(carp_vhost6_autotest, test_carp_vhost6);
