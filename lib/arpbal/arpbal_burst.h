/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef ARPBAL_BURST_H
#define ARPBAL_BURST_H

/*
 * What a reader's bursts of requests share, ARP's (arpbal_arp.c) and
 * neighbour discovery's (arpbal_nd.c): their start and end, the stage
 * clock of a profiled reader, the requester table and its rate limit,
 * and the verdict counters, added in runs.
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_hash.h>
#include <rte_mbuf.h>

#include "arpbal_private.h"
#include "mbuf_drop.h"

/* A burst starts: the knobs and groups the reader goes by. */
void arpbal_reader_begin(struct arpbal_reader *r);

/* Count requests against their sources sip[] (in the requester table);
 * the rate limit turns ANSWERED choices into RATE_LIMITED.
 */
void arpbal_reader_sources(struct arpbal_reader *r, const rte_be32_t *sip,
		struct arpbal_choice *ch, uint16_t n);

/*
 * The clock of a burst's stages, while the reader is profiled: each
 * stage_end() charges the cycles since the last to a stage.
 */
struct stage_clock {
	bool on;
	uint64_t t;
};

/* Whether the reader profiles this burst: as arpbal_profile() last said,
 * if it said something since the reader last looked.
 */
static inline bool
profile_refresh(struct arpbal_reader *r)
{
	uint32_t gen = __atomic_load_n(&r->ab->prof_gen, __ATOMIC_ACQUIRE);

	if (unlikely(gen != r->prof_gen)) {
		r->prof_gen = gen;
		r->profiling = __atomic_load_n(&r->ab->prof_on,
			__ATOMIC_RELAXED);
		/* Started from zero; stopped, the sums stay to be read. */
		if (r->profiling)
			memset(&r->prof, 0, sizeof(r->prof));
	}
	return r->profiling;
}

static inline void
stage_start(struct arpbal_reader *r, struct stage_clock *c, uint16_t n)
{
	c->on = profile_refresh(r);
	c->t = 0;
	if (unlikely(c->on)) {
		r->prof.bursts++;
		r->prof.requests += n;
		c->t = rte_rdtsc_precise();
	}
}

static inline void
stage_end(struct arpbal_reader *r, struct stage_clock *c,
		enum arpbal_stage s)
{
	uint64_t now;

	if (unlikely(c->on)) {
		now = rte_rdtsc_precise();
		r->prof.cycles[s] += now - c->t;
		c->t = now;
	}
}

/*
 * The start of a burst, as ARP and neighbour discovery share it: its
 * requests counted under stat, nothing passed yet. A burst longer than
 * the readers' arrays is dropped whole and counted malformed.
 * @return false if it was.
 */
static inline bool
burst_begin(struct arpbal_reader *r, enum arpbal_stat stat,
		struct rte_mbuf **pkts, uint16_t n, uint16_t *npass)
{
	r->st.v[stat] += n;
	if (npass != NULL)
		*npass = 0;
	if (unlikely(n > ARPBAL_BURST_MAX)) {
		rte_pktmbuf_free_bulk(pkts, n);
		r->st.v[ARPBAL_STAT_MALFORMED] += n;
		return false;
	}
	return true;
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
 * Count a request against its source, at position pos of the requester
 * table (-1: the table is full), at TSC now; if it is about to be
 * answered apply the rate limit, which turns the verdict to RATE_LIMITED.
 */
static inline void
source_charge_at(struct arpbal_reader *r, int32_t pos, uint64_t now,
		struct arpbal_choice *ch)
{
	struct source_entry *e;

	if (unlikely(pos < 0)) {
		/* The table is full: the sources it cannot hold share one
		 * bucket, so that filling it with forged sources lifts the
		 * limit for none (it fails closed).
		 */
		r->st.v[ARPBAL_STAT_UNTRACKED]++;
		e = &r->overflow;
	} else {
		e = &r->ent[pos];
	}
	e->requests++;
	e->last = now;
	if (ch->verdict != ARPBAL_ANSWERED)
		return;
	if (now + r->rate_tau < e->tat) {
		e->limited++;
		ch->verdict = ARPBAL_RATE_LIMITED;
		return;
	}
	e->tat = (e->tat > now ? e->tat : now) + r->rate_t;
}

/*
 * Verdicts are counted three times: the group's, the vhid's and the
 * reader's. The group's counter is added to request by request: a flood
 * of many addresses asks for another group at each request, and in a
 * flood of one address, where each add waits on the store before it,
 * the rest of a request's work hides the wait. The vhid's and the
 * reader's are added in runs: a vhost's addresses share them, requests
 * come in runs of one port, vhid and verdict, and each run is added once.
 */
struct verdict_run {
	uint32_t key;		/* port << 16 | verdict << 8 | vhid */
	uint32_t len;
};

/* An empty run: no verdict has key UINT32_MAX. */
#define VERDICT_RUN_EMPTY { .key = UINT32_MAX, .len = 0 }

static inline void
run_flush(struct arpbal_reader *r, const struct verdict_run *run)
{
	unsigned int v = (run->key >> 8) & 0xff;

	if (run->len == 0)
		return;
	r->st.v[ARPBAL_STAT_OF(v)] += run->len;
	r->vhid[run->key >> 16][run->key & 0xff][v] += run->len;
}

static __rte_always_inline void
run_add(struct arpbal_reader *r, struct verdict_run *run, uint32_t id,
		uint16_t port, struct arpbal_choice ch)
{
	uint32_t key = (uint32_t)port << 16 | (uint32_t)ch.verdict << 8 |
		ch.vhid;

	r->grp[ch.verdict][id]++;
	if (likely(key == run->key)) {
		run->len++;
		return;
	}
	run_flush(r, run);
	run->key = key;
	run->len = 1;
}

/*
 * The end of a burst of neighbour solicitations: each request's verdict
 * counted, the unanswered ones freed. The answered ones, built in place,
 * are already at the front of the burst.
 */
static inline void
burst_account(struct arpbal_reader *r, const struct arpbal_choice *ch,
		const uint32_t *gid, const uint16_t *rport, uint16_t n,
		struct rte_mbuf **drop, uint16_t ndrop)
{
	struct verdict_run run = VERDICT_RUN_EMPTY;
	uint16_t i;

	for (i = 0; i < n; i++)
		run_add(r, &run, gid[i], rport[i], ch[i]);
	run_flush(r, &run);
	if (ndrop > 0)
		mbuf_drop_bulk(drop, ndrop);
}

#endif /* ARPBAL_BURST_H */
