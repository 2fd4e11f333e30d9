/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Frames between the ports and their kernel twins, moved by the control
 * lcore a batch at a time.
 */

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
		if (c.verdict == ARPBAL_NOT_SHARED)
			return true;
		if (c.verdict != ARPBAL_ANSWERED) {
			st->vip_not_master++;
			return false;
		}
		/* The switch keeps learning the virtual MAC on this port. */
		carp_vmac(c.vhid, &eth->src_addr);
	}
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
