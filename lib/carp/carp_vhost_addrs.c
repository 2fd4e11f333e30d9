/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * A vhost's addresses, IPv4 and IPv6: the indexes that find one among tens
 * of thousands, the fast path told what changed, one added or removed at
 * a time.
 *
 * Indexes: vh->addr_pos (IPv4 address -> its index in conf.addrs),
 * vh->addr6_pos (a 64-bit mix of an IPv6 address -> its index, checked
 * against the address there), and the table's counts of the vhosts that
 * carry each (port, address), for shared addresses.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "carp_private.h"

static inline uint64_t
count_key(uint16_t port, rte_be32_t addr)
{
	return (uint64_t)port << 32 | addr;
}

static void
count(struct carp_map *m, uint64_t k, int delta)
{
	uint32_t *n = carp_map_find(m, k);

	if (delta > 0)
		carp_map_put(m, k, n != NULL ? *n + 1 : 1);
	else if (n != NULL && --*n == 0)
		carp_map_del(m, k);
}

/* vh now carries its IPv4 address at index i: indexed, and counted. */
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
	carp_map_del(&vh->addr_pos, addr);
	count(&t->addr_count, count_key(vh->conf.port, addr), -1);
}

static int
index6_add(struct carp_table *t, struct carp_vhost *vh, unsigned int i)
{
	const struct carp_in6 *a = &vh->conf.addrs6[i];
	uint64_t k = carp_in6_key(vh->conf.port, a);
	uint32_t *n = carp_map_find(&t->addr6_count, k);

	if (carp_map_put(&vh->addr6_pos, carp_in6_key(0, a), i) != 0 ||
	    carp_map_put(&t->addr6_count, k, n != NULL ? *n + 1 : 1) != 0) {
		carp_map_del(&vh->addr6_pos, carp_in6_key(0, a));
		return -ENOMEM;
	}
	return 0;
}

static void
index6_del(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_in6 *a)
{
	carp_map_del(&vh->addr6_pos, carp_in6_key(0, a));
	count(&t->addr6_count, carp_in6_key(vh->conf.port, a), -1);
}

void
carp_unindex_all(struct carp_table *t, struct carp_vhost *vh)
{
	unsigned int i;

	for (i = 0; i < vh->conf.naddrs; i++)
		index_del(t, vh, vh->conf.addrs[i]);
	for (i = 0; i < vh->conf.naddrs6; i++)
		index6_del(t, vh, &vh->conf.addrs6[i]);
	carp_map_free(&vh->addr_pos);
	carp_map_free(&vh->addr6_pos);
}

int
carp_index_all(struct carp_table *t, struct carp_vhost *vh)
{
	unsigned int i;

	for (i = 0; i < vh->conf.naddrs; i++)
		if (index_add(t, vh, i) != 0)
			goto fail;
	for (i = 0; i < vh->conf.naddrs6; i++)
		if (index6_add(t, vh, i) != 0)
			goto fail;
	return 0;
fail:
	/* What was indexed goes; counting it twice out is harmless. */
	carp_unindex_all(t, vh);
	return -ENOMEM;
}

int
carp_vhost_addr_index(const struct carp_vhost *vh, rte_be32_t addr)
{
	const uint32_t *i = carp_map_find(&vh->addr_pos, addr);

	return i != NULL ? (int)*i : -1;
}

int
carp_vhost_addr6_index(const struct carp_vhost *vh, const struct carp_in6 *a)
{
	const uint32_t *i = carp_map_find(&vh->addr6_pos, carp_in6_key(0, a));

	/* The mix may collide: the address there says. */
	return i != NULL && *i < vh->conf.naddrs6 &&
		carp_in6_cmp(&vh->conf.addrs6[*i], a) == 0 ? (int)*i : -1;
}

static int
cmp4(const void *a, const void *b)
{
	return memcmp(a, b, 4);
}

