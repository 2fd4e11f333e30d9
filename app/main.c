/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * dpdk-carp [EAL options] -- -c FILE
 *
 * Lcores: with one, it does everything; with two, the main lcore runs the
 * control loop and the other polls; with more, the main lcore is left to
 * the operator (signals, later the console), the next runs the control
 * loop and the rest poll.
 */

#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_pause.h>
#include <rte_pdump.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_timer.h>

#include "app.h"
#include "cli.h"
#include "config.h"
#include "control.h"
#include "ctl.h"
#include "hook.h"
#include "port.h"
#include "telemetry.h"
#include "worker.h"

RTE_LOG_REGISTER(app_logtype, carp.app, INFO);
RTE_LOG_REGISTER(app_logtype_state, carp.state, INFO);
RTE_LOG_REGISTER(app_logtype_proto, carp.proto, INFO);
RTE_LOG_REGISTER(app_logtype_port, carp.port, INFO);

#define CTRL_RING_SIZE	1024
#define ARPBAL_ADDRS	4096
#define ARPBAL_SOURCES	65536	/* requesters tracked per worker */

struct app app;

/* Timer cycles a second, measured against CLOCK_MONOTONIC: EAL's figure
 * can be a rounded estimate (0.15 % off on some CPUs), which would make
 * every protocol timer late or early by as much.
 */
static uint64_t timer_hz;

uint64_t
app_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * CARP_NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

uint64_t
app_timer_hz(void)
{
	return timer_hz;
}

static void
calibrate_timer(void)
{
	uint64_t c0, c1, t0, t1;

	t0 = app_now_ns();
	c0 = rte_get_timer_cycles();
	rte_delay_us_sleep(50 * 1000);
	t1 = app_now_ns();
	c1 = rte_get_timer_cycles();
	timer_hz = (uint64_t)((unsigned __int128)(c1 - c0) *
		CARP_NSEC_PER_SEC / (t1 - t0));
	APP_LOG(DEBUG, "timer: %" PRIu64 " Hz measured, EAL says %" PRIu64,
		timer_hz, rte_get_timer_hz());
}

static void
signal_handler(int signum)
{
	if (signum == SIGINT || signum == SIGTERM)
		app.force_quit = true;
}

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

/* Give each lcore its role and every transmitting lcore a TX queue. */
static int
assign_lcores(struct app *a)
{
	unsigned int main_lcore = rte_get_main_lcore();
	unsigned int nl = rte_lcore_count(), lcore, i, w = 0;

	a->nworkers = nl <= 2 ? 1 : nl - 2;
	a->workers = rte_zmalloc("workers",
		a->nworkers * sizeof(*a->workers), RTE_CACHE_LINE_SIZE);
	if (a->workers == NULL)
		return -ENOMEM;

	if (nl == 1) {
		a->control_lcore = main_lcore;
		a->workers[0].lcore_id = main_lcore;
	} else {
		a->control_lcore = rte_get_next_lcore(-1, 1, 0);
		lcore = a->control_lcore;
		if (nl == 2)
			a->control_lcore = main_lcore;
		else
			lcore = rte_get_next_lcore(lcore, 1, 0);
		for (; lcore < RTE_MAX_LCORE && w < a->nworkers;
		     lcore = rte_get_next_lcore(lcore, 1, 0))
			a->workers[w++].lcore_id = lcore;
	}

	/* The control lcore has TX queue 0; workers follow, but for one
	 * that is the control lcore itself.
	 */
	for (i = 0; i < a->nworkers; i++)
		a->workers[i].txq = a->workers[i].lcore_id == a->control_lcore ?
			APP_CONTROL_TXQ : (uint16_t)(i + 1);
	return 0;
}

/* Once the ports are open: RX queue q of every port goes to worker q. */
static void
assign_rxqs(struct app *a)
{
	unsigned int i, p, q;

	for (i = 0; i < a->nworkers; i++) {
		struct app_worker *wk = &a->workers[i];

		wk->nrxq = 0;
		for (p = 0; p < a->nports; p++)
			for (q = i; q < a->port[p].nb_rxq &&
			     wk->nrxq < RTE_DIM(wk->rxq); q += a->nworkers) {
				wk->rxq[wk->nrxq].port = (uint16_t)p;
				wk->rxq[wk->nrxq++].queue = (uint16_t)q;
			}
	}
}

