/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Conflicts (lib/carp/PROTOCOL.md §4.8): another host contradicting this
 * one about a vhost, noticed from what the receive path sees, reported at
 * the start and at the end of each episode.
 */

#include <arpa/inet.h>

#include "carp_private.h"

/* Events in a row that make an episode: a MASTER may hear one last
 * advertisement of a peer about to yield to it; a stray digest error (a
 * frame damaged on the way) is no conflict either.
 */
#define CONFLICT_EVENTS	2

/* How long an episode outlives its last event, and how far apart the
 * events that start one may be: a master-down interval, at least 1 s.
 */
static uint64_t
quiet(const struct carp_vhost *vh)
{
	uint64_t t = carp_fsm_down_interval(&vh->fsm);

	return t < CARP_NSEC_PER_SEC ? CARP_NSEC_PER_SEC : t;
}

const char *
carp_conflict_kind_name(enum carp_conflict_kind kind)
{
	switch (kind) {
	case CARP_CONFLICT_MASTER:
		return "master";
	case CARP_CONFLICT_AUTH:
		return "auth";
	default:
		return "none";
	}
}

void
carp_conflict_peer(const struct carp_conflict *c, char *buf, size_t len)
{
	if (c->peer_v6)
		inet_ntop(AF_INET6, c->peer6.a, buf, (socklen_t)len);
	else
		inet_ntop(AF_INET, &c->peer, buf, (socklen_t)len);
}

static bool
same_peer(const struct carp_conflict *c, const struct carp_adv *adv)
{
	return c->peer_v6 == adv->v6 && (adv->v6 ?
		carp_in6_cmp(&c->peer6, &adv->src6) == 0 :
		c->peer == adv->src);
}

void
carp_conflict_note(struct carp_table *t, struct carp_vhost *vh,
		enum carp_conflict_kind kind, const struct carp_adv *adv,
		uint64_t now)
{
	struct carp_conflict *c = &vh->conflict;

	if (c->active) {
		c->last = now;
		return;
	}
	if (c->kind != kind || !same_peer(c, adv) || now - c->last > quiet(vh))
		c->events = 0;
	c->kind = kind;
	c->peer_v6 = adv->v6;
	c->peer = adv->src;
	c->peer6 = adv->src6;
	c->last = now;
	c->events++;
	if (c->events < CONFLICT_EVENTS)
		return;
	c->active = true;
	c->first = now;
	vh->conflicts++;
	t->nconflicts++;
	if (t->ops.conflict != NULL)
		t->ops.conflict(t->ops_arg, vh, true);
}

void
carp_conflicts_expire(struct carp_table *t, uint64_t now)
{
	struct carp_vhost *vh;

	if (t->nconflicts == 0)
		return;
	TAILQ_FOREACH(vh, &t->vhosts, next) {
		struct carp_conflict *c = &vh->conflict;

		if (!c->active || now - c->last <= quiet(vh))
			continue;
		c->active = false;
		c->events = 0;
		t->nconflicts--;
		if (t->ops.conflict != NULL)
			t->ops.conflict(t->ops_arg, vh, false);
	}
}

void
carp_conflict_forget(struct carp_table *t, struct carp_vhost *vh)
{
	if (vh->conflict.active)
		t->nconflicts--;
	vh->conflict.active = false;
}
