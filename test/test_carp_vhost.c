/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * carp_vhost_autotest: the vhost table end to end, with every effect
 * recorded: frames sent, timers armed, state changes. Peers are played by
 * real advertisements built and signed here, and what the table sends is
 * parsed and verified the way a peer would.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include "carp_auth.h"
#include "carp_fsm.h"
#include "carp_stats.h"
#include "carp_sysctl.h"
#include "carp_vhost.h"
#include "carp_wire.h"

#include "carp_fixture.h"
#include "test.h"

static const rte_be32_t vip0[] = { VIP0 };
static const rte_be32_t vip1[] = { VIP1 };

/* ---- table, ports, knobs ---- */

static int
test_table_defaults(void)
{
	struct carp_err err = { 0 };

	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_ALLOW], 1, "allow");
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_PREEMPT], 0, "preempt");
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_LOG], 1, "log");
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_ARPBALANCE], 0, "arpbalance");
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 0,
		"suppress_preempt");
	TEST_ASSERT_EQUAL(t->nvhosts, 0, "no vhosts");
	TEST_ASSERT(t->port[P0].configured && t->port[P0].link_up, "port 0");
	TEST_ASSERT_EQUAL(t->port[P0].addr, P0_ADDR, "port 0 address");
	TEST_ASSERT(!t->port[5].configured, "port 5 not declared");

	TEST_ASSERT_EQUAL(carp_port_add(t, P0, P0_ADDR, 24, &err),
		-EEXIST, "port declared twice");
	TEST_ASSERT(err.msg[0] != '\0', "no reason given");
	TEST_ASSERT_EQUAL(carp_port_add(t, CARP_MAX_PORTS, P0_ADDR, 24, &err),
		-EINVAL, "port out of range");
	TEST_ASSERT_SUCCESS(carp_port_add(t, 5, IP4(10, 5, 0, 2), 24, &err),
		"port 5: %s", err.msg);
	TEST_ASSERT(!t->port[5].link_up, "a new port starts with link down");
	return TEST_SUCCESS;
}

static int
test_knob_names(void)
{
	static const char * const knobs[CARP_KNOB_MAX] = {
		[CARP_KNOB_ALLOW] = "allow",
		[CARP_KNOB_PREEMPT] = "preempt",
		[CARP_KNOB_LOG] = "log",
		[CARP_KNOB_ARPBALANCE] = "arpbalance",
		[CARP_KNOB_SUPPRESS_PREEMPT] = "suppress_preempt",
	};
	static const char * const stats[CARP_STAT_MAX] = {
		"ipackets", "ipackets6", "badif", "badttl", "hdrops", "badsum",
		"badver", "badlen", "badauth", "badvhid", "badaddrs",
		"opackets", "opackets6", "onomem", "ostates", "preempt",
	};
	const char *n;
	unsigned int i;

	for (i = 0; i < CARP_KNOB_MAX; i++) {
		n = carp_knob_name(i);
		TEST_ASSERT_NOT_NULL(n, "knob %u has no name", i);
		TEST_ASSERT(strcmp(n, knobs[i]) == 0, "knob %u is '%s'", i, n);
		TEST_ASSERT_EQUAL(carp_knob_lookup(n), i, "lookup '%s'", n);
		TEST_ASSERT_EQUAL(carp_knob_readonly(i),
			i == CARP_KNOB_SUPPRESS_PREEMPT, "read-only %s", n);
	}
	TEST_ASSERT_NULL(carp_knob_name(CARP_KNOB_MAX), "knob past the end");
	TEST_ASSERT_EQUAL(carp_knob_lookup("nosuchknob"), CARP_KNOB_MAX,
		"unknown knob");
	TEST_ASSERT_EQUAL(carp_knob_lookup(""), CARP_KNOB_MAX, "empty");
	TEST_ASSERT_EQUAL(carp_knob_lookup("allowx"), CARP_KNOB_MAX,
		"a prefix is not a name");

	for (i = 0; i < CARP_STAT_MAX; i++) {
		n = carp_stat_name(i);
		TEST_ASSERT_NOT_NULL(n, "counter %u has no name", i);
		TEST_ASSERT(strcmp(n, stats[i]) == 0, "counter %u is '%s'",
			i, n);
		TEST_ASSERT_EQUAL(carp_stat_lookup(n), i, "lookup '%s'", n);
	}
	TEST_ASSERT_NULL(carp_stat_name(CARP_STAT_MAX), "counter past end");
	TEST_ASSERT_EQUAL(carp_stat_lookup("badfoo"), CARP_STAT_NONE,
		"unknown counter");
	return TEST_SUCCESS;
}

static int
test_sysctl_set(void)
{
	struct carp_err err = { 0 };

	err.msg[0] = '\0';
	TEST_ASSERT_SUCCESS(carp_sysctl_set(t, CARP_KNOB_PREEMPT, 1, T0, &err),
		"preempt 1: %s", err.msg);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_PREEMPT], 1, "preempt");
	TEST_ASSERT_SUCCESS(carp_sysctl_set(t, CARP_KNOB_LOG, 2, T0, &err),
		"log 2: %s", err.msg);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_LOG], 2, "log");
	TEST_ASSERT_SUCCESS(carp_sysctl_set(t, CARP_KNOB_ARPBALANCE, 1, T0,
		&err), "arpbalance 1: %s", err.msg);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_ARPBALANCE], 1, "arpbalance");

	/* suppress_preempt counts problems; nobody sets it by hand. */
	err.msg[0] = '\0';
	TEST_ASSERT(carp_sysctl_set(t, CARP_KNOB_SUPPRESS_PREEMPT, 1, T0, &err) < 0,
		"suppress_preempt is read-only");
	TEST_ASSERT(err.msg[0] != '\0', "no reason given");
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 0,
		"suppress_preempt changed");
	TEST_ASSERT(carp_sysctl_set(t, CARP_KNOB_SUPPRESS_PREEMPT, 0, T0, &err) < 0,
		"not even to 0");

	TEST_ASSERT(carp_sysctl_set(t, CARP_KNOB_ALLOW, -1, T0, &err) < 0,
		"allow -1");
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_ALLOW], 1, "allow changed");
	TEST_ASSERT(carp_sysctl_set(t, CARP_KNOB_MAX, 1, T0, &err) < 0,
		"no such knob");
	TEST_ASSERT_SUCCESS(rec_quiet(), "setting knobs with no vhost");
	return TEST_SUCCESS;
}

/* ---- creation and takeover ---- */

/* lib/carp/PROTOCOL.md §4.2: a vhost on a link-up port starts as BACKUP. */
static int
test_vhost_create_backup(void)
{
	struct carp_vhost *vh;
	struct rte_ether_addr vmac;

	vh = vh_new("carp0", P0, 7, 2, 7, "secret", vip0, 1, T0);
	TEST_ASSERT_NOT_NULL(vh, "create");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP), "state");
	TEST_ASSERT(carp_vhost_running(t, vh), "running");
	/* master-down of 2/7: 6 s + 7/256 s */
	TEST_ASSERT_SUCCESS(check_timer(vh, CARP_TIMER_DOWN,
		T0 + 6027343750ULL), "master-down armed");
	TEST_ASSERT_EQUAL(rec.nstates, 1, "one state change");
	TEST_ASSERT_EQUAL(rec.state[0].from, CARP_STATE_INIT, "from");
	TEST_ASSERT_EQUAL(rec.state[0].to, CARP_STATE_BACKUP, "to");
	TEST_ASSERT_EQUAL(rec.nframes, 0, "a BACKUP sends nothing");

	carp_vmac(7, &vmac);
	TEST_ASSERT(rte_is_same_ether_addr(&vh->vmac, &vmac), "vmac");
	TEST_ASSERT_EQUAL(t->nvhosts, 1, "nvhosts");
	TEST_ASSERT_EQUAL(t->port[P0].nvhosts, 1, "port nvhosts");
	TEST_ASSERT(carp_vhost_lookup(t, P0, 7) == vh, "lookup");
	TEST_ASSERT_NULL(carp_vhost_lookup(t, P1, 7), "lookup other port");
	TEST_ASSERT(carp_vhost_find(t, "carp0") == vh, "find");
	TEST_ASSERT_NULL(carp_vhost_find(t, "carp1"), "find other name");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.4, 5.2: takeover sends one advertisement and a GARP
 * per address, then advertises at the interval, repeating the GARP once.
 */
