/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_MAP_H
#define CARP_MAP_H

/**
 * @file
 * A map from 64-bit keys to 32-bit values, open addressing with linear
 * probing, growing as it fills: the address indexes of the table and of
 * each vhost, so that adding, removing and finding one address among tens
 * of thousands costs O(1) on average. Plain memory, no EAL; not for
 * concurrent use.
 */

#include <stdbool.h>
#include <stdint.h>

struct carp_map {
	uint64_t *key;		/**< CARP_MAP_EMPTY where free */
	uint32_t *val;
	uint32_t cap;		/**< slots, a power of two, or 0 */
	uint32_t n;		/**< keys held */
};

/** A key no one may use: it marks a free slot. */
#define CARP_MAP_EMPTY	UINT64_MAX

/** An empty map, as a zeroed one is too. */
void carp_map_init(struct carp_map *m);

/** Free the slots; the map is empty again. */
void carp_map_free(struct carp_map *m);

/** The value of key, or NULL. Valid until the map next changes. */
uint32_t *carp_map_find(const struct carp_map *m, uint64_t key);

/** Set key's value, adding the key if needed.
 *  @return 0, -EINVAL for CARP_MAP_EMPTY, or -ENOMEM (the map unchanged). */
int carp_map_put(struct carp_map *m, uint64_t key, uint32_t val);

/** Remove key. @return false if it was not there. */
bool carp_map_del(struct carp_map *m, uint64_t key);

#endif /* CARP_MAP_H */
