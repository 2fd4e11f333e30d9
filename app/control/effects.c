/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The effects of lib/carp's decisions, on the control lcore (or, before
 * the lcores start, on the main thread building the table).
 */

#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_timer.h>

#include "app.h"
#include "effects.h"
#include "hook.h"
#include "host.h"
#include "mld.h"
#include "neigh.h"
#include "port.h"

/* What the application keeps for a vhost (vh->priv). */
struct vhost_priv {
	struct rte_timer timer;
	struct app *app;
};

static void
timer_fired(struct rte_timer *tim, void *arg)
{
	struct carp_vhost *vh = arg;
	struct vhost_priv *vp = vh->priv;

	RTE_SET_USED(tim);
	carp_vhost_expire(vp->app->carp, vh, app_now_ns());
}

static void
ops_timer(void *arg, struct carp_vhost *vh)
{
	struct vhost_priv *vp = vh->priv;
	uint64_t now;

	if (vp == NULL) {
		vp = rte_zmalloc("carp_timer", sizeof(*vp), 0);
		if (vp == NULL) {
			STATE_LOG(ERR, "%s: no memory for its timer",
				vh->conf.name);
			return;
		}
		rte_timer_init(&vp->timer);
		vp->app = arg;
		vh->priv = vp;
	}
	if (vh->fsm.timer == CARP_TIMER_NONE) {
		rte_timer_stop(&vp->timer);
		return;
	}
	now = app_now_ns();
	rte_timer_reset(&vp->timer, vh->fsm.deadline > now ?
		app_ns_to_ticks(vh->fsm.deadline - now) : 0, SINGLE,
		rte_lcore_id(), timer_fired, vh);
}

static void
ops_release(void *arg, struct carp_vhost *vh)
{
	struct vhost_priv *vp = vh->priv;

	RTE_SET_USED(arg);
	if (vp == NULL)
		return;
	rte_timer_stop_sync(&vp->timer);
	rte_free(vp);
	vh->priv = NULL;
}

static int
ops_xmit(void *arg, uint16_t port, const void *frame, size_t len)
{
	return port_send_copy(arg, port, LCORE_CONTROL_TXQ, frame, len);
}

static enum arpbal_state
fastpath_state(enum carp_state s)
{
	switch (s) {
	case CARP_STATE_MASTER:
		return ARPBAL_STATE_MASTER;
	case CARP_STATE_BACKUP:
		return ARPBAL_STATE_BACKUP;
	case CARP_STATE_INIT:
	default:
		return ARPBAL_STATE_INIT;
	}
}

static void
ops_state(void *arg, struct carp_vhost *vh, enum carp_state from,
		enum carp_state to, const char *why)
{
	struct app *a = arg;

	arpbal_state_set(a->ab, vh->conf.port, vh->conf.vhid,
		fastpath_state(to));
	hook_fire(a, vh, from, to);
	/* Snooping switches must deliver its solicitations here now. */
	if (to == CARP_STATE_MASTER && vh->conf.naddrs6 > 0)
		mld_want(a, vh->conf.port, false);
	if (a->carp->sysctl.v[CARP_KNOB_LOG] >= 1)
		STATE_LOG(NOTICE, "%s vhid %u: %s -> %s (%s)", vh->conf.name,
			vh->conf.vhid, carp_state_name(from),
			carp_state_name(to), why);
}

/*
 * The balancer's group of each address gains or loses vh's vhid; the
 * port's kernel twin holds every address some vhost carries.
 */
static void
ops_addrs(void *arg, const struct carp_vhost *vh, const rte_be32_t *addrs,
		unsigned int n, bool add)
{
	struct app *a = arg;
	uint16_t port = vh->conf.port;
	uint8_t vhids[CARP_VHID_MAX];
	unsigned int i, nv;
	int ret;

	for (i = 0; i < n; i++) {
		ret = add ? arpbal_group_join(a->ab, port, addrs[i],
				vh->conf.vhid) :
			arpbal_group_leave(a->ab, port, addrs[i],
				vh->conf.vhid);
		if (ret != 0)
			APP_LOG(ERR, "ARP balancer: %s: %s", vh->conf.name,
				strerror(-ret));
		if (add || arpbal_group_get(a->ab, port, addrs[i], vhids,
				&nv) == -ENOENT)
			host_vip(a, port, addrs[i], add);
	}
}

/* The same for IPv6 addresses; a new one's solicited-node group is
 * reported.
 */
static void
ops_addrs6(void *arg, const struct carp_vhost *vh,
		const struct carp_in6 *addrs, unsigned int n, bool add)
{
	struct app *a = arg;
	uint16_t port = vh->conf.port;
	uint8_t vhids[CARP_VHID_MAX];
	unsigned int i, nv;
	int ret;

	for (i = 0; i < n; i++) {
		ret = add ? arpbal_group6_join(a->ab, port, addrs[i].a,
				vh->conf.vhid) :
			arpbal_group6_leave(a->ab, port, addrs[i].a,
				vh->conf.vhid);
		if (ret != 0)
			APP_LOG(ERR, "ARP balancer: %s: %s", vh->conf.name,
				strerror(-ret));
		if (add || arpbal_group6_get(a->ab, port, addrs[i].a, vhids,
				&nv) == -ENOENT)
			host_vip6(a, port, &addrs[i], add);
	}
	if (add && n > 0)
		mld_want(a, port, false);
}

static void
ops_bind(void *arg, const struct carp_vhost *vh, bool on)
{
	struct app *a = arg;

	if (vh->conf.port < a->nports)
		port_vmac(a, vh->conf.port, vh->conf.vhid, on);
	arpbal_state_set(a->ab, vh->conf.port, vh->conf.vhid,
		on ? fastpath_state(vh->fsm.state) : ARPBAL_STATE_INIT);
	ops_addrs(arg, vh, vh->conf.addrs, vh->conf.naddrs, on);
	ops_addrs6(arg, vh, vh->conf.addrs6, vh->conf.naddrs6, on);
}

/* Another host contradicts this one: said once an episode, in the log and
 * to the hook, and shown by show carp and telemetry while it lasts.
 */
static void
ops_conflict(void *arg, const struct carp_vhost *vh, bool on)
{
	struct app *a = arg;
	const struct carp_conflict *c = &vh->conflict;
	char peer[INET6_ADDRSTRLEN];

	carp_conflict_peer(c, peer, sizeof(peer));
	if (on)
		STATE_LOG(WARNING, "%s vhid %u: conflict with %s: %s",
			vh->conf.name, vh->conf.vhid, peer,
			c->kind == CARP_CONFLICT_MASTER ?
			"it advertises as MASTER and does not hear this host" :
			"its advertisements fail authentication (another "
			"password or address set?)");
	else
		STATE_LOG(NOTICE, "%s vhid %u: conflict with %s over",
			vh->conf.name, vh->conf.vhid, peer);
	hook_event(a, vh, on ? "CONFLICT" : "RESOLVED", peer);
}

static int
ops_neigh(void *arg, uint16_t port, rte_be32_t addr,
		struct rte_ether_addr *mac)
{
	return neigh_lookup(arg, port, addr, mac, app_now_ns());
}

const struct carp_ops effects_ops = {
	.xmit = ops_xmit,
	.timer = ops_timer,
	.state = ops_state,
	.bind = ops_bind,
	.addrs = ops_addrs,
	.addrs6 = ops_addrs6,
	.release = ops_release,
	.conflict = ops_conflict,
	.neigh = ops_neigh,
};