static int
test_vhost_takeover(void)
{
	static const rte_be32_t addrs[] = { VIP0C, VIP0 };
	struct carp_stats before;
	struct carp_vhost *vh;
	uint64_t now, c1, c2, c3;
	rte_be32_t ga, gb;
	unsigned int i;

	vh = vh_new("carp0", P0, 7, 2, 7, "secret", addrs, 2, T0);
	TEST_ASSERT_NOT_NULL(vh, "create");
	rec_clear();
	before = t->stats;
	now = vh->fsm.deadline;
	carp_vhost_expire(t, vh, now);
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER), "state");
	TEST_ASSERT_EQUAL(rec.nstates, 1, "one state change");
	TEST_ASSERT(rec.state[0].vh == vh, "of this vhost");
	TEST_ASSERT_EQUAL(rec.state[0].from, CARP_STATE_BACKUP, "from");
	TEST_ASSERT_EQUAL(rec.state[0].to, CARP_STATE_MASTER, "to");
	TEST_ASSERT_SUCCESS(check_timer(vh, CARP_TIMER_ADV,
		now + 2027343750ULL), "advertisement timer");

	TEST_ASSERT_EQUAL(rec.nframes, 3, "one advertisement, two GARPs");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 7, 2, 7,
		"secret", addrs, 2, &c1), "advertisement");
	/* one GARP per address, in either order */
	ga = garp_target(&rec.frame[1]);
	gb = garp_target(&rec.frame[2]);
	TEST_ASSERT((ga == VIP0 && gb == VIP0C) || (ga == VIP0C && gb == VIP0),
		"GARPs for %08x and %08x", rte_be_to_cpu_32(ga),
		rte_be_to_cpu_32(gb));
	TEST_ASSERT_SUCCESS(check_garp(&rec.frame[1], P0, 7, ga), "GARP 1");
	TEST_ASSERT_SUCCESS(check_garp(&rec.frame[2], P0, 7, gb), "GARP 2");
	TEST_ASSERT_EQUAL(t->stats.v[CARP_STAT_OPACKETS],
		before.v[CARP_STAT_OPACKETS] + 1, "opackets");
	TEST_ASSERT_EQUAL(t->stats.v[CARP_STAT_PREEMPT],
		before.v[CARP_STAT_PREEMPT], "not a preemption");

	/* 2nd advertisement: no GARP; counter goes up by one. */
	rec_clear();
	now = vh->fsm.deadline;
	carp_vhost_expire(t, vh, now);
	TEST_ASSERT_EQUAL(rec.nframes, 1, "2nd: advertisement only");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 7, 2, 7,
		"secret", addrs, 2, &c2), "2nd advertisement");
	TEST_ASSERT_EQUAL(c2, c1 + 1, "counter");
	TEST_ASSERT_SUCCESS(check_timer(vh, CARP_TIMER_ADV,
		now + 2027343750ULL), "re-armed");
	TEST_ASSERT_EQUAL(rec.nstates, 0, "no state change");

	/* 3rd: the GARPs once more. */
	rec_clear();
	carp_vhost_expire(t, vh, vh->fsm.deadline);
	TEST_ASSERT_EQUAL(rec.nframes, 3, "3rd: advertisement and GARPs");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 7, 2, 7,
		"secret", addrs, 2, &c3), "3rd advertisement");
	TEST_ASSERT_EQUAL(c3, c2 + 1, "counter");
	TEST_ASSERT_SUCCESS(check_garp(&rec.frame[1], P0, 7,
		garp_target(&rec.frame[1])), "repeated GARP");
	TEST_ASSERT_SUCCESS(check_garp(&rec.frame[2], P0, 7,
		garp_target(&rec.frame[2])), "repeated GARP");
	TEST_ASSERT(garp_target(&rec.frame[1]) != garp_target(&rec.frame[2]),
		"one repeat per address");

	/* then advertisements only */
	for (i = 0; i < 4; i++) {
		rec_clear();
		carp_vhost_expire(t, vh, vh->fsm.deadline);
		TEST_ASSERT_EQUAL(rec.nframes, 1, "advertisement %u only",
			i + 4);
	}
	return TEST_SUCCESS;
}

/* ---- receive path, lib/carp/PROTOCOL.md §3 ---- */

/*
 * The victim of every drop test: a MASTER with skew 100 that a valid
 * advertisement from a faster peer (skew 0) would send to BACKUP, so that
 * a frame wrongly accepted cannot go unnoticed.
 */
static struct carp_vhost *
drop_victim(void)
{
	struct carp_vhost *vh;

	vh = vh_new("carp0", P0, 1, 1, 100, "secret", vip0, 1, T0);
	if (vh == NULL || vh_master(vh) != TEST_SUCCESS)
		return NULL;
	rec_clear();
	return vh;
}

/* A faster peer's valid advertisement for the victim. */
static size_t
drop_frame(uint8_t *buf)
{
	return peer_adv(buf, PEER_ADDR, 1, 1, 0, 1000, "secret", vip0, 1);
}

static int
expect_drop(struct carp_vhost *vh, uint16_t port, const uint8_t *frame,
		size_t len, enum carp_stat stat)
{
	struct carp_stats before = t->stats;
	enum carp_stat got;

	got = carp_input(t, port, frame, len, T0 + 10000000000ULL);
	TEST_ASSERT_EQUAL(got, stat, "dropped as %s, expected %s",
		got == CARP_STAT_NONE ? "accepted" : carp_stat_name(got),
		carp_stat_name(stat));
	TEST_ASSERT_SUCCESS(check_counted(&before, stat), "counters");
	TEST_ASSERT_SUCCESS(rec_quiet(), "a drop had effects");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER), "state");
	return TEST_SUCCESS;
}

/* The control: the same frame, unharmed, is accepted and acts. */
static int
test_input_valid(void)
{
	struct carp_vhost *vh = drop_victim();
	struct carp_stats before;
	uint8_t f[FRAME_MAX];
	size_t len;
	uint64_t now = T0 + 10000000000ULL;

	TEST_ASSERT_NOT_NULL(vh, "victim");
	len = drop_frame(f);
	TEST_ASSERT_EQUAL(len, 70, "frame");
	before = t->stats;
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, now), CARP_STAT_NONE,
		"valid advertisement");
	TEST_ASSERT_SUCCESS(check_counted(&before, CARP_STAT_NONE),
		"counters");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP), "lost");
	TEST_ASSERT_SUCCESS(check_timer(vh, CARP_TIMER_DOWN,
		now + 3390625000ULL), "master-down");
	TEST_ASSERT_EQUAL(rec.nframes, 0, "a loser sends nothing");

	/* Ethernet padding after the IP datagram is fine. */
	memset(f + len, 0, 10);
	before = t->stats;
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len + 10, now + 1000000),
		CARP_STAT_NONE, "padded advertisement");
	TEST_ASSERT_SUCCESS(check_counted(&before, CARP_STAT_NONE),
		"counters");
	return TEST_SUCCESS;
}

/* Step 1: allow = 0 drops silently, counting only ipackets. */
static int
test_input_not_allowed(void)
{
	struct carp_vhost *vh = drop_victim();
	struct carp_stats before;
	uint8_t f[FRAME_MAX];
	struct carp_err err = { 0 };
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "victim");
	TEST_ASSERT_SUCCESS(carp_sysctl_set(t, CARP_KNOB_ALLOW, 0, T0, &err),
		"allow 0: %s", err.msg);
	rec_clear();
	len = drop_frame(f);
	before = t->stats;
	carp_input(t, P0, f, len, T0 + 1000);
	TEST_ASSERT_SUCCESS(check_counted(&before, CARP_STAT_IPACKETS),
		"only ipackets");
	TEST_ASSERT_SUCCESS(rec_quiet(), "effects");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_INIT), "state");

	/* Even a frame that would be a drop for any other reason. */
	before = t->stats;
	carp_input(t, P2, f, 10, T0 + 1000);
	TEST_ASSERT_SUCCESS(check_counted(&before, CARP_STAT_IPACKETS),
		"only ipackets");
	return TEST_SUCCESS;
}

/* Step 2: a port with no vhost. */
static int
test_input_badif(void)
{
	struct carp_vhost *vh = drop_victim();
	uint8_t f[FRAME_MAX];
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "victim");
	len = drop_frame(f);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P2, f, len, CARP_STAT_BADIF),
		"port 2 has no vhost");
	TEST_ASSERT_SUCCESS(expect_drop(vh, 9, f, len, CARP_STAT_BADIF),
		"port 9 was never declared");
	/* before any header check */
	frame_ip(f)->time_to_live = 1;
	fix_ip_cksum(f);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P2, f, len, CARP_STAT_BADIF),
		"badif comes before badttl");
	return TEST_SUCCESS;
}

/* Step 3: TTL must be 255 (the frame is otherwise well formed). */
static int
test_input_badttl(void)
{
	struct carp_vhost *vh = drop_victim();
	uint8_t f[FRAME_MAX];
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "victim");
	len = drop_frame(f);
	frame_ip(f)->time_to_live = 254;
	fix_ip_cksum(f);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADTTL),
		"TTL 254");

	/* ahead of the CARP checksum */
	frame_carp(f)->digest[3] ^= 0x40;
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADTTL),
		"TTL 254 and bad checksum");
	return TEST_SUCCESS;
}

/* Step 4: lengths. */
static int
test_input_badlen(void)
{
	struct carp_vhost *vh = drop_victim();
	uint8_t f[FRAME_MAX];
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "victim");

	/* The IP datagram claims one byte less than IP + CARP. */
	len = drop_frame(f);
	frame_ip(f)->total_length = rte_cpu_to_be_16(20 + 35);
	fix_ip_cksum(f);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADLEN),
		"IP length 55");

	/* The frame ends one byte before the CARP header does. */
	len = drop_frame(f);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len - 1, CARP_STAT_BADLEN),
		"frame of 69 bytes");

	/* The IP length claims more than the frame holds. */
	frame_ip(f)->total_length = rte_cpu_to_be_16(20 + 36 + 8);
	fix_ip_cksum(f);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADLEN),
		"IP length beyond the frame");

	/* Not even an IP header: unreadable. */
	len = drop_frame(f);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, RTE_ETHER_HDR_LEN + 10,
		CARP_STAT_HDROPS), "24-byte frame");
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, 0, CARP_STAT_HDROPS),
		"empty frame");
	return TEST_SUCCESS;
}

/* Step 5: the CARP checksum. */
static int
test_input_badsum(void)
{
	struct carp_vhost *vh = drop_victim();
	uint8_t f[FRAME_MAX];
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "victim");
	len = drop_frame(f);
	frame_carp(f)->digest[19] ^= 0x01;
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADSUM),
		"digest bit flipped");

	len = drop_frame(f);
	frame_carp(f)->advskew = 1;
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADSUM),
		"advskew changed");
	return TEST_SUCCESS;
}

