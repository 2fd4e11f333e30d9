/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The balancer's readers for IPv6: neighbour solicitations for virtual
 * addresses answered in place (RFC 4861 §7.1.1 checks, §7.2.4 answers),
 * and the lookups of the rest of the IPv6 traffic, as arpbal_reader.c does
 * for ARP and IPv4.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_hash.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "arpbal_burst.h"
#include "arpbal_private.h"

#define ICMP6_OFF	(RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv6_hdr))
#define ICMPV6		58
#define ND_NS		135
#define ND_NA		136
#define NS_LEN		24	/* type, code, checksum, reserved, target */
#define NA_LEN		32	/* the same and one 8-byte option */
#define NA_FRAME_LEN	(ICMP6_OFF + NA_LEN)
#define ND_OPT_SLLA	1	/* source link-layer address */
#define ND_OPT_TLLA	2	/* target link-layer address */
#define NA_FLAG_S	0x40	/* solicited */
#define NA_FLAG_O	0x20	/* override */
#define ND_HLIM		255
/* Offsets in the ICMPv6 message. */
#define ND_TARGET	8
#define ND_OPTS		24

/* What a solicitation's checks found out, for its answer. */
struct ns_info {
	const uint8_t *slla;	/* the source link-layer address, or NULL */
	bool dad;		/* from ::, duplicate address detection */
};

enum ns_kind {
	NS_OK,
	NS_OTHER,	/* IPv6, but no neighbour solicitation */
	NS_NA,		/* an advertisement, long enough to name a target */
	NS_BAD,		/* malformed */
};

static inline bool
addr6_unspecified(const uint8_t a[16])
{
	uint64_t w[2];

	memcpy(w, a, sizeof(w));
	return (w[0] | w[1]) == 0;
}

/* ff02::1:ffXX:XXXX (RFC 4291 §2.7.1). */
static inline bool
addr6_solicited(const uint8_t a[16])
{
	static const uint8_t prefix[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0x01, 0xff };

	return memcmp(a, prefix, sizeof(prefix)) == 0;
}

static inline uint32_t
addr6_fold(const uint8_t a[16])
{
	uint32_t w[4];

	memcpy(w, a, sizeof(w));
	return w[0] ^ w[1] ^ w[2] ^ w[3];
}

/*
 * The options of a solicitation, len bytes at opt: each of nonzero length
 * and within the message, a source link-layer address (the first, if
 * several) an Ethernet one.
 */
static inline bool
ns_options(const uint8_t *opt, uint32_t len, struct ns_info *ns)
{
	uint32_t l;

	while (len > 0) {
		if (len < 2)
			return false;
		l = (uint32_t)opt[1] * 8;
		if (l == 0 || l > len)
			return false;
		if (opt[0] == ND_OPT_SLLA && ns->slla == NULL) {
			if (l != 8)
				return false;
			ns->slla = opt + 2;
		}
		opt += l;
		len -= l;
	}
	return true;
}

/* a + b in ones' complement over 64 bits: the carry out added back in
 * (compiled to an add and an add-with-carry).
 */
static inline uint64_t
ones_add(uint64_t a, uint64_t b)
{
	a += b;
	return a + (a < b);
}

/*
 * The ones' complement sum of len bytes at p (a multiple of 8) added to
 * sum, unfolded, 8 bytes at a time: it folds to the sum of their 16-bit
 * words (RFC 1071 §2: the sum may be taken in wider words, in either byte
 * order, as long as it is folded, and stored, in the order it was
 * loaded). A solicitation and its advertisement are 32 bytes each, their
 * addresses 32 more: four additions each, where rte_raw_cksum() takes
 * sixteen.
 */
static __rte_always_inline uint64_t
sum64(const uint8_t *p, uint32_t len, uint64_t sum)
{
	uint64_t w;
	uint32_t i;

	for (i = 0; i < len; i += 8) {
		memcpy(&w, p + i, sizeof(w));
		sum = ones_add(sum, w);
	}
	return sum;
}

