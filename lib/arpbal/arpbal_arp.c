/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * ARP requests for the virtual addresses, answered or dropped in place on
 * a reader (a polling lcore). Each request goes through the same steps:
 * classify (a whole request? its target's group from the reader's cache),
 * look up what the cache missed, check the sender and take the vhid whose
 * turn it is and its state, charge its source (with a rate limit), build
 * the reply, count the verdict. A burst takes them one request at a time,
 * all the steps in one pass, so that nothing is carried from step to step
 * in arrays; only the cache's misses wait, to be looked up together. A
 * profiled reader takes them one step at a time over the whole burst
 * instead, timing each step (arp_staged()): the same functions, so that
 * the profile says what each costs. So does a reader with a rate limit,
 * whose requesters are looked up a burst at a time. A sift
 * (arpbal_sift()) takes the same steps over a burst of any frames, and
 * hands back what is not an ARP request.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_branch_prediction.h>
#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_hash.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "arpbal_burst.h"
#include "arpbal_private.h"

static inline bool
arp_ok(const struct rte_mbuf *m, const struct rte_arp_hdr *arp)
{
	return m->data_len >= RTE_ETHER_HDR_LEN + sizeof(*arp) &&
		arp->arp_hardware == RTE_BE16(RTE_ARP_HRD_ETHER) &&
		arp->arp_protocol == RTE_BE16(RTE_ETHER_TYPE_IPV4) &&
		arp->arp_hlen == RTE_ETHER_ADDR_LEN && arp->arp_plen == 4;
}

/*
 * A whole request for an IPv4 address over Ethernet: its first 8 bytes
 * (hardware and protocol types, their lengths, the opcode) compared at
 * once, rather than arp_ok() field by field and the opcode after.
 */
static __rte_always_inline bool
arp_request(const struct rte_mbuf *m, const struct rte_arp_hdr *arp)
{
	static const uint8_t req[8] = { 0, RTE_ARP_HRD_ETHER, 0x08, 0x00,
		RTE_ETHER_ADDR_LEN, 4, 0, RTE_ARP_OP_REQUEST };
	uint64_t want, have;

	if (unlikely(m->data_len < RTE_ETHER_HDR_LEN + sizeof(*arp)))
		return false;
	memcpy(&want, req, sizeof(want));
	memcpy(&have, arp, sizeof(have));
	return have == want;
}

/*
 * What a sift takes: an ARP request (arp_request()) in an untagged frame
 * to no virtual MAC (00:00:5e:00:01:vhid, tested on its first 4 bytes as
 * the app's classification does): the caller looks at such a frame's
 * vhost first.
 */
static __rte_always_inline bool
sift_request(const struct rte_mbuf *m, const struct rte_arp_hdr *arp)
{
	const struct rte_ether_hdr *eth = (const struct rte_ether_hdr *)
		((const uint8_t *)arp - RTE_ETHER_HDR_LEN);
	uint32_t dst;

	if (!arp_request(m, arp))	/* long enough to read on */
		return false;
	memcpy(&dst, eth, sizeof(dst));
	return eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_ARP) &&
		dst != RTE_BE32(0x00005e00) &&
		!(m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED);
}

/*
 * Whether a sender's addr is a virtual address on port: through the
 * cache, but a miss is not kept there. Senders are many and seldom
 * virtual addresses: cached, they would evict the targets.
 */
static __rte_always_inline bool
is_vip(struct arpbal_reader *r, uint16_t port, rte_be32_t addr)
{
	const struct gcache_entry *e;
	struct arpbal_key key;
	void *data;

	if (likely(!vipmap_maybe(r->ab, port, addr)))
		return false;
	e = &r->gcache[cache_slot(addr, port, GCACHE_SIZE)];
	if (e->key == gcache_key(port, addr))
		return e->ref != 0;
	key = group_key(port, addr);
	return rte_hash_lookup_data(r->ab->hash, &key, &data) >= 0;
}

/*
 * A request for a virtual address that Linux would not answer either
 * (lib/carp/PROTOCOL.md §5.1): from a multicast or broadcast MAC (a reply
 * would flood the segment), from an address no host has (broadcast,
 * multicast, loopback; 0.0.0.0 is a probe, answered), or from one of our
 * own virtual addresses (a peer's announcement, or a conflict).
 * @return the counter to drop it with, or -1 to go on.
 */
