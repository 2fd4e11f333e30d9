/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Requests to the control lcore: a ring of functions to run, served once
 * a round, each caller waiting on its own request for the result.
 */

#include <errno.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_ring.h>

#include "app.h"
#include "request.h"

#define REQUEST_RING_SIZE	64

struct control_req {
	control_fn fn;
	void *arg;
	int ret;
	uint32_t done;		/* set by the control lcore */
};

static struct rte_ring *request_ring;

int
control_requests_init(struct app *a)
{
	RTE_SET_USED(a);
	/* Several posters (console, telemetry), one consumer. */
	request_ring = rte_ring_create("carp_requests", REQUEST_RING_SIZE,
		SOCKET_ID_ANY, RING_F_SC_DEQ);
	return request_ring != NULL ? 0 : -ENOMEM;
}

void
control_requests_free(struct app *a)
{
	RTE_SET_USED(a);
	rte_ring_free(request_ring);
	request_ring = NULL;
}

int
control_call(struct app *a, control_fn fn, void *arg)
{
	struct control_req req = { .fn = fn, .arg = arg, .ret = 0, .done = 0 };
	void *p = &req;

	if (rte_lcore_id() == a->plan.control)
		return fn(a, arg);
	if (request_ring == NULL || rte_ring_enqueue(request_ring, p) != 0)
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
control_serve(struct app *a)
{
	struct control_req *req;
	unsigned int n = 0;

	while (n < REQUEST_RING_SIZE &&
	       rte_ring_dequeue(request_ring, (void **)&req) == 0) {
		n++;
		req->ret = req->fn(a, req->arg);
		__atomic_store_n(&req->done, 1, __ATOMIC_RELEASE);
	}
	return n;
}
