/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The ARP balancer's readers (the polling lcores): each answers the ARP
 * requests of its bursts in place (arpbal_nd.c the neighbour
 * solicitations), with its own caches, counters and requester table, and
 * reports quiescent states to the writer.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>

#include "arpbal_private.h"

void
arpbal_reader_free(struct arpbal_reader *r)
{
	rte_hash_free(r->src);
	rte_free(r->ent);
	rte_free(r->grp);
	rte_free(r);
}

struct arpbal_reader *
arpbal_reader_create(struct arpbal *ab, unsigned int thread_id,
		int socket_id)
{
	char hname[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters hp = {
		.name = hname,
		.entries = ab->max_sources < 8 ? 8 : ab->max_sources,
		.key_len = sizeof(struct source_key),
		.hash_func = rte_hash_crc,
		.socket_id = socket_id,
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};
	struct arpbal_reader *r;

	if (thread_id >= ab->max_readers || ab->readers[thread_id] != NULL)
		return NULL;
	r = rte_zmalloc_socket("arpbal_reader", sizeof(*r),
		RTE_CACHE_LINE_SIZE, socket_id);
	if (r == NULL)
		return NULL;
	r->ab = ab;
	r->id = thread_id;
	r->gen = __atomic_load_n(&ab->gen, __ATOMIC_ACQUIRE) - 1;
	memset(r->scache, 0xff, sizeof(r->scache));
	r->grp = rte_zmalloc_socket("arpbal_reader",
		ab->nids * sizeof(*r->grp), RTE_CACHE_LINE_SIZE, socket_id);
	if (r->grp == NULL)
		goto fail;
	if (ab->max_sources > 0) {
		snprintf(hname, sizeof(hname), "%.16s_s%u", ab->name,
			thread_id & 0xffff);
		r->src = rte_hash_create(&hp);
		r->ent = rte_zmalloc_socket("arpbal_sources",
			hp.entries * sizeof(*r->ent), RTE_CACHE_LINE_SIZE,
			socket_id);
		if (r->src == NULL || r->ent == NULL)
			goto fail;
	}
	if (rte_rcu_qsbr_thread_register(ab->qsbr, thread_id) != 0)
		goto fail;
	ab->readers[thread_id] = r;
	return r;
fail:
	arpbal_reader_free(r);
	return NULL;
}

void
arpbal_reader_online(struct arpbal_reader *r)
{
	rte_rcu_qsbr_thread_online(r->ab->qsbr, r->id);
	r->online = true;
}

void
arpbal_reader_offline(struct arpbal_reader *r)
{
	rte_rcu_qsbr_thread_offline(r->ab->qsbr, r->id);
	r->online = false;
}

void
arpbal_reader_quiescent(struct arpbal_reader *r)
{
	rte_rcu_qsbr_quiescent(r->ab->qsbr, r->id);
}

bool
arpbal_vhid_master(const struct arpbal *ab, uint16_t port, uint8_t vhid)
{
	return port < ARPBAL_MAX_PORTS && vhid != 0 &&
		vhid_state(ab, port, vhid) == ARPBAL_STATE_MASTER;
}

struct arpbal_choice
arpbal_choose(const struct arpbal *ab, uint16_t port, rte_be32_t addr,
		rte_be32_t sip)
{
	struct arpbal_choice none = { .vhid = 0, .verdict = ARPBAL_NOT_SHARED };
	struct arpbal_key key = group_key(port, addr);
	void *data;

	if (port >= ARPBAL_MAX_PORTS ||
	    rte_hash_lookup_data(ab->hash, &key, &data) < 0)
		return none;
	return group_choose(ab, port, data, sip);
}

/* The reader's caches hold groups of an older generation: forget them. */
static inline void
gcache_refresh(struct arpbal_reader *r)
{
	uint32_t gen = __atomic_load_n(&r->ab->gen, __ATOMIC_ACQUIRE);

	if (unlikely(gen != r->gen)) {
		memset(r->gcache, 0, sizeof(r->gcache));
		memset(r->gcache6, 0, sizeof(r->gcache6));
		r->gen = gen;
	}
}

/* The group of addr on port through the cache, or NULL. */
static inline const struct arpbal_group *
group_of(struct arpbal_reader *r, uint16_t port, rte_be32_t addr)
{
	struct gcache_entry *e = &r->gcache[cache_slot(addr, port,
		GCACHE_SIZE)];
	struct arpbal_key key;
	void *data;

	if (likely(e->key == gcache_key(port, addr)))
		return e->group;
	key = group_key(port, addr);
	e->key = gcache_key(port, addr);
	e->group = rte_hash_lookup_data(r->ab->hash, &key, &data) < 0 ?
		NULL : data;
	return e->group;
}

/*
 * Whether a sender's addr is a virtual address on port: through the
 * cache, but a miss is not kept there. Senders are many and seldom
 * virtual addresses: cached, they would evict the targets.
 */
static inline bool
is_vip(struct arpbal_reader *r, uint16_t port, rte_be32_t addr)
{
	const struct gcache_entry *e;
	struct arpbal_key key;
	void *data;

	if (likely(!vipmap_maybe(r->ab, port, addr)))
		return false;
	e = &r->gcache[cache_slot(addr, port, GCACHE_SIZE)];
	if (e->key == gcache_key(port, addr))
		return e->group != NULL;
	key = group_key(port, addr);
	return rte_hash_lookup_data(r->ab->hash, &key, &data) >= 0;
}

struct arpbal_choice
arpbal_reader_lookup(struct arpbal_reader *r, uint16_t port, rte_be32_t addr,
		rte_be32_t peer, uint8_t vhid)
{
	struct arpbal_choice c = { .vhid = 0, .verdict = ARPBAL_NOT_SHARED };
	const struct arpbal_group *g;

	if (unlikely(port >= ARPBAL_MAX_PORTS))
		return c;
	gcache_refresh(r);
	g = group_of(r, port, addr);
	if (g == NULL)
		return c;
	return group_lookup(r->ab, port, g, peer, vhid);
}

struct arpbal_choice
arpbal_egress(const struct arpbal *ab, uint16_t port, rte_be32_t addr,
		rte_be32_t peer)
{
	struct arpbal_choice c = { .vhid = 0, .verdict = ARPBAL_NOT_SHARED };
	struct arpbal_key key = group_key(port, addr);
	void *data;

	if (port >= ARPBAL_MAX_PORTS ||
	    rte_hash_lookup_data(ab->hash, &key, &data) < 0)
		return c;
	return group_egress(ab, port, data, peer);
}

static inline bool
arp_ok(const struct rte_mbuf *m, const struct rte_arp_hdr *arp)
{
	return m->data_len >= RTE_ETHER_HDR_LEN + sizeof(*arp) &&
		arp->arp_hardware == RTE_BE16(RTE_ARP_HRD_ETHER) &&
		arp->arp_protocol == RTE_BE16(RTE_ETHER_TYPE_IPV4) &&
		arp->arp_hlen == RTE_ETHER_ADDR_LEN && arp->arp_plen == 4;
}

/*
 * A request for a virtual address that Linux would not answer either
 * (lib/carp/PROTOCOL.md §5.1): from a multicast or broadcast MAC (a reply
 * would flood the segment), from an address no host has (broadcast,
 * multicast, loopback; 0.0.0.0 is a probe, answered), or from one of our
 * own virtual addresses (a peer's announcement, or a conflict).
 * @return the counter to drop it with, or -1 to go on.
 */
static inline int
bad_sender(struct arpbal_reader *r, uint16_t port, const struct rte_mbuf *m,
		const struct rte_arp_hdr *arp)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m,
		const struct rte_ether_hdr *);
	rte_be32_t sip = arp->arp_data.arp_sip;
	uint32_t h = rte_be_to_cpu_32(sip);

	if (rte_is_multicast_ether_addr(&eth->src_addr) ||
	    rte_is_multicast_ether_addr(&arp->arp_data.arp_sha) ||
	    h >= UINT32_C(0xe0000000) || (h >> 24) == 127)
		return ARPBAL_STAT_BAD_SENDER;
	if (h != 0 && is_vip(r, port, sip))
		return ARPBAL_STAT_SENDER_VIP;
	return -1;
}

