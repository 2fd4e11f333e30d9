/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef ARPBAL_FIXTURE_H
#define ARPBAL_FIXTURE_H

/*
 * What arpbal_autotest and arpbal6_autotest share: a host, that is a
 * balancer with one reader, and the vhid states and balancing it was told,
 * so that the cases can work out on their own what it should answer.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mempool.h>

#include "arpbal.h"

#define PORT		3	/* the port the cases use */

struct host {
	struct arpbal *ab;
	struct arpbal_reader *r;
	uint8_t state[256];	/* on PORT */
	bool balance;
};

/** A balancer for max_addrs addresses with reader 0 (of 2); -1 if none. */
int host_init(struct host *h, uint32_t max_addrs, uint32_t max_sources);
void host_fini(struct host *h);

/** Publish the state of vhid on PORT, and remember it. */
void host_state(struct host *h, uint8_t vhid, uint8_t state);

/** Balancing on or off, remembered. */
void host_balance(struct host *h, bool on);

/* The suite's mbufs, the case's host, and the free mbufs when the case
 * started (a case must give back every one).
 */
extern struct rte_mempool *pool;
extern struct host h0;
extern unsigned int mbufs0;

/** The suite's pool of n mbufs; TEST_SUCCESS or TEST_FAILED. */
int arpbal_suite_pool(const char *name, unsigned int n);
void arpbal_suite_teardown(void);
void arpbal_case_teardown(void);

/** Blocks rte_malloc holds, over every socket. */
unsigned int heap_allocs(void);

/** TEST_SUCCESS if every mbuf of the case is back in the pool. */
int mbufs_back(void);

/** The reader's counters. */
void stats_of(const struct host *h, struct arpbal_stats *st);

static inline void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

#endif /* ARPBAL_FIXTURE_H */
