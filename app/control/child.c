/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Children of dpdk-carp: started with posix_spawn, checked without
 * blocking, killed at their time limit.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>
#include <sys/wait.h>

#include "child.h"

extern char **environ;

int
child_spawn(char *const argv[], pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none;
	int ret;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
		O_RDONLY, 0);
	/* A child starts with every signal unblocked and at its default,
	 * whatever dpdk-carp blocks or ignores for itself.
	 */
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
		POSIX_SPAWN_SETSIGDEF);
	sigfillset(&none);
	posix_spawnattr_setsigdefault(&attr, &none);
	ret = posix_spawn(pid, argv[0], &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return -ret;
}

enum child_end
child_check(pid_t pid, uint64_t now_ns, uint64_t deadline_ns, int *status)
{
	pid_t r;

	r = waitpid(pid, status, WNOHANG);
	if (r == pid)
		return WIFEXITED(*status) && WEXITSTATUS(*status) == 0 ?
			CHILD_OK : CHILD_FAILED;
	if (r < 0)
		return CHILD_FAILED;
	if (now_ns < deadline_ns)
		return CHILD_RUNNING;
	kill(pid, SIGKILL);
	waitpid(pid, status, 0);
	return CHILD_KILLED;
}
