/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_HOST_PATH_H
#define APP_HOST_PATH_H

/**
 * @file
 * The host exception path's datapath: frames between a port and its
 * kernel twin. Workers put what the kernel should see on the port's
 * to_host ring; the control lcore moves a bounded batch each way every
 * round, so that a flood towards the host can cost it no more than that,
 * and decides what the kernel may send: nothing from a virtual address
 * unless this host is MASTER for it (then from the virtual MAC), no ARP
 * naming a virtual address ever.
 */

#include <stdint.h>
#include <net/if.h>

#include <rte_common.h>

struct app;

/** Frames moved each way, per port, per round of the control lcore. */
#define HOST_BURST	32

/* The twin's counters, each named once: X(name, what). */
#define HOST_STATS(X)							\
	X(to_kernel, "frames given to the kernel")			\
	X(to_kernel_full, "frames for the kernel dropped: twin full")	\
	X(from_kernel, "frames the kernel sent")			\
	X(out, "frames of the kernel's sent on the port")		\
	X(out_full, "frames of the kernel's dropped: port queue full")	\
	X(vip_not_master,						\
		"from a virtual address while not MASTER: dropped")	\
	X(arp_vip, "ARP naming a virtual address: dropped")		\
	X(nd_vip, "neighbour advertisements for a virtual address: dropped")

struct host_stats {
#define HOST_STAT_FIELD(n, d) uint64_t n;
	HOST_STATS(HOST_STAT_FIELD)
#undef HOST_STAT_FIELD
};

/** A port's kernel twin. */
struct app_host {
	uint16_t twin_id;		/**< its ethdev port */
	uint16_t txq;			/**< the port's TX queue for it */
	unsigned int ifindex;		/**< its kernel interface */
	char ifname[IF_NAMESIZE];
	const char *driver;		/**< "tap" or "virtio" */
	struct host_stats stats;	/**< the control lcore's */
};

/** One round, on the control lcore: a batch each way on every port that
 *  has a twin. @return frames moved. */
unsigned int host_path_poll(struct app *a);

#endif /* APP_HOST_PATH_H */
