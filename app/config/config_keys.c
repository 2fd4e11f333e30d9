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

static int
parse_uint(struct ctx *c, const struct key *k, const char *val, void *obj)
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

static int
parse_device(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	struct app_port_conf *p = obj;
	char q[QUOTE_BUF];
	const char *s;

	for (s = val; *s != '\0'; s++)
		if (!isgraph((unsigned char)*s))
			return config_fail(c, k->name, "expected %s, without spaces, "
				"got %s%s", k->what, config_quote(val, q), config_hint(val));
	if (strlen(val) >= sizeof(p->device))
		return config_fail(c, k->name, "expected at most %zu characters, "
			"got %zu", sizeof(p->device) - 1, strlen(val));
	strcpy(p->device, val);
	return 0;
}

static int
parse_port_addr(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	struct app_port_conf *p = obj;
	char q[QUOTE_BUF];
	int r = parse_cidr(val, strlen(val), &p->addr, &p->prefixlen);

	if (r == -2)
		return config_fail(c, k->name, "expected a prefix length 1..32 after "
			"'/', got %s", config_quote(val, q));
	if (r != 0)
		return config_fail(c, k->name, "expected %s, got %s%s", k->what,
			config_quote(val, q), config_hint(val));
	if (p->prefixlen == 0)
		return config_fail(c, k->name, "expected %s (give the prefix length: "
			"it says which addresses are on the segment), got %s",
			k->what, config_quote(val, q));
	if (!parse_unicast(p->addr))
		return config_fail(c, k->name, "expected a unicast host address, "
			"got %s", config_quote(val, q));
	return 0;
}

