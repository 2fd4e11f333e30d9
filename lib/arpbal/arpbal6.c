/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The balancer's IPv6 addresses, writer side: the entry points of the
 * IPv6 table, over the same groups, counter ids and grace periods as
 * IPv4's (arpbal.c).
 */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_hash.h>

#include "arpbal_private.h"

/* No solicitation asks for :: or a multicast address: neither can be a
 * virtual address.
 */
static bool
addr6_ok(const uint8_t addr[16])
{
	static const uint8_t zero[16];

	return addr[0] != 0xff && memcmp(addr, zero, sizeof(zero)) != 0;
}

int
arpbal_group6_set(struct arpbal *ab, uint16_t port, const uint8_t addr[16],
		const uint8_t *vhids, unsigned int n)
{
	struct arpbal_key6 key;
	unsigned int i;

	if (port >= ARPBAL_MAX_PORTS || n > 255 || !addr6_ok(addr))
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (vhids[i] == 0)
			return -EINVAL;
	key = group6_key(port, addr);
	return arpbal_table_set(ab, ab->hash6, &ab->live6, &key,
		vipbits6(port, addr), vhids, n);
}

int
arpbal_group6_get(const struct arpbal *ab, uint16_t port,
		const uint8_t addr[16], uint8_t *vhids, unsigned int *n)
{
	struct arpbal_key6 key;
	const struct arpbal_group *g;
	void *data;

	if (port >= ARPBAL_MAX_PORTS)
		return -ENOENT;
	key = group6_key(port, addr);
	if (rte_hash_lookup_data(ab->hash6, &key, &data) < 0)
		return -ENOENT;
	g = data;
	memcpy(vhids, g->vhid, g->n);
	*n = g->n;
	return 0;
}

static int
group6_change(struct arpbal *ab, uint16_t port, const uint8_t addr[16],
		uint8_t vhid, bool join)
{
	struct arpbal_key6 key;

	if (vhid == 0)
		return -EINVAL;
	/* Leaving what cannot be joined is no error. */
	if (port >= ARPBAL_MAX_PORTS || !addr6_ok(addr))
		return join ? -EINVAL : 0;
	key = group6_key(port, addr);
	return arpbal_table_change(ab, ab->hash6, &ab->live6, &key,
		vipbits6(port, addr), vhid, join);
}

int
arpbal_group6_join(struct arpbal *ab, uint16_t port, const uint8_t addr[16],
		uint8_t vhid)
{
	return group6_change(ab, port, addr, vhid, true);
}

int
arpbal_group6_leave(struct arpbal *ab, uint16_t port, const uint8_t addr[16],
		uint8_t vhid)
{
	return group6_change(ab, port, addr, vhid, false);
}

int
arpbal_group6_stats(const struct arpbal *ab, uint16_t port,
		const uint8_t addr[16], uint64_t verdict[ARPBAL_NVERDICTS])
{
	struct arpbal_key6 key;
	void *data;

	if (port >= ARPBAL_MAX_PORTS)
		return -ENOENT;
	key = group6_key(port, addr);
	if (rte_hash_lookup_data(ab->hash6, &key, &data) < 0)
		return -ENOENT;
	arpbal_group_verdicts(ab, data, verdict);
	return 0;
}

uint32_t
arpbal_count6(const struct arpbal *ab)
{
	return ab->live6;
}

int
arpbal_iterate6(const struct arpbal *ab, uint32_t *next, uint16_t *port,
		uint8_t addr[16], uint8_t *vhids, unsigned int *n)
{
	const struct arpbal_key6 *k;
	const struct arpbal_group *g;
	const void *key;
	void *data;

	if (rte_hash_iterate(ab->hash6, &key, &data, next) < 0)
		return 0;
	k = key;
	g = data;
	*port = k->port;
	memcpy(addr, k->addr, sizeof(k->addr));
	memcpy(vhids, g->vhid, g->n);
	*n = g->n;
	return 1;
}
