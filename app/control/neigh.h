/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_NEIGH_H
#define APP_NEIGH_H

/**
 * @file
 * The MACs of the unicast peers of carp interfaces (peer = A.B.C.D),
 * resolved by ARP on the control lcore and kept fresh.
 */

#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ether.h>

struct app;
struct rte_ring;

/* ARP frames the workers hand over, waiting for the control lcore. */
#define NEIGH_RING	256

int neigh_init(struct app *a);
void neigh_free(void);

/** Where workers put ARP replies to a port's own address once the port
 *  has a peer to resolve (app_port.want_arp); m->port is the port. */
struct rte_ring *neigh_ring(void);

/** On the control lcore: the MAC of addr on port, asked for (by the next
 *  neigh_poll()) if not known yet. @return 0 and *mac, or -ENOENT. */
int neigh_lookup(struct app *a, uint16_t port, rte_be32_t addr,
		struct rte_ether_addr *mac, uint64_t now);

/** The MAC of addr on port if known, without asking. @return 0 or
 *  -ENOENT. */
int neigh_get(uint16_t port, rte_be32_t addr, struct rte_ether_addr *mac);

/** On the control lcore, a few times a second: take the workers' ARP
 *  replies, ask what is due, forget what is unused. @return work done. */
unsigned int neigh_poll(struct app *a, uint64_t now);

#endif /* APP_NEIGH_H */
