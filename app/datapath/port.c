/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The ports: probing and starting devices, their MAC filters, their link
 * state, and the TX queues the lcores transmit on.
 */

#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <rte_branch_prediction.h>
#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>

#include "app.h"
#include "port.h"

static int
lsc_event(uint16_t port_id, enum rte_eth_event_type type, void *arg,
		void *ret_param)
{
	struct app *a = arg;
	uint16_t idx = a->port_index[port_id];

	RTE_SET_USED(type);
	RTE_SET_USED(ret_param);
	if (idx < a->nports)
		__atomic_store_n(&a->port[idx].link_event, 1, __ATOMIC_RELEASE);
	return 0;
}

/* A device string is "name[,args]"; the ethdev takes the name. */
static int
find_or_probe(const char *device, uint16_t *port_id)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	size_t n = strcspn(device, ",");
	int ret;

	if (n >= sizeof(name))
		return -ENAMETOOLONG;
	memcpy(name, device, n);
	name[n] = '\0';
	if (rte_eth_dev_get_port_by_name(name, port_id) == 0)
		return 0;
	ret = rte_dev_probe(device);
	if (ret != 0)
		return ret;
	return rte_eth_dev_get_port_by_name(name, port_id);
}

int
port_dev_start(uint16_t port_id, uint16_t nb_rxq, uint16_t nb_txq,
		struct rte_mempool *pool)
{
	uint16_t nrxd = PORT_RX_DESC, ntxd = PORT_TX_DESC, q;
	int ret, socket;

	rte_eth_dev_adjust_nb_rx_tx_desc(port_id, &nrxd, &ntxd);
	socket = rte_eth_dev_socket_id(port_id);
	if (socket < 0)
		socket = (int)rte_socket_id();
	for (q = 0; q < nb_rxq; q++) {
		ret = rte_eth_rx_queue_setup(port_id, q, nrxd,
			(unsigned int)socket, NULL, pool);
		if (ret != 0)
			return ret;
	}
	for (q = 0; q < nb_txq; q++) {
		ret = rte_eth_tx_queue_setup(port_id, q, ntxd,
			(unsigned int)socket, NULL);
		if (ret != 0)
			return ret;
	}
	return rte_eth_dev_start(port_id);
}

/* A device port with VLAN sub-ports. */
static bool
has_sub_ports(const struct app *a, unsigned int idx)
{
	unsigned int i;

	for (i = 0; i < a->cfg.nports; i++)
		if (a->cfg.port[i].parent == (int)idx)
			return true;
	return false;
}

/*
 * With fewer queues than lcores that send (p->txq_req), the lcore whose
 * queue is L sends on L % nb_txq: each queue that two of them share gets
 * a lock, the others none.
 */
static int
txq_locks(struct app_port *p)
{
	uint16_t q;

	p->txq_short = p->txq_req > p->nb_txq;
	if (!p->txq_short)
		return 0;
	p->txlock = rte_zmalloc("carp_txlocks",
		sizeof(*p->txlock) * p->nb_txq, RTE_CACHE_LINE_SIZE);
	if (p->txlock == NULL)
		return -1;
	for (q = 0; q < p->nb_txq; q++) {
		rte_spinlock_init(&p->txlock[q].lock);
		p->txlock[q].shared = q + p->nb_txq < p->txq_req;
	}
	return 0;
}