/* Step 6: no running vhost with that vhid on that port. */
static int
test_input_badvhid(void)
{
	struct carp_vhost *vh = drop_victim();
	struct carp_vhost *down;
	struct carp_vhost_conf c;
	uint8_t f[FRAME_MAX];
	struct carp_err err = { 0 };
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "victim");

	len = peer_adv(f, PEER_ADDR, 9, 1, 0, 1000, "secret", vip0, 1);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADVHID),
		"vhid 9 not configured");

	/* vhid 1 exists, but on port 0, not on port 1. */
	TEST_ASSERT_NOT_NULL(vh_new("carp1", P1, 2, 1, 0, "", vip1, 1, T0),
		"vhost on port 1");
	rec_clear();
	len = drop_frame(f);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P1, f, len, CARP_STAT_BADVHID),
		"vhid 1 on port 1");

	/* configured, but administratively down: not running */
	conf_fill(&c, "carp2", P0, 5, 1, 0, "secret", vip0, 1);
	c.down = true;
	down = carp_vhost_create(t, &c, T0, &err);
	TEST_ASSERT_NOT_NULL(down, "down vhost: %s", err.msg);
	TEST_ASSERT_SUCCESS(check_state(down, CARP_STATE_INIT),
		"a down vhost stays INIT");
	rec_clear();
	len = peer_adv(f, PEER_ADDR, 5, 1, 0, 1000, "secret", vip0, 1);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADVHID),
		"vhid 5 down");

	/* badvhid comes before badver */
	len = peer_adv(f, PEER_ADDR, 9, 1, 0, 1000, "secret", vip0, 1);
	frame_carp(f)->ver_type = 3 << 4 | 1;
	fix_carp_cksum(f);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADVHID),
		"version 3 to vhid 9");
	return TEST_SUCCESS;
}

/* Step 7: version 2 only; the checksum is right, so it is the version. */
static int
test_input_badver(void)
{
	struct carp_vhost *vh = drop_victim();
	uint8_t f[FRAME_MAX];
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "victim");
	len = drop_frame(f);
	frame_carp(f)->ver_type = 3 << 4 | 1;
	fix_carp_cksum(f);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADVER),
		"version 3");

	len = drop_frame(f);
	frame_carp(f)->ver_type = 1 << 4 | 1;
	fix_carp_cksum(f);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADVER),
		"version 1");

	/* Receivers check only the version nibble (lib/carp/PROTOCOL.md §1). */
	len = drop_frame(f);
	frame_carp(f)->ver_type = 2 << 4 | 7;
	frame_carp(f)->authlen = 3;
	fix_carp_cksum(f);
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, T0 + 10000000000ULL),
		CARP_STAT_NONE, "type 7 and authlen 3 are not checked");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP), "accepted");
	return TEST_SUCCESS;
}

/* Step 8: the digest. */
static int
test_input_badauth(void)
{
	static const rte_be32_t two[] = { VIP0, VIP0B };
	struct carp_vhost *vh = drop_victim();
	uint8_t f[FRAME_MAX];
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "victim");
	/* From different peers: two from one would be a conflict. */
	len = peer_adv(f, IP4(10, 0, 0, 6), 1, 1, 0, 1000, "secreT", vip0,
		1);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADAUTH),
		"wrong password");

	len = peer_adv(f, IP4(10, 0, 0, 4), 1, 1, 0, 1000, "", vip0, 1);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADAUTH),
		"no password");

	len = peer_adv(f, IP4(10, 0, 0, 5), 1, 1, 0, 1000, "secret", two,
		2);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADAUTH),
		"another address set");

	/* The counter is signed: change it, fix only the checksum. */
	len = drop_frame(f);
	frame_carp(f)->counter[7] ^= 1;
	fix_carp_cksum(f);
	TEST_ASSERT_SUCCESS(expect_drop(vh, P0, f, len, CARP_STAT_BADAUTH),
		"counter changed");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §2: a valid advertisement's counter is adopted. */
static int
test_input_counter_adopted(void)
{
	struct carp_vhost *vh = vh_new("carp0", P0, 1, 1, 0, "secret", vip0,
		1, T0);
	uint8_t f[FRAME_MAX];
	uint64_t c;
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "create");
	TEST_ASSERT_SUCCESS(vh_master(vh), "master");

	/* A slower peer: we stay MASTER, and continue from its counter. */
	len = peer_adv(f, PEER_ADDR, 1, 1, 100, 0x0123456789abcdefULL,
		"secret", vip0, 1);
	rec_clear();
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, vh->fsm.deadline - 1000),
		CARP_STAT_NONE, "valid");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER), "state");
	TEST_ASSERT_EQUAL(rec.nframes, 0, "nothing sent");
	carp_vhost_expire(t, vh, vh->fsm.deadline);
	TEST_ASSERT_EQUAL(rec.nframes, 1, "one advertisement");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 1, 0,
		"secret", vip0, 1, &c), "advertisement");
	TEST_ASSERT_EQUAL(c, 0x0123456789abcdf0ULL, "peer counter + 1");

	/* The 64-bit counter wraps like the peer's would. This expiry
	 * also repeats the GARP: only the advertisement matters here.
	 */
	len = peer_adv(f, PEER_ADDR, 1, 1, 100, UINT64_MAX, "secret", vip0, 1);
	rec_clear();
	carp_input(t, P0, f, len, vh->fsm.deadline - 1000);
	carp_vhost_expire(t, vh, vh->fsm.deadline);
	TEST_ASSERT(rec.nframes >= 1, "advertisement");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 1, 0,
		"secret", vip0, 1, &c), "advertisement");
	TEST_ASSERT_EQUAL(c, 0, "wrapped");
	return TEST_SUCCESS;
}

/* Adopted by a BACKUP too: its takeover advertisement continues it. */
static int
test_input_counter_backup(void)
{
	struct carp_vhost *vh = vh_new("carp0", P0, 1, 1, 0, "secret", vip0,
		1, T0);
	uint8_t f[FRAME_MAX];
	uint64_t c;
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "create");
	len = peer_adv(f, PEER_ADDR, 1, 1, 0, 0xfeedULL << 32, "secret",
		vip0, 1);
	carp_input(t, P0, f, len, T0 + 1000000000ULL);
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP), "tie: BACKUP");
	rec_clear();
	carp_vhost_expire(t, vh, vh->fsm.deadline);
	TEST_ASSERT(rec.nframes >= 1, "takeover advertisement");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 1, 0,
		"secret", vip0, 1, &c), "advertisement");
	TEST_ASSERT_EQUAL(c, (0xfeedULL << 32) + 1, "peer counter + 1");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §2: our own advertisement, looped back, is ignored. */
static int
test_input_own_looped(void)
{
	struct carp_vhost *vh = vh_new("carp0", P0, 1, 1, 0, "secret", vip0,
		1, T0);
	struct carp_stats before;
	struct rec_frame own;
	struct carp_adv adv;
	uint8_t f[FRAME_MAX];
	uint64_t deadline;
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "create");
	rec_clear();
	TEST_ASSERT_SUCCESS(vh_master(vh), "master");
	TEST_ASSERT(rec.nframes >= 1, "takeover advertisement");
	own = rec.frame[0];
	rec_clear();
	deadline = vh->fsm.deadline;
	before = t->stats;
	/* Were it taken for a peer's, the tie would cost us MASTER. */
	TEST_ASSERT_EQUAL(carp_input(t, P0, own.data, own.len, deadline - 1),
		CARP_STAT_NONE, "own advertisement");
	TEST_ASSERT_SUCCESS(check_counted(&before, CARP_STAT_NONE), "counters");
	TEST_ASSERT_SUCCESS(rec_quiet(), "effects");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER), "state");
	TEST_ASSERT_EQUAL(vh->fsm.deadline, deadline, "deadline");

	/* The same counter from a peer's address is a peer's: tie lost. */
	TEST_ASSERT_EQUAL(carp_adv_parse(own.data, own.len, &adv),
		CARP_STAT_NONE, "parse");
	len = peer_adv(f, PEER_ADDR, 1, 1, 0, carp_counter_get(adv.counter),
		"secret", vip0, 1);
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, deadline - 1),
		CARP_STAT_NONE, "peer advertisement");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP),
		"tie with a peer lost");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.3 through carp_input: preemption and the bow-out
 * rule.
 */
static int
test_input_preempt(void)
{
	struct carp_vhost *vh = vh_new("carp0", P0, 1, 1, 0, "secret", vip0,
		1, T0);
	struct carp_stats before;
	uint8_t f[FRAME_MAX];
	struct carp_err err = { 0 };
	uint64_t now;
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "create");
	len = peer_adv(f, PEER_ADDR, 1, 1, 100, 5000, "secret", vip0, 1);

	/* preempt 0: a slower master only pushes master-down out. */
	rec_clear();
	now = T0 + 1500000000ULL;
	carp_input(t, P0, f, len, now);
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP), "no preempt");
	TEST_ASSERT_SUCCESS(check_timer(vh, CARP_TIMER_DOWN,
		now + 3000000000ULL), "master-down re-armed");
	TEST_ASSERT_EQUAL(rec.nframes, 0, "nothing sent");

	/* preempt 1: the same advertisement makes us MASTER at once. */
	TEST_ASSERT_SUCCESS(carp_sysctl_set(t, CARP_KNOB_PREEMPT, 1, now, &err),
		"preempt: %s", err.msg);
	rec_clear();
	before = t->stats;
	now += 1000000000ULL;
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, now), CARP_STAT_NONE,
		"valid");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER), "preempted");
	TEST_ASSERT_EQUAL(t->stats.v[CARP_STAT_PREEMPT],
		before.v[CARP_STAT_PREEMPT] + 1, "preempt counted");
	TEST_ASSERT_EQUAL(rec.nframes, 2, "advertisement and GARP");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 1, 0,
		"secret", vip0, 1, NULL), "advertisement");
	TEST_ASSERT_SUCCESS(check_garp(&rec.frame[1], P0, 1, VIP0), "GARP");
	TEST_ASSERT_SUCCESS(check_timer(vh, CARP_TIMER_ADV,
		now + 1000000000ULL), "advertisement timer");
	TEST_ASSERT_EQUAL(rec.nstates, 1, "one state change");
	TEST_ASSERT_EQUAL(rec.state[0].from, CARP_STATE_BACKUP, "from");
	TEST_ASSERT_EQUAL(rec.state[0].to, CARP_STATE_MASTER, "to");

	/* A faster peer takes it back; we arm master-down. */
	len = peer_adv(f, PEER_ADDR, 1, 0, 200, 6000, "secret", vip0, 1);
	rec_clear();
	now += 100000000ULL;
	carp_input(t, P0, f, len, now);
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP), "lost");
	TEST_ASSERT_SUCCESS(check_timer(vh, CARP_TIMER_DOWN,
		now + 3000000000ULL), "master-down");
	TEST_ASSERT_EQUAL(rec.nframes, 0, "nothing sent");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.6: a peer's bow-out hands us MASTER at once. */
