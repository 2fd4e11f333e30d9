/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The MACs of unicast peers, on the control lcore: resolved by ARP from
 * the port's own address and MAC, asked again before they age, dropped
 * when no carp interface has used them for a while. Until a peer answers,
 * its advertisements go to the broadcast MAC (lib/carp/PROTOCOL.md §9).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <rte_arp.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "app.h"
#include "carp_map.h"
#include "neigh.h"
#include "port.h"

#define NSEC		1000000000ULL
/* A known MAC is asked for again after REFRESH, every ASK_EVERY until it
 * answers; unanswered for STALE, it is no longer trusted.
 */
#define REFRESH		(30 * NSEC)
#define ASK_EVERY	(1 * NSEC)
#define STALE		(REFRESH + 3 * ASK_EVERY)
/* Forgotten when no advertisement has wanted it for this long. */
#define UNUSED		(600 * NSEC)

struct neigh {
	uint16_t port;
	rte_be32_t addr;
	struct rte_ether_addr mac;
	bool known;
	uint64_t confirmed;	/* ns: its last answer */
	uint64_t next_ask;
	uint64_t used;		/* ns: an advertisement last wanted it */
};

static struct {
	struct carp_map index;	/* port << 32 | addr -> slot */
	struct neigh *e;
	uint32_t n, room;
	struct rte_ring *ring;	/* ARP replies from the workers */
} nt;

static inline uint64_t
key(uint16_t port, rte_be32_t addr)
{
	return (uint64_t)port << 32 | addr;
}

int
neigh_init(struct app *a)
{
	RTE_SET_USED(a);
	carp_map_init(&nt.index);
	nt.ring = rte_ring_create("carp_neigh", NEIGH_RING, SOCKET_ID_ANY,
		RING_F_SC_DEQ);
	return nt.ring != NULL ? 0 : -ENOMEM;
}

void
neigh_free(void)
{
	struct rte_mbuf *m;

	while (nt.ring != NULL && rte_ring_dequeue(nt.ring, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	rte_ring_free(nt.ring);
	nt.ring = NULL;
	carp_map_free(&nt.index);
	free(nt.e);
	memset(&nt, 0, sizeof(nt));
}

struct rte_ring *
neigh_ring(void)
{
	return nt.ring;
}

static struct neigh *
find(uint16_t port, rte_be32_t addr)
{
	uint32_t *slot = carp_map_find(&nt.index, key(port, addr));

	return slot != NULL ? &nt.e[*slot] : NULL;
}

int
neigh_lookup(struct app *a, uint16_t port, rte_be32_t addr,
		struct rte_ether_addr *mac, uint64_t now)
{
	struct neigh *e = find(port, addr);

	if (e == NULL) {
		if (nt.n == nt.room) {
			uint32_t room = nt.room != 0 ? nt.room * 2 : 16;
			struct neigh *ne = realloc(nt.e, room * sizeof(*ne));

			if (ne == NULL)
				return -ENOMEM;
			nt.e = ne;
			nt.room = room;
		}
		if (carp_map_put(&nt.index, key(port, addr), nt.n) != 0)
			return -ENOMEM;
		e = &nt.e[nt.n++];
		memset(e, 0, sizeof(*e));
		e->port = port;
		e->addr = addr;
		e->next_ask = now;
		/* The workers start handing over ARP replies to the port. */
		__atomic_store_n(&a->port[port].want_arp, true,
			__ATOMIC_RELEASE);
	}
	e->used = now;
	if (!e->known)
		return -ENOENT;
	*mac = e->mac;
	return 0;
}

/* who-has addr, tell the port's own address, from its own MAC. */
static void
ask(struct app *a, const struct neigh *e)
{
	const struct app_port *p = &a->port[e->port];
	struct rte_ether_hdr *eth;
	struct rte_arp_hdr *arp;
	struct rte_mbuf *m;

	m = rte_pktmbuf_alloc(a->pool);
	if (m == NULL)
		return;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m,
		sizeof(*eth) + sizeof(*arp));
	if (eth == NULL) {
		rte_pktmbuf_free(m);
		return;
	}
	memset(&eth->dst_addr, 0xff, sizeof(eth->dst_addr));
	eth->src_addr = p->own_mac;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_ARP);
	arp = (struct rte_arp_hdr *)(eth + 1);
	arp->arp_hardware = RTE_BE16(RTE_ARP_HRD_ETHER);
	arp->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	arp->arp_hlen = RTE_ETHER_ADDR_LEN;
	arp->arp_plen = sizeof(rte_be32_t);
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REQUEST);
	arp->arp_data.arp_sha = p->own_mac;
	arp->arp_data.arp_sip = a->cfg.port[e->port].addr;
	memset(&arp->arp_data.arp_tha, 0, sizeof(arp->arp_data.arp_tha));
	arp->arp_data.arp_tip = e->addr;
	port_send(a, e->port, LCORE_CONTROL_TXQ, &m, 1);
}

/* What the workers handed over: ARP from the ports' neighbours. */
static unsigned int
drain(uint64_t now)
{
	struct rte_mbuf *m[32];
	const struct rte_arp_hdr *arp;
	struct neigh *e;
	unsigned int n, i;

	n = rte_ring_dequeue_burst(nt.ring, (void **)m, RTE_DIM(m), NULL);
	for (i = 0; i < n; i++) {
		arp = rte_pktmbuf_mtod_offset(m[i], const struct rte_arp_hdr *,
			RTE_ETHER_HDR_LEN);
		e = m[i]->data_len >= RTE_ETHER_HDR_LEN + sizeof(*arp) ?
			find(m[i]->port, arp->arp_data.arp_sip) : NULL;
		if (e != NULL &&
		    rte_is_unicast_ether_addr(&arp->arp_data.arp_sha)) {
			e->mac = arp->arp_data.arp_sha;
			e->known = true;
			e->confirmed = now;
			e->next_ask = now + REFRESH;
		}
		rte_pktmbuf_free(m[i]);
	}
	return n;
}

unsigned int
neigh_poll(struct app *a, uint64_t now)
{
	unsigned int work = drain(now);
	char s[INET_ADDRSTRLEN];
	uint32_t i = 0;

	while (i < nt.n) {
		struct neigh *e = &nt.e[i];

		if (now - e->used > UNUSED) {
			/* The last one takes its slot. */
			carp_map_del(&nt.index, key(e->port, e->addr));
			if (i != --nt.n) {
				*e = nt.e[nt.n];
				carp_map_put(&nt.index, key(e->port, e->addr), i);
			}
			continue;
		}
		if (e->known && now - e->confirmed > STALE) {
			inet_ntop(AF_INET, &e->addr, s, sizeof(s));
			PORT_LOG(WARNING, "[%s] peer %s stopped answering ARP: "
				"advertisements to it go to the broadcast MAC",
				a->cfg.port[e->port].name, s);
			e->known = false;
		}
		if (now >= e->next_ask) {
			ask(a, e);
			e->next_ask = now + ASK_EVERY;
			work++;
		}
		i++;
	}
	return work;
}

int
neigh_get(uint16_t port, rte_be32_t addr, struct rte_ether_addr *mac)
{
	const struct neigh *e = find(port, addr);

	if (e == NULL || !e->known)
		return -ENOENT;
	*mac = e->mac;
	return 0;
}
