/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_H
#define APP_H

/**
 * @file
 * The application's shared state: ports, lcore roles, the ring from the
 * workers to the control lcore, the CARP table and the ARP balancer.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_ether.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mempool.h>
#include <rte_ring.h>
#include <rte_spinlock.h>

#include "arpbal.h"
#include "carp_vhost.h"
#include "config.h"

struct cmdline;

extern int app_logtype;		/* carp.app */
extern int app_logtype_state;	/* carp.state */
extern int app_logtype_proto;	/* carp.proto */
extern int app_logtype_port;	/* carp.port */

#define APP_LOG(level, fmt, ...)					\
	rte_log(RTE_LOG_ ## level, app_logtype, "carp: " fmt "\n", ##__VA_ARGS__)
#define STATE_LOG(level, fmt, ...)					\
	rte_log(RTE_LOG_ ## level, app_logtype_state, "carp: " fmt "\n",	\
		##__VA_ARGS__)
#define PROTO_LOG(level, fmt, ...)					\
	rte_log(RTE_LOG_ ## level, app_logtype_proto, "carp: " fmt "\n",	\
		##__VA_ARGS__)
#define PORT_LOG(level, fmt, ...)					\
	rte_log(RTE_LOG_ ## level, app_logtype_port, "carp: " fmt "\n",	\
		##__VA_ARGS__)

#define APP_BURST		32
#define APP_MAX_WORKERS		RTE_MAX_LCORE
/** The control lcore's TX queue on every port; workers have the next. */
#define APP_CONTROL_TXQ		0

/** Counters of one polling lcore; only that lcore writes them. */
struct worker_stats {
	uint64_t rx;
	uint64_t tx;
	uint64_t tx_dropped;		/**< TX queue full */
	uint64_t carp_queued;		/**< advertisements to the control lcore */
	uint64_t carp_ring_full;	/**< advertisements dropped: ring full */
	uint64_t icmp_answered;
	uint64_t icmp_dropped;		/**< echo to a virtual address, not ours */
	uint64_t vmac_not_master;	/**< to a virtual MAC of a non-MASTER */
	uint64_t other;			/**< neither ARP, CARP nor echo: dropped */
};

struct app_port {
	/* Read on every burst by the workers: kept apart from what the
	 * control lcore writes, or its link polling would pull this line
	 * away from them on every round.
	 */
	uint16_t port_id;
	bool shared_txq;		/**< one TX queue behind tx_lock */
	rte_spinlock_t tx_lock;

	/* The control lcore's. */
	uint8_t link_event __rte_cache_aligned;	/**< set by the LSC callback */
	struct rte_ether_addr mac;
	uint16_t nb_rxq;
	uint16_t nb_txq;
	bool lsc;			/**< the PMD reports link changes */
	bool started;
	uint32_t if_index;		/**< kernel interface driven, or 0 */
	uint64_t vmac_added[4];		/**< vhids whose MAC is in the filter */
} __rte_cache_aligned;

/** An RX queue a worker polls. */
struct app_rxq {
	uint16_t port;			/**< index into app.port[] */
	uint16_t queue;
};

struct app_worker {
	unsigned int lcore_id;
	struct arpbal_reader *arp;	/**< its ARP balancer state */
	uint16_t txq;			/**< its TX queue on every port */
	unsigned int nrxq;
	struct app_rxq rxq[APP_MAX_PORTS * 4];
	struct worker_stats stats;
} __rte_cache_aligned;

struct app {
	struct app_config cfg;
	struct rte_mempool *pool;
	unsigned int nports;
	struct app_port port[APP_MAX_PORTS];
	/** ethdev port id -> index into port[], or UINT16_MAX */
	uint16_t port_index[RTE_MAX_ETHPORTS];

	unsigned int control_lcore;
	unsigned int nworkers;
	struct app_worker *workers;

	struct rte_ring *ctrl_ring;	/**< workers -> control: adverts */
	struct cmdline *cli;		/**< the console, or NULL */
	struct carp_table *carp;
	struct arpbal *ab;

	/** Set by signals or quit: the control lcore bows out, then all
	 *  lcores leave their loops. */
	volatile bool force_quit;
	volatile bool control_done;
	bool control_ready;		/**< the control lcore ran a round */
};

extern struct app app;

/** Monotonic time in ns (CLOCK_MONOTONIC), the clock of lib/carp. */
uint64_t app_now_ns(void);

/** rte_get_timer_cycles() per second, as measured at start. */
uint64_t app_timer_hz(void);

/** Send on a port from TX queue txq, the calling lcore's (or the shared
 *  one, locked); frees what is left. @return the number sent. */
uint16_t app_tx(struct app_port *p, uint16_t txq, struct rte_mbuf **pkts,
		uint16_t n);

#endif /* APP_H */
