/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Advertisement lateness, in log2 buckets of a microsecond: cheap enough
 * to keep for every advertisement, fine enough to tell 1 ms from 5 ms.
 */

#include "carp_lateness.h"

uint64_t
carp_lateness_edge(unsigned int k)
{
	return (UINT64_C(1000) << k);
}

void
carp_lateness_note(struct carp_lateness *l, uint64_t ns)
{
	unsigned int k = 0;

	while (k < CARP_LATE_BUCKETS - 1 && ns >= carp_lateness_edge(k))
		k++;
	l->bucket[k]++;
	l->n++;
	l->sum_ns += ns;
	if (ns > l->max_ns)
		l->max_ns = ns;
}

uint64_t
carp_lateness_quantile(const struct carp_lateness *l, double q)
{
	uint64_t seen = 0, want;
	unsigned int k;

	if (l->n == 0)
		return 0;
	/* The smallest count that holds a share q of them (rounded up). */
	want = (uint64_t)(q * (double)l->n);
	if ((double)want < q * (double)l->n || want == 0)
		want++;
	for (k = 0; k < CARP_LATE_BUCKETS; k++) {
		seen += l->bucket[k];
		if (seen >= want)
			return carp_lateness_edge(k);
	}
	return carp_lateness_edge(CARP_LATE_BUCKETS - 1);
}
