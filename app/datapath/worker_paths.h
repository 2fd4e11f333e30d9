/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_WORKER_PATHS_H
#define APP_WORKER_PATHS_H

/*
 * The ways a worker takes the burst of one RX queue, which worker.c picks
 * by the port and the burst's first frame: a plain port's burst (no trunk,
 * no kernel twin, no peer to resolve: what a flood meets) that starts
 * with ARP goes to the balancer as it is (worker_sift()), one that starts
 * with IPv4 is sorted in a few loads a frame (worker_plain(); both in
 * worker_plain.c); what those leave, and every frame of the other ports,
 * is classified in full (worker_frames(), worker_frames.c). What they
 * share to send replies and hand advertisements on is here, inlined.
 */

#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "app.h"
#include "port.h"
#include "worker.h"

/* Frames ahead of the one read whose headers are fetched meanwhile: a
 * burst's array has room for as many more.
 */
#define PREFETCH_AHEAD	4

/** Frames of device port q->port, each classified in full. */
void worker_frames(struct app *a, struct app_worker *w,
		const struct lcore_rxq *q, struct rte_mbuf **pkts, uint16_t n);

/** A plain port's frames, sorted; pkts has room for PREFETCH_AHEAD more. */
void worker_plain(struct app *a, struct app_worker *w,
		const struct lcore_rxq *q, struct rte_mbuf **pkts,
		unsigned int n);

/** A plain port's burst that starts with ARP, through the balancer first;
 * pkts has room for PREFETCH_AHEAD more.
 */
void worker_sift(struct app *a, struct app_worker *w,
		const struct lcore_rxq *q, struct rte_mbuf **pkts,
		unsigned int n);

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

#endif /* APP_WORKER_PATHS_H */
