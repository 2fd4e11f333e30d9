/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#include <string.h>

#include "carp_fsm.h"

/* The repeated gratuitous ARP goes out with the second advertisement after
 * a takeover, for switches that missed the first (as OpenBSD and ucarp).
 */
#define CARP_GARP_REPEAT_AFTER	2

void
carp_fsm_init(struct carp_fsm *f, uint8_t advbase, uint8_t advskew)
{
	memset(f, 0, sizeof(*f));
	f->state = CARP_STATE_INIT;
	f->timer = CARP_TIMER_NONE;
	f->advbase = advbase;
	f->advskew = advskew;
}

uint8_t
carp_fsm_eff_skew(const struct carp_fsm *f, const struct carp_sysctl *sys)
{
	if (sys->v[CARP_KNOB_SUPPRESS_PREEMPT] > 0 &&
	    f->advskew < CARP_SUPPRESS_SKEW)
		return CARP_SUPPRESS_SKEW;
	return f->advskew;
}

uint64_t
carp_fsm_adv_interval(const struct carp_fsm *f, const struct carp_sysctl *sys)
{
	uint64_t t = carp_time_ns(f->advbase, carp_fsm_eff_skew(f, sys));

	return t < CARP_NSEC_PER_SKEW ? CARP_NSEC_PER_SKEW : t;
}

uint64_t
carp_fsm_down_interval(const struct carp_fsm *f)
{
	uint64_t t;

	if (f->advbase > 0)
		return carp_time_ns(3 * f->advbase, f->advskew);
	t = 3 * f->advskew * CARP_NSEC_PER_SKEW;
	return t < 3 * CARP_NSEC_PER_SKEW ? 3 * CARP_NSEC_PER_SKEW : t;
}

static uint32_t
arm(struct carp_fsm *f, enum carp_timer kind, uint64_t at)
{
	f->timer = kind;
	f->deadline = at;
	return CARP_ACT_TIMER;
}

static uint32_t
become_backup(struct carp_fsm *f, uint64_t now)
{
	uint32_t acts = f->state != CARP_STATE_BACKUP ? CARP_ACT_STATE : 0;

	f->state = CARP_STATE_BACKUP;
	f->garp_countdown = 0;
	return acts | arm(f, CARP_TIMER_DOWN, now + carp_fsm_down_interval(f));
}

static uint32_t
become_master(struct carp_fsm *f, const struct carp_sysctl *sys,
		uint64_t now)
{
	f->state = CARP_STATE_MASTER;
	f->garp_countdown = CARP_GARP_REPEAT_AFTER;
	return CARP_ACT_STATE | CARP_ACT_ADV | CARP_ACT_GARP |
		arm(f, CARP_TIMER_ADV, now + carp_fsm_adv_interval(f, sys));
}

uint32_t
carp_fsm_start(struct carp_fsm *f, uint64_t now)
{
	if (f->state != CARP_STATE_INIT)
		return 0;
	return become_backup(f, now);
}

uint32_t
carp_fsm_stop(struct carp_fsm *f, bool bowout)
{
	uint32_t acts = 0;

	if (f->state == CARP_STATE_MASTER && bowout)
		acts |= CARP_ACT_BOWOUT;
	if (f->state != CARP_STATE_INIT)
		acts |= CARP_ACT_STATE;
	if (f->timer != CARP_TIMER_NONE)
		acts |= CARP_ACT_TIMER;
	f->state = CARP_STATE_INIT;
	f->timer = CARP_TIMER_NONE;
	f->garp_countdown = 0;
	return acts;
}

uint32_t
carp_fsm_input(struct carp_fsm *f, const struct carp_sysctl *sys,
		uint64_t now, uint8_t advbase, uint8_t advskew)
{
	uint8_t skew = carp_fsm_eff_skew(f, sys);
	uint64_t own = carp_time_ns(f->advbase, skew);
	uint64_t peer = carp_time_ns(advbase, advskew);

	switch (f->state) {
	case CARP_STATE_MASTER:
		/* Ties lose: two masters that advertise alike both yield. */
		if (own >= peer)
			return become_backup(f, now);
		return 0;
	case CARP_STATE_BACKUP:
		if (sys->v[CARP_KNOB_PREEMPT] && own < peer)
			return become_master(f, sys, now) | CARP_ACT_PREEMPT;
		/* A master this slow will time out anyway: a bow-out
		 * (255/255) is the case that makes this worth having.
		 */
		if (carp_time_ns(3 * f->advbase, skew) < peer)
			return become_master(f, sys, now);
		return arm(f, CARP_TIMER_DOWN, now + carp_fsm_down_interval(f));
	case CARP_STATE_INIT:
	default:
		return 0;
	}
}

uint32_t
carp_fsm_expire(struct carp_fsm *f, const struct carp_sysctl *sys,
		uint64_t now)
{
	uint32_t acts;

	switch (f->state) {
	case CARP_STATE_MASTER:
		acts = CARP_ACT_ADV |
			arm(f, CARP_TIMER_ADV, now + carp_fsm_adv_interval(f, sys));
		if (f->garp_countdown > 0 && --f->garp_countdown == 0)
			acts |= CARP_ACT_GARP;
		return acts;
	case CARP_STATE_BACKUP:
		return become_master(f, sys, now);
	case CARP_STATE_INIT:
	default:
		return 0;
	}
}

uint32_t
carp_fsm_suppressed(struct carp_fsm *f, const struct carp_sysctl *sys,
		uint64_t now)
{
	/* Peers must hear the demoted skew now, not an interval later. */
	if (f->state != CARP_STATE_MASTER)
		return 0;
	return CARP_ACT_ADV |
		arm(f, CARP_TIMER_ADV, now + carp_fsm_adv_interval(f, sys));
}

uint32_t
carp_fsm_force(struct carp_fsm *f, const struct carp_sysctl *sys,
		uint64_t now, enum carp_state to)
{
	if (f->state == CARP_STATE_INIT)
		return 0;
	switch (to) {
	case CARP_STATE_MASTER:
		if (f->state == CARP_STATE_MASTER)
			return 0;
		return become_master(f, sys, now);
	case CARP_STATE_BACKUP:
		/* Stepping down bows out, so that a peer takes over at once
		 * instead of after master-down.
		 */
		if (f->state == CARP_STATE_MASTER)
			return CARP_ACT_BOWOUT | become_backup(f, now);
		return become_backup(f, now);
	case CARP_STATE_INIT:
	default:
		return 0;
	}
}

const char *
carp_state_name(enum carp_state s)
{
	switch (s) {
	case CARP_STATE_INIT:
		return "INIT";
	case CARP_STATE_BACKUP:
		return "BACKUP";
	case CARP_STATE_MASTER:
		return "MASTER";
	}
	return "?";
}
