/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_WIRE6_H
#define CARP_WIRE6_H

/**
 * @file
 * CARP over IPv6 on the wire (lib/carp/PROTOCOL.md §10): advertisements
 * to ff02::12 and the unsolicited neighbour advertisements of a takeover,
 * and the IPv6 address helpers they need. Bounded by the buffer lengths
 * given, as carp_wire.h.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_ether.h>

#include "carp_wire.h"

#define CARP_IP6_HDR_LEN	40
#define CARP_HLIM		255	/* hop limit of advertisements and ND */
#define CARP_ADV6_FRAME_LEN	(RTE_ETHER_HDR_LEN + CARP_IP6_HDR_LEN + \
				 CARP_HDR_LEN)
/** A neighbour advertisement with a target link-layer address option. */
#define CARP_NA_LEN		32
#define CARP_NA_FRAME_LEN	(RTE_ETHER_HDR_LEN + CARP_IP6_HDR_LEN + \
				 CARP_NA_LEN)
#define CARP_IPPROTO_ICMPV6	58
#define CARP_ND_NS		135
#define CARP_ND_NA		136
#define CARP_NA_FLAG_ROUTER	0x80
#define CARP_NA_FLAG_SOLICITED	0x40
#define CARP_NA_FLAG_OVERRIDE	0x20

/** What an IPv6 advertisement to send carries. */
struct carp_adv6_tx {
	struct carp_in6 src;	/**< the port's link-local address */
	uint8_t vhid;
	uint8_t advbase;
	uint8_t advskew;
	uint8_t counter[CARP_COUNTER_LEN];
	uint8_t digest[CARP_DIGEST_LEN];
};

/**
 * Build an IPv6 advertisement: Ethernet from the virtual MAC to
 * 33:33:00:00:00:12, IPv6 (next header 112, hop limit 255, to ff02::12)
 * and the CARP header, whose checksum covers it alone (no pseudo-header).
 * @return CARP_ADV6_FRAME_LEN, or 0 if len is too small.
 */
size_t carp_adv6_build(void *buf, size_t len, const struct carp_adv6_tx *tx);

/**
 * Parse a received frame as an IPv6 advertisement, with the checks of
 * lib/carp/PROTOCOL.md §3 in IPv6's terms (hop limit for TTL; a next
 * header other than 112 is hdrops). adv->v6 and adv->src6 are set.
 */
enum carp_stat carp_adv6_parse(const void *frame, size_t len,
		struct carp_adv *adv);

/**
 * An unsolicited neighbour advertisement for target, from the virtual MAC
 * and src (the port's link-local address) to ff02::1: override set,
 * solicited clear, the target link-layer option the virtual MAC.
 * @return CARP_NA_FRAME_LEN, or 0 if len is too small.
 */
size_t carp_na_build(void *buf, size_t len, const struct rte_ether_addr *vmac,
		const struct carp_in6 *src, const struct carp_in6 *target);

/**
 * The ICMPv6 checksum (RFC 4443, with the pseudo-header of RFC 8200) of
 * len bytes of msg between src and dst, its checksum field zeroed: the
 * value to store, in network order.
 */
uint16_t carp_icmp6_cksum(const struct carp_in6 *src,
		const struct carp_in6 *dst, const void *msg, uint32_t len);

/** The link-local address of a MAC (EUI-64, RFC 4291 appendix A). */
void carp_in6_linklocal(const struct rte_ether_addr *mac,
		struct carp_in6 *ll);

/** The solicited-node group of a (ff02::1:ffXX:XXXX) and the multicast
 *  MAC of a group (33:33 and its last 32 bits). */
void carp_in6_solicited(const struct carp_in6 *a, struct carp_in6 *group);
void carp_in6_mcast_mac(const struct carp_in6 *group,
		struct rte_ether_addr *mac);

/** True for an address a host may hold on a segment: not ::, ::1,
 *  multicast (ff00::/8), link-local (fe80::/10) nor IPv4-mapped. */
bool carp_in6_unicast(const struct carp_in6 *a);

/** Bytewise order, as memcmp. */
int carp_in6_cmp(const struct carp_in6 *a, const struct carp_in6 *b);

/** True if a and b share their first plen bits. */
bool carp_in6_same_prefix(const struct carp_in6 *a, const struct carp_in6 *b,
		uint8_t plen);

/** A 64-bit mix of an address (and a port), for the address indexes. */
uint64_t carp_in6_key(uint16_t port, const struct carp_in6 *a);

#endif /* CARP_WIRE6_H */
