/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Numbers and addresses, IPv4 and IPv6, as an operator writes them.
 */

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>

#include <rte_ip.h>

#include "carp_wire6.h"
#include "parse.h"

enum parse_num
parse_dec(const char *s, unsigned long long *v)
{
	unsigned long long x = 0;
	bool neg = false, big = false;
	unsigned int d;

	if (*s == '-') {
		neg = true;
		s++;
	}
	if (*s == '\0')
		return PARSE_NUM_BAD;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return PARSE_NUM_BAD;
		d = (unsigned int)(*s - '0');
		if (x > (ULLONG_MAX - d) / 10)
			big = true;
		else
			x = x * 10 + d;
	}
	if (neg)
		return PARSE_NUM_NEG;
	if (big)
		return PARSE_NUM_BIG;
	*v = x;
	return PARSE_NUM_OK;
}

int
parse_cidr(const char *s, size_t len, rte_be32_t *addr, uint8_t *prefix)
{
	char buf[INET_ADDRSTRLEN + 4];
	unsigned long long v;
	char *slash;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*prefix = 0;
	slash = strchr(buf, '/');
	if (slash != NULL) {
		*slash = '\0';
		if (parse_dec(slash + 1, &v) != PARSE_NUM_OK || v < 1 || v > 32)
			return inet_pton(AF_INET, buf, addr) == 1 ? -2 : -1;
		*prefix = (uint8_t)v;
	}
	return inet_pton(AF_INET, buf, addr) == 1 ? 0 : -1;
}

bool
parse_unicast(rte_be32_t addr)
{
	uint32_t h = rte_be_to_cpu_32(addr);

	/* Not 0.0.0.0, nor multicast (224/4) or above; the unsigned
	 * operands spare RTE_IPV4 a signed shift.
	 */
	return h != 0 && h < RTE_IPV4(224u, 0u, 0u, 0u);
}

bool
parse_is_v6(const char *s, size_t len)
{
	return memchr(s, ':', len) != NULL;
}

int
parse_cidr6(const char *s, size_t len, struct carp_in6 *addr, uint8_t *prefix)
{
	char buf[INET6_ADDRSTRLEN + 4];
	unsigned long long v;
	char *slash;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*prefix = 0;
	slash = strchr(buf, '/');
	if (slash != NULL) {
		*slash = '\0';
		if (parse_dec(slash + 1, &v) != PARSE_NUM_OK || v < 1 ||
		    v > 128)
			return inet_pton(AF_INET6, buf, addr->a) == 1 ? -2 : -1;
		*prefix = (uint8_t)v;
	}
	return inet_pton(AF_INET6, buf, addr->a) == 1 ? 0 : -1;
}

const char *
parse_unusable6(const struct carp_in6 *a)
{
	static const uint8_t mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	unsigned int i;

	/* lib/carp's verdict; the names are for the message only. */
	if (carp_in6_unicast(a))
		return NULL;
	if (a->a[0] == 0xfe && (a->a[1] & 0xc0) == 0x80)
		return "a link-local address";
	if (a->a[0] == 0xff)
		return "a multicast address";
	if (memcmp(a->a, mapped, sizeof(mapped)) == 0)
		return "an IPv4-mapped address";
	for (i = 0; i < 15 && a->a[i] == 0; i++)
		;
	if (i == 15 && a->a[15] == 0)
		return "the unspecified address";
	if (i == 15 && a->a[15] == 1)
		return "the loopback address";
	return "not a unicast address";
}