static inline uint16_t
sum64_fold(uint64_t sum)
{
	sum = (sum & UINT32_MAX) + (sum >> 32);
	sum = (sum & UINT32_MAX) + (sum >> 32);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/*
 * The sum over the pseudo-header and the ICMPv6 message of len bytes
 * (RFC 8200 §8.1), not complemented: 0xffff when the message's checksum
 * is right. The pseudo-header is the addresses (contiguous in the
 * header), then the length and the next header, each a 32-bit word in
 * network order. A solicitation with its link-layer address (the usual
 * one) and an advertisement are 32 bytes: a length the compiler unrolls.
 */
static inline uint16_t
icmp6_sum(const struct rte_ipv6_hdr *ip, const uint8_t *icmp, uint32_t len)
{
	uint64_t sum = (uint64_t)rte_cpu_to_be_32(len) +
		rte_cpu_to_be_32(ICMPV6);

	RTE_BUILD_BUG_ON(offsetof(struct rte_ipv6_hdr, dst_addr) !=
		offsetof(struct rte_ipv6_hdr, src_addr) + 16);
	sum = sum64(ip->src_addr, 32, sum);
	if (likely(len == NA_LEN))
		return sum64_fold(sum64(icmp, NA_LEN, sum));
	sum = sum64(icmp, len - len % 8, sum);
	/* Not a whole number of options: malformed, but summed all the same. */
	if (unlikely(len % 8 != 0))
		sum = ones_add(sum, rte_raw_cksum(icmp + len - len % 8,
			len % 8));
	return sum64_fold(sum);
}

/* A neighbour solicitation, checked as RFC 4861 §7.1.1 says. */
static inline enum ns_kind
ns_check(const struct rte_mbuf *m, struct ns_info *ns)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m,
		const struct rte_ether_hdr *);
	const struct rte_ipv6_hdr *ip = (const struct rte_ipv6_hdr *)(eth + 1);
	const uint8_t *icmp = (const uint8_t *)(ip + 1);
	uint32_t plen;

	if (unlikely(m->data_len < ICMP6_OFF ||
		     eth->ether_type != RTE_BE16(RTE_ETHER_TYPE_IPV6) ||
		     (rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6))
		return NS_BAD;
	if (unlikely(ip->proto != ICMPV6))
		return NS_OTHER;
	if (unlikely(m->data_len < ICMP6_OFF + 1))
		return NS_BAD;
	if (unlikely(icmp[0] != ND_NS))
		return icmp[0] == ND_NA && m->data_len >= ICMP6_OFF + NS_LEN ?
			NS_NA : NS_OTHER;
	plen = rte_be_to_cpu_16(ip->payload_len);
	if (unlikely(plen < NS_LEN || ICMP6_OFF + plen > m->data_len ||
		     ip->hop_limits != ND_HLIM || icmp[1] != 0 ||
		     icmp[ND_TARGET] == 0xff))
		return NS_BAD;
	/* Over the pseudo-header and the message, checksum included. */
	if (unlikely(icmp6_sum(ip, icmp, plen) != 0xffff))
		return NS_BAD;
	ns->slla = NULL;
	if (unlikely(!ns_options(icmp + ND_OPTS, plen - ND_OPTS, ns)))
		return NS_BAD;
	ns->dad = addr6_unspecified(ip->src_addr);
	if (unlikely(ns->dad &&
		     (!addr6_solicited(ip->dst_addr) || ns->slla != NULL)))
		return NS_BAD;
	return NS_OK;
}

/* The entry of the reader's cache where addr on port would be. */
static inline struct gcache6_entry *
gcache6_slot(struct arpbal_reader *r, uint16_t port, const uint8_t addr[16])
{
	return &r->gcache6[cache_slot(addr6_fold(addr), port, GCACHE6_SIZE)];
}

static inline bool
gcache6_holds(const struct gcache6_entry *e, uint16_t port,
		const uint8_t addr[16])
{
	return e->tag == (GCACHE6_VALID | port) &&
		memcmp(e->addr, addr, 16) == 0;
}

/* The group of addr on port, through the reader's cache; NULL if none. */
static inline const struct arpbal_group *
group6_of(struct arpbal_reader *r, uint16_t port, const uint8_t addr[16])
{
	struct gcache6_entry *e = gcache6_slot(r, port, addr);
	const struct arpbal_group *g;
	struct arpbal_key6 key;
	void *data;

	if (likely(gcache6_holds(e, port, addr)))
		return e->group;
	/* Sure misses are not cached: a flood of them from many sources
	 * would evict the virtual addresses.
	 */
	if (!vipmap6_maybe(r->ab, port, addr))
		return NULL;
	key = group6_key(port, addr);
	g = rte_hash_lookup_data(r->ab->hash6, &key, &data) < 0 ? NULL : data;
	e->tag = GCACHE6_VALID | port;
	memcpy(e->addr, addr, 16);
	e->group = g;
	return g;
}

