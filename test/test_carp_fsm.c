/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * carp_fsm_autotest: the election state machine of lib/carp/PROTOCOL.md §4
 * against numbers worked out by hand. Every time below is a literal in ns, so
 * that a wrong formula cannot agree with itself: 1/256 s is 3906250 ns exactly.
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_common.h>

#include "carp_fsm.h"
#include "carp_sysctl.h"
#include "carp_wire.h"

#include "test.h"

/* An arbitrary, large "now": nothing may assume the clock starts at 0. */
#define T0	5000000000000ULL

/* The state, timer and deadline of a state machine, each asserted. */
#define ASSERT_FSM(fsm, st, tim, dl) do {				\
	TEST_ASSERT_EQUAL((fsm).state, (st), "state");			\
	TEST_ASSERT_EQUAL((fsm).timer, (tim), "timer");			\
	TEST_ASSERT_EQUAL((fsm).deadline, (dl), "deadline");		\
} while (0)

#define ACT_TAKEOVER	(CARP_ACT_ADV | CARP_ACT_GARP | CARP_ACT_TIMER | \
			 CARP_ACT_STATE)

static void
sys_init(struct carp_sysctl *s, bool preempt, unsigned int suppress)
{
	carp_sysctl_defaults(s);
	s->v[CARP_KNOB_PREEMPT] = preempt;
	s->v[CARP_KNOB_SUPPRESS_PREEMPT] = suppress;
}

/* A vhost started at T0: BACKUP, master-down armed. */
static int
fsm_backup(struct carp_fsm *f, uint8_t advbase, uint8_t advskew)
{
	uint32_t act;

	carp_fsm_init(f, advbase, advskew);
	act = carp_fsm_start(f, T0);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER | CARP_ACT_STATE,
		"start of %u/%u", advbase, advskew);
	TEST_ASSERT_EQUAL(f->state, CARP_STATE_BACKUP, "after start");
	return TEST_SUCCESS;
}

/* A vhost that took over when its master-down timer expired. */
static int
fsm_master(struct carp_fsm *f, const struct carp_sysctl *sys,
		uint8_t advbase, uint8_t advskew)
{
	uint32_t act;

	TEST_ASSERT_SUCCESS(fsm_backup(f, advbase, advskew), "backup");
	act = carp_fsm_expire(f, sys, f->deadline);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER, "takeover of %u/%u",
		advbase, advskew);
	TEST_ASSERT_EQUAL(f->state, CARP_STATE_MASTER, "after takeover");
	return TEST_SUCCESS;
}

static int
test_fsm_time_ns(void)
{
	TEST_ASSERT_EQUAL(CARP_NSEC_PER_SKEW, 3906250, "1/256 s");
	TEST_ASSERT_EQUAL(carp_time_ns(0, 0), 0, "T(0,0)");
	TEST_ASSERT_EQUAL(carp_time_ns(1, 0), 1000000000, "T(1,0)");
	TEST_ASSERT_EQUAL(carp_time_ns(1, 100), 1390625000, "T(1,100)");
	TEST_ASSERT_EQUAL(carp_time_ns(3, 100), 3390625000, "T(3,100)");
	TEST_ASSERT_EQUAL(carp_time_ns(255, 254), 255992187500ULL,
		"T(255,254)");
	TEST_ASSERT_EQUAL(carp_time_ns(255, 255), 255996093750ULL,
		"T(255,255)");
	TEST_ASSERT_EQUAL(carp_time_ns(762, 254), 762992187500ULL,
		"T(762,254)");
	return TEST_SUCCESS;
}

static int
test_fsm_init(void)
{
	struct carp_fsm f;

	memset(&f, 0xa5, sizeof(f));
	carp_fsm_init(&f, 3, 77);
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_INIT, "state");
	TEST_ASSERT_EQUAL(f.timer, CARP_TIMER_NONE, "timer");
	TEST_ASSERT_EQUAL(f.advbase, 3, "advbase");
	TEST_ASSERT_EQUAL(f.advskew, 77, "advskew");
	TEST_ASSERT_EQUAL(f.garp_countdown, 0, "no repeated GARP pending");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.1, not suppressed. */