static __rte_always_inline int
bad_sender(struct arpbal_reader *r, uint16_t port,
		const struct rte_arp_hdr *arp)
{
	/* The frame's header, just before the request. */
	const struct rte_ether_hdr *eth = (const struct rte_ether_hdr *)
		((const uint8_t *)arp - RTE_ETHER_HDR_LEN);
	rte_be32_t sip = arp->arp_data.arp_sip;
	/* Its first octet, in network order the first byte: 224 and above
	 * is multicast or reserved, 127 loopback.
	 */
	uint8_t net = ((const uint8_t *)&arp->arp_data.arp_sip)[0];

	if (((eth->src_addr.addr_bytes[0] |
	      arp->arp_data.arp_sha.addr_bytes[0]) & RTE_ETHER_GROUP_ADDR) ||
	    net >= 224 || net == 127)
		return ARPBAL_STAT_BAD_SENDER;
	/* A probe's 0.0.0.0 is never a virtual address (nor a cache
	 * entry's): is_vip() says so without a test of its own here.
	 */
	if (is_vip(r, port, sip))
		return ARPBAL_STAT_SENDER_VIP;
	return -1;
}

/*
 * Turn a request into its reply in place, from the vhid's virtual MAC.
 * The sender's hardware and protocol addresses (10 bytes) become the
 * target's and the frame's destination, the virtual MAC and the asked
 * address the sender's: moved 8 bytes at a time where they are
 * contiguous, which takes half the loads and stores of field by field.
 * An 8-byte store that runs over into the next field is followed by the
 * store of that field, or writes what the field holds: the virtual MAC
 * is followed by ARP's EtherType, which the frame's source MAC is.
 */
static __rte_always_inline void
arp_reply(struct rte_arp_hdr *arp, uint8_t vhid)
{
	/* The frame's header, just before the request. */
	uint8_t *f = (uint8_t *)arp - RTE_ETHER_HDR_LEN;
	uint8_t *d = (uint8_t *)&arp->arp_data;	/* sha, sip, tha, tip */
	/* 00:00:5e:00:01:vhid, then the EtherType after a source MAC: made
	 * as a number (as bytes, the compiler inserts them one by one).
	 */
	const uint64_t vmac =
		rte_cpu_to_be_64(UINT64_C(0x00005e0001000806)) |
		(uint64_t)vhid <<
		(RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN ? 40 : 16);
	uint64_t sender;	/* sha and the first half of sip */
	uint16_t sender_end;	/* the rest of sip */
	uint32_t tip;

	RTE_BUILD_BUG_ON(offsetof(struct rte_arp_ipv4, arp_sip) != 6 ||
		offsetof(struct rte_arp_ipv4, arp_tha) != 10 ||
		offsetof(struct rte_arp_ipv4, arp_tip) != 16);
	memcpy(&sender, d, 8);
	memcpy(&sender_end, d + 8, 2);
	memcpy(&tip, d + 16, 4);
	memcpy(d + 10, &sender, 8);		/* tha and tip: the sender */
	memcpy(d + 18, &sender_end, 2);
	memcpy(d, &vmac, 8);			/* sha, then sip: */
	memcpy(d + 6, &tip, 4);			/* the address asked for */
	memcpy(f, &sender, 8);			/* destination: sha */
	memcpy(f + RTE_ETHER_ADDR_LEN, &vmac, 8);	/* source, type */
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REPLY);
}

/* What a request carries from step to step. */
struct arp_req {
	struct rte_mbuf *m;
	struct rte_arp_hdr *arp;
	uint16_t port;		/* m->port */
	uint64_t ref;		/* its group (gref_of()); 0: none */
	struct arpbal_choice ch;
};

/*
 * Where the frames of a burst end up. A sift's frames are all of one
 * port, and what it does not take goes to pass uncounted.
 */
struct arp_out {
	struct rte_mbuf **reply;	/* the burst's own array, from the front */
	struct rte_mbuf **pass;		/* to the host or handed back; NULL */
	struct rte_mbuf **drop;		/* to free */
	uint16_t nreply, npass, ndrop;
	bool sift;			/* arpbal_sift() */
	uint16_t port;			/* a sift's */
	rte_be32_t keep;		/* a sift's: handed back */
};

