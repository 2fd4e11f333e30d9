/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The address list of a carp interface's configuration: owned by it,
 * grown by doubling, copied whole only when asked to.
 */

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "carp_conf.h"

void
carp_vhost_conf_release(struct carp_vhost_conf *c)
{
	free(c->addrs);
	free(c->prefixlen);
	c->addrs = NULL;
	c->prefixlen = NULL;
	c->naddrs = 0;
	c->addrs_room = 0;
}

static int
addrs_reserve(struct carp_vhost_conf *c, unsigned int room)
{
	rte_be32_t *a;
	uint8_t *p;

	if (room <= c->addrs_room)
		return 0;
	a = realloc(c->addrs, room * sizeof(*a));
	if (a == NULL)
		return -ENOMEM;
	c->addrs = a;
	p = realloc(c->prefixlen, room * sizeof(*p));
	if (p == NULL)
		return -ENOMEM;
	c->prefixlen = p;
	c->addrs_room = room;
	return 0;
}

int
carp_vhost_conf_copy(struct carp_vhost_conf *dst,
		const struct carp_vhost_conf *src)
{
	carp_vhost_conf_release(dst);
	*dst = *src;
	dst->addrs = NULL;
	dst->prefixlen = NULL;
	dst->naddrs = 0;
	dst->addrs_room = 0;
	if (src->naddrs == 0)
		return 0;
	if (addrs_reserve(dst, src->naddrs) != 0) {
		carp_vhost_conf_release(dst);
		return -ENOMEM;
	}
	memcpy(dst->addrs, src->addrs, src->naddrs * sizeof(*dst->addrs));
	memcpy(dst->prefixlen, src->prefixlen, src->naddrs);
	dst->naddrs = src->naddrs;
	return 0;
}

int
carp_vhost_conf_addr_add(struct carp_vhost_conf *c, rte_be32_t addr,
		uint8_t prefixlen)
{
	if (c->naddrs == c->addrs_room &&
	    (c->naddrs > UINT_MAX / 2 ||
	     addrs_reserve(c, c->addrs_room < 4 ? 4 : c->addrs_room * 2) != 0))
		return -ENOMEM;
	c->addrs[c->naddrs] = addr;
	c->prefixlen[c->naddrs] = prefixlen;
	c->naddrs++;
	return 0;
}

void
carp_vhost_conf_addr_del(struct carp_vhost_conf *c, unsigned int i)
{
	if (i >= c->naddrs)
		return;
	c->naddrs--;
	c->addrs[i] = c->addrs[c->naddrs];
	c->prefixlen[i] = c->prefixlen[c->naddrs];
}