static int
test_fsm_intervals(void)
{
	static const struct {
		uint8_t advbase, advskew;
		uint64_t adv, down;
	} v[] = {
		{ 1, 0, 1000000000ULL, 3000000000ULL },
		{ 1, 100, 1390625000ULL, 3390625000ULL },
		{ 2, 7, 2027343750ULL, 6027343750ULL },
		/* advbase 0: the interval never drops below 1/256 s and
		 * master-down is 3 skew/256, at least 3/256 s.
		 */
		{ 0, 0, 3906250ULL, 11718750ULL },
		{ 0, 1, 3906250ULL, 11718750ULL },
		{ 0, 2, 7812500ULL, 23437500ULL },
		{ 0, 10, 39062500ULL, 117187500ULL },
		{ 0, 254, 992187500ULL, 2976562500ULL },
		{ 254, 0, 254000000000ULL, 762000000000ULL },
		{ 254, 254, 254992187500ULL, 762992187500ULL },
	};
	struct carp_sysctl sys;
	struct carp_fsm f;
	unsigned int i;

	sys_init(&sys, false, 0);
	for (i = 0; i < RTE_DIM(v); i++) {
		carp_fsm_init(&f, v[i].advbase, v[i].advskew);
		TEST_ASSERT_EQUAL(carp_fsm_eff_skew(&f, &sys), v[i].advskew,
			"eff_skew of %u/%u", v[i].advbase, v[i].advskew);
		TEST_ASSERT_EQUAL(carp_fsm_adv_interval(&f, &sys), v[i].adv,
			"adv interval of %u/%u", v[i].advbase, v[i].advskew);
		TEST_ASSERT_EQUAL(carp_fsm_down_interval(&f), v[i].down,
			"master-down of %u/%u", v[i].advbase, v[i].advskew);
	}
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.1 and 4.5: while suppress_preempt > 0 a skew below
 * 240 becomes 240 for advertising and comparing; master-down keeps advskew.
 */
static int
test_fsm_intervals_suppressed(void)
{
	static const struct {
		uint8_t advbase, advskew, eff;
		uint64_t adv, down;
	} v[] = {
		{ 1, 0, 240, 1937500000ULL, 3000000000ULL },
		{ 1, 100, 240, 1937500000ULL, 3390625000ULL },
		{ 1, 239, 240, 1937500000ULL, 3933593750ULL },
		{ 1, 240, 240, 1937500000ULL, 3937500000ULL },
		{ 1, 250, 250, 1976562500ULL, 3976562500ULL },
		{ 0, 0, 240, 937500000ULL, 11718750ULL },
		{ 254, 254, 254, 254992187500ULL, 762992187500ULL },
	};
	struct carp_sysctl sys;
	struct carp_fsm f;
	unsigned int i, n;

	/* Any non-zero count suppresses, not only 1. */
	for (n = 1; n <= 3; n += 2) {
		sys_init(&sys, false, n);
		for (i = 0; i < RTE_DIM(v); i++) {
			carp_fsm_init(&f, v[i].advbase, v[i].advskew);
			TEST_ASSERT_EQUAL(carp_fsm_eff_skew(&f, &sys),
				v[i].eff, "eff_skew of %u/%u",
				v[i].advbase, v[i].advskew);
			TEST_ASSERT_EQUAL(carp_fsm_adv_interval(&f, &sys),
				v[i].adv, "adv interval of %u/%u",
				v[i].advbase, v[i].advskew);
			TEST_ASSERT_EQUAL(carp_fsm_down_interval(&f),
				v[i].down, "master-down of %u/%u",
				v[i].advbase, v[i].advskew);
		}
	}
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.2: INIT -> BACKUP at once, master-down armed. */
static int
test_fsm_start(void)
{
	struct carp_fsm f;
	uint32_t act;

	carp_fsm_init(&f, 1, 100);
	act = carp_fsm_start(&f, T0);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER | CARP_ACT_STATE, "act");
	ASSERT_FSM(f, CARP_STATE_BACKUP, CARP_TIMER_DOWN, T0 + 3390625000ULL);

	carp_fsm_init(&f, 0, 0);
	act = carp_fsm_start(&f, T0);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER | CARP_ACT_STATE, "act 0/0");
	TEST_ASSERT_EQUAL(f.timer, CARP_TIMER_DOWN, "timer 0/0");
	TEST_ASSERT_EQUAL(f.deadline, T0 + 11718750ULL, "deadline 0/0");

	carp_fsm_init(&f, 254, 254);
	carp_fsm_start(&f, T0);
	TEST_ASSERT_EQUAL(f.deadline, T0 + 762992187500ULL,
		"deadline 254/254");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.4: master-down expired: advertise, GARP, arm adv
 * timer.
 */
static int
test_fsm_backup_expire(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now;
	uint32_t act;

	sys_init(&sys, false, 0);
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 100), "backup");
	now = T0 + 3390625000ULL;
	act = carp_fsm_expire(&f, &sys, now);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER, "not a preemption");
	ASSERT_FSM(f, CARP_STATE_MASTER, CARP_TIMER_ADV, now + 1390625000ULL);
	return TEST_SUCCESS;
}

