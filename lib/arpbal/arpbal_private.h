/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef ARPBAL_PRIVATE_H
#define ARPBAL_PRIVATE_H

/*
 * What the writer side (arpbal.c, arpbal6.c for IPv6), the readers' fast
 * path (arpbal_reader.c; arpbal_arp.c for ARP, arpbal_nd.c for neighbour
 * discovery, with arpbal_burst.h) and the counters (arpbal_stats.c)
 * share: the tables, the reader state, and the choice of a vhid for a
 * requester.
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_hash.h>
#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>

#include "arpbal.h"

/*
 * Each reader keeps small direct-mapped caches in front of the two hash
 * tables: ARP floods ask for few addresses, mostly from few requesters,
 * and a cache hit costs a compare where rte_hash costs a hash, a bucket
 * walk and, for the shared table, its lock-free read protocol. The IPv6
 * cache has as many entries as the IPv4 one (256 KiB): with 1,024,
 * solicitations for 4,096 addresses missed it often enough to fall below
 * 10GbE line rate (scripts/bench-arp.sh: 10.7 Mpps, 14.5 with 8,192).
 */
#define GCACHE_SIZE	8192	/* (port, address) -> group */
#define GCACHE6_SIZE	8192	/* (port, IPv6 address) -> group */
#define SCACHE_SIZE	4096	/* requester -> its entry */
#define VIPMAP_BITS	65536

/* A requester silent this long is forgotten; the table is walked a step
 * at a time, a step every AGE_PERIOD_MS at most: rte_hash_iterate() skips
 * empty slots within a call, so a step over a sparse table of 64k
 * requesters can cost tens of microseconds.
 */
#define SOURCE_IDLE_SEC	60
#define AGE_STEP	256
#define AGE_PERIOD_MS	10

/* 16 bytes, not 8: rte_hash compares keys of 16 with one vector
 * instruction and others with a call to memcmp().
 */
struct arpbal_key {
	uint16_t port;
	uint16_t pad;
	rte_be32_t addr;
	uint64_t zero;
};

static inline struct arpbal_key
group_key(uint16_t port, rte_be32_t addr)
{
	struct arpbal_key k = { .port = port, .pad = 0, .addr = addr,
		.zero = 0 };

	return k;
}

/* An IPv6 table's key: 32 bytes, which rte_hash also compares inline. */
struct arpbal_key6 {
	uint16_t port;
	uint16_t pad[7];
	uint8_t addr[16];
};

static inline struct arpbal_key6
group6_key(uint16_t port, const uint8_t addr[16])
{
	struct arpbal_key6 k;

	memset(&k, 0, sizeof(k));
	k.port = port;
	memcpy(k.addr, addr, sizeof(k.addr));
	return k;
}

/* What stands for an IPv6 requester where IPv4 has its address (the
 * balancing rule, the rate limit): its last four bytes.
 */
static inline rte_be32_t
addr6_low32(const uint8_t addr[16])
{
	rte_be32_t v;

	memcpy(&v, addr + 12, sizeof(v));
	return v;
}

/* A requester's address, padded to 16 bytes for the same reason. */
struct source_key {
	rte_be32_t addr;
	uint32_t zero[3];
};

/* Immutable once published: a change publishes a new group. */
struct arpbal_group {
	uint32_t id;		/* index of its counters */
	uint16_t n;
	uint8_t vhid[];		/* ascending */
};

/* What waits in the defer queue for readers to move on. */
struct arpbal_retired {
	struct rte_hash *hash;	/* whose key slot */
	struct arpbal_group *group;
	int32_t key_pos;	/* key slot to free, or -1 */
	uint32_t free_id;	/* counter index to recycle, or UINT32_MAX */
};

struct source_entry {
	rte_be32_t addr;
	uint64_t requests;
	uint64_t limited;
	uint64_t tat;		/* GCRA theoretical arrival time, TSC */
	uint64_t last;		/* TSC of the last request */
};