static int
cmp16(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

/* The elements (of esize bytes) of x that y lacks, and of y that x lacks,
 * by one walk over sorted copies. @return 0 or -ENOMEM.
 */
static int
diff(const void *x0, unsigned int nx, const void *y0, unsigned int ny,
		size_t esize, uint8_t **gone, unsigned int *ngone,
		uint8_t **added, unsigned int *nadded)
{
	uint8_t *x = malloc((nx + 1) * esize), *y = malloc((ny + 1) * esize);
	unsigned int i = 0, j = 0;
	int c;

	*gone = x;
	*added = y;
	*ngone = *nadded = 0;
	if (x == NULL || y == NULL) {
		free(x);
		free(y);
		return -ENOMEM;
	}
	memcpy(x, x0, nx * esize);
	memcpy(y, y0, ny * esize);
	/* Any consistent order will do: bytes. */
	qsort(x, nx, esize, esize == 4 ? cmp4 : cmp16);
	qsort(y, ny, esize, esize == 4 ? cmp4 : cmp16);
	/* In place: what is written trails what is read. */
	while (i < nx || j < ny) {
		c = i == nx ? 1 : j == ny ? -1 :
			memcmp(x + i * esize, y + j * esize, esize);
		if (c < 0)
			memmove(x + (*ngone)++ * esize, x + i++ * esize, esize);
		else if (c > 0)
			memmove(y + (*nadded)++ * esize, y + j++ * esize, esize);
		else
			i++, j++;
	}
	return 0;
}

void
carp_take_fields(struct carp_vhost_conf *dst, const struct carp_vhost_conf *src)
{
	struct carp_vhost_conf keep = *dst;

	*dst = *src;
	dst->naddrs = keep.naddrs;
	dst->addrs_room = keep.addrs_room;
	dst->addrs = keep.addrs;
	dst->prefixlen = keep.prefixlen;
	dst->naddrs6 = keep.naddrs6;
	dst->addrs6_room = keep.addrs6_room;
	dst->addrs6 = keep.addrs6;
	dst->prefixlen6 = keep.prefixlen6;
}

int
carp_change_addrs(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_vhost_conf *c)
{
	uint8_t *gone, *added, *gone6, *added6;
	unsigned int ngone, nadded, ngone6, nadded6;
	struct carp_vhost_conf next;

	/* Sharing vh's address arrays: nothing to compare or copy. */
	if (c->addrs == vh->conf.addrs && c->naddrs == vh->conf.naddrs &&
	    c->addrs6 == vh->conf.addrs6 && c->naddrs6 == vh->conf.naddrs6) {
		carp_take_fields(&vh->conf, c);
		return 0;
	}
	carp_vhost_conf_init(&next);
	gone6 = added6 = NULL;
	if (carp_vhost_conf_copy(&next, c) != 0 ||
	    diff(vh->conf.addrs, vh->conf.naddrs, c->addrs, c->naddrs,
		 sizeof(*c->addrs), &gone, &ngone, &added, &nadded) != 0) {
		carp_vhost_conf_release(&next);
		return -ENOMEM;
	}
	if (diff(vh->conf.addrs6, vh->conf.naddrs6, c->addrs6, c->naddrs6,
		 sizeof(*c->addrs6), &gone6, &ngone6, &added6, &nadded6) != 0) {
		free(gone);
		free(added);
		carp_vhost_conf_release(&next);
		return -ENOMEM;
	}
	if (ngone > 0 && t->ops.addrs != NULL)
		t->ops.addrs(t->ops_arg, vh, (rte_be32_t *)gone, ngone, false);
	if (ngone6 > 0 && t->ops.addrs6 != NULL)
		t->ops.addrs6(t->ops_arg, vh, (struct carp_in6 *)gone6, ngone6,
			false);
	carp_unindex_all(t, vh);
	carp_vhost_conf_release(&vh->conf);
	vh->conf = next;
	carp_index_all(t, vh);	/* out of memory: lookups find none */
	if (nadded > 0 && t->ops.addrs != NULL)
		t->ops.addrs(t->ops_arg, vh, (rte_be32_t *)added, nadded, true);
	if (nadded6 > 0 && t->ops.addrs6 != NULL)
		t->ops.addrs6(t->ops_arg, vh, (struct carp_in6 *)added6,
			nadded6, true);
	free(gone);
	free(added);
	free(gone6);
	free(added6);
	return 0;
}

/* After an address came: the key follows at the next advertisement; a
 * vhost with its first starts; a MASTER announces it.
 */
static void
added_one(struct carp_table *t, struct carp_vhost *vh, bool ran,
		uint64_t now, rte_be32_t addr, const struct carp_in6 *addr6)
{
	vh->auth_stale = true;
	if (!ran)
		carp_refresh(t, vh, now, false, "address added");
	else if (vh->fsm.state == CARP_STATE_MASTER && addr6 == NULL)
		carp_garp_one(t, vh, addr);
	else if (vh->fsm.state == CARP_STATE_MASTER)
		carp_na_one(t, vh, addr6);
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
	if (t->ops.addrs != NULL)
		t->ops.addrs(t->ops_arg, vh, &addr, 1, true);
	added_one(t, vh, ran, now, addr, NULL);
	return 0;
}

int
carp_vhost_addr6_add(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_in6 *addr, uint8_t prefixlen, uint64_t now,
		struct carp_err *err)
{
	bool ran = carp_vhost_running(t, vh);
	int ret;

	ret = carp_addr6_check(t, vh->conf.port, addr, prefixlen, err);
	if (ret != 0)
		return ret;
	if (carp_vhost_addr6_index(vh, addr) >= 0)
		return carp_refuse(err, CARP_FIELD_ADDRESS, -EEXIST,
			"%s has it already", vh->conf.name);
	if (carp_vhost_conf_addr6_add(&vh->conf, addr, prefixlen) != 0)
		return carp_refuse(err, CARP_FIELD_NONE, -ENOMEM,
			"out of memory");
	if (index6_add(t, vh, vh->conf.naddrs6 - 1) != 0) {
		vh->conf.naddrs6--;
		return carp_refuse(err, CARP_FIELD_NONE, -ENOMEM,
			"out of memory");
	}
	if (t->ops.addrs6 != NULL)
		t->ops.addrs6(t->ops_arg, vh, addr, 1, true);
	added_one(t, vh, ran, now, 0, addr);
	return 0;
}

/* Before the last address goes: bow out while the peers share the key. */
static void
going_one(struct carp_table *t, struct carp_vhost *vh)
{
	if (vh->conf.naddrs + vh->conf.naddrs6 == 1)
		carp_stop(t, vh, true, "no address");
}

static void
gone_one(struct carp_table *t, struct carp_vhost *vh, uint64_t now)
{
	vh->auth_stale = true;
	if (vh->conf.naddrs + vh->conf.naddrs6 == 0)
		carp_refresh(t, vh, now, false, "no address");
}

int
carp_vhost_addr_del(struct carp_table *t, struct carp_vhost *vh,
		rte_be32_t addr, uint64_t now, struct carp_err *err)
{
	int i = carp_vhost_addr_index(vh, addr);

	if (i < 0)
		return carp_refuse(err, CARP_FIELD_ADDRESS, -ENOENT,
			"%s does not have it", vh->conf.name);
	going_one(t, vh);
	if (t->ops.addrs != NULL)
		t->ops.addrs(t->ops_arg, vh, &addr, 1, false);
	index_del(t, vh, addr);
	carp_vhost_conf_addr_del(&vh->conf, (unsigned int)i);
	if ((unsigned int)i < vh->conf.naddrs)
		carp_map_put(&vh->addr_pos, vh->conf.addrs[i], (uint32_t)i);
	gone_one(t, vh, now);
	return 0;
}

int
carp_vhost_addr6_del(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_in6 *addr, uint64_t now, struct carp_err *err)
{
	int i = carp_vhost_addr6_index(vh, addr);
	struct carp_in6 a = *addr;

	if (i < 0)
		return carp_refuse(err, CARP_FIELD_ADDRESS, -ENOENT,
			"%s does not have it", vh->conf.name);
	going_one(t, vh);
	if (t->ops.addrs6 != NULL)
		t->ops.addrs6(t->ops_arg, vh, &a, 1, false);
	index6_del(t, vh, &a);
	carp_vhost_conf_addr6_del(&vh->conf, (unsigned int)i);
	if ((unsigned int)i < vh->conf.naddrs6)
		carp_map_put(&vh->addr6_pos,
			carp_in6_key(0, &vh->conf.addrs6[i]), (uint32_t)i);
	gone_one(t, vh, now);
	return 0;
}
