/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * libFuzzer target: any bytes as a frame received on a port, through the
 * whole receive path (lib/carp/PROTOCOL.md §3, and §10 for IPv6) of a
 * table with running vhosts of each kind (IPv4 only, IPv6 only, both
 * families), and the state machine behind it.
 *
 * The Ethernet destination is never checked on receipt, so its bytes
 * steer the run without changing what the frame means:
 *  - byte 0: the time step (x 10 ms), so that timers expire between
 *    frames; when odd, the frame's checksums are made right first, so
 *    that mutations of advbase, advskew, vhid or version reach the checks
 *    behind the checksum (a digest does not cover those fields);
 *  - byte 3 (0 in both families' multicast MACs), bit 0: preempt; bit 1
 *    set: the dual-stack vhost without its IPv4 address, bit 2 set:
 *    without its IPv6 address (added and removed as the bits change from
 *    one frame to the next).
 * Seed advertisements that authenticate: test/fuzz/carp6-seeds.pcap (the
 * keys below), besides test/data/ucarp-vhid7.pcap.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include "carp_vhost.h"
#include "carp_wire6.h"

#define FRAME_MAX	2048

static uint64_t now;

static void
check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

/* What we send must be what lib/carp/PROTOCOL.md says: advertisements
 * that parse back, neighbour advertisements whose checksum holds,
 * gratuitous ARPs; nothing else.
 */
static int
xmit(void *arg, uint16_t port, const void *frame, size_t len)
{
	const struct rte_ether_hdr *eth = frame;
	const struct rte_ipv6_hdr *ip6 = (const void *)(eth + 1);
	struct carp_in6 src, dst;
	struct carp_adv adv;

	(void)arg;
	check(port == 0 && len >= RTE_ETHER_HDR_LEN);
	switch (rte_be_to_cpu_16(eth->ether_type)) {
	case RTE_ETHER_TYPE_IPV4:
		check(len == CARP_ADV_FRAME_LEN &&
			carp_adv_parse(frame, len, &adv) == CARP_STAT_NONE);
		break;
	case RTE_ETHER_TYPE_ARP:
		check(len == CARP_ARP_FRAME_LEN);
		break;
	case RTE_ETHER_TYPE_IPV6:
		if (ip6->proto == CARP_IPPROTO) {
			check(len == CARP_ADV6_FRAME_LEN &&
				carp_adv6_parse(frame, len, &adv) ==
				CARP_STAT_NONE);
			break;
		}
		check(len == CARP_NA_FRAME_LEN &&
			ip6->proto == CARP_IPPROTO_ICMPV6);
		memcpy(src.a, &ip6->src_addr, 16);
		memcpy(dst.a, &ip6->dst_addr, 16);
		check(carp_icmp6_cksum(&src, &dst, ip6 + 1, CARP_NA_LEN) == 0);
		break;
	default:
		check(false);
	}
	return 0;
}

/* A timer is armed from the time of the event that arms it: never in the
 * past, since every due timer expired before the frame came.
 */
static void
timer(void *arg, struct carp_vhost *vh)
{
	(void)arg;
	check(vh->fsm.timer == CARP_TIMER_NONE || vh->fsm.deadline >= now);
}

/* Port 0: 10.99.0.1/24, 2001:db8::1/64, link-local fe80::ff:fe00:1. */
static const struct rte_ether_addr port_mac = {
	.addr_bytes = { 0x02, 0, 0, 0, 0, 0x01 } };
#define VIP4_7		RTE_BE32(0x0a630064)	/* 10.99.0.100: carp0 */
#define VIP4_9		RTE_BE32(0x0a630065)	/* 10.99.0.101: carp2 */

/* 2001:db8::N, N up to ffff */
static struct carp_in6
db8(uint16_t n)
{
	struct carp_in6 a = { .a = { 0x20, 0x01, 0x0d, 0xb8 } };

	a.a[14] = (uint8_t)(n >> 8);
	a.a[15] = (uint8_t)n;
	return a;
}

static void
vhost_add(struct carp_table *t, const char *name, uint8_t vhid,
		const rte_be32_t *v4, unsigned int n4,
		const struct carp_in6 *v6, unsigned int n6)
{
	struct carp_vhost_conf c;
	struct carp_err err;
	unsigned int i;

	carp_vhost_conf_init(&c);
	strcpy(c.name, name);
	c.vhid = vhid;
	strcpy(c.pass, "mekmitasdigoat");
	for (i = 0; i < n4; i++)
		carp_vhost_conf_addr_add(&c, v4[i], 24);
	for (i = 0; i < n6; i++)
		carp_vhost_conf_addr6_add(&c, &v6[i], 64);
	check(carp_vhost_create(t, &c, 0, &err) != NULL);
	carp_vhost_conf_release(&c);
}

/*
 * carp0: vhid 7, 10.99.0.100 (the ucarp capture's); carp1: vhid 8,
 * 2001:db8::100 and ::101; carp2: vhid 9, 10.99.0.101 and 2001:db8::102.
 * All with the password mekmitasdigoat.
 */
static struct carp_table *
table(void)
{
	static const struct carp_ops ops = { .xmit = xmit, .timer = timer };
	static struct carp_table *t;
	const rte_be32_t v4_7 = VIP4_7, v4_9 = VIP4_9;
	const struct carp_in6 v6_8[] = { db8(0x100), db8(0x101) };
	struct carp_in6 ll6, own6 = db8(1), v6_9 = db8(0x102);
	struct carp_err err;

	if (t != NULL)
		return t;
	t = carp_table_create(&ops, NULL);
	check(t != NULL);
	check(carp_port_add(t, 0, RTE_BE32(0x0a630001), 24, &err) == 0);
	carp_in6_linklocal(&port_mac, &ll6);
	check(carp_port_add6(t, 0, &ll6, &own6, 64, &err) == 0);
	carp_port_link(t, 0, true, 0);
	vhost_add(t, "carp0", 7, &v4_7, 1, NULL, 0);
	vhost_add(t, "carp1", 8, NULL, 0, v6_8, 2);
	vhost_add(t, "carp2", 9, &v4_9, 1, &v6_9, 1);
	return t;
}

/* The checksums of an IPv4 or IPv6 advertisement made right, in place. */
static void
fix_sums(uint8_t *f, size_t len)
{
	const struct rte_ether_hdr *eth = (const void *)f;
	struct rte_ipv4_hdr *ip;
	struct carp_hdr *ch;
	size_t ihl;

	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6)) {
		if (len < CARP_ADV6_FRAME_LEN)
			return;
		ch = (struct carp_hdr *)(f + RTE_ETHER_HDR_LEN +
			CARP_IP6_HDR_LEN);
	} else if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4)) {
		if (len < RTE_ETHER_HDR_LEN + sizeof(*ip))
			return;
		ip = (struct rte_ipv4_hdr *)(f + RTE_ETHER_HDR_LEN);
		ihl = (size_t)(ip->version_ihl & 0x0f) * 4;
		if (ihl < sizeof(*ip) || RTE_ETHER_HDR_LEN + ihl > len)
			return;
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		if (RTE_ETHER_HDR_LEN + ihl + CARP_HDR_LEN > len)
			return;
		ch = (struct carp_hdr *)(f + RTE_ETHER_HDR_LEN + ihl);
	} else {
		return;
	}
	ch->cksum = 0;
	ch->cksum = carp_hdr_cksum(ch);
}

