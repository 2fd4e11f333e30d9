/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_branch_prediction.h>
#include <rte_errno.h>
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

struct arpbal_key {
	uint16_t port;
	uint16_t pad;
	rte_be32_t addr;
};

/* Immutable once published: a change publishes a new group. */
struct arpbal_group {
	uint16_t n;
	uint8_t vhid[];		/* ascending */
};

/* What waits in the defer queue for readers to move on. */
struct arpbal_retired {
	struct arpbal_group *group;
	int32_t key_pos;	/* key slot to free, or -1 */
	uint32_t pad;
};

struct arpbal {
	struct rte_hash *hash;
	struct rte_rcu_qsbr *qsbr;
	struct rte_rcu_qsbr_dq *dq;
	bool balance;
	/* Published vhid states, read with relaxed atomics: a reader that
	 * sees a state a moment late answers (or not) as the host would
	 * have a moment earlier, which the protocol tolerates.
	 */
	uint8_t state[ARPBAL_MAX_PORTS][256];
};

static void
retire_free(void *p, void *e, unsigned int n)
{
	struct arpbal *ab = p;
	struct arpbal_retired *r = e;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (r[i].key_pos >= 0)
			rte_hash_free_key_with_position(ab->hash, r[i].key_pos);
		rte_free(r[i].group);
	}
}