/*
 * Whether a sender's addr is a virtual address on port, as is_vip() asks
 * for ARP: the filter first (senders are many, and seldom virtual
 * addresses: a cache entry would be a line out of L1 for each), then the
 * cache, then the table, without keeping a miss, which would evict a
 * target.
 */
static inline bool
is_vip6(struct arpbal_reader *r, uint16_t port, const uint8_t addr[16])
{
	const struct gcache6_entry *e;
	struct arpbal_key6 key;
	void *data;

	if (likely(!vipmap6_maybe(r->ab, port, addr)))
		return false;
	e = gcache6_slot(r, port, addr);
	if (gcache6_holds(e, port, addr))
		return e->group != NULL;
	key = group6_key(port, addr);
	return rte_hash_lookup_data(r->ab->hash6, &key, &data) >= 0;
}

/*
 * A solicitation that Linux would not answer either, or whose answer
 * would do harm (as bad_sender() of ARP): from a multicast MAC, from a
 * multicast or loopback address, or from a virtual address of the port.
 * @return the counter to drop it with, or -1 to go on.
 */
static inline int
ns_bad_sender(struct arpbal_reader *r, uint16_t port,
		const struct rte_mbuf *m, const struct ns_info *ns)
{
	static const uint8_t loopback[16] = { [15] = 1 };
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m,
		const struct rte_ether_hdr *);
	const struct rte_ipv6_hdr *ip = (const struct rte_ipv6_hdr *)(eth + 1);

	if (rte_is_multicast_ether_addr(&eth->src_addr) ||
	    (ns->slla != NULL && (ns->slla[0] & 1)) ||
	    ip->src_addr[0] == 0xff ||
	    memcmp(ip->src_addr, loopback, sizeof(loopback)) == 0)
		return ARPBAL_STAT_BAD_SENDER;
	if (!ns->dad && is_vip6(r, port, ip->src_addr))
		return ARPBAL_STAT_SENDER_VIP;
	return -1;
}

/* The advertisement of RFC 4861 §4.4 fits the mbuf in place. */
static inline bool
na_room(const struct rte_mbuf *m)
{
	return m->nb_segs == 1 &&
		m->buf_len >= (uint32_t)m->data_off + NA_FRAME_LEN;
}

/*
 * Turn a solicitation into the advertisement vhid answers it with. The
 * checksum is summed from what is written, in registers, as it is
 * written: summed from the frame afterwards, each 8-byte load would wait
 * for the narrower stores under it to reach the cache.
 */
