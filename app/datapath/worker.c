/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The fast path of a polling lcore: one burst from each of its RX queues,
 * each frame classified once and handed to what deals with it, replies
 * sent on the lcore's own TX queue.
 */

#include <string.h>

#include <rte_arp.h>
#include <rte_branch_prediction.h>
#include <rte_ethdev.h>
#include <rte_icmp.h>
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
#include "worker_ip6.h"

#define IPV4_MIN_LEN	(RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr))
/* RFC 792's types; DPDK renamed its constants in 24.11. */
#define ICMP_ECHO_REPLY		0
#define ICMP_ECHO_REQUEST	8

enum echo {
	ECHO_NONE,	/* no echo request */
	ECHO_OK,
	ECHO_BAD,	/* one that Linux would drop: lengths or checksum */
};

/* An echo request, whole, unfragmented, its IP header consistent with the
 * frame: the reply keeps the request's length, so a bogus one must not be
 * echoed back.
 */
static inline enum echo
echo_request(const struct rte_mbuf *m, const struct rte_ipv4_hdr *ip)
{
	size_t ihl = rte_ipv4_hdr_len(ip), tl;
	const struct rte_icmp_hdr *icmp;

	if (ip->next_proto_id != IPPROTO_ICMP || ihl < sizeof(*ip) ||
	    m->data_len < RTE_ETHER_HDR_LEN + ihl + sizeof(*icmp) ||
	    (ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_MF_FLAG |
					    RTE_IPV4_HDR_OFFSET_MASK)))
		return ECHO_NONE;
	icmp = (const struct rte_icmp_hdr *)((const uint8_t *)ip + ihl);
	if (icmp->icmp_type != ICMP_ECHO_REQUEST || icmp->icmp_code != 0)
		return ECHO_NONE;
	tl = rte_be_to_cpu_16(ip->total_length);
	if (tl < ihl + sizeof(*icmp) || RTE_ETHER_HDR_LEN + tl > m->data_len ||
	    rte_raw_cksum(ip, ihl) != 0xffff)
		return ECHO_BAD;
	return ECHO_OK;
}

/*
 * Answer an echo request to a virtual address in place, from the virtual
 * MAC of the vhost that serves the requester (as for ARP), so that the
 * requester's neighbour entry and the switch stay consistent.
 */
static inline void
echo_reply(struct rte_mbuf *m, uint8_t vhid)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_icmp_hdr *icmp = (struct rte_icmp_hdr *)((uint8_t *)ip +
		rte_ipv4_hdr_len(ip));
	uint32_t sum;
	rte_be32_t tmp;

	rte_ether_addr_copy(&eth->src_addr, &eth->dst_addr);
	carp_vmac(vhid, &eth->src_addr);
	tmp = ip->src_addr;
	ip->src_addr = ip->dst_addr;
	ip->dst_addr = tmp;
	ip->time_to_live = 64;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	/* Type 8 -> 0 changes one 16-bit word by 0x0800 (RFC 1624). */
	icmp->icmp_type = ICMP_ECHO_REPLY;
	sum = (uint32_t)(uint16_t)~rte_be_to_cpu_16(icmp->icmp_cksum) +
		(uint16_t)~0x0800;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	icmp->icmp_cksum = rte_cpu_to_be_16((uint16_t)~sum);
}

/*
 * IPv4 that is not CARP. To a virtual address: echo requests answered
 * here while this host serves the requester, the rest to the kernel under
 * the same rule; to any other address, to the kernel. Without a twin only
 * the echo requests are handled.
 */
static inline enum fate
ipv4_fate(struct app_worker *w, uint16_t port, bool host, uint8_t vhid,
		struct rte_mbuf *m, struct rte_ipv4_hdr *ip)
{
	struct worker_stats *st = &w->stats;
	enum echo echo = echo_request(m, ip);
	struct arpbal_choice c;

	if (unlikely(echo == ECHO_BAD)) {
		st->icmp_malformed++;
		return FATE_DROP;
	}
	if (!host && echo == ECHO_NONE)
		return FATE_OTHER;
	c = arpbal_reader_lookup(w->arp, port, ip->dst_addr, ip->src_addr,
		vhid);
	if (c.verdict == ARPBAL_NOT_SHARED)
		return not_virtual(host);
	if (echo == ECHO_OK) {
		if (c.verdict == ARPBAL_ANSWERED) {
			echo_reply(m, c.vhid);
			st->icmp_answered++;
			return FATE_TX;
		}
		st->icmp_dropped++;
		return FATE_DROP;
	}
	if (c.verdict == ARPBAL_ANSWERED)
		return FATE_HOST;
	st->vip_not_master++;
	return FATE_DROP;
}

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

static inline void
poll_queue(struct app *a, struct app_worker *w, const struct lcore_rxq *q,
		unsigned int *got)
{
	struct app_port *p = &a->port[q->port];
	struct worker_stats *st = &w->stats;
	struct rte_mbuf *pkts[WORKER_BURST], *arp[WORKER_BURST];
	struct rte_mbuf *tx[WORKER_BURST], *carp[WORKER_BURST];
	struct rte_mbuf *drop[WORKER_BURST], *host[WORKER_BURST];
	struct rte_mbuf *arph[WORKER_BURST], *nd[WORKER_BURST];
	struct rte_mbuf *ndh[WORKER_BURST], **txv = tx;
	uint16_t n, i, narp = 0, ntx = 0, ncarp = 0, ndrop = 0, nhost = 0;
	uint16_t nq, nr, narph = 0, npass = 0, nnd = 0, nndh = 0, nother = 0;

	n = rte_eth_rx_burst(p->port_id, q->queue, pkts, WORKER_BURST);
	if (n == 0)
		return;
	*got += n;
	st->rx += n;
	for (i = 0; i < n; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));

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
	if (ncarp > 0) {
		nq = (uint16_t)rte_ring_enqueue_burst(a->adv_ring,
			(void **)carp, ncarp, NULL);
		st->carp_queued += nq;
		if (unlikely(nq < ncarp)) {
			st->carp_ring_full += ncarp - nq;
			rte_pktmbuf_free_bulk(&carp[nq], ncarp - nq);
		}
	}
	if (unlikely(p->vlan_port != NULL) && ntx > 0)
		ntx = tag_all(a, st, txv, ntx);
	if (ntx > 0) {
		nq = port_tx(p, w->txq, txv, ntx);
		st->tx += nq;
		st->tx_dropped += ntx - nq;
	}
	if (nhost > 0)
		to_host(a, st, host, nhost);
	st->other += nother;
	if (ndrop > 0)
		mbuf_drop_bulk(drop, ndrop);
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