static int
build_table(struct app *a)
{
	const struct app_config *c = &a->cfg;
	char err[256];
	unsigned int i;

	a->carp = carp_table_create(&control_carp_ops, a);
	if (a->carp == NULL)
		return -ENOMEM;
	a->carp->sysctl = c->sysctl;
	for (i = 0; i < c->nports; i++)
		if (carp_port_add(a->carp, (uint16_t)i, c->port[i].addr,
				c->port[i].prefixlen, err, sizeof(err)) != 0) {
			APP_LOG(ERR, "[%s]: %s", c->port[i].name, err);
			return -EINVAL;
		}
	/* Links are down until the control lcore sees them up: nothing is
	 * sent and no timer armed from here.
	 */
	for (i = 0; i < c->nvhosts; i++)
		if (carp_vhost_create(a->carp, &c->vhost[i], app_now_ns(), err,
				sizeof(err)) == NULL) {
			APP_LOG(ERR, "[%s]: %s", c->vhost[i].name, err);
			return -EINVAL;
		}
	return 0;
}

static int
setup(struct app *a)
{
	unsigned int i, nmbufs, ntx;
	int socket = (int)rte_socket_id();
	struct arpbal_params abp = {
		.name = "carp_arpbal",
		.max_addrs = ARPBAL_ADDRS,
		.max_sources = ARPBAL_SOURCES,
		.socket_id = socket,
	};

	a->nports = a->cfg.nports;
	memset(a->port_index, 0xff, sizeof(a->port_index));
	if (assign_lcores(a) != 0)
		return -1;
	abp.max_readers = a->nworkers;
	ntx = a->control_lcore == a->workers[0].lcore_id ? 1 :
		1 + a->nworkers;

	nmbufs = a->cfg.mbufs != 0 ? a->cfg.mbufs :
		a->nports * (a->nworkers + ntx) * 2048 + 4096;
	a->pool = rte_pktmbuf_pool_create("carp_mbufs", nmbufs, 256, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, socket);
	a->ctrl_ring = rte_ring_create("carp_ctrl", CTRL_RING_SIZE, socket,
		RING_F_SC_DEQ);
	a->ab = arpbal_create(&abp);
	if (a->pool == NULL || a->ctrl_ring == NULL || a->ab == NULL) {
		APP_LOG(ERR, "out of memory for buffers, ring or balancer: %s",
			rte_strerror(rte_errno));
		return -1;
	}
	for (i = 0; i < a->nworkers; i++) {
		a->workers[i].arp = arpbal_reader_create(a->ab, i, socket);
		if (a->workers[i].arp == NULL) {
			APP_LOG(ERR, "out of memory for the ARP balancer");
			return -1;
		}
	}
	if (ctl_init(a) != 0 || build_table(a) != 0 ||
	    control_sync_arpbal(a) != 0)
		return -1;
	for (i = 0; i < a->nports; i++) {
		if (port_open(a, i, (uint16_t)a->nworkers, (uint16_t)ntx) != 0)
			return -1;
		port_filter_vmacs(a, i);
	}
	assign_rxqs(a);
	return 0;
}

/* The counters that are not zero, once, at exit. */
static void
log_stats(const struct app *a)
{
	struct worker_stats sum;
	struct arpbal_stats arp;
	char line[512];
	unsigned int i;
	int off = 0;

	for (i = 0; i < CARP_STAT_MAX && off < (int)sizeof(line) - 32; i++)
		if (a->carp->stats.v[i] != 0)
			off += snprintf(line + off, sizeof(line) - off, " %s %" PRIu64,
				carp_stat_name(i), a->carp->stats.v[i]);
	APP_LOG(INFO, "carpstats:%s", off > 0 ? line : " none");

	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < a->nworkers; i++) {
		const struct worker_stats *w = &a->workers[i].stats;

		sum.rx += w->rx;
		sum.tx += w->tx;
		sum.tx_dropped += w->tx_dropped;
		sum.carp_queued += w->carp_queued;
		sum.carp_ring_full += w->carp_ring_full;
		sum.icmp_answered += w->icmp_answered;
		sum.icmp_dropped += w->icmp_dropped;
		sum.vmac_not_master += w->vmac_not_master;
		sum.other += w->other;
	}
	APP_LOG(INFO, "workers: rx %" PRIu64 " tx %" PRIu64 " tx_dropped %"
		PRIu64 " carp_queued %" PRIu64 " carp_ring_full %" PRIu64
		" icmp_answered %" PRIu64 " icmp_dropped %" PRIu64
		" vmac_not_master %" PRIu64 " other %" PRIu64, sum.rx, sum.tx,
		sum.tx_dropped, sum.carp_queued, sum.carp_ring_full,
		sum.icmp_answered, sum.icmp_dropped, sum.vmac_not_master,
		sum.other);
	arpbal_stats_get(a->ab, NULL, &arp);
	APP_LOG(INFO, "arp: requests %" PRIu64 " answered %" PRIu64
		" not_master %" PRIu64 " rate_limited %" PRIu64 " not_shared %"
		PRIu64 " malformed %" PRIu64 " untracked %" PRIu64,
		arp.requests, arp.verdict[ARPBAL_ANSWERED],
		arp.verdict[ARPBAL_NOT_MASTER],
		arp.verdict[ARPBAL_RATE_LIMITED], arp.not_shared,
		arp.malformed, arp.untracked);
}

