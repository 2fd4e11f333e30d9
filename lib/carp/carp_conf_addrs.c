/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The address lists of a carp interface's configuration, IPv4 and IPv6:
 * owned by it, grown by doubling, copied whole only when asked to.
 */

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "carp_conf.h"

/* Room for want entries of esize bytes in *addrs, and their prefixes. */
static int
reserve(void **addrs, uint8_t **plen, unsigned int *room, unsigned int want,
		size_t esize)
{
	void *a;
	uint8_t *p;

	if (want <= *room)
		return 0;
	a = realloc(*addrs, want * esize);
	if (a == NULL)
		return -ENOMEM;
	*addrs = a;
	p = realloc(*plen, want);
	if (p == NULL)
		return -ENOMEM;
	*plen = p;
	*room = want;
	return 0;
}

/* Room for one more, doubling. */
static int
grow(void **addrs, uint8_t **plen, unsigned int *room, unsigned int n,
		size_t esize)
{
	if (n < *room)
		return 0;
	if (n > UINT_MAX / 2)
		return -ENOMEM;
	return reserve(addrs, plen, room, *room < 4 ? 4 : *room * 2, esize);
}

void
carp_vhost_conf_release(struct carp_vhost_conf *c)
{
	free(c->addrs);
	free(c->prefixlen);
	free(c->addrs6);
	free(c->prefixlen6);
	c->addrs = NULL;
	c->prefixlen = NULL;
	c->naddrs = 0;
	c->addrs_room = 0;
	c->addrs6 = NULL;
	c->prefixlen6 = NULL;
	c->naddrs6 = 0;
	c->addrs6_room = 0;
}

int
carp_vhost_conf_copy(struct carp_vhost_conf *dst,
		const struct carp_vhost_conf *src)
{
	carp_vhost_conf_release(dst);
	*dst = *src;
	dst->addrs = NULL;
	dst->prefixlen = NULL;
	dst->naddrs = dst->addrs_room = 0;
	dst->addrs6 = NULL;
	dst->prefixlen6 = NULL;
	dst->naddrs6 = dst->addrs6_room = 0;
	if (reserve((void **)&dst->addrs, &dst->prefixlen, &dst->addrs_room,
			src->naddrs, sizeof(*dst->addrs)) != 0 ||
	    reserve((void **)&dst->addrs6, &dst->prefixlen6,
			&dst->addrs6_room, src->naddrs6,
			sizeof(*dst->addrs6)) != 0) {
		carp_vhost_conf_release(dst);
		return -ENOMEM;
	}
	if (src->naddrs > 0) {
		memcpy(dst->addrs, src->addrs,
			src->naddrs * sizeof(*dst->addrs));
		memcpy(dst->prefixlen, src->prefixlen, src->naddrs);
	}
	if (src->naddrs6 > 0) {
		memcpy(dst->addrs6, src->addrs6,
			src->naddrs6 * sizeof(*dst->addrs6));
		memcpy(dst->prefixlen6, src->prefixlen6, src->naddrs6);
	}
	dst->naddrs = src->naddrs;
	dst->naddrs6 = src->naddrs6;
	return 0;
}

int
carp_vhost_conf_addr_add(struct carp_vhost_conf *c, rte_be32_t addr,
		uint8_t prefixlen)
{
	if (grow((void **)&c->addrs, &c->prefixlen, &c->addrs_room,
			c->naddrs, sizeof(*c->addrs)) != 0)
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

int
carp_vhost_conf_addr6_add(struct carp_vhost_conf *c,
		const struct carp_in6 *addr, uint8_t prefixlen)
{
	if (grow((void **)&c->addrs6, &c->prefixlen6, &c->addrs6_room,
			c->naddrs6, sizeof(*c->addrs6)) != 0)
		return -ENOMEM;
	c->addrs6[c->naddrs6] = *addr;
	c->prefixlen6[c->naddrs6] = prefixlen;
	c->naddrs6++;
	return 0;
}

void
carp_vhost_conf_addr6_del(struct carp_vhost_conf *c, unsigned int i)
{
	if (i >= c->naddrs6)
		return;
	c->naddrs6--;
	c->addrs6[i] = c->addrs6[c->naddrs6];
	c->prefixlen6[i] = c->prefixlen6[c->naddrs6];
}
