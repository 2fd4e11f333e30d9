/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The knob table and what setting each knob does.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "knob.h"

/** Largest arp_rate_per_source (ARP replies a second per requester). */
#define ARP_RATE_MAX	1000000

static uint32_t
get_carp(const struct app *a, enum carp_knob k)
{
	return a->carp->sysctl.v[k];
}

static int
set_carp(struct app *a, const struct knob *k, uint32_t v)
{
	return carp_sysctl_set(a->carp, k->carp, v, app_now_ns(), NULL);
}

#define CARP_GETTER(fn, ck)						\
	static uint32_t fn(const struct app *a) { return get_carp(a, ck); }
CARP_GETTER(get_allow, CARP_KNOB_ALLOW)
CARP_GETTER(get_preempt, CARP_KNOB_PREEMPT)
CARP_GETTER(get_log, CARP_KNOB_LOG)
CARP_GETTER(get_arpbalance, CARP_KNOB_ARPBALANCE)
CARP_GETTER(get_suppress, CARP_KNOB_SUPPRESS_PREEMPT)

/* The fast path balances from the moment the table says so. */
static int
set_arpbalance(struct app *a, const struct knob *k, uint32_t v)
{
	int ret = set_carp(a, k, v);

	if (ret == 0)
		arpbal_balance_set(a->ab, v != 0);
	return ret;
}

static uint32_t
get_arp_rate(const struct app *a)
{
	return arpbal_rate_get(a->ab);
}

static int
set_arp_rate(struct app *a, const struct knob *k, uint32_t v)
{
	RTE_SET_USED(k);
	arpbal_rate_set(a->ab, v);
	return 0;
}

#define CARP_KNOB(id, n, g, s)						\
	[KNOB_ ## id] = { .name = n, .label = "net.inet.carp." n,		\
		 .carp = CARP_KNOB_ ## id, .get = g, .set = s,		\
		 .conf_off = offsetof(struct app_config,		\
			sysctl.v[CARP_KNOB_ ## id]) }

const struct knob knobs[KNOB_MAX] = {
	CARP_KNOB(ALLOW, "allow", get_allow, set_carp),
	CARP_KNOB(PREEMPT, "preempt", get_preempt, set_carp),
	CARP_KNOB(LOG, "log", get_log, set_carp),
	CARP_KNOB(ARPBALANCE, "arpbalance", get_arpbalance, set_arpbalance),
	CARP_KNOB(SUPPRESS_PREEMPT, "suppress_preempt", get_suppress, NULL),
	[KNOB_ARP_RATE_PER_SOURCE] = {
		.name = "arp_rate_per_source",
		.label = "arp_rate_per_source",
		.carp = CARP_KNOB_MAX, .max = ARP_RATE_MAX,
		.conf_off = offsetof(struct app_config, arp_rate_per_source),
		.get = get_arp_rate, .set = set_arp_rate,
	},
};

const struct knob *
knob_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < KNOB_MAX; i++)
		if (strcmp(knobs[i].name, name) == 0)
			return &knobs[i];
	return NULL;
}

uint32_t
knob_max(const struct knob *k)
{
	return k->carp != CARP_KNOB_MAX ? carp_knob_max(k->carp) : k->max;
}

bool
knob_readonly(const struct knob *k)
{
	return k->set == NULL;
}

int
knob_check(const struct knob *k, long long v, char *err, size_t len)
{
	struct carp_err cerr;
	int ret;

	if (k->carp != CARP_KNOB_MAX) {
		ret = carp_knob_check(k->carp, v, &cerr);
		if (ret != 0)
			snprintf(err, len, "%s", cerr.msg);
		return ret;
	}
	if (v < 0 || v > (long long)k->max) {
		snprintf(err, len, "%s must be 0..%u, not %lld", k->name,
			k->max, v);
		return -EINVAL;
	}
	return 0;
}

int
knob_set(struct app *a, const struct knob *k, long long v, char *err,
		size_t len)
{
	int ret = knob_check(k, v, err, len);

	if (ret != 0)
		return ret;
	ret = k->set(a, k, (uint32_t)v);
	if (ret != 0)
		snprintf(err, len, "%s: %s", k->name, strerror(-ret));
	return ret;
}

uint32_t
knob_value(const struct app *a, const struct knob *k)
{
	return k->get(a);
}

uint32_t *
knob_conf(struct app_config *c, const struct knob *k)
{
	return (uint32_t *)((char *)c + k->conf_off);
}

int
knobs_apply_config(struct app *a)
{
	char err[128];
	unsigned int i;

	for (i = 0; i < KNOB_MAX; i++) {
		const struct knob *k = &knobs[i];

		if (knob_readonly(k))
			continue;
		if (knob_set(a, k, *knob_conf(&a->cfg, k), err,
				sizeof(err)) != 0) {
			APP_LOG(ERR, "%s", err);
			return -1;
		}
	}
	return 0;
}

const char *
knob_choices(void)
{
	static char buf[256];
	unsigned int i;
	size_t n = 0;

	if (buf[0] != '\0')
		return buf;
	for (i = 0; i < KNOB_MAX; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s", i > 0 ? "#" : "",
			knobs[i].name);
	return buf;
}
