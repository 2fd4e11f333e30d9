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

/*
 * The counters, each named once: X(ENUM, name, what it counts). The list
 * gives the enum, the names and the order in which every report (console,
 * telemetry, exit log) prints them.
 */
#define CARP_STATS(X)							\
	X(IPACKETS, ipackets, "advertisements received")		\
	X(IPACKETS6, ipackets6, "IPv6 advertisements received")	\
	X(BADIF, badif, "arrived on a port with no vhost")		\
	X(BADTTL, badttl, "TTL was not 255")				\
	X(HDROPS, hdrops, "headers truncated or unreadable")		\
	X(BADSUM, badsum, "CARP checksum wrong")			\
	X(BADVER, badver, "CARP version not 2")				\
	X(BADLEN, badlen, "IP or CARP length inconsistent")		\
	X(BADAUTH, badauth, "HMAC digest mismatch")			\
	X(BADVHID, badvhid, "no running vhost with that vhid")		\
	X(BADADDRS, badaddrs, "address list mismatch (unused for v2)")	\
	X(OPACKETS, opackets, "advertisements sent")			\
	X(OPACKETS6, opackets6, "IPv6 advertisements sent")		\
	X(ONOMEM, onomem, "advertisement not sent: no buffer")		\
	X(OSTATES, ostates, "state changes announced (unused)")	\
	X(PREEMPT, preempt, "transitions to MASTER by preemption")

enum carp_stat {
#define CARP_STAT_ENUM(e, n, d) CARP_STAT_ ## e,
	CARP_STATS(CARP_STAT_ENUM)
#undef CARP_STAT_ENUM
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
