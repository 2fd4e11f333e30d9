/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The vhost autotests' fixture (carp_fixture.h).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ether.h>

#include "carp_auth.h"
#include "carp_fixture.h"
#include "test.h"

struct recorder rec;
struct carp_table *t;

static int
rec_xmit(void *arg, uint16_t port, const void *frame, size_t len)
{
	struct recorder *r = arg;
	struct rec_frame *f;

	if (r->nframes == REC_MAX || len > FRAME_MAX) {
		r->overflow++;
		return -ENOSPC;
	}
	f = &r->frame[r->nframes++];
	f->port = port;
	f->len = len;
	memcpy(f->data, frame, len);
	return 0;
}

static void
rec_timer(void *arg, struct carp_vhost *vh)
{
	struct recorder *r = arg;
	struct rec_timer *e;

	if (r->ntimers == REC_MAX) {
		r->overflow++;
		return;
	}
	e = &r->timer[r->ntimers++];
	e->vh = vh;
	e->timer = vh->fsm.timer;
	e->deadline = vh->fsm.deadline;
}

static void
rec_state(void *arg, struct carp_vhost *vh, enum carp_state from,
		enum carp_state to, const char *why)
{
	struct recorder *r = arg;
	struct rec_state *e;

	RTE_SET_USED(why);
	if (r->nstates == REC_MAX) {
		r->overflow++;
		return;
	}
	e = &r->state[r->nstates++];
	e->vh = vh;
	e->from = from;
	e->to = to;
}

static void
rec_conflict(void *arg, const struct carp_vhost *vh, bool on)
{
	struct recorder *r = arg;

	r->conflict_vh = vh;
	if (on)
		r->conflicts_on++;
	else
		r->conflicts_off++;
}

const struct carp_ops rec_ops = {
	.xmit = rec_xmit,
	.timer = rec_timer,
	.state = rec_state,
	.conflict = rec_conflict,
};

void
rec_clear(void)
{
	memset(&rec, 0, sizeof(rec));
}

/* The table did nothing visible: no frame, no timer, no state change. */
int
rec_quiet(void)
{
	TEST_ASSERT_EQUAL(rec.nframes, 0, "frames sent");
	TEST_ASSERT_EQUAL(rec.ntimers, 0, "timers touched");
	TEST_ASSERT_EQUAL(rec.nstates, 0, "state changes");
	TEST_ASSERT_EQUAL(rec.conflicts_on + rec.conflicts_off, 0,
		"conflict episodes");
	TEST_ASSERT_EQUAL(rec.overflow, 0, "recorder overflow");
	return TEST_SUCCESS;
}

/* The last timer recorded for vh, or NULL. */
const struct rec_timer *
rec_timer_last(const struct carp_vhost *vh)
{
	unsigned int i;

	for (i = rec.ntimers; i-- > 0; )
		if (rec.timer[i].vh == vh)
			return &rec.timer[i];
	return NULL;
}

/* The number of state changes recorded for vh. */
unsigned int
rec_states_of(const struct carp_vhost *vh)
{
	unsigned int i, n = 0;

	for (i = 0; i < rec.nstates; i++)
		n += rec.state[i].vh == vh;
	return n;
}

int
check_timer(const struct carp_vhost *vh, enum carp_timer timer,
		uint64_t deadline)
{
	const struct rec_timer *e = rec_timer_last(vh);

	TEST_ASSERT_NOT_NULL(e, "no timer recorded for %s", vh->conf.name);
	TEST_ASSERT_EQUAL(e->timer, timer, "timer of %s", vh->conf.name);
	TEST_ASSERT_EQUAL(vh->fsm.timer, timer, "fsm timer of %s",
		vh->conf.name);
	if (timer != CARP_TIMER_NONE) {
		TEST_ASSERT_EQUAL(e->deadline, deadline, "deadline of %s",
			vh->conf.name);
		TEST_ASSERT_EQUAL(vh->fsm.deadline, deadline,
			"fsm deadline of %s", vh->conf.name);
	}
	return TEST_SUCCESS;
}

int
check_state(const struct carp_vhost *vh, enum carp_state s)
{
	TEST_ASSERT_EQUAL(vh->fsm.state, s, "%s is %s, expected %s",
		vh->conf.name, carp_state_name(vh->fsm.state),
		carp_state_name(s));
	TEST_ASSERT_EQUAL(carp_vhost_state(vh), s, "published state of %s",
		vh->conf.name);
	return TEST_SUCCESS;
}

/*
 * Counters: ipackets and stat went up by one (stat may be ipackets itself
 * or CARP_STAT_NONE), every other counter stayed as it was in before.
 */
