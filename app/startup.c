/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * What a running dpdk-carp is made of, built once EAL is up and taken
 * apart at the end: the lcore plan, buffers, rings, the ARP balancer,
 * the CARP table and the ports with their kernel twins. Shared by main()
 * and the console's fuzz target.
 */

#include <errno.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "app.h"
#include "carp_wire6.h"
#include "effects.h"
#include "host.h"
#include "knob.h"
#include "lcore.h"
#include "mld.h"
#include "neigh.h"
#include "port.h"
#include "request.h"
#include "startup.h"

#define ADV_RING_SIZE	1024
#define ADV_KNOWN_RING	256	/* advertisements from sources heard */
#define POOL_CACHE	256	/* buffers each lcore keeps of the pool */
#define POOL_SPARE	1024	/* the default pool's beyond pool_need() */
/* Virtual addresses the ARP balancer holds: this many, or twice what the
 * configuration gives, so that the console can add as many again.
 */
#define ARPBAL_ADDRS	65536
#define ARPBAL_SOURCES	65536	/* requesters tracked per worker */

static uint32_t
balancer_room(const struct app_config *c)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < c->nvhosts; i++)
		n += c->vhost[i].naddrs;
	n *= 2;
	return n > ARPBAL_ADDRS ? (uint32_t)RTE_MIN(n, UINT32_MAX / 4) :
		ARPBAL_ADDRS;
}

static int
plan_lcores(struct app *a)
{
	unsigned int lcores[RTE_MAX_LCORE], n = 0, lcore;

	RTE_LCORE_FOREACH(lcore)
		lcores[n++] = lcore;
	if (lcore_plan_make(&a->plan, rte_get_main_lcore(), lcores, n) != 0)
		return -EINVAL;
	a->workers = rte_zmalloc("workers",
		a->plan.nworkers * sizeof(*a->workers), RTE_CACHE_LINE_SIZE);
	if (a->workers == NULL)
		return -ENOMEM;
	for (n = 0; n < a->plan.nworkers; n++) {
		a->workers[n].lcore_id = a->plan.worker[n];
		a->workers[n].txq = a->plan.worker_txq[n];
	}
	return 0;
}

/* The CARP table, built through lib/carp's own checks; its effects fill
 * the ARP balancer as the vhosts appear. Links are down until the control
 * lcore sees them up: nothing is sent and no timer armed from here.
 */
static int
build_table(struct app *a)
{
	const struct app_config *c = &a->cfg;
	struct carp_err err;
	unsigned int i;

	a->carp = carp_table_create(&effects_ops, a);
	if (a->carp == NULL)
		return -ENOMEM;
	if (knobs_apply_config(a) != 0)
		return -EINVAL;
	for (i = 0; i < c->nports; i++)
		if (c->port[i].prefixlen != 0 &&
		    carp_port_add(a->carp, (uint16_t)i, c->port[i].addr,
				c->port[i].prefixlen, &err) != 0) {
			APP_LOG(ERR, "[%s]: %s", c->port[i].name, err.msg);
			return -EINVAL;
		}
	/* The IPv6 prefix now, for the vhosts' checks; the link-local
	 * address once the device's MAC is known (set_linklocal()).
	 */
	for (i = 0; i < c->nports; i++)
		if (c->port[i].prefixlen6 != 0 &&
		    carp_port_add6(a->carp, (uint16_t)i, NULL,
				&c->port[i].addr6, c->port[i].prefixlen6,
				&err) != 0) {
			APP_LOG(ERR, "[%s]: %s", c->port[i].name, err.msg);
			return -EINVAL;
		}
	for (i = 0; i < c->nvhosts; i++)
		if (carp_vhost_create(a->carp, &c->vhost[i], app_now_ns(),
				&err) == NULL) {
			APP_LOG(ERR, "[%s]: %s", c->vhost[i].name, err.msg);
			return -EINVAL;
		}
	return 0;
}

/* Every port with an address gets the link-local address of its MAC
 * (EUI-64), the source of its IPv6 advertisements and reports; before the
 * links come up, so before anything is sent.
 */
static void
set_linklocal(struct app *a)
{
	struct carp_in6 ll;
	unsigned int i;

	for (i = 0; i < a->nports; i++)
		if (a->cfg.port[i].prefixlen != 0) {
			carp_in6_linklocal(&a->port[i].mac, &ll);
			carp_port_add6(a->carp, (uint16_t)i, &ll, NULL, 0,
				NULL);
		}
}

/* A device with kernel twins (its own, its sub-ports') has a TX queue for
 * them too, used by the control lcore alone.
 */
static unsigned int
twins_on(const struct app *a, unsigned int dev)
{
	unsigned int i;

	for (i = 0; i < a->cfg.nports; i++)
		if (a->cfg.port[i].host_iface[0] != '\0' &&
		    (i == dev || a->cfg.port[i].parent == (int)dev))
			return 1;
	return 0;
}

