/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The fast path of a polling lcore: one burst from each of its RX queues,
 * each taken the way its port and its first frame call for
 * (worker_paths.h), replies sent on the lcore's own TX queue.
 */

#include <rte_branch_prediction.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "app.h"
#include "arpbal.h"
#include "worker.h"
#include "worker_paths.h"

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
			worker_sift(a, w, q, pkts, n);
			return;
		}
		if (first_type(pkts) == RTE_BE16(RTE_ETHER_TYPE_IPV4)) {
			worker_plain(a, w, q, pkts, n);
			return;
		}
	}
	for (i = 0; i < n; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
	worker_frames(a, w, q, pkts, n);
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
