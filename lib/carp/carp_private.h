/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_PRIVATE_H
#define CARP_PRIVATE_H

/*
 * What the parts of lib/carp share and nothing outside it uses: counting,
 * carrying out the state machine's effects, and starting or stopping a
 * vhost to match whether it can run.
 */

#include "carp_vhost.h"
#include "carp_wire6.h"

static inline void
carp_stat_inc(struct carp_table *t, struct carp_vhost *vh, enum carp_stat s)
{
	t->stats.v[s]++;
	if (vh != NULL)
		vh->stats.v[s]++;
}

/** lib/carp/PROTOCOL.md §4.2, for a configuration in place or about to
 *  be. */
bool carp_conf_runs(const struct carp_table *t,
		const struct carp_vhost_conf *c);

/** Carry out what the state machine asked for, in its order. */
void carp_apply(struct carp_table *t, struct carp_vhost *vh,
		enum carp_state from, uint32_t acts, const char *why);

/** -> INIT; an orderly stop (bowout) of a MASTER bows out first. */
void carp_stop(struct carp_table *t, struct carp_vhost *vh, bool bowout,
		const char *why);

/** Start or stop the vhost to match carp_vhost_running(). */
void carp_refresh(struct carp_table *t, struct carp_vhost *vh, uint64_t now,
		bool bowout, const char *why);

/** Keep suppress_preempt counting vh while its port's link is down
 *  (want) and not otherwise. */
void carp_sync_demotion(struct carp_table *t, struct carp_vhost *vh,
		bool want, uint64_t now);

/** Another host contradicted vh once (kind, from peer): an episode starts
 *  when that happens again within a master-down interval. */
void carp_conflict_note(struct carp_table *t, struct carp_vhost *vh,
		enum carp_conflict_kind kind, const struct carp_adv *adv,
		uint64_t now);

/** vh leaves the table: its episode, if any, ends silently. */
void carp_conflict_forget(struct carp_table *t, struct carp_vhost *vh);

/** Key vh's HMAC again if its addresses changed since. @return 0 or
 *  -ENOMEM (the old key stays). */
int carp_auth_fresh(struct carp_vhost *vh);

/** One unsolicited neighbour advertisement for addr from vh, unless the
 *  address is shared. */
void carp_na_one(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_in6 *addr);

/** One gratuitous ARP for addr from vh, unless the address is shared. */
void carp_garp_one(struct carp_table *t, struct carp_vhost *vh,
		rte_be32_t addr);

/** Index every address of vh (its position, the table's counts), or
 *  none: @return 0 or -ENOMEM. */
int carp_index_all(struct carp_table *t, struct carp_vhost *vh);

/** Take vh's addresses out of the indexes. */
void carp_unindex_all(struct carp_table *t, struct carp_vhost *vh);

/** Every field of src but the addresses into dst. */
void carp_take_fields(struct carp_vhost_conf *dst,
		const struct carp_vhost_conf *src);

/** vh, staying on its port and vhid, takes the configuration c: the fast
 *  path told which addresses went and came. @return 0 or -ENOMEM. */
int carp_change_addrs(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_vhost_conf *c);

/** Free a vhost's memory (after it left the table). */
void carp_vhost_free(struct carp_vhost *vh);

#endif /* CARP_PRIVATE_H */
