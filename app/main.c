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
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_pdump.h>
#include <rte_ring.h>
#include <rte_timer.h>

#include "app.h"
#include "cli.h"
#include "counters.h"
#include "effects.h"
#include "hook.h"
#include "hugefiles.h"
#include "host.h"
#include "knob.h"
#include "lcore.h"
#include "logbuf.h"
#include "port.h"
#include "request.h"
#include "signals.h"
#include "telemetry.h"
#include "track.h"

#define ADV_RING_SIZE	1024
#define ARPBAL_ADDRS	4096
#define ARPBAL_SOURCES	65536	/* requesters tracked per worker */

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

static int
plan_lcores(struct app *a)
{
	unsigned int lcores[RTE_MAX_LCORE], n = 0, lcore;

	RTE_LCORE_FOREACH(lcore)
		lcores[n++] = lcore;
	if (lcore_plan_make(&a->plan, rte_get_main_lcore(), lcores, n) != 0)
		return -EINVAL;
	a->workers = rte_zmalloc("workers",
		a->plan.nworkers * sizeof(*a->workers), RTE_CACHE_LINE_SIZE);
	if (a->workers == NULL)
		return -ENOMEM;
	for (n = 0; n < a->plan.nworkers; n++) {
		a->workers[n].lcore_id = a->plan.worker[n];
		a->workers[n].txq = a->plan.worker_txq[n];
	}
	return 0;
}

/* The CARP table, built through lib/carp's own checks; its effects fill
 * the ARP balancer as the vhosts appear. Links are down until the control
 * lcore sees them up: nothing is sent and no timer armed from here.
 */
static int
build_table(struct app *a)
{
	const struct app_config *c = &a->cfg;
	struct carp_err err;
	unsigned int i;

	a->carp = carp_table_create(&effects_ops, a);
	if (a->carp == NULL)
		return -ENOMEM;
	if (knobs_apply_config(a) != 0)
		return -EINVAL;
	for (i = 0; i < c->nports; i++)
		if (carp_port_add(a->carp, (uint16_t)i, c->port[i].addr,
				c->port[i].prefixlen, &err) != 0) {
			APP_LOG(ERR, "[%s]: %s", c->port[i].name, err.msg);
			return -EINVAL;
		}
	for (i = 0; i < c->nvhosts; i++)
		if (carp_vhost_create(a->carp, &c->vhost[i], app_now_ns(),
				&err) == NULL) {
			APP_LOG(ERR, "[%s]: %s", c->vhost[i].name, err.msg);
			return -EINVAL;
		}
	return 0;
}

static int
setup(struct app *a)
{
	unsigned int i, nmbufs;
	uint16_t nb_rxq[APP_MAX_PORTS];
	int socket = (int)rte_socket_id();
	struct arpbal_params abp = {
		.name = "carp_arpbal",
		.max_addrs = ARPBAL_ADDRS,
		.max_sources = ARPBAL_SOURCES,
		.socket_id = socket,
	};

	a->nports = a->cfg.nports;
	memset(a->port_index, 0xff, sizeof(a->port_index));
	if (plan_lcores(a) != 0)
		return -1;
	abp.max_readers = a->plan.nworkers;

	nmbufs = a->cfg.mbufs != 0 ? a->cfg.mbufs :
		a->nports * (a->plan.nworkers + a->plan.ntxq) * 2048 + 4096;
	a->pool = rte_pktmbuf_pool_create("carp_mbufs", nmbufs, 256, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, socket);
	a->adv_ring = rte_ring_create("carp_adverts", ADV_RING_SIZE, socket,
		RING_F_SC_DEQ);
	a->ab = arpbal_create(&abp);
	if (a->pool == NULL || a->adv_ring == NULL || a->ab == NULL) {
		APP_LOG(ERR, "out of memory for buffers, ring or balancer: %s",
			rte_strerror(rte_errno));
		return -1;
	}
	for (i = 0; i < a->plan.nworkers; i++) {
		a->workers[i].arp = arpbal_reader_create(a->ab, i, socket);
		if (a->workers[i].arp == NULL) {
			APP_LOG(ERR, "out of memory for the ARP balancer");
			return -1;
		}
	}
	if (control_requests_init(a) != 0 || build_table(a) != 0)
		return -1;
	for (i = 0; i < a->nports; i++) {
		/* A port with a kernel twin has a TX queue for it too. */
		bool twin = a->cfg.port[i].host_iface[0] != '\0';

		if (port_open(a, i, (uint16_t)a->plan.nworkers,
				(uint16_t)(a->plan.ntxq + twin)) != 0 ||
		    host_open(a, i) != 0)
			return -1;
		nb_rxq[i] = a->port[i].nb_rxq;
	}
	for (i = 0; i < a->plan.nworkers; i++)
		a->workers[i].nrxq = lcore_plan_rxqs(&a->plan, i, nb_rxq,
			a->nports, a->workers[i].rxq,
			RTE_DIM(a->workers[i].rxq));
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

	ret = setup(a);
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
	host_close_all(a);
	port_close_all(a);
	carp_table_free(a->carp);
	arpbal_free(a->ab);
	rte_ring_free(a->adv_ring);
	control_requests_free(a);
	rte_mempool_free(a->pool);
	rte_free(a->workers);
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
