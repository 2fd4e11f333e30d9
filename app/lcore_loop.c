/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The one loop every lcore runs, composed of the control lcore's round and
 * a worker's poll as the lcore plan gives them.
 */

#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include "app.h"
#include "control.h"
#include "host_path.h"
#include "lcore.h"
#include "worker.h"

static struct app_worker *
worker_of(struct app *a, unsigned int lcore)
{
	unsigned int i;

	for (i = 0; i < a->plan.nworkers; i++)
		if (a->plan.worker[i] == lcore)
			return &a->workers[i];
	return NULL;
}

/*
 * The loop of every lcore. The control lcore runs until asked to quit,
 * then bows out; the others run until it is done, so that they keep
 * answering while the bow-outs leave.
 */
static int
lcore_loop(void *arg)
{
	struct app *a = arg;
	unsigned int id = rte_lcore_id();
	struct app_worker *w = worker_of(a, id);
	bool control = id == a->plan.control;
	unsigned int work;

	if (w != NULL)
		worker_start(a, w);
	if (control)
		control_start(a, w);
	for (;;) {
		if (control ? a->force_quit :
		    __atomic_load_n(&a->control_done, __ATOMIC_ACQUIRE))
			break;
		/* The control lcore moves the kernel twins' frames too, a
		 * bounded batch a round: a flood towards the host costs its
		 * timers no more than that.
		 */
		work = control ? control_poll(a) + host_path_poll(a) : 0;
		if (w != NULL)
			work += worker_poll(a, w);
		/* The back-off is short: it delays a due timer by at most
		 * idle_sleep, and never while frames keep arriving.
		 */
		/* Read each time: a reload may change it. */
		if (work == 0 && a->cfg.idle_sleep_us > 0)
			rte_delay_us_sleep(a->cfg.idle_sleep_us);
	}
	if (control)
		control_stop(a);
	if (w != NULL)
		worker_stop(a, w);
	return 0;
}

void
lcore_launch(struct app *a)
{
	unsigned int lcore;

	RTE_LCORE_FOREACH_WORKER(lcore)
		if (lcore == a->plan.control || worker_of(a, lcore) != NULL)
			rte_eal_remote_launch(lcore_loop, a, lcore);
}

void
lcore_run_main(struct app *a)
{
	if (!a->plan.main_free)
		lcore_loop(a);
}
