/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_HOST_H
#define APP_HOST_H

/**
 * @file
 * The host exception path's control side: each port's kernel twin
 * ([portN] host_iface), a virtio_user port over vhost-net where the kernel
 * has it, else net_tap, created with the port's MAC and MTU, up, with the
 * port's own address and, as /32 without a prefix route, every virtual
 * address of the port, all the time. The twin's sysctls keep its kernel
 * from speaking ARP for a virtual address (the datapath drops any that it
 * still sends). The addresses follow the vhosts (host_vip()).
 */

#include <stdbool.h>

#include <rte_byteorder.h>

#include "carp_wire.h"

struct app;

/* Frames waiting for the kernel, per port: a few rounds' worth. */
#define HOST_RING	1024

/** Create and start port idx's twin, after the port. @return 0 or -1. */
int host_open(struct app *a, unsigned int idx);

/** Virtual address addr appears on port idx (or goes): its twin holds
 *  it as a /32 (or no more). */
void host_vip(struct app *a, unsigned int idx, rte_be32_t addr, bool on);

/** The same for an IPv6 virtual address, as a /128 without duplicate
 *  address detection. */
void host_vip6(struct app *a, unsigned int idx, const struct carp_in6 *addr,
		bool on);

/** Stop and close every twin. */
void host_close_all(struct app *a);

#endif /* APP_HOST_H */
