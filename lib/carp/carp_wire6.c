/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * IPv6 advertisements and neighbour advertisements built into and parsed
 * from plain buffers (lib/carp/PROTOCOL.md §10), and the address helpers
 * they need.
 */

#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include "carp_wire6.h"

/* ff02::12, ff02::1 */
static const struct carp_in6 mcast_carp = { .a = {
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12 } };
static const struct carp_in6 mcast_all = { .a = {
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 } };

/* The fixed 40 bytes of an IPv6 header, version 6, no traffic class or
 * flow label.
 */
static void
ip6_put(struct rte_ipv6_hdr *ip, uint16_t plen, uint8_t proto,
		const struct carp_in6 *src, const struct carp_in6 *dst)
{
	ip->vtc_flow = rte_cpu_to_be_32(UINT32_C(6) << 28);
	ip->payload_len = rte_cpu_to_be_16(plen);
	ip->proto = proto;
	ip->hop_limits = CARP_HLIM;
	memcpy(&ip->src_addr, src->a, 16);
	memcpy(&ip->dst_addr, dst->a, 16);
}

size_t
carp_adv6_build(void *buf, size_t len, const struct carp_adv6_tx *tx)
{
	struct rte_ether_hdr *eth = buf;
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(eth + 1);
	struct carp_hdr *ch = (struct carp_hdr *)(ip + 1);

	if (buf == NULL || len < CARP_ADV6_FRAME_LEN)
		return 0;
	carp_in6_mcast_mac(&mcast_carp, &eth->dst_addr);
	carp_vmac(tx->vhid, &eth->src_addr);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6);
	ip6_put(ip, CARP_HDR_LEN, CARP_IPPROTO, &tx->src, &mcast_carp);

	/* Its checksum over the CARP header alone, unlike ICMPv6's. */
	carp_hdr_put(ch, tx->vhid, tx->advbase, tx->advskew, tx->counter,
		tx->digest);
	return CARP_ADV6_FRAME_LEN;
}

enum carp_stat
carp_adv6_parse(const void *frame, size_t len, struct carp_adv *adv)
{
	const struct rte_ether_hdr *eth = frame;
	const struct rte_ipv6_hdr *ip;
	struct carp_hdr ch;
	size_t plen;

	if (frame == NULL || len < RTE_ETHER_HDR_LEN + CARP_IP6_HDR_LEN ||
	    eth->ether_type != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6))
		return CARP_STAT_HDROPS;
	ip = (const struct rte_ipv6_hdr *)(eth + 1);
	if ((rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6 ||
	    ip->proto != CARP_IPPROTO)
		return CARP_STAT_HDROPS;
	if (ip->hop_limits != CARP_HLIM)
		return CARP_STAT_BADTTL;
	plen = rte_be_to_cpu_16(ip->payload_len);
	if (plen < CARP_HDR_LEN ||
	    plen > len - RTE_ETHER_HDR_LEN - CARP_IP6_HDR_LEN)
		return CARP_STAT_BADLEN;
	memcpy(&ch, ip + 1, sizeof(ch));
	if (carp_hdr_cksum(&ch) != 0)
		return CARP_STAT_BADSUM;

	adv->v6 = true;
	memcpy(adv->src6.a, &ip->src_addr, 16);
	adv->src = 0;
	carp_hdr_get(&ch, adv);
	return CARP_STAT_NONE;
}

uint16_t
carp_icmp6_cksum(const struct carp_in6 *src, const struct carp_in6 *dst,
		const void *msg, uint32_t len)
{
	struct {
		uint8_t src[16];
		uint8_t dst[16];
		rte_be32_t len;
		uint8_t zero[3];
		uint8_t next;
	} ph;
	uint32_t sum;

	memcpy(ph.src, src->a, 16);
	memcpy(ph.dst, dst->a, 16);
	ph.len = rte_cpu_to_be_32(len);
	memset(ph.zero, 0, sizeof(ph.zero));
	ph.next = CARP_IPPROTO_ICMPV6;
	sum = __rte_raw_cksum(&ph, sizeof(ph), 0);
	sum = __rte_raw_cksum(msg, len, sum);
	sum = __rte_raw_cksum_reduce(sum);
	return (uint16_t)~sum;
}

