/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The table: its ports and their links, the knobs, the count of problems
 * that suppress preemption, and lookups.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "carp_private.h"

struct carp_table *
carp_table_create(const struct carp_ops *ops, void *arg)
{
	struct carp_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	carp_sysctl_defaults(&t->sysctl);
	TAILQ_INIT(&t->vhosts);
	if (ops != NULL)
		t->ops = *ops;
	t->ops_arg = arg;
	return t;
}

void
carp_vhost_free(struct carp_vhost *vh)
{
	carp_auth_free(&vh->auth);
	carp_vhost_conf_release(&vh->conf);
	carp_map_free(&vh->addr_pos);
	carp_map_free(&vh->addr6_pos);
	free(vh);
}

void
carp_table_free(struct carp_table *t)
{
	struct carp_vhost *vh;

	if (t == NULL)
		return;
	while ((vh = TAILQ_FIRST(&t->vhosts)) != NULL) {
		TAILQ_REMOVE(&t->vhosts, vh, next);
		if (t->ops.release != NULL)
			t->ops.release(t->ops_arg, vh);
		carp_vhost_free(vh);
	}
	carp_map_free(&t->addr_count);
	carp_map_free(&t->addr6_count);
	free(t);
}

int
carp_port_add(struct carp_table *t, uint16_t port, rte_be32_t addr,
		uint8_t prefixlen, struct carp_err *err)
{
	if (port >= CARP_MAX_PORTS)
		return carp_refuse(err, CARP_FIELD_PORT, -EINVAL,
			"port %u out of range (max %u)", port,
			CARP_MAX_PORTS - 1);
	if (t->port[port].configured)
		return carp_refuse(err, CARP_FIELD_PORT, -EEXIST,
			"port %u already declared", port);
	if (prefixlen > 32 || prefixlen == 0)
		return carp_refuse(err, CARP_FIELD_ADDRESS, -EINVAL,
			"prefix length %u: expected 1..32", prefixlen);
	t->port[port].configured = true;
	t->port[port].link_up = false;
	t->port[port].addr = addr;
	t->port[port].prefixlen = prefixlen;
	return 0;
}

int
carp_port_add6(struct carp_table *t, uint16_t port,
		const struct carp_in6 *ll6, const struct carp_in6 *addr6,
		uint8_t prefixlen6, struct carp_err *err)
{
	struct carp_port *p;

	if (port >= CARP_MAX_PORTS || !t->port[port].configured)
		return carp_refuse(err, CARP_FIELD_PORT, -EINVAL,
			"port %u is not declared", port);
	p = &t->port[port];
	if (addr6 != NULL && (prefixlen6 == 0 || prefixlen6 > 128 ||
			      !carp_in6_unicast(addr6)))
		return carp_refuse(err, CARP_FIELD_ADDRESS, -EINVAL,
			"an IPv6 unicast address with a prefix length 1..128 "
			"is expected");
	if (ll6 != NULL) {
		p->has_ll6 = true;
		p->ll6 = *ll6;
	}
	if (addr6 != NULL) {
		p->addr6 = *addr6;
		p->prefixlen6 = prefixlen6;
	}
	return 0;
}

void
carp_port_link(struct carp_table *t, uint16_t port, bool up, uint64_t now)
{
	struct carp_vhost *vh;

	if (port >= CARP_MAX_PORTS || !t->port[port].configured ||
	    t->port[port].link_up == up)
		return;
	t->port[port].link_up = up;
	TAILQ_FOREACH(vh, &t->vhosts, next) {
		if (vh->conf.port != port)
			continue;
		/* Stop first, so that the demotion's immediate
		 * advertisements come only from the other ports.
		 */
		carp_refresh(t, vh, now, false, "link down");
		carp_sync_demotion(t, vh, !up, now);
	}
}

struct carp_vhost *
carp_vhost_find(const struct carp_table *t, const char *name)
{
	struct carp_vhost *vh;

	TAILQ_FOREACH(vh, &t->vhosts, next)
		if (strncmp(vh->conf.name, name, CARP_NAME_MAX) == 0)
			return vh;
	return NULL;
}

struct carp_vhost *
carp_vhost_lookup(const struct carp_table *t, uint16_t port, uint8_t vhid)
{
	if (port >= CARP_MAX_PORTS)
		return NULL;
	return t->by_vhid[port][vhid];
}

int
carp_sysctl_set(struct carp_table *t, enum carp_knob k, long long value,
		uint64_t now, struct carp_err *err)
{
	struct carp_vhost *vh;
	uint32_t before;
	int ret;

	ret = carp_knob_check(k, value, err);
	if (ret != 0)
		return ret;
	before = t->sysctl.v[k];
	t->sysctl.v[k] = (uint32_t)value;
	if (k == CARP_KNOB_ALLOW && before != t->sysctl.v[k])
		TAILQ_FOREACH(vh, &t->vhosts, next)
			carp_refresh(t, vh, now, true, "allow 0");
	return 0;
}

void
carp_shutdown(struct carp_table *t, uint64_t now)
{
	struct carp_vhost *vh;

	RTE_SET_USED(now);
	TAILQ_FOREACH(vh, &t->vhosts, next)
		carp_stop(t, vh, true, "shutdown");
}
