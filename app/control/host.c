/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The kernel twins: created at start, given their addresses, and kept
 * holding one /32 per virtual address of their port.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>

#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_ring.h>

#include "app.h"
#include "host.h"
#include "host_path.h"
#include "netlink.h"
#include "port.h"

/*
 * The twin's kernel must never answer or announce for a virtual address:
 * ARP replies only for addresses of the interface asked on (arp_ignore 1;
 * the datapath never gives it a request for a virtual address anyway),
 * requests from its own address on the port (arp_announce 2), no
 * gratuitous ARP when an address comes (arp_notify 0). IPv6 is on only
 * where the port has an IPv6 address (twin_ipv6()).
 */
static const struct {
	const char *family, *key, *value;
} twin_sysctls[] = {
	{ "ipv4", "arp_ignore", "1" },
	{ "ipv4", "arp_announce", "2" },
	{ "ipv4", "arp_notify", "0" },
};

/*
 * A port driven through a kernel interface (net_af_packet on a veth or a
 * NIC the kernel keeps) shares its frames with that interface's kernel,
 * which holds the twin's addresses too: left alone it would answer ARP
 * for them on the segment and take their traffic a second time. Its
 * kernel answers no ARP there (arp_ignore 8), drops what arrives there
 * for the twin's routes (rp_filter 1, strict) and speaks no IPv6 there:
 * its link-local address is the twin's and the port's.
 */
static const struct {
	const char *family, *key, *value;
} quiet_sysctls[] = {
	{ "ipv4", "arp_ignore", "8" },
	{ "ipv4", "rp_filter", "1" },
	{ "ipv6", "disable_ipv6", "1" },
};

static int
quiet_port_kernel(struct app *a, unsigned int idx)
{
	const struct app_port_conf *pc = &a->cfg.port[idx];
	char ifname[IF_NAMESIZE];
	unsigned int i;
	int ret;

	if (a->port[idx].if_index == 0)
		return 0;
	if (if_indextoname(a->port[idx].if_index, ifname) == NULL)
		return -errno;
	for (i = 0; i < RTE_DIM(quiet_sysctls); i++) {
		ret = netlink_sysctl(quiet_sysctls[i].family, ifname,
			quiet_sysctls[i].key, quiet_sysctls[i].value);
		/* A kernel without IPv6 has nothing to quieten. */
		if (ret != 0 && strcmp(quiet_sysctls[i].family, "ipv4") == 0) {
			PORT_LOG(ERR, "[%s] %s: cannot set %s: %s", pc->name,
				ifname, quiet_sysctls[i].key, strerror(-ret));
			return ret;
		}
	}
	PORT_LOG(INFO, "[%s] %s's own kernel keeps out of the segment "
		"(arp_ignore 8, rp_filter 1): the twin answers for the host",
		pc->name, ifname);
	return 0;
}

/* The port's MTU: its kernel interface's where it has one. */
static uint16_t
port_mtu(const struct app *a, unsigned int idx)
{
	char ifname[IF_NAMESIZE];
	uint16_t mtu = 0;

	if (a->port[idx].if_index != 0 &&
	    if_indextoname(a->port[idx].if_index, ifname) != NULL &&
	    netlink_get_mtu(ifname, &mtu) == 0)
		return mtu;
	rte_eth_dev_get_mtu(a->port[idx].port_id, &mtu);
	return mtu;
}

/* The devargs of the twin of port idx. */
static int
twin_devargs(const struct app *a, unsigned int idx, bool virtio, char *buf,
		size_t len)
{
	const struct app_port_conf *pc = &a->cfg.port[idx];
	const struct rte_ether_addr *mac = &a->port[idx].mac;

	if (virtio)
		return snprintf(buf, len, "virtio_user_carp%u,path="
			APP_VHOST_NET ",queues=1,queue_size=1024,iface=%s,"
			"mac=" RTE_ETHER_ADDR_PRT_FMT, idx, pc->host_iface,
			RTE_ETHER_ADDR_BYTES(mac));
	return snprintf(buf, len, "net_tap_carp%u,iface=%s,mac="
		RTE_ETHER_ADDR_PRT_FMT, idx, pc->host_iface,
		RTE_ETHER_ADDR_BYTES(mac));
}

