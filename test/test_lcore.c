/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * lcore_autotest: the lcore plan (app/lcore.c). The layouts of the README
 * are literals here; the rules every plan must keep (one control lcore,
 * no TX queue written by two lcores, every RX queue polled by exactly one
 * worker) are checked over many lcore sets drawn at random.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_common.h>

#include "lcore.h"

#include "test.h"

static struct lcore_plan plan;

#define ASSERT_WORKER(i, lcore, txq) do {				\
	TEST_ASSERT_EQUAL(plan.worker[i], (lcore), "worker %u's lcore", i); \
	TEST_ASSERT_EQUAL(plan.worker_txq[i], (txq), "worker %u's TX queue", \
		i);							\
} while (0)

static int
test_one_lcore(void)
{
	static const unsigned int l[] = { 0 };

	TEST_ASSERT_SUCCESS(lcore_plan_make(&plan, 0, l, 1), "plan");
	TEST_ASSERT_EQUAL(plan.control, 0, "control on the main lcore");
	TEST_ASSERT_EQUAL(plan.nworkers, 1, "workers");
	ASSERT_WORKER(0, 0, LCORE_CONTROL_TXQ);
	TEST_ASSERT_EQUAL(plan.ntxq, 1, "one TX queue for the one lcore");
	TEST_ASSERT(!plan.main_free, "the main lcore polls");
	return TEST_SUCCESS;
}

static int
test_two_lcores(void)
{
	static const unsigned int l[] = { 0, 1 };

	TEST_ASSERT_SUCCESS(lcore_plan_make(&plan, 0, l, 2), "plan");
	TEST_ASSERT_EQUAL(plan.control, 0, "control on the main lcore");
	TEST_ASSERT_EQUAL(plan.nworkers, 1, "workers");
	ASSERT_WORKER(0, 1, 1);
	TEST_ASSERT_EQUAL(plan.ntxq, 2, "TX queues");
	TEST_ASSERT(!plan.main_free, "the main lcore runs control");
	return TEST_SUCCESS;
}

static int
test_four_lcores(void)
{
	static const unsigned int l[] = { 0, 1, 2, 3 };

	TEST_ASSERT_SUCCESS(lcore_plan_make(&plan, 0, l, 4), "plan");
	TEST_ASSERT_EQUAL(plan.control, 1, "control on the first other");
	TEST_ASSERT_EQUAL(plan.nworkers, 2, "workers");
	ASSERT_WORKER(0, 2, 1);
	ASSERT_WORKER(1, 3, 2);
	TEST_ASSERT_EQUAL(plan.ntxq, 3, "TX queues");
	TEST_ASSERT(plan.main_free, "the main lcore is the console's");
	return TEST_SUCCESS;
}

/* EAL may be given any lcore ids, and any of them as the main lcore. */
static int
test_sparse_lcores(void)
{
	static const unsigned int l[] = { 2, 5, 7, 9 };
	static const unsigned int l2[] = { 3, 8 };

	TEST_ASSERT_SUCCESS(lcore_plan_make(&plan, 5, l, 4), "plan");
	TEST_ASSERT_EQUAL(plan.main_lcore, 5, "main");
	TEST_ASSERT_EQUAL(plan.control, 2, "control on the first other");
	TEST_ASSERT_EQUAL(plan.nworkers, 2, "workers");
	ASSERT_WORKER(0, 7, 1);
	ASSERT_WORKER(1, 9, 2);
	TEST_ASSERT_SUCCESS(lcore_plan_make(&plan, 8, l2, 2), "plan of two");
	TEST_ASSERT_EQUAL(plan.control, 8, "control on the main lcore");
	ASSERT_WORKER(0, 3, 1);
	return TEST_SUCCESS;
}

static int
test_bad_plans(void)
{
	static const unsigned int l[] = { 0, 1 };

	TEST_ASSERT_EQUAL(lcore_plan_make(&plan, 0, l, 0), -EINVAL, "none");
	TEST_ASSERT_EQUAL(lcore_plan_make(&plan, 4, l, 2), -EINVAL,
		"main lcore not among them");
	return TEST_SUCCESS;
}

static int
test_rxqs(void)
{
	static const unsigned int l[] = { 0, 1, 2, 3 };
	static const uint16_t nb_rxq[] = { 2, 1, 3 };
	struct lcore_rxq q[8];
	unsigned int n;

	TEST_ASSERT_SUCCESS(lcore_plan_make(&plan, 0, l, 4), "plan");
	n = lcore_plan_rxqs(&plan, 0, nb_rxq, 3, q, RTE_DIM(q));
	TEST_ASSERT_EQUAL(n, 4, "worker 0's queues");
	TEST_ASSERT(q[0].port == 0 && q[0].queue == 0, "p0 q0");
	TEST_ASSERT(q[1].port == 1 && q[1].queue == 0, "p1 q0");
	TEST_ASSERT(q[2].port == 2 && q[2].queue == 0, "p2 q0");
	TEST_ASSERT(q[3].port == 2 && q[3].queue == 2, "p2 q2");
	n = lcore_plan_rxqs(&plan, 1, nb_rxq, 3, q, RTE_DIM(q));
	TEST_ASSERT_EQUAL(n, 2, "worker 1's queues");
	TEST_ASSERT(q[0].port == 0 && q[0].queue == 1, "p0 q1");
	TEST_ASSERT(q[1].port == 2 && q[1].queue == 1, "p2 q1");
	TEST_ASSERT_EQUAL(lcore_plan_rxqs(&plan, 0, nb_rxq, 3, q, 3), 3,
		"bounded by the room given");
	TEST_ASSERT_EQUAL(lcore_plan_rxqs(&plan, 2, nb_rxq, 3, q, 8), 0,
		"no worker 2");
	return TEST_SUCCESS;
}

