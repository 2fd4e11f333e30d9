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

/*
 * A dual-stack BACKUP keeps a master-down time per family, as FreeBSD:
 * heard from the MASTER in one family only, it takes over when the other
 * falls silent for a master-down interval (lib/carp/PROTOCOL.md §10.2).
 */
static void
heard(struct carp_table *t, struct carp_vhost *vh, bool v6, uint64_t now)
{
	uint64_t d;

	if (vh->fsm.state != CARP_STATE_BACKUP)
		return;
	if (vh->heard_at != vh->transitions) {
		/* Just became BACKUP: both families count from now. */
		vh->heard[0] = vh->heard[1] = now;
		vh->heard_at = vh->transitions;
	}
	vh->heard[v6] = now;
	/* A family the vhost has no address of is not waited for: when it
	 * gains one, its time starts from the first advertisement after,
	 * not from one heard long ago (which would end master-down at once).
	 */
	if (vh->conf.naddrs == 0)
		vh->heard[0] = now;
	if (vh->conf.naddrs6 == 0)
		vh->heard[1] = now;
	if (vh->conf.naddrs == 0 || vh->conf.naddrs6 == 0 ||
	    vh->fsm.timer != CARP_TIMER_DOWN)
		return;
	d = RTE_MIN(vh->heard[0], vh->heard[1]) +
		carp_fsm_down_interval(&vh->fsm);
	if (d != vh->fsm.deadline) {
		vh->fsm.deadline = d;
		if (t->ops.timer != NULL)
			t->ops.timer(t->ops_arg, vh);
	}
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
	char why[INET6_ADDRSTRLEN + 16];
	bool v6;

	v6 = len >= RTE_ETHER_HDR_LEN && ((const struct rte_ether_hdr *)
		frame)->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6);
	carp_stat_inc(t, NULL, v6 ? CARP_STAT_IPACKETS6 : CARP_STAT_IPACKETS);
	if (t->sysctl.v[CARP_KNOB_ALLOW] == 0)
		return CARP_STAT_NONE;
	if (port >= CARP_MAX_PORTS || t->port[port].nvhosts == 0) {
		carp_stat_inc(t, NULL, CARP_STAT_BADIF);
		return CARP_STAT_BADIF;
	}
	if (v6)
		s = carp_adv6_parse(frame, len, &adv);
	else
		s = carp_adv_parse(frame, len, &adv);
	/* The TTL rule is multicast's: a vhost with a peer takes what may
	 * have crossed routers (lib/carp/PROTOCOL.md §9).
	 */
	if (s == CARP_STAT_BADTTL && !v6) {
		vh = t->by_vhid[port][carp_adv_peek_vhid(frame, len)];
		if (vh != NULL && vh->conf.peer != 0)
			s = carp_adv_parse_unicast(frame, len, &adv);
	}
	if (s != CARP_STAT_NONE) {
		carp_stat_inc(t, NULL, s);
		return s;
	}
	vh = t->by_vhid[port][adv.vhid];
	/* A vhost hears the families it has addresses of. */
	if (vh == NULL || !carp_vhost_running(t, vh) ||
	    (v6 ? vh->conf.naddrs6 : vh->conf.naddrs) == 0) {
		carp_stat_inc(t, NULL, CARP_STAT_BADVHID);
		return CARP_STAT_BADVHID;
	}
	vh->stats.v[v6 ? CARP_STAT_IPACKETS6 : CARP_STAT_IPACKETS]++;
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
		carp_conflict_note(t, vh, CARP_CONFLICT_AUTH, &adv, now);
		return CARP_STAT_BADAUTH;
	}

	counter = carp_counter_get(adv.counter);
	if ((v6 ? carp_in6_cmp(&adv.src6, &t->port[port].ll6) == 0 :
		  adv.src == t->port[port].addr) &&
	    vh->sent[v6] && counter == vh->last_sent[v6])
		return CARP_STAT_NONE;	/* our own, looped back */
	vh->counter = counter + 1;

	from = vh->fsm.state;
	if (v6)
		inet_ntop(AF_INET6, adv.src6.a, why, sizeof(why));
	else
		inet_ntop(AF_INET, &adv.src, why, sizeof(why));
	strlcat(why, " advertised", sizeof(why));
	carp_apply(t, vh, from, carp_fsm_input(&vh->fsm, &t->sysctl, now,
		adv.advbase, adv.advskew), why);
	heard(t, vh, v6, now);
	/* A MASTER that does not yield: the other one should have (a peer
	 * bowing out is the exception that says goodbye).
	 */
	if (from == CARP_STATE_MASTER && vh->fsm.state == CARP_STATE_MASTER &&
	    !(adv.advbase == CARP_BOWOUT && adv.advskew == CARP_BOWOUT))
		carp_conflict_note(t, vh, CARP_CONFLICT_MASTER, &adv, now);
	return CARP_STAT_NONE;
}

void
carp_vhost_expire(struct carp_table *t, struct carp_vhost *vh, uint64_t now)
{
	enum carp_state from = vh->fsm.state;

	if (vh->fsm.timer == CARP_TIMER_ADV && now >= vh->fsm.deadline)
		carp_lateness_note(&t->late, now - vh->fsm.deadline);
	carp_apply(t, vh, from, carp_fsm_expire(&vh->fsm, &t->sysctl, now),
		from == CARP_STATE_BACKUP ? "master down" : "advertise");
}

