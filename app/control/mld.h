/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_MLD_H
#define APP_MLD_H

/**
 * @file
 * MLDv2 reports (RFC 3810) for the IPv6 groups a port must receive
 * (lib/carp/PROTOCOL.md §10.5): ff02::12 and the solicited-node groups of
 * its own and its virtual IPv6 addresses, so that snooping switches and
 * bridges keep delivering them. Sent from the control lcore when the
 * link comes up, when a vhost with IPv6 addresses becomes MASTER or
 * gains addresses, and in answer to queries. A port without IPv6 sends
 * none.
 */

#include <stdbool.h>
#include <stdint.h>

struct app;

/** A report is due on port: a change (unsolicited, sent twice) or the
 *  answer to a query (current state). Reports due together merge. */
void mld_want(struct app *a, uint16_t port, bool answer);

/** On the control lcore, each round: take the queries the workers saw,
 *  send a few frames of what is due. @return frames sent. */
unsigned int mld_poll(struct app *a, uint64_t now);

/** Forget what is due (at exit). */
void mld_free(void);

#endif /* APP_MLD_H */
