/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The health checks' thread, and what a demotion does on the control
 * lcore.
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "request.h"
#include "child.h"
#include "track.h"

/* How often the thread looks at its checks. */
#define TRACK_TICK_NS	(50 * 1000 * 1000ULL)

struct check {
	const struct app_track_conf *conf;
	char vhost[CARP_NAME_MAX];	/* "" for [global] track: all */
	pid_t pid;			/* running, or 0 */
	uint64_t deadline;		/* of the run going on */
	uint64_t next;			/* when to run next */
	unsigned int fails, oks;	/* in a row */
	bool failing;			/* demoting */
	uint64_t runs, failures;
};

/* A failing check carried over a reload. */
struct kept {
	char vhost[CARP_NAME_MAX];
	char path[APP_HOOK_MAX];
};

static struct {
	struct check *c;
	unsigned int n;
	struct kept *kept;		/* failing before a reload */
	unsigned int nkept;
	pthread_t thread;
	bool started;
	volatile bool quit;
	/* The control lcore's. */
	unsigned int maintenance;
	unsigned int failing;
} tr;

/*
 * On the control lcore: where preempt is off a demotion alone moves
 * nothing, so the MASTERs the demotion covers step down, bowing out, and
 * the peer takes over at once.
 */
static void
yield(struct app *a, const char *vhost)
{
	struct carp_vhost *vh;
	uint64_t now = app_now_ns();

	if (a->carp->sysctl.v[CARP_KNOB_PREEMPT] != 0)
		return;
	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		if ((vhost[0] == '\0' || strcmp(vh->conf.name, vhost) == 0) &&
		    vh->fsm.state == CARP_STATE_MASTER)
			carp_vhost_force(a->carp, vh, CARP_STATE_BACKUP, now,
				NULL);
}

/* On the control lcore: a check starts or stops demoting. */
static int
report(struct app *a, void *arg)
{
	struct check *c = arg;

	carp_demote(a->carp, c->failing ? 1 : -1, app_now_ns());
	if (c->failing)
		tr.failing++;
	else
		tr.failing--;
	STATE_LOG(NOTICE, "track %s for %s: %s", c->conf->path,
		c->vhost[0] != '\0' ? c->vhost : "every carp interface",
		c->failing ? "failing: demoted" : "passing again: undemoted");
	if (c->failing)
		yield(a, c->vhost);
	return 0;
}

int
track_maintenance(struct app *a, bool on)
{
	if (on == (tr.maintenance != 0))
		return -EALREADY;
	tr.maintenance = on;
	carp_demote(a->carp, on ? 1 : -1, app_now_ns());
	STATE_LOG(NOTICE, "maintenance %s", on ? "begins: demoted" :
		"ends: undemoted");
	if (on)
		yield(a, "");
	return 0;
}

/* A run ended: count it; tell the control lcore when the verdict turns. */
static void
result(struct app *a, struct check *c, bool ok)
{
	c->runs++;
	if (ok) {
		c->oks++;
		c->fails = 0;
	} else {
		c->failures++;
		c->fails++;
		c->oks = 0;
	}
	if ((!c->failing && c->fails >= c->conf->fall) ||
	    (c->failing && c->oks >= c->conf->rise)) {
		c->failing = !c->failing;
		if (control_call(a, report, c) != 0)
			c->failing = !c->failing;	/* stopping: no matter */
	}
}

static void
tick(struct app *a, struct check *c, uint64_t now)
{
	char *argv[3];
	enum child_end end;
	int status;

	if (c->pid != 0) {
		end = child_check(c->pid, now, c->deadline, &status);
		if (end == CHILD_RUNNING)
			return;
		c->pid = 0;
		result(a, c, end == CHILD_OK);
	}
	if (now < c->next)
		return;
	c->next = now + c->conf->interval * CARP_NSEC_PER_SEC;
	/* The check is told what it stands for: carpN, or "global". */
	argv[0] = (char *)(uintptr_t)c->conf->path;
	argv[1] = c->vhost[0] != '\0' ? c->vhost : (char *)(uintptr_t)"global";
	argv[2] = NULL;
	if (child_spawn(argv, &c->pid) != 0) {
		c->pid = 0;
		result(a, c, false);
		return;
	}
	c->deadline = now + c->conf->interval * CARP_NSEC_PER_SEC;
}

