/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef ARPBAL_H
#define ARPBAL_H

/**
 * @file
 * The ARP fast path: which host answers for a virtual address, decided per
 * request on the polling lcores without locks.
 *
 * An rte_hash keyed by (port, IPv4 address) leads to the address's group:
 * the vhids on that port that carry it, ascending. The state of every vhid
 * (INIT, BACKUP, MASTER) is published in a flat table. With balancing on,
 * a request from sender address S goes to the i-th running vhid of the
 * group, i = S mod n (PROTOCOL.md 5.3), and is answered only if that vhid
 * is MASTER here; with balancing off, the lowest MASTER vhid answers.
 *
 * One writer (the control lcore) changes groups and states; readers
 * report quiescent states through RCU QSBR, and a replaced or deleted
 * group is freed only once every reader has passed one.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>

#define ARPBAL_MAX_PORTS	32
#define ARPBAL_BURST_MAX	64

/** Per-reader counters; each reader owns one, nobody else writes it. */
struct arpbal_stats {
	uint64_t requests;	/**< ARP requests looked at */
	uint64_t answered;	/**< replies built */
	uint64_t not_master;	/**< for a shared address, not ours to answer */
	uint64_t not_shared;	/**< target is no virtual address here */
	uint64_t malformed;	/**< not an Ethernet/IPv4 ARP request */
	/** Replies per vhid, by port: who answered how much. */
	uint64_t answered_vhid[ARPBAL_MAX_PORTS][256];
};

struct arpbal;

/**
 * Create the table for up to max_addrs (port, address) pairs and
 * max_readers reader threads.
 */
struct arpbal *arpbal_create(const char *name, uint32_t max_addrs,
		uint32_t max_readers, int socket_id);

void arpbal_free(struct arpbal *ab);

/** Reader thread_id (0..max_readers-1) starts reading. */
int arpbal_reader_online(struct arpbal *ab, unsigned int thread_id);

/** Reader thread_id stops reading (it will not block reclamation). */
void arpbal_reader_offline(struct arpbal *ab, unsigned int thread_id);

/** Reader thread_id holds no reference: call after every burst. */
void arpbal_reader_quiescent(struct arpbal *ab, unsigned int thread_id);

/**
 * Writer: set the vhids (any order) carrying addr on port; n = 0 removes
 * the address. @return 0 or a negative errno.
 */
int arpbal_group_set(struct arpbal *ab, uint16_t port, rte_be32_t addr,
		const uint8_t *vhids, unsigned int n);

/** Writer: publish the state (enum carp_state) of vhid on port. */
void arpbal_state_set(struct arpbal *ab, uint16_t port, uint8_t vhid,
		uint8_t state);

/** Writer: turn balancing (sysctl arpbalance) on or off. */
void arpbal_balance_set(struct arpbal *ab, bool on);

/** Writer: free what readers can no longer see. */
void arpbal_reclaim(struct arpbal *ab);

/**
 * Reader: which vhid answers a request from sip for addr on port.
 * @return the vhid (1..255), or 0 if this host stays silent; *shared is
 *   set to whether addr is a virtual address on port at all.
 */
uint8_t arpbal_choose(const struct arpbal *ab, uint16_t port,
		rte_be32_t addr, rte_be32_t sip, bool *shared);

/** Reader: true if vhid is MASTER on port. */
bool arpbal_vhid_master(const struct arpbal *ab, uint16_t port, uint8_t vhid);

/**
 * Reader: handle a burst of ARP requests that arrived on port. Requests
 * this host answers are turned into replies in place, from the chosen
 * vhid's virtual MAC, and moved to the front of pkts; the others are freed.
 * @return the number of replies at the front of pkts, ready to transmit.
 */
uint16_t arpbal_process(const struct arpbal *ab, uint16_t port,
		struct rte_mbuf **pkts, uint16_t n, struct arpbal_stats *st);

/** Number of (port, address) entries. */
uint32_t arpbal_count(const struct arpbal *ab);

/** Iterate the entries: fills port, addr and the vhids; 0 when done. */
int arpbal_iterate(const struct arpbal *ab, uint32_t *next, uint16_t *port,
		rte_be32_t *addr, uint8_t *vhids, unsigned int *n);

#endif /* ARPBAL_H */
