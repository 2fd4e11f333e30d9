/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * A vhost's state and its effects: when it runs, carrying out what the
 * state machine decided (the frames to send, the timer, the state to
 * publish), stopping and starting it, and the count of problems that
 * suppress preemption.
 */

#include <string.h>

#include <rte_byteorder.h>

#include "carp_private.h"

#define FRAME_BUF	128

bool
carp_conf_runs(const struct carp_table *t, const struct carp_vhost_conf *c)
{
	const struct carp_port *p = &t->port[c->port];

	return p->configured && p->link_up && c->vhid != 0 &&
		c->naddrs + c->naddrs6 > 0 && !c->down &&
		t->sysctl.v[CARP_KNOB_ALLOW] != 0;
}

bool
carp_vhost_running(const struct carp_table *t, const struct carp_vhost *vh)
{
	return carp_conf_runs(t, &vh->conf);
}

static void
suppress_add(struct carp_table *t, int delta, uint64_t now)
{
	uint32_t *sp = &t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT];
	uint32_t before = *sp;
	struct carp_vhost *vh;
	enum carp_state from;

	*sp = (uint32_t)((int64_t)*sp + delta);
	if (before != 0 || *sp == 0)
		return;
	TAILQ_FOREACH(vh, &t->vhosts, next) {
		from = vh->fsm.state;
		carp_apply(t, vh, from, carp_fsm_suppressed(&vh->fsm, &t->sysctl,
			now), "demoted");
	}
}

void
carp_demote(struct carp_table *t, int delta, uint64_t now)
{
	suppress_add(t, delta, now);
}

/* A vhost on a port whose link is down is one problem (lib/carp/PROTOCOL.md
 * §4.5); keep the count in step with every change of link, port or existence.
 */
void
carp_sync_demotion(struct carp_table *t, struct carp_vhost *vh, bool want,
		uint64_t now)
{
	if (vh->demoted == want)
		return;
	vh->demoted = want;
	suppress_add(t, want ? 1 : -1, now);
}

void
carp_stop(struct carp_table *t, struct carp_vhost *vh, bool bowout,
		const char *why)
{
	enum carp_state from = vh->fsm.state;

	carp_apply(t, vh, from, carp_fsm_stop(&vh->fsm, bowout), why);
}

void
carp_refresh(struct carp_table *t, struct carp_vhost *vh, uint64_t now,
		bool bowout, const char *why)
{
	enum carp_state from = vh->fsm.state;

	if (carp_vhost_running(t, vh))
		carp_apply(t, vh, from, carp_fsm_start(&vh->fsm, now), "start");
	else
		carp_stop(t, vh, bowout, why);
}

bool
carp_addr_shared(const struct carp_table *t, uint16_t port, rte_be32_t addr)
{
	const uint32_t *n = carp_map_find(&t->addr_count,
		(uint64_t)port << 32 | addr);

	return n != NULL && *n > 1;
}

/* (The mix of two addresses colliding would at worst leave out one
 * neighbour advertisement.)
 */
bool
carp_addr6_shared(const struct carp_table *t, uint16_t port,
		const struct carp_in6 *addr)
{
	const uint32_t *n = carp_map_find(&t->addr6_count,
		carp_in6_key(port, addr));

	return n != NULL && *n > 1;
}

int
carp_auth_fresh(struct carp_vhost *vh)
{
	if (!vh->auth_stale)
		return 0;
	if (carp_auth_set6(&vh->auth, vh->conf.pass, vh->conf.vhid,
			vh->conf.addrs, vh->conf.naddrs, vh->conf.addrs6,
			vh->conf.naddrs6) != 0)
		return -ENOMEM;
	vh->auth_stale = false;
	return 0;
}

/* What an advertisement says in either family: its timing (a bow-out's,
 * or the vhost's), the vhost's next counter and the digest of it.
 * @return 0, or -1 if the key cannot be had.
 */
static int
adv_fields(struct carp_vhost *vh, const struct carp_table *t, bool bowout,
		uint8_t *advbase, uint8_t *advskew,
		uint8_t counter[CARP_COUNTER_LEN], uint8_t digest[CARP_DIGEST_LEN])
{
	*advbase = bowout ? CARP_BOWOUT : vh->fsm.advbase;
	*advskew = bowout ? CARP_BOWOUT :
		carp_fsm_eff_skew(&vh->fsm, &t->sysctl);
	carp_counter_put(counter, vh->counter);
	if (carp_auth_fresh(vh) != 0 ||
	    carp_auth_digest(&vh->auth, counter, digest) != 0)
		return -1;
	return 0;
}

/* An advertisement of family v6 was built: its counter is spent, and
 * remembered to tell it from ours looped back.
 */
static void
adv_sent(struct carp_vhost *vh, bool v6)
{
	vh->last_sent[v6] = vh->counter;
	vh->sent[v6] = true;
	vh->counter++;
}

