/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * A worker's full classification of a frame: its VLAN, whether it is for
 * this host at all, then by EtherType to the balancer (ARP, neighbour
 * discovery), the control lcore (advertisements), the kernel twin, or an
 * echo reply in place. Trunks, ports with a twin or peers to resolve take
 * every frame this way; plain ports, what their sorting leaves.
 */

#include <string.h>

#include <rte_arp.h>
#include <rte_branch_prediction.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "app.h"
#include "carp_wire.h"
#include "mbuf_drop.h"
#include "neigh.h"
#include "port.h"
#include "worker.h"
#include "worker_ip4.h"
#include "worker_ip6.h"
#include "worker_paths.h"

/* A frame the VLAN dispatch must see: on a trunk, or tagged. (A frame
 * shorter than a header reads the buffer's next bytes, never past it.)
 */
static inline bool
vlan_work(const struct app_port *d, const struct rte_mbuf *m)
{
	return d->vlan_port != NULL ||
		(m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED) ||
		rte_pktmbuf_mtod(m, const struct rte_ether_hdr *)->ether_type ==
			RTE_BE16(RTE_ETHER_TYPE_VLAN);
}

/*
 * The port a frame of device port dev belongs to: the sub-port of its
 * VLAN, or dev itself for an untagged frame. A tag in the frame is taken
 * out, one in the mbuf cleared: what follows sees untagged frames of that
 * port (m->port). @return the port's index, or PORT_NONE (counted).
 */
static inline uint16_t
port_of(const struct app_port *d, uint16_t dev, struct rte_mbuf *m,
		struct worker_stats *st)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	const struct rte_vlan_hdr *vh;
	uint16_t vid;

	if (m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED) {
		vid = m->vlan_tci & 0xfff;
		m->ol_flags &= ~(RTE_MBUF_F_RX_VLAN |
			RTE_MBUF_F_RX_VLAN_STRIPPED);
	} else if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_VLAN) &&
		   m->data_len >= RTE_ETHER_HDR_LEN + sizeof(*vh)) {
		vh = (const struct rte_vlan_hdr *)(eth + 1);
		vid = rte_be_to_cpu_16(vh->vlan_tci) & 0xfff;
		/* The addresses move over the tag. */
		memmove((uint8_t *)eth + sizeof(*vh), eth,
			2 * RTE_ETHER_ADDR_LEN);
		rte_pktmbuf_adj(m, sizeof(*vh));
	} else {
		vid = 0;
	}
	if (vid == 0) {		/* untagged, or priority-tagged */
		if (likely(d->untagged))
			return dev;
		st->vlan_untagged++;
		return PORT_NONE;
	}
	if (d->vlan_port != NULL && d->vlan_port[vid] != PORT_NONE)
		return d->vlan_port[vid];
	st->vlan_unknown++;
	return PORT_NONE;
}

/* Classify one frame of a burst; count what is dropped. */
static inline enum fate
classify(struct app *a, struct app_worker *w, const struct app_port *p,
		uint16_t port, struct rte_mbuf *m)
{
	struct worker_stats *st = &w->stats;
	bool host = p->to_host != NULL;
	struct rte_ether_hdr *eth;
	struct rte_ipv4_hdr *ip;
	uint8_t vhid = 0;
	enum fate f;

	if (unlikely(m->data_len < RTE_ETHER_HDR_LEN))
		return FATE_OTHER;
	eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	if (unlikely(carp_is_vmac(&eth->dst_addr))) {
		/* Frames to a virtual MAC only while that vhost is MASTER. */
		vhid = eth->dst_addr.addr_bytes[5];
		if (!arpbal_vhid_master(a->ab, port, vhid)) {
			st->vmac_not_master++;
			return FATE_DROP;
		}
	} else if (host &&
		   ((rte_is_unicast_ether_addr(&eth->dst_addr) &&
		     !rte_is_same_ether_addr(&eth->dst_addr, &p->own_mac)) ||
		    rte_is_same_ether_addr(&eth->src_addr, &p->own_mac))) {
		/* Another host's (a promiscuous port sees them), or our
		 * own looped back: never the kernel's business.
		 */
		st->not_ours++;
		return FATE_DROP;
	}
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_ARP))
		return FATE_ARP;
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4) &&
	    m->data_len >= IPV4_MIN_LEN) {
		ip = (struct rte_ipv4_hdr *)(eth + 1);
		if (ip->next_proto_id == CARP_IPPROTO) {
			return FATE_CARP;
		}
		f = ipv4_fate(w, port, host, vhid, m, ip);
	} else if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6) &&
		   m->data_len >= IPV6_MIN_LEN) {
		struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(eth + 1);

		if (ip6->proto == CARP_IPPROTO)
			return FATE_CARP;
		f = ipv6_fate(a, w, port, host, vhid, m, ip6);
		if (f == FATE_ND)
			return f;
	} else if (host) {
		f = FATE_HOST;
	} else {
		return FATE_OTHER;
	}
	/* The twin has the port's MAC: to its kernel a frame to a virtual
	 * MAC would be another host's.
	 */
	if (f == FATE_HOST && vhid != 0)
		rte_ether_addr_copy(&p->own_mac, &eth->dst_addr);
	return f;
}

