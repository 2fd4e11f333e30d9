/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The ARP balancer's writer side (the control lcore): the tables of
 * addresses and their groups (arpbal6.c has IPv6's entry points), published
 * states and knobs, and the grace periods after which what readers could
 * still see is freed.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>

#include "arpbal_private.h"

void
arpbal_group_counters(const struct arpbal *ab, uint32_t id,
		uint64_t out[ARPBAL_NVERDICTS])
{
	unsigned int i, k;

	memset(out, 0, sizeof(uint64_t) * ARPBAL_NVERDICTS);
	for (i = 0; i < ab->max_readers; i++)
		if (ab->readers[i] != NULL)
			for (k = 0; k < ARPBAL_NVERDICTS; k++)
				out[k] += ab->readers[i]->grp[k][id];
}

static void
retire_free(void *p, void *e, unsigned int n)
{
	struct arpbal *ab = p;
	struct arpbal_retired *r = e;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (r[i].key_pos >= 0)
			rte_hash_free_key_with_position(r[i].hash,
				r[i].key_pos);
		if (r[i].free_id != UINT32_MAX)
			ab->free_ids[ab->nfree++] = r[i].free_id;
		rte_free(r[i].group);
	}
}

struct arpbal *
arpbal_create(const struct arpbal_params *p)
{
	char hname[RTE_HASH_NAMESIZE], dqname[RTE_RCU_QSBR_DQ_NAMESIZE];
	/* Room in each table for max_addrs live entries and as many again
	 * deleted but not yet reclaimed (their key slots and counter ids
	 * wait for the readers); the extendable table keeps cuckoo
	 * collisions from refusing an entry below that. The families share
	 * one pool of counter ids, as large as both tables.
	 */
	uint32_t entries = RTE_MAX(p->max_addrs, 8u) * 2;
	uint32_t nids = entries * 2;
	struct rte_hash_parameters hp = {
		.name = hname,
		.entries = entries,
		.key_len = sizeof(struct arpbal_key),
		.hash_func = rte_hash_crc,
		.socket_id = p->socket_id,
		.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF |
			RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};
	struct rte_rcu_qsbr_dq_parameters dp = {
		.name = dqname,
		.size = nids * 2,
		.esize = sizeof(struct arpbal_retired),
		.trigger_reclaim_limit = 0,
		.max_reclaim_size = nids * 2,
		.free_fn = retire_free,
	};
	struct arpbal *ab;
	uint32_t i;

	if (p->max_readers == 0 || p->max_addrs == 0)
		return NULL;
	ab = rte_zmalloc_socket(p->name, sizeof(*ab), RTE_CACHE_LINE_SIZE,
		p->socket_id);
	if (ab == NULL)
		return NULL;
	ab->max_addrs = p->max_addrs;
	ab->nids = nids;
	ab->max_readers = p->max_readers;
	ab->max_sources = p->max_sources;
	snprintf(ab->name, sizeof(ab->name), "%s", p->name);
	snprintf(hname, sizeof(hname), "%s_h", p->name);
	ab->hash = rte_hash_create(&hp);
	snprintf(hname, sizeof(hname), "%s_h6", p->name);
	hp.key_len = sizeof(struct arpbal_key6);
	ab->hash6 = rte_hash_create(&hp);
	ab->qsbr = rte_zmalloc_socket(p->name,
		rte_rcu_qsbr_get_memsize(p->max_readers), RTE_CACHE_LINE_SIZE,
		p->socket_id);
	ab->free_ids = rte_malloc_socket(p->name,
		nids * sizeof(*ab->free_ids), 0, p->socket_id);
	ab->grp_base = rte_zmalloc_socket(p->name,
		nids * sizeof(*ab->grp_base), 0, p->socket_id);
	ab->readers = rte_zmalloc_socket(p->name,
		p->max_readers * sizeof(*ab->readers), 0, p->socket_id);
	if (ab->hash == NULL || ab->hash6 == NULL || ab->qsbr == NULL ||
	    ab->free_ids == NULL ||
	    ab->grp_base == NULL || ab->readers == NULL ||
	    rte_rcu_qsbr_init(ab->qsbr, p->max_readers) != 0)
		goto fail;
	for (i = 0; i < nids; i++)
		ab->free_ids[i] = nids - 1 - i;
	ab->nfree = nids;
	ab->writer_id = RTE_QSBR_THRID_INVALID;

	snprintf(dqname, sizeof(dqname), "%s_dq", p->name);
	dp.v = ab->qsbr;
	dp.p = ab;
	ab->dq = rte_rcu_qsbr_dq_create(&dp);
	if (ab->dq == NULL)
		goto fail;
	return ab;
fail:
	arpbal_free(ab);
	return NULL;
}

static void
table_free(struct rte_hash *h)
{
	const void *key;
	void *data;
	uint32_t it = 0;

	if (h == NULL)
		return;
	while (rte_hash_iterate(h, &key, &data, &it) >= 0)
		rte_free(data);
	rte_hash_free(h);
}

