/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The configuration file, checked in three layers before anything uses it:
 *
 *  1. a line-by-line syntax check of our own. rte_cfgfile reports its
 *     errors only to the log, and it silently skips a line without '=':
 *     "advskew 100" would leave a backup host with advskew 0. This check
 *     follows rte_cfgfile's own rules (comments, line length) so that a
 *     file it passes is read by rte_cfgfile exactly as it was checked.
 *  2. rte_cfgfile, which splits the file into sections and entries.
 *  3. the key tables (config_keys.c), then lib/carp itself: every port
 *     and vhost is added to a scratch carp_table, so that the file is held
 *     to the same rules as a change made at run time.
 *
 * This file reads the sections in order and asks lib/carp; layer 1 is
 * config_syntax.c.
 */

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cfgfile.h>
#include <rte_common.h>
#include <rte_pci.h>

#include "carp_sysctl.h"
#include "carp_vhost.h"
#include "config_private.h"

enum kind {
	KIND_GLOBAL,
	KIND_PORT,
	KIND_CARP,
	KIND_UNKNOWN,
};

static enum kind
classify(const char *name)
{
	if (strcmp(name, "global") == 0)
		return KIND_GLOBAL;
	if (strncmp(name, "port", 4) == 0)
		return KIND_PORT;
	if (strncmp(name, CARP_NAME_PREFIX, strlen(CARP_NAME_PREFIX)) == 0)
		return KIND_CARP;
	return KIND_UNKNOWN;
}

/*
 * Ports first, so that a [carpN] may come before the [portN] it names;
 * every section name is checked in the first pass.
 */
static int
read_sections(struct ctx *c)
{
	char name[CFG_NAME_LEN];
	const struct key *keys;
	unsigned int ncarp = 0, nkeys;
	bool global = false;
	int i, n;

	n = rte_cfgfile_num_sections(c->file, NULL, 0);
	for (i = 0; i < n; i++) {
		if (rte_cfgfile_section_num_entries_by_index(c->file, name,
		    i) < 0)
			return config_fail(c, NULL, "cannot read section %d", i);
		c->sect = name;
		switch (classify(name)) {
		case KIND_GLOBAL:
			if (global)
				return config_fail(c, NULL, "expected each section "
					"once, got [global] again");
			global = true;
			nkeys = config_global_keys(&keys);
			if (config_parse_section(c, i, keys, nkeys,
			    c->cfg) != 0 || config_track_check(c, &c->cfg->track) != 0)
				return -1;
			break;
		case KIND_PORT:
			if (config_read_port(c, i, name) != 0)
				return -1;
			break;
		case KIND_CARP:
			if (strlen(name) >= CARP_NAME_MAX)
				return config_fail(c, NULL, "expected a carp "
					"interface name of at most %u "
					"characters, got %zu",
					CARP_NAME_MAX - 1, strlen(name));
			if (++ncarp > APP_MAX_VHOSTS)
				return config_fail(c, NULL, "expected at most %u "
					"[carp...] sections, got more",
					APP_MAX_VHOSTS);
			break;
		default:
			return config_fail(c, NULL, "expected [global], [port...] or "
				"[carp...], got an unknown section");
		}
	}
	c->sect = NULL;
	if (config_check_ports(c) != 0)
		return -1;
	if (c->cfg->nports == 0 && ncarp == 0)
		return config_fail(c, NULL, "expected [port...] and [carp...] "
			"sections, got none: nothing to do");
	for (i = 0; i < n; i++) {
		rte_cfgfile_section_num_entries_by_index(c->file, name, i);
		c->sect = name;
		if (classify(name) == KIND_CARP && config_read_vhost(c, i, name) != 0)
			return -1;
	}
	c->sect = NULL;
	return 0;
}

/*
 * Layer 3, last step: the rules of lib/carp. The scratch table's ports
 * stay link-down, so nothing is sent and no timer is wanted.
 */