struct arpbal *
arpbal_create(const char *name, uint32_t max_addrs, uint32_t max_readers,
		int socket_id)
{
	char hname[RTE_HASH_NAMESIZE], dqname[RTE_RCU_QSBR_DQ_NAMESIZE];
	struct rte_hash_parameters hp = {
		.name = hname,
		.entries = max_addrs < 8 ? 8 : max_addrs,
		.key_len = sizeof(struct arpbal_key),
		.hash_func = rte_hash_crc,
		.socket_id = socket_id,
		.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF,
	};
	struct rte_rcu_qsbr_dq_parameters dp = {
		.name = dqname,
		.size = hp.entries * 2,
		.esize = sizeof(struct arpbal_retired),
		.trigger_reclaim_limit = 0,
		.max_reclaim_size = hp.entries * 2,
		.free_fn = retire_free,
	};
	struct arpbal *ab;
	size_t qsz;

	ab = rte_zmalloc_socket(name, sizeof(*ab), RTE_CACHE_LINE_SIZE,
		socket_id);
	if (ab == NULL)
		return NULL;
	snprintf(hname, sizeof(hname), "%s_h", name);
	ab->hash = rte_hash_create(&hp);
	if (ab->hash == NULL)
		goto fail;
	qsz = rte_rcu_qsbr_get_memsize(max_readers);
	ab->qsbr = rte_zmalloc_socket(name, qsz, RTE_CACHE_LINE_SIZE,
		socket_id);
	if (ab->qsbr == NULL || rte_rcu_qsbr_init(ab->qsbr, max_readers) != 0)
		goto fail;
	snprintf(dqname, sizeof(dqname), "%s_dq", name);
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

void
arpbal_free(struct arpbal *ab)
{
	const void *key;
	void *data;
	uint32_t it = 0;

	if (ab == NULL)
		return;
	if (ab->dq != NULL)
		rte_rcu_qsbr_dq_delete(ab->dq);
	if (ab->hash != NULL) {
		while (rte_hash_iterate(ab->hash, &key, &data, &it) >= 0)
			rte_free(data);
		rte_hash_free(ab->hash);
	}
	rte_free(ab->qsbr);
	rte_free(ab);
}

int
arpbal_reader_online(struct arpbal *ab, unsigned int thread_id)
{
	int ret = rte_rcu_qsbr_thread_register(ab->qsbr, thread_id);

	if (ret != 0)
		return ret;
	rte_rcu_qsbr_thread_online(ab->qsbr, thread_id);
	return 0;
}

void
arpbal_reader_offline(struct arpbal *ab, unsigned int thread_id)
{
	rte_rcu_qsbr_thread_offline(ab->qsbr, thread_id);
	rte_rcu_qsbr_thread_unregister(ab->qsbr, thread_id);
}

void
arpbal_reader_quiescent(struct arpbal *ab, unsigned int thread_id)
{
	rte_rcu_qsbr_quiescent(ab->qsbr, thread_id);
}

static int
vhid_cmp(const void *a, const void *b)
{
	return (int)*(const uint8_t *)a - (int)*(const uint8_t *)b;
}

static void
retire(struct arpbal *ab, struct arpbal_group *g, int32_t key_pos)
{
	struct arpbal_retired r = { g, key_pos, 0 };

	/* The queue is sized for every entry twice over; should it still
	 * be full, wait for the readers rather than leak or free early.
	 */
	while (rte_rcu_qsbr_dq_enqueue(ab->dq, &r) != 0) {
		rte_rcu_qsbr_synchronize(ab->qsbr, RTE_QSBR_THRID_INVALID);
		rte_rcu_qsbr_dq_reclaim(ab->dq, UINT32_MAX, NULL, NULL, NULL);
	}
}

int
arpbal_group_set(struct arpbal *ab, uint16_t port, rte_be32_t addr,
		const uint8_t *vhids, unsigned int n)
{
	struct arpbal_key key = { .port = port, .pad = 0, .addr = addr };
	struct arpbal_group *g, *old = NULL;
	unsigned int i, out;
	int32_t pos;
	int ret;

	if (port >= ARPBAL_MAX_PORTS || n > 255)
		return -EINVAL;
	pos = rte_hash_lookup_data(ab->hash, &key, (void **)&old);
	if (n == 0) {
		if (pos < 0)
			return 0;
		pos = rte_hash_del_key(ab->hash, &key);
		if (pos >= 0)
			retire(ab, old, pos);
		return 0;
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

	/* Replacing the data of an existing key is atomic for readers. */
	ret = rte_hash_add_key_data(ab->hash, &key, g);
	if (ret != 0) {
		rte_free(g);
		return ret;
	}
	if (pos >= 0 && old != NULL)
		retire(ab, old, -1);
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
arpbal_reclaim(struct arpbal *ab)
{
	rte_rcu_qsbr_dq_reclaim(ab->dq, UINT32_MAX, NULL, NULL, NULL);
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

/* PROTOCOL.md 5.3 over one group. */
static inline uint8_t
group_choose(const struct arpbal *ab, uint16_t port,
		const struct arpbal_group *g, rte_be32_t sip)
{
	uint8_t running[256];
	unsigned int i, n = 0;
	uint8_t v;

	if (likely(g->n == 1)) {
		v = g->vhid[0];
		return vhid_state(ab, port, v) == ST_MASTER ? v : 0;
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
	return vhid_state(ab, port, v) == ST_MASTER ? v : 0;
}

uint8_t
arpbal_choose(const struct arpbal *ab, uint16_t port, rte_be32_t addr,
		rte_be32_t sip, bool *shared)
{
	struct arpbal_key key = { .port = port, .pad = 0, .addr = addr };
	void *data;

	if (rte_hash_lookup_data(ab->hash, &key, &data) < 0) {
		*shared = false;
		return 0;
	}
	*shared = true;
	return group_choose(ab, port, data, sip);
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

/* Turn a request into its reply in place, from vmac. */
static inline void
arp_reply(struct rte_ether_hdr *eth, struct rte_arp_hdr *arp, uint8_t vhid)
{
	struct rte_arp_ipv4 *d = &arp->arp_data;
	struct rte_ether_addr vmac = {
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

uint16_t
arpbal_process(const struct arpbal *ab, uint16_t port,
		struct rte_mbuf **pkts, uint16_t n, struct arpbal_stats *st)
{
	struct arpbal_key keys[ARPBAL_BURST_MAX];
	const void *kp[ARPBAL_BURST_MAX];
	void *data[ARPBAL_BURST_MAX];
	struct rte_arp_hdr *arp[ARPBAL_BURST_MAX];
	uint16_t idx[ARPBAL_BURST_MAX];
	struct rte_mbuf *drop[ARPBAL_BURST_MAX];
	uint64_t hits = 0;
	uint16_t i, nk = 0, nout = 0, ndrop = 0;
	uint8_t v;

	if (unlikely(n > ARPBAL_BURST_MAX || port >= ARPBAL_MAX_PORTS)) {
		rte_pktmbuf_free_bulk(pkts, n);
		st->malformed += n;
		return 0;
	}
	st->requests += n;
	for (i = 0; i < n; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct rte_arp_hdr *a = rte_pktmbuf_mtod_offset(m,
			struct rte_arp_hdr *, RTE_ETHER_HDR_LEN);

		if (unlikely(!arp_request_ok(m, a))) {
			st->malformed++;
			drop[ndrop++] = m;
			continue;
		}
		keys[nk].port = port;
		keys[nk].pad = 0;
		keys[nk].addr = a->arp_data.arp_tip;
		kp[nk] = &keys[nk];
		arp[nk] = a;
		idx[nk++] = i;
	}
	if (nk > 0)
		rte_hash_lookup_bulk_data(ab->hash, kp, nk, &hits, data);

	for (i = 0; i < nk; i++) {
		struct rte_mbuf *m = pkts[idx[i]];

		if (!(hits & (UINT64_C(1) << i))) {
			st->not_shared++;
			drop[ndrop++] = m;
			continue;
		}
		v = group_choose(ab, port, data[i], arp[i]->arp_data.arp_sip);
		if (v == 0) {
			st->not_master++;
			drop[ndrop++] = m;
			continue;
		}
		arp_reply(rte_pktmbuf_mtod(m, struct rte_ether_hdr *), arp[i],
			v);
		st->answered++;
		st->answered_vhid[port][v]++;
		pkts[nout++] = m;
	}
	if (ndrop > 0)
		rte_pktmbuf_free_bulk(drop, ndrop);
	return nout;
}

uint32_t
arpbal_count(const struct arpbal *ab)
{
	return (uint32_t)rte_hash_count(ab->hash);
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
