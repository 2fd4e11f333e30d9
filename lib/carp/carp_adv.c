/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Advertisements: what the state machine's effects send (advertisements,
 * bow-outs, gratuitous ARP), and the receive path of
 * lib/carp/PROTOCOL.md §3 that feeds it.
 */

#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <bsd/string.h>

#include <rte_byteorder.h>

#include "carp_private.h"

#define FRAME_BUF	128

size_t
carp_vhost_adv_build(struct carp_vhost *vh, const struct carp_table *t,
		bool bowout, void *buf, size_t len)
{
	struct carp_adv_tx tx;
	uint64_t counter = vh->counter;

	tx.src = t->port[vh->conf.port].addr;
	tx.ip_id = vh->ip_id;
	tx.vhid = vh->conf.vhid;
	tx.advbase = bowout ? CARP_BOWOUT : vh->fsm.advbase;
	tx.advskew = bowout ? CARP_BOWOUT :
		carp_fsm_eff_skew(&vh->fsm, &t->sysctl);
	carp_counter_put(tx.counter, counter);
	if (carp_auth_digest(&vh->auth, tx.counter, tx.digest) != 0)
		return 0;
	len = carp_adv_build(buf, len, &tx);
	if (len == 0)
		return 0;
	vh->counter = counter + 1;
	vh->last_sent = counter;
	vh->sent = true;
	vh->ip_id++;
	return len;
}

static void
send_adv(struct carp_table *t, struct carp_vhost *vh, bool bowout)
{
	uint8_t buf[FRAME_BUF];
	size_t len;

	len = carp_vhost_adv_build(vh, t, bowout, buf, sizeof(buf));
	if (len == 0 || t->ops.xmit == NULL ||
	    t->ops.xmit(t->ops_arg, vh->conf.port, buf, len) != 0) {
		carp_stat_inc(t, vh, CARP_STAT_ONOMEM);
		return;
	}
	carp_stat_inc(t, vh, CARP_STAT_OPACKETS);
}

static void
send_garp(struct carp_table *t, struct carp_vhost *vh)
{
	uint8_t buf[FRAME_BUF];
	unsigned int i;
	size_t len;

	if (t->ops.xmit == NULL)
		return;
	for (i = 0; i < vh->conf.naddrs; i++) {
		/* A balanced address would point every client at us. */
		if (carp_addr_shared(t, vh->conf.port, vh->conf.addrs[i]))
			continue;
		len = carp_garp_build(buf, sizeof(buf), &vh->vmac,
			vh->conf.addrs[i]);
		t->ops.xmit(t->ops_arg, vh->conf.port, buf, len);
	}
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

enum carp_stat
carp_input(struct carp_table *t, uint16_t port, const void *frame,
		size_t len, uint64_t now)
{
	struct carp_vhost *vh;
	struct carp_adv adv;
	enum carp_state from;
	enum carp_stat s;
	uint64_t counter;
	char why[48];

	carp_stat_inc(t, NULL, CARP_STAT_IPACKETS);
	if (t->sysctl.v[CARP_KNOB_ALLOW] == 0)
		return CARP_STAT_NONE;
	if (port >= CARP_MAX_PORTS || t->port[port].nvhosts == 0) {
		carp_stat_inc(t, NULL, CARP_STAT_BADIF);
		return CARP_STAT_BADIF;
	}
	s = carp_adv_parse(frame, len, &adv);
	if (s != CARP_STAT_NONE) {
		carp_stat_inc(t, NULL, s);
		return s;
	}
	vh = t->by_vhid[port][adv.vhid];
	if (vh == NULL || !carp_vhost_running(t, vh)) {
		carp_stat_inc(t, NULL, CARP_STAT_BADVHID);
		return CARP_STAT_BADVHID;
	}
	vh->stats.v[CARP_STAT_IPACKETS]++;
	if (adv.version != CARP_VERSION) {
		carp_stat_inc(t, vh, CARP_STAT_BADVER);
		return CARP_STAT_BADVER;
	}
	if (!carp_auth_verify(&vh->auth, adv.counter, adv.digest)) {
		carp_stat_inc(t, vh, CARP_STAT_BADAUTH);
		return CARP_STAT_BADAUTH;
	}

	counter = carp_counter_get(adv.counter);
	if (adv.src == t->port[port].addr && vh->sent &&
	    counter == vh->last_sent)
		return CARP_STAT_NONE;	/* our own, looped back */
	vh->counter = counter + 1;

	from = vh->fsm.state;
	inet_ntop(AF_INET, &adv.src, why, sizeof(why));
	strlcat(why, " advertised", sizeof(why));
	carp_apply(t, vh, from, carp_fsm_input(&vh->fsm, &t->sysctl, now,
		adv.advbase, adv.advskew), why);
	return CARP_STAT_NONE;
}

void
carp_vhost_expire(struct carp_table *t, struct carp_vhost *vh, uint64_t now)
{
	enum carp_state from = vh->fsm.state;

	carp_apply(t, vh, from, carp_fsm_expire(&vh->fsm, &t->sysctl, now),
		from == CARP_STATE_BACKUP ? "master down" : "advertise");
}

