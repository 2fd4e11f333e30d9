/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_WORKER_H
#define APP_WORKER_H

/**
 * @file
 * A polling lcore's work: frames from its RX queues, advertisements to the
 * control lcore, ARP through the balancer, echo requests to a virtual
 * address answered while MASTER; with a kernel twin, what the host's
 * kernel should see is handed to it, the rest dropped and counted.
 */

#include <stdint.h>

#include <rte_common.h>

#include "lcore.h"

/* Forward: app.h includes this file. */
struct app;
struct arpbal_reader;

#define WORKER_BURST	32
/** RX queues one worker may poll, over every port. */
#define WORKER_MAX_RXQ	128

/*
 * The counters of one polling lcore, each named once: X(name, what). Only
 * that lcore writes them.
 */
#define WORKER_STATS(X)							\
	X(rx, "frames received")					\
	X(tx, "frames sent")						\
	X(tx_dropped, "replies dropped: TX queue full")			\
	X(arp_own, "ARP requests for a port's own address answered")	\
	X(carp_queued, "advertisements handed to the control lcore")	\
	X(carp_known,							\
		"of them, from the source last heard: ahead of the rest") \
	X(carp_ring_full, "advertisements dropped: ring full")		\
	X(icmp_answered, "echo requests to a virtual address answered")	\
	X(icmp_dropped, "echo requests to a virtual address not ours")	\
	X(icmp_malformed,						\
		"echo requests whose IP header belies the frame: dropped") \
	X(vmac_not_master, "frames to a virtual MAC of a non-MASTER")	\
	X(other, "neither ARP, CARP nor echo: dropped")			\
	X(host_queued, "frames handed to the kernel twin")		\
	X(host_ring_full, "frames for the kernel dropped: ring full")	\
	X(vip_not_master,						\
		"to a virtual address this host does not serve: dropped") \
	X(not_ours, "to another host's MAC, or from ours: dropped")	\
	X(vlan_untagged,						\
		"untagged, on a trunk without an address: dropped")	\
	X(vlan_unknown, "tagged with a VLAN no sub-port has: dropped")	\
	X(mld_query, "MLD queries, answered by the control lcore")

struct worker_stats {
#define WORKER_STAT_FIELD(n, d) uint64_t n;
	WORKER_STATS(WORKER_STAT_FIELD)
#undef WORKER_STAT_FIELD
};

struct app_worker {
	unsigned int lcore_id;
	struct arpbal_reader *arp;	/**< its ARP balancer state */
	uint16_t txq;			/**< its TX queue on every port */
	unsigned int nrxq;
	struct lcore_rxq rxq[WORKER_MAX_RXQ];
	struct worker_stats stats;
} __rte_cache_aligned;

/** Before the first poll, on the worker's lcore. */
void worker_start(struct app *a, struct app_worker *w);

/**
 * Poll every RX queue of w once; when nothing came, do idle housekeeping.
 * @return the number of frames received.
 */
unsigned int worker_poll(struct app *a, struct app_worker *w);

/** After the last poll, on the worker's lcore. */
void worker_stop(struct app *a, struct app_worker *w);

#endif /* APP_WORKER_H */