size_t
carp_vhost_adv_build(struct carp_vhost *vh, const struct carp_table *t,
		bool bowout, void *buf, size_t len)
{
	struct carp_adv_tx tx;

	tx.src = t->port[vh->conf.port].addr;
	tx.dst = vh->conf.peer;
	if (tx.dst != 0 && (t->ops.neigh == NULL ||
	    t->ops.neigh(t->ops_arg, vh->conf.port, tx.dst, &tx.dst_mac) != 0))
		memset(&tx.dst_mac, 0xff, sizeof(tx.dst_mac));
	tx.ip_id = vh->ip_id;
	tx.vhid = vh->conf.vhid;
	if (adv_fields(vh, t, bowout, &tx.advbase, &tx.advskew, tx.counter,
			tx.digest) != 0)
		return 0;
	len = carp_adv_build(buf, len, &tx);
	if (len == 0)
		return 0;
	adv_sent(vh, false);
	vh->ip_id++;
	return len;
}

size_t
carp_vhost_adv6_build(struct carp_vhost *vh, const struct carp_table *t,
		bool bowout, void *buf, size_t len)
{
	struct carp_adv6_tx tx;

	tx.src = t->port[vh->conf.port].ll6;
	tx.vhid = vh->conf.vhid;
	if (adv_fields(vh, t, bowout, &tx.advbase, &tx.advskew, tx.counter,
			tx.digest) != 0)
		return 0;
	len = carp_adv6_build(buf, len, &tx);
	if (len == 0)
		return 0;
	adv_sent(vh, true);
	return len;
}

/* An advertisement in each family the vhost has addresses of, each with
 * its own counter, as FreeBSD sends them.
 */
static void
send_adv(struct carp_table *t, struct carp_vhost *vh, bool bowout)
{
	uint8_t buf[FRAME_BUF];
	size_t len;

	if (vh->conf.naddrs > 0) {
		len = carp_vhost_adv_build(vh, t, bowout, buf, sizeof(buf));
		if (len == 0 || t->ops.xmit == NULL ||
		    t->ops.xmit(t->ops_arg, vh->conf.port, buf, len) != 0)
			carp_stat_inc(t, vh, CARP_STAT_ONOMEM);
		else
			carp_stat_inc(t, vh, CARP_STAT_OPACKETS);
	}
	if (vh->conf.naddrs6 > 0 && t->port[vh->conf.port].has_ll6) {
		len = carp_vhost_adv6_build(vh, t, bowout, buf, sizeof(buf));
		if (len == 0 || t->ops.xmit == NULL ||
		    t->ops.xmit(t->ops_arg, vh->conf.port, buf, len) != 0)
			carp_stat_inc(t, vh, CARP_STAT_ONOMEM);
		else
			carp_stat_inc(t, vh, CARP_STAT_OPACKETS6);
	}
}

void
carp_garp_one(struct carp_table *t, struct carp_vhost *vh, rte_be32_t addr)
{
	uint8_t buf[FRAME_BUF];
	size_t len;

	/* A balanced address would point every client at us. */
	if (t->ops.xmit == NULL || carp_addr_shared(t, vh->conf.port, addr))
		return;
	len = carp_garp_build(buf, sizeof(buf), &vh->vmac, addr);
	t->ops.xmit(t->ops_arg, vh->conf.port, buf, len);
}

void
carp_na_one(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_in6 *addr)
{
	const struct carp_port *p = &t->port[vh->conf.port];
	uint8_t buf[FRAME_BUF];
	size_t len;

	if (t->ops.xmit == NULL || !p->has_ll6 ||
	    carp_addr6_shared(t, vh->conf.port, addr))
		return;
	len = carp_na_build(buf, sizeof(buf), &vh->vmac, &p->ll6, addr);
	t->ops.xmit(t->ops_arg, vh->conf.port, buf, len);
}

/* Gratuitous ARP for the IPv4 addresses, unsolicited neighbour
 * advertisements for the IPv6 ones.
 */
static void
send_garp(struct carp_table *t, struct carp_vhost *vh)
{
	unsigned int i;

	for (i = 0; i < vh->conf.naddrs; i++)
		carp_garp_one(t, vh, vh->conf.addrs[i]);
	for (i = 0; i < vh->conf.naddrs6; i++)
		carp_na_one(t, vh, &vh->conf.addrs6[i]);
}

void
carp_apply(struct carp_table *t, struct carp_vhost *vh, enum carp_state from,
		uint32_t acts, const char *why)
{
	if (acts & CARP_ACT_STATE) {
		/* Published, and reported to the application (which
		 * publishes it to its own fast path), before any frame
		 * leaves: a worker answers for a new MASTER as soon as its
		 * gratuitous ARP is out.
		 */
		__atomic_store_n(&vh->state, (uint8_t)vh->fsm.state,
			__ATOMIC_RELEASE);
		vh->transitions++;
		if (t->ops.state != NULL)
			t->ops.state(t->ops_arg, vh, from, vh->fsm.state, why);
	}
	if (acts & CARP_ACT_PREEMPT)
		carp_stat_inc(t, vh, CARP_STAT_PREEMPT);
	if (acts & CARP_ACT_BOWOUT)
		send_adv(t, vh, true);
	if (acts & CARP_ACT_ADV)
		send_adv(t, vh, false);
	if (acts & CARP_ACT_GARP)
		send_garp(t, vh);
	if ((acts & CARP_ACT_TIMER) && t->ops.timer != NULL)
		t->ops.timer(t->ops_arg, vh);
}
