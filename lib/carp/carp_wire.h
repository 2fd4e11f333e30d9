/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_WIRE_H
#define CARP_WIRE_H

/**
 * @file
 * CARP on the wire: the advertisement frame (Ethernet + IPv4 + CARP) and
 * the gratuitous ARP, built into and parsed from plain buffers.
 *
 * Nothing here needs EAL; every function is bounded by the buffer length it
 * is given, whatever the lengths inside the headers claim.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include "carp_stats.h"

#define CARP_VERSION		2
#define CARP_TYPE_ADVERTISEMENT	1
#define CARP_IPPROTO		112
#define CARP_TTL		255
#define CARP_IP_TOS		0x10	/* IPTOS_LOWDELAY */
#define CARP_AUTHLEN		7	/* counter + digest, in 32-bit words */
#define CARP_COUNTER_LEN	8
#define CARP_DIGEST_LEN		20
#define CARP_HDR_LEN		36
#define CARP_MCAST_ADDR		UINT32_C(0xe0000012)	/* 224.0.0.18 */
#define CARP_ADV_FRAME_LEN	(RTE_ETHER_HDR_LEN + 20 + CARP_HDR_LEN)
#define CARP_ARP_FRAME_LEN	(RTE_ETHER_HDR_LEN + 28)

/** advbase and advskew of a bow-out (lib/carp/PROTOCOL.md §4.6). */
#define CARP_BOWOUT		255

/** The CARP header as on the wire; 36 bytes, no alignment assumed. */
struct carp_hdr {
	uint8_t ver_type;	/**< version << 4 | type */
	uint8_t vhid;
	uint8_t advskew;
	uint8_t authlen;
	uint8_t demote;		/**< reserved; OpenBSD's demote count; sent 0 */
	uint8_t advbase;
	rte_be16_t cksum;
	uint8_t counter[CARP_COUNTER_LEN];	/**< big-endian */
	uint8_t digest[CARP_DIGEST_LEN];
} __attribute__((__packed__));	/* __rte_packed changed form in 25.03 */

/** An IPv6 address, as on the wire. */
struct carp_in6 {
	uint8_t a[16];
};

/** What a received advertisement says, fields in host order. */
struct carp_adv {
	bool v6;		/**< came over IPv6 (src6), else IPv4 (src) */
	struct carp_in6 src6;	/**< IPv6 source */
	rte_be32_t src;		/**< IPv4 source, network order */
	uint8_t version;
	uint8_t type;
	uint8_t vhid;
	uint8_t advbase;
	uint8_t advskew;
	uint8_t counter[CARP_COUNTER_LEN];	/**< as on the wire */
	uint8_t digest[CARP_DIGEST_LEN];
};

/** What an advertisement to send carries. */
struct carp_adv_tx {
	rte_be32_t src;		/**< this host's own address on the port */
	/** Unicast: the peer's address, and its MAC if known (else the
	 *  broadcast one); 0 for 224.0.0.18 from its multicast MAC. */
	rte_be32_t dst;
	struct rte_ether_addr dst_mac;
	uint16_t ip_id;		/**< IPv4 identification, host order */
	uint8_t vhid;
	uint8_t advbase;
	uint8_t advskew;
	uint8_t counter[CARP_COUNTER_LEN];
	uint8_t digest[CARP_DIGEST_LEN];
};

/** Virtual MAC of a vhid: 00:00:5e:00:01:vhid. */
static inline void
carp_vmac(uint8_t vhid, struct rte_ether_addr *mac)
{
	mac->addr_bytes[0] = 0x00;
	mac->addr_bytes[1] = 0x00;
	mac->addr_bytes[2] = 0x5e;
	mac->addr_bytes[3] = 0x00;
	mac->addr_bytes[4] = 0x01;
	mac->addr_bytes[5] = vhid;
}

/** True if mac is a CARP virtual MAC (any vhid). */
static inline bool
carp_is_vmac(const struct rte_ether_addr *mac)
{
	const uint8_t *b = mac->addr_bytes;

	return b[0] == 0 && b[1] == 0 && b[2] == 0x5e && b[3] == 0 &&
		b[4] == 1 && b[5] != 0;
}

/** Multicast MAC of 224.0.0.18: 01:00:5e:00:00:12. */
static inline void
carp_mcast_mac(struct rte_ether_addr *mac)
{
	static const struct rte_ether_addr m = {
		.addr_bytes = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x12 } };

	*mac = m;
}

/** 64-bit counter to and from its 8 wire bytes (high word first). */
void carp_counter_put(uint8_t out[CARP_COUNTER_LEN], uint64_t v);
uint64_t carp_counter_get(const uint8_t in[CARP_COUNTER_LEN]);

/**
 * Internet checksum (RFC 1071) over the 36 CARP bytes as they are.
 * Returns 0 for a header whose cksum field is correct; over a header with
 * cksum zeroed it returns the value to store (network order).
 */
uint16_t carp_hdr_cksum(const struct carp_hdr *h);

/** What a received CARP header says, into adv (fields in host order). */
void carp_hdr_get(const struct carp_hdr *ch, struct carp_adv *adv);

/** Fill an advertisement's CARP header, its checksum included. */
void carp_hdr_put(struct carp_hdr *ch, uint8_t vhid, uint8_t advbase,
		uint8_t advskew, const uint8_t counter[CARP_COUNTER_LEN],
		const uint8_t digest[CARP_DIGEST_LEN]);

/**
 * Build an advertisement frame in buf: Ethernet from the virtual MAC to
 * 01:00:5e:00:00:12, IPv4 (TOS 0x10, DF, TTL 255, proto 112, to 224.0.0.18)
 * and the CARP header with both checksums.
 *
 * @return the frame length (CARP_ADV_FRAME_LEN), or 0 if len is too small.
 */
size_t carp_adv_build(void *buf, size_t len, const struct carp_adv_tx *tx);

/** The vhid of what may be an advertisement, or 0 if it cannot be read. */
uint8_t carp_adv_peek_vhid(const void *frame, size_t len);

/**
 * Parse a received Ethernet frame as an advertisement: lib/carp/PROTOCOL.md §3,
 * steps 3 to 5 (the steps that need nothing but the frame).
 *
 * @return CARP_STAT_NONE and *adv filled, or the counter the frame must
 *   increment: hdrops (not IPv4/112, truncated or unreadable headers,
 *   fragments, bad IP header checksum), badttl, badlen, badsum.
 */
enum carp_stat carp_adv_parse(const void *frame, size_t len,
		struct carp_adv *adv);

/** As carp_adv_parse(), without the TTL rule: for a vhost that speaks
 *  unicast, whose advertisements may have crossed routers (as FreeBSD). */
enum carp_stat carp_adv_parse_unicast(const void *frame, size_t len,
		struct carp_adv *adv);

/**
 * Build a gratuitous ARP (lib/carp/PROTOCOL.md §5.2) in buf: a broadcast
 * request from vmac, sender and target IP both addr, target MAC zero.
 *
 * @return the frame length (CARP_ARP_FRAME_LEN), or 0 if len is too small.
 */
size_t carp_garp_build(void *buf, size_t len,
		const struct rte_ether_addr *vmac, rte_be32_t addr);

#endif /* CARP_WIRE_H */