/* Hand frames to the kernel twins of their ports (m->port), in runs of
 * one port; what a ring cannot take is dropped.
 */
static inline void
to_host(struct app *a, struct worker_stats *st, struct rte_mbuf **m,
		uint16_t n)
{
	uint16_t i, j, nq;

	for (i = 0; i < n; i = j) {
		struct rte_ring *r = a->port[m[i]->port].to_host;

		for (j = i + 1; j < n && m[j]->port == m[i]->port; j++)
			;
		nq = (uint16_t)rte_ring_enqueue_burst(r, (void **)&m[i],
			j - i, NULL);
		st->host_queued += nq;
		if (unlikely(nq < j - i)) {
			st->host_ring_full += j - i - nq;
			rte_pktmbuf_free_bulk(&m[i + nq], j - i - nq);
		}
	}
}

/* An ARP reply to the port's own address, on a port with unicast peers
 * to resolve: the control lcore reads it too (the frame is shared, read
 * only, freed by the last of its holders).
 */
static inline void
to_neigh(const struct app_port *p, struct rte_mbuf *m)
{
	const struct rte_arp_hdr *arp = rte_pktmbuf_mtod_offset(m,
		const struct rte_arp_hdr *, RTE_ETHER_HDR_LEN);

	if (m->data_len < RTE_ETHER_HDR_LEN + sizeof(*arp) ||
	    arp->arp_opcode != RTE_BE16(RTE_ARP_OP_REPLY) ||
	    arp->arp_data.arp_tip != p->addr)
		return;
	rte_mbuf_refcnt_update(m, 1);
	if (rte_ring_enqueue(neigh_ring(), m) != 0)
		rte_mbuf_refcnt_update(m, -1);
}

/*
 * Without a kernel twin, the port's own address is answered here, from
 * the port's MAC, so that a unicast peer can resolve it: the request
 * becomes its reply in place. @return true if m is that reply.
 */
static inline bool
own_request(const struct app_port *p, struct rte_mbuf *m)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_arp_hdr *arp = (struct rte_arp_hdr *)(eth + 1);
	struct rte_arp_ipv4 *d = &arp->arp_data;

	/* The target first: a flood asks for virtual addresses. */
	if (d->arp_tip != p->addr ||
	    m->data_len < RTE_ETHER_HDR_LEN + sizeof(*arp) ||
	    arp->arp_opcode != RTE_BE16(RTE_ARP_OP_REQUEST) ||
	    d->arp_sip == 0 || !rte_is_unicast_ether_addr(&d->arp_sha))
		return false;
	eth->dst_addr = d->arp_sha;
	eth->src_addr = p->own_mac;
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REPLY);
	d->arp_tha = d->arp_sha;
	d->arp_tip = d->arp_sip;
	d->arp_sha = p->own_mac;
	d->arp_sip = p->addr;
	return true;
}

/* Tag each reply for its port's VLAN; those that cannot be are dropped. */
static inline uint16_t
tag_all(struct app *a, struct worker_stats *st, struct rte_mbuf **m,
		uint16_t n)
{
	uint16_t i, out = 0;

	for (i = 0; i < n; i++) {
		if (likely(port_tag(&a->port[m[i]->port], m[i]) == 0)) {
			m[out++] = m[i];
		} else {
			st->tx_dropped++;
			rte_pktmbuf_free(m[i]);
		}
	}
	return out;
}