/* An empty entry (all zero) is that of 0.0.0.0 on port 0, which is no
 * virtual address (arpbal_group_set() and arpbal_group_join() refuse
 * it): its ref, 0, is right.
 */
struct gcache_entry {
	uint64_t key;		/* port << 32 | address */
	uint64_t ref;		/* its group, as gref_of() gives it */
};

/* 32 bytes: the address, then who it is for. */
struct gcache6_entry {
	uint8_t addr[16];
	uint32_t tag;		/* GCACHE6_VALID | port; 0: empty */
	const struct arpbal_group *group;	/* NULL: not shared */
};

#define GCACHE6_VALID	(UINT32_C(1) << 31)

struct scache_entry {
	rte_be32_t addr;
	int32_t pos;		/* in the requester table, or -1 */
};

struct arpbal_reader {
	struct arpbal *ab;
	uint32_t gen;			/* ab->gen the group cache holds */
	struct gcache_entry gcache[GCACHE_SIZE];
	struct gcache6_entry gcache6[GCACHE6_SIZE];
	struct scache_entry scache[SCACHE_SIZE];
	unsigned int id;
	bool online;
	struct rte_hash *src;		/* single-threaded: this reader's */
	struct source_entry *ent;	/* by key position in src */
	struct source_entry overflow;	/* every source the table cannot hold */
	uint32_t age_cursor;
	uint64_t age_next;		/* TSC of the next ageing step */
	uint32_t rate;			/* ab->rate as last seen */
	uint64_t rate_t;		/* TSC between replies */
	uint64_t rate_tau;		/* burst tolerance, TSC */
	struct arpbal_stats st;
	bool profiling;			/* arpbal_reader_profile() */
	uint32_t prof_gen;		/* ab->prof_gen last obeyed */
	struct arpbal_profile prof;
	uint64_t vhid[ARPBAL_MAX_PORTS][256][ARPBAL_NVERDICTS];
	/* By verdict, then group id (one allocation, from grp[0]): a flood
	 * of one verdict over many addresses writes one array, a third of
	 * the lines that counters kept side by side by group would take
	 * (4,096 addresses: 32 KB against 96, beside the group cache in L1).
	 */
	uint64_t *grp[ARPBAL_NVERDICTS];
};

struct arpbal {
	struct rte_hash *hash;
	struct rte_hash *hash6;
	struct rte_rcu_qsbr *qsbr;
	struct rte_rcu_qsbr_dq *dq;
	uint32_t max_addrs;	/* live entries, of each family */
	uint32_t nids;		/* counter ids: live and retired entries */
	uint32_t live;
	uint32_t live6;
	uint32_t max_readers;
	uint32_t max_sources;
	unsigned int writer_id;	/* the writer's own reader id, if it reads */
	bool balance;
	uint32_t rate;
	/* arpbal_profile(): bumped by each call, obeyed by each reader at
	 * its next burst.
	 */
	uint32_t prof_gen;
	bool prof_on;
	/* Bumped by every group change, before the old group is retired:
	 * a reader that sees it unchanged at the start of a burst may use
	 * the groups it cached, which no grace period has freed.
	 */
	uint32_t gen;
	uint32_t nfree;
	uint32_t *free_ids;
	/* Counters a recycled id already had, so that a new group starts
	 * from zero without the writer touching the readers' counters.
	 */
	uint64_t (*grp_base)[ARPBAL_NVERDICTS];
	struct arpbal_reader **readers;
	char name[RTE_HASH_NAMESIZE];
	/* Published vhid states, read with acquire loads: a reader that
	 * sees a state a moment late answers (or not) as the host would
	 * have a moment earlier, which the protocol tolerates.
	 */
	uint8_t state[ARPBAL_MAX_PORTS][256];
	/* A filter of the virtual addresses: the bits of each (port,
	 * address) (struct vipbits: for IPv4, vipmap_bit() and
	 * vipmap_net_bit(); for IPv6 one, of its four words folded into
	 * one) set while an address maps there: a reader asks the hash
	 * only where they are. vipref counts the addresses of each bit
	 * (the writer's). The families share it: an IPv6 address costs
	 * IPv4 lookups no more than another IPv4 address would.
	 */
	uint64_t vipmap[VIPMAP_BITS / 64];
	uint32_t vipref[VIPMAP_BITS];
};

