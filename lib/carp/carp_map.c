/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Open addressing with linear probing, kept at most half full; a removal
 * shifts the keys of its probe run back instead of leaving tombstones, so
 * that lookups never slow down with churn.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "carp_map.h"

#define MIN_CAP	16

/* A 64-bit mix (the finaliser of MurmurHash3): keys that differ in a few
 * low bits, as consecutive addresses do, land far apart.
 */
static inline uint32_t
slot_of(const struct carp_map *m, uint64_t k)
{
	k ^= k >> 33;
	k *= UINT64_C(0xff51afd7ed558ccd);
	k ^= k >> 33;
	k *= UINT64_C(0xc4ceb9fe1a85ec53);
	k ^= k >> 33;
	return (uint32_t)k & (m->cap - 1);
}

void
carp_map_init(struct carp_map *m)
{
	memset(m, 0, sizeof(*m));
}

void
carp_map_free(struct carp_map *m)
{
	free(m->key);
	free(m->val);
	carp_map_init(m);
}

uint32_t *
carp_map_find(const struct carp_map *m, uint64_t key)
{
	uint32_t i;

	if (m->cap == 0 || key == CARP_MAP_EMPTY)
		return NULL;
	for (i = slot_of(m, key); m->key[i] != CARP_MAP_EMPTY;
	     i = (i + 1) & (m->cap - 1))
		if (m->key[i] == key)
			return &m->val[i];
	return NULL;
}

static void
place(struct carp_map *m, uint64_t key, uint32_t val)
{
	uint32_t i = slot_of(m, key);

	while (m->key[i] != CARP_MAP_EMPTY)
		i = (i + 1) & (m->cap - 1);
	m->key[i] = key;
	m->val[i] = val;
}

static int
grow(struct carp_map *m)
{
	uint32_t cap = m->cap != 0 ? m->cap * 2 : MIN_CAP, i;
	struct carp_map next = { .cap = cap, .n = m->n };

	if (cap == 0)
		return -ENOMEM;
	next.key = malloc(cap * sizeof(*next.key));
	next.val = malloc(cap * sizeof(*next.val));
	if (next.key == NULL || next.val == NULL) {
		free(next.key);
		free(next.val);
		return -ENOMEM;
	}
	memset(next.key, 0xff, cap * sizeof(*next.key));
	for (i = 0; i < m->cap; i++)
		if (m->key[i] != CARP_MAP_EMPTY)
			place(&next, m->key[i], m->val[i]);
	free(m->key);
	free(m->val);
	*m = next;
	return 0;
}

int
carp_map_put(struct carp_map *m, uint64_t key, uint32_t val)
{
	uint32_t *v;

	if (key == CARP_MAP_EMPTY)
		return -EINVAL;
	v = carp_map_find(m, key);
	if (v != NULL) {
		*v = val;
		return 0;
	}
	if ((m->n + 1) * 2 > m->cap && grow(m) != 0)
		return -ENOMEM;
	place(m, key, val);
	m->n++;
	return 0;
}

bool
carp_map_del(struct carp_map *m, uint64_t key)
{
	uint32_t *v = carp_map_find(m, key);
	uint32_t i, j, home, mask = m->cap - 1;

	if (v == NULL)
		return false;
	i = (uint32_t)(v - m->val);
	/* Move back every key of the run after i that may sit at i: its
	 * home slot is not cyclically within (i, j].
	 */
	for (j = (i + 1) & mask; m->key[j] != CARP_MAP_EMPTY;
	     j = (j + 1) & mask) {
		home = slot_of(m, m->key[j]);
		if (((j - home) & mask) >= ((j - i) & mask)) {
			m->key[i] = m->key[j];
			m->val[i] = m->val[j];
			i = j;
		}
	}
	m->key[i] = CARP_MAP_EMPTY;
	m->n--;
	return true;
}