/* A burst's outcome starts empty; replies go to the front of pkts, never
 * past the frame being read.
 */
static __rte_always_inline void
arp_out_init(struct arp_out *o, struct rte_mbuf **pkts,
		struct rte_mbuf **pass, struct rte_mbuf **drop, bool sift,
		uint16_t port, rte_be32_t keep)
{
	o->reply = pkts;
	o->pass = pass;
	o->drop = drop;
	o->nreply = 0;
	o->npass = 0;
	o->ndrop = 0;
	o->sift = sift;
	o->port = port;
	o->keep = keep;
}

enum arp_step {
	ARP_ON,		/* a request whose group the cache knew */
	ARP_MISS,	/* a request whose target the cache did not know */
	ARP_DONE,	/* passed or dropped, counted */
};

/* Not a request for us to look at, counted: true if the host may want it
 * (a reply, a request with another opcode), false to drop it. Out of
 * line, and told only whether the host wants such frames, so that the
 * burst's outcome stays in registers.
 */
static __rte_noinline bool
not_request(struct arpbal_reader *r, const struct rte_mbuf *m,
		const struct rte_arp_hdr *a, bool host)
{
	if (arp_ok(m, a) && m->port < ARPBAL_MAX_PORTS && host) {
		r->st.v[ARPBAL_STAT_PASSED]++;
		return true;
	}
	r->st.v[ARPBAL_STAT_MALFORMED]++;
	return false;
}

/* Step 1: is m a request, and does the cache know its target's group? */
static __rte_always_inline enum arp_step
arp_classify(struct arpbal_reader *r, struct rte_mbuf *m, struct arp_req *q,
		struct arp_out *o)
{
	struct rte_arp_hdr *a = rte_pktmbuf_mtod_offset(m,
		struct rte_arp_hdr *, RTE_ETHER_HDR_LEN);
	const struct gcache_entry *c;
	rte_be32_t tip;
	uint16_t port;

	q->m = m;
	q->arp = a;
	if (o->sift) {
		port = o->port;
		m->port = port;
		if (unlikely(!sift_request(m, a) ||
			     a->arp_data.arp_tip == o->keep)) {
			o->pass[o->npass++] = m;
			return ARP_DONE;
		}
	} else {
		port = m->port;
		if (unlikely(!arp_request(m, a) ||
			     port >= ARPBAL_MAX_PORTS)) {
			if (not_request(r, m, a, o->pass != NULL))
				o->pass[o->npass++] = m;
			else
				o->drop[o->ndrop++] = m;
			return ARP_DONE;
		}
	}
	q->port = port;
	tip = a->arp_data.arp_tip;
	c = &r->gcache[cache_slot(tip, port, GCACHE_SIZE)];
	if (unlikely(c->key != gcache_key(port, tip)))
		return ARP_MISS;
	q->ref = c->ref;
	return ARP_ON;
}

/* Step 2: the groups of the requests the cache missed, from the shared
 * table at once, kept in the cache.
 */
static inline void
arp_lookup(struct arpbal_reader *r, struct arp_req **q, uint16_t n)
{
	struct arpbal_key keys[ARPBAL_BURST_MAX];
	const void *kp[ARPBAL_BURST_MAX];
	void *found[ARPBAL_BURST_MAX];
	struct gcache_entry *c;
	uint64_t hits = 0;
	uint16_t i;

	for (i = 0; i < n; i++) {
		keys[i] = group_key(q[i]->port,
			q[i]->arp->arp_data.arp_tip);
		kp[i] = &keys[i];
	}
	rte_hash_lookup_bulk_data(r->ab->hash, kp, n, &hits, found);
	for (i = 0; i < n; i++) {
		q[i]->ref = gref_of((hits & (UINT64_C(1) << i)) ?
			found[i] : NULL, keys[i].port);
		c = &r->gcache[cache_slot(keys[i].addr, keys[i].port,
			GCACHE_SIZE)];
		c->key = gcache_key(keys[i].port, keys[i].addr);
		c->ref = q[i]->ref;
	}
}

/* Step 3: no virtual address, or a sender not to answer: passed or
 * dropped (false); else the vhid whose turn it is, and its verdict. The
 * sender is looked at only if the verdict is to answer: a BACKUP drops
 * every request alike (counted not_master), without that cost.
 */
