/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_CONTROL_H
#define APP_CONTROL_H

/**
 * @file
 * The control lcore: the only writer of CARP state. Each round it takes a
 * bounded batch of advertisements from the workers' ring, serves requests
 * (console, telemetry), runs due timers and follows link changes.
 */

struct app;
struct app_worker;

/** Before the first round, on the control lcore; w is the worker it also
 *  runs, or NULL. */
void control_start(struct app *a, struct app_worker *w);

/** One round. @return work done (0 when idle). */
unsigned int control_poll(struct app *a);

/** Orderly stop, on the control lcore: every MASTER bows out, then the
 *  other lcores are told to leave their loops. */
void control_stop(struct app *a);

#endif /* APP_CONTROL_H */
