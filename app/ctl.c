/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#include <errno.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_pause.h>
#include <rte_ring.h>

#include "ctl.h"

#define CTL_RING_SIZE	64

struct ctl_req {
	ctl_fn fn;
	void *arg;
	int ret;
	uint32_t done;		/* set by the control lcore */
};

static struct rte_ring *ctl_ring;

int
ctl_init(struct app *a)
{
	RTE_SET_USED(a);
	/* Several posters (console, telemetry), one consumer. */
	ctl_ring = rte_ring_create("carp_ctl", CTL_RING_SIZE, SOCKET_ID_ANY,
		RING_F_SC_DEQ);
	return ctl_ring != NULL ? 0 : -ENOMEM;
}

void
ctl_free(struct app *a)
{
	RTE_SET_USED(a);
	rte_ring_free(ctl_ring);
	ctl_ring = NULL;
}

int
ctl_call(struct app *a, ctl_fn fn, void *arg)
{
	struct ctl_req req = { .fn = fn, .arg = arg, .ret = 0, .done = 0 };
	void *p = &req;

	if (rte_lcore_id() == a->control_lcore)
		return fn(a, arg);
	if (ctl_ring == NULL || rte_ring_enqueue(ctl_ring, p) != 0)
		return -EBUSY;
	/* The control lcore serves requests on every round until it sets
	 * control_done; a request still queued then is never run, so it is
	 * safe to leave it behind on this stack.
	 */
	while (!__atomic_load_n(&req.done, __ATOMIC_ACQUIRE)) {
		if (__atomic_load_n(&a->control_done, __ATOMIC_ACQUIRE) &&
		    !__atomic_load_n(&req.done, __ATOMIC_ACQUIRE))
			return -ESHUTDOWN;
		rte_delay_us_sleep(50);
	}
	return req.ret;
}

unsigned int
ctl_serve(struct app *a)
{
	struct ctl_req *req;
	unsigned int n = 0;

	while (n < CTL_RING_SIZE &&
	       rte_ring_dequeue(ctl_ring, (void **)&req) == 0) {
		n++;
		req->ret = req->fn(a, req->arg);
		__atomic_store_n(&req->done, 1, __ATOMIC_RELEASE);
	}
	return n;
}
