/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The fast path of a polling lcore: one burst from each of its RX queues,
 * each frame classified once and handed to what deals with it, replies
 * sent on the lcore's own TX queue. A plain port's burst (no trunk, no
 * kernel twin, no peer to resolve: what a flood meets) that starts with
 * ARP goes to the balancer as it is (poll_sift()), one that starts with
 * IPv4 is sorted in a few loads a frame (poll_plain()); what those leave,
 * and every frame of the other ports, is classified in full
 * (poll_frames()).
 */

#include <string.h>

#include <rte_arp.h>
#include <rte_branch_prediction.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>
#include <rte_ring.h>

#include "app.h"
#include "mbuf_drop.h"
#include "neigh.h"
#include "carp_wire.h"
#include "port.h"
#include "worker.h"
#include "worker_ip4.h"
#include "worker_ip6.h"

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

/* Advertisements to the control lcore; what its ring cannot take is
 * dropped.
 */
static inline void
to_control(struct app *a, struct worker_stats *st, struct rte_mbuf **m,
		uint16_t n)
{
	uint16_t nq;

	nq = (uint16_t)rte_ring_enqueue_burst(a->adv_ring, (void **)m, n,
		NULL);
	st->carp_queued += nq;
	if (unlikely(nq < n)) {
		st->carp_ring_full += n - nq;
		rte_pktmbuf_free_bulk(&m[nq], n - nq);
	}
}

/* Replies out of the device port p, on the lcore's own TX queue. */
static inline void
send_replies(struct app_port *p, struct app_worker *w, struct rte_mbuf **m,
		uint16_t n)
{
	uint16_t nq = port_tx(p, w->txq, m, n);

	w->stats.tx += nq;
	w->stats.tx_dropped += n - nq;
}

/*
 * Frames of device port p (q->port) each classified in full: trunks,
 * twins, peers to resolve, and what the plain ports' loop leaves.
 */
static __rte_noinline void
poll_frames(struct app *a, struct app_worker *w, const struct lcore_rxq *q,
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

/* Where a plain port's frame goes (poll_plain()). */
enum plain {
	PLAIN_ARP,	/* to the balancer */
	PLAIN_CARP,	/* to the control lcore */
	PLAIN_OTHER,	/* IPv4 with nothing here for it: dropped */
	PLAIN_REST,	/* to poll_frames() */
};

/*
 * One frame of a plain port, decided in a few loads: long enough for an
 * ARP request (and an IPv4 header), to no virtual MAC
 * (00:00:5e:00:01:vhid), untagged; then its EtherType, and for IPv4 the
 * protocol.
 */
static __rte_always_inline enum plain
plain_sort(struct rte_mbuf *m, uint16_t port, rte_be32_t own)
{
	const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct rte_ether_hdr *eth = (const struct rte_ether_hdr *)f;
	const struct rte_arp_hdr *ah = (const struct rte_arp_hdr *)(eth + 1);
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(eth + 1);
	uint32_t dst;

	m->port = port;
	memcpy(&dst, f, sizeof(dst));
	if (unlikely(m->data_len < RTE_ETHER_HDR_LEN + sizeof(*ah) ||
		     dst == RTE_BE32(0x00005e00) ||
		     (m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED)))
		return PLAIN_REST;
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_ARP))
		return likely(ah->arp_data.arp_tip != own) ?
			PLAIN_ARP : PLAIN_REST;
	if (eth->ether_type != RTE_BE16(RTE_ETHER_TYPE_IPV4))
		return PLAIN_REST;
	if (ip->next_proto_id == CARP_IPPROTO)
		return PLAIN_CARP;
	return likely(ip->next_proto_id != IPPROTO_ICMP) ?
		PLAIN_OTHER : PLAIN_REST;
}

/* Frames ahead of the one sorted whose headers are fetched meanwhile. */
#define PREFETCH_AHEAD	4

/*
 * A plain port's frames: no trunk, no twin, no peer to resolve. What
 * such a port sees most is sorted here: ARP to the balancer,
 * advertisements to the control lcore, other IPv4 dropped. The rest
 * (short frames, frames to a virtual MAC or tagged, echo requests, ARP
 * for the port's own address, IPv6) is classified in full by
 * poll_frames(). pkts holds n > 0 frames and has room for PREFETCH_AHEAD
 * more.
 */
static inline void
poll_plain(struct app *a, struct app_worker *w, const struct lcore_rxq *q,
		struct rte_mbuf **pkts, unsigned int n)
{
	struct app_port *p = &a->port[q->port];
	const uint16_t port = q->port;
	const rte_be32_t own = p->addr;
	struct rte_mbuf *arp[WORKER_BURST], *carp[WORKER_BURST];
	struct rte_mbuf *drop[WORKER_BURST], *rest[WORKER_BURST];
	unsigned int i, narp = 0, ncarp = 0, ndrop = 0, nrest = 0;
	uint16_t nr;

