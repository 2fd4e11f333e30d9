/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * State hooks: jobs queued by the control lcore, run one at a time by a
 * thread of their own, each within its time limit.
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/wait.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_ring.h>

#include "app.h"
#include "hook.h"
#include "child.h"

#define HOOK_QUEUE	256
/* Addresses a hook is given at most: a command line has its limits, and
 * a carp interface may have tens of thousands (the rest: /carp/vhost).
 */
#define HOOK_ADDRS	64
#define HOOK_ARGS	(5 + HOOK_ADDRS)
#define HOOK_ARG_LEN	(INET6_ADDRSTRLEN + 8)	/* an address/prefix */

/* One run of a hook, self-contained: the thread owns and frees it. */
struct hook_job {
	char path[APP_HOOK_MAX];
	char arg[HOOK_ARGS][HOOK_ARG_LEN];
	unsigned int nargs;
};

static struct rte_ring *hook_ring;
static pthread_t hook_thread;
static bool hook_running;
static volatile bool hook_quit;

/* Run a hook and wait for it, at most timeout seconds. */
static void
hook_run(const struct hook_job *j, uint32_t timeout)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	char *argv[HOOK_ARGS + 2];
	enum child_end end;
	uint64_t deadline;
	unsigned int i;
	int ret, status = 0;
	pid_t pid;

	argv[0] = (char *)(uintptr_t)j->path;
	for (i = 0; i < j->nargs; i++)
		argv[i + 1] = (char *)(uintptr_t)j->arg[i];
	argv[i + 1] = NULL;
	ret = child_spawn(argv, &pid);
	if (ret != 0) {
		STATE_LOG(WARNING, "hook %s: cannot run: %s", j->path,
			strerror(-ret));
		return;
	}
	deadline = app_now_ns() + timeout * CARP_NSEC_PER_SEC;
	while ((end = child_check(pid, app_now_ns(), deadline, &status)) ==
	    CHILD_RUNNING)
		nanosleep(&pause, NULL);
	if (end == CHILD_KILLED)
		STATE_LOG(WARNING, "hook %s %s %s -> %s: killed after %u s",
			j->path, j->arg[0], j->arg[2], j->arg[3], timeout);
	else if (end == CHILD_FAILED && WIFEXITED(status))
		STATE_LOG(WARNING, "hook %s %s %s -> %s: exit status %d",
			j->path, j->arg[0], j->arg[2], j->arg[3],
			WEXITSTATUS(status));
	else if (end == CHILD_FAILED && WIFSIGNALED(status))
		STATE_LOG(WARNING, "hook %s: killed by signal %d", j->path,
			WTERMSIG(status));
}

static void *
hook_main(void *arg)
{
	struct app *a = arg;
	struct timespec pause = { 0, 5 * 1000 * 1000 };
	struct hook_job *j;

	for (;;) {
		if (rte_ring_dequeue(hook_ring, (void **)&j) != 0) {
			if (hook_quit)
				break;
			nanosleep(&pause, NULL);
			continue;
		}
		hook_run(j, a->cfg.hook_timeout);
		free(j);
	}
	return NULL;
}

int
hook_init(struct app *a)
{
	int ret;

	hook_ring = rte_ring_create("carp_hooks", HOOK_QUEUE, SOCKET_ID_ANY,
		RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (hook_ring == NULL)
		return -ENOMEM;
	ret = app_thread_create(&hook_thread, "carp-hooks", hook_main, a);
	if (ret != 0)
		return ret;
	hook_running = true;
	return 0;
}

/* A job for vh's hook with its name and vhid, or NULL (no hook). */
static struct hook_job *
job_new(struct app *a, const struct carp_vhost *vh)
{
	const char *path = app_config_hook(&a->cfg, vh->conf.name);
	struct hook_job *j;

	if (!hook_running || path[0] == '\0')
		return NULL;
	j = malloc(sizeof(*j));
	if (j == NULL) {
		STATE_LOG(WARNING, "hook for %s: out of memory", vh->conf.name);
		return NULL;
	}
	snprintf(j->path, sizeof(j->path), "%s", path);
	snprintf(j->arg[0], HOOK_ARG_LEN, "%s", vh->conf.name);
	snprintf(j->arg[1], HOOK_ARG_LEN, "%u", vh->conf.vhid);
	j->nargs = 2;
	return j;
}

static void
job_queue(struct hook_job *j)
{
	if (rte_ring_enqueue(hook_ring, j) != 0) {
		STATE_LOG(WARNING, "hook for %s (%s %s) dropped: %u hooks "
			"queued already", j->arg[0], j->arg[2], j->arg[3],
			HOOK_QUEUE - 1);
		free(j);
	}
}

void
hook_fire(struct app *a, const struct carp_vhost *vh, enum carp_state from,
		enum carp_state to)
{
	struct hook_job *j = job_new(a, vh);
	char s[INET6_ADDRSTRLEN];
	unsigned int i, n = 0;

	if (j == NULL)
		return;
	snprintf(j->arg[j->nargs++], HOOK_ARG_LEN, "%s", carp_state_name(from));
	snprintf(j->arg[j->nargs++], HOOK_ARG_LEN, "%s", carp_state_name(to));
	/* IPv4 addresses, then IPv6 ones, HOOK_ADDRS in all. */
	for (i = 0; i < vh->conf.naddrs && n < HOOK_ADDRS; i++, n++) {
		inet_ntop(AF_INET, &vh->conf.addrs[i], s, sizeof(s));
		snprintf(j->arg[j->nargs++], HOOK_ARG_LEN, "%s/%u", s,
			vh->conf.prefixlen[i]);
	}
	for (i = 0; i < vh->conf.naddrs6 && n < HOOK_ADDRS; i++, n++) {
		inet_ntop(AF_INET6, vh->conf.addrs6[i].a, s, sizeof(s));
		snprintf(j->arg[j->nargs++], HOOK_ARG_LEN, "%s/%u", s,
			vh->conf.prefixlen6[i]);
	}
	job_queue(j);
}

void
hook_event(struct app *a, const struct carp_vhost *vh, const char *event,
		const char *peer)
{
	struct hook_job *j = job_new(a, vh);

	if (j == NULL)
		return;
	snprintf(j->arg[j->nargs++], HOOK_ARG_LEN, "%s",
		carp_state_name(vh->fsm.state));
	snprintf(j->arg[j->nargs++], HOOK_ARG_LEN, "%s", event);
	snprintf(j->arg[j->nargs++], HOOK_ARG_LEN, "%s", peer);
	job_queue(j);
}

void
hook_stop(struct app *a)
{
	RTE_SET_USED(a);
	if (!hook_running)
		return;
	hook_quit = true;
	pthread_join(hook_thread, NULL);
	hook_running = false;
	rte_ring_free(hook_ring);
	hook_ring = NULL;
}