static inline void
na_build(struct rte_mbuf *m, const struct ns_info *ns, uint8_t vhid)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 0x01 };
	static const struct rte_ether_addr all_nodes_mac = {
		.addr_bytes = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 } };
	const struct rte_ether_addr vmac = {
		.addr_bytes = { 0x00, 0x00, 0x5e, 0x00, 0x01, vhid } };
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(eth + 1);
	uint8_t *icmp = (uint8_t *)(ip + 1);
	uint64_t target[2], dst[2], head, opt, sum;
	uint16_t cksum;
	uint8_t flags;

	memcpy(target, icmp + ND_TARGET, sizeof(target));
	/* The destinations first: the option read is overwritten below. */
	if (ns->dad) {
		eth->dst_addr = all_nodes_mac;
		memcpy(dst, all_nodes, sizeof(dst));
		flags = NA_FLAG_O;
	} else {
		if (ns->slla != NULL)
			memcpy(&eth->dst_addr, ns->slla, RTE_ETHER_ADDR_LEN);
		else
			eth->dst_addr = eth->src_addr;
		memcpy(dst, ip->src_addr, sizeof(dst));
		flags = NA_FLAG_S | NA_FLAG_O;
	}
	/* Type, code, checksum (0 while summed), flags, reserved; then the
	 * target's link-layer address option: type, length in 8 bytes, MAC.
	 * Each 8 bytes as a load of them would give them.
	 */
	head = rte_cpu_to_be_64((uint64_t)ND_NA << 56 | (uint64_t)flags << 24);
	opt = rte_cpu_to_be_64((uint64_t)ND_OPT_TLLA << 56 |
		UINT64_C(1) << 48 | UINT64_C(0x5e000100) | vhid);
	eth->src_addr = vmac;
	ip->vtc_flow = RTE_BE32(UINT32_C(6) << 28);
	ip->payload_len = RTE_BE16(NA_LEN);
	ip->hop_limits = ND_HLIM;
	memcpy(ip->src_addr, target, sizeof(target));
	memcpy(ip->dst_addr, dst, sizeof(dst));
	memcpy(icmp, &head, sizeof(head));
	memcpy(icmp + ND_OPTS, &opt, sizeof(opt));
	m->data_len = NA_FRAME_LEN;
	m->pkt_len = NA_FRAME_LEN;

	/* The pseudo-header (the target is the source), then the message
	 * (where the target is again).
	 */
	sum = (uint64_t)rte_cpu_to_be_32(NA_LEN) + rte_cpu_to_be_32(ICMPV6);
	sum = ones_add(sum, target[0]);
	sum = ones_add(sum, target[1]);
	sum = ones_add(sum, dst[0]);
	sum = ones_add(sum, dst[1]);
	sum = ones_add(sum, head);
	sum = ones_add(sum, target[0]);
	sum = ones_add(sum, target[1]);
	sum = ones_add(sum, opt);
	cksum = (uint16_t)~sum64_fold(sum);
	/* As rte_ipv6_udptcp_cksum() has it: 0 is sent as its other form. */
	if (cksum == 0)
		cksum = 0xffff;
	memcpy(icmp + 2, &cksum, sizeof(cksum));
}

uint16_t
arpbal_nd_process(struct arpbal_reader *r, struct rte_mbuf **pkts,
		uint16_t n, struct rte_mbuf **pass, uint16_t *npass)
{
	const struct arpbal *ab = r->ab;
	struct arpbal_stats *st = &r->st;
	struct rte_mbuf *req[ARPBAL_BURST_MAX], *drop[ARPBAL_BURST_MAX];
	uint32_t gid[ARPBAL_BURST_MAX];
	struct arpbal_choice ch[ARPBAL_BURST_MAX];
	struct ns_info ns[ARPBAL_BURST_MAX];
	rte_be32_t sip[ARPBAL_BURST_MAX];
	uint16_t rport[ARPBAL_BURST_MAX];
	uint16_t i, nh = 0, nout = 0, ndrop = 0, np = 0;
	struct stage_clock clk;
	int bad;

	if (!burst_begin(r, ARPBAL_STAT_ND_REQUESTS, pkts, n, npass))
		return 0;
	stage_start(r, &clk, n);
	arpbal_reader_begin(r);

	/* Solicitations for virtual addresses, with their choice. */
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod_offset(m,
			const struct rte_ipv6_hdr *, RTE_ETHER_HDR_LEN);
		const struct arpbal_group *grp;
		uint16_t port = m->port;
		enum ns_kind k;

		k = likely(port < ARPBAL_MAX_PORTS) ? ns_check(m, &ns[nh]) :
			NS_BAD;
		/* An advertisement for a virtual address is another CARP
		 * host's claim on it (its takeover, its answer to a probe):
		 * not for the host, whose kernel must not learn it.
		 */
		if (unlikely(k == NS_NA)) {
			if (is_vip6(r, port, (const uint8_t *)(ip + 1) +
					ND_TARGET)) {
				st->v[ARPBAL_STAT_SENDER_VIP]++;
				drop[ndrop++] = m;
				continue;
			}
			k = NS_OTHER;
		}
		if (unlikely(k != NS_OK)) {
			/* Another ICMPv6 message: the host's, if it wants
			 * it; a bad solicitation: no one's.
			 */
			if (k == NS_OTHER && pass != NULL) {
				st->v[ARPBAL_STAT_PASSED]++;
				pass[np++] = m;
			} else {
				st->v[ARPBAL_STAT_MALFORMED]++;
				drop[ndrop++] = m;
			}
			continue;
		}
		grp = group6_of(r, port, (const uint8_t *)(ip + 1) +
			ND_TARGET);
		if (grp == NULL) {
			if (pass != NULL) {
				st->v[ARPBAL_STAT_PASSED]++;
				pass[np++] = m;
			} else {
				st->v[ARPBAL_STAT_NOT_SHARED]++;
				drop[ndrop++] = m;
			}
			continue;
		}
		sip[nh] = addr6_low32(ip->src_addr);	/* 0 for a probe */
		ch[nh] = group_choose(ab, port, grp, sip[nh]);
		/* As for ARP, the sender and the room for the advertisement
		 * are looked at only if the verdict is to answer.
		 */
		if (ch[nh].verdict == ARPBAL_ANSWERED) {
			bad = ns_bad_sender(r, port, m, &ns[nh]);
			if (unlikely(bad >= 0)) {
				st->v[bad]++;
				drop[ndrop++] = m;
				continue;
			}
			if (unlikely(!na_room(m))) {
				st->v[ARPBAL_STAT_ND_NO_ROOM]++;
				drop[ndrop++] = m;
				continue;
			}
		}
		gid[nh] = grp->id;
		rport[nh] = port;
		req[nh++] = m;
	}
	/* One pass: the group cache (its misses looked up one by one)
	 * and the state are one stage here.
	 */
	stage_end(r, &clk, ARPBAL_STAGE_STATE);
	/* As for ARP: the requester table serves the rate limit alone. */
	if (r->src != NULL && r->rate != 0 && nh > 0)
		arpbal_reader_sources(r, sip, ch, nh);
	stage_end(r, &clk, ARPBAL_STAGE_SOURCES);

	for (i = 0; i < nh; i++) {
		if (ch[i].verdict == ARPBAL_ANSWERED) {
			na_build(req[i], &ns[i], ch[i].vhid);
			pkts[nout++] = req[i];
		} else {
			drop[ndrop++] = req[i];
		}
	}
	stage_end(r, &clk, ARPBAL_STAGE_REPLY);
	burst_account(r, ch, gid, rport, nh, drop, ndrop);
	stage_end(r, &clk, ARPBAL_STAGE_COUNT);
	if (npass != NULL)
		*npass = np;
	return nout;
}

