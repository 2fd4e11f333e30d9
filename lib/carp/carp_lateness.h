/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_LATENESS_H
#define CARP_LATENESS_H

/**
 * @file
 * How late advertisements leave: each MASTER's advertisement timer, from
 * its due time to the moment the table handles it, on the clock the table
 * is given. A flood on the polling lcores must not make this grow
 * (lib/carp/PROTOCOL.md §4.3: a BACKUP takes over once three intervals
 * pass without one).
 */

#include <stdint.h>

/** Buckets by powers of two: [0] under 1 us, [k] under 2^k us. */
#define CARP_LATE_BUCKETS	24

struct carp_lateness {
	uint64_t n;		/**< advertisements timed */
	uint64_t sum_ns;
	uint64_t max_ns;
	uint64_t bucket[CARP_LATE_BUCKETS];
};

/** One advertisement ns late. */
void carp_lateness_note(struct carp_lateness *l, uint64_t ns);

/** The upper edge, in ns, of the bucket where quantile q (0..1) of the
 *  advertisements counted in l falls; 0 if none. */
uint64_t carp_lateness_quantile(const struct carp_lateness *l, double q);

/** The upper edge, in ns, of bucket k. */
uint64_t carp_lateness_edge(unsigned int k);

#endif /* CARP_LATENESS_H */