static int
test_input_bowout(void)
{
	struct carp_vhost *vh = vh_new("carp0", P0, 1, 1, 50, "secret", vip0,
		1, T0);
	struct carp_stats before;
	uint8_t f[FRAME_MAX];
	size_t len;

	TEST_ASSERT_NOT_NULL(vh, "create");
	len = peer_adv(f, PEER_ADDR, 1, CARP_BOWOUT, CARP_BOWOUT, 77,
		"secret", vip0, 1);
	rec_clear();
	before = t->stats;
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, T0 + 500000000ULL),
		CARP_STAT_NONE, "bow-out is valid");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER), "took over");
	TEST_ASSERT_EQUAL(t->stats.v[CARP_STAT_PREEMPT],
		before.v[CARP_STAT_PREEMPT], "not a preemption");
	TEST_ASSERT_EQUAL(rec.nframes, 2, "advertisement and GARP");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 1, 50,
		"secret", vip0, 1, NULL), "advertisement");
	return TEST_SUCCESS;
}

/* ---- links and suppress_preempt, lib/carp/PROTOCOL.md §4.5 ---- */

static int
test_link_down_up(void)
{
	struct carp_vhost *a, *b, *c;
	struct carp_err err = { 0 };
	unsigned int i;
	uint64_t now;

	a = vh_new("carpA", P0, 1, 1, 0, "a", vip0, 1, T0);
	b = vh_new("carpB", P1, 1, 1, 0, "b", vip1, 1, T0);
	c = vh_new("carpC", P1, 2, 1, 100, "c", vip1, 1, T0);
	TEST_ASSERT(a != NULL && b != NULL && c != NULL, "create");
	TEST_ASSERT_SUCCESS(vh_master(a), "A master");
	TEST_ASSERT_SUCCESS(vh_master(b), "B master");
	TEST_ASSERT_SUCCESS(check_state(c, CARP_STATE_BACKUP), "C backup");

	rec_clear();
	now = a->fsm.deadline - 300000000ULL;
	carp_port_link(t, P1, false, now);
	TEST_ASSERT(!t->port[P1].link_up, "link state");
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 2,
		"one problem per vhost on the port");
	TEST_ASSERT_SUCCESS(check_state(b, CARP_STATE_INIT), "B");
	TEST_ASSERT_SUCCESS(check_state(c, CARP_STATE_INIT), "C");
	TEST_ASSERT(!carp_vhost_running(t, b), "B not running");
	TEST_ASSERT_SUCCESS(check_timer(b, CARP_TIMER_NONE, 0), "B timer");
	TEST_ASSERT_SUCCESS(check_timer(c, CARP_TIMER_NONE, 0), "C timer");
	TEST_ASSERT_EQUAL(rec_states_of(b), 1, "B: MASTER -> INIT");
	TEST_ASSERT_EQUAL(rec_states_of(c), 1, "C: BACKUP -> INIT");
	TEST_ASSERT_EQUAL(rec_states_of(a), 0, "A keeps its state");
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_MASTER), "A");

	/* A advertises at once, demoted, and keeps the 240 interval. */
	TEST_ASSERT_EQUAL(rec.nframes, 1, "one frame: A's advertisement");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 1, 240,
		"a", vip0, 1, NULL), "A advertises with skew 240");
	for (i = 0; i < rec.nframes; i++)
		TEST_ASSERT(rec.frame[i].port != P1, "sent on a dead link");
	TEST_ASSERT_SUCCESS(check_timer(a, CARP_TIMER_ADV,
		now + 1937500000ULL), "A re-armed with T(1,240)");

	/* The same news twice is still one problem per vhost. */
	rec_clear();
	carp_port_link(t, P1, false, now + 1);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 2,
		"repeated link down");
	TEST_ASSERT_EQUAL(rec.nframes, 0, "no new advertisement");

	/* Read-only while it counts. */
	TEST_ASSERT(carp_sysctl_set(t, CARP_KNOB_SUPPRESS_PREEMPT, 0, now,
		&err) < 0, "suppress_preempt is read-only");
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 2,
		"suppress_preempt");

	/* Link back: the problems go away, the vhosts start again. */
	rec_clear();
	now += 500000000ULL;
	carp_port_link(t, P1, true, now);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 0,
		"suppress_preempt back to 0");
	TEST_ASSERT_SUCCESS(check_state(b, CARP_STATE_BACKUP), "B");
	TEST_ASSERT_SUCCESS(check_state(c, CARP_STATE_BACKUP), "C");
	TEST_ASSERT_SUCCESS(check_timer(b, CARP_TIMER_DOWN,
		now + 3000000000ULL), "B master-down");
	TEST_ASSERT_SUCCESS(check_timer(c, CARP_TIMER_DOWN,
		now + 3390625000ULL), "C master-down");
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_MASTER), "A");

	/* A's next advertisement carries its own skew again. */
	rec_clear();
	now = a->fsm.deadline;
	carp_vhost_expire(t, a, now);
	TEST_ASSERT_EQUAL(rec.nframes, 1, "A advertises");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 1, 0,
		"a", vip0, 1, NULL), "A advertises with skew 0");
	TEST_ASSERT_SUCCESS(check_timer(a, CARP_TIMER_ADV,
		now + 1000000000ULL), "A re-armed with T(1,0)");

	/* The repeated link up changes nothing either. */
	carp_port_link(t, P1, true, now);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 0,
		"repeated link up");
	return TEST_SUCCESS;
}

/* Problems add up across ports. */
static int
test_link_two_ports(void)
{
	struct carp_vhost *a, *b;

	a = vh_new("carpA", P0, 1, 1, 0, "a", vip0, 1, T0);
	b = vh_new("carpB", P1, 1, 1, 0, "b", vip1, 1, T0);
	TEST_ASSERT(a != NULL && b != NULL, "create");
	carp_port_link(t, P1, false, T0 + 1);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 1, "one");
	carp_port_link(t, P0, false, T0 + 2);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 2, "two");
	/* a port without vhosts is no problem */
	carp_port_link(t, P2, false, T0 + 3);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 2, "P2");
	carp_port_link(t, P1, true, T0 + 4);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 1, "P1 up");
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_INIT), "A");
	TEST_ASSERT_SUCCESS(check_state(b, CARP_STATE_BACKUP), "B");
	carp_port_link(t, P0, true, T0 + 5);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 0, "P0 up");
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_BACKUP), "A");
	return TEST_SUCCESS;
}

/*
 * The failover group of the manual: with preempt on, a router that lost a
 * link does not preempt elsewhere, and its peer preempts it.
 */
static int
test_link_failover_group(void)
{
	struct carp_vhost *a, *b;
	uint8_t f[FRAME_MAX];
	struct carp_err err = { 0 };
	uint64_t now;
	size_t len;

	TEST_ASSERT_SUCCESS(carp_sysctl_set(t, CARP_KNOB_PREEMPT, 1, T0, &err),
		"preempt: %s", err.msg);
	a = vh_new("carpA", P0, 1, 1, 0, "a", vip0, 1, T0);
	b = vh_new("carpB", P1, 1, 1, 0, "b", vip1, 1, T0);
	TEST_ASSERT(a != NULL && b != NULL, "create");

	carp_port_link(t, P1, false, T0 + 1000);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 1, "one");

	/* The peer on port 0 advertises 1/100: our T(1,240) is slower. */
	len = peer_adv(f, PEER_ADDR, 1, 1, 100, 1, "a", vip0, 1);
	now = T0 + 2000000000ULL;
	carp_input(t, P0, f, len, now);
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_BACKUP),
		"a demoted BACKUP does not preempt");

	/* Link back: the same advertisement is preempted. */
	carp_port_link(t, P1, true, now);
	carp_input(t, P0, f, len, now + 1000);
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_MASTER), "preempts");

	/* Link lost again: our MASTER's advertisement lets the peer win... */
	rec_clear();
	carp_port_link(t, P1, false, now + 2000);
	TEST_ASSERT_EQUAL(rec.nframes, 1, "demoted advertisement");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 1, 240,
		"a", vip0, 1, NULL), "skew 240");
	/* ...and its preempting advertisement makes us BACKUP. */
	carp_input(t, P0, f, len, now + 3000);
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_BACKUP),
		"preempted by the peer");
	return TEST_SUCCESS;
}

/* ---- orderly stops, lib/carp/PROTOCOL.md §4.6 ---- */

