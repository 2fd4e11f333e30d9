/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_NETLINK_H
#define APP_NETLINK_H

/**
 * @file
 * The few things dpdk-carp asks of the kernel about an interface of the
 * namespace it runs in: its index, addresses added and removed over
 * rtnetlink, its MTU and up flag, and per-interface sysctls. Called on the
 * control lcore and at start; each call is a syscall or two.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_byteorder.h>

/** Add (or remove) addr/prefixlen on interface ifindex; without a prefix
 *  route when noprefixroute. @return 0 or -errno (-EEXIST on add and
 *  -EADDRNOTAVAIL on remove count as done). */
int netlink_addr(unsigned int ifindex, rte_be32_t addr, uint8_t prefixlen,
		bool add, bool noprefixroute);

/** The same for an IPv6 address; a virtual one (vip) without prefix
 *  route and without duplicate address detection: another host holds it
 *  too, by design. */
int netlink_addr6(unsigned int ifindex, const uint8_t addr[16],
		uint8_t prefixlen, bool add, bool vip);

/** Bring ifname up, with mtu (0: leave it). @return 0 or -errno. */
int netlink_link_up(const char *ifname, uint16_t mtu);

/** The MTU of ifname. @return 0 or -errno. */
int netlink_get_mtu(const char *ifname, uint16_t *mtu);

/** Write value to /proc/sys/net/ipv4/conf/IFNAME/key (or ipv6).
 *  @return 0 or -errno. */
int netlink_sysctl(const char *family, const char *ifname, const char *key,
		const char *value);

#endif /* APP_NETLINK_H */