/*
 * The slot of an address (in network order, as the frame has it) of port
 * in a direct-mapped cache of size entries: Fibonacci hashing of its
 * value in host order, whose top bits spread consecutive addresses (a
 * subnet's) over every slot. Hashing the network-order value would let a
 * subnet's addresses differ in the top byte only, which the product's top
 * bits barely see: 4,096 consecutive addresses fell into 256 slots.
 */
static inline unsigned int
cache_slot(rte_be32_t addr, uint16_t port, unsigned int size)
{
	uint32_t x = rte_be_to_cpu_32(addr) ^ (uint32_t)port << 24;

	return (uint32_t)(x * UINT32_C(2654435761)) >>
		(32 - __builtin_ctz(size));
}

static inline uint64_t
gcache_key(uint16_t port, rte_be32_t addr)
{
	return (uint64_t)port << 32 | addr;
}

/* Bits from the whole address, mixed as cache_slot() mixes them: the low
 * 16 bits alone would give a subnet's requesters the bits of the virtual
 * addresses with the same last two octets (10.1.0.5 those of 10.200.0.5),
 * and every such request a table lookup for its sender.
 */
static inline unsigned int
vipmap_bit(uint16_t port, rte_be32_t addr)
{
	return cache_slot(addr, port, VIPMAP_BITS);
}

/*
 * A second bit of an IPv4 address, from its /24 (mixed with another
 * constant): a sender is looked up only where both of its bits are set.
 * With 4,096 virtual addresses, 6 % of the first bits are set and as many
 * requesters would be looked up in the table (at about a hundred cycles
 * each); those outside the virtual addresses' subnets now stop at the
 * second bit.
 */
static inline unsigned int
vipmap_net_bit(uint16_t port, rte_be32_t addr)
{
	uint32_t x = (rte_be_to_cpu_32(addr) >> 8) ^ (uint32_t)port << 24;

	return (uint32_t)(x * UINT32_C(0x85ebca6b)) >>
		(32 - __builtin_ctz(VIPMAP_BITS));
}

/* The filter bits an address sets: IPv4's two, IPv6's one. */
struct vipbits {
	unsigned int n;
	unsigned int b[2];
};

static inline struct vipbits
vipbits4(uint16_t port, rte_be32_t addr)
{
	struct vipbits v = { 2, { vipmap_bit(port, addr),
		vipmap_net_bit(port, addr) } };

	return v;
}

static inline unsigned int
vipmap6_bit(uint16_t port, const uint8_t addr[16])
{
	uint32_t w[4];

	memcpy(w, addr, sizeof(w));
	return cache_slot(w[0] ^ w[1] ^ w[2] ^ w[3], port, VIPMAP_BITS);
}

static inline bool
vipmap_test(const struct arpbal *ab, unsigned int b)
{
	return (__atomic_load_n(&ab->vipmap[b / 64], __ATOMIC_RELAXED) >>
		(b % 64)) & 1;
}

/** Maybe a virtual address on port: false is sure, true must be asked.
 * The second bit is only read where the first is set.
 */
static inline bool
vipmap_maybe(const struct arpbal *ab, uint16_t port, rte_be32_t addr)
{
	return vipmap_test(ab, vipmap_bit(port, addr)) &&
		vipmap_test(ab, vipmap_net_bit(port, addr));
}

static inline bool
vipmap6_maybe(const struct arpbal *ab, uint16_t port, const uint8_t addr[16])
{
	return vipmap_test(ab, vipmap6_bit(port, addr));
}