static __rte_always_inline bool
arp_state(struct arpbal_reader *r, struct arp_req *q, struct arp_out *o)
{
	uint16_t port = q->port;
	int bad;

	if (q->ref == 0) {
		if (o->pass != NULL && !o->sift) {
			r->st.v[ARPBAL_STAT_PASSED]++;
			o->pass[o->npass++] = q->m;
		} else {
			r->st.v[ARPBAL_STAT_NOT_SHARED]++;
			o->drop[o->ndrop++] = q->m;
		}
		return false;
	}
	q->ch = gref_choose(r->ab, port, q->ref, q->arp->arp_data.arp_sip);
	if (q->ch.verdict != ARPBAL_ANSWERED)
		return true;
	bad = bad_sender(r, port, q->arp);
	if (unlikely(bad >= 0)) {
		r->st.v[bad]++;
		o->drop[o->ndrop++] = q->m;
		return false;
	}
	return true;
}

/* Step 5: the reply, or the drop. */
static __rte_always_inline void
arp_answer(struct arp_req *q, struct arp_out *o)
{
	if (q->ch.verdict == ARPBAL_ANSWERED) {
		arp_reply(q->arp, q->ch.vhid);
		o->reply[o->nreply++] = q->m;
	} else {
		o->drop[o->ndrop++] = q->m;
	}
}

/* Steps 3, 5 and 6 of one request (without a rate limit). */
static __rte_always_inline void
arp_finish(struct arpbal_reader *r, struct arp_req *q,
		struct verdict_run *run, struct arp_out *o)
{
	if (!arp_state(r, q, o))
		return;
	arp_answer(q, o);
	run_add(r, run, gref_id(q->ref), q->port, q->ch);
}

/* A sift counts as requests what it took: the frames not handed back. */
static __rte_always_inline uint16_t
arp_end(struct arpbal_reader *r, struct verdict_run *run, struct arp_out *o,
		uint16_t n, uint16_t *npass)
{
	run_flush(r, run);
	if (o->sift)
		r->st.v[ARPBAL_STAT_REQUESTS] += n - o->npass;
	if (o->ndrop > 0)
		mbuf_drop_bulk(o->drop, o->ndrop);
	if (npass != NULL)
		*npass = o->npass;
	return o->nreply;
}

/* Where a sift fetches the next frames' headers from meanwhile. */
static __rte_always_inline void
sift_prefetch(const struct arp_out *o, struct rte_mbuf **pkts, uint16_t i)
{
	if (o->sift)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i + ARPBAL_SIFT_AHEAD],
			void *));
}

/*
 * The burst one step at a time (its knobs and caches already refreshed): a
 * profiled reader's, each step timed, and a rate-limited one's, whose
 * requesters are looked up together (out of line: the fast path does not
 * carry it).
 */
static __rte_noinline uint16_t
arp_staged(struct arpbal_reader *r, struct rte_mbuf **pkts, uint16_t n,
		struct rte_mbuf **pass, uint16_t *npass, bool sift,
		uint16_t port, rte_be32_t keep)
{
	struct verdict_run run = VERDICT_RUN_EMPTY;
	struct arp_req q[ARPBAL_BURST_MAX], *miss[ARPBAL_BURST_MAX];
	struct arpbal_choice ch[ARPBAL_BURST_MAX];
	struct rte_mbuf *drop[ARPBAL_BURST_MAX];
	rte_be32_t sip[ARPBAL_BURST_MAX];
	struct arp_out out, *o = &out;
	bool live[ARPBAL_BURST_MAX];
	uint16_t i, nq = 0, nk = 0, nmiss = 0;
	struct stage_clock clk;

	stage_start(r, &clk, n);
	arp_out_init(o, pkts, pass, drop, sift, port, keep);
	for (i = 0; i < n; i++) {
		sift_prefetch(o, pkts, i);
		switch (arp_classify(r, pkts[i], &q[nq], o)) {
		case ARP_MISS:
			miss[nmiss++] = &q[nq++];
			break;
		case ARP_ON:
			nq++;
			break;
		default:
			break;
		}
	}
	stage_end(r, &clk, ARPBAL_STAGE_CLASSIFY);
	if (nmiss > 0)
		arp_lookup(r, miss, nmiss);
	stage_end(r, &clk, ARPBAL_STAGE_LOOKUP);
	for (i = 0; i < nq; i++)
		live[i] = arp_state(r, &q[i], o);
	stage_end(r, &clk, ARPBAL_STAGE_STATE);
	if (r->src != NULL && r->rate != 0) {
		for (i = 0; i < nq; i++)
			if (live[i]) {
				sip[nk] = q[i].arp->arp_data.arp_sip;
				ch[nk++] = q[i].ch;
			}
		arpbal_reader_sources(r, sip, ch, nk);
		for (i = 0, nk = 0; i < nq; i++)
			if (live[i])
				q[i].ch = ch[nk++];
	}
	stage_end(r, &clk, ARPBAL_STAGE_SOURCES);
	for (i = 0; i < nq; i++)
		if (live[i])
			arp_answer(&q[i], o);
	stage_end(r, &clk, ARPBAL_STAGE_REPLY);
	for (i = 0; i < nq; i++)
		if (live[i])
			run_add(r, &run, gref_id(q[i].ref), q[i].port,
				q[i].ch);
	/* What a sift handed back was no request. */
	if (clk.on && sift)
		r->prof.requests -= o->npass;
	n = arp_end(r, &run, o, n, npass);
	stage_end(r, &clk, ARPBAL_STAGE_COUNT);
	return n;
}

