/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The walks over the counter lists, and the sinks that print them or add
 * them to a telemetry reply.
 */

#include <inttypes.h>
#include <stdio.h>

#include <rte_mempool.h>

#include "app.h"
#include "counters.h"
#include "host_path.h"

void
counters_carp(const struct carp_stats *s, bool nonzero, counter_fn fn,
		void *sink)
{
	unsigned int i;

	for (i = 0; i < CARP_STAT_MAX; i++)
		if (!nonzero || s->v[i] != 0)
			fn(sink, carp_stat_name(i), s->v[i]);
}

void
counters_workers(const struct app *a, counter_fn fn, void *sink)
{
	struct worker_stats sum = { 0 };
	unsigned int i;

	/* Each lcore writes its own; a read of a 64-bit counter while it
	 * does is whole on the CPUs DPDK runs on.
	 */
	for (i = 0; i < a->plan.nworkers; i++) {
		const struct worker_stats *w = &a->workers[i].stats;

#define WORKER_STAT_SUM(n, d) sum.n += w->n;
		WORKER_STATS(WORKER_STAT_SUM)
#undef WORKER_STAT_SUM
	}
#define WORKER_STAT_PUT(n, d) fn(sink, #n, sum.n);
	WORKER_STATS(WORKER_STAT_PUT)
#undef WORKER_STAT_PUT
	/* Not counters but the pool's level: a path that kept frames it
	 * should have freed shows as buffers in use that never come back.
	 * Those in the lcores' caches count as free.
	 */
	fn(sink, "mbufs_in_use", rte_mempool_in_use_count(a->pool));
	fn(sink, "mbufs_free", rte_mempool_avail_count(a->pool));
}

void
counters_host(const struct host_stats *s, counter_fn fn, void *sink)
{
#define HOST_STAT_PUT(n, d) fn(sink, #n, s->n);
	HOST_STATS(HOST_STAT_PUT)
#undef HOST_STAT_PUT
}

void
counters_arpbal(const struct arpbal_stats *s, counter_fn fn, void *sink)
{
	unsigned int i;

	for (i = 0; i < ARPBAL_STAT_MAX; i++)
		fn(sink, arpbal_stat_name(i), s->v[i]);
}

void
counters_verdicts(const uint64_t v[ARPBAL_NVERDICTS], counter_fn fn,
		void *sink)
{
	unsigned int i;

	for (i = 0; i < ARPBAL_NVERDICTS; i++)
		fn(sink, arpbal_verdict_name(i), v[i]);
}

void
counter_text(void *sink, const char *name, uint64_t value)
{
	struct counter_text *t = sink;

	fprintf(t->f, "%s%s %" PRIu64, t->n > 0 || t->lead ? " " : "", name,
		value);
	t->n++;
}

void
counter_tel(void *sink, const char *name, uint64_t value)
{
	struct counter_tel *t = sink;
	char key[64];

	snprintf(key, sizeof(key), "%s%s", t->prefix, name);
	tel_add_u64(t->d, key, value);
}
