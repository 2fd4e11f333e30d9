/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_PORT_H
#define APP_PORT_H

/**
 * @file
 * The ports: devices probed and started with an RX queue per worker and a
 * TX queue per transmitting lcore, their MAC filters and link state, and
 * transmission on a queue that may have to be shared.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_common.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_spinlock.h>

/* Forward: app.h includes this file. */
struct app;
struct app_host;
struct rte_ring;

struct app_port {
	/* Read on every burst by the workers: kept apart from what the
	 * control lcore writes, or its link polling would pull this line
	 * away from them on every round.
	 */
	uint16_t port_id;		/**< its device's, for a sub-port */
	uint16_t dev;			/**< index of the port with the device */
	uint16_t vlan;			/**< a VLAN sub-port's, or 0 */
	bool untagged;			/**< a device port's own frames (it has
					 *   an address): the untagged ones */
	bool tx_vlan_hw;		/**< the device inserts VLAN tags */
	/** Fewer TX queues than lcores that send: queue L of an lcore is
	 *  L % nb_txq, behind that queue's lock where it has two users. */
	bool txq_short;
	struct port_txlock *txlock;	/**< a device's, nb_txq of them */
	/** A device port's sub-ports: VLAN id -> port index, or
	 *  PORT_NONE; NULL without sub-ports. */
	uint8_t *vlan_port;
	/** Frames for the kernel twin, or NULL without host_iface. */
	struct rte_ring *to_host;
	struct rte_ether_addr own_mac;	/**< the port's MAC, as workers need */
	rte_be32_t addr;		/**< its own address */
	bool want_arp;			/**< ARP replies to addr go to the
					 *   control lcore too (unicast peers) */

	/* The control lcore's. */
	uint8_t link_event __rte_cache_aligned;	/**< set by the LSC callback */
	/** Set by a worker that received an MLD query on this port: the
	 *  control lcore answers (a flag, not a frame: a flood of queries
	 *  takes no room from advertisements). */
	uint8_t mld_query;
	struct rte_ether_addr mac;
	uint16_t nb_rxq;
	uint16_t nb_txq;		/**< the device's */
	uint16_t txq_req;		/**< the lcores' (and twin's) queues */
	bool lsc;			/**< the PMD reports link changes */
	bool started;
	uint32_t if_index;		/**< kernel interface driven, or 0 */
	/** A device port's: the ports that want each vhid's MAC through
	 *  the filter (itself and its sub-ports). */
	uint16_t vmac_refs[256];
	struct app_host *host;		/**< the kernel twin, or NULL */
} __rte_cache_aligned;

/** No port: a VLAN id no sub-port carries. */
#define PORT_NONE	UINT8_MAX

/* Descriptors of each RX and TX queue: as many buffers as each can hold. */
#define PORT_RX_DESC	1024
#define PORT_TX_DESC	1024

/*
 * A TX queue's lock, where lcores share the queue: a line of its own,
 * written by each of them, so that it takes no line the workers read on
 * every burst away from them.
 */
struct port_txlock {
	rte_spinlock_t lock;
	bool shared;
} __rte_cache_aligned;

/**
 * Probe (if EAL did not) and start the device of port section idx, with
 * nb_rxq RX queues and one TX queue per transmitting lcore (or one shared
 * queue where the device has fewer), then let the virtual MACs of its
 * vhosts through. @return 0 or -1, logged.
 */
int port_open(struct app *a, unsigned int idx, uint16_t nb_rxq,
		uint16_t nb_txq);

/** Set up nb_rxq RX queues (buffers from pool) and nb_txq TX queues of a
 *  configured device, and start it. @return 0 or -errno. */
int port_dev_start(uint16_t port_id, uint16_t nb_rxq, uint16_t nb_txq,
		struct rte_mempool *pool);

/** Let the virtual MAC of vhid through port idx's filter (on), or stop
 *  doing so; promiscuous mode where the filter cannot. */
void port_vmac(struct app *a, unsigned int idx, uint8_t vhid, bool on);

/** Current link state of a port. */
bool port_link_up(const struct app *a, unsigned int idx);

/** Stop and close every opened port. */
void port_close_all(struct app *a);

/** Send on a port from TX queue txq, the calling lcore's (or the shared
 *  one, locked); frees what is left. @return the number sent. */
uint16_t port_tx(struct app_port *p, uint16_t txq, struct rte_mbuf **pkts,
		uint16_t n);

/** Make sub-port idx of a started device port usable: its device's queues
 *  and MAC, its VLAN in the device's map. @return 0 or -1, logged. */
int port_attach_vlan(struct app *a, unsigned int idx);

/** Send frames of port idx (a device port or a VLAN sub-port, tagged on
 *  the way) on its device. What does not go is freed. @return sent. */
uint16_t port_send(struct app *a, unsigned int idx, uint16_t txq,
		struct rte_mbuf **pkts, uint16_t n);

/**
 * Tag a frame of port p for its VLAN, if it has one: by the device where
 * it inserts tags, else in the frame (which needs 4 bytes of headroom and
 * no other reference). @return 0, or -1: the frame cannot be tagged.
 */
/** A copy of frame (len bytes, untagged) on port idx, tagged for its
 *  VLAN: for the control lcore's frames. @return 0 if queued. */
int port_send_copy(struct app *a, unsigned int idx, uint16_t txq,
		const void *frame, size_t len);

static inline int
port_tag(const struct app_port *p, struct rte_mbuf *m)
{
	if (likely(p->vlan == 0))
		return 0;
	m->vlan_tci = p->vlan;
	if (p->tx_vlan_hw) {
		m->ol_flags |= RTE_MBUF_F_TX_VLAN;
		return 0;
	}
	return rte_vlan_insert(&m) == 0 ? 0 : -1;
}

#endif /* APP_PORT_H */