/* A MASTER's timer: one advertisement, re-armed one interval later. */
static int
test_fsm_master_expire(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now;
	uint32_t act;
	int i;

	sys_init(&sys, false, 0);
	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 2, 7), "master");
	TEST_ASSERT_EQUAL(f.deadline, T0 + 6027343750ULL + 2027343750ULL,
		"first adv deadline");
	for (i = 0; i < 10; i++) {
		now = f.deadline;
		act = carp_fsm_expire(&f, &sys, now);
		TEST_ASSERT(act & CARP_ACT_ADV, "advertisement %d", i);
		TEST_ASSERT_EQUAL(act & ~CARP_ACT_GARP,
			CARP_ACT_ADV | CARP_ACT_TIMER, "advertisement %d", i);
		TEST_ASSERT_EQUAL(f.state, CARP_STATE_MASTER, "state %d", i);
		TEST_ASSERT_EQUAL(f.timer, CARP_TIMER_ADV, "timer %d", i);
		TEST_ASSERT_EQUAL(f.deadline, now + 2027343750ULL,
			"deadline %d", i);
	}

	/* A late timer re-arms from when it ran, not from the old deadline. */
	now = f.deadline + 500000000ULL;
	carp_fsm_expire(&f, &sys, now);
	TEST_ASSERT_EQUAL(f.deadline, now + 2027343750ULL, "late timer");
	return TEST_SUCCESS;
}

/*
 * lib/carp/PROTOCOL.md §5.2, as the ucarp capture shows it: takeover ad + GARP,
 * ad, ad + GARP, then advertisements only.
 */
static int
check_garp_sequence(struct carp_fsm *f, const struct carp_sysctl *sys)
{
	uint32_t act;
	int i;

	act = carp_fsm_expire(f, sys, f->deadline);
	TEST_ASSERT_EQUAL(act, CARP_ACT_ADV | CARP_ACT_TIMER,
		"2nd advertisement after takeover has no GARP");
	act = carp_fsm_expire(f, sys, f->deadline);
	TEST_ASSERT_EQUAL(act, CARP_ACT_ADV | CARP_ACT_GARP | CARP_ACT_TIMER,
		"3rd advertisement repeats the GARP");
	for (i = 0; i < 8; i++) {
		act = carp_fsm_expire(f, sys, f->deadline);
		TEST_ASSERT_EQUAL(act, CARP_ACT_ADV | CARP_ACT_TIMER,
			"advertisement %d after the repeat: no GARP", i + 4);
	}
	return TEST_SUCCESS;
}

static int
test_fsm_garp_repeat(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now;
	uint32_t act;

	sys_init(&sys, true, 0);
	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 1, 0), "master");
	TEST_ASSERT_SUCCESS(check_garp_sequence(&f, &sys), "after expire");

	/* Lose to a faster peer, then win again by preemption: the repeat
	 * starts over with the new takeover.
	 */
	now = f.deadline - 1;
	act = carp_fsm_input(&f, &sys, now, 0, 0);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER | CARP_ACT_STATE, "lost");
	act = carp_fsm_input(&f, &sys, now + 1000, 1, 100);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER | CARP_ACT_PREEMPT, "preempted");
	TEST_ASSERT_SUCCESS(check_garp_sequence(&f, &sys), "after preempt");

	/* Lost between the takeover and the repeat: the next takeover
	 * counts its own two advertisements again.
	 */
	now = f.deadline - 1;
	carp_fsm_input(&f, &sys, now, 0, 0);
	act = carp_fsm_expire(&f, &sys, f.deadline);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER, "takeover");
	act = carp_fsm_expire(&f, &sys, f.deadline);
	TEST_ASSERT_EQUAL(act, CARP_ACT_ADV | CARP_ACT_TIMER, "2nd");
	carp_fsm_input(&f, &sys, f.deadline - 1, 0, 0);
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_BACKUP, "lost before repeat");
	act = carp_fsm_expire(&f, &sys, f.deadline);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER, "takeover again");
	TEST_ASSERT_SUCCESS(check_garp_sequence(&f, &sys), "after retake");

	/* A forced MASTER announces itself the same way. */
	now = f.deadline - 1;
	carp_fsm_force(&f, &sys, now, CARP_STATE_BACKUP);
	act = carp_fsm_force(&f, &sys, now + 1000, CARP_STATE_MASTER);
	TEST_ASSERT(act & CARP_ACT_GARP, "forced master GARPs");
	TEST_ASSERT_SUCCESS(check_garp_sequence(&f, &sys), "after force");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.3, MASTER: a slower peer changes nothing. */
