/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_COMMANDS_H
#define APP_COMMANDS_H

/**
 * @file
 * What the console's commands do. Each is a control_fn: it runs on the
 * control lcore (through control_call()), reads or changes the CARP table
 * through lib/carp, whose effects keep the fast path in step, and writes
 * its answer, or "error: ..." and nothing changed, to the request's
 * stream. The console, the command file and telemetry use them alike.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_byteorder.h>

#include "carp_wire.h"

struct app;

/** The arguments of a command; each uses the fields its help names. */
struct cmd_req {
	FILE *out;		/**< where the answer goes */
	const char *name;	/**< carp interface, or NULL for all */
	const char *word;	/**< a field, knob, state or value word */
	const char *port;	/**< a port section's name */
	uint32_t num;
	rte_be32_t addr;
	struct carp_in6 addr6;	/**< the address, when v6 */
	bool v6;		/**< addr6, not addr */
	uint8_t prefixlen;	/**< 0: the port's */
	bool add;		/**< add (or del) an address */
};

/** show carp [NAME] */
int cmd_show_carp(struct app *a, void *req);
/** carp create NAME port PORT vhid N (num) */
int cmd_carp_create(struct app *a, void *req);
/** carp destroy NAME */
int cmd_carp_destroy(struct app *a, void *req);
/** carp set NAME vhid|advbase|advskew N (word, num) */
int cmd_carp_set_num(struct app *a, void *req);
/** carp set NAME pass WORD | nopass (word NULL) */
int cmd_carp_set_pass(struct app *a, void *req);
/** carp set NAME port PORT */
int cmd_carp_set_peer(struct app *a, void *arg);
int cmd_carp_set_port(struct app *a, void *req);
/** carp set NAME up|down (word) */
int cmd_carp_set_updown(struct app *a, void *req);
/** carp set NAME state master|backup (word) */
int cmd_carp_set_state(struct app *a, void *req);
/** carp add|del NAME address A.B.C.D[/LEN] | X:X::X[/LEN] (add, addr or
 *  v6 and addr6, prefixlen) */
int cmd_carp_addr(struct app *a, void *req);
/** demote | undemote (word): planned maintenance begins or ends */
int cmd_demote(struct app *a, void *req);
/** show sysctl */
int cmd_show_sysctl(struct app *a, void *req);
/** sysctl set KNOB N (word, num) */
int cmd_sysctl_set(struct app *a, void *req);
/** show carpstats */
int cmd_show_carpstats(struct app *a, void *req);
/** clear carpstats */
int cmd_clear_carpstats(struct app *a, void *req);
/** show arpbal */
int cmd_show_arpbal(struct app *a, void *req);
/** show host */
int cmd_show_host(struct app *a, void *req);
/** show port stats */
int cmd_show_port_stats(struct app *a, void *req);
/** show workers */
int cmd_show_workers(struct app *a, void *req);

#endif /* APP_COMMANDS_H */