/* Bits 1 and 2 of byte 3: carp2 without one of its families. */
static void
families(struct carp_table *t, uint8_t ctl)
{
	static uint8_t last;
	struct carp_vhost *vh = carp_vhost_find(t, "carp2");
	struct carp_in6 v6_9 = db8(0x102);
	struct carp_err err;

	if (vh == NULL)
		return;
	if ((ctl ^ last) & 0x02) {
		if (ctl & 0x02)
			carp_vhost_addr_del(t, vh, VIP4_9, now, &err);
		else
			carp_vhost_addr_add(t, vh, VIP4_9, 24, now, &err);
	}
	if ((ctl ^ last) & 0x04) {
		if (ctl & 0x04)
			carp_vhost_addr6_del(t, vh, &v6_9, now, &err);
		else
			carp_vhost_addr6_add(t, vh, &v6_9, 64, now, &err);
	}
	last = ctl;
}

static void
expire_due(struct carp_table *t)
{
	struct carp_vhost *vh;

	TAILQ_FOREACH(vh, &t->vhosts, next)
		if (vh->fsm.timer != CARP_TIMER_NONE &&
		    vh->fsm.deadline <= now)
			carp_vhost_expire(t, vh, now);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t f[FRAME_MAX];
	struct carp_table *t = table();
	struct carp_err err;
	uint8_t ctl = size > 3 ? data[3] : 0;

	now += (size > 0 ? data[0] : 1) * 10000000ULL;
	expire_due(t);
	carp_sysctl_set(t, CARP_KNOB_PREEMPT, ctl & 0x01, now, &err);
	families(t, ctl);
	if (size > 0 && (data[0] & 1) && size <= sizeof(f)) {
		memcpy(f, data, size);
		fix_sums(f, size);
		carp_input(t, 0, f, size, now);
	} else {
		carp_input(t, 0, data, size, now);
	}
	return 0;
}
