/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The signal thread: it waits for the blocked signals and does what each
 * means.
 */

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "reload.h"
#include "signals.h"

/* Signals that end dpdk-carp, as SIGTERM does. */
static const int stop_signals[] = {
	SIGINT, SIGTERM, SIGQUIT, SIGALRM, SIGVTALRM, SIGPROF, SIGIO,
	SIGXCPU, SIGXFSZ, SIGPWR, SIGSTKFLT,
};

/* Signals with a meaning of their own. */
static const int other_signals[] = { SIGHUP, SIGUSR1, SIGUSR2 };

/* Signals that would stop or end it for a reason that is none of its
 * business: a reader gone, a terminal.
 */
static const int ignored_signals[] = { SIGPIPE, SIGTTIN, SIGTTOU, SIGTSTP };

static pthread_t sig_thread;
static bool sig_started;
static volatile bool sig_quit;

static void
taken(sigset_t *set)
{
	unsigned int i;

	sigemptyset(set);
	for (i = 0; i < RTE_DIM(stop_signals); i++)
		sigaddset(set, stop_signals[i]);
	for (i = 0; i < RTE_DIM(other_signals); i++)
		sigaddset(set, other_signals[i]);
}

void
signals_block(void)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	sigset_t set;
	unsigned int i;

	taken(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sigemptyset(&ign.sa_mask);
	for (i = 0; i < RTE_DIM(ignored_signals); i++)
		sigaction(ignored_signals[i], &ign, NULL);
}

static bool
is_stop(int sig)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(stop_signals); i++)
		if (stop_signals[i] == sig)
			return true;
	return false;
}

static void *
sig_main(void *arg)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	struct app *a = arg;
	siginfo_t info;
	sigset_t set;
	int sig;

	taken(&set);
	while (!sig_quit) {
		sig = sigtimedwait(&set, &info, &tick);
		if (sig < 0)
			continue;
		if (is_stop(sig)) {
			if (!a->force_quit)
				APP_LOG(NOTICE, "%s: stopping (every MASTER bows "
					"out first)", strsignal(sig));
			a->force_quit = true;
		} else if (sig == SIGHUP) {
			APP_LOG(NOTICE, "SIGHUP: reading %s again", a->cfg.path);
			reload_config(a);
		} else if (sig == SIGUSR1) {
			reload_report(a);
		} else {
			APP_LOG(NOTICE, "%s: no meaning here: ignored",
				strsignal(sig));
		}
	}
	return NULL;
}

int
signals_start(struct app *a)
{
	int ret = app_thread_create(&sig_thread, "carp-signals", sig_main, a);

	sig_started = ret == 0;
	return ret;
}

void
signals_stop(void)
{
	if (!sig_started)
		return;
	sig_quit = true;
	pthread_join(sig_thread, NULL);
	sig_started = false;
}
