/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_HOOK_H
#define APP_HOOK_H

/**
 * @file
 * State-change hooks, like ucarp's up/down scripts: on every state change
 * of a carp interface its hook (or the global one) runs as
 *     HOOK NAME VHID OLD-STATE NEW-STATE ADDRESS/LEN...
 * on a control thread, one at a time and in order, each within
 * hook_timeout seconds (then killed). The control lcore only queues them:
 * a slow or failing hook is logged and never delays an advertisement.
 */

#include "carp_vhost.h"

struct app;

/** Start the hook thread. @return 0 or -errno. */
int hook_init(struct app *a);

/** Queue the hook of vh's state change (on the control lcore). */
void hook_fire(struct app *a, const struct carp_vhost *vh,
		enum carp_state from, enum carp_state to);

/** Queue the hook of an event about vh, as
 *      HOOK NAME VHID STATE EVENT PEER
 *  (CONFLICT when another host contradicts this one, RESOLVED when that
 *  ends; PEER the other host's address). */
void hook_event(struct app *a, const struct carp_vhost *vh, const char *event,
		const char *peer);

/** Run what is queued (each within its time limit), then stop the thread. */
void hook_stop(struct app *a);

#endif /* APP_HOOK_H */
