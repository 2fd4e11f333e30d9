/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * libFuzzer target: any bytes as a frame received on a port, through the
 * whole receive path (lib/carp/PROTOCOL.md §3) of a table with a running vhost,
 * and the state machine behind it. The first byte also picks the time step, so
 * that timers expire between frames.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "carp_vhost.h"

static int
xmit(void *arg, uint16_t port, const void *frame, size_t len)
{
	struct carp_adv adv;

	(void)arg;
	(void)port;
	/* What we send must parse back. */
	if (len == CARP_ADV_FRAME_LEN &&
	    carp_adv_parse(frame, len, &adv) != CARP_STAT_NONE)
		__builtin_trap();
	return 0;
}

static void
timer(void *arg, struct carp_vhost *vh)
{
	(void)arg;
	(void)vh;
}

static struct carp_table *
table(void)
{
	static const struct carp_ops ops = { .xmit = xmit, .timer = timer };
	static struct carp_table *t;
	struct carp_vhost_conf c;
	struct carp_err err;

	if (t != NULL)
		return t;
	t = carp_table_create(&ops, NULL);
	carp_port_add(t, 0, RTE_BE32(0x0a630001), 24, &err);
	carp_port_link(t, 0, true, 0);
	carp_vhost_conf_init(&c);
	strcpy(c.name, "carp0");
	c.vhid = 7;
	strcpy(c.pass, "mekmitasdigoat");
	carp_vhost_conf_addr_add(&c, RTE_BE32(0x0a630064), 24);
	carp_vhost_create(t, &c, 0, &err);
	carp_vhost_conf_release(&c);
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint64_t now;
	struct carp_table *t = table();
	struct carp_vhost *vh = carp_vhost_find(t, "carp0");

	now += (size > 0 ? data[0] : 1) * 10000000ULL;
	carp_input(t, 0, data, size, now);
	if (vh != NULL && vh->fsm.timer != CARP_TIMER_NONE &&
	    vh->fsm.deadline <= now)
		carp_vhost_expire(t, vh, now);
	return 0;
}
