/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_LCORE_H
#define APP_LCORE_H

/**
 * @file
 * What each lcore runs, decided once from the lcores EAL was given, and
 * the loop every lcore runs.
 *
 *   lcores  main lcore               control   workers
 *   1       control and worker       main      main
 *   2       control                  main      the other one
 *   3+      nothing (waits)          the first other lcore  the rest
 *
 * The control lcore has TX queue 0 of every port; each worker that is not
 * the control lcore has a queue of its own after it. The console, the
 * signals, the log, hooks and health checks run on threads of their own,
 * never on a polling lcore.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_config.h>

/** The control lcore's TX queue on every port; workers have the next. */
#define LCORE_CONTROL_TXQ	0

struct app;

struct lcore_plan {
	unsigned int main_lcore;
	unsigned int control;		/**< lcore id of the control loop */
	unsigned int nworkers;
	unsigned int worker[RTE_MAX_LCORE];	/**< lcore id of worker i */
	uint16_t worker_txq[RTE_MAX_LCORE];	/**< its TX queue, every port */
	uint16_t ntxq;			/**< TX queues each port needs */
	bool main_free;			/**< the main lcore polls nothing */
};

/** An RX queue a worker polls. */
struct lcore_rxq {
	uint16_t port;			/**< index into app.port[] */
	uint16_t queue;
};

/**
 * Plan the roles of n lcores (ids ascending, main_lcore among them).
 * @return 0, or -EINVAL if n is 0 or main_lcore is not among them.
 */
int lcore_plan_make(struct lcore_plan *p, unsigned int main_lcore,
		const unsigned int *lcores, unsigned int n);

/**
 * The RX queues worker w polls: queue q of every port goes to worker
 * q mod nworkers. nb_rxq[i] is port i's number of RX queues.
 * @return how many were written to out (at most max).
 */
unsigned int lcore_plan_rxqs(const struct lcore_plan *p, unsigned int w,
		const uint16_t *nb_rxq, unsigned int nports,
		struct lcore_rxq *out, unsigned int max);

/** Start every lcore's loop but the main one's (EAL remote launch). */
void lcore_launch(struct app *a);

/** The main lcore's share: its loop if it has a role, else nothing. */
void lcore_run_main(struct app *a);

#endif /* APP_LCORE_H */