size_t
carp_na_build(void *buf, size_t len, const struct rte_ether_addr *vmac,
		const struct carp_in6 *src, const struct carp_in6 *target)
{
	struct rte_ether_hdr *eth = buf;
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(eth + 1);
	uint8_t *na = (uint8_t *)(ip + 1);
	uint16_t sum;

	if (buf == NULL || len < CARP_NA_FRAME_LEN)
		return 0;
	carp_in6_mcast_mac(&mcast_all, &eth->dst_addr);
	rte_ether_addr_copy(vmac, &eth->src_addr);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6);
	ip6_put(ip, CARP_NA_LEN, CARP_IPPROTO_ICMPV6, src, &mcast_all);

	memset(na, 0, CARP_NA_LEN);
	na[0] = CARP_ND_NA;			/* type; code 0 */
	na[4] = CARP_NA_FLAG_OVERRIDE;		/* unsolicited */
	memcpy(na + 8, target->a, 16);
	na[24] = 2;				/* target link-layer address */
	na[25] = 1;				/* 8 bytes */
	memcpy(na + 26, vmac->addr_bytes, RTE_ETHER_ADDR_LEN);
	sum = carp_icmp6_cksum(src, &mcast_all, na, CARP_NA_LEN);
	memcpy(na + 2, &sum, sizeof(sum));
	return CARP_NA_FRAME_LEN;
}

void
carp_in6_linklocal(const struct rte_ether_addr *mac, struct carp_in6 *ll)
{
	const uint8_t *m = mac->addr_bytes;

	memset(ll, 0, sizeof(*ll));
	ll->a[0] = 0xfe;
	ll->a[1] = 0x80;
	ll->a[8] = m[0] ^ 0x02;		/* the universal/local bit */
	ll->a[9] = m[1];
	ll->a[10] = m[2];
	ll->a[11] = 0xff;
	ll->a[12] = 0xfe;
	ll->a[13] = m[3];
	ll->a[14] = m[4];
	ll->a[15] = m[5];
}

void
carp_in6_solicited(const struct carp_in6 *a, struct carp_in6 *group)
{
	memset(group, 0, sizeof(*group));
	group->a[0] = 0xff;
	group->a[1] = 0x02;
	group->a[11] = 0x01;
	group->a[12] = 0xff;
	memcpy(group->a + 13, a->a + 13, 3);
}

void
carp_in6_mcast_mac(const struct carp_in6 *group, struct rte_ether_addr *mac)
{
	mac->addr_bytes[0] = 0x33;
	mac->addr_bytes[1] = 0x33;
	memcpy(mac->addr_bytes + 2, group->a + 12, 4);
}

bool
carp_in6_unicast(const struct carp_in6 *a)
{
	static const uint8_t mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	unsigned int i;

	if (a->a[0] == 0xff || (a->a[0] == 0xfe && (a->a[1] & 0xc0) == 0x80))
		return false;
	if (memcmp(a->a, mapped, sizeof(mapped)) == 0)
		return false;
	for (i = 0; i < 15 && a->a[i] == 0; i++)
		;
	/* ::, ::1 */
	return !(i == 15 && a->a[15] <= 1);
}

int
carp_in6_cmp(const struct carp_in6 *a, const struct carp_in6 *b)
{
	return memcmp(a->a, b->a, sizeof(a->a));
}

bool
carp_in6_same_prefix(const struct carp_in6 *a, const struct carp_in6 *b,
		uint8_t plen)
{
	unsigned int bytes = plen / 8, bits = plen % 8;
	uint8_t mask;

	if (plen > 128)
		return false;
	if (memcmp(a->a, b->a, bytes) != 0)
		return false;
	if (bits == 0)
		return true;
	mask = (uint8_t)(0xff << (8 - bits));
	return (a->a[bytes] & mask) == (b->a[bytes] & mask);
}

uint64_t
carp_in6_key(uint16_t port, const struct carp_in6 *a)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325) ^ port;
	unsigned int i;

	/* FNV-1a, then the top bit cleared: CARP_MAP_EMPTY never comes. */
	for (i = 0; i < 16; i++) {
		h ^= a->a[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h & ~(UINT64_C(1) << 63);
}
