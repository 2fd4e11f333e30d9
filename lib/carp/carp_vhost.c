/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * A vhost's life: created, changed in place or moved, forced, destroyed,
 * with the fast path told what it now stands for.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bsd/stdlib.h>

#include "carp_private.h"

/* Key a fresh context, so that a failure leaves the old one in use. */
static int
auth_prepare(struct carp_auth *a, const struct carp_vhost_conf *c,
		struct carp_err *err)
{
	int ret;

	memset(a, 0, sizeof(*a));
	ret = carp_auth_set6(a, c->pass, c->vhid, c->addrs, c->naddrs,
		c->addrs6, c->naddrs6);
	if (ret != 0) {
		carp_auth_free(a);
		carp_refuse(err, CARP_FIELD_PASS, ret, "cannot key HMAC-SHA1: %s",
			strerror(-ret));
	}
	return ret;
}

/* Into the (port, vhid) index, and the fast path told so. */
static void
attach(struct carp_table *t, struct carp_vhost *vh)
{
	t->by_vhid[vh->conf.port][vh->conf.vhid] = vh;
	t->port[vh->conf.port].nvhosts++;
	if (t->ops.bind != NULL)
		t->ops.bind(t->ops_arg, vh, true);
}

static void
detach(struct carp_table *t, struct carp_vhost *vh)
{
	if (t->ops.bind != NULL)
		t->ops.bind(t->ops_arg, vh, false);
	t->by_vhid[vh->conf.port][vh->conf.vhid] = NULL;
	t->port[vh->conf.port].nvhosts--;
}

struct carp_vhost *
carp_vhost_create(struct carp_table *t, const struct carp_vhost_conf *c,
		uint64_t now, struct carp_err *err)
{
	struct carp_vhost *vh;

	if (carp_vhost_conf_check(t, c, NULL, err) != 0)
		return NULL;
	vh = calloc(1, sizeof(*vh));
	if (vh == NULL) {
		carp_refuse(err, CARP_FIELD_NONE, -ENOMEM, "out of memory");
		return NULL;
	}
	if (carp_vhost_conf_copy(&vh->conf, c) != 0) {
		free(vh);
		carp_refuse(err, CARP_FIELD_NONE, -ENOMEM, "out of memory");
		return NULL;
	}
	if (auth_prepare(&vh->auth, c, err) != 0) {
		carp_vhost_free(vh);
		return NULL;
	}
	if (carp_index_all(t, vh) != 0) {
		carp_vhost_free(vh);
		carp_refuse(err, CARP_FIELD_NONE, -ENOMEM, "out of memory");
		return NULL;
	}
	carp_vmac(c->vhid, &vh->vmac);
	carp_fsm_init(&vh->fsm, c->advbase, c->advskew);
	vh->state = CARP_STATE_INIT;
	/* Random starts, as the BSDs: nobody checks counters for replay. */
	arc4random_buf(&vh->counter, sizeof(vh->counter));
	arc4random_buf(&vh->ip_id, sizeof(vh->ip_id));

	TAILQ_INSERT_TAIL(&t->vhosts, vh, next);
	t->nvhosts++;
	attach(t, vh);
	carp_sync_demotion(t, vh, !t->port[c->port].link_up, now);
	carp_refresh(t, vh, now, false, "start");
	return vh;
}

void
carp_vhost_destroy(struct carp_table *t, struct carp_vhost *vh,
		uint64_t now)
{
	carp_stop(t, vh, true, "destroyed");
	carp_sync_demotion(t, vh, false, now);
	detach(t, vh);
	carp_unindex_all(t, vh);
	carp_conflict_forget(t, vh);
	TAILQ_REMOVE(&t->vhosts, vh, next);
	t->nvhosts--;
	if (t->ops.release != NULL)
		t->ops.release(t->ops_arg, vh);
	carp_vhost_free(vh);
}

int
carp_vhost_update(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_vhost_conf *c, uint64_t now,
		struct carp_err *err)
{
	bool moved = c->port != vh->conf.port || c->vhid != vh->conf.vhid;
	/* c may be a copy of vh->conf with other fields changed: it then
	 * shares vh's address arrays, which stay.
	 */
	bool shared = c->addrs == vh->conf.addrs &&
		c->naddrs == vh->conf.naddrs && c->addrs6 == vh->conf.addrs6 &&
		c->naddrs6 == vh->conf.naddrs6;
	struct carp_vhost_conf next;
	struct carp_auth auth;
	int ret;

	ret = carp_vhost_conf_check(t, c, vh, err);
	if (ret != 0)
		return ret;
	ret = auth_prepare(&auth, c, err);
	if (ret != 0)
		return ret;

	/* A vhost that changes identity or stops bows out as it was: with
	 * its old vhid, key and addresses, which its peers still share.
	 */
	if (moved || !carp_conf_runs(t, c))
		carp_stop(t, vh, true, moved ? "reconfigured" :
			c->down ? "down" : "no address");
	if (moved) {
		carp_vhost_conf_init(&next);
		if (!shared && carp_vhost_conf_copy(&next, c) != 0) {
			carp_auth_free(&auth);
			return carp_refuse(err, CARP_FIELD_NONE, -ENOMEM,
				"out of memory");
		}
		carp_sync_demotion(t, vh, false, now);
		detach(t, vh);
		carp_unindex_all(t, vh);
		if (shared) {
			carp_take_fields(&vh->conf, c);
		} else {
			carp_vhost_conf_release(&vh->conf);
			vh->conf = next;
		}
		if (carp_index_all(t, vh) != 0)
			carp_map_free(&vh->addr_pos);
		carp_vmac(c->vhid, &vh->vmac);
		attach(t, vh);
		carp_sync_demotion(t, vh, !t->port[c->port].link_up, now);
	} else if (carp_change_addrs(t, vh, c) != 0) {
		carp_auth_free(&auth);
		return carp_refuse(err, CARP_FIELD_NONE, -ENOMEM,
			"out of memory");
	}
	carp_auth_free(&vh->auth);
	vh->auth = auth;
	vh->auth_stale = false;
	/* Timing applies from the next advertisement or master-down. */
	vh->fsm.advbase = c->advbase;
	vh->fsm.advskew = c->advskew;
	carp_refresh(t, vh, now, true, "reconfigured");
	return 0;
}

int
carp_vhost_force(struct carp_table *t, struct carp_vhost *vh,
		enum carp_state to, uint64_t now, struct carp_err *err)
{
	enum carp_state from = vh->fsm.state;

	if (!carp_vhost_running(t, vh))
		return carp_refuse(err, CARP_FIELD_STATE, -EAGAIN,
			"%s is not running", vh->conf.name);
	if (to != CARP_STATE_MASTER && to != CARP_STATE_BACKUP)
		return carp_refuse(err, CARP_FIELD_STATE, -EINVAL,
			"only MASTER or BACKUP can be forced");
	carp_apply(t, vh, from, carp_fsm_force(&vh->fsm, &t->sysctl, now, to),
		"forced");
	return 0;
}