static inline struct vipbits
vipbits6(uint16_t port, const uint8_t addr[16])
{
	struct vipbits v = { 1, { vipmap6_bit(port, addr), 0 } };

	return v;
}

static inline enum arpbal_state
vhid_state(const struct arpbal *ab, uint16_t port, uint8_t vhid)
{
	return (enum arpbal_state)__atomic_load_n(&ab->state[port][vhid],
		__ATOMIC_ACQUIRE);
}

/*
 * lib/carp/PROTOCOL.md §5.3 over one group: the vhid whose turn it is for
 * a request from sip, and whether this host answers for it. With one vhid
 * there is nothing to balance; with balancing off the lowest MASTER vhid
 * answers.
 */
static __rte_always_inline struct arpbal_choice
group_choose(const struct arpbal *ab, uint16_t port,
		const struct arpbal_group *g, rte_be32_t sip)
{
	struct arpbal_choice c = { .vhid = 0, .verdict = ARPBAL_NOT_MASTER };
	uint8_t running[256];
	unsigned int i, n = 0;

	if (likely(g->n == 1)) {
		c.vhid = g->vhid[0];
	} else if (!__atomic_load_n(&ab->balance, __ATOMIC_RELAXED)) {
		for (i = 0; i < g->n; i++)
			if (vhid_state(ab, port, g->vhid[i]) ==
			    ARPBAL_STATE_MASTER) {
				c.vhid = g->vhid[i];
				c.verdict = ARPBAL_ANSWERED;
				break;
			}
		return c;
	} else {
		for (i = 0; i < g->n; i++)
			if (vhid_state(ab, port, g->vhid[i]) !=
			    ARPBAL_STATE_INIT)
				running[n++] = g->vhid[i];
		if (n == 0)
			return c;
		c.vhid = running[rte_be_to_cpu_32(sip) % n];
	}
	if (vhid_state(ab, port, c.vhid) == ARPBAL_STATE_MASTER)
		c.verdict = ARPBAL_ANSWERED;
	return c;
}

/*
 * Traffic between a virtual address of group g and a peer: vhid 0 (to the
 * port's MAC) is served by the vhid whose turn it is for the peer, a
 * frame to a virtual MAC by that vhid if it carries the address.
 */
static inline struct arpbal_choice
group_lookup(const struct arpbal *ab, uint16_t port,
		const struct arpbal_group *g, rte_be32_t peer, uint8_t vhid)
{
	struct arpbal_choice c = { .vhid = vhid,
		.verdict = ARPBAL_NOT_MASTER };
	unsigned int i;

	if (vhid == 0)
		return group_choose(ab, port, g, peer);
	for (i = 0; i < g->n; i++)
		if (g->vhid[i] == vhid) {
			if (vhid_state(ab, port, vhid) == ARPBAL_STATE_MASTER)
				c.verdict = ARPBAL_ANSWERED;
			break;
		}
	return c;
}

/*
 * What the IPv4 group cache holds of a group of port: a group of one
 * vhid (an address of one vhost, the common case) by value, GREF_ONE |
 * (port << 8 | vhid) << 32 | its counters' id, so that a request for it
 * reads nothing but the cache entry, and the vhid's state by that index
 * alone (gref_state()); any other group by its address (0: not shared).
 * A user space address never has the top bit set. With 4,096 addresses
 * the groups' own lines no longer fit in L1; their values do, in the
 * entry the lookup reads anyway.
 */
#define GREF_ONE	(UINT64_C(1) << 63)

static inline uint64_t
gref_of(const struct arpbal_group *g, uint16_t port)
{
	if (g != NULL && g->n == 1)
		return GREF_ONE | ((uint64_t)port << 8 | g->vhid[0]) << 32 |
			g->id;
	return (uint64_t)(uintptr_t)g;
}

/* The state of a group of one vhid (GREF_ONE), whose port and vhid index
 * the published states as one.
 */
