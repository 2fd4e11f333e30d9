/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Frames between the ports and their kernel twins, moved by the control
 * lcore a batch at a time.
 */

#include <string.h>

#include <rte_arp.h>
#include <rte_branch_prediction.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "app.h"
#include "carp_wire.h"
#include "host_path.h"
#include "port.h"

#define ICMP6_PROTO	58
#define ICMP6_NS	135
#define ICMP6_NA	136
#define ND_MIN_LEN	24	/* an NS or NA without options */
#define ICMP6_OFF	(RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv6_hdr))

/*
 * From a virtual address (c the balancer's answer for the frame's
 * addresses): it may leave only while MASTER, and then from the virtual
 * MAC, so that the switch keeps learning that MAC on this port. From any
 * other address it leaves as written. @return true if it may leave.
 */
static inline bool
egress_from(struct arpbal_choice c, struct rte_ether_hdr *eth,
		struct host_stats *st)
{
	if (c.verdict == ARPBAL_NOT_SHARED)
		return true;
	if (c.verdict != ARPBAL_ANSWERED) {
		st->vip_not_master++;
		return false;
	}
	carp_vmac(c.vhid, &eth->src_addr);
	return true;
}

/* The source link-layer option (RFC 4861 §4.6.1) of a solicitation of
 * plen bytes becomes mac, and its checksum follows.
 */
static void
ns_own_lladdr(const struct rte_ipv6_hdr *ip6, uint8_t *icmp, uint16_t plen,
		const struct rte_ether_addr *mac)
{
	uint16_t off = ND_MIN_LEN, ck;

	while (off + 8 <= plen && icmp[off + 1] != 0) {
		if (icmp[off] == 1 && icmp[off + 1] == 1) {
			memcpy(icmp + off + 2, mac, RTE_ETHER_ADDR_LEN);
			icmp[2] = icmp[3] = 0;
			ck = rte_ipv6_udptcp_cksum(ip6, icmp);
			memcpy(icmp + 2, &ck, 2);
			return;
		}
		off += (uint16_t)(icmp[off + 1] * 8);
	}
}

/*
 * The same for IPv6 (lib/carp/PROTOCOL.md §10.6): a neighbour
 * advertisement for a virtual address never leaves (the fast path
 * answers for it); IPv6 from a virtual address leaves only while MASTER,
 * from the virtual MAC, and a solicitation among it says that MAC in its
 * source link-layer option too, or the neighbour would learn the twin's.
 */
static bool
egress6_ok(struct app *a, uint16_t port, struct rte_mbuf *m,
		struct host_stats *st)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(eth + 1);
	uint8_t *icmp = (uint8_t *)(ip6 + 1);
	uint16_t plen = rte_be_to_cpu_16(ip6->payload_len);
	bool nd = ip6->proto == ICMP6_PROTO && plen >= ND_MIN_LEN &&
		m->data_len >= ICMP6_OFF + plen;
	struct arpbal_choice c;

	if (nd && icmp[0] == ICMP6_NA &&
	    arpbal_egress6(a->ab, port, icmp + 8, ip6->dst_addr).verdict !=
	    ARPBAL_NOT_SHARED) {
		st->nd_vip++;
		return false;
	}
	c = arpbal_egress6(a->ab, port, ip6->src_addr, ip6->dst_addr);
	if (!egress_from(c, eth, st))
		return false;
	if (c.verdict == ARPBAL_ANSWERED && nd && icmp[0] == ICMP6_NS)
		ns_own_lladdr(ip6, icmp, plen, &eth->src_addr);
	return true;
}

/*
 * What the kernel may send (lib/carp/PROTOCOL.md §8): ARP that names a
 * virtual address never leaves; IPv4 from a virtual address leaves only
 * while this host is MASTER for it, from the virtual MAC of the vhost that
 * serves the destination; everything else as the kernel wrote it.
 * @return true if m may leave.
 */
static bool
egress_ok(struct app *a, uint16_t port, struct rte_mbuf *m,
		struct host_stats *st)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct arpbal_choice c;

	if (m->data_len < RTE_ETHER_HDR_LEN)
		return true;
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_ARP)) {
		const struct rte_arp_hdr *arp = (const void *)(eth + 1);

		if (m->data_len < RTE_ETHER_HDR_LEN + sizeof(*arp))
			return true;
		c = arpbal_egress(a->ab, port, arp->arp_data.arp_sip, 0);
		if (c.verdict != ARPBAL_NOT_SHARED) {
			st->arp_vip++;
			return false;
		}
		return true;
	}
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4) &&
	    m->data_len >= RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr)) {
		const struct rte_ipv4_hdr *ip = (const void *)(eth + 1);

		c = arpbal_egress(a->ab, port, ip->src_addr, ip->dst_addr);
		return egress_from(c, eth, st);
	}
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6) &&
	    m->data_len >= ICMP6_OFF)
		return egress6_ok(a, port, m, st);
	return true;
}

static unsigned int
host_port_poll(struct app *a, uint16_t idx)
{
	struct app_port *p = &a->port[idx];
	struct app_host *h = p->host;
	struct host_stats *st = &h->stats;
	struct rte_mbuf *pkts[HOST_BURST], *out[HOST_BURST];
	unsigned int n, i, sent, nout = 0, work;

	/* To the kernel: what the workers set aside. */
	n = rte_ring_dequeue_burst(p->to_host, (void **)pkts, HOST_BURST,
		NULL);
	work = n;
	if (n > 0) {
		sent = rte_eth_tx_burst(h->twin_id, 0, pkts, (uint16_t)n);
		st->to_kernel += sent;
		if (unlikely(sent < n)) {
			st->to_kernel_full += n - sent;
			rte_pktmbuf_free_bulk(&pkts[sent], n - sent);
		}
	}

	/* From the kernel: what it may send, on the port. */
	n = rte_eth_rx_burst(h->twin_id, 0, pkts, HOST_BURST);
	work += n;
	st->from_kernel += n;
	for (i = 0; i < n; i++) {
		if (egress_ok(a, idx, pkts[i], st))
			out[nout++] = pkts[i];
		else
			rte_pktmbuf_free(pkts[i]);
	}
	if (nout > 0) {
		sent = port_send(a, idx, h->txq, out, (uint16_t)nout);
		st->out += sent;
		st->out_full += nout - sent;
	}
	return work;
}

unsigned int
host_path_poll(struct app *a)
{
	unsigned int i, work = 0;

	for (i = 0; i < a->nports; i++)
		if (a->port[i].host != NULL)
			work += host_port_poll(a, (uint16_t)i);
	return work;
}