/* allow = 0 stops every vhost, masters bowing out; allow = 1 restarts. */
static int
test_allow_off_on(void)
{
	struct carp_vhost *a, *b, *c;
	struct carp_err err = { 0 };
	unsigned int i, bow = 0;
	uint64_t now;

	a = vh_new("carpA", P0, 1, 1, 0, "a", vip0, 1, T0);
	b = vh_new("carpB", P0, 2, 1, 100, "b", vip0, 1, T0);
	c = vh_new("carpC", P1, 1, 1, 0, "c", vip1, 1, T0);
	TEST_ASSERT(a != NULL && b != NULL && c != NULL, "create");
	TEST_ASSERT_SUCCESS(vh_master(a), "A master");
	TEST_ASSERT_SUCCESS(vh_master(c), "C master");

	rec_clear();
	now = T0 + 4000000000ULL;
	TEST_ASSERT_SUCCESS(carp_sysctl_set(t, CARP_KNOB_ALLOW, 0, now, &err),
		"allow 0: %s", err.msg);
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_ALLOW], 0, "allow");
	TEST_ASSERT_EQUAL(rec.nframes, 2, "two bow-outs");
	for (i = 0; i < rec.nframes; i++) {
		const struct rec_frame *f = &rec.frame[i];

		if (f->port == P0)
			TEST_ASSERT_SUCCESS(check_adv(f, P0, P0_ADDR, 1,
				255, 255, "a", vip0, 1, NULL), "A bow-out");
		else
			TEST_ASSERT_SUCCESS(check_adv(f, P1, P1_ADDR, 1,
				255, 255, "c", vip1, 1, NULL), "C bow-out");
		bow |= 1u << f->port;
	}
	TEST_ASSERT_EQUAL(bow, 3, "one bow-out per master");
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_INIT), "A");
	TEST_ASSERT_SUCCESS(check_state(b, CARP_STATE_INIT), "B");
	TEST_ASSERT_SUCCESS(check_state(c, CARP_STATE_INIT), "C");
	TEST_ASSERT_SUCCESS(check_timer(a, CARP_TIMER_NONE, 0), "A timer");
	TEST_ASSERT_SUCCESS(check_timer(b, CARP_TIMER_NONE, 0), "B timer");
	TEST_ASSERT_SUCCESS(check_timer(c, CARP_TIMER_NONE, 0), "C timer");
	TEST_ASSERT(!carp_vhost_running(t, a), "A not running");
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 0,
		"allow is not a problem");

	rec_clear();
	now += 1000000000ULL;
	TEST_ASSERT_SUCCESS(carp_sysctl_set(t, CARP_KNOB_ALLOW, 1, now, &err),
		"allow 1: %s", err.msg);
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_BACKUP), "A");
	TEST_ASSERT_SUCCESS(check_state(b, CARP_STATE_BACKUP), "B");
	TEST_ASSERT_SUCCESS(check_state(c, CARP_STATE_BACKUP), "C");
	TEST_ASSERT_SUCCESS(check_timer(a, CARP_TIMER_DOWN,
		now + 3000000000ULL), "A master-down");
	TEST_ASSERT_SUCCESS(check_timer(b, CARP_TIMER_DOWN,
		now + 3390625000ULL), "B master-down");
	TEST_ASSERT_EQUAL(rec.nframes, 0, "nothing sent");
	return TEST_SUCCESS;
}

static int
test_shutdown(void)
{
	struct carp_vhost *a, *b, *c;
	unsigned int i, bow = 0;
	struct carp_vhost *vh;

	a = vh_new("carpA", P0, 1, 2, 0, "a", vip0, 1, T0);
	b = vh_new("carpB", P0, 2, 1, 100, "b", vip0, 1, T0);
	c = vh_new("carpC", P1, 3, 1, 0, "c", vip1, 1, T0);
	TEST_ASSERT(a != NULL && b != NULL && c != NULL, "create");
	TEST_ASSERT_SUCCESS(vh_master(a), "A master");
	TEST_ASSERT_SUCCESS(vh_master(c), "C master");

	rec_clear();
	carp_shutdown(t, T0 + 9000000000ULL);
	TEST_ASSERT_EQUAL(rec.nframes, 2, "one bow-out per MASTER");
	for (i = 0; i < rec.nframes; i++) {
		const struct rec_frame *f = &rec.frame[i];

		TEST_ASSERT(is_bowout(f), "frame %u is not a bow-out", i);
		if (f->port == P0)
			TEST_ASSERT_SUCCESS(check_adv(f, P0, P0_ADDR, 1,
				255, 255, "a", vip0, 1, NULL), "A bow-out");
		else
			TEST_ASSERT_SUCCESS(check_adv(f, P1, P1_ADDR, 3,
				255, 255, "c", vip1, 1, NULL), "C bow-out");
		bow |= 1u << f->port;
	}
	TEST_ASSERT_EQUAL(bow, 3, "A and C");
	TAILQ_FOREACH(vh, &t->vhosts, next) {
		TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_INIT), "INIT");
		TEST_ASSERT_EQUAL(vh->fsm.timer, CARP_TIMER_NONE, "timer");
	}
	TEST_ASSERT_EQUAL(rec_states_of(a), 1, "A: MASTER -> INIT");
	TEST_ASSERT_EQUAL(rec_states_of(b), 1, "B: BACKUP -> INIT");
	return TEST_SUCCESS;
}

static int
test_destroy(void)
{
	struct carp_vhost *a, *b;

	a = vh_new("carpA", P0, 1, 1, 0, "a", vip0, 1, T0);
	b = vh_new("carpB", P0, 2, 1, 100, "b", vip0, 1, T0);
	TEST_ASSERT(a != NULL && b != NULL, "create");
	TEST_ASSERT_SUCCESS(vh_master(a), "A master");
	TEST_ASSERT_EQUAL(t->nvhosts, 2, "nvhosts");

	rec_clear();
	carp_vhost_destroy(t, a, T0 + 5000000000ULL);
	TEST_ASSERT_EQUAL(rec.nframes, 1, "bow-out");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 255, 255,
		"a", vip0, 1, NULL), "A bow-out");
	TEST_ASSERT_EQUAL(t->nvhosts, 1, "nvhosts");
	TEST_ASSERT_EQUAL(t->port[P0].nvhosts, 1, "port nvhosts");
	TEST_ASSERT_NULL(carp_vhost_lookup(t, P0, 1), "lookup");
	TEST_ASSERT_NULL(carp_vhost_find(t, "carpA"), "find");
	TEST_ASSERT_SUCCESS(check_state(b, CARP_STATE_BACKUP), "B untouched");
	TEST_ASSERT_EQUAL(rec_states_of(b), 0, "B untouched");

	/* A BACKUP goes quietly. */
	rec_clear();
	carp_vhost_destroy(t, b, T0 + 6000000000ULL);
	TEST_ASSERT_EQUAL(rec.nframes, 0, "no bow-out from a BACKUP");
	TEST_ASSERT_EQUAL(t->nvhosts, 0, "nvhosts");
	TEST_ASSERT_EQUAL(t->port[P0].nvhosts, 0, "port nvhosts");
	TEST_ASSERT(TAILQ_EMPTY(&t->vhosts), "list");

	/* The vhid is free again. */
	TEST_ASSERT_NOT_NULL(vh_new("carpA", P0, 1, 1, 0, "a", vip0, 1, T0),
		"re-create");
	return TEST_SUCCESS;
}

/* ---- configuration ---- */

static int
test_conf_defaults(void)
{
	struct carp_vhost_conf c;

	memset(&c, 0x5a, sizeof(c));
	carp_vhost_conf_init(&c);
	TEST_ASSERT_EQUAL(c.advbase, 1, "advbase");
	TEST_ASSERT_EQUAL(c.advskew, 0, "advskew");
	TEST_ASSERT_EQUAL(c.vhid, 0, "vhid");
	TEST_ASSERT_EQUAL(c.naddrs, 0, "naddrs");
	TEST_ASSERT(!c.down, "down");
	TEST_ASSERT_EQUAL(c.pass[0], '\0', "pass");
	return TEST_SUCCESS;
}

/*
 * Every rejected configuration: carp_vhost_conf_check says why, and
 * carp_vhost_create refuses it without touching the table.
 */
static int
test_conf_check_errors(void)
{
	static const char * const what[] = {
		"empty name",
		"name taken",
		"port's own address",
		"vhid 0",
		"vhid taken on the port",
		"undeclared port",
		"port out of range",
		"password of 20 characters",
		"address outside the port's subnet",
		"second address outside the port's subnet",
		"advbase 255",
		"advskew 255",
		"an address given twice",
	};
	struct carp_vhost *a;
	struct carp_vhost_conf c;
	struct carp_err err = { 0 };
	unsigned int i, j;
	int ret;

	a = vh_new("carpA", P0, 1, 1, 0, "a", vip0, 1, T0);
	TEST_ASSERT_NOT_NULL(a, "create");

	for (i = 0; i < RTE_DIM(what); i++) {
		conf_fill(&c, "carpX", P0, 9, 1, 0, "x", vip0, 1);
		switch (i) {
		case 0:
			c.name[0] = '\0';
			break;
		case 1:
			/* carp_vhost_find() must name one vhost */
			snprintf(c.name, sizeof(c.name), "carpA");
			break;
		case 2:
			/* it must stay the source of advertisements */
			c.addrs[0] = P0_ADDR;
			break;
		case 3:
			c.vhid = 0;
			break;
		case 4:
			c.vhid = 1;
			break;
		case 5:
			c.port = 5;
			break;
		case 6:
			c.port = CARP_MAX_PORTS;
			break;
		case 7:
			/* pass[] has room for 19 and the NUL: 20
			 * characters fill it, unterminated.
			 */
			RTE_BUILD_BUG_ON(sizeof(c.pass) != 20);
			memcpy(c.pass, "mekmitasdigoat123456", 20);
			break;
		case 8:
			c.addrs[0] = IP4(10, 0, 1, 100);
			break;
		case 9:
			carp_vhost_conf_addr_add(&c, IP4(10, 1, 0, 100), 24);
			break;
		case 10:
			c.advbase = 255;
			break;
		case 11:
			c.advskew = 255;
			break;
		case 12:
			for (j = 0; j < 100; j++)
				carp_vhost_conf_addr_add(&c,
					IP4(10, 0, 0, 110 + j % 50), 24);
			break;
		}
		err.msg[0] = '\0';
		ret = carp_vhost_conf_check(t, &c, NULL, &err);
		TEST_ASSERT(ret < 0, "%s accepted", what[i]);
		TEST_ASSERT(err.msg[0] != '\0', "%s: no reason given", what[i]);

		rec_clear();
		err.msg[0] = '\0';
		TEST_ASSERT_NULL(carp_vhost_create(t, &c, T0, &err),
			"%s created", what[i]);
		TEST_ASSERT(err.msg[0] != '\0', "%s: no reason given", what[i]);
		TEST_ASSERT_EQUAL(t->nvhosts, 1, "%s: nvhosts", what[i]);
		TEST_ASSERT_EQUAL(t->port[P0].nvhosts, 1,
			"%s: port nvhosts", what[i]);
		TEST_ASSERT(carp_vhost_lookup(t, P0, 1) == a,
			"%s: vhid 1 taken over", what[i]);
		TEST_ASSERT_NULL(carp_vhost_lookup(t, P0, 9),
			"%s: vhid 9", what[i]);
		TEST_ASSERT_NULL(carp_vhost_find(t, "carpX"),
			"%s: by name", what[i]);
		TEST_ASSERT_SUCCESS(rec_quiet(), "%s", what[i]);
		TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_BACKUP),
			"%s: A", what[i]);
	}
	return TEST_SUCCESS;
}