static void *
track_main(void *arg)
{
	struct timespec pause = { 0, TRACK_TICK_NS };
	struct app *a = arg;
	unsigned int i;
	int status;

	while (!tr.quit) {
		for (i = 0; i < tr.n && !tr.quit; i++)
			tick(a, &tr.c[i], app_now_ns());
		nanosleep(&pause, NULL);
	}
	for (i = 0; i < tr.n; i++)
		if (tr.c[i].pid != 0)
			child_check(tr.c[i].pid, 1, 0, &status);
	return NULL;
}

/* On the control lcore: the demotion of a check gone in a reload ends. */
static int
undemote(struct app *a, void *arg)
{
	RTE_SET_USED(arg);
	carp_demote(a->carp, -1, app_now_ns());
	tr.failing--;
	return 0;
}

/* A check that was failing before the reload is failing still. */
static bool
was_failing(const struct check *c)
{
	unsigned int i;

	for (i = 0; i < tr.nkept; i++)
		if (strcmp(tr.kept[i].vhost, c->vhost) == 0 &&
		    strcmp(tr.kept[i].path, c->conf->path) == 0) {
			tr.kept[i].path[0] = '\0';	/* taken */
			return true;
		}
	return false;
}

int
track_init(struct app *a)
{
	const struct app_config *cfg = &a->cfg;
	const struct app_track_conf *t;
	unsigned int i;
	int ret;

	tr.c = calloc(cfg->nvhosts + 1, sizeof(*tr.c));
	if (tr.c == NULL)
		return -ENOMEM;
	if (cfg->track.path[0] != '\0')
		tr.c[tr.n++].conf = &cfg->track;
	for (i = 0; i < cfg->nvhosts; i++) {
		t = app_config_track(cfg, i);
		if (t == NULL)
			continue;
		tr.c[tr.n].conf = t;
		snprintf(tr.c[tr.n++].vhost, CARP_NAME_MAX, "%s",
			cfg->vhost[i].name);
	}
	for (i = 0; i < tr.n; i++)
		if (was_failing(&tr.c[i])) {
			tr.c[i].failing = true;
			tr.c[i].fails = tr.c[i].conf->fall;
		}
	for (i = 0; i < tr.nkept; i++)
		if (tr.kept[i].path[0] != '\0')
			control_call(a, undemote, NULL);
	free(tr.kept);
	tr.kept = NULL;
	tr.nkept = 0;
	if (tr.n == 0)
		return 0;
	ret = app_thread_create(&tr.thread, "carp-track", track_main, a);
	tr.started = ret == 0;
	return ret;
}

void
track_stop(struct app *a, bool reload)
{
	unsigned int i;

	if (tr.started) {
		tr.quit = true;
		pthread_join(tr.thread, NULL);
		tr.started = false;
		tr.quit = false;
	}
	if (reload && tr.n > 0) {
		tr.kept = calloc(tr.n, sizeof(*tr.kept));
		if (tr.kept == NULL)	/* carried over none: undo them all */
			for (i = 0; i < tr.n; i++)
				if (tr.c[i].failing)
					control_call(a, undemote, NULL);
		for (i = 0; tr.kept != NULL && i < tr.n; i++) {
			if (!tr.c[i].failing)
				continue;
			snprintf(tr.kept[tr.nkept].vhost, CARP_NAME_MAX, "%s",
				tr.c[i].vhost);
			snprintf(tr.kept[tr.nkept++].path, APP_HOOK_MAX, "%s",
				tr.c[i].conf->path);
		}
	}
	free(tr.c);
	tr.c = NULL;
	tr.n = 0;
}

bool
track_describe(const struct app *a, const char *name, char *buf, size_t len)
{
	const struct check *own = NULL, *global = NULL, *c;
	unsigned int i;

	RTE_SET_USED(a);
	for (i = 0; i < tr.n; i++) {
		if (tr.c[i].vhost[0] == '\0')
			global = &tr.c[i];
		else if (strcmp(tr.c[i].vhost, name) == 0)
			own = &tr.c[i];
	}
	c = own != NULL ? own : global;
	if (c == NULL)
		return false;
	snprintf(buf, len, "track %s: %s (%lu runs, %lu failed)",
		c->conf->path, c->failing ? "failing" : "ok",
		(unsigned long)c->runs, (unsigned long)c->failures);
	return true;
}

void
track_demotions(const struct app *a, unsigned int *maintenance,
		unsigned int *failing)
{
	RTE_SET_USED(a);
	*maintenance = tr.maintenance;
	*failing = tr.failing;
}
