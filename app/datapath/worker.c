/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The fast path of a polling lcore: one burst from each of its RX queues,
 * each frame classified once and handed to what deals with it, replies
 * sent on the lcore's own TX queue.
 */

#include <rte_branch_prediction.h>
#include <rte_ethdev.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>
#include <rte_ring.h>

#include "app.h"
#include "carp_wire.h"
#include "port.h"
#include "worker.h"

#define IPV4_MIN_LEN	(RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr))
/* RFC 792's types; DPDK renamed its constants in 24.11. */
#define ICMP_ECHO_REPLY		0
#define ICMP_ECHO_REQUEST	8

/*
 * Answer an echo request to a virtual address in place, from the virtual
 * MAC of the vhost that answers ARP for this requester, so that the
 * requester's neighbour entry and the switch stay consistent.
 * @return true if m is now a reply to send.
 */
static inline bool
icmp_echo(struct app *a, uint16_t port, struct rte_mbuf *m,
		struct worker_stats *st)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_icmp_hdr *icmp;
	size_t ihl = rte_ipv4_hdr_len(ip);
	struct arpbal_choice ch;
	uint32_t sum;
	rte_be32_t tmp;

	if (m->data_len < RTE_ETHER_HDR_LEN + ihl + sizeof(*icmp) ||
	    ihl < sizeof(*ip) ||
	    (ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_MF_FLAG |
					    RTE_IPV4_HDR_OFFSET_MASK)))
		return false;
	icmp = (struct rte_icmp_hdr *)((uint8_t *)ip + ihl);
	if (icmp->icmp_type != ICMP_ECHO_REQUEST || icmp->icmp_code != 0)
		return false;
	ch = arpbal_choose(a->ab, port, ip->dst_addr, ip->src_addr);
	if (ch.verdict != ARPBAL_ANSWERED) {
		if (ch.verdict != ARPBAL_NOT_SHARED)
			st->icmp_dropped++;
		return false;
	}

	rte_ether_addr_copy(&eth->src_addr, &eth->dst_addr);
	carp_vmac(ch.vhid, &eth->src_addr);
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
	st->icmp_answered++;
	return true;
}

static inline void
poll_queue(struct app *a, struct app_worker *w, const struct lcore_rxq *q,
		unsigned int *got)
{
	struct app_port *p = &a->port[q->port];
	struct worker_stats *st = &w->stats;
	struct rte_mbuf *pkts[WORKER_BURST], *arp[WORKER_BURST];
	struct rte_mbuf *tx[WORKER_BURST], *carp[WORKER_BURST];
	struct rte_mbuf *drop[WORKER_BURST];
	uint16_t n, i, narp = 0, ntx = 0, ncarp = 0, ndrop = 0, nq;

	n = rte_eth_rx_burst(p->port_id, q->queue, pkts, WORKER_BURST);
	if (n == 0)
		return;
	*got += n;
	st->rx += n;
	for (i = 0; i < n; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct rte_ether_hdr *eth;
		struct rte_ipv4_hdr *ip;

		if (i + 4 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 4], void *));
		if (unlikely(m->data_len < RTE_ETHER_HDR_LEN)) {
			st->other++;
			drop[ndrop++] = m;
			continue;
		}
		eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
		/* Frames to a virtual MAC only while that vhost is MASTER. */
		if (unlikely(carp_is_vmac(&eth->dst_addr)) &&
		    !arpbal_vhid_master(a->ab, q->port,
				eth->dst_addr.addr_bytes[5])) {
			st->vmac_not_master++;
			drop[ndrop++] = m;
			continue;
		}
		if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_ARP)) {
			arp[narp++] = m;
			continue;
		}
		if (eth->ether_type != RTE_BE16(RTE_ETHER_TYPE_IPV4) ||
		    m->data_len < IPV4_MIN_LEN) {
			st->other++;
			drop[ndrop++] = m;
			continue;
		}
		ip = (struct rte_ipv4_hdr *)(eth + 1);
		if (ip->next_proto_id == CARP_IPPROTO) {
			m->port = q->port;	/* index, for the control lcore */
			carp[ncarp++] = m;
		} else if (ip->next_proto_id == IPPROTO_ICMP &&
			   icmp_echo(a, q->port, m, st)) {
			tx[ntx++] = m;
		} else {
			st->other++;
			drop[ndrop++] = m;
		}
	}

	if (narp > 0) {
		uint16_t nr = arpbal_process(w->arp, q->port, arp, narp);

		for (i = 0; i < nr; i++)
			tx[ntx++] = arp[i];
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
	if (ntx > 0) {
		nq = port_tx(p, w->txq, tx, ntx);
		st->tx += nq;
		st->tx_dropped += ntx - nq;
	}
	if (ndrop > 0)
		rte_pktmbuf_free_bulk(drop, ndrop);
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
