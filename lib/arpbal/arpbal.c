/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
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
#include <rte_prefetch.h>
#include <rte_rcu_qsbr.h>

#include "arpbal.h"

/* States as enum carp_state numbers them; lib/carp is not needed here. */
#define ST_INIT		0
#define ST_MASTER	2

/*
 * Each reader keeps small direct-mapped caches in front of the two hash
 * tables: ARP floods ask for few addresses, mostly from few requesters,
 * and a cache hit costs a compare where rte_hash costs a hash, a bucket
 * walk and, for the shared table, its lock-free read protocol.
 */
#define GCACHE_SIZE	8192	/* (port, address) -> group */
#define SCACHE_SIZE	4096	/* requester -> its entry */
#define GCACHE_VALID	(UINT64_C(1) << 63)

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

struct gcache_entry {
	uint64_t key;		/* GCACHE_VALID | port << 32 | address */
	const struct arpbal_group *group;	/* NULL: not shared */
};

struct scache_entry {
	rte_be32_t addr;
	int32_t pos;		/* in the requester table, or -1 */
};

struct arpbal_reader {
	struct arpbal *ab;
	uint32_t gen;			/* ab->gen the group cache holds */
	struct gcache_entry gcache[GCACHE_SIZE];
	struct scache_entry scache[SCACHE_SIZE];
	unsigned int id;
	bool online;
	struct rte_hash *src;		/* single-threaded: this reader's */
	struct source_entry *ent;	/* by key position in src */
	uint32_t age_cursor;
	uint64_t age_next;		/* TSC of the next ageing step */
	uint32_t rate;			/* ab->rate as last seen */
	uint64_t rate_t;		/* TSC between replies */
	uint64_t rate_tau;		/* burst tolerance, TSC */
	struct arpbal_stats st;
	uint64_t vhid[ARPBAL_MAX_PORTS][256][ARPBAL_NVERDICTS];
	uint64_t (*grp)[ARPBAL_NVERDICTS];	/* by group id */
};

struct arpbal {
	struct rte_hash *hash;
	struct rte_rcu_qsbr *qsbr;
	struct rte_rcu_qsbr_dq *dq;
	uint32_t max_addrs;	/* live entries */
	uint32_t nids;		/* counter ids: live and retired entries */
	uint32_t live;
	uint32_t max_readers;
	uint32_t max_sources;
	unsigned int writer_id;	/* the writer's own reader id, if it reads */
	bool balance;
	uint32_t rate;
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
};

static void
group_counters(const struct arpbal *ab, uint32_t id,
		uint64_t out[ARPBAL_NVERDICTS])
{
	unsigned int i, k;

	memset(out, 0, sizeof(uint64_t) * ARPBAL_NVERDICTS);
	for (i = 0; i < ab->max_readers; i++)
		if (ab->readers[i] != NULL)
			for (k = 0; k < ARPBAL_NVERDICTS; k++)
				out[k] += ab->readers[i]->grp[id][k];
}

static void
retire_free(void *p, void *e, unsigned int n)
{
	struct arpbal *ab = p;
	struct arpbal_retired *r = e;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (r[i].key_pos >= 0)
			rte_hash_free_key_with_position(ab->hash, r[i].key_pos);
		if (r[i].free_id != UINT32_MAX)
			ab->free_ids[ab->nfree++] = r[i].free_id;
		rte_free(r[i].group);
	}
}

