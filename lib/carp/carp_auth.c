/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * CARP authentication (lib/carp/PROTOCOL.md §2): HMAC-SHA1 by hand on
 * EVP_MD_CTX, with the key pads and the constant message prefix hashed
 * once per key, so that a digest needs no allocation.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <rte_byteorder.h>

#include "carp_auth.h"

#define SHA1_BLOCK	64
#define HMAC_IPAD	0x36
#define HMAC_OPAD	0x5c

int
carp_pass_check(const char *pass, char *err, size_t errlen)
{
	size_t n = pass != NULL ? strlen(pass) : 0;

	if (n <= CARP_PASS_MAX)
		return 0;
	if (err != NULL)
		snprintf(err, errlen,
			"password is %zu characters; CARP allows at most %u "
			"(BSD peers keep %u plus a NUL and would silently "
			"not match, ucarp refuses it)",
			n, CARP_PASS_MAX, CARP_PASS_MAX);
	return -EINVAL;
}

static int
addr_cmp(const void *a, const void *b)
{
	uint32_t x = rte_be_to_cpu_32(*(const rte_be32_t *)a);
	uint32_t y = rte_be_to_cpu_32(*(const rte_be32_t *)b);

	return x < y ? -1 : x > y;
}

unsigned int
carp_addrs_sort(rte_be32_t *addrs, unsigned int n)
{
	unsigned int i, out;

	if (n == 0)
		return 0;
	qsort(addrs, n, sizeof(*addrs), addr_cmp);
	for (i = 1, out = 1; i < n; i++)
		if (addrs[i] != addrs[out - 1])
			addrs[out++] = addrs[i];
	return out;
}

int
carp_auth_init(struct carp_auth *a)
{
	a->inner = EVP_MD_CTX_new();
	a->outer = EVP_MD_CTX_new();
	a->work = EVP_MD_CTX_new();
	if (a->inner == NULL || a->outer == NULL || a->work == NULL) {
		carp_auth_free(a);
		return -ENOMEM;
	}
	return 0;
}

void
carp_auth_free(struct carp_auth *a)
{
	EVP_MD_CTX_free(a->inner);
	EVP_MD_CTX_free(a->outer);
	EVP_MD_CTX_free(a->work);
	a->inner = a->outer = a->work = NULL;
}

/*
 * RFC 2104 by hand rather than through EVP_MAC: the inner context can then
 * absorb the constant message prefix once, and a digest needs no
 * allocation (EVP_MD_CTX_copy_ex reuses the destination context).
 */
static int
addr6_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct carp_in6));
}

unsigned int
carp_addrs6_sort(struct carp_in6 *addrs, unsigned int n)
{
	unsigned int i, out;

	if (n == 0)
		return 0;
	qsort(addrs, n, sizeof(*addrs), addr6_cmp);
	for (i = 1, out = 1; i < n; i++)
		if (addr6_cmp(&addrs[i], &addrs[out - 1]) != 0)
			addrs[out++] = addrs[i];
	return out;
}

int
carp_auth_set(struct carp_auth *a, const char *pass, uint8_t vhid,
		const rte_be32_t *addrs, unsigned int naddrs)
{
	return carp_auth_set6(a, pass, vhid, addrs, naddrs, NULL, 0);
}

