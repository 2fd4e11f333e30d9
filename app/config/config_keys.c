/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The keys of each kind of section, what their values look like, and how
 * a section's entries are read against them. Ranges come from where the
 * rule lives: lib/carp for a vhost's fields, the knob table for [global]'s
 * knobs.
 */

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_cfgfile.h>
#include <rte_common.h>

#include "carp_auth.h"
#include "carp_vhost.h"
#include "config_private.h"
#include "knob.h"
#include "parse.h"

/* Most keys a section kind has; bounds the entries read per section. */
#define KEYS_MAX	16

static int
fail_range(struct ctx *c, const char *key, const char *val, enum parse_num r,
		long long min, long long max)
{
	char q[QUOTE_BUF];

	if (r == PARSE_NUM_BAD)
		return config_fail(c, key, "expected a decimal integer "
			"%lld..%lld, got %s%s", min, max, config_quote(val, q),
			config_hint(val));
	config_clean(val, q, sizeof(q), QUOTE_MAX);
	return config_fail(c, key, "expected %lld..%lld, got %s%s", min, max, q,
		r == PARSE_NUM_BIG ? " (too large)" : "");
}

int
config_parse_uint(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	unsigned long long v = 0;
	enum parse_num r = parse_dec(val, &v);
	uint8_t *field = (uint8_t *)obj + k->off;

	if (r != PARSE_NUM_OK || v < (unsigned long long)k->min ||
	    v > (unsigned long long)k->max)
		return fail_range(c, k->name, val, r, k->min, k->max);
	switch (k->size) {
	case sizeof(uint8_t):
		*field = (uint8_t)v;
		break;
	case sizeof(uint16_t):
		*(uint16_t *)field = (uint16_t)v;
		break;
	default:
		*(uint32_t *)field = (uint32_t)v;
		break;
	}
	return 0;
}

/* A [global] knob: its range and read-only rule come from the knob table. */
static int
parse_knob(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	struct app_config *cfg = obj;
	unsigned long long v = 0;
	char why[ERR_BUF], q[QUOTE_BUF];
	enum parse_num r;

	if (knob_readonly(k->knob)) {
		knob_check(k->knob, 0, why, sizeof(why));
		return config_fail(c, k->name, "expected no setting (%s: it "
			"counts the problems, such as links down, that "
			"suppress preemption), got %s", why,
			config_quote(val, q));
	}
	r = parse_dec(val, &v);
	if (r != PARSE_NUM_OK || v > LLONG_MAX ||
	    knob_check(k->knob, (long long)v, why, sizeof(why)) != 0)
		return fail_range(c, k->name, val, r, 0, knob_max(k->knob));
	*knob_conf(cfg, k->knob) = (uint32_t)v;
	return 0;
}

/* 0, or a pool size in range: parse_uint knows only one range. */
static int
parse_mbufs(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	struct app_config *cfg = obj;
	unsigned long long v;
	char q[QUOTE_BUF];

	if (parse_dec(val, &v) != PARSE_NUM_OK || (v != 0 && v < APP_MBUFS_MIN) ||
	    v > APP_MBUFS_MAX)
		return config_fail(c, k->name, "expected %s, got %s", k->what,
			config_quote(val, q));
	cfg->mbufs = (uint32_t)v;
	return 0;
}

/* A hook must be there and runnable now, not fail at the first change. */
int
config_check_hook(struct ctx *c, const struct key *k, const char *val, char *out)
{
	char q[QUOTE_BUF];
	struct stat st;

	if (strlen(val) >= APP_HOOK_MAX)
		return config_fail(c, k->name, "expected a path of at most %u "
			"characters, got %zu", APP_HOOK_MAX - 1, strlen(val));
	if (val[0] != '/')
		return config_fail(c, k->name, "expected an absolute path, got %s",
			config_quote(val, q));
	if (access(val, X_OK) != 0)
		return config_fail(c, k->name, "expected an executable file, got %s: "
			"%s", config_quote(val, q), strerror(errno));
	if (stat(val, &st) != 0 || !S_ISREG(st.st_mode))
		return config_fail(c, k->name, "expected an executable file, got %s, "
			"which is not a regular file", config_quote(val, q));
	strcpy(out, val);
	return 0;
}

/* The track of the section being read: [global]'s, or this [carpN]'s. */
static struct app_track_conf *
track_of(struct ctx *c, void *obj)
{
	return obj == c->cfg ? &c->cfg->track :
		&c->cfg->vhost_track[c->cfg->nvhosts];
}

void
config_track_defaults(struct app_track_conf *t)
{
	memset(t, 0, sizeof(*t));
	t->interval = APP_TRACK_INTERVAL_DEFAULT;
	t->fall = APP_TRACK_COUNT_DEFAULT;
	t->rise = APP_TRACK_COUNT_DEFAULT;
}

/* Numbers for a check that is not there are a mistake, not a default. */
int
config_track_check(struct ctx *c, const struct app_track_conf *t)
{
	if (t->numbers_set && t->path[0] == '\0')
		return config_fail(c, "track", "expected a program for "
			"track_interval, track_fall or track_rise to time, "
			"got none");
	return 0;
}

