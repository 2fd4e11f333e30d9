/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/* The balancer of a test case (arpbal_fixture.h). */

#include <stdio.h>
#include <string.h>

#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "arpbal_fixture.h"
#include "test.h"

struct rte_mempool *pool;
struct host h0;
unsigned int mbufs0;
static unsigned int ab_seq;	/* instances need unique names */

int
host_init(struct host *h, uint32_t max_addrs, uint32_t max_sources)
{
	char name[16];
	struct arpbal_params p = {
		.name = name,
		.max_addrs = max_addrs,
		.max_readers = 2,
		.max_sources = max_sources,
		.socket_id = (int)rte_socket_id(),
	};

	memset(h, 0, sizeof(*h));
	snprintf(name, sizeof(name), "abt%u", ab_seq++);
	h->ab = arpbal_create(&p);
	if (h->ab == NULL)
		return -1;
	h->r = arpbal_reader_create(h->ab, 0, p.socket_id);
	if (h->r == NULL) {
		arpbal_free(h->ab);
		h->ab = NULL;
		return -1;
	}
	return 0;
}

void
host_fini(struct host *h)
{
	arpbal_free(h->ab);
	memset(h, 0, sizeof(*h));
}

void
host_state(struct host *h, uint8_t vhid, uint8_t state)
{
	h->state[vhid] = state;
	arpbal_state_set(h->ab, PORT, vhid, (enum arpbal_state)state);
}

void
host_balance(struct host *h, bool on)
{
	h->balance = on;
	arpbal_balance_set(h->ab, on);
}

int
arpbal_suite_pool(const char *name, unsigned int n)
{
	pool = rte_pktmbuf_pool_create(name, n, 32, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (pool == NULL) {
		printf("  cannot create the mbuf pool\n");
		return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

void
arpbal_suite_teardown(void)
{
	rte_mempool_free(pool);
	pool = NULL;
}

void
arpbal_case_teardown(void)
{
	host_fini(&h0);
}

unsigned int
heap_allocs(void)
{
	struct rte_malloc_socket_stats s;
	unsigned int i, n = 0;

	for (i = 0; i < rte_socket_count(); i++)
		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(i),
				&s) == 0)
			n += s.alloc_count;
	return n;
}

int
mbufs_back(void)
{
	TEST_ASSERT_EQUAL(rte_mempool_avail_count(pool), mbufs0,
		"mbufs lost or freed twice");
	return TEST_SUCCESS;
}

void
stats_of(const struct host *h, struct arpbal_stats *st)
{
	arpbal_stats_get(h->ab, h->r, st);
}