/* What is allowed at the edges of the ranges. */
static int
test_conf_check_ok(void)
{
	struct carp_vhost *a;
	struct carp_vhost_conf c;
	struct carp_err err = { 0 };
	unsigned int j;

	a = vh_new("carpA", P0, 1, 1, 0, "a", vip0, 1, T0);
	TEST_ASSERT_NOT_NULL(a, "create");

#define CHECK_OK(why) TEST_ASSERT_SUCCESS(carp_vhost_conf_check(t, &c, \
	NULL, &err), "%s refused: %s", why, err.msg)

	conf_fill(&c, "carpX", P1, 1, 1, 0, "x", vip1, 1);
	CHECK_OK("vhid 1 on another port");
	conf_fill(&c, "carpX", P0, 255, 0, 0, "", vip0, 1);
	CHECK_OK("vhid 255, advbase 0, no password");
	conf_fill(&c, "carpX", P0, 9, 254, 254, "mekmitasdigoat12345",
		vip0, 1);
	CHECK_OK("advbase 254, advskew 254, password of 19");
	conf_fill(&c, "carpX", P0, 9, 1, 0, "x", NULL, 0);
	for (j = 0; j < 250; j++)
		carp_vhost_conf_addr_add(&c, IP4(10, 0, 0, 3 + j), 24);
	CHECK_OK("every address of the subnet");

	/* A vhost's own vhid is not "taken" when it checks a change. */
	c = a->conf;
	c.advskew = 10;
	TEST_ASSERT_SUCCESS(carp_vhost_conf_check(t, &c, a, &err),
		"own vhid: %s", err.msg);
	TEST_ASSERT(carp_vhost_conf_check(t, &c, NULL, &err) < 0,
		"the same change from someone else");
#undef CHECK_OK
	return TEST_SUCCESS;
}

/*
 * lib/carp/PROTOCOL.md §4.2: without an address a vhost exists but does not
 * run; given one, it starts.
 */
static int
test_conf_no_address(void)
{
	struct carp_vhost *vh;
	struct carp_vhost_conf c;
	uint8_t f[FRAME_MAX];
	struct carp_err err = { 0 };
	size_t len;

	conf_fill(&c, "carp0", P0, 4, 1, 0, "x", NULL, 0);
	TEST_ASSERT_SUCCESS(carp_vhost_conf_check(t, &c, NULL, &err),
		"no address: %s", err.msg);
	vh = carp_vhost_create(t, &c, T0, &err);
	TEST_ASSERT_NOT_NULL(vh, "create: %s", err.msg);
	TEST_ASSERT(!carp_vhost_running(t, vh), "running without address");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_INIT), "state");
	TEST_ASSERT_EQUAL(vh->fsm.timer, CARP_TIMER_NONE, "timer");

	len = peer_adv(f, PEER_ADDR, 4, 1, 0, 1, "x", NULL, 0);
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, T0 + 1000),
		CARP_STAT_BADVHID, "not running");

	rec_clear();
	carp_vhost_conf_addr_add(&c, VIP0, 24);
	TEST_ASSERT_SUCCESS(carp_vhost_update(t, vh, &c, T0 + 2000, &err),
		"update: %s", err.msg);
	TEST_ASSERT(carp_vhost_running(t, vh), "running");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP), "started");
	TEST_ASSERT_SUCCESS(check_timer(vh, CARP_TIMER_DOWN,
		T0 + 2000 + 3000000000ULL), "master-down");
	return TEST_SUCCESS;
}

/* ---- shared addresses, lib/carp/PROTOCOL.md §5.2 ---- */

static int
test_addr_shared(void)
{
	static const rte_be32_t addrs_a[] = { VIP0, VIP0B };
	struct carp_vhost *a, *b;

	a = vh_new("carpA", P0, 1, 1, 0, "a", addrs_a, 2, T0);
	b = vh_new("carpB", P0, 2, 1, 0, "b", vip0, 1, T0);
	TEST_ASSERT(a != NULL && b != NULL, "create");
	TEST_ASSERT(carp_addr_shared(t, P0, VIP0), "VIP0 is on A and B");
	TEST_ASSERT(!carp_addr_shared(t, P0, VIP0B), "VIP0B only on A");
	TEST_ASSERT(!carp_addr_shared(t, P0, VIP0C), "VIP0C on nobody");
	TEST_ASSERT(!carp_addr_shared(t, P1, VIP0), "port 1 has none");

	/* A's takeover: advertisement, GARP for VIP0B only. */
	rec_clear();
	carp_vhost_expire(t, a, a->fsm.deadline);
	TEST_ASSERT_EQUAL(rec.nframes, 2, "advertisement and one GARP");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 1, 0,
		"a", addrs_a, 2, NULL), "A advertisement");
	TEST_ASSERT_SUCCESS(check_garp(&rec.frame[1], P0, 1, VIP0B),
		"GARP for the unshared address");

	/* B's takeover: only the advertisement. */
	rec_clear();
	carp_vhost_expire(t, b, b->fsm.deadline);
	TEST_ASSERT_SUCCESS(check_state(b, CARP_STATE_MASTER), "B");
	TEST_ASSERT_EQUAL(rec.nframes, 1, "no GARP for a shared address");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 2, 1, 0,
		"b", vip0, 1, NULL), "B advertisement");

	/* Nor on the repeat. */
	rec_clear();
	carp_vhost_expire(t, b, b->fsm.deadline);
	carp_vhost_expire(t, b, b->fsm.deadline);
	TEST_ASSERT_EQUAL(rec.nframes, 2, "advertisements only");

	/* With B gone the address is A's alone. */
	carp_vhost_destroy(t, b, b->fsm.deadline);
	TEST_ASSERT(!carp_addr_shared(t, P0, VIP0), "VIP0 after destroy");
	return TEST_SUCCESS;
}

/* ---- changes in place ---- */

static int
test_update_in_place(void)
{
	static const rte_be32_t new_addrs[] = { VIP0C, VIP0 };
	struct carp_vhost *a, *b;
	struct carp_vhost_conf c;
	uint8_t f[FRAME_MAX];
	struct carp_err err = { 0 };
	uint64_t b_deadline;
	unsigned int i;
	size_t len;

	a = vh_new("carpA", P0, 1, 1, 0, "old", vip0, 1, T0);
	b = vh_new("carpB", P0, 2, 1, 50, "b", vip0, 1, T0);
	TEST_ASSERT(a != NULL && b != NULL, "create");
	TEST_ASSERT_SUCCESS(vh_master(a), "A master");
	b_deadline = b->fsm.deadline;

	rec_clear();
	carp_vhost_conf_init(&c);
	carp_vhost_conf_copy(&c, &a->conf);
	c.advskew = 50;
	snprintf(c.pass, sizeof(c.pass), "new");
	c.naddrs = 0;
	carp_vhost_conf_addr_add(&c, new_addrs[0], 24);
	carp_vhost_conf_addr_add(&c, new_addrs[1], 24);
	TEST_ASSERT_SUCCESS(carp_vhost_update(t, a, &c, a->fsm.deadline - 10,
		&err), "update: %s", err.msg);
	TEST_ASSERT_EQUAL(rec.nstates, 0, "no state changes");
	for (i = 0; i < rec.nframes; i++)
		TEST_ASSERT(!is_bowout(&rec.frame[i]), "a bow-out");
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_MASTER), "A");
	TEST_ASSERT_SUCCESS(check_state(b, CARP_STATE_BACKUP), "B");
	TEST_ASSERT_EQUAL(b->fsm.deadline, b_deadline, "B's timer");
	TEST_ASSERT(rec_timer_last(b) == NULL, "B's timer touched");
	TEST_ASSERT_EQUAL(a->conf.advskew, 50, "conf");
	TEST_ASSERT(carp_vhost_lookup(t, P0, 1) == a, "lookup");

	/* The next advertisement carries the new skew, key and addresses. */
	rec_clear();
	carp_vhost_expire(t, a, a->fsm.deadline);
	TEST_ASSERT(rec.nframes >= 1, "advertisement");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 1, 50,
		"new", new_addrs, 2, NULL), "new advertisement");
	TEST_ASSERT(!adv_signed_by(&rec.frame[0], "old", 1, new_addrs, 2),
		"still signed with the old password");
	TEST_ASSERT(!adv_signed_by(&rec.frame[0], "new", 1, vip0, 1),
		"still signed over the old addresses");

	/* Peers are checked with the new key too. */
	len = peer_adv(f, PEER_ADDR, 1, 1, 0, 1, "old", vip0, 1);
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, a->fsm.deadline - 1),
		CARP_STAT_BADAUTH, "old key");
	len = peer_adv(f, PEER_ADDR, 1, 1, 100, 1, "new", new_addrs, 2);
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, a->fsm.deadline - 1),
		CARP_STAT_NONE, "new key");
	/* own T(1,50) < peer T(1,100) */
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_MASTER), "A");

	/* A refused change leaves everything as it was. */
	c = a->conf;
	c.vhid = 2;
	rec_clear();
	TEST_ASSERT(carp_vhost_update(t, a, &c, a->fsm.deadline - 1, &err) < 0,
		"vhid 2 is B's");
	TEST_ASSERT_SUCCESS(rec_quiet(), "refused update");
	TEST_ASSERT_EQUAL(a->conf.vhid, 1, "vhid");
	TEST_ASSERT(carp_vhost_lookup(t, P0, 1) == a, "lookup 1");
	TEST_ASSERT(carp_vhost_lookup(t, P0, 2) == b, "lookup 2");
	return TEST_SUCCESS;
}

