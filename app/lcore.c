/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The lcore plan: which lcore runs the control loop, which poll queues,
 * and which TX queue each transmits on, decided without EAL so that it
 * can be tested. lcore_loop.c runs what it decides.
 */

#include <errno.h>
#include <string.h>

#include "lcore.h"

int
lcore_plan_make(struct lcore_plan *p, unsigned int main_lcore,
		const unsigned int *lcores, unsigned int n)
{
	unsigned int i, first_other = RTE_MAX_LCORE;
	bool found = false;

	if (n == 0 || n > RTE_MAX_LCORE)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (lcores[i] == main_lcore)
			found = true;
		else if (first_other == RTE_MAX_LCORE)
			first_other = lcores[i];
	}
	if (!found)
		return -EINVAL;

	memset(p, 0, sizeof(*p));
	p->main_lcore = main_lcore;
	if (n == 1) {
		/* Everything on the one lcore; it transmits on one queue. */
		p->control = main_lcore;
		p->nworkers = 1;
		p->worker[0] = main_lcore;
		p->worker_txq[0] = LCORE_CONTROL_TXQ;
		p->ntxq = 1;
		return 0;
	}
	p->control = n == 2 ? main_lcore : first_other;
	for (i = 0; i < n; i++) {
		if (lcores[i] == main_lcore || lcores[i] == p->control)
			continue;
		p->worker[p->nworkers] = lcores[i];
		p->worker_txq[p->nworkers] = (uint16_t)(p->nworkers + 1);
		p->nworkers++;
	}
	p->ntxq = (uint16_t)(1 + p->nworkers);
	p->main_free = n > 2;
	return 0;
}

unsigned int
lcore_plan_rxqs(const struct lcore_plan *p, unsigned int w,
		const uint16_t *nb_rxq, unsigned int nports,
		struct lcore_rxq *out, unsigned int max)
{
	unsigned int port, q, n = 0;

	if (w >= p->nworkers)
		return 0;
	for (port = 0; port < nports; port++)
		for (q = w; q < nb_rxq[port] && n < max; q += p->nworkers) {
			out[n].port = (uint16_t)port;
			out[n++].queue = (uint16_t)q;
		}
	return n;
}