struct arpbal *
arpbal_create(const struct arpbal_params *p)
{
	char hname[RTE_HASH_NAMESIZE], dqname[RTE_RCU_QSBR_DQ_NAMESIZE];
	/* Room for max_addrs live entries and as many again deleted but
	 * not yet reclaimed (their key slots and counter ids wait for the
	 * readers); the extendable table keeps cuckoo collisions from
	 * refusing an entry below that.
	 */
	uint32_t entries = RTE_MAX(p->max_addrs, 8u) * 2;
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
		.size = entries * 2,
		.esize = sizeof(struct arpbal_retired),
		.trigger_reclaim_limit = 0,
		.max_reclaim_size = entries * 2,
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
	ab->nids = entries;
	ab->max_readers = p->max_readers;
	ab->max_sources = p->max_sources;
	snprintf(ab->name, sizeof(ab->name), "%s", p->name);
	snprintf(hname, sizeof(hname), "%s_h", p->name);
	ab->hash = rte_hash_create(&hp);
	ab->qsbr = rte_zmalloc_socket(p->name,
		rte_rcu_qsbr_get_memsize(p->max_readers), RTE_CACHE_LINE_SIZE,
		p->socket_id);
	ab->free_ids = rte_malloc_socket(p->name,
		entries * sizeof(*ab->free_ids), 0, p->socket_id);
	ab->grp_base = rte_zmalloc_socket(p->name,
		entries * sizeof(*ab->grp_base), 0, p->socket_id);
	ab->readers = rte_zmalloc_socket(p->name,
		p->max_readers * sizeof(*ab->readers), 0, p->socket_id);
	if (ab->hash == NULL || ab->qsbr == NULL || ab->free_ids == NULL ||
	    ab->grp_base == NULL || ab->readers == NULL ||
	    rte_rcu_qsbr_init(ab->qsbr, p->max_readers) != 0)
		goto fail;
	for (i = 0; i < entries; i++)
		ab->free_ids[i] = entries - 1 - i;
	ab->nfree = entries;
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
reader_free(struct arpbal_reader *r)
{
	rte_hash_free(r->src);
	rte_free(r->ent);
	rte_free(r->grp);
	rte_free(r);
}

void
arpbal_free(struct arpbal *ab)
{
	const void *key;
	void *data;
	uint32_t it = 0, i;

	if (ab == NULL)
		return;
	if (ab->dq != NULL)
		rte_rcu_qsbr_dq_delete(ab->dq);
	if (ab->hash != NULL) {
		while (rte_hash_iterate(ab->hash, &key, &data, &it) >= 0)
			rte_free(data);
		rte_hash_free(ab->hash);
	}
	for (i = 0; ab->readers != NULL && i < ab->max_readers; i++)
		if (ab->readers[i] != NULL)
			reader_free(ab->readers[i]);
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
retire(struct arpbal *ab, struct arpbal_group *g, int32_t key_pos,
		uint32_t free_id)
{
	struct arpbal_retired r = { g, key_pos, free_id };

	/* The queue holds every entry twice over; should it still be full,
	 * wait for the readers rather than leak or free early.
	 */
	while (rte_rcu_qsbr_dq_enqueue(ab->dq, &r) != 0)
		wait_readers(ab);
}

int
arpbal_group_set(struct arpbal *ab, uint16_t port, rte_be32_t addr,
		const uint8_t *vhids, unsigned int n)
{
	struct arpbal_key key = group_key(port, addr);
	struct arpbal_group *g, *old = NULL;
	unsigned int i, out;
	int32_t pos;
	int ret;

	if (port >= ARPBAL_MAX_PORTS || n > 255)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (vhids[i] == 0)
			return -EINVAL;
	pos = rte_hash_lookup_data(ab->hash, &key, (void **)&old);
	if (n == 0) {
		if (pos < 0)
			return 0;
		pos = rte_hash_del_key(ab->hash, &key);
		if (pos >= 0) {
			ab->live--;
			__atomic_fetch_add(&ab->gen, 1, __ATOMIC_RELEASE);
			retire(ab, old, pos, old->id);
		}
		return 0;
	}
	if (pos < 0) {
		if (ab->live >= ab->max_addrs)
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
		group_counters(ab, g->id, ab->grp_base[g->id]);
	}

	/* Replacing the data of an existing key is atomic for readers. */
	ret = rte_hash_add_key_data(ab->hash, &key, g);
	if (ret != 0) {
		if (pos < 0)
			ab->free_ids[ab->nfree++] = g->id;
		rte_free(g);
		return ret;
	}
	/* Also for an addition: readers may have cached its absence. */
	__atomic_fetch_add(&ab->gen, 1, __ATOMIC_RELEASE);
	if (pos >= 0)
		retire(ab, old, -1, UINT32_MAX);
	else
		ab->live++;
	return 0;
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

void
arpbal_state_set(struct arpbal *ab, uint16_t port, uint8_t vhid,
		uint8_t state)
{
	if (port < ARPBAL_MAX_PORTS)
		__atomic_store_n(&ab->state[port][vhid], state,
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

void
arpbal_reclaim(struct arpbal *ab)
{
	rte_rcu_qsbr_dq_reclaim(ab->dq, UINT32_MAX, NULL, NULL, NULL);
}

/* ---- readers ---- */

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
	reader_free(r);
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

static inline uint8_t
vhid_state(const struct arpbal *ab, uint16_t port, uint8_t vhid)
{
	return __atomic_load_n(&ab->state[port][vhid], __ATOMIC_ACQUIRE);
}

bool
arpbal_vhid_master(const struct arpbal *ab, uint16_t port, uint8_t vhid)
{
	return port < ARPBAL_MAX_PORTS && vhid != 0 &&
		vhid_state(ab, port, vhid) == ST_MASTER;
}

/*
 * PROTOCOL.md 5.3 over one group. Returns the vhid that answers (> 0), the
 * vhid whose turn it is but which is not MASTER here (< 0), or 0 when no
 * vhid is chosen at all.
 */
static inline int
group_choose(const struct arpbal *ab, uint16_t port,
		const struct arpbal_group *g, rte_be32_t sip)
{
	uint8_t running[256];
	unsigned int i, n = 0;
	uint8_t v;

	if (likely(g->n == 1)) {
		v = g->vhid[0];
		return vhid_state(ab, port, v) == ST_MASTER ? v : -(int)v;
	}
	if (!__atomic_load_n(&ab->balance, __ATOMIC_RELAXED)) {
		for (i = 0; i < g->n; i++)
			if (vhid_state(ab, port, g->vhid[i]) == ST_MASTER)
				return g->vhid[i];
		return 0;
	}
	for (i = 0; i < g->n; i++)
		if (vhid_state(ab, port, g->vhid[i]) != ST_INIT)
			running[n++] = g->vhid[i];
	if (n == 0)
		return 0;
	v = running[rte_be_to_cpu_32(sip) % n];
	return vhid_state(ab, port, v) == ST_MASTER ? v : -(int)v;
}

uint8_t
arpbal_choose(const struct arpbal *ab, uint16_t port, rte_be32_t addr,
		rte_be32_t sip, bool *shared)
{
	struct arpbal_key key = group_key(port, addr);
	void *data;
	int v;

	if (port >= ARPBAL_MAX_PORTS ||
	    rte_hash_lookup_data(ab->hash, &key, &data) < 0) {
		*shared = false;
		return 0;
	}
	*shared = true;
	v = group_choose(ab, port, data, sip);
	return v > 0 ? (uint8_t)v : 0;
}

static inline bool
arp_request_ok(const struct rte_mbuf *m, const struct rte_arp_hdr *arp)
{
	return m->data_len >= RTE_ETHER_HDR_LEN + sizeof(*arp) &&
		arp->arp_hardware == RTE_BE16(RTE_ARP_HRD_ETHER) &&
		arp->arp_protocol == RTE_BE16(RTE_ETHER_TYPE_IPV4) &&
		arp->arp_hlen == RTE_ETHER_ADDR_LEN && arp->arp_plen == 4 &&
		arp->arp_opcode == RTE_BE16(RTE_ARP_OP_REQUEST);
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

static inline unsigned int
cache_slot(uint32_t x, unsigned int size)
{
	return (x * UINT32_C(2654435761)) >> 20 & (size - 1);
}

static inline uint64_t
gcache_key(uint16_t port, rte_be32_t addr)
{
	return GCACHE_VALID | (uint64_t)port << 32 | addr;
}

/* The position of a requester in the table, added if new; -1 if full. */
static inline int32_t
source_pos(struct arpbal_reader *r, rte_be32_t addr)
{
	struct scache_entry *c = &r->scache[cache_slot(addr, SCACHE_SIZE)];
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
 * (verdict ANSWERED) apply the rate limit. vsel[] holds the choice of
 * group_choose() and becomes negative for a limited request.
 */
static inline void
sources(struct arpbal_reader *r, const rte_be32_t *sip, int *vsel,
		uint16_t n)
{
	uint64_t now = rte_rdtsc();
	struct source_entry *e;
	int32_t pos;
	uint16_t i;

	for (i = 0; i < n; i++) {
		pos = source_pos(r, sip[i]);
		if (unlikely(pos < 0)) {
			r->st.untracked++;
			continue;
		}
		e = &r->ent[pos];
		e->requests++;
		e->last = now;
		if (vsel[i] <= 0)
			continue;
		if (now + r->rate_tau < e->tat) {
			e->limited++;
			vsel[i] = -1000 - vsel[i];	/* limited, vhid kept */
			continue;
		}
		e->tat = (e->tat > now ? e->tat : now) + r->rate_t;
	}
}

uint16_t
arpbal_process(struct arpbal_reader *r, uint16_t port,
		struct rte_mbuf **pkts, uint16_t n)
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
	int vsel[ARPBAL_BURST_MAX];
	uint16_t miss[ARPBAL_BURST_MAX];
	uint64_t hits = 0;
	uint16_t i, nk = 0, nh = 0, nout = 0, ndrop = 0, nmiss = 0;
	uint32_t gen;
	int v;

	st->requests += n;
	if (unlikely(n > ARPBAL_BURST_MAX || port >= ARPBAL_MAX_PORTS)) {
		rte_pktmbuf_free_bulk(pkts, n);
		st->malformed += n;
		return 0;
	}
	rate_refresh(r);
	gen = __atomic_load_n(&ab->gen, __ATOMIC_ACQUIRE);
	if (unlikely(gen != r->gen)) {
		memset(r->gcache, 0, sizeof(r->gcache));
		r->gen = gen;
	}

	/* Requests, their groups from the cache, the rest looked up. */
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct rte_arp_hdr *a = rte_pktmbuf_mtod_offset(m,
			struct rte_arp_hdr *, RTE_ETHER_HDR_LEN);
		struct gcache_entry *c;
		uint64_t ck;

		if (unlikely(!arp_request_ok(m, a))) {
			st->malformed++;
			drop[ndrop++] = m;
			continue;
		}
		ck = gcache_key(port, a->arp_data.arp_tip);
		c = &r->gcache[cache_slot(a->arp_data.arp_tip ^ port,
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
		req[nk++] = m;
	}
	if (nmiss > 0) {
		void *found[ARPBAL_BURST_MAX];

		rte_hash_lookup_bulk_data(ab->hash, kp, nmiss, &hits, found);
		for (i = 0; i < nmiss; i++) {
			struct gcache_entry *c = &r->gcache[cache_slot(
				keys[i].addr ^ port, GCACHE_SIZE)];

			data[miss[i]] = (hits & (UINT64_C(1) << i)) ?
				found[i] : NULL;
			c->key = gcache_key(port, keys[i].addr);
			c->group = data[miss[i]];
		}
	}

	/* Keep the requests for virtual addresses, with their choice. */
	for (i = 0; i < nk; i++) {
		if (data[i] == NULL) {
			st->not_shared++;
			drop[ndrop++] = req[i];
			continue;
		}
		g[nh] = data[i];
		vsel[nh] = group_choose(ab, port, g[nh],
			arp[i]->arp_data.arp_sip);
		sip[nh] = arp[i]->arp_data.arp_sip;
		arp[nh] = arp[i];
		req[nh++] = req[i];
	}
	/* The requester table serves the rate limit: counting every
	 * requester of a flood from many addresses would cost more than
	 * answering it, so without a limit it is left alone.
	 */
	if (r->src != NULL && r->rate != 0 && nh > 0)
		sources(r, sip, vsel, nh);

	for (i = 0; i < nh; i++) {
		enum arpbal_verdict verdict;
		uint8_t vhid;

		v = vsel[i];
		if (v > 0) {
			verdict = ARPBAL_ANSWERED;
			vhid = (uint8_t)v;
			arp_reply(req[i], arp[i], vhid);
			pkts[nout++] = req[i];
		} else {
			verdict = v <= -1000 ? ARPBAL_RATE_LIMITED :
				ARPBAL_NOT_MASTER;
			vhid = (uint8_t)(v <= -1000 ? -1000 - v : -v);
			drop[ndrop++] = req[i];
		}
		st->verdict[verdict]++;
		r->grp[g[i]->id][verdict]++;
		r->vhid[port][vhid][verdict]++;
	}
	if (ndrop > 0)
		rte_pktmbuf_free_bulk(drop, ndrop);
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
			c = &r->scache[cache_slot(k.addr, SCACHE_SIZE)];
			if (c->pos == pos)
				c->pos = -1;
			rte_hash_del_key(r->src, &k);
		}
	}
}

/* ---- counters ---- */

void
arpbal_stats_get(const struct arpbal *ab, const struct arpbal_reader *r,
		struct arpbal_stats *st)
{
	unsigned int i, k;

	if (r != NULL) {
		*st = r->st;
		return;
	}
	memset(st, 0, sizeof(*st));
	for (i = 0; i < ab->max_readers; i++) {
		const struct arpbal_stats *s;

		if (ab->readers[i] == NULL)
			continue;
		s = &ab->readers[i]->st;
		st->requests += s->requests;
		for (k = 0; k < ARPBAL_NVERDICTS; k++)
			st->verdict[k] += s->verdict[k];
		st->not_shared += s->not_shared;
		st->malformed += s->malformed;
		st->untracked += s->untracked;
	}
}

int
arpbal_group_stats(const struct arpbal *ab, uint16_t port, rte_be32_t addr,
		uint64_t verdict[ARPBAL_NVERDICTS])
{
	struct arpbal_key key = group_key(port, addr);
	const struct arpbal_group *g;
	void *data;
	unsigned int k;

	if (port >= ARPBAL_MAX_PORTS ||
	    rte_hash_lookup_data(ab->hash, &key, &data) < 0)
		return -ENOENT;
	g = data;
	group_counters(ab, g->id, verdict);
	for (k = 0; k < ARPBAL_NVERDICTS; k++)
		verdict[k] -= ab->grp_base[g->id][k];
	return 0;
}

void
arpbal_vhid_stats(const struct arpbal *ab, uint16_t port, uint8_t vhid,
		uint64_t verdict[ARPBAL_NVERDICTS])
{
	unsigned int i, k;

	memset(verdict, 0, sizeof(uint64_t) * ARPBAL_NVERDICTS);
	if (port >= ARPBAL_MAX_PORTS)
		return;
	for (i = 0; i < ab->max_readers; i++)
		if (ab->readers[i] != NULL)
			for (k = 0; k < ARPBAL_NVERDICTS; k++)
				verdict[k] += ab->readers[i]->vhid[port][vhid][k];
}

int
arpbal_source_next(const struct arpbal_reader *r, uint32_t *next,
		struct arpbal_source *src)
{
	const void *key;
	void *data;
	int32_t pos;

	if (r->src == NULL)
		return 0;
	pos = rte_hash_iterate(r->src, &key, &data, next);
	if (pos < 0)
		return 0;
	src->addr = r->ent[pos].addr;
	src->requests = r->ent[pos].requests;
	src->limited = r->ent[pos].limited;
	return 1;
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
