/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_COUNTERS_H
#define APP_COUNTERS_H

/**
 * @file
 * Every counter, walked in one place for the console, telemetry and the
 * exit log. Each list is named once, where its counters are kept:
 * CARP_STATS (lib/carp), ARPBAL_STATS and ARPBAL_VERDICTS (lib/arpbal),
 * WORKER_STATS (the fast path). A walk hands each (name, value) to a sink.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_telemetry.h>
#include <rte_version.h>

#include "arpbal.h"
#include "carp_stats.h"

struct app;

/* rte_tel_data_add_dict_u64 became _uint in 23.03 (and went in 25.11). */
static inline void
tel_add_u64(struct rte_tel_data *d, const char *name, uint64_t v)
{
#if RTE_VERSION >= RTE_VERSION_NUM(23, 3, 0, 0)
	rte_tel_data_add_dict_uint(d, name, v);
#else
	rte_tel_data_add_dict_u64(d, name, v);
#endif
}

typedef void (*counter_fn)(void *sink, const char *name, uint64_t value);

/** The carpstats counters, or only those that are not zero. */
void counters_carp(const struct carp_stats *s, bool nonzero, counter_fn fn,
		void *sink);

/** The polling lcores' counters, summed. */
void counters_workers(const struct app *a, counter_fn fn, void *sink);

struct host_stats;

/** A kernel twin's counters. */
void counters_host(const struct host_stats *s, counter_fn fn, void *sink);

/** The ARP balancer's counters. */
void counters_arpbal(const struct arpbal_stats *s, counter_fn fn,
		void *sink);

/** The verdicts of one address or vhid. */
void counters_verdicts(const uint64_t v[ARPBAL_NVERDICTS], counter_fn fn,
		void *sink);

/** A sink printing "name value" pairs on one line, space separated; a
 *  space before the first too when lead is set. */
struct counter_text {
	FILE *f;
	bool lead;
	unsigned int n;		/**< pairs printed */
};
void counter_text(void *sink, const char *name, uint64_t value);

/** A sink adding prefix + name to a telemetry dictionary. */
struct counter_tel {
	struct rte_tel_data *d;
	const char *prefix;
};
void counter_tel(void *sink, const char *name, uint64_t value);

#endif /* APP_COUNTERS_H */