int
carp_auth_set6(struct carp_auth *a, const char *pass, uint8_t vhid,
		const rte_be32_t *addrs, unsigned int naddrs,
		const struct carp_in6 *addrs6, unsigned int naddrs6)
{
	uint8_t ipad[SHA1_BLOCK], opad[SHA1_BLOCK];
	uint8_t head[3] = { CARP_VERSION, CARP_TYPE_ADVERTISEMENT, vhid };
	rte_be32_t *sorted = NULL;
	struct carp_in6 *sorted6 = NULL;
	size_t keylen, i;
	int ret = -EIO;

	if (carp_pass_check(pass, NULL, 0) != 0)
		return -EINVAL;
	if (a->inner == NULL && carp_auth_init(a) != 0)
		return -ENOMEM;

	/* A 19-byte key needs no hashing down: it is padded to the block. */
	keylen = pass != NULL ? strlen(pass) : 0;
	memset(ipad, 0, sizeof(ipad));
	if (keylen > 0)
		memcpy(ipad, pass, keylen);
	memcpy(opad, ipad, sizeof(opad));
	for (i = 0; i < SHA1_BLOCK; i++) {
		ipad[i] ^= HMAC_IPAD;
		opad[i] ^= HMAC_OPAD;
	}

	if (naddrs > 0) {
		sorted = malloc(naddrs * sizeof(*sorted));
		if (sorted == NULL)
			return -ENOMEM;
		memcpy(sorted, addrs, naddrs * sizeof(*sorted));
		naddrs = carp_addrs_sort(sorted, naddrs);
	}
	/* Then the IPv6 ones, bytewise (link-local ones, whose scope the
	 * BSDs embed in bytes 2-3, are never virtual addresses here).
	 */
	if (naddrs6 > 0) {
		sorted6 = malloc(naddrs6 * sizeof(*sorted6));
		if (sorted6 == NULL) {
			free(sorted);
			return -ENOMEM;
		}
		memcpy(sorted6, addrs6, naddrs6 * sizeof(*sorted6));
		naddrs6 = carp_addrs6_sort(sorted6, naddrs6);
	}

	if (EVP_DigestInit_ex(a->inner, EVP_sha1(), NULL) != 1 ||
	    EVP_DigestUpdate(a->inner, ipad, sizeof(ipad)) != 1 ||
	    EVP_DigestUpdate(a->inner, head, sizeof(head)) != 1 ||
	    (naddrs > 0 && EVP_DigestUpdate(a->inner, sorted,
			naddrs * sizeof(*sorted)) != 1) ||
	    (naddrs6 > 0 && EVP_DigestUpdate(a->inner, sorted6,
			naddrs6 * sizeof(*sorted6)) != 1) ||
	    EVP_DigestInit_ex(a->outer, EVP_sha1(), NULL) != 1 ||
	    EVP_DigestUpdate(a->outer, opad, sizeof(opad)) != 1)
		goto out;
	ret = 0;
out:
	OPENSSL_cleanse(ipad, sizeof(ipad));
	OPENSSL_cleanse(opad, sizeof(opad));
	free(sorted);
	free(sorted6);
	return ret;
}

int
carp_auth_digest(const struct carp_auth *a,
		const uint8_t counter[CARP_COUNTER_LEN],
		uint8_t digest[CARP_DIGEST_LEN])
{
	uint8_t inner[EVP_MAX_MD_SIZE];
	unsigned int n;

	if (a->inner == NULL ||
	    EVP_MD_CTX_copy_ex(a->work, a->inner) != 1 ||
	    EVP_DigestUpdate(a->work, counter, CARP_COUNTER_LEN) != 1 ||
	    EVP_DigestFinal_ex(a->work, inner, &n) != 1 ||
	    EVP_MD_CTX_copy_ex(a->work, a->outer) != 1 ||
	    EVP_DigestUpdate(a->work, inner, n) != 1 ||
	    EVP_DigestFinal_ex(a->work, inner, &n) != 1 ||
	    n != CARP_DIGEST_LEN)
		return -EIO;
	memcpy(digest, inner, CARP_DIGEST_LEN);
	return 0;
}

bool
carp_auth_verify(const struct carp_auth *a,
		const uint8_t counter[CARP_COUNTER_LEN],
		const uint8_t digest[CARP_DIGEST_LEN])
{
	uint8_t want[CARP_DIGEST_LEN];

	if (carp_auth_digest(a, counter, want) != 0)
		return false;
	return CRYPTO_memcmp(want, digest, CARP_DIGEST_LEN) == 0;
}
