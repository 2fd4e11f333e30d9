/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Advertisements and gratuitous ARP built into and parsed from plain
 * buffers, bounded by the buffer length whatever the headers claim.
 */

#include <string.h>

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include "carp_wire.h"

#define IPV4_HDR_MIN	20

void
carp_counter_put(uint8_t out[CARP_COUNTER_LEN], uint64_t v)
{
	int i;

	for (i = CARP_COUNTER_LEN - 1; i >= 0; i--, v >>= 8)
		out[i] = (uint8_t)v;
}

uint64_t
carp_counter_get(const uint8_t in[CARP_COUNTER_LEN])
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < CARP_COUNTER_LEN; i++)
		v = v << 8 | in[i];
	return v;
}

uint16_t
carp_hdr_cksum(const struct carp_hdr *h)
{
	/* rte_raw_cksum folds to host order; the complement of the folded
	 * sum is what goes on the wire, as for the IPv4 header.
	 */
	uint16_t sum = rte_raw_cksum(h, sizeof(*h));

	return (uint16_t)~sum;
}

void
carp_hdr_get(const struct carp_hdr *ch, struct carp_adv *adv)
{
	adv->version = ch->ver_type >> 4;
	adv->type = ch->ver_type & 0x0f;
	adv->vhid = ch->vhid;
	adv->advbase = ch->advbase;
	adv->advskew = ch->advskew;
	memcpy(adv->counter, ch->counter, sizeof(adv->counter));
	memcpy(adv->digest, ch->digest, sizeof(adv->digest));
}

void
carp_hdr_put(struct carp_hdr *ch, uint8_t vhid, uint8_t advbase,
		uint8_t advskew, const uint8_t counter[CARP_COUNTER_LEN],
		const uint8_t digest[CARP_DIGEST_LEN])
{
	ch->ver_type = CARP_VERSION << 4 | CARP_TYPE_ADVERTISEMENT;
	ch->vhid = vhid;
	ch->advskew = advskew;
	ch->authlen = CARP_AUTHLEN;
	ch->demote = 0;
	ch->advbase = advbase;
	ch->cksum = 0;
	memcpy(ch->counter, counter, sizeof(ch->counter));
	memcpy(ch->digest, digest, sizeof(ch->digest));
	/* The CARP header alone, in either family: no pseudo-header. */
	ch->cksum = carp_hdr_cksum(ch);
}

size_t
carp_adv_build(void *buf, size_t len, const struct carp_adv_tx *tx)
{
	struct rte_ether_hdr *eth = buf;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct carp_hdr *ch = (struct carp_hdr *)(ip + 1);

	if (buf == NULL || len < CARP_ADV_FRAME_LEN)
		return 0;

	if (tx->dst != 0)
		eth->dst_addr = tx->dst_mac;
	else
		carp_mcast_mac(&eth->dst_addr);
	carp_vmac(tx->vhid, &eth->src_addr);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);

	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->type_of_service = CARP_IP_TOS;
	ip->total_length = rte_cpu_to_be_16(IPV4_HDR_MIN + CARP_HDR_LEN);
	ip->packet_id = rte_cpu_to_be_16(tx->ip_id);
	ip->fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG);
	ip->time_to_live = CARP_TTL;
	ip->next_proto_id = CARP_IPPROTO;
	ip->hdr_checksum = 0;
	ip->src_addr = tx->src;
	ip->dst_addr = tx->dst != 0 ? tx->dst :
		rte_cpu_to_be_32(CARP_MCAST_ADDR);
	ip->hdr_checksum = rte_ipv4_cksum(ip);

	carp_hdr_put(ch, tx->vhid, tx->advbase, tx->advskew, tx->counter,
		tx->digest);
	return CARP_ADV_FRAME_LEN;
}