void
arpbal_free(struct arpbal *ab)
{
	uint32_t i;

	if (ab == NULL)
		return;
	if (ab->dq != NULL)
		rte_rcu_qsbr_dq_delete(ab->dq);
	table_free(ab->hash);
	table_free(ab->hash6);
	for (i = 0; ab->readers != NULL && i < ab->max_readers; i++)
		if (ab->readers[i] != NULL)
			arpbal_reader_free(ab->readers[i]);
	rte_free(ab->readers);
	rte_free(ab->grp_base);
	rte_free(ab->free_ids);
	rte_free(ab->qsbr);
	rte_free(ab);
}

/* ---- writer ---- */

static int
vhid_cmp(const void *a, const void *b)
{
	return (int)*(const uint8_t *)a - (int)*(const uint8_t *)b;
}

/* An address appears in a table (+1) or goes (-1): its filter bits. */
static void
vipmap_count(struct arpbal *ab, struct vipbits vb, int delta)
{
	unsigned int i, b;
	uint64_t bit;

	for (i = 0; i < vb.n; i++) {
		b = vb.b[i];
		bit = UINT64_C(1) << (b % 64);
		ab->vipref[b] += (uint32_t)delta;	/* -1 wraps: a decrement */
		if (ab->vipref[b] != 0)
			__atomic_fetch_or(&ab->vipmap[b / 64], bit,
				__ATOMIC_RELEASE);
		else
			__atomic_fetch_and(&ab->vipmap[b / 64], ~bit,
				__ATOMIC_RELEASE);
	}
}

/* Wait until every reader has passed a quiescent state, then free what
 * they can no longer see. A writer that also reads is not waited for: it
 * holds no reference while it writes.
 */
static void
wait_readers(struct arpbal *ab)
{
	rte_rcu_qsbr_synchronize(ab->qsbr, ab->writer_id);
	rte_rcu_qsbr_dq_reclaim(ab->dq, UINT32_MAX, NULL, NULL, NULL);
}

static void
retire(struct arpbal *ab, struct rte_hash *h, struct arpbal_group *g,
		int32_t key_pos, uint32_t free_id)
{
	struct arpbal_retired r = { h, g, key_pos, free_id };

	/* The queue holds every entry twice over; should it still be full,
	 * wait for the readers rather than leak or free early.
	 */
	while (rte_rcu_qsbr_dq_enqueue(ab->dq, &r) != 0)
		wait_readers(ab);
}

int
arpbal_table_set(struct arpbal *ab, struct rte_hash *h, uint32_t *live,
		const void *key, struct vipbits vb, const uint8_t *vhids,
		unsigned int n)
{
	struct arpbal_group *g, *old = NULL;
	unsigned int i, out;
	int32_t pos;
	int ret;

	pos = rte_hash_lookup_data(h, key, (void **)&old);
	if (n == 0) {
		if (pos < 0)
			return 0;
		pos = rte_hash_del_key(h, key);
		if (pos >= 0) {
			(*live)--;
			vipmap_count(ab, vb, -1);
			__atomic_fetch_add(&ab->gen, 1, __ATOMIC_RELEASE);
			retire(ab, h, old, pos, old->id);
		}
		return 0;
	}
	if (pos < 0) {
		if (*live >= ab->max_addrs)
			return -ENOSPC;
		/* Ids and key slots of deleted entries come back once the
		 * readers have moved on; there are as many of them as live
		 * entries can be, so one wait always frees enough.
		 */
		arpbal_reclaim(ab);
		if (ab->nfree == 0)
			wait_readers(ab);
		if (ab->nfree == 0)
			return -ENOSPC;
	}

	g = rte_zmalloc("arpbal_group", sizeof(*g) + n, 0);
	if (g == NULL)
		return -ENOMEM;
	memcpy(g->vhid, vhids, n);
	qsort(g->vhid, n, 1, vhid_cmp);
	for (i = 1, out = 1; i < n; i++)
		if (g->vhid[i] != g->vhid[out - 1])
			g->vhid[out++] = g->vhid[i];
	g->n = (uint16_t)out;
	if (pos >= 0) {
		g->id = old->id;
	} else {
		g->id = ab->free_ids[--ab->nfree];
		arpbal_group_counters(ab, g->id, ab->grp_base[g->id]);
	}

	/* Replacing the data of an existing key is atomic for readers. */
	ret = rte_hash_add_key_data(h, key, g);
	if (ret == -ENOSPC && pos < 0) {
		/* The ids are shared by both tables, the key slots are not:
		 * this table's may all wait for the readers still.
		 */
		wait_readers(ab);
		ret = rte_hash_add_key_data(h, key, g);
	}
	if (ret != 0) {
		if (pos < 0)
			ab->free_ids[ab->nfree++] = g->id;
		rte_free(g);
		return ret;
	}
	/* Also for an addition: readers may have cached its absence. */
	__atomic_fetch_add(&ab->gen, 1, __ATOMIC_RELEASE);
	if (pos >= 0) {
		retire(ab, h, old, -1, UINT32_MAX);
	} else {
		(*live)++;
		vipmap_count(ab, vb, 1);
	}
	return 0;
}