	/* pkts has room for PREFETCH_AHEAD more: the last frame again, so
	 * that the loop prefetches without a test.
	 */
	for (i = 0; i < PREFETCH_AHEAD; i++) {
		pkts[n + i] = pkts[n - 1];
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
	}
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		rte_prefetch0(rte_pktmbuf_mtod(pkts[i + PREFETCH_AHEAD],
			void *));
		switch (plain_sort(m, port, own)) {
		case PLAIN_ARP:
			arp[narp++] = m;
			break;
		case PLAIN_CARP:
			carp[ncarp++] = m;
			break;
		case PLAIN_OTHER:
			drop[ndrop++] = m;
			break;
		default:
			rest[nrest++] = m;
			break;
		}
	}

	/* What was dropped so far is IPv4 with nothing here for it. */
	w->stats.other += ndrop;
	if (unlikely(nrest > 0))
		poll_frames(a, w, q, rest, nrest);
	if (narp > 0) {
		nr = arpbal_process(w->arp, arp, narp, NULL, NULL);
		if (nr > 0)
			send_replies(p, w, arp, nr);
	}
	if (ncarp > 0)
		to_control(a, &w->stats, carp, ncarp);
	if (ndrop > 0)
		mbuf_drop_bulk(drop, ndrop);
}

/*
 * A plain port's burst that starts with ARP: the balancer takes its
 * requests (but for the port's own address) in one pass over the burst
 * as it comes (a flood of them is all there is to such a burst); the few
 * frames it hands back are sorted as poll_plain() sorts any burst. pkts holds n > 0
 * frames and has room for PREFETCH_AHEAD more.
 */
static inline void
poll_sift(struct app *a, struct app_worker *w, const struct lcore_rxq *q,
		struct rte_mbuf **pkts, unsigned int n)
{
	struct rte_mbuf *rest[WORKER_BURST + PREFETCH_AHEAD];
	uint16_t nr, nrest, i;

	RTE_BUILD_BUG_ON(PREFETCH_AHEAD < ARPBAL_SIFT_AHEAD);
	for (i = 0; i < PREFETCH_AHEAD; i++)
		pkts[n + i] = pkts[n - 1];
	nr = arpbal_sift(w->arp, q->port, a->port[q->port].addr, pkts, n,
		rest, &nrest);
	if (nr > 0)
		send_replies(&a->port[q->port], w, pkts, nr);
	if (unlikely(nrest > 0))
		poll_plain(a, w, q, rest, nrest);
}

/*
 * How a plain port's burst is taken, by its first frame: a flood comes in
 * bursts of one kind. ARP goes to the balancer first, IPv4 is sorted
 * first; a burst of anything else (IPv6: solicitations) would pay for
 * the sorting only to be classified in full after it. (A frame shorter
 * than a header reads the buffer's next bytes, never past it.)
 */
static inline rte_be16_t
first_type(struct rte_mbuf *const *pkts)
{
	return rte_pktmbuf_mtod(pkts[0],
		const struct rte_ether_hdr *)->ether_type;
}

static inline void
poll_queue(struct app *a, struct app_worker *w, const struct lcore_rxq *q,
		unsigned int *got)
{
	const struct app_port *p = &a->port[q->port];
	struct rte_mbuf *pkts[WORKER_BURST + PREFETCH_AHEAD];
	uint16_t n, i;

	n = rte_eth_rx_burst(p->port_id, q->queue, pkts, WORKER_BURST);
	if (n == 0)
		return;
	*got += n;
	w->stats.rx += n;
	if (likely(p->vlan_port == NULL && p->to_host == NULL &&
		   !p->want_arp)) {
		if (first_type(pkts) == RTE_BE16(RTE_ETHER_TYPE_ARP)) {
			poll_sift(a, w, q, pkts, n);
			return;
		}
		if (first_type(pkts) == RTE_BE16(RTE_ETHER_TYPE_IPV4)) {
			poll_plain(a, w, q, pkts, n);
			return;
		}
	}
	for (i = 0; i < n; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
	poll_frames(a, w, q, pkts, n);
}

void
worker_start(struct app *a, struct app_worker *w)
{
	RTE_SET_USED(a);
	APP_LOG(INFO, "worker on lcore %u polls %u queue(s)", w->lcore_id,
		w->nrxq);
	arpbal_reader_online(w->arp);
}

unsigned int
worker_poll(struct app *a, struct app_worker *w)
{
	unsigned int i, got = 0;

	for (i = 0; i < w->nrxq; i++)
		poll_queue(a, w, &w->rxq[i], &got);
	arpbal_reader_quiescent(w->arp);
	if (got == 0)
		arpbal_reader_age(w->arp);
	return got;
}

void
worker_stop(struct app *a, struct app_worker *w)
{
	RTE_SET_USED(a);
	arpbal_reader_offline(w->arp);
}
