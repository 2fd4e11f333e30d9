/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_WORKER_IP4_H
#define APP_WORKER_IP4_H

/*
 * The IPv4 half of a worker's classification: echo requests to a virtual
 * address answered in place, the rest to the kernel twin under the MASTER
 * rule. Only worker_frames.c includes it: its functions are the fast path's,
 * inlined.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "app.h"
#include "arpbal.h"
#include "carp_wire.h"
#include "worker.h"
#include "worker_fate.h"

#define IPV4_MIN_LEN	(RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr))
/* RFC 792's types; DPDK renamed its constants in 24.11. */
#define ICMP_ECHO_REPLY		0
#define ICMP_ECHO_REQUEST	8

enum echo {
	ECHO_NONE,	/* no echo request */
	ECHO_OK,
	ECHO_BAD,	/* one that Linux would drop: lengths or checksum */
};

/* An echo request, whole, unfragmented, its IP header consistent with the
 * frame: the reply keeps the request's length, so a bogus one must not be
 * echoed back.
 */
static inline enum echo
echo_request(const struct rte_mbuf *m, const struct rte_ipv4_hdr *ip)
{
	size_t ihl = rte_ipv4_hdr_len(ip), tl;
	const struct rte_icmp_hdr *icmp;

	if (ip->next_proto_id != IPPROTO_ICMP || ihl < sizeof(*ip) ||
	    m->data_len < RTE_ETHER_HDR_LEN + ihl + sizeof(*icmp) ||
	    (ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_MF_FLAG |
					    RTE_IPV4_HDR_OFFSET_MASK)))
		return ECHO_NONE;
	icmp = (const struct rte_icmp_hdr *)((const uint8_t *)ip + ihl);
	if (icmp->icmp_type != ICMP_ECHO_REQUEST || icmp->icmp_code != 0)
		return ECHO_NONE;
	tl = rte_be_to_cpu_16(ip->total_length);
	if (tl < ihl + sizeof(*icmp) || RTE_ETHER_HDR_LEN + tl > m->data_len ||
	    rte_raw_cksum(ip, ihl) != 0xffff)
		return ECHO_BAD;
	return ECHO_OK;
}

/*
 * Answer an echo request to a virtual address in place, from the virtual
 * MAC of the vhost that serves the requester (as for ARP), so that the
 * requester's neighbour entry and the switch stay consistent.
 */
static inline void
echo_reply(struct rte_mbuf *m, uint8_t vhid)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_icmp_hdr *icmp = (struct rte_icmp_hdr *)((uint8_t *)ip +
		rte_ipv4_hdr_len(ip));
	uint32_t sum;
	rte_be32_t tmp;

	rte_ether_addr_copy(&eth->src_addr, &eth->dst_addr);
	carp_vmac(vhid, &eth->src_addr);
	tmp = ip->src_addr;
	ip->src_addr = ip->dst_addr;
	ip->dst_addr = tmp;
	ip->time_to_live = 64;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	/* Type 8 -> 0 changes one 16-bit word by 0x0800 (RFC 1624). */
	icmp->icmp_type = ICMP_ECHO_REPLY;
	sum = (uint32_t)(uint16_t)~rte_be_to_cpu_16(icmp->icmp_cksum) +
		(uint16_t)~0x0800;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	icmp->icmp_cksum = rte_cpu_to_be_16((uint16_t)~sum);
}

/*
 * IPv4 that is not CARP. To a virtual address: echo requests answered
 * here while this host serves the requester, the rest to the kernel under
 * the same rule; to any other address, to the kernel. Without a twin only
 * the echo requests are handled.
 */
static inline enum fate
ipv4_fate(struct app_worker *w, uint16_t port, bool host, uint8_t vhid,
		struct rte_mbuf *m, struct rte_ipv4_hdr *ip)
{
	struct worker_stats *st = &w->stats;
	enum echo echo = echo_request(m, ip);
	struct arpbal_choice c;

	if (unlikely(echo == ECHO_BAD)) {
		st->icmp_malformed++;
		return FATE_DROP;
	}
	if (!host && echo == ECHO_NONE)
		return FATE_OTHER;
	c = arpbal_reader_lookup(w->arp, port, ip->dst_addr, ip->src_addr,
		vhid);
	if (c.verdict == ARPBAL_NOT_SHARED)
		return not_virtual(host);
	if (echo == ECHO_OK) {
		if (c.verdict == ARPBAL_ANSWERED) {
			echo_reply(m, c.vhid);
			st->icmp_answered++;
			return FATE_TX;
		}
		st->icmp_dropped++;
		return FATE_DROP;
	}
	if (c.verdict == ARPBAL_ANSWERED)
		return FATE_HOST;
	st->vip_not_master++;
	return FATE_DROP;
}

#endif /* APP_WORKER_IP4_H */
