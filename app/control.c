/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_timer.h>

#include "cli.h"
#include "control.h"
#include "ctl.h"
#include "hook.h"
#include "port.h"
#include "worker.h"

/* Advertisements handled per round: enough for any honest segment, small
 * enough that a flood cannot hold the timers back for long.
 */
#define CTRL_BATCH		64
#define LINK_POLL_NS		(100 * 1000 * 1000ULL)
#define RECLAIM_NS		(50 * 1000 * 1000ULL)
#define BADLOG_INTERVAL_NS	(1000 * 1000 * 1000ULL)

/* Bad advertisements, summarised at most once a second (PROTOCOL.md 3). */
static struct {
	uint64_t last;
	uint64_t count[CARP_STAT_MAX];
	unsigned int lines;
} badlog;

static uint64_t
ns_to_ticks(uint64_t ns)
{
	return (uint64_t)((unsigned __int128)ns * app_timer_hz() /
		CARP_NSEC_PER_SEC);
}

static void
timer_fired(struct rte_timer *tim, void *arg)
{
	struct carp_vhost *vh = arg;

	RTE_SET_USED(tim);
	carp_vhost_expire(app.carp, vh, app_now_ns());
}

static void
ops_timer(void *arg, struct carp_vhost *vh)
{
	struct rte_timer *tim = vh->priv;
	uint64_t now;

	RTE_SET_USED(arg);
	if (tim == NULL) {
		tim = rte_zmalloc("carp_timer", sizeof(*tim), 0);
		if (tim == NULL) {
			STATE_LOG(ERR, "%s: no memory for its timer",
				vh->conf.name);
			return;
		}
		rte_timer_init(tim);
		vh->priv = tim;
	}
	if (vh->fsm.timer == CARP_TIMER_NONE) {
		rte_timer_stop(tim);
		return;
	}
	now = app_now_ns();
	rte_timer_reset(tim, vh->fsm.deadline > now ?
		ns_to_ticks(vh->fsm.deadline - now) : 0, SINGLE,
		rte_lcore_id(), timer_fired, vh);
}

static int
ops_xmit(void *arg, uint16_t port, const void *frame, size_t len)
{
	struct app *a = arg;
	struct rte_mbuf *m;
	char *d;

	if (port >= a->nports || !a->port[port].started)
		return -1;
	m = rte_pktmbuf_alloc(a->pool);
	if (m == NULL)
		return -1;
	d = rte_pktmbuf_append(m, (uint16_t)len);
	if (d == NULL) {
		rte_pktmbuf_free(m);
		return -1;
	}
	memcpy(d, frame, len);
	return app_tx(&a->port[port], APP_CONTROL_TXQ, &m, 1) == 1 ? 0 : -1;
}

static void
ops_state(void *arg, struct carp_vhost *vh, enum carp_state from,
		enum carp_state to, const char *why)
{
	struct app *a = arg;

	arpbal_state_set(a->ab, vh->conf.port, vh->conf.vhid, (uint8_t)to);
	hook_fire(a, vh, from, to);
	if (a->carp->sysctl.v[CARP_KNOB_LOG] >= 1)
		STATE_LOG(NOTICE, "%s vhid %u: %s -> %s (%s)", vh->conf.name,
			vh->conf.vhid, carp_state_name(from),
			carp_state_name(to), why);
}

const struct carp_ops control_carp_ops = {
	.xmit = ops_xmit,
	.timer = ops_timer,
	.state = ops_state,
};

/* One (port, address, vhid) that a vhost carries. */
struct vaddr {
	uint16_t port;
	uint8_t vhid;
	uint32_t addr;		/* host order, so that it sorts */
};

static int
vaddr_cmp(const void *pa, const void *pb)
{
	const struct vaddr *a = pa, *b = pb;

	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	return (int)a->vhid - (int)b->vhid;
}

