/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The global knobs of carp(4): names, ranges, defaults.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "carp_sysctl.h"

static const struct {
	const char *name;
	uint32_t def;
	uint32_t max;
	bool readonly;
} knobs[CARP_KNOB_MAX] = {
	[CARP_KNOB_ALLOW] = { "allow", 1, 1, false },
	[CARP_KNOB_PREEMPT] = { "preempt", 0, 1, false },
	[CARP_KNOB_LOG] = { "log", 1, 9, false },
	[CARP_KNOB_ARPBALANCE] = { "arpbalance", 0, 1, false },
	[CARP_KNOB_SUPPRESS_PREEMPT] = { "suppress_preempt", 0, UINT32_MAX, true },
};

const char *
carp_knob_name(enum carp_knob k)
{
	return (unsigned int)k < CARP_KNOB_MAX ? knobs[k].name : NULL;
}

enum carp_knob
carp_knob_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < CARP_KNOB_MAX; i++)
		if (strcmp(knobs[i].name, name) == 0)
			return (enum carp_knob)i;
	return CARP_KNOB_MAX;
}

uint32_t
carp_knob_max(enum carp_knob k)
{
	return (unsigned int)k < CARP_KNOB_MAX ? knobs[k].max : 0;
}

bool
carp_knob_readonly(enum carp_knob k)
{
	return (unsigned int)k >= CARP_KNOB_MAX || knobs[k].readonly;
}

int
carp_knob_check(enum carp_knob k, long long value, struct carp_err *err)
{
	if ((unsigned int)k >= CARP_KNOB_MAX)
		return carp_refuse(err, CARP_FIELD_KNOB, -ENOENT,
			"no such knob");
	if (knobs[k].readonly)
		return carp_refuse(err, CARP_FIELD_KNOB, -EPERM,
			"%s is read-only", knobs[k].name);
	if (value < 0 || value > (long long)knobs[k].max)
		return carp_refuse(err, CARP_FIELD_KNOB, -EINVAL,
			"%s must be 0..%u, not %lld", knobs[k].name,
			knobs[k].max, value);
	return 0;
}

void
carp_sysctl_defaults(struct carp_sysctl *s)
{
	unsigned int i;

	for (i = 0; i < CARP_KNOB_MAX; i++)
		s->v[i] = knobs[i].def;
}
