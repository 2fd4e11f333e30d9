/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_TRACK_H
#define APP_TRACK_H

/**
 * @file
 * Service tracking and maintenance: why this host gives its addresses
 * away while it runs.
 *
 * A health check ([global] or [carpN] track) is a program run every
 * track_interval seconds on a thread of its own, killed if it runs longer
 * than that. track_fall failures in a row demote, track_rise successes in
 * a row undo it. "demote" (console, telemetry) does the same for planned
 * maintenance until "undemote". A demotion is a problem counted in
 * suppress_preempt, like a link down (lib/carp/PROTOCOL.md §4.5): every
 * vhost advertises a skew of at least 240, so that a peer with preempt
 * takes over; where preempt is off, the MASTERs it covers (every vhost for
 * [global] track and maintenance, one for [carpN] track) bow out to
 * BACKUP instead, so that the peer takes over all the same.
 */

#include <stdbool.h>
#include <stddef.h>

struct app;

/** Start the checks' thread, if the configuration has checks. After a
 *  reload, a check failing before (the same program for the same carp
 *  interface) starts failing without demoting again, and the demotions of
 *  failing checks that are gone are undone. @return 0 or -errno. */
int track_init(struct app *a);

/** Stop the checks (those running are killed). For a reload, the failing
 *  ones are remembered, their demotions kept. */
void track_stop(struct app *a, bool reload);

/** On the control lcore: planned maintenance starts (on) or ends.
 *  @return 0, or -EALREADY if it already had. */
int track_maintenance(struct app *a, bool on);

/** On the control lcore: "track PATH: ok|failing (...)" for the check
 *  covering carp interface name (its own, else the global one), or
 *  @return false if none does. */
bool track_describe(const struct app *a, const char *name, char *buf,
		size_t len);

/** Demotions in force: maintenance (0 or 1) and failing checks. */
void track_demotions(const struct app *a, unsigned int *maintenance,
		unsigned int *failing);

#endif /* APP_TRACK_H */
