/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * libFuzzer target: any bytes typed at the console of a running
 * dpdk-carp: EAL without hugepages, two net_null ports, three carp
 * interfaces (two sharing an address), the control lcore being this
 * thread so that every command runs to its end. Keys that edit the line
 * (arrows, TAB, ?) go through librte_cmdline as a terminal's would. After
 * each input the control lcore takes one round (links, timers) and the
 * carp interfaces and knobs go back to the configuration's, so that one
 * input's effect does not depend on the ones before.
 */

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmdline.h>

#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_timer.h>

#include "app.h"
#include "cli.h"
#include "config.h"
#include "control.h"
#include "knob.h"
#include "startup.h"
#include "track.h"

#define INPUT_MAX	4096

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char config[] =
	"[global]\n"
	"arpbalance = 1\n"
	"arp_rate_per_source = 100\n"
	"[port0]\n"
	"device = net_null0\n"
	"address = 10.0.0.2/24\n"
	"[port1]\n"
	"device = net_null1\n"
	"address = 10.1.0.2/24\n"
	"[carp0]\n"
	"port = port0\n"
	"vhid = 1\n"
	"pass = secret\n"
	"address = 10.0.0.100/24\n"
	"[carp1]\n"
	"port = port0\n"
	"vhid = 2\n"
	"advskew = 100\n"
	"address = 10.0.0.100/24\n"
	"[carp2]\n"
	"port = port1\n"
	"vhid = 1\n"
	"address = 10.1.0.100/24 10.1.0.101/24\n";

static int devnull = -1;

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_console: %s\n", what);
	exit(1);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[64], prefix[64], err[512];
	char *eal[] = { (*argv)[0], "-l", "0", "--no-huge", "-m", "256",
		"--no-pci", "--no-telemetry", "--vdev", "net_null0",
		"--vdev", "net_null1", "--log-level", "*:critical",
		prefix, NULL };
	FILE *f;

	RTE_SET_USED(argc);
	snprintf(path, sizeof(path), "/dev/shm/fuzz-console-%d.ini",
		(int)getpid());
	snprintf(prefix, sizeof(prefix), "--file-prefix=fuzz-console-%d",
		(int)getpid());
	f = fopen(path, "w");
	if (f == NULL || fputs(config, f) < 0 || fclose(f) != 0)
		die("cannot write the configuration");
	if (app_config_load(path, &app.cfg, err, sizeof(err)) != 0)
		die(err);
	unlink(path);
	if (rte_eal_init((int)RTE_DIM(eal) - 1, eal) < 0)
		die("cannot initialise EAL");
	rte_timer_subsystem_init();
	app_clock_calibrate();
	if (app_setup(&app) != 0)
		die("cannot set up");
	if (app.plan.control != rte_lcore_id())
		die("the control lcore is not this thread");
	control_start(&app, &app.workers[0]);
	control_poll(&app);
	cli_bind(&app, cli_commands());
	devnull = open("/dev/null", O_WRONLY);
	if (devnull < 0)
		die("no /dev/null");
	return 0;
}

/* Back to the configuration's carp interfaces and knobs. */
static void
reset(struct app *a)
{
	struct carp_vhost *vh;
	struct carp_err err;
	unsigned int i;

	a->force_quit = false;
	track_maintenance(a, false);
	while ((vh = TAILQ_FIRST(&a->carp->vhosts)) != NULL)
		carp_vhost_destroy(a->carp, vh, app_now_ns());
	if (knobs_apply_config(a) != 0)
		die("cannot set the knobs back");
	for (i = 0; i < a->cfg.nvhosts; i++)
		if (carp_vhost_create(a->carp, &a->cfg.vhost[i], app_now_ns(),
				&err) == NULL)
			die(err.msg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmdline *cl;
	int out = dup(devnull);

	if (out < 0)
		return 0;
	cl = cmdline_new(cli_commands(), "> ", -1, out);
	if (cl == NULL) {
		close(out);
		return 0;
	}
	cmdline_in(cl, (const char *)data,
		(int)(size < INPUT_MAX ? size : INPUT_MAX));
	cmdline_free(cl);
	control_poll(&app);
	reset(&app);
	return 0;
}