int
config_parse_track(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	return config_check_hook(c, k, val, track_of(c, obj)->path);
}

/* track_interval, track_fall, track_rise: k->off is the field's offset in
 * struct app_track_conf.
 */
int
config_parse_track_num(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	struct app_track_conf *t = track_of(c, obj);
	unsigned long long v = 0;
	enum parse_num r = parse_dec(val, &v);

	if (r != PARSE_NUM_OK || v < (unsigned long long)k->min ||
	    v > (unsigned long long)k->max)
		return fail_range(c, k->name, val, r, k->min, k->max);
	*(uint32_t *)((char *)t + k->off) = (uint32_t)v;
	t->numbers_set = true;
	return 0;
}

static int
parse_global_hook(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	struct app_config *cfg = obj;

	return config_check_hook(c, k, val, cfg->state_hook);
}

static const struct key app_global_keys[] = {
	{ .name = "idle_sleep",
	  UINT_KEY(struct app_config, idle_sleep_us, 0, APP_IDLE_SLEEP_MAX) },
	{ .name = "state_hook", .parse = parse_global_hook,
	  .what = "the absolute path of an executable" },
	{ .name = "hook_timeout",
	  UINT_KEY(struct app_config, hook_timeout, 1, APP_HOOK_TIMEOUT_MAX) },
	{ .name = "mbufs", .parse = parse_mbufs,
	  .what = "0 (automatic) or " RTE_STR(APP_MBUFS_MIN) "..4194304" },
	TRACK_KEYS,
};

unsigned int
config_global_keys(const struct key **keys)
{
	static struct key all[KNOB_MAX + RTE_DIM(app_global_keys)];
	unsigned int i;

	RTE_BUILD_BUG_ON(RTE_DIM(all) > KEYS_MAX);
	if (all[0].name == NULL) {
		for (i = 0; i < KNOB_MAX; i++) {
			all[i].name = knobs[i].name;
			all[i].parse = parse_knob;
			all[i].knob = &knobs[i];
		}
		memcpy(&all[KNOB_MAX], app_global_keys,
			sizeof(app_global_keys));
	}
	*keys = all;
	return RTE_DIM(all);
}

static const char *
describe(const struct key *k, char *buf, size_t size)
{
	if (k->what != NULL)
		return k->what;
	if (k->knob != NULL)
		snprintf(buf, size, "0..%u", knob_max(k->knob));
	else
		snprintf(buf, size, "%lld..%lld", k->min, k->max);
	return buf;
}

int
config_parse_section(struct ctx *c, int index, const struct key *keys,
		unsigned int nkeys, void *obj)
{
	struct rte_cfgfile_entry *e;
	char name[CFG_NAME_LEN], list[ERR_BUF], d[ERR_BUF];
	uint32_t seen = 0;
	unsigned int i, j;
	size_t n = 0;
	int ne, ret = -1;

	RTE_BUILD_BUG_ON(KEYS_MAX > 32);
	RTE_VERIFY(nkeys <= KEYS_MAX);
	ne = rte_cfgfile_section_num_entries_by_index(c->file, name, index);
	if (ne < 0)
		return config_fail(c, NULL, "cannot read the section");
	e = malloc(((size_t)ne + 1) * sizeof(*e));
	if (e == NULL)
		return config_fail(c, NULL, "out of memory");
	ne = rte_cfgfile_section_entries_by_index(c->file, index, name, e, ne);
	for (i = 0; ne > 0 && i < (unsigned int)ne; i++) {
		for (j = 0; j < nkeys; j++)
			if (strcmp(e[i].name, keys[j].name) == 0)
				break;
		if (j == nkeys) {
			for (j = 0; j < nkeys && n < sizeof(list); j++)
				n += snprintf(list + n, sizeof(list) - n,
					"%s%s", j > 0 ? ", " : "",
					keys[j].name);
			config_fail(c, e[i].name, "expected one of %s, got an "
				"unknown key%s", list, config_hint(e[i].name));
			goto out;
		}
		if ((seen & (UINT32_C(1) << j)) && !keys[j].repeats) {
			config_fail(c, e[i].name, "expected the key once, got "
				"it again");
			goto out;
		}
		seen |= UINT32_C(1) << j;
		if (e[i].value[0] == '\0') {
			config_fail(c, e[i].name, "expected %s, got an empty "
				"value", describe(&keys[j], d, sizeof(d)));
			goto out;
		}
		if (keys[j].parse(c, &keys[j], e[i].value, obj) != 0)
			goto out;
	}
	for (j = 0; j < nkeys; j++)
		if (keys[j].required && !(seen & (UINT32_C(1) << j))) {
			config_fail(c, keys[j].name, "expected %s, got nothing "
				"(the key is required)",
				describe(&keys[j], d, sizeof(d)));
			goto out;
		}
	ret = 0;
out:
	free(e);
	return ret;
}