/*
 * The buffers this layout's queues and rings can hold at once: every RX
 * descriptor filled, every TX descriptor not yet given back, the rings
 * between lcores full, each lcore's cache at its flush threshold and a
 * burst in its hands. A pool of at least as many cannot run dry whatever
 * comes in, so that the control lcore always has one for its
 * advertisements. A device may hold more of its own (net_pcap replaying a
 * capture): [global] mbufs is for it.
 */
static unsigned int
pool_need(const struct app *a)
{
	unsigned int i, need = ADV_RING_SIZE + ADV_KNOWN_RING + NEIGH_RING +
		rte_lcore_count() * (POOL_CACHE * 3 / 2 + 2 * WORKER_BURST);

	for (i = 0; i < a->nports; i++) {
		if (a->cfg.port[i].parent < 0)
			need += a->plan.nworkers * PORT_RX_DESC +
				(a->plan.ntxq + twins_on(a, i)) * PORT_TX_DESC;
		if (a->cfg.port[i].host_iface[0] != '\0')
			need += PORT_RX_DESC + PORT_TX_DESC + HOST_RING;
	}
	return need;
}

/* The pool: as large as [global] mbufs says, which may not be smaller
 * than pool_need(), or that and room to spare.
 */
static int
pool_create(struct app *a)
{
	unsigned int need = pool_need(a), n = a->cfg.mbufs;

	if (n == 0) {
		n = need + POOL_SPARE;
	} else if (n < need) {
		APP_LOG(ERR, "%s: [global] mbufs: %u is fewer than the %u "
			"buffers the queues and rings of these ports on %u "
			"lcore%s can hold at once; a flood could leave the "
			"advertisements without one. Give at least %u, or "
			"leave it out",
			a->cfg.path, n, need, rte_lcore_count(),
			rte_lcore_count() == 1 ? "" : "s", need);
		return -1;
	}
	a->pool = rte_pktmbuf_pool_create("carp_mbufs", n, POOL_CACHE, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	return 0;
}

int
app_setup(struct app *a)
{
	unsigned int i;
	uint16_t nb_rxq[APP_MAX_PORTS];
	int socket = (int)rte_socket_id();
	struct arpbal_params abp = {
		.name = "carp_arpbal",
		.max_addrs = balancer_room(&a->cfg),
		.max_sources = ARPBAL_SOURCES,
		.socket_id = socket,
	};

	a->nports = a->cfg.nports;
	memset(a->port_index, 0xff, sizeof(a->port_index));
	if (plan_lcores(a) != 0)
		return -1;
	abp.max_readers = a->plan.nworkers;

	if (pool_create(a) != 0)
		return -1;
	a->adv_ring = rte_ring_create("carp_adverts", ADV_RING_SIZE, socket,
		RING_F_SC_DEQ);
	a->adv_known = rte_ring_create("carp_adv_known", ADV_KNOWN_RING,
		socket, RING_F_SC_DEQ);
	a->ab = arpbal_create(&abp);
	if (a->pool == NULL || a->adv_ring == NULL || a->adv_known == NULL ||
	    a->ab == NULL) {
		APP_LOG(ERR, "out of memory for buffers, ring or balancer: %s",
			rte_strerror(rte_errno));
		return -1;
	}
	for (i = 0; i < a->plan.nworkers; i++) {
		a->workers[i].arp = arpbal_reader_create(a->ab, i, socket);
		if (a->workers[i].arp == NULL) {
			APP_LOG(ERR, "out of memory for the ARP balancer");
			return -1;
		}
	}
	if (control_requests_init(a) != 0 || neigh_init(a) != 0 ||
	    build_table(a) != 0)
		return -1;
	/* Devices first, then the VLAN sub-ports on them. */
	for (i = 0; i < a->nports; i++)
		if (a->cfg.port[i].parent < 0 &&
		    (port_open(a, i, (uint16_t)a->plan.nworkers,
				(uint16_t)(a->plan.ntxq + twins_on(a, i))) != 0 ||
		     host_open(a, i) != 0))
			return -1;
	for (i = 0; i < a->nports; i++)
		if (a->cfg.port[i].parent >= 0 &&
		    (port_attach_vlan(a, i) != 0 || host_open(a, i) != 0))
			return -1;
	set_linklocal(a);
	for (i = 0; i < a->nports; i++)
		nb_rxq[i] = a->port[i].nb_rxq;
	for (i = 0; i < a->plan.nworkers; i++)
		a->workers[i].nrxq = lcore_plan_rxqs(&a->plan, i, nb_rxq,
			a->nports, a->workers[i].rxq,
			RTE_DIM(a->workers[i].rxq));
	return 0;
}

void
app_teardown(struct app *a)
{
	host_close_all(a);
	port_close_all(a);
	carp_table_free(a->carp);
	a->carp = NULL;
	arpbal_free(a->ab);
	a->ab = NULL;
	rte_ring_free(a->adv_ring);
	a->adv_ring = NULL;
	rte_ring_free(a->adv_known);
	a->adv_known = NULL;
	control_requests_free(a);
	neigh_free();
	mld_free();
	rte_mempool_free(a->pool);
	a->pool = NULL;
	rte_free(a->workers);
	a->workers = NULL;
}