static int
test_fsm_master_input_slower(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t deadline;
	uint32_t act;

	sys_init(&sys, false, 0);
	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 1, 0), "master");
	deadline = f.deadline;
	act = carp_fsm_input(&f, &sys, deadline - 1000, 1, 100);
	TEST_ASSERT_EQUAL(act, 0, "no effect");
	ASSERT_FSM(f, CARP_STATE_MASTER, CARP_TIMER_ADV, deadline);

	/* Slower by the smallest step: own 1.0 s < peer 1 + 1/256 s. */
	act = carp_fsm_input(&f, &sys, deadline - 1000, 1, 1);
	TEST_ASSERT_EQUAL(act, 0, "1/256 s slower");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_MASTER, "state");

	/* Slower by advbase only. */
	act = carp_fsm_input(&f, &sys, deadline - 1000, 2, 0);
	TEST_ASSERT_EQUAL(act, 0, "advbase 2");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_MASTER, "state");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.3, MASTER: a faster peer takes over, we arm
 * master-down.
 */
static int
test_fsm_master_input_faster(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now;
	uint32_t act;

	sys_init(&sys, true, 0);
	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 1, 100), "master");
	now = f.deadline - 1000;
	act = carp_fsm_input(&f, &sys, now, 1, 99);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER | CARP_ACT_STATE, "act");
	ASSERT_FSM(f, CARP_STATE_BACKUP, CARP_TIMER_DOWN, now + 3390625000ULL);

	/* Faster by advbase even with a larger skew: 0 + 200/256 < 1. */
	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 1, 0), "master");
	now = f.deadline - 1000;
	act = carp_fsm_input(&f, &sys, now, 0, 200);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER | CARP_ACT_STATE, "advbase 0");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_BACKUP, "state");
	TEST_ASSERT_EQUAL(f.deadline, now + 3000000000ULL, "deadline");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.3, MASTER: ties lose. */
static int
test_fsm_master_input_tie(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now;
	uint32_t act;

	sys_init(&sys, true, 0);
	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 1, 100), "master");
	now = f.deadline - 1;
	act = carp_fsm_input(&f, &sys, now, 1, 100);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER | CARP_ACT_STATE, "act");
	ASSERT_FSM(f, CARP_STATE_BACKUP, CARP_TIMER_DOWN, now + 3390625000ULL);
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.5: a suppressed MASTER compares with skew 240. */
static int
test_fsm_master_input_suppressed(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint32_t act;

	sys_init(&sys, false, 0);
	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 1, 0), "master");
	sys.v[CARP_KNOB_SUPPRESS_PREEMPT] = 1;
	/* own T(1,240) = 1.9375 s >= peer T(1,100) = 1.390625 s */
	act = carp_fsm_input(&f, &sys, f.deadline - 1, 1, 100);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER | CARP_ACT_STATE, "act");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_BACKUP, "demoted master lost");

	/* ...but still beats a peer slower than 240. */
	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 1, 0), "master");
	act = carp_fsm_input(&f, &sys, f.deadline - 1, 1, 241);
	TEST_ASSERT_EQUAL(act, 0, "peer 1/241");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_MASTER, "state");
	/* and a tie at 240 loses. */
	act = carp_fsm_input(&f, &sys, f.deadline - 1, 1, 240);
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_BACKUP, "tie at 240");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.3, BACKUP rule 1: preempt a slower master. */
static int
test_fsm_backup_preempt(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now;
	uint32_t act;

	sys_init(&sys, true, 0);
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 0), "backup");
	now = T0 + 1500000000ULL;
	act = carp_fsm_input(&f, &sys, now, 1, 100);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER | CARP_ACT_PREEMPT, "act");
	ASSERT_FSM(f, CARP_STATE_MASTER, CARP_TIMER_ADV, now + 1000000000ULL);

	/* By the smallest step. */
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 100), "backup");
	act = carp_fsm_input(&f, &sys, now, 1, 101);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER | CARP_ACT_PREEMPT, "1/256 s");
	TEST_ASSERT_EQUAL(f.deadline, now + 1390625000ULL, "deadline");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.3, BACKUP rule 3: without preempt, re-arm
 * master-down.
 */