static int
twin_probe(struct app *a, unsigned int idx, struct app_host *h)
{
	const struct app_port_conf *pc = &a->cfg.port[idx];
	bool virtio = pc->host_driver == APP_HOST_VIRTIO ||
		(pc->host_driver == APP_HOST_AUTO &&
		 access(APP_VHOST_NET, R_OK | W_OK) == 0);
	char devargs[256], name[64];
	struct rte_eth_conf conf;
	int ret;

	twin_devargs(a, idx, virtio, devargs, sizeof(devargs));
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(devargs, ","),
		devargs);
	h->driver = virtio ? "virtio" : "tap";
	ret = rte_dev_probe(devargs);
	if (ret == 0)
		ret = rte_eth_dev_get_port_by_name(name, &h->twin_id);
	if (ret != 0) {
		PORT_LOG(ERR, "[%s] host_iface %s: cannot create a %s twin: %s",
			pc->name, pc->host_iface, h->driver,
			rte_strerror(-ret));
		return -1;
	}
	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(h->twin_id, 1, 1, &conf);
	if (ret == 0)
		ret = port_dev_start(h->twin_id, 1, 1, a->pool);
	if (ret != 0) {
		PORT_LOG(ERR, "[%s] host_iface %s: cannot start: %s", pc->name,
			pc->host_iface, rte_strerror(-ret));
		return -1;
	}
	return 0;
}

/*
 * IPv6 on the twin where the port has an IPv6 address, off otherwise: no
 * router advertisements or autoconfiguration (the host's addresses are
 * the configured ones), and the port's address with its prefix route.
 * @return 0 or -errno.
 */
static int
twin_ipv6(const struct app_port_conf *pc, const struct app_host *h)
{
	static const char *const on[][2] = {
		{ "accept_ra", "0" }, { "autoconf", "0" },
		{ "disable_ipv6", "0" },
	};
	unsigned int i;
	int ret;

	if (pc->prefixlen6 == 0) {
		netlink_sysctl("ipv6", h->ifname, "disable_ipv6", "1");
		return 0;
	}
	for (i = 0; i < RTE_DIM(on); i++) {
		ret = netlink_sysctl("ipv6", h->ifname, on[i][0], on[i][1]);
		if (ret != 0)
			return ret;
	}
	return netlink_addr6(h->ifindex, pc->addr6.a, pc->prefixlen6, true,
		false);
}

/* The kernel side: sysctls, MTU, up, the port's own address. */
static int
twin_kernel(struct app *a, unsigned int idx, struct app_host *h)
{
	const struct app_port_conf *pc = &a->cfg.port[idx];
	uint16_t mtu = 0;
	unsigned int i;
	int ret;

	h->ifindex = if_nametoindex(pc->host_iface);
	snprintf(h->ifname, sizeof(h->ifname), "%s", pc->host_iface);
	if (h->ifindex == 0) {
		PORT_LOG(ERR, "[%s] host_iface %s: no such interface after "
			"creating it", pc->name, pc->host_iface);
		return -1;
	}
	for (i = 0; i < RTE_DIM(twin_sysctls); i++) {
		ret = netlink_sysctl(twin_sysctls[i].family, h->ifname,
			twin_sysctls[i].key, twin_sysctls[i].value);
		if (ret != 0 && strcmp(twin_sysctls[i].family, "ipv4") == 0) {
			PORT_LOG(ERR, "[%s] host_iface %s: cannot set %s: %s",
				pc->name, h->ifname, twin_sysctls[i].key,
				strerror(-ret));
			return -1;
		}
	}
	mtu = port_mtu(a, idx);
	ret = netlink_link_up(h->ifname, mtu);
	if (ret == 0)
		ret = netlink_addr(h->ifindex, pc->addr, pc->prefixlen, true,
			false);
	if (ret == 0)
		ret = twin_ipv6(pc, h);
	if (ret != 0) {
		PORT_LOG(ERR, "[%s] host_iface %s: cannot bring it up with "
			"its address: %s", pc->name, h->ifname,
			strerror(-ret));
		return -1;
	}
	PORT_LOG(INFO, "[%s] kernel twin %s (%s, MTU %u) holds the port's "
		"address", pc->name, h->ifname, h->driver, mtu);
	return 0;
}