static int
parse_pass(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	struct carp_vhost_conf *conf = obj;
	char why[ERR_BUF];

	if (carp_pass_check(val, why, sizeof(why)) != 0)
		return config_fail(c, k->name, "%s", why);
	strcpy(conf->pass, val);
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
static int
check_hook(struct ctx *c, const struct key *k, const char *val, char *out)
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

static int
parse_track(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	return check_hook(c, k, val, track_of(c, obj)->path);
}

/* track_interval, track_fall, track_rise: k->off is the field's offset in
 * struct app_track_conf.
 */
static int
parse_track_num(struct ctx *c, const struct key *k, const char *val,
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

/* A Linux interface name that is no other port's device or twin. */
static int
parse_host_iface(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	struct app_port_conf *p = obj;
	char q[QUOTE_BUF];
	size_t n = strlen(val);
	unsigned int i;

	if (n >= sizeof(p->host_iface) || strcmp(val, ".") == 0 ||
	    strcmp(val, "..") == 0 ||
	    strspn(val, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789_.-") != n)
		return config_fail(c, k->name, "expected %s, got %s", k->what,
			config_quote(val, q));
	for (i = 0; i < c->cfg->nports; i++)
		if (strcmp(c->cfg->port[i].host_iface, val) == 0)
			return config_fail(c, k->name, "expected a name no other "
				"port uses, got %s, [%s]'s twin",
				config_quote(val, q), c->cfg->port[i].name);
	strcpy(p->host_iface, val);
	return 0;
}

static int
parse_host_driver(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	struct app_port_conf *p = obj;
	char q[QUOTE_BUF];

	if (strcmp(val, "auto") == 0)
		p->host_driver = APP_HOST_AUTO;
	else if (strcmp(val, "tap") == 0)
		p->host_driver = APP_HOST_TAP;
	else if (strcmp(val, "virtio") == 0)
		p->host_driver = APP_HOST_VIRTIO;
	else
		return config_fail(c, k->name, "expected %s, got %s", k->what,
			config_quote(val, q));
	if (p->host_driver == APP_HOST_VIRTIO &&
	    access(APP_VHOST_NET, R_OK | W_OK) != 0)
		return config_fail(c, k->name, "expected a driver this kernel "
			"offers, got virtio, which needs " APP_VHOST_NET ": %s "
			"(use tap, or auto)", strerror(errno));
	return 0;
}

static int
parse_global_hook(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	struct app_config *cfg = obj;

	return check_hook(c, k, val, cfg->state_hook);
}

/* obj is the vhost's carp_vhost_conf; its hook lives beside it in cfg. */
static int
parse_vhost_hook(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	RTE_SET_USED(obj);
	return check_hook(c, k, val, c->cfg->vhost_hook[c->cfg->nvhosts]);
}

int
app_config_port_index(const struct app_config *cfg, const char *name)
{
	unsigned int i;

	for (i = 0; i < cfg->nports; i++)
		if (strcmp(cfg->port[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
parse_vhost_port(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	struct carp_vhost_conf *conf = obj;
	char names[ERR_BUF] = "", q[QUOTE_BUF];
	int i = app_config_port_index(c->cfg, val);
	size_t n = 0;
	unsigned int j;

	if (i >= 0) {
		conf->port = (uint16_t)i;
		return 0;
	}
	for (j = 0; j < c->cfg->nports && n < sizeof(names); j++)
		n += snprintf(names + n, sizeof(names) - n, "%s%s",
			j > 0 ? ", " : "", c->cfg->port[j].name);
	return config_fail(c, k->name, "expected %s (%s), got %s", k->what,
		c->cfg->nports > 0 ? names : "the file has none",
		config_quote(val, q));
}

/* The most addresses one range may give. */
#define RANGE_MAX	(1u << 20)

/* One token of an address list: A.B.C.D[/LEN] or A.B.C.D-E.F.G.H[/LEN]. */
static int
parse_addr_token(struct ctx *c, const struct key *k, const char *s,
		size_t len, struct carp_vhost_conf *conf)
{
	const char *dash = memchr(s, '-', len);
	char q[QUOTE_BUF], tok[QUOTE_BUF];
	rte_be32_t first, last;
	uint8_t plen, none;
	uint32_t h, end;
	int r;

	snprintf(tok, sizeof(tok), "%.*s", (int)RTE_MIN(len,
		(size_t)QUOTE_MAX), s);
	if (dash == NULL) {
		r = parse_cidr(s, len, &first, &plen);
		last = first;
	} else {
		r = parse_cidr(s, (size_t)(dash - s), &first, &none);
		if (r == 0 && none != 0)
			r = -1;
		if (r == 0)
			r = parse_cidr(dash + 1, len - (size_t)(dash - s) - 1,
				&last, &plen);
	}
	if (r == -2)
		return config_fail(c, k->name, "expected a prefix length "
			"1..32 after '/', got %s", config_quote(tok, q));
	if (r != 0)
		return config_fail(c, k->name, "expected %s, got %s%s", k->what,
			config_quote(tok, q), config_hint(s));
	h = rte_be_to_cpu_32(first);
	end = rte_be_to_cpu_32(last);
	if (end < h || end - h >= RANGE_MAX)
		return config_fail(c, k->name, "expected a range from a lower "
			"to a higher address, at most %u of them, got %s",
			RANGE_MAX, config_quote(tok, q));
	for (;; h++) {
		if (carp_vhost_conf_addr_add(conf, rte_cpu_to_be_32(h),
				plen) != 0)
			return config_fail(c, k->name, "out of memory");
		if (h == end)
			break;
	}
	return 0;
}

/* Addresses accumulate over every address key of the section. */
static int
parse_vhost_addrs(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	static const char sep[] = " \t,";
	struct carp_vhost_conf *conf = obj;
	unsigned int before = conf->naddrs;
	const char *s = val;
	char q[QUOTE_BUF];
	size_t len;

	for (s += strspn(s, sep); *s != '\0'; s += strspn(s, sep)) {
		len = strcspn(s, sep);
		if (parse_addr_token(c, k, s, len, conf) != 0)
			return -1;
		s += len;
	}
	if (conf->naddrs == before)
		return config_fail(c, k->name, "expected %s, got %s%s", k->what,
			config_quote(val, q), config_hint(val));
	return 0;
}

#define UINT_KEY(type, field, lo, hi)					\
	.parse = parse_uint, .off = offsetof(type, field),		\
	.size = sizeof(((type *)NULL)->field), .min = (lo), .max = (hi)

#define TRACK_KEYS							\
	{ .name = "track", .parse = parse_track,			\
	  .what = "the absolute path of an executable" },		\
	{ .name = "track_interval", .parse = parse_track_num,		\
	  .off = offsetof(struct app_track_conf, interval),		\
	  .min = 1, .max = APP_TRACK_INTERVAL_MAX },			\
	{ .name = "track_fall", .parse = parse_track_num,		\
	  .off = offsetof(struct app_track_conf, fall),			\
	  .min = 1, .max = APP_TRACK_COUNT_MAX },			\
	{ .name = "track_rise", .parse = parse_track_num,		\
	  .off = offsetof(struct app_track_conf, rise),			\
	  .min = 1, .max = APP_TRACK_COUNT_MAX }

/* [global], after the knobs: how the lcores wait, hooks, buffers. */
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

/* [portN]: a device and this host's own address on its segment. */
const struct key config_port_keys[] = {
	{ .name = "device", .parse = parse_device, .required = true,
	  .what = "a PCI address such as 0000:01:00.0 or a virtual device "
		"such as net_tap0,iface=dcarp0" },
	{ .name = "address", .parse = parse_port_addr, .required = true,
	  .what = "this host's IPv4 address/prefix on the segment, such as "
		"192.168.77.2/24" },
	{ .name = "host_iface", .parse = parse_host_iface,
	  .what = "a Linux interface name of 1..15 letters, digits, '_', "
		"'.' or '-'" },
	{ .name = "host_driver", .parse = parse_host_driver,
	  .what = "auto, virtio or tap" },
};

/* [carpN]: one carp interface, the parameters of ifconfig carpN. */
const struct key config_carp_keys[] = {
	{ .name = "port", .parse = parse_vhost_port, .required = true,
	  .what = "the name of a [port...] section" },
	{ .name = "vhid", .required = true,
	  UINT_KEY(struct carp_vhost_conf, vhid, CARP_VHID_MIN,
		CARP_VHID_MAX) },
	{ .name = "advbase",
	  UINT_KEY(struct carp_vhost_conf, advbase, 0, CARP_ADVBASE_MAX) },
	{ .name = "advskew",
	  UINT_KEY(struct carp_vhost_conf, advskew, 0, CARP_ADVSKEW_MAX) },
	{ .name = "pass", .parse = parse_pass,
	  .what = "a password of at most " RTE_STR(CARP_PASS_MAX)
		" characters" },
	{ .name = "address", .parse = parse_vhost_addrs, .required = true,
	  .repeats = true,
	  .what = "one or more IPv4 addresses or first-last ranges, each "
		"with an optional /prefix, such as 192.168.77.1/24 or "
		"192.168.77.10-192.168.77.99/24" },
	{ .name = "state_hook", .parse = parse_vhost_hook,
	  .what = "the absolute path of an executable" },
	TRACK_KEYS,
};

const unsigned int config_nport_keys = RTE_DIM(config_port_keys);
const unsigned int config_ncarp_keys = RTE_DIM(config_carp_keys);

const char *
config_carp_key(enum carp_field f)
{
	static const char * const key[] = {
		[CARP_FIELD_PORT] = "port",
		[CARP_FIELD_VHID] = "vhid",
		[CARP_FIELD_ADVBASE] = "advbase",
		[CARP_FIELD_ADVSKEW] = "advskew",
		[CARP_FIELD_PASS] = "pass",
		[CARP_FIELD_ADDRESS] = "address",
	};

	return (unsigned int)f < RTE_DIM(key) ? key[f] : NULL;
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
