/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_STATS_H
#define CARP_STATS_H

/**
 * @file
 * CARP protocol counters.
 *
 * The names are those of FreeBSD's struct carpstats (netstat -s -p carp),
 * so that operators who know the BSDs recognise them.
 */

#include <stdint.h>

enum carp_stat {
	CARP_STAT_IPACKETS,	/**< advertisements received */
	CARP_STAT_IPACKETS6,	/**< IPv6 advertisements received (unused) */
	CARP_STAT_BADIF,	/**< arrived on a port with no vhost */
	CARP_STAT_BADTTL,	/**< TTL was not 255 */
	CARP_STAT_HDROPS,	/**< headers truncated or unreadable */
	CARP_STAT_BADSUM,	/**< CARP checksum wrong */
	CARP_STAT_BADVER,	/**< CARP version not 2 */
	CARP_STAT_BADLEN,	/**< IP or CARP length inconsistent */
	CARP_STAT_BADAUTH,	/**< HMAC digest mismatch */
	CARP_STAT_BADVHID,	/**< no running vhost with that vhid */
	CARP_STAT_BADADDRS,	/**< address list mismatch (unused for v2) */
	CARP_STAT_OPACKETS,	/**< advertisements sent */
	CARP_STAT_OPACKETS6,	/**< IPv6 advertisements sent (unused) */
	CARP_STAT_ONOMEM,	/**< advertisement not sent: no buffer */
	CARP_STAT_OSTATES,	/**< state changes announced (unused) */
	CARP_STAT_PREEMPT,	/**< transitions to MASTER by preemption */
	CARP_STAT_MAX,
	/** Not a counter: returned by checks that found nothing wrong. */
	CARP_STAT_NONE = CARP_STAT_MAX,
};

struct carp_stats {
	uint64_t v[CARP_STAT_MAX];
};

/** carpstats name of a counter ("ipackets", "badttl", ...), or NULL. */
const char *carp_stat_name(enum carp_stat s);

/** Counter by carpstats name, or CARP_STAT_NONE. */
enum carp_stat carp_stat_lookup(const char *name);

#endif /* CARP_STATS_H */
