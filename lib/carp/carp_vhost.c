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
	ret = carp_auth_set(a, c->pass, c->vhid, c->addrs, c->naddrs);
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

/* The table's count of vhosts carrying (port, addr). */
static inline uint64_t
count_key(uint16_t port, rte_be32_t addr)
{
	return (uint64_t)port << 32 | addr;
}

/* vh now carries its address at index i: indexed, and counted. */
static int
index_add(struct carp_table *t, struct carp_vhost *vh, unsigned int i)
{
	rte_be32_t addr = vh->conf.addrs[i];
	uint64_t k = count_key(vh->conf.port, addr);
	uint32_t *n = carp_map_find(&t->addr_count, k);

	if (carp_map_put(&vh->addr_pos, addr, i) != 0 ||
	    carp_map_put(&t->addr_count, k, n != NULL ? *n + 1 : 1) != 0) {
		carp_map_del(&vh->addr_pos, addr);
		return -ENOMEM;
	}
	return 0;
}

static void
index_del(struct carp_table *t, struct carp_vhost *vh, rte_be32_t addr)
{
	uint64_t k = count_key(vh->conf.port, addr);
	uint32_t *n = carp_map_find(&t->addr_count, k);

	carp_map_del(&vh->addr_pos, addr);
	if (n != NULL && --*n == 0)
		carp_map_del(&t->addr_count, k);
}

static int
index_all(struct carp_table *t, struct carp_vhost *vh)
{
	unsigned int i;

	for (i = 0; i < vh->conf.naddrs; i++)
		if (index_add(t, vh, i) != 0) {
			while (i-- > 0)
				index_del(t, vh, vh->conf.addrs[i]);
			return -ENOMEM;
		}
	return 0;
}

static void
unindex_all(struct carp_table *t, struct carp_vhost *vh)
{
	unsigned int i;

	for (i = 0; i < vh->conf.naddrs; i++)
		index_del(t, vh, vh->conf.addrs[i]);
	carp_map_free(&vh->addr_pos);
}

int
carp_vhost_addr_index(const struct carp_vhost *vh, rte_be32_t addr)
{
	const uint32_t *i = carp_map_find(&vh->addr_pos, addr);

	return i != NULL ? (int)*i : -1;
}

static int
be32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The addresses of a that b lacks and those of b that a lacks, by one
 * walk over sorted copies. @return 0 or -ENOMEM.
 */
static int
addrs_diff(const struct carp_vhost_conf *a, const struct carp_vhost_conf *b,
		rte_be32_t **gone, unsigned int *ngone, rte_be32_t **added,
		unsigned int *nadded)
{
	rte_be32_t *x = malloc((a->naddrs + 1) * sizeof(*x));
	rte_be32_t *y = malloc((b->naddrs + 1) * sizeof(*y));
	unsigned int i = 0, j = 0;

	*gone = x;
	*added = y;
	*ngone = *nadded = 0;
	if (x == NULL || y == NULL) {
		free(x);
		free(y);
		return -ENOMEM;
	}
	memcpy(x, a->addrs, a->naddrs * sizeof(*x));
	memcpy(y, b->addrs, b->naddrs * sizeof(*y));
	qsort(x, a->naddrs, sizeof(*x), be32_cmp);
	qsort(y, b->naddrs, sizeof(*y), be32_cmp);
	/* In place: what is written trails what is read. */
	while (i < a->naddrs || j < b->naddrs) {
		if (j == b->naddrs || (i < a->naddrs && x[i] < y[j]))
			x[(*ngone)++] = x[i++];
		else if (i == a->naddrs || y[j] < x[i])
			y[(*nadded)++] = y[j++];
		else
			i++, j++;
	}
	return 0;
}

/* Every field of src but the addresses into dst. */
static void
take_fields(struct carp_vhost_conf *dst, const struct carp_vhost_conf *src)
{
	struct carp_vhost_conf keep = *dst;

	*dst = *src;
	dst->naddrs = keep.naddrs;
	dst->addrs_room = keep.addrs_room;
	dst->addrs = keep.addrs;
	dst->prefixlen = keep.prefixlen;
}

/* A vhost staying on its port and vhid goes from its configuration to c:
 * the fast path told what it lost and gained, the indexes rebuilt.
 */