/* Turn a request into its reply in place, from the vhid's virtual MAC. */
static inline void
arp_reply(struct rte_mbuf *m, struct rte_arp_hdr *arp, uint8_t vhid)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_arp_ipv4 *d = &arp->arp_data;
	const struct rte_ether_addr vmac = {
		.addr_bytes = { 0x00, 0x00, 0x5e, 0x00, 0x01, vhid } };
	rte_be32_t tip = d->arp_tip;

	eth->dst_addr = d->arp_sha;
	eth->src_addr = vmac;
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REPLY);
	d->arp_tha = d->arp_sha;
	d->arp_tip = d->arp_sip;
	d->arp_sha = vmac;
	d->arp_sip = tip;
}

static inline void
rate_refresh(struct arpbal_reader *r)
{
	uint32_t rate = __atomic_load_n(&r->ab->rate, __ATOMIC_RELAXED);

	if (likely(rate == r->rate))
		return;
	r->rate = rate;
	if (rate == 0)
		return;
	/* GCRA: one reply every rate_t, bursts of up to one second's. */
	r->rate_t = rte_get_tsc_hz() / rate;
	r->rate_tau = r->rate_t * (rate - 1);
}

/* The position of a requester in the table, added if new; -1 if full. */
static inline int32_t
source_pos(struct arpbal_reader *r, rte_be32_t addr)
{
	struct scache_entry *c = &r->scache[cache_slot(addr, 0, SCACHE_SIZE)];
	struct source_key key = { .addr = addr, .zero = { 0, 0, 0 } };
	struct source_entry *e;
	int32_t pos;

	if (likely(c->pos >= 0 && c->addr == addr))
		return c->pos;
	pos = rte_hash_lookup(r->src, &key);
	if (pos < 0) {
		pos = rte_hash_add_key(r->src, &key);
		if (unlikely(pos < 0))
			return -1;
		r->st.v[ARPBAL_STAT_SOURCES]++;
		e = &r->ent[pos];
		memset(e, 0, sizeof(*e));
		e->addr = addr;
	}
	c->addr = addr;
	c->pos = pos;
	return pos;
}

