/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
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

bool
carp_knob_readonly(enum carp_knob k)
{
	return (unsigned int)k >= CARP_KNOB_MAX || knobs[k].readonly;
}

int
carp_knob_check(enum carp_knob k, long long value, char *err, size_t errlen)
{
	if ((unsigned int)k >= CARP_KNOB_MAX) {
		snprintf(err, errlen, "no such knob");
		return -ENOENT;
	}
	if (knobs[k].readonly) {
		snprintf(err, errlen, "%s is read-only", knobs[k].name);
		return -EPERM;
	}
	if (value < 0 || value > (long long)knobs[k].max) {
		snprintf(err, errlen, "%s must be 0..%u, not %lld",
			knobs[k].name, knobs[k].max, value);
		return -EINVAL;
	}
	return 0;
}

void
carp_sysctl_defaults(struct carp_sysctl *s)
{
	unsigned int i;

	for (i = 0; i < CARP_KNOB_MAX; i++)
		s->v[i] = knobs[i].def;
}
