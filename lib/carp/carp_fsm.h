/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_FSM_H
#define CARP_FSM_H

/**
 * @file
 * The election state machine of one vhost (lib/carp/PROTOCOL.md §4), as a pure
 * function of its inputs: time is a monotonic clock in nanoseconds passed
 * by the caller, and every function returns the effects it wants as a set
 * of CARP_ACT_* bits. The one timer a vhost needs (advertisement while
 * MASTER, master-down while BACKUP) is kept here as an absolute deadline;
 * the caller arms a real timer whenever CARP_ACT_TIMER is returned.
 */

#include <stdbool.h>
#include <stdint.h>

#include "carp_sysctl.h"

#define CARP_NSEC_PER_SEC	1000000000ULL
/** 1/256 s, the unit of advskew, is an exact number of nanoseconds. */
#define CARP_NSEC_PER_SKEW	(CARP_NSEC_PER_SEC / 256)

/** Skew every vhost uses while suppress_preempt is non-zero. */
#define CARP_SUPPRESS_SKEW	240

enum carp_state {
	CARP_STATE_INIT,
	CARP_STATE_BACKUP,
	CARP_STATE_MASTER,
};

enum carp_timer {
	CARP_TIMER_NONE,
	CARP_TIMER_ADV,		/**< MASTER: next advertisement */
	CARP_TIMER_DOWN,	/**< BACKUP: master-down */
};

/* Effects returned by the carp_fsm_* functions, in the order to apply. */
#define CARP_ACT_BOWOUT	(1u << 0) /**< send the bow-out (255/255) first */
#define CARP_ACT_ADV	(1u << 1) /**< send an advertisement now */
#define CARP_ACT_GARP	(1u << 2) /**< send gratuitous ARPs */
#define CARP_ACT_TIMER	(1u << 3) /**< timer/deadline changed: re-arm */
#define CARP_ACT_STATE	(1u << 4) /**< state changed */
#define CARP_ACT_PREEMPT (1u << 5) /**< became MASTER by preempting */

struct carp_fsm {
	enum carp_state state;
	uint8_t advbase;	/**< configured, seconds 0..254 */
	uint8_t advskew;	/**< configured, 1/256 s 0..254 */
	enum carp_timer timer;
	uint64_t deadline;	/**< ns, meaningful when timer != NONE */
	/** Advertisements left before the repeated gratuitous ARP; 0 none. */
	uint8_t garp_countdown;
};

/** T(base, skew) = base s + skew/256 s, in ns. */
static inline uint64_t
carp_time_ns(unsigned int base, unsigned int skew)
{
	return base * CARP_NSEC_PER_SEC + skew * CARP_NSEC_PER_SKEW;
}

/** Initialise in INIT with the given timing. */
void carp_fsm_init(struct carp_fsm *f, uint8_t advbase, uint8_t advskew);

/** Skew advertised and compared with: advskew, or 240 while suppressed. */
uint8_t carp_fsm_eff_skew(const struct carp_fsm *f,
		const struct carp_sysctl *sys);

/**
 * Advertisement interval T(advbase, eff_skew); at least 1/256 s, so that
 * advbase 0 with skew 0 does not advertise in a busy loop.
 */
uint64_t carp_fsm_adv_interval(const struct carp_fsm *f,
		const struct carp_sysctl *sys);

/** Master-down interval: 3 advbase + advskew/256 s (advbase 0: 3 skew/256, >= 3/256). */
uint64_t carp_fsm_down_interval(const struct carp_fsm *f);

/** The vhost started running: INIT -> BACKUP, master-down armed. */
uint32_t carp_fsm_start(struct carp_fsm *f, uint64_t now);

/** The vhost stopped running: -> INIT, timer cancelled; bow out first if
 *  it was MASTER and bowout is set (an orderly stop).
 */
uint32_t carp_fsm_stop(struct carp_fsm *f, bool bowout);

/** A valid advertisement arrived from a peer (lib/carp/PROTOCOL.md §4.3). */
uint32_t carp_fsm_input(struct carp_fsm *f, const struct carp_sysctl *sys,
		uint64_t now, uint8_t advbase, uint8_t advskew);

/** The timer's deadline passed: advertise (MASTER) or take over (BACKUP). */
uint32_t carp_fsm_expire(struct carp_fsm *f, const struct carp_sysctl *sys,
		uint64_t now);

/** suppress_preempt went from 0 to non-zero: a MASTER advertises now. */
uint32_t carp_fsm_suppressed(struct carp_fsm *f,
		const struct carp_sysctl *sys, uint64_t now);

/** Operator forces MASTER or BACKUP on a running vhost (as FreeBSD
 *  ifconfig carpN state allows); INIT is not a forcible state. MASTER to
 *  BACKUP includes CARP_ACT_BOWOUT, so that a peer takes over at once. */
uint32_t carp_fsm_force(struct carp_fsm *f, const struct carp_sysctl *sys,
		uint64_t now, enum carp_state to);

/** "INIT", "BACKUP", "MASTER". */
const char *carp_state_name(enum carp_state s);

#endif /* CARP_FSM_H */
