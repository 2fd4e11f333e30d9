/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The ARP balancer's counters: each reader's own, summed on demand for
 * whoever asks, from any thread.
 */

#include <errno.h>
#include <string.h>

#include <rte_hash.h>

#include "arpbal_private.h"

static const char * const stat_names[ARPBAL_STAT_MAX] = {
#define ARPBAL_STAT_NAME(e, n, d) [ARPBAL_STAT_ ## e] = #n,
	ARPBAL_STATS(ARPBAL_STAT_NAME)
#undef ARPBAL_STAT_NAME
};

const char *
arpbal_stat_name(enum arpbal_stat s)
{
	return (unsigned int)s < ARPBAL_STAT_MAX ? stat_names[s] : NULL;
}

const char *
arpbal_verdict_name(enum arpbal_verdict v)
{
	return (unsigned int)v < ARPBAL_NVERDICTS ?
		stat_names[ARPBAL_STAT_OF(v)] : NULL;
}

static const char * const stage_names[ARPBAL_NSTAGES] = {
#define ARPBAL_STAGE_NAME(e, n, d) [ARPBAL_STAGE_ ## e] = #n,
	ARPBAL_STAGES(ARPBAL_STAGE_NAME)
#undef ARPBAL_STAGE_NAME
};

const char *
arpbal_stage_name(enum arpbal_stage s)
{
	return (unsigned int)s < ARPBAL_NSTAGES ? stage_names[s] : NULL;
}

void
arpbal_reader_profile(struct arpbal_reader *r, bool on)
{
	memset(&r->prof, 0, sizeof(r->prof));
	r->profiling = on;
}

void
arpbal_reader_profile_get(const struct arpbal_reader *r,
		struct arpbal_profile *p)
{
	*p = r->prof;
}

void
arpbal_profile(struct arpbal *ab, bool on)
{
	__atomic_store_n(&ab->prof_on, on, __ATOMIC_RELAXED);
	__atomic_add_fetch(&ab->prof_gen, 1, __ATOMIC_RELEASE);
}

bool
arpbal_profiling(const struct arpbal *ab)
{
	return __atomic_load_n(&ab->prof_on, __ATOMIC_RELAXED);
}

/* The readers' counters are read while they count: each is a whole
 * 64-bit word, and the sum a moment's.
 */
void
arpbal_profile_get(const struct arpbal *ab, struct arpbal_profile *p)
{
	const struct arpbal_profile *rp;
	unsigned int i, k;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < ab->max_readers; i++) {
		if (ab->readers[i] == NULL)
			continue;
		rp = &ab->readers[i]->prof;
		p->bursts += __atomic_load_n(&rp->bursts, __ATOMIC_RELAXED);
		p->requests += __atomic_load_n(&rp->requests,
			__ATOMIC_RELAXED);
		for (k = 0; k < ARPBAL_NSTAGES; k++)
			p->cycles[k] += __atomic_load_n(&rp->cycles[k],
				__ATOMIC_RELAXED);
	}
}

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
		for (k = 0; k < ARPBAL_STAT_MAX; k++)
			st->v[k] += s->v[k];
	}
}

int
arpbal_group_stats(const struct arpbal *ab, uint16_t port, rte_be32_t addr,
		uint64_t verdict[ARPBAL_NVERDICTS])
{
	struct arpbal_key key = group_key(port, addr);
	void *data;

	if (port >= ARPBAL_MAX_PORTS ||
	    rte_hash_lookup_data(ab->hash, &key, &data) < 0)
		return -ENOENT;
	arpbal_group_verdicts(ab, data, verdict);
	return 0;
}

void
arpbal_group_verdicts(const struct arpbal *ab, const struct arpbal_group *g,
		uint64_t verdict[ARPBAL_NVERDICTS])
{
	unsigned int k;

	arpbal_group_counters(ab, g->id, verdict);
	for (k = 0; k < ARPBAL_NVERDICTS; k++)
		verdict[k] -= ab->grp_base[g->id][k];
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

