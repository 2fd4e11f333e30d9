/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_PARSE_H
#define APP_PARSE_H

/**
 * @file
 * The grammar of values an operator writes, the same in the configuration
 * file and on the console: decimal numbers, IPv4 and IPv6 addresses.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_byteorder.h>

#include "carp_wire.h"

enum parse_num {
	PARSE_NUM_OK,
	PARSE_NUM_BAD,	/**< not a decimal integer */
	PARSE_NUM_NEG,
	PARSE_NUM_BIG,	/**< does not fit 64 bits */
};

/**
 * A decimal integer and nothing else (leading zeros are harmless):
 * not " 12", "+12", "0x10", nor "-1" read as a huge number.
 */
enum parse_num parse_dec(const char *s, unsigned long long *v);

/**
 * "a.b.c.d" or "a.b.c.d/len" in the first len characters of s. Only the
 * dotted quad: "10.1" and "0x0a.0.0.1" are refused.
 * @return 0, -1 for a bad address, -2 for a bad prefix length; *prefix
 *   is 0 when there is none.
 */
int parse_cidr(const char *s, size_t len, rte_be32_t *addr, uint8_t *prefix);

/** Not 0.0.0.0, nor multicast (224/4) or above. */
bool parse_unicast(rte_be32_t addr);

/** True if the first len characters of s are meant as an IPv6 address:
 *  they hold a ':', which no IPv4 address has. */
bool parse_is_v6(const char *s, size_t len);

/**
 * "x:x::x" or "x:x::x/len" (len 1..128) in the first len characters of s,
 * in any form inet_pton(AF_INET6) takes.
 * @return 0, -1 for a bad address, -2 for a bad prefix length; *prefix
 *   is 0 when there is none.
 */
int parse_cidr6(const char *s, size_t len, struct carp_in6 *addr,
		uint8_t *prefix);

/**
 * Why a host may not hold a as its address or a virtual one: "a link-local
 * address", "a multicast address", "the unspecified address", "the
 * loopback address", "an IPv4-mapped address" (or "not a unicast
 * address"); NULL if it may: carp_in6_unicast()'s verdict, with a name.
 */
const char *parse_unusable6(const struct carp_in6 *a);

#endif /* APP_PARSE_H */
