/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The bursts of a plain port (no trunk, no kernel twin, no peer to
 * resolve), which is what a flood meets: one that starts with ARP goes to
 * the balancer as it came, one that starts with IPv4 is sorted in a few
 * loads a frame; what neither takes is classified in full
 * (worker_frames()).
 */

#include <string.h>

#include <rte_arp.h>
#include <rte_branch_prediction.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "app.h"
#include "arpbal.h"
#include "carp_wire.h"
#include "mbuf_drop.h"
#include "worker.h"
#include "worker_paths.h"

/* Where a plain port's frame goes (worker_plain()). */
enum plain {
	PLAIN_ARP,	/* to the balancer */
	PLAIN_CARP,	/* to the control lcore */
	PLAIN_OTHER,	/* IPv4 with nothing here for it: dropped */
	PLAIN_REST,	/* to worker_frames() */
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

/*
 * A plain port's frames: no trunk, no twin, no peer to resolve. What
 * such a port sees most is sorted here: ARP to the balancer,
 * advertisements to the control lcore, other IPv4 dropped. The rest
 * (short frames, frames to a virtual MAC or tagged, echo requests, ARP
 * for the port's own address, IPv6) is classified in full by
 * worker_frames(). pkts holds n > 0 frames and has room for PREFETCH_AHEAD
 * more.
 */
void
worker_plain(struct app *a, struct app_worker *w, const struct lcore_rxq *q,
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
		worker_frames(a, w, q, rest, nrest);
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
 * frames it hands back are sorted as worker_plain() sorts any burst.
 * pkts holds n > 0 frames and has room for PREFETCH_AHEAD more.
 */
void
worker_sift(struct app *a, struct app_worker *w, const struct lcore_rxq *q,
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
		worker_plain(a, w, q, rest, nrest);
}
