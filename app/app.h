/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_H
#define APP_H

/**
 * @file
 * The application's shared state (ports, lcore plan, the ring from the
 * workers to the control lcore, the CARP table and the ARP balancer), the
 * clock of lib/carp and the log types. Every part of dpdk-carp may use
 * this; it calls none of them.
 */

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "arpbal.h"
#include "carp_vhost.h"
#include "config.h"
#include "lcore.h"
#include "port.h"
#include "worker.h"

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

struct app {
	struct app_config cfg;		/**< as read at start; never changed */
	struct lcore_plan plan;
	struct rte_mempool *pool;
	unsigned int nports;
	struct app_port port[APP_MAX_PORTS];
	/** ethdev port id -> index into port[], or UINT16_MAX */
	uint16_t port_index[RTE_MAX_ETHPORTS];
	struct app_worker *workers;	/**< plan.nworkers of them */

	struct rte_ring *adv_ring;	/**< workers -> control: adverts */
	/** Advertisements from the source last heard (adv_known.h), taken
	 *  before adv_ring's. */
	struct rte_ring *adv_known;
	/** That source, by family (IPv4, IPv6), port and vhid: the IPv4
	 *  address or the IPv6 one's last 32 bits; 0 for none. Written by
	 *  the control lcore, read by the workers. */
	uint32_t adv_peer[2][APP_MAX_PORTS][256];
	struct carp_table *carp;
	struct arpbal *ab;

	/** Set by signals or quit: the control lcore bows out, then all
	 *  lcores leave their loops. */
	volatile bool force_quit;
	volatile bool control_done;
	bool control_ready;		/**< the control lcore ran a round */
	uint64_t started_ns;		/**< app_now_ns() when main() began */
};

extern struct app app;

/** Monotonic time in ns (CLOCK_MONOTONIC), the clock of lib/carp. */
uint64_t app_now_ns(void);

/** Measure rte_get_timer_cycles() against the clock (at start). */
void app_clock_calibrate(void);

/** rte_get_timer_cycles() per second, as measured at start. */
uint64_t app_timer_hz(void);

/** ns from now to rte_timer ticks. */
uint64_t app_ns_to_ticks(uint64_t ns);

/** Remember the CPUs the process may use; before rte_eal_init(). */
void app_affinity_save(void);

/**
 * Start a control thread (hooks, console) on the CPUs no lcore polls,
 * named name (at most 15 characters). Plain pthreads: no EAL API that
 * differs between DPDK releases. @return 0 or -errno.
 */
int app_thread_create(pthread_t *t, const char *name, void *(*fn)(void *),
		void *arg);

#endif /* APP_H */