static int
check_with_carp(struct ctx *c)
{
	const struct app_config *cfg = c->cfg;
	const struct carp_vhost_conf *conf;
	struct carp_table *t;
	struct carp_err why;
	char note[CFG_NAME_LEN + 32];
	unsigned int i;
	int ret = 0;

	t = carp_table_create(NULL, NULL);
	if (t == NULL)
		return config_fail(c, NULL, "cannot check: %s",
			strerror(ENOMEM));
	/* The link-local address comes from the device's MAC, unknown
	 * yet; no check needs it.
	 */
	for (i = 0; ret == 0 && i < cfg->nports; i++)
		if ((cfg->port[i].prefixlen != 0 &&
		     carp_port_add(t, (uint16_t)i, cfg->port[i].addr,
		     cfg->port[i].prefixlen, &why) != 0) ||
		    (cfg->port[i].prefixlen6 != 0 &&
		     carp_port_add6(t, (uint16_t)i, NULL, &cfg->port[i].addr6,
		     cfg->port[i].prefixlen6, &why) != 0)) {
			c->sect = cfg->port[i].name;
			ret = config_fail(c, "address", "%s", why.msg);
		}
	for (i = 0; ret == 0 && i < cfg->nvhosts; i++) {
		conf = &cfg->vhost[i];
		if (carp_vhost_create(t, conf, 0, &why) != NULL)
			continue;
		c->sect = conf->name;
		/* The library numbers ports; the file names them. */
		note[0] = '\0';
		if (why.field == CARP_FIELD_PORT ||
		    why.field == CARP_FIELD_VHID ||
		    why.field == CARP_FIELD_ADDRESS)
			snprintf(note, sizeof(note), " (port %u is [%s])",
				conf->port, cfg->port[conf->port].name);
		ret = config_fail(c, config_carp_key(why.field), "%s%s",
			why.msg, note);
	}
	carp_table_free(t);
	c->sect = NULL;
	return ret;
}

int
app_config_load(const char *path, struct app_config *cfg, char *err,
		size_t errlen)
{
	struct ctx c = {
		.path = path != NULL ? path : "(null)",
		.err = err,
		.errlen = errlen,
		.cfg = cfg,
	};
	int ret;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (path == NULL || cfg == NULL)
		return config_fail(&c, NULL, "no configuration to read");
	memset(cfg, 0, sizeof(*cfg));
	if (strlen(path) >= sizeof(cfg->path))
		return config_fail(&c, NULL, "expected a path of at most %zu "
			"characters", sizeof(cfg->path) - 1);
	strcpy(cfg->path, path);
	carp_sysctl_defaults(&cfg->sysctl);
	cfg->idle_sleep_us = APP_IDLE_SLEEP_DEFAULT;
	cfg->hook_timeout = APP_HOOK_TIMEOUT_DEFAULT;
	config_track_defaults(&cfg->track);

	if (config_check_syntax(&c) != 0)
		return -1;
	/* Empty values are let through to be refused below, with the
	 * section and key named.
	 */
	c.file = rte_cfgfile_load(path, CFG_FLAG_EMPTY_VALUES);
	if (c.file == NULL)
		return config_fail(&c, NULL, "cannot read it as INI (%s)",
			strerror(errno != 0 ? errno : EINVAL));
	ret = read_sections(&c);
	if (ret == 0)
		ret = check_with_carp(&c);
	rte_cfgfile_close(c.file);
	if (ret != 0)
		app_config_free(cfg);
	return ret;
}

void
app_config_free(struct app_config *cfg)
{
	unsigned int i;

	for (i = 0; i < cfg->nvhosts; i++)
		carp_vhost_conf_release(&cfg->vhost[i]);
	cfg->nvhosts = 0;
}

const char *
app_config_hook(const struct app_config *cfg, const char *name)
{
	unsigned int i;

	for (i = 0; i < cfg->nvhosts; i++)
		if (strcmp(cfg->vhost[i].name, name) == 0 &&
		    cfg->vhost_hook[i][0] != '\0')
			return cfg->vhost_hook[i];
	return cfg->state_hook;
}

const struct app_track_conf *
app_config_track(const struct app_config *cfg, unsigned int i)
{
	return i < cfg->nvhosts && cfg->vhost_track[i].path[0] != '\0' ?
		&cfg->vhost_track[i] : NULL;
}