/* A new vhid is another vhost on the wire: bow out, start again. */
static int
test_update_vhid(void)
{
	struct carp_vhost *a;
	struct carp_vhost_conf c;
	struct carp_err err = { 0 };
	uint64_t now;

	a = vh_new("carpA", P0, 1, 1, 0, "a", vip0, 1, T0);
	TEST_ASSERT_NOT_NULL(a, "create");
	TEST_ASSERT_SUCCESS(vh_master(a), "A master");

	rec_clear();
	c = a->conf;
	c.vhid = 3;
	now = a->fsm.deadline - 10;
	TEST_ASSERT_SUCCESS(carp_vhost_update(t, a, &c, now, &err),
		"update: %s", err.msg);
	TEST_ASSERT(rec.nframes >= 1, "bow-out");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 255, 255,
		"a", vip0, 1, NULL), "bow-out for vhid 1");
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_BACKUP), "restarted");
	TEST_ASSERT_SUCCESS(check_timer(a, CARP_TIMER_DOWN,
		now + 3000000000ULL), "master-down");
	TEST_ASSERT_NULL(carp_vhost_lookup(t, P0, 1), "vhid 1");
	TEST_ASSERT(carp_vhost_lookup(t, P0, 3) == a, "vhid 3");

	/* Its takeover is as vhid 3, from the new virtual MAC. */
	rec_clear();
	carp_vhost_expire(t, a, a->fsm.deadline);
	TEST_ASSERT(rec.nframes >= 1, "advertisement");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 3, 1, 0,
		"a", vip0, 1, NULL), "vhid 3");
	return TEST_SUCCESS;
}

/* Administratively down and up again, by update. */
static int
test_update_down(void)
{
	struct carp_vhost *a;
	struct carp_vhost_conf c;
	struct carp_err err = { 0 };

	a = vh_new("carpA", P0, 1, 1, 0, "a", vip0, 1, T0);
	TEST_ASSERT_NOT_NULL(a, "create");
	TEST_ASSERT_SUCCESS(vh_master(a), "A master");

	rec_clear();
	c = a->conf;
	c.down = true;
	TEST_ASSERT_SUCCESS(carp_vhost_update(t, a, &c, T0 + 4000000000ULL,
		&err), "down: %s", err.msg);
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_INIT), "down");
	TEST_ASSERT_EQUAL(rec.nframes, 1, "a downed MASTER bows out");
	TEST_ASSERT(is_bowout(&rec.frame[0]), "bow-out");
	TEST_ASSERT_EQUAL(t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 0,
		"admin down is not a problem");

	c.down = false;
	TEST_ASSERT_SUCCESS(carp_vhost_update(t, a, &c, T0 + 5000000000ULL,
		&err), "up: %s", err.msg);
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_BACKUP), "up");
	return TEST_SUCCESS;
}

/* ---- forcing ---- */

static int
test_force(void)
{
	struct carp_vhost *a, *d;
	struct carp_vhost_conf c;
	struct carp_err err = { 0 };
	uint64_t now = T0 + 1000;

	a = vh_new("carpA", P0, 1, 1, 0, "a", vip0, 1, T0);
	TEST_ASSERT_NOT_NULL(a, "create");
	rec_clear();
	TEST_ASSERT_SUCCESS(carp_vhost_force(t, a, CARP_STATE_MASTER, now,
		&err), "force MASTER: %s", err.msg);
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_MASTER), "MASTER");
	TEST_ASSERT_EQUAL(rec.nframes, 2, "advertisement and GARP");
	TEST_ASSERT_SUCCESS(check_adv(&rec.frame[0], P0, P0_ADDR, 1, 1, 0,
		"a", vip0, 1, NULL), "advertisement");
	TEST_ASSERT_SUCCESS(check_garp(&rec.frame[1], P0, 1, VIP0), "GARP");
	TEST_ASSERT_SUCCESS(check_timer(a, CARP_TIMER_ADV,
		now + 1000000000ULL), "timer");

	rec_clear();
	TEST_ASSERT_SUCCESS(carp_vhost_force(t, a, CARP_STATE_BACKUP, now + 1,
		&err), "force BACKUP: %s", err.msg);
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_BACKUP), "BACKUP");
	TEST_ASSERT_SUCCESS(check_timer(a, CARP_TIMER_DOWN,
		now + 1 + 3000000000ULL), "timer");

	err.msg[0] = '\0';
	TEST_ASSERT(carp_vhost_force(t, a, CARP_STATE_INIT, now + 2, &err) < 0,
		"INIT cannot be forced");
	TEST_ASSERT(err.msg[0] != '\0', "no reason given");
	TEST_ASSERT_SUCCESS(check_state(a, CARP_STATE_BACKUP), "BACKUP");

	/* A vhost that does not run cannot be forced anywhere. */
	conf_fill(&c, "carpD", P0, 2, 1, 0, "d", vip0, 1);
	c.down = true;
	d = carp_vhost_create(t, &c, now, &err);
	TEST_ASSERT_NOT_NULL(d, "create: %s", err.msg);
	rec_clear();
	err.msg[0] = '\0';
	TEST_ASSERT(carp_vhost_force(t, d, CARP_STATE_MASTER, now + 3, &err) < 0,
		"forced a down vhost");
	TEST_ASSERT(err.msg[0] != '\0', "no reason given");
	TEST_ASSERT_SUCCESS(check_state(d, CARP_STATE_INIT), "still INIT");
	TEST_ASSERT_SUCCESS(rec_quiet(), "refused force");
	return TEST_SUCCESS;
}

/* What carp_vhost_adv_build puts on the wire for a vhost. */
static int
test_adv_build(void)
{
	struct carp_vhost *a;
	struct rec_frame f;

	a = vh_new("carpA", P0, 42, 3, 9, "pw", vip0, 1, T0);
	TEST_ASSERT_NOT_NULL(a, "create");
	memset(&f, 0, sizeof(f));
	f.port = P0;
	f.len = carp_vhost_adv_build(a, t, false, f.data, sizeof(f.data));
	TEST_ASSERT_SUCCESS(check_adv(&f, P0, P0_ADDR, 42, 3, 9, "pw", vip0, 1,
		NULL), "advertisement");
	f.len = carp_vhost_adv_build(a, t, true, f.data, sizeof(f.data));
	TEST_ASSERT_SUCCESS(check_adv(&f, P0, P0_ADDR, 42, 255, 255, "pw",
		vip0, 1, NULL), "bow-out");
	TEST_ASSERT_EQUAL(carp_vhost_adv_build(a, t, false, f.data, 69), 0,
		"buffer too small");
	return TEST_SUCCESS;
}

#define SEC	1000000000ULL

/* Feed vh's table one advertisement from src at now; it must be taken
 * with the verdict want.
 */
static int
conflict_feed(rte_be32_t src, uint8_t advskew, const char *pass,
		const rte_be32_t *addrs, uint64_t counter, uint64_t now,
		enum carp_stat want)
{
	uint8_t f[FRAME_MAX];
	size_t len;

	len = peer_adv(f, src, 1, 1, advskew, counter, pass, addrs, 1);
	TEST_ASSERT_EQUAL(len, 70, "frame");
	TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, now), want,
		"verdict on the advertisement");
	return TEST_SUCCESS;
}

static int
check_episode(const struct carp_vhost *vh, unsigned int on, unsigned int off,
		enum carp_conflict_kind kind, rte_be32_t peer)
{
	TEST_ASSERT_EQUAL(rec.conflicts_on, on, "episodes started");
	TEST_ASSERT_EQUAL(rec.conflicts_off, off, "episodes ended");
	TEST_ASSERT_EQUAL(vh->conflicts, on, "episodes counted");
	TEST_ASSERT_EQUAL(vh->conflict.active, on > off, "episode on");
	TEST_ASSERT_EQUAL(t->nconflicts, on - off, "table's count");
	if (on > 0) {
		TEST_ASSERT(rec.conflict_vh == vh, "episode of another vhost");
		TEST_ASSERT_EQUAL(vh->conflict.kind, kind, "kind %s",
			carp_conflict_kind_name(vh->conflict.kind));
		TEST_ASSERT_EQUAL(vh->conflict.peer, peer, "peer");
	}
	return TEST_SUCCESS;
}

/*
 * A MASTER that keeps hearing a slower MASTER (one that cannot hear it):
 * one advertisement is a peer about to yield, two in a master-down
 * interval are an episode, reported once, over after a quiet interval.
 */