int
check_counted(const struct carp_stats *before, enum carp_stat stat)
{
	unsigned int i;
	uint64_t want;

	for (i = 0; i < CARP_STAT_MAX; i++) {
		want = before->v[i] +
			(i == CARP_STAT_IPACKETS || i == (unsigned int)stat);
		TEST_ASSERT_EQUAL(t->stats.v[i], want, "counter %s",
			carp_stat_name(i));
	}
	return TEST_SUCCESS;
}

/* Sign an advertisement the way a peer keyed with pass and addrs would. */
size_t
peer_adv(uint8_t *buf, rte_be32_t src, uint8_t vhid, uint8_t advbase,
		uint8_t advskew, uint64_t counter, const char *pass,
		const rte_be32_t *addrs, unsigned int naddrs)
{
	struct carp_auth a;
	struct carp_adv_tx tx;
	size_t len = 0;

	memset(&a, 0, sizeof(a));
	memset(&tx, 0, sizeof(tx));
	if (carp_auth_init(&a) != 0)
		return 0;
	tx.src = src;
	tx.ip_id = 0x4242;
	tx.vhid = vhid;
	tx.advbase = advbase;
	tx.advskew = advskew;
	carp_counter_put(tx.counter, counter);
	if (carp_auth_set(&a, pass, vhid, addrs, naddrs) == 0 &&
	    carp_auth_digest(&a, tx.counter, tx.digest) == 0)
		len = carp_adv_build(buf, FRAME_MAX, &tx);
	carp_auth_free(&a);
	return len;
}

struct rte_ipv4_hdr *
frame_ip(uint8_t *frame)
{
	return (struct rte_ipv4_hdr *)(frame + RTE_ETHER_HDR_LEN);
}

struct carp_hdr *
frame_carp(uint8_t *frame)
{
	return (struct carp_hdr *)(frame + RTE_ETHER_HDR_LEN +
		sizeof(struct rte_ipv4_hdr));
}

/* After editing a crafted frame: make its checksums right again. */
void
fix_ip_cksum(uint8_t *frame)
{
	struct rte_ipv4_hdr *ip = frame_ip(frame);

	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
}

void
fix_carp_cksum(uint8_t *frame)
{
	struct carp_hdr *ch = frame_carp(frame);

	ch->cksum = 0;
	ch->cksum = carp_hdr_cksum(ch);
}

/* True if the frame's digest verifies with this key, quietly. */
bool
adv_signed_by(const struct rec_frame *f, const char *pass, uint8_t vhid,
		const rte_be32_t *addrs, unsigned int naddrs)
{
	struct carp_adv adv;
	struct carp_auth a;
	bool ok;

	if (carp_adv_parse(f->data, f->len, &adv) != CARP_STAT_NONE)
		return false;
	memset(&a, 0, sizeof(a));
	if (carp_auth_init(&a) != 0)
		return false;
	ok = carp_auth_set(&a, pass, vhid, addrs, naddrs) == 0 &&
		carp_auth_verify(&a, adv.counter, adv.digest);
	carp_auth_free(&a);
	return ok;
}

/*
 * An advertisement we sent: what a peer would parse from it, and a digest
 * that verifies with the password and addresses the vhost has.
 */
int
check_adv(const struct rec_frame *f, uint16_t port, rte_be32_t src,
		uint8_t vhid, uint8_t advbase, uint8_t advskew,
		const char *pass, const rte_be32_t *addrs, unsigned int naddrs,
		uint64_t *counter)
{
	const struct rte_ether_hdr *eth = (const void *)f->data;
	struct rte_ether_addr vmac, mcast;
	struct carp_adv adv;

	TEST_ASSERT_EQUAL(f->port, port, "advertisement port");
	TEST_ASSERT_EQUAL(f->len, 70, "advertisement length");
	TEST_ASSERT_EQUAL(carp_adv_parse(f->data, f->len, &adv),
		CARP_STAT_NONE, "our advertisement does not parse");
	carp_vmac(vhid, &vmac);
	carp_mcast_mac(&mcast);
	TEST_ASSERT(rte_is_same_ether_addr(&eth->src_addr, &vmac),
		"Ethernet source is not the virtual MAC");
	TEST_ASSERT(rte_is_same_ether_addr(&eth->dst_addr, &mcast),
		"Ethernet destination is not 01:00:5e:00:00:12");
	TEST_ASSERT_EQUAL(adv.src, src, "IPv4 source is not the port address");
	TEST_ASSERT_EQUAL(adv.version, 2, "version");
	TEST_ASSERT_EQUAL(adv.type, 1, "type");
	TEST_ASSERT_EQUAL(adv.vhid, vhid, "vhid");
	TEST_ASSERT_EQUAL(adv.advbase, advbase, "advbase");
	TEST_ASSERT_EQUAL(adv.advskew, advskew, "advskew");

	TEST_ASSERT(adv_signed_by(f, pass, vhid, addrs, naddrs),
		"digest does not verify with the vhost's key");
	if (counter != NULL)
		*counter = carp_counter_get(adv.counter);
	return TEST_SUCCESS;
}

