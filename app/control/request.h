/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_REQUEST_H
#define APP_REQUEST_H

/**
 * @file
 * Requests to the control lcore, the only writer of CARP state. The
 * console, telemetry and the command file post a function to run there and
 * wait for its result; from the control lcore itself the function simply
 * runs. This keeps every change to vhosts, knobs and the ARP balancer on
 * one thread without a lock.
 */

struct app;

/** What a request runs on the control lcore. @return 0 or -errno. */
typedef int (*control_fn)(struct app *a, void *arg);

/** Create the request ring. @return 0 or -ENOMEM. */
int control_requests_init(struct app *a);

void control_requests_free(struct app *a);

/**
 * Run fn(a, arg) on the control lcore and return its result, or -ESHUTDOWN
 * if the control lcore stopped first, -EBUSY if too many wait already.
 */
int control_call(struct app *a, control_fn fn, void *arg);

/** On the control lcore: run pending requests. @return how many. */
unsigned int control_serve(struct app *a);

#endif /* APP_REQUEST_H */