static enum carp_stat
adv_parse(const void *frame, size_t len, struct carp_adv *adv, bool ttl)
{
	const struct rte_ether_hdr *eth = frame;
	const struct rte_ipv4_hdr *ip;
	struct carp_hdr ch;
	size_t ihl, iplen;

	/* Headers that cannot be read, or are not IPv4 carrying CARP in one
	 * unfragmented datagram with a valid header checksum: the stack of a
	 * BSD would never have handed such a frame to carp_input.
	 */
	if (frame == NULL || len < RTE_ETHER_HDR_LEN + IPV4_HDR_MIN ||
	    eth->ether_type != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4))
		return CARP_STAT_HDROPS;
	ip = (const struct rte_ipv4_hdr *)(eth + 1);
	ihl = (size_t)(ip->version_ihl & RTE_IPV4_HDR_IHL_MASK) *
		RTE_IPV4_IHL_MULTIPLIER;
	if ((ip->version_ihl >> 4) != 4 || ihl < IPV4_HDR_MIN ||
	    len < RTE_ETHER_HDR_LEN + ihl || ip->next_proto_id != CARP_IPPROTO)
		return CARP_STAT_HDROPS;
	if ((ip->fragment_offset &
	     rte_cpu_to_be_16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)))
		return CARP_STAT_HDROPS;
	if (rte_raw_cksum(ip, ihl) != 0xffff)
		return CARP_STAT_HDROPS;

	if (ttl && ip->time_to_live != CARP_TTL)
		return CARP_STAT_BADTTL;

	/* The IP length must hold the CARP header and fit in the frame
	 * (Ethernet padding after it is fine).
	 */
	iplen = rte_be_to_cpu_16(ip->total_length);
	if (iplen < ihl + CARP_HDR_LEN || iplen > len - RTE_ETHER_HDR_LEN)
		return CARP_STAT_BADLEN;

	memcpy(&ch, (const uint8_t *)ip + ihl, sizeof(ch));
	if (carp_hdr_cksum(&ch) != 0)
		return CARP_STAT_BADSUM;

	adv->v6 = false;
	adv->src = ip->src_addr;
	carp_hdr_get(&ch, adv);
	return CARP_STAT_NONE;
}

size_t
carp_garp_build(void *buf, size_t len, const struct rte_ether_addr *vmac,
		rte_be32_t addr)
{
	struct rte_ether_hdr *eth = buf;
	struct rte_arp_hdr *arp = (struct rte_arp_hdr *)(eth + 1);

	if (buf == NULL || len < CARP_ARP_FRAME_LEN)
		return 0;

	memset(&eth->dst_addr, 0xff, sizeof(eth->dst_addr));
	rte_ether_addr_copy(vmac, &eth->src_addr);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP);

	arp->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	arp->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	arp->arp_hlen = RTE_ETHER_ADDR_LEN;
	arp->arp_plen = sizeof(rte_be32_t);
	arp->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REQUEST);
	rte_ether_addr_copy(vmac, &arp->arp_data.arp_sha);
	arp->arp_data.arp_sip = addr;
	memset(&arp->arp_data.arp_tha, 0, sizeof(arp->arp_data.arp_tha));
	arp->arp_data.arp_tip = addr;

	return CARP_ARP_FRAME_LEN;
}

enum carp_stat
carp_adv_parse(const void *frame, size_t len, struct carp_adv *adv)
{
	return adv_parse(frame, len, adv, true);
}

enum carp_stat
carp_adv_parse_unicast(const void *frame, size_t len, struct carp_adv *adv)
{
	return adv_parse(frame, len, adv, false);
}

uint8_t
carp_adv_peek_vhid(const void *frame, size_t len)
{
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)
		((const struct rte_ether_hdr *)frame + 1);
	size_t ihl;

	if (frame == NULL || len < RTE_ETHER_HDR_LEN + IPV4_HDR_MIN)
		return 0;
	ihl = (size_t)(ip->version_ihl & RTE_IPV4_HDR_IHL_MASK) *
		RTE_IPV4_IHL_MULTIPLIER;
	if (len < RTE_ETHER_HDR_LEN + ihl + CARP_HDR_LEN)
		return 0;
	return ((const struct carp_hdr *)((const uint8_t *)ip + ihl))->vhid;
}
