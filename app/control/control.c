/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The control lcore's round: advertisements from the workers through the
 * receive path of lib/carp, requests from the console and telemetry, the
 * vhosts' timers, link changes, and reclamation of what the ARP balancer
 * retired.
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_timer.h>

#include "adv_known.h"
#include "app.h"
#include "control.h"
#include "mld.h"
#include "neigh.h"
#include "port.h"
#include "request.h"

/* Advertisements handled per round: enough for any honest segment, small
 * enough that a flood cannot hold the timers back for long.
 */
#define ADV_BATCH		64
#define LINK_POLL_NS		(100 * 1000 * 1000ULL)
#define RECLAIM_NS		(50 * 1000 * 1000ULL)
#define BADLOG_INTERVAL_NS	(1000 * 1000 * 1000ULL)

/* Bad advertisements, summarised at most once a second
 * (lib/carp/PROTOCOL.md §3).
 */
static struct {
	uint64_t last;
	uint64_t count[CARP_STAT_MAX];
	unsigned int lines;
} badlog;

static void
log_bad(struct app *a, enum carp_stat s, const struct rte_mbuf *m,
		uint64_t now)
{
	unsigned int level = a->carp->sysctl.v[CARP_KNOB_LOG];
	unsigned int i;
	char line[256];
	int off = 0;

	if (level == 0)
		return;
	badlog.count[s]++;
	/* log 2 and up: each bad packet, at most 10 a second. */
	if (level >= 2 && badlog.lines < 10) {
		badlog.lines++;
		PROTO_LOG(NOTICE, "port %s: dropped a %u-byte advertisement: %s",
			a->cfg.port[m->port].name, m->data_len,
			carp_stat_name(s));
	}
	if (now - badlog.last < BADLOG_INTERVAL_NS)
		return;
	for (i = 0; i < CARP_STAT_MAX && off < (int)sizeof(line) - 32; i++)
		if (badlog.count[i] > 0)
			off += snprintf(line + off, sizeof(line) - off,
				" %s %" PRIu64, carp_stat_name(i),
				badlog.count[i]);
	if (off > 0)
		PROTO_LOG(NOTICE, "bad advertisements in the last second:%s",
			line);
	memset(&badlog, 0, sizeof(badlog));
	badlog.last = now;
}

static unsigned int
drain_adverts(struct app *a)
{
	struct rte_mbuf *m[ADV_BATCH];
	unsigned int n, i;
	enum carp_stat s;
	uint64_t now;

	/* Those from the sources last heard first (adv_known.h), but never
	 * the whole batch: a flood that forges such a source must not
	 * starve the others' (a new MASTER's, say).
	 */
	n = rte_ring_dequeue_burst(a->adv_known, (void **)m,
		ADV_BATCH * 3 / 4, NULL);
	n += rte_ring_dequeue_burst(a->adv_ring, (void **)&m[n],
		ADV_BATCH - n, NULL);
	if (n == 0)
		return 0;
	now = app_now_ns();
	for (i = 0; i < n; i++) {
		s = carp_input(a->carp, m[i]->port,
			rte_pktmbuf_mtod(m[i], void *), m[i]->data_len, now);
		if (s == CARP_STAT_NONE)
			adv_heard(a, m[i]);
		else
			log_bad(a, s, m[i], now);
	}
	rte_pktmbuf_free_bulk(m, n);
	return n;
}

static unsigned int
check_links(struct app *a, uint64_t now)
{
	static uint64_t last_poll;
	bool event[APP_MAX_PORTS];
	unsigned int i, changed = 0;
	bool up;

	/* A device's event is its sub-ports' too: their link is its. */
	for (i = 0; i < a->nports; i++) {
		struct app_port *p = &a->port[i];

		/* Read before writing: an exchange on every round would
		 * dirty the line for nothing.
		 */
		event[i] = __atomic_load_n(&p->link_event, __ATOMIC_RELAXED) &&
			__atomic_exchange_n(&p->link_event, 0, __ATOMIC_ACQ_REL);
	}
	for (i = 0; i < a->nports; i++) {
		if (!event[a->port[i].dev] && now - last_poll < LINK_POLL_NS)
			continue;
		if (a->cfg.port[i].prefixlen == 0)
			continue;	/* a trunk: no carp port */
		up = port_link_up(a, i);
		if (up == a->carp->port[i].link_up)
			continue;
		PORT_LOG(NOTICE, "[%s] link %s", a->cfg.port[i].name,
			up ? "up" : "down");
		carp_port_link(a->carp, (uint16_t)i, up, now);
		if (up)
			mld_want(a, (uint16_t)i, false);
		changed++;
	}
	if (now - last_poll >= LINK_POLL_NS)
		last_poll = now;
	return changed;
}

void
control_start(struct app *a, struct app_worker *w)
{
	APP_LOG(INFO, "control on lcore %u%s", rte_lcore_id(),
		w != NULL ? ", with a worker's queues" : "");
	/* Waiting for the balancer's readers must not wait for itself. */
	arpbal_writer_reads(a->ab, w != NULL ? w->arp : NULL);
}

unsigned int
control_poll(struct app *a)
{
	static uint64_t last_reclaim;
	unsigned int work;
	uint64_t now;

	work = drain_adverts(a);
	work += control_serve(a);
	rte_timer_manage();
	now = app_now_ns();
	work += check_links(a, now);
	work += mld_poll(a, now);
	/* Once: the workers read this cache line on every burst. */
	if (!a->control_ready) {
		__atomic_store_n(&a->control_ready, true, __ATOMIC_RELEASE);
		APP_LOG(INFO, "ready: %u carp interface(s), %u address(es), "
			"%.3f s after start", a->carp->nvhosts,
			arpbal_count(a->ab),
			(double)(now - a->started_ns) / 1e9);
	}
	if (now - last_reclaim >= RECLAIM_NS) {
		arpbal_reclaim(a->ab);
		carp_conflicts_expire(a->carp, now);
		work += neigh_poll(a, now);
		last_reclaim = now;
	}
	return work;
}

void
control_stop(struct app *a)
{
	carp_shutdown(a->carp, app_now_ns());
	__atomic_store_n(&a->control_done, true, __ATOMIC_RELEASE);
}
