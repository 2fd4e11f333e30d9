/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Another application embedding the CARP core, built against an installed
 * libcarp (pkg-config libcarp) by test/integration/install.sh: one vhost
 * elected MASTER through struct carp_ops, with no EAL. The frames it is
 * asked to send must be an advertisement that the library's own receive
 * checks accept and a gratuitous ARP for its address.
 */

#include <stdio.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_ether.h>

#include <carp_vhost.h>

#define NS	1000000000ULL

static struct {
	unsigned int adverts, garps, masters;
	uint64_t deadline;
	struct carp_adv adv;
} seen;

static int
xmit(void *arg, uint16_t port, const void *frame, size_t len)
{
	const struct rte_ether_hdr *eth = frame;

	(void)arg;
	(void)port;
	if (carp_adv_parse(frame, len, &seen.adv) == CARP_STAT_NONE)
		seen.adverts++;
	else if (eth->ether_type == rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP))
		seen.garps++;
	return 0;
}

static void
timer(void *arg, struct carp_vhost *vh)
{
	(void)arg;
	seen.deadline = vh->fsm.deadline;
}

static void
state(void *arg, struct carp_vhost *vh, enum carp_state from,
		enum carp_state to, const char *why)
{
	(void)arg;
	printf("%s vhid %u: %s -> %s (%s)\n", vh->conf.name, vh->conf.vhid,
		carp_state_name(from), carp_state_name(to), why);
	if (to == CARP_STATE_MASTER)
		seen.masters++;
}

static const struct carp_ops ops = {
	.xmit = xmit,
	.timer = timer,
	.state = state,
};

int
main(void)
{
	rte_be32_t own = rte_cpu_to_be_32(0x0a000002);	/* 10.0.0.2 */
	struct carp_vhost_conf c;
	struct carp_vhost *vh;
	struct carp_table *t;
	struct carp_err err;

	t = carp_table_create(&ops, NULL);
	if (t == NULL || carp_port_add(t, 0, own, 24, &err) != 0) {
		fprintf(stderr, "embed: port: %s\n", t ? err.msg : "no memory");
		return 1;
	}
	carp_port_link(t, 0, true, 1 * NS);
	carp_vhost_conf_init(&c);
	snprintf(c.name, sizeof(c.name), "carp0");
	snprintf(c.pass, sizeof(c.pass), "mekmitasdigoat");
	c.vhid = 7;
	/* 10.0.0.1/24 */
	if (carp_vhost_conf_addr_add(&c, rte_cpu_to_be_32(0x0a000001),
			24) != 0)
		return 1;
	vh = carp_vhost_create(t, &c, 1 * NS, &err);
	carp_vhost_conf_release(&c);	/* the vhost has its own copy */
	if (vh == NULL) {
		fprintf(stderr, "embed: vhost: %s\n", err.msg);
		return 1;
	}
	/* BACKUP now, master-down 3 s away: let it expire. */
	if (vh->fsm.state != CARP_STATE_BACKUP || seen.deadline != 4 * NS) {
		fprintf(stderr, "embed: not BACKUP with master-down at 4 s\n");
		return 1;
	}
	carp_vhost_expire(t, vh, seen.deadline);
	if (seen.masters != 1 || seen.adverts != 1 || seen.garps != 1 ||
	    seen.adv.vhid != 7 || seen.adv.src != own ||
	    !carp_auth_verify(&vh->auth, seen.adv.counter, seen.adv.digest)) {
		fprintf(stderr, "embed: MASTER %u, %u advertisement(s), %u "
			"gratuitous ARP(s)\n", seen.masters, seen.adverts,
			seen.garps);
		return 1;
	}
	printf("carp0: MASTER, %u advertisement (vhid %u, authenticated), "
		"%u gratuitous ARP\n", seen.adverts, seen.adv.vhid, seen.garps);
	carp_table_free(t);
	return 0;
}
