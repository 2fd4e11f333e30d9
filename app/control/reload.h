/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_RELOAD_H
#define APP_RELOAD_H

/**
 * @file
 * Reading the configuration file again (SIGHUP) and making the running
 * state what it says, without disturbing what it does not change: carp
 * interfaces that are the same keep their state and timers, changed ones
 * change in place (or, given another port or vhid, restart with a
 * bow-out), gone ones are destroyed (bowing out), new ones created; knobs
 * are set, hooks and health checks follow. The ports cannot change while
 * dpdk-carp runs: a file that changes them is refused whole, as is a file
 * with an error, and nothing changes. Changes made on the console and not
 * written to the file are undone: the file is the truth.
 */

struct app;

/** On a thread that is not the control lcore. @return 0 or -1 (logged). */
int reload_config(struct app *a);

/** Log every carp interface's state and the counters (SIGUSR1). */
void reload_report(struct app *a);

#endif /* APP_RELOAD_H */
