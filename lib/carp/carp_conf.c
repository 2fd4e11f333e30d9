/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * A carp interface's configuration: its defaults, the names and ranges of
 * its fields, and the rules it must meet on a table.
 */

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <rte_byteorder.h>

#include "carp_private.h"

static rte_be32_t
prefix_mask(uint8_t prefixlen)
{
	return rte_cpu_to_be_32(prefixlen == 0 ? 0 :
		~UINT32_C(0) << (32 - prefixlen));
}

void
carp_vhost_conf_init(struct carp_vhost_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->advbase = 1;
}

int
carp_addr_check(const struct carp_table *t, uint16_t port, rte_be32_t addr,
		uint8_t prefixlen, struct carp_err *err)
{
	const struct carp_port *p = &t->port[port];
	rte_be32_t mask = prefix_mask(p->prefixlen);
	char a[INET_ADDRSTRLEN], pa[INET_ADDRSTRLEN];
	uint32_t h = rte_be_to_cpu_32(addr);

	inet_ntop(AF_INET, &addr, a, sizeof(a));
	if (h == 0 || h >= UINT32_C(0xe0000000) || prefixlen > 32)
		return carp_refuse(err, CARP_FIELD_ADDRESS, -EINVAL,
			"%s/%u is not a unicast host address", a, prefixlen);
	if (addr == p->addr)
		return carp_refuse(err, CARP_FIELD_ADDRESS, -EINVAL,
			"%s is port %u's own address", a, port);
	if ((addr & mask) != (p->addr & mask)) {
		inet_ntop(AF_INET, &p->addr, pa, sizeof(pa));
		return carp_refuse(err, CARP_FIELD_ADDRESS, -EINVAL,
			"%s is outside port %u's subnet %s/%u", a, port, pa,
			p->prefixlen);
	}
	return 0;
}

int
carp_name_check(const char *name, struct carp_err *err)
{
	size_t n = strnlen(name, CARP_NAME_MAX);
	size_t np = sizeof(CARP_NAME_PREFIX) - 1;

	if (n == CARP_NAME_MAX || n <= np ||
	    strncmp(name, CARP_NAME_PREFIX, np) != 0)
		return carp_refuse(err, CARP_FIELD_NAME, -EINVAL,
			"a name " CARP_NAME_PREFIX "N of at most %u characters "
			"is expected, not %.*s", CARP_NAME_MAX - 1,
			CARP_NAME_MAX, name);
	return 0;
}

int
carp_addr6_check(const struct carp_table *t, uint16_t port,
		const struct carp_in6 *addr, uint8_t prefixlen,
		struct carp_err *err)
{
	const struct carp_port *p = &t->port[port];
	char a[INET6_ADDRSTRLEN], pa[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr->a, a, sizeof(a));
	if (!carp_in6_unicast(addr) || prefixlen > 128)
		return carp_refuse(err, CARP_FIELD_ADDRESS, -EINVAL,
			"%s/%u is not a global or unique-local unicast address",
			a, prefixlen);
	if (p->prefixlen6 == 0)
		return carp_refuse(err, CARP_FIELD_ADDRESS, -EINVAL,
			"%s: port %u has no IPv6 address", a, port);
	if (carp_in6_cmp(addr, &p->addr6) == 0)
		return carp_refuse(err, CARP_FIELD_ADDRESS, -EINVAL,
			"%s is port %u's own address", a, port);
	if (!carp_in6_same_prefix(addr, &p->addr6, p->prefixlen6)) {
		inet_ntop(AF_INET6, p->addr6.a, pa, sizeof(pa));
		return carp_refuse(err, CARP_FIELD_ADDRESS, -EINVAL,
			"%s is outside port %u's prefix %s/%u", a, port, pa,
			p->prefixlen6);
	}
	return 0;
}

/* Each IPv6 address valid for the port, and none given twice. */
static int
addrs6_check(const struct carp_table *t, const struct carp_vhost_conf *c,
		struct carp_err *err)
{
	struct carp_map seen;
	char a[INET6_ADDRSTRLEN];
	unsigned int i;
	uint32_t *j;
	int ret = 0;