/*
 * Frames of device port p (q->port) each classified in full: trunks,
 * twins, peers to resolve, and what the plain ports' loop leaves.
 */
void
worker_frames(struct app *a, struct app_worker *w, const struct lcore_rxq *q,
		struct rte_mbuf **pkts, uint16_t n)
{
	struct app_port *p = &a->port[q->port];
	struct worker_stats *st = &w->stats;
	struct rte_mbuf *arp[WORKER_BURST];
	struct rte_mbuf *tx[WORKER_BURST], *carp[WORKER_BURST];
	struct rte_mbuf *drop[WORKER_BURST], *host[WORKER_BURST];
	struct rte_mbuf *arph[WORKER_BURST], *nd[WORKER_BURST];
	struct rte_mbuf *ndh[WORKER_BURST], **txv = tx;
	uint16_t i, narp = 0, ntx = 0, ncarp = 0, ndrop = 0, nhost = 0;
	uint16_t nr, narph = 0, npass = 0, nnd = 0, nndh = 0, nother = 0;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint16_t port = q->port;
		struct app_port *fp = p;	/* the frame's port */

		if (unlikely(vlan_work(p, m))) {
			port = port_of(p, q->port, m, st);
			if (port == PORT_NONE) {
				drop[ndrop++] = m;
				continue;
			}
			fp = &a->port[port];
		}
		/* Its port, for the balancer, the twins and the control
		 * lcore.
		 */
		m->port = port;
		switch (classify(a, w, fp, port, m)) {
		case FATE_ARP:
			if (unlikely(fp->want_arp))
				to_neigh(fp, m);
			/* With a twin, ARP not about a virtual address is
			 * the kernel's (its own address, its neighbours'
			 * replies): such ports' frames go apart.
			 */
			if (fp->to_host != NULL) {
				arph[narph++] = m;
			} else if (unlikely(own_request(fp, m))) {
				st->arp_own++;
				tx[ntx++] = m;
			} else {
				arp[narp++] = m;
			}
			break;
		case FATE_ND:
			if (fp->to_host != NULL)
				ndh[nndh++] = m;
			else
				nd[nnd++] = m;
			break;
		case FATE_CARP:
			carp[ncarp++] = m;
			break;
		case FATE_TX:
			tx[ntx++] = m;
			break;
		case FATE_HOST:
			host[nhost++] = m;
			break;
		case FATE_OTHER:
			/* Counted after the loop: a counter in memory,
			 * added frame after frame, would chain each add
			 * to the store before it.
			 */
			nother++;
			drop[ndrop++] = m;
			break;
		case FATE_DROP:
		default:
			drop[ndrop++] = m;
			break;
		}
	}

	if (narp > 0) {
		nr = arpbal_process(w->arp, arp, narp, NULL, NULL);
		/* A flood's replies are all there is to send: sent from
		 * where they are.
		 */
		if (ntx == 0) {
			txv = arp;
			ntx = nr;
		} else {
			for (i = 0; i < nr; i++)
				tx[ntx++] = arp[i];
		}
	}
	if (narph > 0) {
		nr = arpbal_process(w->arp, arph, narph, &host[nhost],
			&npass);
		nhost += npass;
		for (i = 0; i < nr; i++)
			txv[ntx++] = arph[i];
	}
	if (nnd > 0) {
		nr = arpbal_nd_process(w->arp, nd, nnd, NULL, NULL);
		for (i = 0; i < nr; i++)
			txv[ntx++] = nd[i];
	}
	if (nndh > 0) {
		npass = 0;
		nr = arpbal_nd_process(w->arp, ndh, nndh, &host[nhost],
			&npass);
		nhost += npass;
		for (i = 0; i < nr; i++)
			txv[ntx++] = ndh[i];
	}
	if (ncarp > 0)
		to_control(a, st, carp, ncarp);
	if (unlikely(p->vlan_port != NULL) && ntx > 0)
		ntx = tag_all(a, st, txv, ntx);
	if (ntx > 0)
		send_replies(p, w, txv, ntx);
	if (nhost > 0)
		to_host(a, st, host, nhost);
	st->other += nother;
	if (ndrop > 0)
		mbuf_drop_bulk(drop, ndrop);
}
