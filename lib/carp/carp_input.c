/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The receive path of lib/carp/PROTOCOL.md §3, and the vhosts' timers:
 * what makes the state machine move.
 */

#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <bsd/string.h>

#include <rte_byteorder.h>

#include "carp_private.h"

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
	/* The TTL rule is multicast's: a vhost with a peer takes what may
	 * have crossed routers (lib/carp/PROTOCOL.md §9).
	 */
	if (s == CARP_STAT_BADTTL) {
		vh = t->by_vhid[port][carp_adv_peek_vhid(frame, len)];
		if (vh != NULL && vh->conf.peer != 0)
			s = carp_adv_parse_unicast(frame, len, &adv);
	}
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
	if (carp_auth_fresh(vh) != 0) {
		carp_stat_inc(t, vh, CARP_STAT_ONOMEM);
		return CARP_STAT_ONOMEM;
	}
	if (!carp_auth_verify(&vh->auth, adv.counter, adv.digest)) {
		carp_stat_inc(t, vh, CARP_STAT_BADAUTH);
		carp_conflict_note(t, vh, CARP_CONFLICT_AUTH, adv.src, now);
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
	/* A MASTER that does not yield: the other one should have (a peer
	 * bowing out is the exception that says goodbye).
	 */
	if (from == CARP_STATE_MASTER && vh->fsm.state == CARP_STATE_MASTER &&
	    !(adv.advbase == CARP_BOWOUT && adv.advskew == CARP_BOWOUT))
		carp_conflict_note(t, vh, CARP_CONFLICT_MASTER, adv.src, now);
	return CARP_STAT_NONE;
}

void
carp_vhost_expire(struct carp_table *t, struct carp_vhost *vh, uint64_t now)
{
	enum carp_state from = vh->fsm.state;

	carp_apply(t, vh, from, carp_fsm_expire(&vh->fsm, &t->sysctl, now),
		from == CARP_STATE_BACKUP ? "master down" : "advertise");
}