int
port_open(struct app *a, unsigned int idx, uint16_t nb_rxq, uint16_t nb_txq)
{
	const struct app_port_conf *pc = &a->cfg.port[idx];
	struct app_port *p = &a->port[idx];
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	const struct carp_vhost *vh;
	int ret;

	ret = find_or_probe(pc->device, &p->port_id);
	if (ret != 0) {
		PORT_LOG(ERR, "[%s] device %s: cannot probe: %s", pc->name,
			pc->device, rte_strerror(-ret));
		return -1;
	}
	a->port_index[p->port_id] = idx;
	ret = rte_eth_dev_info_get(p->port_id, &info);
	if (ret != 0) {
		PORT_LOG(ERR, "[%s] %s: no device info: %s", pc->name,
			pc->device, rte_strerror(-ret));
		return -1;
	}

	p->nb_rxq = RTE_MIN(nb_rxq, info.max_rx_queues);
	if (p->nb_rxq == 0)
		p->nb_rxq = 1;
	p->txq_req = nb_txq;
	p->nb_txq = RTE_MIN(nb_txq, info.max_tx_queues);
	if (p->nb_txq == 0)
		p->nb_txq = 1;
	if (p->nb_rxq < nb_rxq)
		PORT_LOG(NOTICE, "[%s] %s has %u RX queue(s) for %u workers: "
			"some workers will not poll it", pc->name, pc->device,
			p->nb_rxq, nb_rxq);

	memset(&conf, 0, sizeof(conf));
	p->dev = (uint16_t)idx;
	p->addr = pc->addr;
	p->untagged = pc->prefixlen != 0;
	if (has_sub_ports(a, idx)) {
		/* Tags in the mbuf rather than the frame where the device
		 * can: the workers handle both.
		 */
		conf.rxmode.offloads |= info.rx_offload_capa &
			RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
		conf.txmode.offloads |= info.tx_offload_capa &
			RTE_ETH_TX_OFFLOAD_VLAN_INSERT;
		p->tx_vlan_hw = (conf.txmode.offloads &
			RTE_ETH_TX_OFFLOAD_VLAN_INSERT) != 0;
		p->vlan_port = rte_malloc("carp_vlans", APP_VLAN_MAX + 1, 0);
		if (p->vlan_port == NULL) {
			PORT_LOG(ERR, "[%s] out of memory", pc->name);
			return -1;
		}
		memset(p->vlan_port, PORT_NONE, APP_VLAN_MAX + 1);
	}
	p->lsc = (*info.dev_flags & RTE_ETH_DEV_INTR_LSC) != 0;
	p->if_index = info.if_index;
	conf.intr_conf.lsc = p->lsc;
	if (p->nb_rxq > 1 && info.flow_type_rss_offloads != 0) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = info.flow_type_rss_offloads &
			(RTE_ETH_RSS_IP | RTE_ETH_RSS_L2_PAYLOAD);
	}
	ret = rte_eth_dev_configure(p->port_id, p->nb_rxq, p->nb_txq, &conf);
	if (ret != 0 && p->nb_rxq != p->nb_txq) {
		/* Some PMDs (net_tap) pair their queues: take as many of
		 * each; workers share out the extra RX queues.
		 */
		uint16_t nq = RTE_MAX(p->nb_rxq, p->nb_txq);

		if (nq <= info.max_rx_queues && nq <= info.max_tx_queues) {
			p->nb_rxq = p->nb_txq = nq;
			ret = rte_eth_dev_configure(p->port_id, nq, nq, &conf);
		}
	}
	if (ret != 0) {
		PORT_LOG(ERR, "[%s] %s: cannot configure: %s", pc->name,
			pc->device, rte_strerror(-ret));
		return -1;
	}
	if (p->lsc)
		rte_eth_dev_callback_register(p->port_id,
			RTE_ETH_EVENT_INTR_LSC, lsc_event, a);
	if (txq_locks(p) != 0) {
		PORT_LOG(ERR, "[%s] out of memory", pc->name);
		return -1;
	}
	if (p->txq_short)
		PORT_LOG(NOTICE, "[%s] %s has %u TX queue(s) for %u "
			"transmitting lcores: some share one, behind a lock",
			pc->name, pc->device, p->nb_txq, p->txq_req);
	ret = port_dev_start(p->port_id, p->nb_rxq, p->nb_txq, a->pool);
	if (ret != 0) {
		PORT_LOG(ERR, "[%s] %s: cannot start: %s", pc->name,
			pc->device, rte_strerror(-ret));
		return -1;
	}
	p->started = true;
	rte_eth_macaddr_get(p->port_id, &p->mac);
	p->own_mac = p->mac;
	/* 224.0.0.18 must come in whatever the multicast filter holds. */
	ret = rte_eth_allmulticast_enable(p->port_id);
	if (ret != 0 && rte_eth_promiscuous_enable(p->port_id) == 0)
		PORT_LOG(NOTICE, "[%s] no all-multicast mode: promiscuous",
			pc->name);
	PORT_LOG(INFO, "[%s] %s is ethdev port %u, " RTE_ETHER_ADDR_PRT_FMT
		", %u RX / %u TX queue(s)%s%s", pc->name, pc->device,
		p->port_id, RTE_ETHER_ADDR_BYTES(&p->mac), p->nb_rxq,
		p->nb_txq, p->lsc ? ", link interrupts" : "",
		p->vlan_port == NULL ? "" : p->tx_vlan_hw ?
		", VLAN tags by the device" : ", VLAN tags in software");
	/* The vhosts already on this port: those that come later are let
	 * through as they are bound.
	 */
	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		if (vh->conf.port == idx)
			port_vmac(a, idx, vh->conf.vhid, true);
	return 0;
}

int
port_attach_vlan(struct app *a, unsigned int idx)
{
	const struct app_port_conf *pc = &a->cfg.port[idx];
	struct app_port *p = &a->port[idx];
	struct app_port *d = &a->port[pc->parent];
	const struct carp_vhost *vh;

	if (!d->started || d->vlan_port == NULL) {
		PORT_LOG(ERR, "[%s] its parent [%s] is not started", pc->name,
			pc->parent_name);
		return -1;
	}
	p->port_id = d->port_id;
	p->dev = (uint16_t)pc->parent;
	p->addr = pc->addr;
	p->vlan = pc->vlan;
	p->tx_vlan_hw = d->tx_vlan_hw;
	p->txq_short = d->txq_short;
	p->txlock = d->txlock;
	p->nb_txq = d->nb_txq;
	p->txq_req = d->txq_req;
	p->nb_rxq = 0;			/* the device's queues are polled */
	p->lsc = d->lsc;
	p->if_index = d->if_index;
	p->mac = d->mac;
	p->own_mac = d->own_mac;
	p->started = true;
	d->vlan_port[pc->vlan] = (uint8_t)idx;
	PORT_LOG(INFO, "[%s] VLAN %u of [%s]", pc->name, pc->vlan,
		pc->parent_name);
	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		if (vh->conf.port == idx)
			port_vmac(a, idx, vh->conf.vhid, true);
	return 0;
}

