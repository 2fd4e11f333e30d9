/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_EFFECTS_H
#define APP_EFFECTS_H

/**
 * @file
 * What lib/carp's decisions do in the application (struct carp_ops):
 * frames out on the control lcore's TX queue, rte_timer for the vhosts'
 * timers, states published to the fast path, hooks and the log, and the
 * fast path's tables (MAC filters, ARP balancer) kept in step with the
 * vhosts and their addresses.
 */

#include "carp_vhost.h"

/** The carp_ops of the application's table; their argument is the app. */
extern const struct carp_ops effects_ops;

#endif /* APP_EFFECTS_H */