static int
test_fsm_backup_no_preempt(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now;
	uint32_t act;

	sys_init(&sys, false, 0);
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 0), "backup");
	now = T0 + 2000000000ULL;
	act = carp_fsm_input(&f, &sys, now, 1, 100);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER, "act");
	ASSERT_FSM(f, CARP_STATE_BACKUP, CARP_TIMER_DOWN, now + 3000000000ULL);

	/* Every advertisement pushes master-down out again. */
	now += 1390625000ULL;
	act = carp_fsm_input(&f, &sys, now, 1, 100);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER, "act");
	TEST_ASSERT_EQUAL(f.deadline, now + 3000000000ULL, "re-armed");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.3, BACKUP with preempt: slower or equal stays BACKUP.
 */
static int
test_fsm_backup_preempt_not_faster(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now;
	uint32_t act;

	sys_init(&sys, true, 0);
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 100), "backup");
	now = T0 + 1000000000ULL;
	act = carp_fsm_input(&f, &sys, now, 1, 0);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER, "slower: act");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_BACKUP, "slower: state");
	TEST_ASSERT_EQUAL(f.deadline, now + 3390625000ULL, "slower: re-armed");

	now += 1000000000ULL;
	act = carp_fsm_input(&f, &sys, now, 1, 100);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER, "tie: act");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_BACKUP, "tie: state");
	TEST_ASSERT_EQUAL(f.deadline, now + 3390625000ULL, "tie: re-armed");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.3, BACKUP rule 2: T(3 advbase, eff_skew) < peer. */
static int
test_fsm_backup_three_advbase(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now = T0 + 1000;
	uint32_t act;

	sys_init(&sys, false, 0);

	/* 3 s < 4 s: that master will time out anyway. */
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 0), "backup");
	act = carp_fsm_input(&f, &sys, now, 4, 0);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER, "peer 4/0: no PREEMPT bit");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_MASTER, "peer 4/0");
	TEST_ASSERT_EQUAL(f.deadline, now + 1000000000ULL, "deadline");

	/* 3 s < 3 s is false. */
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 0), "backup");
	act = carp_fsm_input(&f, &sys, now, 3, 0);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER, "peer 3/0");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_BACKUP, "peer 3/0");
	TEST_ASSERT_EQUAL(f.deadline, now + 3000000000ULL, "re-armed");

	/* 3 s < 3 + 1/256 s. */
	act = carp_fsm_input(&f, &sys, now, 3, 1);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER, "peer 3/1");

	/* Own skew counts: T(3,100) = 3.390625 s against 3.38671875 s and
	 * 3.39453125 s.
	 */
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 100), "backup");
	act = carp_fsm_input(&f, &sys, now, 3, 99);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER, "peer 3/99");
	act = carp_fsm_input(&f, &sys, now, 3, 100);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER, "peer 3/100");
	act = carp_fsm_input(&f, &sys, now, 3, 101);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER, "peer 3/101");

	/* And so does eff_skew: suppressed, T(3,240) = 3.9375 s is not
	 * below 3.78125 s (3/200), which 3.0 s alone would have been.
	 */
	sys.v[CARP_KNOB_SUPPRESS_PREEMPT] = 1;
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 0), "backup");
	act = carp_fsm_input(&f, &sys, now, 3, 200);
	TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER, "suppressed, peer 3/200");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_BACKUP, "suppressed");
	act = carp_fsm_input(&f, &sys, now, 3, 241);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER, "suppressed, peer 3/241");
	return TEST_SUCCESS;
}

