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

#endif /* ARPBAL_FIXTURE_H */
