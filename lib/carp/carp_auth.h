/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_AUTH_H
#define CARP_AUTH_H

/**
 * @file
 * CARP authentication: HMAC-SHA1 (RFC 2104) keyed with the password over
 *   0x02 0x01 vhid | IPv4 addresses, sorted ascending, each once |
 *   IPv6 addresses, sorted bytewise, each once | counter
 * (lib/carp/PROTOCOL.md §2). Everything before the counter is constant for a
 * vhost, so the key pads and that prefix are hashed once, when the key or the
 * address set changes; a digest then costs two short SHA-1 finals.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_byteorder.h>

#include "carp_wire.h"

/** Longest password: the BSDs keep it in 20 bytes with a terminating NUL. */
#define CARP_PASS_MAX	19

struct evp_md_ctx_st;

struct carp_auth {
	struct evp_md_ctx_st *inner;	/**< ipad and message prefix hashed */
	struct evp_md_ctx_st *outer;	/**< opad hashed */
	struct evp_md_ctx_st *work;	/**< scratch, reused per digest */
};

/**
 * Check a password; on error write why into err.
 * @return 0, or -EINVAL if it is 20 characters or longer.
 */
int carp_pass_check(const char *pass, char *err, size_t errlen);

/**
 * Sort addresses (network order) ascending as numbers and drop duplicates,
 * in place. @return the number left.
 */
unsigned int carp_addrs_sort(rte_be32_t *addrs, unsigned int n);

/** Allocate the hash contexts. @return 0 or -ENOMEM. */
int carp_auth_init(struct carp_auth *a);

/** Free the hash contexts; a zeroed or freed carp_auth is fine. */
void carp_auth_free(struct carp_auth *a);

/**
 * Key the vhost: password (NULL or "" for none), vhid and its addresses
 * (network order, any order, duplicates allowed).
 * @return 0, -EINVAL (password too long) or -EIO (OpenSSL failed).
 */
int carp_auth_set(struct carp_auth *a, const char *pass, uint8_t vhid,
		const rte_be32_t *addrs, unsigned int naddrs);

/**
 * Key a vhost with IPv6 addresses too: after the IPv4 ones, its IPv6 ones
 * sorted bytewise, each once (lib/carp/PROTOCOL.md §10.1).
 */
int carp_auth_set6(struct carp_auth *a, const char *pass, uint8_t vhid,
		const rte_be32_t *addrs, unsigned int naddrs,
		const struct carp_in6 *addrs6, unsigned int naddrs6);

/** Sort IPv6 addresses bytewise and drop duplicates, in place. @return the
 *  number left. */
unsigned int carp_addrs6_sort(struct carp_in6 *addrs, unsigned int n);

/** Digest of an advertisement carrying counter (wire bytes). */
int carp_auth_digest(const struct carp_auth *a,
		const uint8_t counter[CARP_COUNTER_LEN],
		uint8_t digest[CARP_DIGEST_LEN]);

/** True if digest matches counter; compared in constant time. */
bool carp_auth_verify(const struct carp_auth *a,
		const uint8_t counter[CARP_COUNTER_LEN],
		const uint8_t digest[CARP_DIGEST_LEN]);

#endif /* CARP_AUTH_H */
