/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The names of the carpstats counters.
 */

#include <stddef.h>
#include <string.h>

#include "carp_stats.h"

static const char * const carp_stat_names[CARP_STAT_MAX] = {
#define CARP_STAT_NAME(e, n, d) [CARP_STAT_ ## e] = #n,
	CARP_STATS(CARP_STAT_NAME)
#undef CARP_STAT_NAME
};

const char *
carp_stat_name(enum carp_stat s)
{
	if ((unsigned int)s >= CARP_STAT_MAX)
		return NULL;
	return carp_stat_names[s];
}

enum carp_stat
carp_stat_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < CARP_STAT_MAX; i++)
		if (strcmp(carp_stat_names[i], name) == 0)
			return (enum carp_stat)i;
	return CARP_STAT_NONE;
}
