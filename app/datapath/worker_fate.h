/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_WORKER_FATE_H
#define APP_WORKER_FATE_H

/*
 * What a worker's classification decides for a frame, in its IPv4 and
 * IPv6 halves alike (worker_ip4.h, worker_ip6.h).
 */

#include <stdbool.h>

/* Where a frame goes after its classification. */
enum fate {
	FATE_DROP,	/* counted where the reason is known */
	FATE_OTHER,	/* dropped, nothing here for it: counted per burst */
	FATE_TX,	/* answered in place */
	FATE_CARP,	/* to the control lcore */
	FATE_ARP,	/* through the ARP balancer */
	FATE_ND,	/* a neighbour solicitation, through the balancer */
	FATE_HOST,	/* to the kernel twin */
};

/* A frame to an address that is no virtual address: the kernel's, or
 * nobody's without a twin.
 */
static inline enum fate
not_virtual(bool host)
{
	return host ? FATE_HOST : FATE_OTHER;
}

#endif /* APP_WORKER_FATE_H */