/*
 * Make the balancer's groups those of the vhosts: sort every (port,
 * address, vhid) they carry, drop the addresses none carries any more,
 * and publish each group that changed. O(n log n) in the addresses, so
 * that thousands of them can be added one console command at a time.
 */
int
control_sync_arpbal(struct app *a)
{
	uint8_t vhids[CARP_VHID_MAX], cur[CARP_VHID_MAX];
	struct vaddr *v, key, *gone = NULL;
	const struct carp_vhost *vh;
	unsigned int i, j, n, ncur, total = 0, ngone = 0;
	uint32_t next = 0;
	uint16_t port;
	rte_be32_t addr;
	int ret = 0;

	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		total += vh->conf.naddrs;
	v = malloc((total + 1) * sizeof(*v));
	if (v == NULL)
		return -ENOMEM;
	n = 0;
	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		for (i = 0; i < vh->conf.naddrs; i++) {
			v[n].port = vh->conf.port;
			v[n].vhid = vh->conf.vhid;
			v[n++].addr = rte_be_to_cpu_32(vh->conf.addrs[i]);
		}
	qsort(v, n, sizeof(*v), vaddr_cmp);

	gone = malloc((arpbal_count(a->ab) + 1) * sizeof(*gone));
	if (gone == NULL) {
		ret = -ENOMEM;
		goto out;
	}
	while (arpbal_iterate(a->ab, &next, &port, &addr, cur, &ncur)) {
		key.port = port;
		key.addr = rte_be_to_cpu_32(addr);
		key.vhid = 0;
		/* Any vhid of that address will do: compare without it. */
		for (i = 0, j = n; i < j; ) {
			unsigned int m = (i + j) / 2;

			if (vaddr_cmp(&v[m], &key) < 0)
				i = m + 1;
			else
				j = m;
		}
		if (i == n || v[i].port != port || v[i].addr != key.addr)
			gone[ngone++] = key;
	}
	for (i = 0; i < ngone && ret == 0; i++)
		ret = arpbal_group_set(a->ab, gone[i].port,
			rte_cpu_to_be_32(gone[i].addr), NULL, 0);

	for (i = 0; i < n && ret == 0; i = j) {
		unsigned int nv = 0;

		for (j = i; j < n && v[j].port == v[i].port &&
		     v[j].addr == v[i].addr; j++)
			vhids[nv++] = v[j].vhid;
		addr = rte_cpu_to_be_32(v[i].addr);
		if (arpbal_group_get(a->ab, v[i].port, addr, cur, &ncur) == 0 &&
		    ncur == nv && memcmp(cur, vhids, nv) == 0)
			continue;
		ret = arpbal_group_set(a->ab, v[i].port, addr, vhids, nv);
	}

	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		arpbal_state_set(a->ab, vh->conf.port, vh->conf.vhid,
			(uint8_t)vh->fsm.state);
	arpbal_balance_set(a->ab,
		a->carp->sysctl.v[CARP_KNOB_ARPBALANCE] != 0);
	arpbal_rate_set(a->ab, a->cfg.arp_rate_per_source);
out:
	free(gone);
	free(v);
	if (ret != 0)
		APP_LOG(ERR, "ARP balancer: %s", strerror(-ret));
	return ret;
}

int
control_vhosts_changed(struct app *a)
{
	unsigned int i;

	for (i = 0; i < a->nports; i++)
		port_filter_vmacs(a, i);
	return control_sync_arpbal(a);
}

/* Stop and free the rte_timer ops_timer() gave a vhost, if any. */
static void
timer_free(struct rte_timer *tim)
{
	if (tim == NULL)
		return;
	rte_timer_stop_sync(tim);
	rte_free(tim);
}