/*
 * Count each request against its source; for those about to be answered
 * apply the rate limit, which turns their verdict to RATE_LIMITED.
 */
static inline void
sources(struct arpbal_reader *r, const rte_be32_t *sip,
		struct arpbal_choice *ch, uint16_t n)
{
	uint64_t now = rte_rdtsc();
	struct source_entry *e;
	int32_t pos;
	uint16_t i;

	for (i = 0; i < n; i++) {
		pos = source_pos(r, sip[i]);
		if (unlikely(pos < 0)) {
			/* The table is full: the sources it cannot hold share
			 * one bucket, so that filling it with forged sources
			 * lifts the limit for none (it fails closed).
			 */
			r->st.v[ARPBAL_STAT_UNTRACKED]++;
			e = &r->overflow;
		} else {
			e = &r->ent[pos];
		}
		e->requests++;
		e->last = now;
		if (ch[i].verdict != ARPBAL_ANSWERED)
			continue;
		if (now + r->rate_tau < e->tat) {
			e->limited++;
			ch[i].verdict = ARPBAL_RATE_LIMITED;
			continue;
		}
		e->tat = (e->tat > now ? e->tat : now) + r->rate_t;
	}
}

void
arpbal_reader_begin(struct arpbal_reader *r)
{
	rate_refresh(r);
	gcache_refresh(r);
}

void
arpbal_reader_sources(struct arpbal_reader *r, const rte_be32_t *sip,
		struct arpbal_choice *ch, uint16_t n)
{
	sources(r, sip, ch, n);
}

uint16_t
arpbal_process(struct arpbal_reader *r, struct rte_mbuf **pkts, uint16_t n,
		struct rte_mbuf **pass, uint16_t *npass)
{
	const struct arpbal *ab = r->ab;
	struct arpbal_stats *st = &r->st;
	struct arpbal_key keys[ARPBAL_BURST_MAX];
	const void *kp[ARPBAL_BURST_MAX];
	void *data[ARPBAL_BURST_MAX];
	struct rte_arp_hdr *arp[ARPBAL_BURST_MAX];
	struct rte_mbuf *req[ARPBAL_BURST_MAX], *drop[ARPBAL_BURST_MAX];
	const struct arpbal_group *g[ARPBAL_BURST_MAX];
	rte_be32_t sip[ARPBAL_BURST_MAX];
	struct arpbal_choice ch[ARPBAL_BURST_MAX];
	uint16_t miss[ARPBAL_BURST_MAX], rport[ARPBAL_BURST_MAX];
	uint64_t hits = 0;
	uint16_t i, nk = 0, nh = 0, nout = 0, ndrop = 0, nmiss = 0, np = 0;
	struct stage_clock clk;
	int bad;

	if (!burst_begin(r, ARPBAL_STAT_REQUESTS, pkts, n, npass))
		return 0;
	stage_start(r, &clk, n);
	rate_refresh(r);
	gcache_refresh(r);

	/* Requests, their groups from the cache, the rest looked up. */
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct rte_arp_hdr *a = rte_pktmbuf_mtod_offset(m,
			struct rte_arp_hdr *, RTE_ETHER_HDR_LEN);
		uint16_t port = m->port;
		struct gcache_entry *c;
		uint64_t ck;