static int
change_addrs(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_vhost_conf *c)
{
	rte_be32_t *gone, *added;
	unsigned int ngone, nadded;
	struct carp_vhost_conf next;

	/* Sharing vh's address arrays: nothing to compare or copy. */
	if (c->addrs == vh->conf.addrs && c->naddrs == vh->conf.naddrs) {
		take_fields(&vh->conf, c);
		return 0;
	}
	carp_vhost_conf_init(&next);
	if (carp_vhost_conf_copy(&next, c) != 0 ||
	    addrs_diff(&vh->conf, c, &gone, &ngone, &added, &nadded) != 0) {
		carp_vhost_conf_release(&next);
		return -ENOMEM;
	}
	if (ngone > 0 && t->ops.addrs != NULL)
		t->ops.addrs(t->ops_arg, vh, gone, ngone, false);
	unindex_all(t, vh);
	carp_vhost_conf_release(&vh->conf);
	vh->conf = next;
	if (index_all(t, vh) != 0)
		carp_map_free(&vh->addr_pos);	/* lookups fall back to none */
	if (nadded > 0 && t->ops.addrs != NULL)
		t->ops.addrs(t->ops_arg, vh, added, nadded, true);
	free(gone);
	free(added);
	return 0;
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
	if (index_all(t, vh) != 0) {
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
	unindex_all(t, vh);
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
		c->naddrs == vh->conf.naddrs;
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
		unindex_all(t, vh);
		if (shared) {
			take_fields(&vh->conf, c);
		} else {
			carp_vhost_conf_release(&vh->conf);
			vh->conf = next;
		}
		if (index_all(t, vh) != 0)
			carp_map_free(&vh->addr_pos);
		carp_vmac(c->vhid, &vh->vmac);
		attach(t, vh);
		carp_sync_demotion(t, vh, !t->port[c->port].link_up, now);
	} else if (change_addrs(t, vh, c) != 0) {
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


int
carp_vhost_addr_add(struct carp_table *t, struct carp_vhost *vh,
		rte_be32_t addr, uint8_t prefixlen, uint64_t now,
		struct carp_err *err)
{
	bool ran = carp_vhost_running(t, vh);
	int ret;

	ret = carp_addr_check(t, vh->conf.port, addr, prefixlen, err);
	if (ret != 0)
		return ret;
	if (carp_vhost_addr_index(vh, addr) >= 0)
		return carp_refuse(err, CARP_FIELD_ADDRESS, -EEXIST,
			"%s has it already", vh->conf.name);
	if (carp_vhost_conf_addr_add(&vh->conf, addr, prefixlen) != 0)
		return carp_refuse(err, CARP_FIELD_NONE, -ENOMEM,
			"out of memory");
	if (index_add(t, vh, vh->conf.naddrs - 1) != 0) {
		vh->conf.naddrs--;
		return carp_refuse(err, CARP_FIELD_NONE, -ENOMEM,
			"out of memory");
	}
	vh->auth_stale = true;
	if (t->ops.addrs != NULL)
		t->ops.addrs(t->ops_arg, vh, &addr, 1, true);
	if (!ran)
		carp_refresh(t, vh, now, false, "address added");
	else if (vh->fsm.state == CARP_STATE_MASTER)
		carp_garp_one(t, vh, addr);
	return 0;
}

int
carp_vhost_addr_del(struct carp_table *t, struct carp_vhost *vh,
		rte_be32_t addr, uint64_t now, struct carp_err *err)
{
	int i = carp_vhost_addr_index(vh, addr);
	unsigned int last;

	if (i < 0)
		return carp_refuse(err, CARP_FIELD_ADDRESS, -ENOENT,
			"%s does not have it", vh->conf.name);
	/* The last one: bow out while the peers still share the key. */
	if (vh->conf.naddrs == 1)
		carp_stop(t, vh, true, "no address");
	if (t->ops.addrs != NULL)
		t->ops.addrs(t->ops_arg, vh, &addr, 1, false);
	index_del(t, vh, addr);
	last = vh->conf.naddrs - 1;
	carp_vhost_conf_addr_del(&vh->conf, (unsigned int)i);
	if ((unsigned int)i != last)
		carp_map_put(&vh->addr_pos, vh->conf.addrs[i], (uint32_t)i);
	vh->auth_stale = true;
	if (vh->conf.naddrs == 0)
		carp_refresh(t, vh, now, false, "no address");
	return 0;
}
