/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_CHILD_H
#define APP_CHILD_H

/**
 * @file
 * Programs the operator gives dpdk-carp (state hooks, health checks), run
 * as children with no terminal input (the console may own it) and waited
 * for within a time limit.
 */

#include <stdint.h>
#include <sys/types.h>

/** Start argv[0] with argv, stdin from /dev/null. @return 0 or -errno. */
int child_spawn(char *const argv[], pid_t *pid);

/** How a child ended, or that it has not yet. */
enum child_end {
	CHILD_RUNNING,
	CHILD_OK,		/**< exit status 0 */
	CHILD_FAILED,		/**< another exit status, or a signal */
	CHILD_KILLED,		/**< over its time limit: killed here */
};

/**
 * Look at child pid without waiting, or wait for it if deadline (ns of
 * CLOCK_MONOTONIC) has passed: then it is killed and reaped. status gets
 * its wait status when it ended by itself.
 */
enum child_end child_check(pid_t pid, uint64_t now_ns, uint64_t deadline_ns,
		int *status);

#endif /* APP_CHILD_H */
