/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * A new configuration applied to a running dpdk-carp: read and checked on
 * the calling thread, applied on the control lcore in one request.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "carp_wire6.h"
#include "counters.h"
#include "knob.h"
#include "reload.h"
#include "request.h"
#include "track.h"

/* Why the ports of two configurations differ, or NULL if they do not. */
static const char *
ports_differ(const struct app_config *a, const struct app_config *b)
{
	unsigned int i;

	if (a->nports != b->nports)
		return "the number of [port...] sections";
	for (i = 0; i < a->nports; i++) {
		const struct app_port_conf *x = &a->port[i], *y = &b->port[i];

		if (strcmp(x->name, y->name) != 0)
			return "a port's name or order";
		if (strcmp(x->device, y->device) != 0)
			return "a port's device";
		if (x->parent != y->parent || x->vlan != y->vlan)
			return "a port's parent or VLAN";
		if (x->addr != y->addr || x->prefixlen != y->prefixlen)
			return "a port's address";
		if (x->prefixlen6 != y->prefixlen6 ||
		    (x->prefixlen6 != 0 &&
		     carp_in6_cmp(&x->addr6, &y->addr6) != 0))
			return "a port's IPv6 address";
		if (strcmp(x->host_iface, y->host_iface) != 0 ||
		    x->host_driver != y->host_driver)
			return "a port's kernel twin";
	}
	return NULL;
}

static const struct carp_vhost_conf *
conf_named(const struct app_config *c, const char *name)
{
	unsigned int i;

	for (i = 0; i < c->nvhosts; i++)
		if (strcmp(c->vhost[i].name, name) == 0)
			return &c->vhost[i];
	return NULL;
}

struct reload_counts {
	unsigned int created, changed, destroyed, same, knobs;
};

/*
 * On the control lcore. First the carp interfaces that go or move to
 * another port or vhid (they free their old vhid before anyone takes it),
 * then the ones changed in place, then the new and moved ones: every step
 * meets lib/carp's rules because the file as a whole does. A change of a
 * carp interface's addresses, IPv4 or IPv6, is one in place:
 * carp_vhost_update() applies the difference of each family, the ones gone
 * and the ones added.
 */
static int
apply(struct app *a, void *arg)
{
	const struct app_config *next = arg;
	const struct carp_vhost_conf *nc;
	struct reload_counts n = { 0 };
	struct carp_vhost *vh, *tmp;
	uint64_t now = app_now_ns();
	struct carp_err err;
	unsigned int i;
	char why[128];

	/* Knobs first: allow = 0 in the file must stop the vhosts before
	 * new ones start, and the reverse.
	 */
	for (i = 0; i < KNOB_MAX; i++) {
		const struct knob *k = &knobs[i];
		uint32_t v = *knob_conf((struct app_config *)(uintptr_t)next,
			k);

		if (knob_readonly(k) || knob_value(a, k) == v)
			continue;
		if (knob_set(a, k, v, why, sizeof(why)) != 0)
			APP_LOG(ERR, "reload: %s", why);
		else
			n.knobs++;
	}
	for (vh = TAILQ_FIRST(&a->carp->vhosts); vh != NULL; vh = tmp) {
		tmp = TAILQ_NEXT(vh, next);
		nc = conf_named(next, vh->conf.name);
		if (nc != NULL && nc->port == vh->conf.port &&
		    nc->vhid == vh->conf.vhid)
			continue;
		carp_vhost_destroy(a->carp, vh, now);
		if (nc == NULL)
			n.destroyed++;
	}
	TAILQ_FOREACH(vh, &a->carp->vhosts, next) {
		nc = conf_named(next, vh->conf.name);
		if (carp_vhost_conf_equal(nc, &vh->conf)) {
			n.same++;
			continue;
		}
		if (carp_vhost_update(a->carp, vh, nc, now, &err) != 0)
			APP_LOG(ERR, "reload: [%s]: %s", nc->name, err.msg);
		else
			n.changed++;
	}
	for (i = 0; i < next->nvhosts; i++) {
		nc = &next->vhost[i];
		if (carp_vhost_find(a->carp, nc->name) != NULL)
			continue;
		if (carp_vhost_create(a->carp, nc, now, &err) == NULL) {
			APP_LOG(ERR, "reload: [%s]: %s", nc->name, err.msg);
			continue;
		}
		n.created++;
	}
	/* Hooks, health checks, idle_sleep and the rest read it from here
	 * on; the health checks are stopped while it changes.
	 */
	app_config_free(&a->cfg);
	memcpy(&a->cfg, next, sizeof(a->cfg));
	/* What next held is a->cfg's now. */
	((struct app_config *)(uintptr_t)next)->nvhosts = 0;
	APP_LOG(NOTICE, "reload: %u carp interface(s) created, %u changed, "
		"%u destroyed, %u unchanged; %u knob(s) set", n.created,
		n.changed, n.destroyed, n.same, n.knobs);
	return 0;
}

int
reload_config(struct app *a)
{
	struct app_config *next = malloc(sizeof(*next));
	const char *why;
	char err[512];
	int ret = -1;

	if (next == NULL) {
		APP_LOG(ERR, "reload: out of memory: nothing changed");
		return -1;
	}
	if (app_config_load(a->cfg.path, next, err, sizeof(err)) != 0) {
		APP_LOG(ERR, "reload: %s: nothing changed", err);
		goto out;
	}
	why = ports_differ(&a->cfg, next);
	if (why != NULL) {
		APP_LOG(ERR, "reload: the file changes %s, which needs a "
			"restart: nothing changed", why);
		goto out;
	}
	if (next->mbufs != a->cfg.mbufs)
		APP_LOG(NOTICE, "reload: mbufs takes effect at the next start");
	track_stop(a, true);
	ret = control_call(a, apply, next);
	if (ret != 0)
		APP_LOG(ERR, "reload: the control lcore did not apply it: %s",
			strerror(-ret));
	if (track_init(a) != 0)
		APP_LOG(ERR, "reload: cannot start the health checks");
out:
	app_config_free(next);
	free(next);
	return ret == 0 ? 0 : -1;
}

/* On the control lcore: the states and counters, in the log. */
static int
report(struct app *a, void *arg)
{
	struct counter_text text = { .lead = true };
	const struct carp_vhost *vh;
	struct arpbal_stats st;
	char *buf = NULL;
	size_t len = 0;

	RTE_SET_USED(arg);
	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		STATE_LOG(NOTICE, "%s vhid %u: %s", vh->conf.name,
			vh->conf.vhid, carp_state_name(vh->fsm.state));
	text.f = open_memstream(&buf, &len);
	if (text.f == NULL)
		return -ENOMEM;
	counters_carp(&a->carp->stats, false, counter_text, &text);
	fputs(";", text.f);
	counters_workers(a, counter_text, &text);
	fputs(";", text.f);
	arpbal_stats_get(a->ab, NULL, &st);
	counters_arpbal(&st, counter_text, &text);
	fclose(text.f);
	APP_LOG(NOTICE, "counters:%s", buf);
	free(buf);
	return 0;
}

void
reload_report(struct app *a)
{
	control_call(a, report, NULL);
}