/* Over random lcore sets: the rules every plan keeps. */
static int
test_plan_rules(void)
{
	uint64_t seed = 0x1ce5eed;
	unsigned int lcores[64], trial, n, i, j, w, nq, total, main_lcore;
	bool txq_used[RTE_MAX_LCORE];
	uint16_t nb_rxq[4];
	struct lcore_rxq q[256];
	uint8_t polled[4][64];
	bool used[64];

	for (trial = 0; trial < 2000; trial++) {
		/* n distinct ascending ids below 64, one of them main. */
		memset(used, 0, sizeof(used));
		n = 1 + test_xorshift(&seed) % 16;
		for (i = 0; i < n; ) {
			j = test_xorshift(&seed) % 64;
			if (!used[j]) {
				used[j] = true;
				i++;
			}
		}
		for (i = 0, j = 0; j < 64; j++)
			if (used[j])
				lcores[i++] = j;
		main_lcore = lcores[test_xorshift(&seed) % n];

		TEST_ASSERT_SUCCESS(lcore_plan_make(&plan, main_lcore, lcores,
			n), "trial %u", trial);
		TEST_ASSERT(used[plan.control], "control is one of the lcores");
		TEST_ASSERT(plan.nworkers >= 1, "a worker at least");
		TEST_ASSERT_EQUAL(plan.main_free, n >= 3, "main free, n %u", n);
		/* Transmitting lcores: control (queue 0) and every worker
		 * that is not the control lcore; no queue twice, all below
		 * ntxq.
		 */
		memset(txq_used, 0, sizeof(txq_used));
		txq_used[LCORE_CONTROL_TXQ] = true;
		for (w = 0; w < plan.nworkers; w++) {
			TEST_ASSERT(used[plan.worker[w]], "worker's lcore given");
			TEST_ASSERT(plan.worker[w] != main_lcore || n == 1,
				"the main lcore polls only when alone");
			TEST_ASSERT(plan.worker_txq[w] < plan.ntxq,
				"TX queue in range");
			if (plan.worker[w] == plan.control) {
				TEST_ASSERT_EQUAL(plan.worker_txq[w],
					LCORE_CONTROL_TXQ, "shares control's");
				continue;
			}
			TEST_ASSERT(!txq_used[plan.worker_txq[w]],
				"TX queue %u of two lcores, trial %u",
				plan.worker_txq[w], trial);
			txq_used[plan.worker_txq[w]] = true;
		}
		/* Every RX queue of every port polled once. */
		memset(polled, 0, sizeof(polled));
		for (i = 0; i < 4; i++)
			nb_rxq[i] = (uint16_t)(1 + test_xorshift(&seed) % 40);
		total = 0;
		for (w = 0; w < plan.nworkers; w++) {
			nq = lcore_plan_rxqs(&plan, w, nb_rxq, 4, q, RTE_DIM(q));
			for (i = 0; i < nq; i++) {
				TEST_ASSERT(q[i].queue < nb_rxq[q[i].port],
					"queue in range");
				polled[q[i].port][q[i].queue]++;
			}
			total += nq;
		}
		for (i = 0; i < 4; i++)
			for (j = 0; j < nb_rxq[i]; j++)
				TEST_ASSERT_EQUAL(polled[i][j], 1,
					"port %u queue %u, trial %u", i, j,
					trial);
		TEST_ASSERT_EQUAL(total, (unsigned int)nb_rxq[0] + nb_rxq[1] +
			nb_rxq[2] + nb_rxq[3], "queues in all");
	}
	return TEST_SUCCESS;
}

static struct unit_test_suite lcore_testsuite = {
	.suite_name = "lcore plan",
	.unit_test_cases = {
		TEST_CASE(test_one_lcore),
		TEST_CASE(test_two_lcores),
		TEST_CASE(test_four_lcores),
		TEST_CASE(test_sparse_lcores),
		TEST_CASE(test_bad_plans),
		TEST_CASE(test_rxqs),
		TEST_CASE(test_plan_rules),
		TEST_CASES_END()
	}
};

static int
test_lcore(void)
{
	return unit_test_suite_runner(&lcore_testsuite);
}

REGISTER_TEST_COMMAND(lcore_autotest, test_lcore);
