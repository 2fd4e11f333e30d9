/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/* The balancer of a test case (arpbal_fixture.h). */

#include <stdio.h>
#include <string.h>

#include <rte_lcore.h>

#include "arpbal_fixture.h"

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
