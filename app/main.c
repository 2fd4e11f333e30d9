/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * dpdk-carp [EAL options] -- -c FILE [-i] [--cmdline-file FILE]
 *
 * Start-up and teardown, in order: the configuration (before EAL, so that
 * a bad file costs nothing), EAL, the lcore plan, buffers, rings, the ARP
 * balancer, the CARP table, the ports; then the lcores and the console
 * until a signal or quit; then every MASTER bows out and all is freed.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_pdump.h>
#include <rte_timer.h>

#include "app.h"
#include "cli.h"
#include "counters.h"
#include "hook.h"
#include "hugefiles.h"
#include "lcore.h"
#include "logbuf.h"
#include "signals.h"
#include "startup.h"
#include "telemetry.h"
#include "track.h"

static void
usage(const char *prog)
{
	printf("usage: %s [EAL options] -- -c FILE [-i] [--cmdline-file FILE]\n"
		"  -c, --config FILE       configuration (INI; see the README)\n"
		"  -i, --interactive       the console on this terminal\n"
		"  --cmdline-file FILE     run console commands from FILE at start\n"
		"  -h, --help              this text\n", prog);
}

static struct {
	const char *config;
	const char *cmdline_file;
	bool interactive;
} opt;

/* Application options: those after "--", read before EAL starts so that
 * a bad configuration costs no hugepage and touches no device.
 */
static int
parse_args(int argc, char **argv)
{
	enum { OPT_CMDLINE_FILE = 256 };
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "interactive", no_argument, NULL, 'i' },
		{ "cmdline-file", required_argument, NULL, OPT_CMDLINE_FILE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int o;

	optind = 1;
	while ((o = getopt_long(argc, argv, "c:ih", longopts, NULL)) != -1) {
		switch (o) {
		case 'c':
			opt.config = optarg;
			break;
		case 'i':
			opt.interactive = true;
			break;
		case OPT_CMDLINE_FILE:
			opt.cmdline_file = optarg;
			break;
		case 'h':
			usage(argv[0]);
			exit(EXIT_SUCCESS);
		default:
			usage(argv[0]);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0],
			argv[optind]);
		return -1;
	}
	if (opt.config == NULL) {
		fprintf(stderr, "%s: no configuration: give -c FILE\n",
			argv[0]);
		return -1;
	}
	if (opt.cmdline_file != NULL && access(opt.cmdline_file, R_OK) != 0) {
		fprintf(stderr, "%s: --cmdline-file %s: %s\n", argv[0],
			opt.cmdline_file, strerror(errno));
		return -1;
	}
	return 0;
}

/* Print what a walk gives, after a title, as one log line. */
static void
log_counters(const char *title, void (*walk)(const struct app *, counter_fn,
		void *), const struct app *a)
{
	struct counter_text text = { .lead = true };
	char *buf = NULL;
	size_t len = 0;

	text.f = open_memstream(&buf, &len);
	if (text.f == NULL)
		return;
	walk(a, counter_text, &text);
	fclose(text.f);
	APP_LOG(INFO, "%s:%s", title, text.n > 0 ? buf : " none");
	free(buf);
}

static void
walk_carp(const struct app *a, counter_fn fn, void *sink)
{
	counters_carp(&a->carp->stats, true, fn, sink);
}

static void
walk_arpbal(const struct app *a, counter_fn fn, void *sink)
{
	struct arpbal_stats st;

	arpbal_stats_get(a->ab, NULL, &st);
	counters_arpbal(&st, fn, sink);
}

/* The counters, once, at exit. */
static void
log_stats(const struct app *a)
{
	log_counters("carpstats", walk_carp, a);
	log_counters("workers", counters_workers, a);
	log_counters("arp", walk_arpbal, a);
}

int
main(int argc, char **argv)
{
	char err[512];
	int dashdash, ret;
	bool console, flushed = true;
	struct app *a = &app;

	a->started_ns = app_now_ns();
	/* EAL's options come before "--", ours after. */
	for (dashdash = 1; dashdash < argc; dashdash++)
		if (strcmp(argv[dashdash], "--") == 0)
			break;
	if (dashdash < argc) {
		argv[dashdash] = argv[0];
		if (parse_args(argc - dashdash, argv + dashdash) != 0)
			return EXIT_FAILURE;
	} else if (parse_args(1, argv) != 0) {
		return EXIT_FAILURE;
	}
	if (app_config_load(opt.config, &a->cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "dpdk-carp: %s\n", err);
		return EXIT_FAILURE;
	}

	app_affinity_save();
	/* Before EAL starts its threads, so that none of them takes a
	 * signal meant for the signal thread.
	 */
	signals_block();
	ret = rte_eal_init(dashdash, argv);
	if (ret < 0) {
		fprintf(stderr, "dpdk-carp: cannot initialise EAL: %s\n",
			rte_strerror(rte_errno));
		return EXIT_FAILURE;
	}
	hugefiles_note();
	/* dpdk-dumpcap and dpdk-pdump attach as secondary processes; with
	 * --in-memory there is nothing to attach to, and this says so.
	 */
	if (logbuf_start() != 0)
		APP_LOG(WARNING, "cannot buffer the log: it writes to stderr "
			"directly");
	if (rte_pdump_init() != 0)
		APP_LOG(NOTICE, "packet capture (dpdk-dumpcap) unavailable: %s",
			rte_strerror(rte_errno));
	rte_timer_subsystem_init();
	app_clock_calibrate();

	ret = app_setup(a);
	if (ret == 0 && telemetry_init() != 0)
		APP_LOG(WARNING, "telemetry endpoints unavailable");
	if (ret == 0 && hook_init(a) != 0)
		APP_LOG(WARNING, "state hooks unavailable");
	if (ret == 0 && track_init(a) != 0) {
		APP_LOG(ERR, "cannot start the health checks");
		ret = -1;
	}
	if (ret == 0 && signals_start(a) != 0) {
		APP_LOG(ERR, "cannot start the signal thread");
		ret = -1;
	}
	if (ret == 0) {
		console = opt.cmdline_file != NULL || opt.interactive;
		lcore_launch(a);
		/* The console has a thread of its own, whatever the
		 * layout: a terminal that blocks holds up nothing else, not
		 * even the exit.
		 */
		if (console && cli_start(a, cli_commands(), opt.cmdline_file,
				opt.interactive) != 0) {
			APP_LOG(ERR, "cannot start the console");
			a->force_quit = true;
		}
		lcore_run_main(a);
		/* The main lcore is free: it waits for a signal or quit. */
		while (!a->force_quit)
			rte_delay_us_sleep(10 * 1000);
		flushed = cli_join();
	} else {
		a->force_quit = true;
		a->control_done = true;
	}
	rte_eal_mp_wait_lcore();

	signals_stop();
	track_stop(a, false);
	/* The bow-outs' state changes run their hooks too. */
	hook_stop(a);
	if (a->carp != NULL)
		log_stats(a);
	app_teardown(a);
	app_config_free(&a->cfg);
	rte_pdump_uninit();
	rte_eal_cleanup();
	hugefiles_remove();
	APP_LOG(INFO, "exit");
	flushed &= logbuf_stop();
	/* exit() flushes stdio: on a terminal or pipe that takes nothing any
	 * more, that would block for ever.
	 */
	if (!flushed)
		_exit(ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
	return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