/* One reference per port (the device's own, each sub-port) that has the
 * vhid: the filter keeps the MAC while any does.
 */
void
port_vmac(struct app *a, unsigned int idx, uint8_t vhid, bool on)
{
	struct app_port *p = &a->port[a->port[idx].dev];
	struct rte_ether_addr mac;
	int ret;

	if (!a->port[idx].started || !p->started)
		return;
	if (!on) {
		if (p->vmac_refs[vhid] == 0 || --p->vmac_refs[vhid] > 0)
			return;
		carp_vmac(vhid, &mac);
		rte_eth_dev_mac_addr_remove(p->port_id, &mac);
		return;
	}
	if (p->vmac_refs[vhid]++ > 0)
		return;
	carp_vmac(vhid, &mac);
	ret = rte_eth_dev_mac_addr_add(p->port_id, &mac, 0);
	if (ret != 0 && ret != -EEXIST &&
	    rte_eth_promiscuous_get(p->port_id) != 1) {
		rte_eth_promiscuous_enable(p->port_id);
		PORT_LOG(NOTICE, "[%s] cannot filter virtual MACs (%s): "
			"promiscuous", a->cfg.port[p->dev].name,
			rte_strerror(-ret));
	}
}

/*
 * Carrier of the kernel interface a virtual device drives. net_af_packet
 * reports its link up from start to stop whatever its interface does, so
 * a device bound to one (if_index != 0) is up only while that interface
 * is up and running too. A syscall, but on the control lcore's link poll.
 */
static bool
kernel_link_up(uint32_t if_index)
{
	static int sock = -1;
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (if_indextoname(if_index, ifr.ifr_name) == NULL)
		return false;
	if (sock < 0)
		sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0 || ioctl(sock, SIOCGIFFLAGS, &ifr) != 0)
		return false;
	return (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
}

bool
port_link_up(const struct app *a, unsigned int idx)
{
	const struct app_port *p = &a->port[idx];
	struct rte_eth_link link;

	if (!p->started || rte_eth_link_get_nowait(p->port_id, &link) != 0 ||
	    link.link_status != RTE_ETH_LINK_UP)
		return false;
	return p->if_index == 0 || kernel_link_up(p->if_index);
}

void
port_close_all(struct app *a)
{
	unsigned int i;

	for (i = 0; i < a->nports; i++) {
		struct app_port *p = &a->port[i];

		if (!p->started)
			continue;
		p->started = false;
		if (p->dev != i)
			continue;	/* a sub-port: its device's */
		rte_eth_dev_stop(p->port_id);
		rte_eth_dev_close(p->port_id);
		rte_free(p->vlan_port);
		p->vlan_port = NULL;
		rte_free(p->txlock);
		p->txlock = NULL;
	}
}

uint16_t
port_tx(struct app_port *p, uint16_t txq, struct rte_mbuf **pkts, uint16_t n)
{
	struct port_txlock *l;
	uint16_t sent;

	if (likely(!p->txq_short)) {
		sent = rte_eth_tx_burst(p->port_id, txq, pkts, n);
	} else {
		txq %= p->nb_txq;
		l = &p->txlock[txq];
		if (l->shared)
			rte_spinlock_lock(&l->lock);
		sent = rte_eth_tx_burst(p->port_id, txq, pkts, n);
		if (l->shared)
			rte_spinlock_unlock(&l->lock);
	}
	if (unlikely(sent < n))
		rte_pktmbuf_free_bulk(&pkts[sent], n - sent);
	return sent;
}

uint16_t
port_send(struct app *a, unsigned int idx, uint16_t txq,
		struct rte_mbuf **pkts, uint16_t n)
{
	const struct app_port *p = &a->port[idx];
	uint16_t i, out = 0;

	for (i = 0; i < n; i++) {
		if (likely(port_tag(p, pkts[i]) == 0))
			pkts[out++] = pkts[i];
		else
			rte_pktmbuf_free(pkts[i]);
	}
	return port_tx(&a->port[p->dev], txq, pkts, out);
}

int
port_send_copy(struct app *a, unsigned int idx, uint16_t txq,
		const void *frame, size_t len)
{
	struct rte_mbuf *m;
	char *d;

	if (idx >= a->nports || !a->port[idx].started)
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
	return port_send(a, idx, txq, &m, 1) == 1 ? 0 : -1;
}
