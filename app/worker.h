/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_WORKER_H
#define APP_WORKER_H

#include "app.h"

/**
 * Poll every RX queue of w once: advertisements to the control lcore,
 * ARP requests through the balancer, echo requests to a virtual address
 * answered while MASTER, everything else dropped and counted.
 * @return the number of frames received.
 */
unsigned int worker_poll(struct app *a, struct app_worker *w);

/** lcore main loop of a worker. */
int worker_main(void *arg);

#endif /* APP_WORKER_H */
