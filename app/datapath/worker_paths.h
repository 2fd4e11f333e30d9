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

#include "adv_known.h"
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

/* Advertisements onto ring r; what it cannot take is dropped.
 * @return how many it took.
 */
static inline uint16_t
adv_enqueue(struct rte_ring *r, struct worker_stats *st, struct rte_mbuf **m,
		uint16_t n)
{
	uint16_t nq;

	nq = (uint16_t)rte_ring_enqueue_burst(r, (void **)m, n, NULL);
	st->carp_queued += nq;
	if (unlikely(nq < n)) {
		st->carp_ring_full += n - nq;
		rte_pktmbuf_free_bulk(&m[nq], n - nq);
	}
	return nq;
}

/* Advertisements to the control lcore: those from the source last heard
 * for their vhid on a ring of their own (adv_known.h), the rest after.
 * m holds at most WORKER_BURST.
 */
static inline void
to_control(struct app *a, struct worker_stats *st, struct rte_mbuf **m,
		uint16_t n)
{
	struct rte_mbuf *known[WORKER_BURST];
	uint16_t i, nk = 0, nr = 0;

	for (i = 0; i < n; i++) {
		if (adv_known(a, m[i]))
			known[nk++] = m[i];
		else
			m[nr++] = m[i];
	}
	if (nk > 0)
		st->carp_known += adv_enqueue(a->adv_known, st, known, nk);
	if (nr > 0)
		adv_enqueue(a->adv_ring, st, m, nr);
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
