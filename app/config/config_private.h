/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_CONFIG_PRIVATE_H
#define APP_CONFIG_PRIVATE_H

/*
 * What the parts of the configuration reader share: the reading context,
 * the key tables' shape, and the messages that name file, section and key.
 */

#include <stdbool.h>
#include <stddef.h>

#include <rte_cfgfile.h>
#include <rte_common.h>

#include "config.h"

/* Longest piece of the file quoted in a message. */
#define QUOTE_MAX	48
#define QUOTE_BUF	(QUOTE_MAX + 8)

#define ERR_BUF		256

struct ctx {
	const char *path;
	char *err;
	size_t errlen;
	struct app_config *cfg;
	struct rte_cfgfile *file;
	const char *sect;	/**< section being read, for messages */
	unsigned int line;	/**< line being checked, for messages */
	char cur[CFG_NAME_LEN];	/**< section of that line */
};

struct knob;

struct key {
	const char *name;
	int (*parse)(struct ctx *c, const struct key *k, const char *val,
			void *obj);
	size_t off;		/**< field of obj, for config_parse_uint */
	size_t size;
	long long min;
	long long max;
	bool required;
	bool repeats;		/**< may be given more than once */
	const char *what;	/**< what a value looks like, for messages */
	const struct knob *knob;	/**< the knob it sets, if one */
};

/** Text from the file, made fit for a message: printable and short. */
void config_clean(const char *s, char *buf, size_t size, size_t max);

/** s quoted for a message, cut to QUOTE_MAX characters. */
const char *config_quote(const char *s, char buf[QUOTE_BUF]);

/** A hint for a value with '#' in it: comments start with ';'. */
const char *config_hint(const char *val);

/**
 * Write "FILE: [section] key: " or the part of it that applies, then the
 * message. @return -1, for "return config_fail(...)".
 */
int config_fail(struct ctx *c, const char *key, const char *fmt, ...)
	__rte_format_printf(3, 4);

/** Layer 1: the file's syntax, line by line. @return 0 or -1. */
int config_check_syntax(struct ctx *c);

/** Read the entries of section index against keys into obj. */
int config_parse_section(struct ctx *c, int index, const struct key *keys,
		unsigned int nkeys, void *obj);

/* A numeric key: parse_uint into obj's field. */
#define UINT_KEY(type, field, lo, hi)					\
	.parse = config_parse_uint, .off = offsetof(type, field),		\
	.size = sizeof(((type *)NULL)->field), .min = (lo), .max = (hi)

#define TRACK_KEYS							\
	{ .name = "track", .parse = config_parse_track,			\
	  .what = "the absolute path of an executable" },		\
	{ .name = "track_interval", .parse = config_parse_track_num,		\
	  .off = offsetof(struct app_track_conf, interval),		\
	  .min = 1, .max = APP_TRACK_INTERVAL_MAX },			\
	{ .name = "track_fall", .parse = config_parse_track_num,		\
	  .off = offsetof(struct app_track_conf, fall),			\
	  .min = 1, .max = APP_TRACK_COUNT_MAX },			\
	{ .name = "track_rise", .parse = config_parse_track_num,		\
	  .off = offsetof(struct app_track_conf, rise),			\
	  .min = 1, .max = APP_TRACK_COUNT_MAX }

/* [global], after the knobs: how the lcores wait, hooks, buffers. */

/** A number in [k->min, k->max] into the field k->off of obj. */
int config_parse_uint(struct ctx *c, const struct key *k, const char *val,
		void *obj);

/** An executable to run: an absolute path to a regular file it may run,
 *  copied into out (APP_HOOK_MAX). */
int config_check_hook(struct ctx *c, const struct key *k, const char *val,
		char *out);

/** track and its numbers, of [global] or of the [carpN] being read. */
int config_parse_track(struct ctx *c, const struct key *k, const char *val,
		void *obj);
int config_parse_track_num(struct ctx *c, const struct key *k,
		const char *val, void *obj);
void config_track_defaults(struct app_track_conf *t);
int config_track_check(struct ctx *c, const struct app_track_conf *t);

/** Read section index, a [port...] or a [carp...] named name. */
int config_read_port(struct ctx *c, int index, const char *name);
/** The rules between ports, once they are all read. @return 0 or -1. */
int config_check_ports(struct ctx *c);
int config_read_vhost(struct ctx *c, int index, const char *name);

/** The key tables of each kind of section. */
extern const struct key config_port_keys[];
extern const unsigned int config_nport_keys;
extern const struct key config_carp_keys[];
extern const unsigned int config_ncarp_keys;

/** The [global] keys: one per knob, then the application's own. */
unsigned int config_global_keys(const struct key **keys);

/** The [carpN] key a field of lib/carp's refusals is about, or NULL. */
const char *config_carp_key(enum carp_field f);

#endif /* APP_CONFIG_PRIVATE_H */