/* The burst one request at a time, all the steps in one pass. */
static __rte_always_inline uint16_t
arp_burst(struct arpbal_reader *r, struct rte_mbuf **pkts, uint16_t n,
		struct rte_mbuf **pass, uint16_t *npass, bool sift,
		uint16_t port, rte_be32_t keep)
{
	struct verdict_run run = VERDICT_RUN_EMPTY;
	struct arp_req q, missed[ARPBAL_BURST_MAX], *miss[ARPBAL_BURST_MAX];
	struct rte_mbuf *drop[ARPBAL_BURST_MAX];
	uint16_t i, nmiss = 0;
	struct arp_out o;

	arp_out_init(&o, pkts, pass, drop, sift, port, keep);
	for (i = 0; i < n; i++) {
		sift_prefetch(&o, pkts, i);
		switch (arp_classify(r, pkts[i], &q, &o)) {
		case ARP_ON:
			arp_finish(r, &q, &run, &o);
			break;
		case ARP_MISS:
			missed[nmiss] = q;
			miss[nmiss] = &missed[nmiss];
			nmiss++;
			break;
		default:
			break;
		}
	}
	if (unlikely(nmiss > 0)) {
		arp_lookup(r, miss, nmiss);
		for (i = 0; i < nmiss; i++)
			arp_finish(r, miss[i], &run, &o);
	}
	return arp_end(r, &run, &o, n, npass);
}

uint16_t
arpbal_process(struct arpbal_reader *r, struct rte_mbuf **pkts, uint16_t n,
		struct rte_mbuf **pass, uint16_t *npass)
{
	if (!burst_begin(r, ARPBAL_STAT_REQUESTS, pkts, n, npass))
		return 0;
	arpbal_reader_begin(r);
	/* Profiled, or with the requester table (which serves the rate limit
	 * alone): a step at a time.
	 */
	if (unlikely(profile_refresh(r) || (r->src != NULL && r->rate != 0)))
		return arp_staged(r, pkts, n, pass, npass, false, 0, 0);
	return arp_burst(r, pkts, n, pass, npass, false, 0, 0);
}

uint16_t
arpbal_sift(struct arpbal_reader *r, uint16_t port, rte_be32_t keep,
		struct rte_mbuf **pkts, uint16_t n, struct rte_mbuf **rest,
		uint16_t *nrest)
{
	uint16_t i;

	if (unlikely(n > ARPBAL_BURST_MAX || port >= ARPBAL_MAX_PORTS)) {
		for (i = 0; i < n; i++) {
			pkts[i]->port = port;
			rest[i] = pkts[i];
		}
		*nrest = n;
		return 0;
	}
	arpbal_reader_begin(r);
	if (unlikely(profile_refresh(r) || (r->src != NULL && r->rate != 0)))
		return arp_staged(r, pkts, n, rest, nrest, true, port, keep);
	return arp_burst(r, pkts, n, rest, nrest, true, port, keep);
}