/*
 * lib/carp/PROTOCOL.md §4.6: a bow-out (255/255, T = 255.99609375 s) makes a
 * BACKUP take over at once when T(3 advbase, skew) is smaller: advbase <= 85.
 */
static int
test_fsm_bowout_input(void)
{
	static const struct {
		uint8_t advbase, advskew;
		bool master;
	} v[] = {
		{ 0, 0, true },
		{ 1, 0, true },
		{ 1, 254, true },
		{ 85, 0, true },	/* 255.0 s */
		{ 85, 254, true },	/* 255.9921875 s */
		{ 86, 0, false },	/* 258.0 s */
		{ 254, 254, false },
	};
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now = T0 + 12345;
	unsigned int i;
	uint32_t act;

	sys_init(&sys, false, 0);
	for (i = 0; i < RTE_DIM(v); i++) {
		TEST_ASSERT_SUCCESS(fsm_backup(&f, v[i].advbase, v[i].advskew),
			"backup");
		act = carp_fsm_input(&f, &sys, now, CARP_BOWOUT, CARP_BOWOUT);
		if (v[i].master) {
			TEST_ASSERT_EQUAL(act, ACT_TAKEOVER,
				"%u/%u takes over at once, not preempting",
				v[i].advbase, v[i].advskew);
			TEST_ASSERT_EQUAL(f.state, CARP_STATE_MASTER,
				"%u/%u", v[i].advbase, v[i].advskew);
		} else {
			TEST_ASSERT_EQUAL(act, CARP_ACT_TIMER,
				"%u/%u waits", v[i].advbase, v[i].advskew);
			TEST_ASSERT_EQUAL(f.state, CARP_STATE_BACKUP,
				"%u/%u", v[i].advbase, v[i].advskew);
		}
	}

	/* With preempt, rule 1 comes first: own < 255.996 s is a
	 * preemption, whatever the advbase.
	 */
	sys.v[CARP_KNOB_PREEMPT] = 1;
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 86, 0), "backup");
	act = carp_fsm_input(&f, &sys, now, CARP_BOWOUT, CARP_BOWOUT);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER | CARP_ACT_PREEMPT,
		"86/0 with preempt");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.3: INIT ignores advertisements; it has no timer
 * either.
 */
static int
test_fsm_init_ignores(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint32_t act;

	sys_init(&sys, true, 0);
	carp_fsm_init(&f, 1, 0);
	act = carp_fsm_input(&f, &sys, T0, 1, 100);
	TEST_ASSERT_EQUAL(act, 0, "slower peer");
	act = carp_fsm_input(&f, &sys, T0, 0, 0);
	TEST_ASSERT_EQUAL(act, 0, "faster peer");
	act = carp_fsm_input(&f, &sys, T0, CARP_BOWOUT, CARP_BOWOUT);
	TEST_ASSERT_EQUAL(act, 0, "bow-out");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_INIT, "state");
	TEST_ASSERT_EQUAL(f.timer, CARP_TIMER_NONE, "timer");

	/* A stale timer firing after a stop changes nothing. */
	act = carp_fsm_expire(&f, &sys, T0 + 100000000000ULL);
	TEST_ASSERT_EQUAL(act, 0, "expire in INIT");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_INIT, "state");
	act = carp_fsm_suppressed(&f, &sys, T0);
	TEST_ASSERT_EQUAL(act, 0, "suppressed in INIT");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.2 and 4.6: stopping, with and without a bow-out. */
static int
test_fsm_stop(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint32_t act;

	sys_init(&sys, false, 0);

	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 1, 0), "master");
	act = carp_fsm_stop(&f, true);
	TEST_ASSERT_EQUAL(act, CARP_ACT_BOWOUT | CARP_ACT_STATE |
		CARP_ACT_TIMER, "MASTER, orderly");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_INIT, "state");
	TEST_ASSERT_EQUAL(f.timer, CARP_TIMER_NONE, "timer");

	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 1, 0), "master");
	act = carp_fsm_stop(&f, false);
	TEST_ASSERT_EQUAL(act, CARP_ACT_STATE | CARP_ACT_TIMER,
		"MASTER, link lost: no bow-out");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_INIT, "state");
	TEST_ASSERT_EQUAL(f.timer, CARP_TIMER_NONE, "timer");

	/* Only a MASTER bows out. */
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 0), "backup");
	act = carp_fsm_stop(&f, true);
	TEST_ASSERT_EQUAL(act, CARP_ACT_STATE | CARP_ACT_TIMER, "BACKUP");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_INIT, "state");
	TEST_ASSERT_EQUAL(f.timer, CARP_TIMER_NONE, "timer");

	act = carp_fsm_stop(&f, true);
	TEST_ASSERT_EQUAL(act & (CARP_ACT_BOWOUT | CARP_ACT_STATE |
		CARP_ACT_ADV | CARP_ACT_GARP), 0, "INIT again");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_INIT, "state");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.5: the counter became non-zero. */