	carp_map_init(&seen);
	for (i = 0; i < c->naddrs6 && ret == 0; i++) {
		uint64_t k = carp_in6_key(0, &c->addrs6[i]);

		ret = carp_addr6_check(t, c->port, &c->addrs6[i],
			c->prefixlen6[i], err);
		if (ret != 0)
			break;
		j = carp_map_find(&seen, k);
		if (j != NULL &&
		    carp_in6_cmp(&c->addrs6[*j], &c->addrs6[i]) == 0) {
			inet_ntop(AF_INET6, c->addrs6[i].a, a, sizeof(a));
			ret = carp_refuse(err, CARP_FIELD_ADDRESS, -EEXIST,
				"%s is given twice", a);
		} else if (carp_map_put(&seen, k, i) != 0) {
			ret = carp_refuse(err, CARP_FIELD_ADDRESS, -ENOMEM,
				"out of memory");
		}
	}
	carp_map_free(&seen);
	return ret;
}

/* Each address valid for the port, and none given twice. */
static int
addrs_check(const struct carp_table *t, const struct carp_vhost_conf *c,
		struct carp_err *err)
{
	struct carp_map seen;
	char a[INET_ADDRSTRLEN];
	unsigned int i;
	int ret = 0;

	carp_map_init(&seen);
	for (i = 0; i < c->naddrs && ret == 0; i++) {
		ret = carp_addr_check(t, c->port, c->addrs[i], c->prefixlen[i],
			err);
		if (ret != 0)
			break;
		if (carp_map_find(&seen, c->addrs[i]) != NULL) {
			inet_ntop(AF_INET, &c->addrs[i], a, sizeof(a));
			ret = carp_refuse(err, CARP_FIELD_ADDRESS, -EEXIST,
				"%s is given twice", a);
		} else if (carp_map_put(&seen, c->addrs[i], i) != 0) {
			ret = carp_refuse(err, CARP_FIELD_ADDRESS, -ENOMEM,
				"out of memory");
		}
	}
	carp_map_free(&seen);
	return ret;
}

int
carp_vhost_conf_check(const struct carp_table *t,
		const struct carp_vhost_conf *c, const struct carp_vhost *self,
		struct carp_err *err)
{
	const struct carp_vhost *other;
	int ret;

	ret = carp_name_check(c->name, err);
	if (ret != 0)
		return ret;
	other = carp_vhost_find(t, c->name);
	if (other != NULL && other != self)
		return carp_refuse(err, CARP_FIELD_NAME, -EEXIST,
			"%s already exists", c->name);
	if (c->port >= CARP_MAX_PORTS || !t->port[c->port].configured)
		return carp_refuse(err, CARP_FIELD_PORT, -ENODEV,
			"port %u is not declared", c->port);
	if (c->vhid < CARP_VHID_MIN)
		return carp_refuse(err, CARP_FIELD_VHID, -EINVAL,
			"vhid must be %u..%u, not %u", CARP_VHID_MIN,
			CARP_VHID_MAX, c->vhid);
	other = t->by_vhid[c->port][c->vhid];
	if (other != NULL && other != self)
		return carp_refuse(err, CARP_FIELD_VHID, -EEXIST,
			"vhid %u is already used by %s on port %u", c->vhid,
			other->conf.name, c->port);
	if (c->advbase > CARP_ADVBASE_MAX)
		return carp_refuse(err, CARP_FIELD_ADVBASE, -EINVAL,
			"advbase must be 0..%u, not %u", CARP_ADVBASE_MAX,
			c->advbase);
	if (c->advskew > CARP_ADVSKEW_MAX)
		return carp_refuse(err, CARP_FIELD_ADVSKEW, -EINVAL,
			"advskew must be 0..%u, not %u", CARP_ADVSKEW_MAX,
			c->advskew);
	if (strnlen(c->pass, sizeof(c->pass)) == sizeof(c->pass))
		return carp_refuse(err, CARP_FIELD_PASS, -EINVAL,
			"password longer than %u characters", CARP_PASS_MAX);
	if (c->peer != 0) {
		ret = carp_addr_check(t, c->port, c->peer, 32, err);
		if (ret != 0 && err != NULL)
			err->field = CARP_FIELD_PEER;
		if (ret != 0)
			return ret;
	}
	ret = addrs_check(t, c, err);
	return ret != 0 ? ret : addrs6_check(t, c, err);
}

