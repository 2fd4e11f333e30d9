/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_CTL_H
#define APP_CTL_H

/**
 * @file
 * Requests to the control lcore, the only writer of CARP state. The
 * console, telemetry and the command file post a function to run there and
 * wait for its result; from the control lcore itself the function simply
 * runs. This keeps every change to vhosts, knobs and the ARP balancer on
 * one thread without a lock.
 */

#include <stdbool.h>

#include "app.h"

/** What a request runs on the control lcore. @return 0 or -errno. */
typedef int (*ctl_fn)(struct app *a, void *arg);

/** Create the request ring. @return 0 or -ENOMEM. */
int ctl_init(struct app *a);

void ctl_free(struct app *a);

/**
 * Run fn(a, arg) on the control lcore and return its result, or -ESHUTDOWN
 * if the control lcore stopped first, -EBUSY if too many wait already.
 */
int ctl_call(struct app *a, ctl_fn fn, void *arg);

/** On the control lcore: run pending requests. @return how many. */
unsigned int ctl_serve(struct app *a);

#endif /* APP_CTL_H */