int
main(int argc, char **argv)
{
	char err[512];
	int dashdash, ret, i;
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

	ret = rte_eal_init(dashdash, argv);
	if (ret < 0) {
		fprintf(stderr, "dpdk-carp: cannot initialise EAL: %s\n",
			rte_strerror(rte_errno));
		return EXIT_FAILURE;
	}
	signal(SIGINT, signal_handler);
	signal(SIGTERM, signal_handler);
	/* dpdk-dumpcap and dpdk-pdump attach as secondary processes; with
	 * --in-memory there is nothing to attach to, and this says so.
	 */
	if (rte_pdump_init() != 0)
		APP_LOG(NOTICE, "packet capture (dpdk-dumpcap) unavailable: %s",
			rte_strerror(rte_errno));
	rte_timer_subsystem_init();
	calibrate_timer();

	ret = setup(a);
	if (ret == 0 && telemetry_init() != 0)
		APP_LOG(WARNING, "telemetry endpoints unavailable");
	if (ret == 0 && hook_init(a) != 0)
		APP_LOG(WARNING, "state hooks unavailable");
	if (ret == 0) {
		for (i = 0; i < (int)a->nworkers; i++)
			if (a->workers[i].lcore_id != rte_get_main_lcore() &&
			    a->workers[i].lcore_id != a->control_lcore)
				rte_eal_remote_launch(worker_main,
					&a->workers[i], a->workers[i].lcore_id);
		if (a->control_lcore != rte_get_main_lcore())
			rte_eal_remote_launch(control_main, NULL,
				a->control_lcore);
		/* Commands see the ports as the control lcore does after its
		 * first round: links known, vhosts started.
		 */
		if (a->control_lcore == rte_get_main_lcore())
			control_poll(a);
		while (!__atomic_load_n(&a->control_ready, __ATOMIC_ACQUIRE))
			rte_pause();
		if (opt.cmdline_file != NULL &&
		    cli_run_file(opt.cmdline_file) != 0)
			APP_LOG(ERR, "cannot run %s", opt.cmdline_file);
		if (opt.interactive && !a->force_quit)
			a->cli = cli_start();
		if (a->control_lcore == rte_get_main_lcore()) {
			control_main(a->workers[0].lcore_id ==
				a->control_lcore ? &a->workers[0] : NULL);
		} else {
			while (!a->force_quit) {
				if (a->cli != NULL && !cli_poll(a->cli))
					a->force_quit = true;
				rte_delay_us_sleep(1000);
			}
		}
		cli_stop(a->cli);
		a->cli = NULL;
	} else {
		a->force_quit = true;
		a->control_done = true;
	}
	rte_eal_mp_wait_lcore();

	/* The bow-outs' state changes run their hooks too. */
	hook_stop(a);
	if (a->carp != NULL)
		log_stats(a);
	port_close_all(a);
	if (a->carp != NULL) {
		control_free_timers(a);
		carp_table_free(a->carp);
	}
	arpbal_free(a->ab);
	rte_ring_free(a->ctrl_ring);
	ctl_free(a);
	rte_mempool_free(a->pool);
	rte_free(a->workers);
	rte_pdump_uninit();
	rte_eal_cleanup();
	APP_LOG(INFO, "exit");
	return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
