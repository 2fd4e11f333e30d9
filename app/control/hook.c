/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * State hooks: jobs queued by the control lcore, run one at a time by a
 * thread of their own, each within its time limit.
 */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
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

#define HOOK_QUEUE	256
#define HOOK_ARGS	(5 + CARP_MAX_ADDRS)
#define HOOK_ARG_LEN	24

extern char **environ;

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

/* Wait for pid at most timeout seconds; kill it after that. */
static void
hook_wait(const struct hook_job *j, pid_t pid, uint32_t timeout)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	uint64_t end = rte_get_timer_cycles() + timeout * rte_get_timer_hz();
	int status;
	pid_t r;

	while ((r = waitpid(pid, &status, WNOHANG)) == 0) {
		if (rte_get_timer_cycles() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			STATE_LOG(WARNING, "hook %s %s %s -> %s: killed after "
				"%u s", j->path, j->arg[0], j->arg[2],
				j->arg[3], timeout);
			return;
		}
		nanosleep(&pause, NULL);
	}
	if (r < 0)
		STATE_LOG(WARNING, "hook %s: %s", j->path, strerror(errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		STATE_LOG(WARNING, "hook %s %s %s -> %s: exit status %d",
			j->path, j->arg[0], j->arg[2], j->arg[3],
			WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		STATE_LOG(WARNING, "hook %s: killed by signal %d", j->path,
			WTERMSIG(status));
}

static void
hook_run(const struct hook_job *j, uint32_t timeout)
{
	char *argv[HOOK_ARGS + 2];
	posix_spawn_file_actions_t fa;
	unsigned int i;
	pid_t pid;
	int ret;

	argv[0] = (char *)(uintptr_t)j->path;
	for (i = 0; i < j->nargs; i++)
		argv[i + 1] = (char *)(uintptr_t)j->arg[i];
	argv[i + 1] = NULL;
	/* No terminal input for a hook: the console may own it. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
		O_RDONLY, 0);
	ret = posix_spawn(&pid, j->path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (ret != 0) {
		STATE_LOG(WARNING, "hook %s: cannot run: %s", j->path,
			strerror(ret));
		return;
	}
	hook_wait(j, pid, timeout);
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

void
hook_fire(struct app *a, const struct carp_vhost *vh, enum carp_state from,
		enum carp_state to)
{
	const char *path = app_config_hook(&a->cfg, vh->conf.name);
	struct hook_job *j;
	char s[INET_ADDRSTRLEN];
	unsigned int i;

	if (!hook_running || path[0] == '\0')
		return;
	j = malloc(sizeof(*j));
	if (j == NULL) {
		STATE_LOG(WARNING, "hook for %s: out of memory", vh->conf.name);
		return;
	}
	snprintf(j->path, sizeof(j->path), "%s", path);
	snprintf(j->arg[0], HOOK_ARG_LEN, "%s", vh->conf.name);
	snprintf(j->arg[1], HOOK_ARG_LEN, "%u", vh->conf.vhid);
	snprintf(j->arg[2], HOOK_ARG_LEN, "%s", carp_state_name(from));
	snprintf(j->arg[3], HOOK_ARG_LEN, "%s", carp_state_name(to));
	j->nargs = 4;
	for (i = 0; i < vh->conf.naddrs; i++) {
		inet_ntop(AF_INET, &vh->conf.addrs[i], s, sizeof(s));
		snprintf(j->arg[j->nargs++], HOOK_ARG_LEN, "%s/%u", s,
			vh->conf.prefixlen[i]);
	}
	if (rte_ring_enqueue(hook_ring, j) != 0) {
		STATE_LOG(WARNING, "hook for %s %s -> %s dropped: %u hooks "
			"queued already", vh->conf.name, j->arg[2], j->arg[3],
			HOOK_QUEUE - 1);
		free(j);
	}
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