struct arpbal_choice
arpbal_reader_lookup6(struct arpbal_reader *r, uint16_t port,
		const uint8_t addr[16], const uint8_t peer[16], uint8_t vhid)
{
	struct arpbal_choice c = { .vhid = 0, .verdict = ARPBAL_NOT_SHARED };
	const struct arpbal_group *g;

	if (unlikely(port >= ARPBAL_MAX_PORTS))
		return c;
	arpbal_reader_begin(r);
	g = group6_of(r, port, addr);
	if (g == NULL)
		return c;
	return group_lookup(r->ab, port, g, addr6_low32(peer), vhid);
}

/* The group of addr on port, without a reader's cache; NULL if none. */
static const struct arpbal_group *
group6_find(const struct arpbal *ab, uint16_t port, const uint8_t addr[16])
{
	struct arpbal_key6 key;
	void *data;

	if (port >= ARPBAL_MAX_PORTS)
		return NULL;
	key = group6_key(port, addr);
	return rte_hash_lookup_data(ab->hash6, &key, &data) < 0 ? NULL : data;
}

struct arpbal_choice
arpbal_choose6(const struct arpbal *ab, uint16_t port, const uint8_t addr[16],
		const uint8_t src[16])
{
	struct arpbal_choice none = { .vhid = 0, .verdict = ARPBAL_NOT_SHARED };
	const struct arpbal_group *g = group6_find(ab, port, addr);

	return g == NULL ? none :
		group_choose(ab, port, g, addr6_low32(src));
}

struct arpbal_choice
arpbal_egress6(const struct arpbal *ab, uint16_t port, const uint8_t addr[16],
		const uint8_t peer[16])
{
	struct arpbal_choice none = { .vhid = 0, .verdict = ARPBAL_NOT_SHARED };
	const struct arpbal_group *g = group6_find(ab, port, addr);

	return g == NULL ? none :
		group_egress(ab, port, g, addr6_low32(peer));
}
