/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_SYSCTL_H
#define CARP_SYSCTL_H

/**
 * @file
 * The global knobs of carp(4) (net.inet.carp.*), in one place: their names,
 * ranges, defaults and values (lib/carp/PROTOCOL.md §6). This table is the
 * one authority on them: the application asks it for names and ranges.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carp_err.h"

enum carp_knob {
	CARP_KNOB_ALLOW,		/**< accept CARP; 0 stops every vhost */
	CARP_KNOB_PREEMPT,		/**< BACKUP preempts a slower MASTER */
	CARP_KNOB_LOG,			/**< 0 none, 1 state changes, 2 debug */
	CARP_KNOB_ARPBALANCE,		/**< ARP balancing */
	CARP_KNOB_SUPPRESS_PREEMPT,	/**< problems (links down); read-only */
	CARP_KNOB_MAX,
};

struct carp_sysctl {
	uint32_t v[CARP_KNOB_MAX];
};

/** Name of a knob ("allow", ...), or NULL. */
const char *carp_knob_name(enum carp_knob k);

/** Knob by name, or CARP_KNOB_MAX. */
enum carp_knob carp_knob_lookup(const char *name);

/** Largest value a knob takes (the smallest is 0). */
uint32_t carp_knob_max(enum carp_knob k);

/** True for knobs an operator cannot set (suppress_preempt). */
bool carp_knob_readonly(enum carp_knob k);

/**
 * Check a value an operator wants to give a knob; on error write why.
 * @return 0, or -EINVAL (out of range), -EPERM (read-only), -ENOENT.
 */
int carp_knob_check(enum carp_knob k, long long value,
		struct carp_err *err);

/** Set every knob to its default. */
void carp_sysctl_defaults(struct carp_sysctl *s);

#endif /* CARP_SYSCTL_H */