/* Whether addr on port can be a virtual address: a port the balancer
 * has room for, and not 0.0.0.0, which is no host's (and whose entry an
 * empty group cache slot is).
 */
static inline bool
group4_valid(uint16_t port, rte_be32_t addr)
{
	return port < ARPBAL_MAX_PORTS && addr != 0;
}

int
arpbal_group_set(struct arpbal *ab, uint16_t port, rte_be32_t addr,
		const uint8_t *vhids, unsigned int n)
{
	struct arpbal_key key = group_key(port, addr);
	unsigned int i;

	if (!group4_valid(port, addr) || n > 255)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (vhids[i] == 0)
			return -EINVAL;
	return arpbal_table_set(ab, ab->hash, &ab->live, &key,
		vipbits4(port, addr), vhids, n);
}

int
arpbal_group_get(const struct arpbal *ab, uint16_t port, rte_be32_t addr,
		uint8_t *vhids, unsigned int *n)
{
	struct arpbal_key key = group_key(port, addr);
	const struct arpbal_group *g;
	void *data;

	if (port >= ARPBAL_MAX_PORTS ||
	    rte_hash_lookup_data(ab->hash, &key, &data) < 0)
		return -ENOENT;
	g = data;
	memcpy(vhids, g->vhid, g->n);
	*n = g->n;
	return 0;
}

int
arpbal_table_change(struct arpbal *ab, struct rte_hash *h, uint32_t *live,
		const void *key, struct vipbits vb, uint8_t vhid, bool join)
{
	const struct arpbal_group *g;
	uint8_t v[256];
	unsigned int i, n = 0, out = 0;
	bool member = false;
	void *data;

	if (vhid == 0)
		return -EINVAL;
	if (rte_hash_lookup_data(h, key, &data) >= 0) {
		g = data;
		n = g->n;
		memcpy(v, g->vhid, n);
	}
	for (i = 0; i < n; i++) {
		if (v[i] == vhid)
			member = true;
		else
			v[out++] = v[i];
	}
	if (member == join)
		return 0;
	if (join)
		v[out++] = vhid;
	return arpbal_table_set(ab, h, live, key, vb, v, out);
}

int
arpbal_group_join(struct arpbal *ab, uint16_t port, rte_be32_t addr,
		uint8_t vhid)
{
	struct arpbal_key key = group_key(port, addr);

	if (!group4_valid(port, addr))
		return -EINVAL;
	return arpbal_table_change(ab, ab->hash, &ab->live, &key,
		vipbits4(port, addr), vhid, true);
}

int
arpbal_group_leave(struct arpbal *ab, uint16_t port, rte_be32_t addr,
		uint8_t vhid)
{
	struct arpbal_key key = group_key(port, addr);

	/* No group there to leave. */
	if (!group4_valid(port, addr))
		return vhid == 0 ? -EINVAL : 0;
	return arpbal_table_change(ab, ab->hash, &ab->live, &key,
		vipbits4(port, addr), vhid, false);
}

void
arpbal_state_set(struct arpbal *ab, uint16_t port, uint8_t vhid,
		enum arpbal_state state)
{
	if (port < ARPBAL_MAX_PORTS)
		__atomic_store_n(&ab->state[port][vhid], (uint8_t)state,
			__ATOMIC_RELEASE);
}

void
arpbal_balance_set(struct arpbal *ab, bool on)
{
	__atomic_store_n(&ab->balance, on, __ATOMIC_RELEASE);
}

void
arpbal_rate_set(struct arpbal *ab, uint32_t per_source)
{
	__atomic_store_n(&ab->rate, per_source, __ATOMIC_RELEASE);
}

uint32_t
arpbal_rate_get(const struct arpbal *ab)
{
	return __atomic_load_n(&ab->rate, __ATOMIC_RELAXED);
}

void
arpbal_reclaim(struct arpbal *ab)
{
	rte_rcu_qsbr_dq_reclaim(ab->dq, UINT32_MAX, NULL, NULL, NULL);
}

uint32_t
arpbal_count(const struct arpbal *ab)
{
	return ab->live;
}

int
arpbal_iterate(const struct arpbal *ab, uint32_t *next, uint16_t *port,
		rte_be32_t *addr, uint8_t *vhids, unsigned int *n)
{
	const struct arpbal_key *k;
	const struct arpbal_group *g;
	const void *key;
	void *data;

	if (rte_hash_iterate(ab->hash, &key, &data, next) < 0)
		return 0;
	k = key;
	g = data;
	*port = k->port;
	*addr = k->addr;
	memcpy(vhids, g->vhid, g->n);
	*n = g->n;
	return 1;
}

void
arpbal_writer_reads(struct arpbal *ab, const struct arpbal_reader *r)
{
	ab->writer_id = r != NULL ? r->id : RTE_QSBR_THRID_INVALID;
}
