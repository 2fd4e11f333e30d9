/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_WORKER_IP6_H
#define APP_WORKER_IP6_H

/*
 * The IPv6 half of a worker's classification (lib/carp/PROTOCOL.md §10):
 * advertisements to the control lcore, MLD queries flagged for it, neighbour
 * solicitations to the balancer, echo requests to a virtual address
 * answered in place, the rest to the kernel twin under the MASTER rule.
 * Only worker_frames.c includes it: its functions are the fast path's, inlined.
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "app.h"
#include "arpbal.h"
#include "carp_wire.h"
#include "worker.h"
#include "worker_fate.h"

#define IPV6_MIN_LEN	(RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv6_hdr))
#define IP6_HOPOPTS	0	/* next header: hop-by-hop options */
#define IP6_ICMP	58
/* RFC 4443 and RFC 4861, RFC 3810 types */
#define ICMP6_ECHO_REQUEST	128
#define ICMP6_ECHO_REPLY	129
#define ICMP6_MLD_QUERY		130
#define ICMP6_ND_NS		135
#define ICMP6_ND_NA		136

/* The ICMPv6 message of m (after the IPv6 header and any hop-by-hop
 * options), or NULL if its first 4 bytes are not in the first segment.
 */
static inline const uint8_t *
icmp6_of(const struct rte_mbuf *m, const struct rte_ipv6_hdr *ip6)
{
	const uint8_t *p = (const uint8_t *)(ip6 + 1);
	size_t off = IPV6_MIN_LEN;

	if (ip6->proto == IP6_HOPOPTS) {
		/* MLD queries come behind a router alert option. */
		if (m->data_len < off + 8)
			return NULL;
		if (p[0] != IP6_ICMP)
			return NULL;
		off += (size_t)(p[1] + 1) * 8;
		p = rte_pktmbuf_mtod_offset(m, const uint8_t *, off);
	} else if (ip6->proto != IP6_ICMP) {
		return NULL;
	}
	return m->data_len >= off + 4 ? p : NULL;
}

/* An echo request whose lengths and checksum hold (RFC 4443 §2.3): the
 * reply keeps its payload, so a bogus one must not be echoed back.
 */
static inline bool
echo6_valid(const struct rte_mbuf *m, const struct rte_ipv6_hdr *ip6)
{
	uint16_t plen = rte_be_to_cpu_16(ip6->payload_len);

	return ip6->proto == IP6_ICMP && plen >= 8 &&
		IPV6_MIN_LEN + plen <= m->data_len &&
		rte_ipv6_udptcp_cksum_verify(ip6, ip6 + 1) == 0;
}

/* Answer an echo request in place from the virtual MAC of vhid. */
static inline void
echo6_reply(struct rte_mbuf *m, uint8_t vhid)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(eth + 1);
	uint8_t *icmp = (uint8_t *)(ip6 + 1), tmp[16];
	uint16_t ck;
	uint32_t sum;

	rte_ether_addr_copy(&eth->src_addr, &eth->dst_addr);
	carp_vmac(vhid, &eth->src_addr);
	memcpy(tmp, ip6->src_addr, 16);
	memcpy(ip6->src_addr, ip6->dst_addr, 16);
	memcpy(ip6->dst_addr, tmp, 16);
	ip6->hop_limits = 64;
	/* Type 128 -> 129 adds 0x0100 to one 16-bit word (RFC 1624); the
	 * pseudo-header's sum is the same with the addresses swapped.
	 */
	icmp[0] = ICMP6_ECHO_REPLY;
	memcpy(&ck, icmp + 2, 2);
	sum = (uint32_t)(uint16_t)~rte_be_to_cpu_16(ck) + 0x0100;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	ck = rte_cpu_to_be_16((uint16_t)~sum);
	memcpy(icmp + 2, &ck, 2);
}

/*
 * IPv6 that is not CARP. Neighbour solicitations go to the balancer;
 * MLD queries are flagged for the control lcore, which answers with a
 * report; echo
 * requests to a virtual address are answered while this host serves the
 * requester; neighbour advertisements naming a virtual address are
 * another CARP host's and nobody's business here; the rest goes to the
 * kernel under the MASTER rule (to a virtual address) or as it is.
 */
static inline enum fate
ipv6_fate(struct app *a, struct app_worker *w, uint16_t port, bool host,
		uint8_t vhid, struct rte_mbuf *m, struct rte_ipv6_hdr *ip6)
{
	struct worker_stats *st = &w->stats;
	const uint8_t *icmp = icmp6_of(m, ip6);
	struct arpbal_choice c;

	if (icmp != NULL) {
		switch (icmp[0]) {
		case ICMP6_ND_NS:
			return ip6->proto == IP6_ICMP ? FATE_ND : FATE_DROP;
		case ICMP6_MLD_QUERY:
			/* Read first: a flood must not keep the line moving. */
			if (!__atomic_load_n(&a->port[port].mld_query,
					__ATOMIC_RELAXED))
				__atomic_store_n(&a->port[port].mld_query, 1,
					__ATOMIC_RELAXED);
			st->mld_query++;
			return FATE_DROP;
		case ICMP6_ND_NA:
			if (ip6->proto == IP6_ICMP &&
			    m->data_len >= IPV6_MIN_LEN + 24 &&
			    arpbal_choose6(a->ab, port, icmp + 8,
					ip6->src_addr).verdict !=
			    ARPBAL_NOT_SHARED)
				return FATE_OTHER;
			break;
		default:
			break;
		}
	}
	c = arpbal_reader_lookup6(w->arp, port, ip6->dst_addr, ip6->src_addr,
		vhid);
	if (c.verdict == ARPBAL_NOT_SHARED)
		return not_virtual(host);
	if (icmp != NULL && icmp[0] == ICMP6_ECHO_REQUEST) {
		if (unlikely(!echo6_valid(m, ip6))) {
			st->icmp_malformed++;
			return FATE_DROP;
		}
		if (c.verdict == ARPBAL_ANSWERED) {
			echo6_reply(m, c.vhid);
			st->icmp_answered++;
			return FATE_TX;
		}
		st->icmp_dropped++;
		return FATE_DROP;
	}
	if (host && c.verdict == ARPBAL_ANSWERED)
		return FATE_HOST;
	if (!host)
		return FATE_OTHER;
	st->vip_not_master++;
	return FATE_DROP;
}

#endif /* APP_WORKER_IP6_H */