static int
test_fsm_suppressed(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now, deadline;
	uint32_t act;

	sys_init(&sys, false, 0);
	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 1, 0), "master");
	sys.v[CARP_KNOB_SUPPRESS_PREEMPT] = 1;
	now = f.deadline - 600000000ULL;
	act = carp_fsm_suppressed(&f, &sys, now);
	TEST_ASSERT_EQUAL(act, CARP_ACT_ADV | CARP_ACT_TIMER, "MASTER");
	ASSERT_FSM(f, CARP_STATE_MASTER, CARP_TIMER_ADV, now + 1937500000ULL);

	/* Its timer keeps the demoted interval while suppressed... */
	now = f.deadline;
	act = carp_fsm_expire(&f, &sys, now);
	TEST_ASSERT_EQUAL(act, CARP_ACT_ADV | CARP_ACT_TIMER, "expire");
	TEST_ASSERT_EQUAL(f.deadline, now + 1937500000ULL, "240 interval");
	/* ...and goes back to its own when the problem is gone. */
	sys.v[CARP_KNOB_SUPPRESS_PREEMPT] = 0;
	now = f.deadline;
	carp_fsm_expire(&f, &sys, now);
	TEST_ASSERT_EQUAL(f.deadline, now + 1000000000ULL, "own interval");

	/* A skew of 250 is not raised (nor lowered). */
	sys.v[CARP_KNOB_SUPPRESS_PREEMPT] = 0;
	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 1, 250), "master");
	sys.v[CARP_KNOB_SUPPRESS_PREEMPT] = 2;
	now = f.deadline - 1;
	act = carp_fsm_suppressed(&f, &sys, now);
	TEST_ASSERT(act & CARP_ACT_ADV, "advertises anyway");
	TEST_ASSERT_EQUAL(f.deadline, now + 1976562500ULL, "250 interval");

	/* A BACKUP has nothing to say. */
	sys.v[CARP_KNOB_SUPPRESS_PREEMPT] = 0;
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 0), "backup");
	deadline = f.deadline;
	sys.v[CARP_KNOB_SUPPRESS_PREEMPT] = 1;
	act = carp_fsm_suppressed(&f, &sys, T0 + 1000);
	TEST_ASSERT_EQUAL(act, 0, "BACKUP");
	ASSERT_FSM(f, CARP_STATE_BACKUP, CARP_TIMER_DOWN, deadline);
	return TEST_SUCCESS;
}

/* A takeover while suppressed advertises at the 240 interval. */
static int
test_fsm_takeover_suppressed(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now;
	uint32_t act;

	sys_init(&sys, false, 1);
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 100), "backup");
	/* master-down keeps advskew: 3.390625 s */
	TEST_ASSERT_EQUAL(f.deadline, T0 + 3390625000ULL, "master-down");
	now = f.deadline;
	act = carp_fsm_expire(&f, &sys, now);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER, "takeover");
	TEST_ASSERT_EQUAL(f.deadline, now + 1937500000ULL, "240 interval");
	return TEST_SUCCESS;
}

