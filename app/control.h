/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_CONTROL_H
#define APP_CONTROL_H

#include "app.h"

/** The carp_ops that wire lib/carp to ports, rte_timer and the log. */
extern const struct carp_ops control_carp_ops;

/** Publish every vhost's addresses to the ARP balancer (single writer). */
int control_sync_arpbal(struct app *a);

/** After vhosts were created, changed or destroyed: MAC filters and the
 *  ARP balancer follow. */
int control_vhosts_changed(struct app *a);

/** Destroy a vhost (bowing out if MASTER) and what the app kept for it. */
void control_vhost_destroy(struct app *a, struct carp_vhost *vh);

/**
 * One round of the control lcore: a bounded batch of advertisements from
 * the ring, due timers, link changes. @return work done (0 when idle).
 */
unsigned int control_poll(struct app *a);

/** Orderly stop: every MASTER bows out. */
void control_shutdown(struct app *a);

/** lcore main loop of the control lcore (also runs a worker when given). */
int control_main(void *arg);

/** Free the per-vhost timers before the table goes. */
void control_free_timers(struct app *a);

#endif /* APP_CONTROL_H */
