/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The ARP balancer's readers (the polling lcores): each has its own
 * caches, counters and requester table, answers its bursts in place
 * (arpbal_arp.c the ARP requests, arpbal_nd.c the neighbour
 * solicitations), looks up the traffic of virtual addresses, and reports
 * quiescent states to the writer.
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

#include "arpbal_burst.h"
#include "arpbal_private.h"

void
arpbal_reader_free(struct arpbal_reader *r)
{
	rte_hash_free(r->src);
	rte_free(r->ent);
	rte_free(r->grp[0]);
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
	unsigned int v;

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
	r->grp[0] = rte_zmalloc_socket("arpbal_reader", (size_t)ab->nids *
		ARPBAL_NVERDICTS * sizeof(uint64_t), RTE_CACHE_LINE_SIZE,
		socket_id);
	if (r->grp[0] == NULL)
		goto fail;
	for (v = 1; v < ARPBAL_NVERDICTS; v++)
		r->grp[v] = r->grp[v - 1] + ab->nids;
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

/* The group of addr on port through the cache (gref_of()), or 0. */
static inline uint64_t
gref_find(struct arpbal_reader *r, uint16_t port, rte_be32_t addr)
{
	struct gcache_entry *e = &r->gcache[cache_slot(addr, port,
		GCACHE_SIZE)];
	struct arpbal_key key;
	void *data;

	if (likely(e->key == gcache_key(port, addr)))
		return e->ref;
	key = group_key(port, addr);
	e->key = gcache_key(port, addr);
	e->ref = gref_of(rte_hash_lookup_data(r->ab->hash, &key, &data) < 0 ?
		NULL : data, port);
	return e->ref;
}

struct arpbal_choice
arpbal_reader_lookup(struct arpbal_reader *r, uint16_t port, rte_be32_t addr,
		rte_be32_t peer, uint8_t vhid)
{
	struct arpbal_choice c = { .vhid = 0, .verdict = ARPBAL_NOT_SHARED };
	uint64_t ref;

	if (unlikely(port >= ARPBAL_MAX_PORTS))
		return c;
	gcache_refresh(r);
	ref = gref_find(r, port, addr);
	if (ref == 0)
		return c;
	return gref_lookup(r->ab, port, ref, peer, vhid);
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

void
arpbal_reader_begin(struct arpbal_reader *r)
{
	rate_refresh(r);
	gcache_refresh(r);
}

/*
 * The requesters of a burst through the cache, those it misses from the
 * table at once (a flood from more requesters than the cache holds misses
 * often), the new ones added.
 */
void
arpbal_reader_sources(struct arpbal_reader *r, const rte_be32_t *sip,
		struct arpbal_choice *ch, uint16_t n)
{
	struct source_key keys[ARPBAL_BURST_MAX];
	const void *kp[ARPBAL_BURST_MAX];
	int32_t pos[ARPBAL_BURST_MAX], found[ARPBAL_BURST_MAX];
	uint16_t idx[ARPBAL_BURST_MAX];
	uint64_t now = rte_rdtsc();
	struct scache_entry *c;
	uint16_t i, k, nu = 0;

	for (i = 0; i < n; i++) {
		c = &r->scache[cache_slot(sip[i], 0, SCACHE_SIZE)];
		if (likely(c->pos >= 0 && c->addr == sip[i])) {
			pos[i] = c->pos;
			continue;
		}
		memset(&keys[nu], 0, sizeof(keys[nu]));
		keys[nu].addr = sip[i];
		kp[nu] = &keys[nu];
		idx[nu++] = i;
	}
	if (nu > 0 && rte_hash_lookup_bulk(r->src, kp, nu, found) != 0)
		for (k = 0; k < nu; k++)
			found[k] = -ENOENT;
	for (k = 0; k < nu; k++) {
		i = idx[k];
		if (found[k] < 0) {
			/* New (or twice in the burst: the cache knows it
			 * by now): added.
			 */
			pos[i] = source_pos(r, sip[i]);
			continue;
		}
		c = &r->scache[cache_slot(sip[i], 0, SCACHE_SIZE)];
		c->addr = sip[i];
		c->pos = found[k];
		pos[i] = found[k];
	}
	for (i = 0; i < n; i++)
		source_charge_at(r, pos[i], now, &ch[i]);
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