/* Operator forcing, as ifconfig carpN state does. */
static int
test_fsm_force(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now, deadline;
	uint32_t act;

	sys_init(&sys, false, 0);
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 1, 100), "backup");
	now = T0 + 1000;
	act = carp_fsm_force(&f, &sys, now, CARP_STATE_MASTER);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER, "BACKUP -> MASTER");
	ASSERT_FSM(f, CARP_STATE_MASTER, CARP_TIMER_ADV, now + 1390625000ULL);

	now += 2000;
	act = carp_fsm_force(&f, &sys, now, CARP_STATE_BACKUP);
	/* Stepping down may bow out first, so that a peer takes over at
	 * once; either way the rest is that of losing an election.
	 */
	TEST_ASSERT_EQUAL(act & ~CARP_ACT_BOWOUT,
		CARP_ACT_TIMER | CARP_ACT_STATE, "MASTER -> BACKUP");
	ASSERT_FSM(f, CARP_STATE_BACKUP, CARP_TIMER_DOWN, now + 3390625000ULL);

	/* INIT is not a state one can force. */
	deadline = f.deadline;
	act = carp_fsm_force(&f, &sys, now, CARP_STATE_INIT);
	TEST_ASSERT_EQUAL(act, 0, "-> INIT refused");
	TEST_ASSERT_EQUAL(f.state, CARP_STATE_BACKUP, "state");
	TEST_ASSERT_EQUAL(f.deadline, deadline, "deadline");
	return TEST_SUCCESS;
}

/* advbase 0 (sub-second CARP, OpenBSD) end to end. */
static int
test_fsm_advbase_zero(void)
{
	struct carp_sysctl sys;
	struct carp_fsm f;
	uint64_t now;
	uint32_t act;

	sys_init(&sys, false, 0);
	TEST_ASSERT_SUCCESS(fsm_backup(&f, 0, 10), "backup");
	TEST_ASSERT_EQUAL(f.deadline, T0 + 117187500ULL, "master-down");
	now = f.deadline;
	act = carp_fsm_expire(&f, &sys, now);
	TEST_ASSERT_EQUAL(act, ACT_TAKEOVER, "takeover");
	TEST_ASSERT_EQUAL(f.deadline, now + 39062500ULL, "adv interval");

	/* 0/0 never re-arms at "now": that would be a busy loop. */
	TEST_ASSERT_SUCCESS(fsm_master(&f, &sys, 0, 0), "master 0/0");
	now = f.deadline;
	carp_fsm_expire(&f, &sys, now);
	TEST_ASSERT_EQUAL(f.deadline, now + 3906250ULL, "1/256 s");
	return TEST_SUCCESS;
}

static int
test_fsm_state_name(void)
{
	TEST_ASSERT(strcmp(carp_state_name(CARP_STATE_INIT), "INIT") == 0,
		"INIT");
	TEST_ASSERT(strcmp(carp_state_name(CARP_STATE_BACKUP), "BACKUP") == 0,
		"BACKUP");
	TEST_ASSERT(strcmp(carp_state_name(CARP_STATE_MASTER), "MASTER") == 0,
		"MASTER");
	return TEST_SUCCESS;
}

static struct unit_test_suite carp_fsm_testsuite = {
	.suite_name = "carp state machine",
	.setup = NULL,
	.teardown = NULL,
	.unit_test_cases = {
		TEST_CASE(test_fsm_time_ns),
		TEST_CASE(test_fsm_init),
		TEST_CASE(test_fsm_intervals),
		TEST_CASE(test_fsm_intervals_suppressed),
		TEST_CASE(test_fsm_start),
		TEST_CASE(test_fsm_backup_expire),
		TEST_CASE(test_fsm_master_expire),
		TEST_CASE(test_fsm_garp_repeat),
		TEST_CASE(test_fsm_master_input_slower),
		TEST_CASE(test_fsm_master_input_faster),
		TEST_CASE(test_fsm_master_input_tie),
		TEST_CASE(test_fsm_master_input_suppressed),
		TEST_CASE(test_fsm_backup_preempt),
		TEST_CASE(test_fsm_backup_no_preempt),
		TEST_CASE(test_fsm_backup_preempt_not_faster),
		TEST_CASE(test_fsm_backup_three_advbase),
		TEST_CASE(test_fsm_bowout_input),
		TEST_CASE(test_fsm_init_ignores),
		TEST_CASE(test_fsm_stop),
		TEST_CASE(test_fsm_suppressed),
		TEST_CASE(test_fsm_takeover_suppressed),
		TEST_CASE(test_fsm_force),
		TEST_CASE(test_fsm_advbase_zero),
		TEST_CASE(test_fsm_state_name),
		TEST_CASES_END()
	}
};

static int
test_carp_fsm(void)
{
	return unit_test_suite_runner(&carp_fsm_testsuite);
}

REGISTER_TEST_COMMAND(carp_fsm_autotest, test_carp_fsm);