bool
carp_vhost_conf_equal(const struct carp_vhost_conf *a,
		const struct carp_vhost_conf *b)
{
	unsigned int i;

	if (strncmp(a->name, b->name, CARP_NAME_MAX) != 0 ||
	    a->port != b->port || a->vhid != b->vhid ||
	    a->advbase != b->advbase || a->advskew != b->advskew ||
	    a->down != b->down || a->naddrs != b->naddrs ||
	    a->peer != b->peer || a->naddrs6 != b->naddrs6 ||
	    strncmp(a->pass, b->pass, sizeof(a->pass)) != 0)
		return false;
	for (i = 0; i < a->naddrs; i++)
		if (a->addrs[i] != b->addrs[i] ||
		    a->prefixlen[i] != b->prefixlen[i])
			return false;
	for (i = 0; i < a->naddrs6; i++)
		if (carp_in6_cmp(&a->addrs6[i], &b->addrs6[i]) != 0 ||
		    a->prefixlen6[i] != b->prefixlen6[i])
			return false;
	return true;
}

static const struct {
	const char *name;
	size_t off;		/* uint8_t field of numbers, else 0 */
	unsigned int min, max;
} fields[] = {
	[CARP_FIELD_NAME] = { "name", 0, 0, 0 },
	[CARP_FIELD_PORT] = { "port", 0, 0, 0 },
	[CARP_FIELD_VHID] = { "vhid", offsetof(struct carp_vhost_conf, vhid),
		CARP_VHID_MIN, CARP_VHID_MAX },
	[CARP_FIELD_ADVBASE] = { "advbase",
		offsetof(struct carp_vhost_conf, advbase), 0,
		CARP_ADVBASE_MAX },
	[CARP_FIELD_ADVSKEW] = { "advskew",
		offsetof(struct carp_vhost_conf, advskew), 0,
		CARP_ADVSKEW_MAX },
	[CARP_FIELD_PASS] = { "pass", 0, 0, 0 },
	[CARP_FIELD_ADDRESS] = { "address", 0, 0, 0 },
	[CARP_FIELD_STATE] = { "state", 0, 0, 0 },
	[CARP_FIELD_PEER] = { "peer", 0, 0, 0 },
};

const char *
carp_field_name(enum carp_field f)
{
	return (unsigned int)f < RTE_DIM(fields) ? fields[f].name : NULL;
}

enum carp_field
carp_field_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(fields); i++)
		if (fields[i].name != NULL && strcmp(fields[i].name, name) == 0)
			return (enum carp_field)i;
	return CARP_FIELD_NONE;
}

bool
carp_field_range(enum carp_field f, unsigned int *min, unsigned int *max)
{
	if ((unsigned int)f >= RTE_DIM(fields) || fields[f].off == 0)
		return false;
	*min = fields[f].min;
	*max = fields[f].max;
	return true;
}

int
carp_conf_set_num(struct carp_vhost_conf *c, enum carp_field f, long long v,
		struct carp_err *err)
{
	unsigned int min, max;

	if (!carp_field_range(f, &min, &max))
		return carp_refuse(err, f, -EINVAL, "%s is not a number",
			carp_field_name(f) != NULL ? carp_field_name(f) : "?");
	if (v < min || v > max)
		return carp_refuse(err, f, -EINVAL, "%s must be %u..%u, not %lld",
			fields[f].name, min, max, v);
	*((uint8_t *)c + fields[f].off) = (uint8_t)v;
	return 0;
}