		if (unlikely(!arp_ok(m, a) || port >= ARPBAL_MAX_PORTS)) {
			st->v[ARPBAL_STAT_MALFORMED]++;
			drop[ndrop++] = m;
			continue;
		}
		if (unlikely(a->arp_opcode != RTE_BE16(RTE_ARP_OP_REQUEST))) {
			/* A reply or the like: the host's, if it wants it. */
			if (pass != NULL) {
				st->v[ARPBAL_STAT_PASSED]++;
				pass[np++] = m;
			} else {
				st->v[ARPBAL_STAT_MALFORMED]++;
				drop[ndrop++] = m;
			}
			continue;
		}
		ck = gcache_key(port, a->arp_data.arp_tip);
		c = &r->gcache[cache_slot(a->arp_data.arp_tip, port,
			GCACHE_SIZE)];
		if (likely(c->key == ck)) {
			data[nk] = (void *)(uintptr_t)c->group;
		} else {
			keys[nmiss] = group_key(port, a->arp_data.arp_tip);
			kp[nmiss] = &keys[nmiss];
			miss[nmiss++] = nk;
			data[nk] = NULL;
		}
		arp[nk] = a;
		rport[nk] = port;
		req[nk++] = m;
	}
	stage_end(r, &clk, ARPBAL_STAGE_CLASSIFY);
	if (nmiss > 0) {
		void *found[ARPBAL_BURST_MAX];

		rte_hash_lookup_bulk_data(ab->hash, kp, nmiss, &hits, found);
		for (i = 0; i < nmiss; i++) {
			struct gcache_entry *c = &r->gcache[cache_slot(
				keys[i].addr, keys[i].port, GCACHE_SIZE)];

			data[miss[i]] = (hits & (UINT64_C(1) << i)) ?
				found[i] : NULL;
			c->key = gcache_key(keys[i].port, keys[i].addr);
			c->group = data[miss[i]];
		}
	}
	stage_end(r, &clk, ARPBAL_STAGE_LOOKUP);

	/* Keep the requests for virtual addresses, with their choice. */
	for (i = 0; i < nk; i++) {
		if (data[i] == NULL) {
			if (pass != NULL) {
				st->v[ARPBAL_STAT_PASSED]++;
				pass[np++] = req[i];
			} else {
				st->v[ARPBAL_STAT_NOT_SHARED]++;
				drop[ndrop++] = req[i];
			}
			continue;
		}
		bad = bad_sender(r, rport[i], req[i], arp[i]);
		if (unlikely(bad >= 0)) {
			st->v[bad]++;
			drop[ndrop++] = req[i];
			continue;
		}
		g[nh] = data[i];
		ch[nh] = group_choose(ab, rport[i], g[nh],
			arp[i]->arp_data.arp_sip);
		sip[nh] = arp[i]->arp_data.arp_sip;
		arp[nh] = arp[i];
		rport[nh] = rport[i];
		req[nh++] = req[i];
	}
	stage_end(r, &clk, ARPBAL_STAGE_STATE);
	/* The requester table serves the rate limit: counting every
	 * requester of a flood from many addresses would cost more than
	 * answering it, so without a limit it is left alone.
	 */
	if (r->src != NULL && r->rate != 0 && nh > 0)
		sources(r, sip, ch, nh);
	stage_end(r, &clk, ARPBAL_STAGE_SOURCES);

	for (i = 0; i < nh; i++) {
		if (ch[i].verdict == ARPBAL_ANSWERED) {
			arp_reply(req[i], arp[i], ch[i].vhid);
			pkts[nout++] = req[i];
		} else {
			drop[ndrop++] = req[i];
		}
	}
	stage_end(r, &clk, ARPBAL_STAGE_REPLY);
	burst_account(r, ch, g, rport, nh, drop, ndrop);
	stage_end(r, &clk, ARPBAL_STAGE_COUNT);
	if (npass != NULL)
		*npass = np;
	return nout;
}

void
arpbal_reader_age(struct arpbal_reader *r)
{
	uint64_t now = rte_rdtsc();
	uint64_t idle = SOURCE_IDLE_SEC * rte_get_tsc_hz();
	struct source_key k;
	const void *key;
	void *data;
	int32_t pos;
	unsigned int i;

	if (r->src == NULL || now < r->age_next)
		return;
	r->age_next = now + rte_get_tsc_hz() / 1000 * AGE_PERIOD_MS;
	if (rte_hash_count(r->src) == 0)
		return;
	for (i = 0; i < AGE_STEP; i++) {
		pos = rte_hash_iterate(r->src, &key, &data, &r->age_cursor);
		if (pos < 0) {
			r->age_cursor = 0;
			return;
		}
		if (now - r->ent[pos].last > idle) {
			struct scache_entry *c;

			memcpy(&k, key, sizeof(k));
			c = &r->scache[cache_slot(k.addr, 0, SCACHE_SIZE)];
			if (c->pos == pos)
				c->pos = -1;
			if (rte_hash_del_key(r->src, &k) >= 0) {
				r->st.v[ARPBAL_STAT_SOURCES]--;
				r->st.v[ARPBAL_STAT_AGED]++;
			}
		}
	}
}