void
control_vhost_destroy(struct app *a, struct carp_vhost *vh)
{
	struct rte_timer *tim = vh->priv;

	carp_vhost_destroy(a->carp, vh, app_now_ns());
	timer_free(tim);
	control_vhosts_changed(a);
}

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
drain_ring(struct app *a)
{
	struct rte_mbuf *m[CTRL_BATCH];
	unsigned int n, i;
	enum carp_stat s;
	uint64_t now;

	n = rte_ring_dequeue_burst(a->ctrl_ring, (void **)m, CTRL_BATCH, NULL);
	if (n == 0)
		return 0;
	now = app_now_ns();
	for (i = 0; i < n; i++) {
		s = carp_input(a->carp, m[i]->port,
			rte_pktmbuf_mtod(m[i], void *), m[i]->data_len, now);
		if (s != CARP_STAT_NONE)
			log_bad(a, s, m[i], now);
	}
	rte_pktmbuf_free_bulk(m, n);
	return n;
}

static unsigned int
check_links(struct app *a, uint64_t now)
{
	static uint64_t last_poll;
	unsigned int i, changed = 0;
	bool up;

	for (i = 0; i < a->nports; i++) {
		struct app_port *p = &a->port[i];
		/* Read before writing: an exchange on every round would
		 * dirty the line for nothing.
		 */
		bool event = __atomic_load_n(&p->link_event, __ATOMIC_RELAXED) &&
			__atomic_exchange_n(&p->link_event, 0, __ATOMIC_ACQ_REL);

		if (!event && now - last_poll < LINK_POLL_NS)
			continue;
		up = port_link_up(a, i);
		if (up == a->carp->port[i].link_up)
			continue;
		PORT_LOG(NOTICE, "[%s] link %s", a->cfg.port[i].name,
			up ? "up" : "down");
		carp_port_link(a->carp, (uint16_t)i, up, now);
		changed++;
	}
	if (now - last_poll >= LINK_POLL_NS)
		last_poll = now;
	return changed;
}

unsigned int
control_poll(struct app *a)
{
	static uint64_t last_reclaim;
	unsigned int work;
	uint64_t now;

	work = drain_ring(a);
	work += ctl_serve(a);
	rte_timer_manage();
	now = app_now_ns();
	work += check_links(a, now);
	/* Once: the workers read this cache line on every burst. */
	if (!a->control_ready)
		__atomic_store_n(&a->control_ready, true, __ATOMIC_RELEASE);
	if (now - last_reclaim >= RECLAIM_NS) {
		arpbal_reclaim(a->ab);
		last_reclaim = now;
	}
	return work;
}

void
control_shutdown(struct app *a)
{
	carp_shutdown(a->carp, app_now_ns());
}

int
control_main(void *arg)
{
	struct app *a = &app;
	struct app_worker *w = arg;	/* a worker to run too, or NULL */
	uint32_t idle_us = a->cfg.idle_sleep_us;
	unsigned int work;

	APP_LOG(INFO, "control on lcore %u%s", rte_lcore_id(),
		w != NULL ? ", with a worker's queues" : "");
	if (w != NULL) {
		arpbal_reader_online(w->arp);
		arpbal_writer_reads(a->ab, w->arp);
	}
	while (!a->force_quit) {
		work = control_poll(a);
		/* With two lcores or one, the console shares this loop. */
		if (a->cli != NULL && rte_lcore_id() == rte_get_main_lcore() &&
		    !cli_poll(a->cli))
			a->force_quit = true;
		if (w != NULL) {
			work += worker_poll(a, w);
			if (work == 0)
				arpbal_reader_age(w->arp);
		}
		/* The back-off is short: it delays a due timer by at most
		 * idle_sleep, and never while frames keep arriving.
		 */
		if (work == 0 && idle_us > 0)
			rte_delay_us_sleep(idle_us);
	}
	control_shutdown(a);
	__atomic_store_n(&a->control_done, true, __ATOMIC_RELEASE);
	if (w != NULL)
		arpbal_reader_offline(w->arp);
	return 0;
}

void
control_free_timers(struct app *a)
{
	struct carp_vhost *vh;

	TAILQ_FOREACH(vh, &a->carp->vhosts, next) {
		timer_free(vh->priv);
		vh->priv = NULL;
	}
}