static int
test_conflict_master(void)
{
	struct carp_vhost *vh = drop_victim();
	uint64_t now = T0 + 10 * SEC, quiet;
	unsigned int i;

	TEST_ASSERT_NOT_NULL(vh, "victim");
	quiet = carp_fsm_down_interval(&vh->fsm);
	TEST_ASSERT(quiet > SEC, "master-down interval %" PRIu64, quiet);
	TEST_ASSERT_SUCCESS(conflict_feed(PEER_ADDR, 200, "secret", vip0, 1,
		now, CARP_STAT_NONE), "first");
	TEST_ASSERT_SUCCESS(check_episode(vh, 0, 0, 0, 0), "after one");
	/* After a quiet interval, a second one starts over. */
	now += quiet + 1;
	TEST_ASSERT_SUCCESS(conflict_feed(PEER_ADDR, 200, "secret", vip0, 2,
		now, CARP_STAT_NONE), "late");
	TEST_ASSERT_SUCCESS(check_episode(vh, 0, 0, 0, 0), "late one");
	for (i = 0; i < 5; i++) {
		now += SEC;
		TEST_ASSERT_SUCCESS(conflict_feed(PEER_ADDR, 200, "secret",
			vip0, 3 + i, now, CARP_STAT_NONE), "more");
		TEST_ASSERT_SUCCESS(check_episode(vh, 1, 0,
			CARP_CONFLICT_MASTER, PEER_ADDR), "episode");
	}
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER), "state");
	TEST_ASSERT_EQUAL(rec.nstates, 0, "state changes");

	carp_conflicts_expire(t, now + quiet);
	TEST_ASSERT_SUCCESS(check_episode(vh, 1, 0, CARP_CONFLICT_MASTER,
		PEER_ADDR), "still on");
	carp_conflicts_expire(t, now + quiet + 1);
	TEST_ASSERT_SUCCESS(check_episode(vh, 1, 1, CARP_CONFLICT_MASTER,
		PEER_ADDR), "over");
	carp_conflicts_expire(t, now + 10 * quiet);
	TEST_ASSERT_EQUAL(rec.conflicts_off, 1, "ended twice");
	return TEST_SUCCESS;
}

/* A peer that yields or bows out is no conflict. */
static int
test_conflict_none(void)
{
	struct carp_vhost *vh = drop_victim();
	uint64_t now = T0 + 10 * SEC;
	uint8_t f[FRAME_MAX];
	size_t len;
	unsigned int i;

	TEST_ASSERT_NOT_NULL(vh, "victim");
	/* Bow-outs, however many. */
	for (i = 0; i < 4; i++) {
		len = peer_adv(f, PEER_ADDR, 1, CARP_BOWOUT, CARP_BOWOUT,
			10 + i, "secret", vip0, 1);
		TEST_ASSERT_EQUAL(carp_input(t, P0, f, len, now + i),
			CARP_STAT_NONE, "bow-out");
	}
	TEST_ASSERT_SUCCESS(check_episode(vh, 0, 0, 0, 0), "bow-outs");
	/* A faster peer: this host yields, and as BACKUP hears it on. */
	for (i = 0; i < 4; i++)
		TEST_ASSERT_SUCCESS(conflict_feed(PEER_ADDR, 0, "secret", vip0,
			20 + i, now + i * SEC, CARP_STAT_NONE), "faster");
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP), "yielded");
	TEST_ASSERT_SUCCESS(check_episode(vh, 0, 0, 0, 0), "faster peer");
	return TEST_SUCCESS;
}

/*
 * Advertisements that fail authentication from one source, again and
 * again: another password, or the same password over other addresses.
 * One is noise; a second within a master-down interval makes an episode;
 * another source, or a long silence, starts the count afresh.
 */
static int
test_conflict_auth(void)
{
	static const rte_be32_t other[] = { VIP0B };
	struct carp_vhost *vh = drop_victim();
	uint64_t now = T0 + 10 * SEC, quiet;

	TEST_ASSERT_NOT_NULL(vh, "victim");
	quiet = carp_fsm_down_interval(&vh->fsm);
	TEST_ASSERT_SUCCESS(conflict_feed(PEER_ADDR, 0, "wrong", vip0, 1, now,
		CARP_STAT_BADAUTH), "first");
	TEST_ASSERT_SUCCESS(check_episode(vh, 0, 0, 0, 0), "after one");
	/* Another source restarts the count. */
	TEST_ASSERT_SUCCESS(conflict_feed(IP4(10, 0, 0, 4), 0, "wrong", vip0,
		2, now + SEC, CARP_STAT_BADAUTH), "other source");
	TEST_ASSERT_SUCCESS(conflict_feed(PEER_ADDR, 0, "secret", other, 3,
		now + 2 * SEC, CARP_STAT_BADAUTH), "other addresses");
	TEST_ASSERT_SUCCESS(check_episode(vh, 0, 0, 0, 0), "interleaved");
	/* So does a silence longer than a master-down interval. */
	now += 2 * SEC + quiet + 1;
	TEST_ASSERT_SUCCESS(conflict_feed(PEER_ADDR, 0, "secret", other, 4,
		now, CARP_STAT_BADAUTH), "late");
	TEST_ASSERT_SUCCESS(check_episode(vh, 0, 0, 0, 0), "after a silence");
	TEST_ASSERT_SUCCESS(conflict_feed(PEER_ADDR, 0, "secret", other, 5,
		now + SEC, CARP_STAT_BADAUTH), "second");
	TEST_ASSERT_SUCCESS(check_episode(vh, 1, 0, CARP_CONFLICT_AUTH,
		PEER_ADDR), "episode");
	/* Nothing a wrong key says moves the state. */
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER), "state");
	return TEST_SUCCESS;
}

/* A vhost destroyed in an episode takes it along, without a word. */
static int
test_conflict_destroy(void)
{
	struct carp_vhost *vh = drop_victim();
	uint64_t now = T0 + 10 * SEC;
	unsigned int i;

	TEST_ASSERT_NOT_NULL(vh, "victim");
	for (i = 0; i < 3; i++)
		TEST_ASSERT_SUCCESS(conflict_feed(PEER_ADDR, 200, "secret",
			vip0, 1 + i, now + i, CARP_STAT_NONE), "feed");
	TEST_ASSERT_SUCCESS(check_episode(vh, 1, 0, CARP_CONFLICT_MASTER,
		PEER_ADDR), "episode");
	carp_vhost_destroy(t, vh, now + SEC);
	TEST_ASSERT_EQUAL(t->nconflicts, 0, "table's count");
	carp_conflicts_expire(t, now + 100 * SEC);
	TEST_ASSERT_EQUAL(rec.conflicts_off, 0, "a destroyed vhost's end");
	return TEST_SUCCESS;
}

/*
 * The advertisement timers' lateness: each MASTER timer handled after its
 * due time is counted in its power-of-two bucket; master-down timers and
 * timers handled on time add nothing late.
 */
static int
test_lateness(void)
{
	const rte_be32_t a[] = { VIP0 };
	struct carp_vhost *vh = vh_new("carp0", P0, 1, 1, 0, "secret", a, 1,
		T0);
	const struct carp_lateness *l = &t->late;
	uint64_t due;

	TEST_ASSERT_NOT_NULL(vh, "create");
	TEST_ASSERT_SUCCESS(vh_master(vh), "MASTER");
	TEST_ASSERT_EQUAL(l->n, 0, "master-down is no advertisement timer");
	due = vh->fsm.deadline;
	carp_vhost_expire(t, vh, due + 3 * 1000 * 1000);	/* 3 ms late */
	TEST_ASSERT_EQUAL(l->n, 1, "one timed");
	TEST_ASSERT_EQUAL(l->max_ns, 3 * 1000 * 1000, "max %" PRIu64,
		l->max_ns);
	/* 3,000 us lies in [2,048, 4,096) us: bucket 12. */
	TEST_ASSERT_EQUAL(l->bucket[12], 1, "bucket of 3 ms");
	due = vh->fsm.deadline;
	carp_vhost_expire(t, vh, due);
	TEST_ASSERT_EQUAL(l->bucket[0], 1, "on time: under 1 us");
	TEST_ASSERT_EQUAL(carp_lateness_quantile(l, 0.5), 1000,
		"median edge");
	TEST_ASSERT_EQUAL(carp_lateness_quantile(l, 0.99), 4096 * 1000,
		"p99 edge");
	return TEST_SUCCESS;
}

static struct unit_test_suite carp_vhost_testsuite = {
	.suite_name = "carp vhost table",
	.setup = NULL,
	.teardown = NULL,
	.unit_test_cases = {
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_table_defaults),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_knob_names),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_sysctl_set),
		TEST_CASE_ST(vhost_setup, vhost_teardown,
			test_vhost_create_backup),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_vhost_takeover),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_input_valid),
		TEST_CASE_ST(vhost_setup, vhost_teardown,
			test_input_not_allowed),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_input_badif),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_input_badttl),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_input_badlen),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_input_badsum),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_input_badvhid),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_input_badver),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_input_badauth),
		TEST_CASE_ST(vhost_setup, vhost_teardown,
			test_input_counter_adopted),
		TEST_CASE_ST(vhost_setup, vhost_teardown,
			test_input_counter_backup),
		TEST_CASE_ST(vhost_setup, vhost_teardown,
			test_input_own_looped),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_input_preempt),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_input_bowout),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_link_down_up),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_link_two_ports),
		TEST_CASE_ST(vhost_setup, vhost_teardown,
			test_link_failover_group),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_allow_off_on),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_shutdown),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_destroy),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_conf_defaults),
		TEST_CASE_ST(vhost_setup, vhost_teardown,
			test_conf_check_errors),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_conf_check_ok),
		TEST_CASE_ST(vhost_setup, vhost_teardown,
			test_conf_no_address),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_addr_shared),
		TEST_CASE_ST(vhost_setup, vhost_teardown,
			test_update_in_place),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_update_vhid),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_update_down),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_force),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_adv_build),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_conflict_master),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_conflict_none),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_conflict_auth),
		TEST_CASE_ST(vhost_setup, vhost_teardown,
			test_conflict_destroy),
		TEST_CASE_ST(vhost_setup, vhost_teardown, test_lateness),
		TEST_CASES_END()
	}
};

static int
test_carp_vhost(void)
{
	return unit_test_suite_runner(&carp_vhost_testsuite);
}

REGISTER_TEST_COMMAND(carp_vhost_autotest, test_carp_vhost);
