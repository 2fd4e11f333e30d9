/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_CONF_H
#define CARP_CONF_H

/**
 * @file
 * What an operator configures for a carp interface (ifconfig carpN), and
 * the one place that knows its fields' names and ranges: the configuration
 * file and the console ask here instead of keeping copies.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_byteorder.h>

#include "carp_auth.h"
#include "carp_err.h"

#define CARP_MAX_PORTS	32
#define CARP_NAME_MAX	16	/* "carp0", with room, NUL included */
/** Every carp interface is named carp..., like the BSDs' cloned ones. */
#define CARP_NAME_PREFIX "carp"
#define CARP_VHID_MIN	1
#define CARP_VHID_MAX	255
#define CARP_ADVBASE_MAX 254
#define CARP_ADVSKEW_MAX 254

/** A carp interface as configured. */
struct carp_vhost_conf {
	char name[CARP_NAME_MAX];
	uint16_t port;
	uint8_t vhid;			/**< 1..255 */
	uint8_t advbase;		/**< 0..254 s */
	uint8_t advskew;		/**< 0..254 */
	bool down;			/**< administratively down */
	/** Unicast advertisements to this peer's address (FreeBSD's peer,
	 *  OpenBSD's carppeer), or 0 for 224.0.0.18. */
	rte_be32_t peer;
	char pass[CARP_PASS_MAX + 1];
	/* The virtual addresses, as many as memory holds: the arrays belong
	 * to this configuration (carp_vhost_conf_copy, _release).
	 */
	unsigned int naddrs;
	unsigned int addrs_room;	/**< entries allocated */
	rte_be32_t *addrs;		/**< as configured */
	uint8_t *prefixlen;
	/* The IPv6 ones, alike. */
	unsigned int naddrs6;
	unsigned int addrs6_room;
	struct carp_in6 *addrs6;
	uint8_t *prefixlen6;
};

/** Defaults of a vhost configuration: advbase 1, no address, everything
 *  else 0. It holds no memory until an address is added. */
void carp_vhost_conf_init(struct carp_vhost_conf *c);

/** Free the addresses of c; c is then an initialised configuration with
 *  no address (its other fields kept). */
void carp_vhost_conf_release(struct carp_vhost_conf *c);

/** Make dst (initialised or released before) a copy of src, addresses
 *  included. @return 0 or -ENOMEM (dst then has no address). */
int carp_vhost_conf_copy(struct carp_vhost_conf *dst,
		const struct carp_vhost_conf *src);

/** Append an address. Amortised O(1). @return 0 or -ENOMEM. */
int carp_vhost_conf_addr_add(struct carp_vhost_conf *c, rte_be32_t addr,
		uint8_t prefixlen);

/** Remove the address at index i; the last one takes its place. */
void carp_vhost_conf_addr_del(struct carp_vhost_conf *c, unsigned int i);

/** The same for IPv6 addresses. */
int carp_vhost_conf_addr6_add(struct carp_vhost_conf *c,
		const struct carp_in6 *addr, uint8_t prefixlen);
void carp_vhost_conf_addr6_del(struct carp_vhost_conf *c, unsigned int i);

/**
 * Check a carp interface name: CARP_NAME_PREFIX, then at most
 * CARP_NAME_MAX - 1 characters in all. @return 0 or -EINVAL and err.
 */
int carp_name_check(const char *name, struct carp_err *err);

/** True if a and b configure the same carp interface alike (name, port,
 *  vhid, timing, password, down, addresses in order). */
bool carp_vhost_conf_equal(const struct carp_vhost_conf *a,
		const struct carp_vhost_conf *b);

/** The name of a field as the operator writes it ("vhid", "advbase",
 *  "pass", "address", ...), or NULL. */
const char *carp_field_name(enum carp_field f);

/** A field by that name, or CARP_FIELD_NONE. */
enum carp_field carp_field_lookup(const char *name);

/** The range of a numeric field (vhid, advbase, advskew).
 *  @return false for other fields. */
bool carp_field_range(enum carp_field f, unsigned int *min,
		unsigned int *max);

/**
 * Set a numeric field of c, checked against its range.
 * @return 0, or -EINVAL and err ("advskew must be 0..254, not 300").
 */
int carp_conf_set_num(struct carp_vhost_conf *c, enum carp_field f,
		long long v, struct carp_err *err);

#endif /* CARP_CONF_H */
