/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_KNOB_H
#define APP_KNOB_H

/**
 * @file
 * The global knobs, in one table: carp(4)'s sysctls (whose names and
 * ranges lib/carp owns) and the application's own (arp_rate_per_source).
 * The configuration reader, the console's "sysctl set" and "show sysctl"
 * and telemetry all iterate it. The configuration file gives each knob its
 * value at start; from then on the value lives where the knob acts (the
 * CARP table, the ARP balancer) and the configuration stays as read.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carp_sysctl.h"

struct app;
struct app_config;

enum knob_id {
	KNOB_ALLOW,
	KNOB_PREEMPT,
	KNOB_LOG,
	KNOB_ARPBALANCE,
	KNOB_SUPPRESS_PREEMPT,
	KNOB_ARP_RATE_PER_SOURCE,
	KNOB_MAX,
};

struct knob {
	const char *name;	/**< key, console word, telemetry field */
	const char *label;	/**< as "show sysctl" prints it */
	enum carp_knob carp;	/**< lib/carp's knob, or CARP_KNOB_MAX */
	uint32_t max;		/**< the range of an application knob */
	size_t conf_off;	/**< its value in struct app_config */
	uint32_t (*get)(const struct app *a);
	int (*set)(struct app *a, const struct knob *k, uint32_t v);
};

extern const struct knob knobs[KNOB_MAX];

/** Knob by name, or NULL. */
const struct knob *knob_lookup(const char *name);

/** Largest value it takes (the smallest is 0). */
uint32_t knob_max(const struct knob *k);

/** True if an operator cannot set it (suppress_preempt). */
bool knob_readonly(const struct knob *k);

/** Check a value; on error write why ("log must be 0..9, not 10").
 *  @return 0, -EINVAL or -EPERM. */
int knob_check(const struct knob *k, long long v, char *err, size_t len);

/** Check and set, with its consequences. @return 0 or -errno and err. */
int knob_set(struct app *a, const struct knob *k, long long v, char *err,
		size_t len);

/** The value in force. */
uint32_t knob_value(const struct app *a, const struct knob *k);

/** The value the configuration file gave (or the default). */
uint32_t *knob_conf(struct app_config *c, const struct knob *k);

/** Give every settable knob its configured value (at start). */
int knobs_apply_config(struct app *a);

/** "allow#preempt#..." for a console token: every knob's name. */
const char *knob_choices(void);

#endif /* APP_KNOB_H */