int
host_open(struct app *a, unsigned int idx)
{
	const struct app_port_conf *pc = &a->cfg.port[idx];
	struct app_port *p = &a->port[idx];
	const struct carp_vhost *vh;
	char rname[RTE_RING_NAMESIZE];
	struct app_host *h;
	unsigned int i;

	if (pc->host_iface[0] == '\0')
		return 0;
	if (if_nametoindex(pc->host_iface) != 0) {
		PORT_LOG(ERR, "[%s] host_iface %s: an interface of that name "
			"exists already", pc->name, pc->host_iface);
		return -1;
	}
	h = rte_zmalloc("carp_host", sizeof(*h), RTE_CACHE_LINE_SIZE);
	snprintf(rname, sizeof(rname), "carp_host%u", idx);
	p->to_host = rte_ring_create(rname, HOST_RING, SOCKET_ID_ANY,
		RING_F_SC_DEQ);
	if (h == NULL || p->to_host == NULL) {
		PORT_LOG(ERR, "[%s] host_iface: out of memory", pc->name);
		rte_free(h);
		return -1;
	}
	/* Its own TX queue on the port, after the lcores'. */
	h->txq = (uint16_t)(p->txq_req - 1);
	if (quiet_port_kernel(a, idx) != 0 || twin_probe(a, idx, h) != 0 ||
	    twin_kernel(a, idx, h) != 0) {
		rte_free(h);
		return -1;
	}
	p->host = h;
	/* The virtual addresses the table already has: those that come
	 * later are added as they appear.
	 */
	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		if (vh->conf.port == idx) {
			for (i = 0; i < vh->conf.naddrs; i++)
				host_vip(a, idx, vh->conf.addrs[i], true);
			for (i = 0; i < vh->conf.naddrs6; i++)
				host_vip6(a, idx, &vh->conf.addrs6[i], true);
		}
	return 0;
}

void
host_vip(struct app *a, unsigned int idx, rte_be32_t addr, bool on)
{
	struct app_host *h = idx < a->nports ? a->port[idx].host : NULL;
	char s[INET_ADDRSTRLEN];
	int ret;

	if (h == NULL)
		return;
	ret = netlink_addr(h->ifindex, addr, 32, on, true);
	if (ret != 0) {
		inet_ntop(AF_INET, &addr, s, sizeof(s));
		PORT_LOG(WARNING, "[%s] %s: cannot %s %s/32: %s",
			a->cfg.port[idx].name, h->ifname,
			on ? "add" : "remove", s, strerror(-ret));
	}
}

void
host_vip6(struct app *a, unsigned int idx, const struct carp_in6 *addr,
		bool on)
{
	struct app_host *h = idx < a->nports ? a->port[idx].host : NULL;
	char s[INET6_ADDRSTRLEN];
	int ret;

	if (h == NULL)
		return;
	ret = netlink_addr6(h->ifindex, addr->a, 128, on, true);
	if (ret != 0) {
		inet_ntop(AF_INET6, addr->a, s, sizeof(s));
		PORT_LOG(WARNING, "[%s] %s: cannot %s %s/128: %s",
			a->cfg.port[idx].name, h->ifname,
			on ? "add" : "remove", s, strerror(-ret));
	}
}

void
host_close_all(struct app *a)
{
	unsigned int i;

	for (i = 0; i < a->nports; i++) {
		struct app_port *p = &a->port[i];

		if (p->host != NULL) {
			rte_eth_dev_stop(p->host->twin_id);
			rte_eth_dev_close(p->host->twin_id);
			rte_free(p->host);
			p->host = NULL;
		}
		rte_ring_free(p->to_host);
		p->to_host = NULL;
	}
}
