/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#include <stddef.h>
#include <string.h>

#include "carp_stats.h"

static const char * const carp_stat_names[CARP_STAT_MAX] = {
	[CARP_STAT_IPACKETS] = "ipackets",
	[CARP_STAT_IPACKETS6] = "ipackets6",
	[CARP_STAT_BADIF] = "badif",
	[CARP_STAT_BADTTL] = "badttl",
	[CARP_STAT_HDROPS] = "hdrops",
	[CARP_STAT_BADSUM] = "badsum",
	[CARP_STAT_BADVER] = "badver",
	[CARP_STAT_BADLEN] = "badlen",
	[CARP_STAT_BADAUTH] = "badauth",
	[CARP_STAT_BADVHID] = "badvhid",
	[CARP_STAT_BADADDRS] = "badaddrs",
	[CARP_STAT_OPACKETS] = "opackets",
	[CARP_STAT_OPACKETS6] = "opackets6",
	[CARP_STAT_ONOMEM] = "onomem",
	[CARP_STAT_OSTATES] = "ostates",
	[CARP_STAT_PREEMPT] = "preempt",
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