static __rte_always_inline enum arpbal_state
gref_state(const struct arpbal *ab, uint64_t ref)
{
	const uint8_t *state = &ab->state[0][0];

	RTE_BUILD_BUG_ON(sizeof(ab->state) != ARPBAL_MAX_PORTS * 256 ||
		(ARPBAL_MAX_PORTS & (ARPBAL_MAX_PORTS - 1)) != 0);
	return (enum arpbal_state)__atomic_load_n(&state[(ref >> 32) &
		(ARPBAL_MAX_PORTS * 256 - 1)], __ATOMIC_ACQUIRE);
}

static inline const struct arpbal_group *
gref_group(uint64_t ref)
{
	return (const struct arpbal_group *)(uintptr_t)ref;
}

/* The group's counters' index. */
static __rte_always_inline uint32_t
gref_id(uint64_t ref)
{
	return likely(ref & GREF_ONE) ? (uint32_t)ref : gref_group(ref)->id;
}

/* group_choose() of a group as the cache holds it. */
static __rte_always_inline struct arpbal_choice
gref_choose(const struct arpbal *ab, uint16_t port, uint64_t ref,
		rte_be32_t sip)
{
	struct arpbal_choice c;

	if (unlikely(!(ref & GREF_ONE)))
		return group_choose(ab, port, gref_group(ref), sip);
	c.vhid = (uint8_t)(ref >> 32);
	c.verdict = gref_state(ab, ref) == ARPBAL_STATE_MASTER ?
		ARPBAL_ANSWERED : ARPBAL_NOT_MASTER;
	return c;
}

/* group_lookup() of a group as the cache holds it. */
static inline struct arpbal_choice
gref_lookup(const struct arpbal *ab, uint16_t port, uint64_t ref,
		rte_be32_t peer, uint8_t vhid)
{
	struct arpbal_choice c = { .vhid = vhid,
		.verdict = ARPBAL_NOT_MASTER };

	if (!(ref & GREF_ONE))
		return group_lookup(ab, port, gref_group(ref), peer, vhid);
	if (vhid == 0 || vhid == (uint8_t)(ref >> 32))
		return gref_choose(ab, port, ref, peer);
	return c;
}

/* The vhid traffic of group g to peer leaves from (arpbal_egress()). */
static inline struct arpbal_choice
group_egress(const struct arpbal *ab, uint16_t port,
		const struct arpbal_group *g, rte_be32_t peer)
{
	struct arpbal_choice c = group_choose(ab, port, g, peer);
	unsigned int i;

	if (c.verdict == ARPBAL_ANSWERED)
		return c;
	for (i = 0; i < g->n; i++)
		if (vhid_state(ab, port, g->vhid[i]) == ARPBAL_STATE_MASTER) {
			c.vhid = g->vhid[i];
			c.verdict = ARPBAL_ANSWERED;
			break;
		}
	return c;
}

/*
 * Set the group of key in table h (IPv4's or IPv6's, live its count of
 * entries, vb the address's filter bits): arpbal_group_set() for either
 * family, whose arguments are checked.
 */
int arpbal_table_set(struct arpbal *ab, struct rte_hash *h, uint32_t *live,
		const void *key, struct vipbits vb, const uint8_t *vhids,
		unsigned int n);

/* vhid joins or leaves the group of key in table h. */
int arpbal_table_change(struct arpbal *ab, struct rte_hash *h,
		uint32_t *live, const void *key, struct vipbits vb,
		uint8_t vhid, bool join);

/** A group's verdicts since its id was last given out. */
void arpbal_group_verdicts(const struct arpbal *ab,
		const struct arpbal_group *g, uint64_t verdict[ARPBAL_NVERDICTS]);

/** Free a reader's state (arpbal_reader.c creates it). */
void arpbal_reader_free(struct arpbal_reader *r);

/** Sum of the readers' counters of group id. */
void arpbal_group_counters(const struct arpbal *ab, uint32_t id,
		uint64_t out[ARPBAL_NVERDICTS]);

#endif /* ARPBAL_PRIVATE_H */