int
check_garp(const struct rec_frame *f, uint16_t port, uint8_t vhid,
		rte_be32_t addr)
{
	uint8_t want[FRAME_MAX];
	struct rte_ether_addr vmac;
	size_t len;

	carp_vmac(vhid, &vmac);
	len = carp_garp_build(want, sizeof(want), &vmac, addr);
	TEST_ASSERT_EQUAL(len, 42, "GARP length");
	TEST_ASSERT_EQUAL(f->port, port, "GARP port");
	TEST_ASSERT_EQUAL(f->len, len, "GARP length");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(f->data, want, len, "GARP");
	return TEST_SUCCESS;
}

/* The address a recorded GARP announces (0 if it is too short). */
rte_be32_t
garp_target(const struct rec_frame *f)
{
	rte_be32_t a;

	if (f->len < CARP_ARP_FRAME_LEN)
		return 0;
	/* target protocol address: the last 4 bytes of the ARP body */
	memcpy(&a, f->data + CARP_ARP_FRAME_LEN - 4, sizeof(a));
	return a;
}

/* True if f is an advertisement with advbase and advskew 255. */
bool
is_bowout(const struct rec_frame *f)
{
	struct carp_adv adv;

	return carp_adv_parse(f->data, f->len, &adv) == CARP_STAT_NONE &&
		adv.advbase == CARP_BOWOUT && adv.advskew == CARP_BOWOUT;
}

void
conf_fill(struct carp_vhost_conf *c, const char *name, uint16_t port,
		uint8_t vhid, uint8_t advbase, uint8_t advskew,
		const char *pass, const rte_be32_t *addrs, unsigned int naddrs)
{
	unsigned int i;

	carp_vhost_conf_init(c);
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->port = port;
	c->vhid = vhid;
	c->advbase = advbase;
	c->advskew = advskew;
	snprintf(c->pass, sizeof(c->pass), "%s", pass);
	for (i = 0; i < naddrs; i++)
		carp_vhost_conf_addr_add(c, addrs[i], 24);
}

struct carp_vhost *
vh_new(const char *name, uint16_t port, uint8_t vhid, uint8_t advbase,
		uint8_t advskew, const char *pass, const rte_be32_t *addrs,
		unsigned int naddrs, uint64_t now)
{
	struct carp_vhost_conf c;
	struct carp_err err = { 0 };
	struct carp_vhost *vh;

	conf_fill(&c, name, port, vhid, advbase, advskew, pass, addrs, naddrs);
	vh = carp_vhost_create(t, &c, now, &err);
	if (vh == NULL)
		printf("  cannot create %s: %s\n", name, err.msg);
	return vh;
}

/* Let vh's master-down expire: it becomes MASTER. */
int
vh_master(struct carp_vhost *vh)
{
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_BACKUP), "not BACKUP");
	carp_vhost_expire(t, vh, vh->fsm.deadline);
	TEST_ASSERT_SUCCESS(check_state(vh, CARP_STATE_MASTER), "no takeover");
	return TEST_SUCCESS;
}

int
vhost_setup(void)
{
	struct carp_err err = { 0 };

	rec_clear();
	t = carp_table_create(&rec_ops, &rec);
	TEST_ASSERT_NOT_NULL(t, "table");
	TEST_ASSERT_SUCCESS(carp_port_add(t, P0, P0_ADDR, 24, &err),
		"port 0: %s", err.msg);
	TEST_ASSERT_SUCCESS(carp_port_add(t, P1, P1_ADDR, 24, &err),
		"port 1: %s", err.msg);
	TEST_ASSERT_SUCCESS(carp_port_add(t, P2, P2_ADDR, 24, &err),
		"port 2: %s", err.msg);
	carp_port_link(t, P0, true, T0);
	carp_port_link(t, P1, true, T0);
	carp_port_link(t, P2, true, T0);
	rec_clear();
	return TEST_SUCCESS;
}

void
vhost_teardown(void)
{
	carp_table_free(t);
	t = NULL;
}

