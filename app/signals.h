/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_SIGNALS_H
#define APP_SIGNALS_H

/**
 * @file
 * What a signal does to dpdk-carp. A daemon that guards an address must
 * not lose it to a signal, so every signal that would end the process
 * either has a meaning here or ends it as SIGTERM does, every MASTER
 * bowing out first:
 *
 *   SIGINT SIGTERM SIGQUIT    stop: every MASTER bows out, then exit 0
 *   SIGALRM SIGVTALRM SIGPROF SIGIO SIGXCPU SIGXFSZ SIGPWR SIGSTKFLT
 *                             the same
 *   SIGHUP                    re-read the configuration and apply the
 *                             difference (unchanged vhosts undisturbed)
 *   SIGUSR1                   log every carp interface's state and the
 *                             counters
 *   SIGUSR2                   logged, nothing else
 *   SIGPIPE SIGTTIN SIGTTOU SIGTSTP   ignored: a closed pipe or a terminal
 *                             never stops or ends dpdk-carp
 *
 * Signals are taken by a thread of their own (sigwait), never by a polling
 * lcore, so that what they do runs in an ordinary thread and reaches the
 * control lcore through control_call().
 */

struct app;

/** Block the signals for every thread to come and ignore the others;
 *  before rte_eal_init(), which starts threads. */
void signals_block(void);

/** Start the thread that takes them. @return 0 or -errno. */
int signals_start(struct app *a);

/** Stop it. */
void signals_stop(void);

#endif /* APP_SIGNALS_H */
