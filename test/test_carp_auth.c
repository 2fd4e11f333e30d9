/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * carp_auth_autotest: the HMAC-SHA1 of lib/carp/PROTOCOL.md §2 against its
 * known answer, against real ucarp advertisements and against a one-shot
 * OpenSSL HMAC() over a message the test lays out itself.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <rte_byteorder.h>

#include "carp_auth.h"
#include "carp_wire.h"
#include "test.h"
#include "test_pcap.h"

/* RTE_IPV4 shifts an int: undefined for a first byte of 128 or more. */
#define IPV4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
	(uint32_t)(c) << 8 | (uint32_t)(d))

#define KAT_PASS	"mekmitasdigoat"
#define KAT_VHID	7
#define KAT_ADDR	IPV4(10, 99, 0, 100)

/* Frame 4 of ucarp-vhid7.pcap: counter and digest (lib/carp/PROTOCOL.md §2). */
static const uint8_t kat_counter[CARP_COUNTER_LEN] = {
	0x6b, 0xb0, 0x8e, 0x79, 0x9c, 0x6c, 0x0e, 0x0e };
static const uint8_t kat_digest[CARP_DIGEST_LEN] = {
	0xff, 0xb6, 0x6f, 0x62, 0xad, 0x96, 0x75, 0x92, 0xc9, 0x49,
	0x0c, 0x71, 0x83, 0xda, 0x8f, 0x43, 0x1c, 0xd0, 0x58, 0x32 };

static struct carp_auth auth;

static int
auth_setup(void)
{
	memset(&auth, 0, sizeof(auth));
	TEST_ASSERT_SUCCESS(carp_auth_init(&auth), "carp_auth_init");
	return TEST_SUCCESS;
}

static void
auth_teardown(void)
{
	carp_auth_free(&auth);
}

static uint64_t rng_state;

static uint64_t
rng(void)
{
	return test_xorshift(&rng_state);
}

/*
 * The digest as lib/carp/PROTOCOL.md §2 defines it, from a one-shot HMAC() over
 * a message laid out here: 02 01 vhid, the addresses in the order given
 * (host order, the caller sorts them), the counter.
 */
static int
ref_digest(const char *pass, uint8_t vhid, const uint32_t *addrs,
		unsigned int n, const uint8_t counter[CARP_COUNTER_LEN],
		uint8_t out[CARP_DIGEST_LEN])
{
	uint8_t msg[3 + 4 * 16 + CARP_COUNTER_LEN];
	unsigned int i, len = 0, mdlen = 0;

	if (n > 16)
		return -1;
	msg[len++] = 2;
	msg[len++] = 1;
	msg[len++] = vhid;
	for (i = 0; i < n; i++) {
		msg[len++] = (uint8_t)(addrs[i] >> 24);
		msg[len++] = (uint8_t)(addrs[i] >> 16);
		msg[len++] = (uint8_t)(addrs[i] >> 8);
		msg[len++] = (uint8_t)addrs[i];
	}
	memcpy(msg + len, counter, CARP_COUNTER_LEN);
	len += CARP_COUNTER_LEN;
	if (HMAC(EVP_sha1(), pass, (int)strlen(pass), msg, len, out,
			&mdlen) == NULL || mdlen != CARP_DIGEST_LEN)
		return -1;
	return 0;
}

/* Key auth with host-order addresses. */
static int
auth_set(const char *pass, uint8_t vhid, const uint32_t *addrs,
		unsigned int n)
{
	rte_be32_t be[16];
	unsigned int i;

	for (i = 0; i < n && i < RTE_DIM(be); i++)
		be[i] = rte_cpu_to_be_32(addrs[i]);
	return carp_auth_set(&auth, pass, vhid, be, n);
}

/* --- the known answer ------------------------------------------------- */

static int
test_auth_known_answer(void)
{
	static const uint8_t msg[] = { 0x02, 0x01, 0x07, 0x0a, 0x63, 0x00,
		0x64, 0x6b, 0xb0, 0x8e, 0x79, 0x9c, 0x6c, 0x0e, 0x0e };
	const uint32_t addr = KAT_ADDR;
	uint8_t d[CARP_DIGEST_LEN];
	unsigned int mdlen = 0;

	/* The vector itself, through OpenSSL alone. */
	TEST_ASSERT_NOT_NULL(HMAC(EVP_sha1(), KAT_PASS, strlen(KAT_PASS),
		msg, sizeof(msg), d, &mdlen), "HMAC");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(d, kat_digest, CARP_DIGEST_LEN,
		"lib/carp/PROTOCOL.md §2 vector");

	TEST_ASSERT_SUCCESS(auth_set(KAT_PASS, KAT_VHID, &addr, 1),
		"carp_auth_set");
	memset(d, 0, sizeof(d));
	TEST_ASSERT_SUCCESS(carp_auth_digest(&auth, kat_counter, d),
		"carp_auth_digest");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(d, kat_digest, CARP_DIGEST_LEN,
		"known answer");
	TEST_ASSERT(carp_auth_verify(&auth, kat_counter, kat_digest),
		"verify the known answer");
	return TEST_SUCCESS;
}

/*
 * lib/carp/PROTOCOL.md §10.1, by hand: password "mekmitasdigoat", vhid 7,
 * 10.0.0.2 and 10.0.0.1, 2001:db8::2 and 2001:db8::1 (given out of
 * order), counter 01 02 03 04 05 06 07 08. The message is 02 01 07, the
 * IPv4 addresses ascending (0a000001 0a000002), the IPv6 ones bytewise
 * (20010db8...01, 20010db8...02), the counter; its HMAC-SHA1, worked out
 * with Python's hmac module from those bytes:
 */
static const uint8_t kat6_digest[CARP_DIGEST_LEN] = {
	0x4b, 0x7f, 0x27, 0xaf, 0x5d, 0x7e, 0x2f, 0x94, 0x37, 0x5c,
	0xed, 0x8b, 0xda, 0x35, 0x9f, 0x7c, 0x47, 0x40, 0xe6, 0xe4 };
/* The same key with 2001:db8::1 alone, no IPv4 address. */
static const uint8_t kat6_only_digest[CARP_DIGEST_LEN] = {
	0x89, 0x7d, 0x80, 0xd7, 0xd1, 0x6e, 0xab, 0x33, 0xb9, 0xb5,
	0x01, 0x2c, 0x18, 0x84, 0x3f, 0xc1, 0xe7, 0x5d, 0x8b, 0xcb };

static int
test_auth_known_answer6(void)
{
	static const uint8_t counter[CARP_COUNTER_LEN] = {
		1, 2, 3, 4, 5, 6, 7, 8 };
	const rte_be32_t v4[] = { RTE_BE32(0x0a000002), RTE_BE32(0x0a000001) };
	struct carp_in6 v6[2];
	uint8_t d[CARP_DIGEST_LEN];

	memset(v6, 0, sizeof(v6));
	v6[0].a[0] = v6[1].a[0] = 0x20;
	v6[0].a[1] = v6[1].a[1] = 0x01;
	v6[0].a[2] = v6[1].a[2] = 0x0d;
	v6[0].a[3] = v6[1].a[3] = 0xb8;
	v6[0].a[15] = 2;
	v6[1].a[15] = 1;
	TEST_ASSERT_SUCCESS(carp_auth_set6(&auth, "mekmitasdigoat", 7, v4, 2,
		v6, 2), "carp_auth_set6");
	TEST_ASSERT_SUCCESS(carp_auth_digest(&auth, counter, d), "digest");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(d, kat6_digest, CARP_DIGEST_LEN,
		"dual-stack known answer");
	TEST_ASSERT_SUCCESS(carp_auth_set6(&auth, "mekmitasdigoat", 7, NULL, 0,
		&v6[1], 1), "carp_auth_set6, IPv6 only");
	TEST_ASSERT_SUCCESS(carp_auth_digest(&auth, counter, d), "digest");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(d, kat6_only_digest, CARP_DIGEST_LEN,
		"IPv6-only known answer");
	return TEST_SUCCESS;
}

/* The precomputed prefix must survive any number of digests. */
static int
test_auth_digest_repeatable(void)
{
	const uint32_t addr = KAT_ADDR;
	uint8_t c[CARP_COUNTER_LEN], d[CARP_DIGEST_LEN];
	uint8_t want[CARP_DIGEST_LEN];
	unsigned int i;

	TEST_ASSERT_SUCCESS(auth_set(KAT_PASS, KAT_VHID, &addr, 1), "set");
	rng_state = 0x1234567887654321ULL;
	for (i = 0; i < 200; i++) {
		carp_counter_put(c, i % 2 ? rng() : 0x6bb08e799c6c0e0eULL);
		TEST_ASSERT_SUCCESS(carp_auth_digest(&auth, c, d),
			"digest %u", i);
		TEST_ASSERT_SUCCESS(ref_digest(KAT_PASS, KAT_VHID, &addr, 1,
			c, want), "HMAC");
		TEST_ASSERT_BUFFERS_ARE_EQUAL(d, want, CARP_DIGEST_LEN,
			"digest %u", i);
	}
	return TEST_SUCCESS;
}

/* --- real ucarp advertisements ---------------------------------------- */

static struct test_frame frames[TEST_PCAP_MAX];
static struct carp_adv ads[TEST_PCAP_MAX];
static unsigned int nads;

static int
load_ads(void)
{
	enum carp_stat s;
	unsigned int i;
	int n;

	n = test_pcap_read("ucarp-vhid7.pcap", frames, TEST_PCAP_MAX);
	TEST_ASSERT(n > 0, "cannot read ucarp-vhid7.pcap");
	for (nads = 0, i = 0; i < (unsigned int)n; i++) {
		if (!test_frame_is_carp(&frames[i]))
			continue;
		s = carp_adv_parse(frames[i].data, frames[i].len, &ads[nads]);
		TEST_ASSERT(s == CARP_STAT_NONE, "frame %u: %s", i + 1,
			carp_stat_name(s));
		nads++;
	}
	TEST_ASSERT_EQUAL(nads, 7, "advertisements in ucarp-vhid7.pcap");
	return TEST_SUCCESS;
}

/* How many of the pcap's advertisements verify under the current key. */
static unsigned int
count_verified(void)
{
	unsigned int i, ok = 0;

	for (i = 0; i < nads; i++)
		if (carp_auth_verify(&auth, ads[i].counter, ads[i].digest))
			ok++;
	return ok;
}

static int
test_auth_ucarp_verify(void)
{
	const uint32_t addr = KAT_ADDR;

	if (load_ads() != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT_SUCCESS(auth_set(KAT_PASS, KAT_VHID, &addr, 1), "set");
	TEST_ASSERT_EQUAL(count_verified(), 7, "ucarp advertisements verified");
	return TEST_SUCCESS;
}

static int
test_auth_ucarp_wrong_pass(void)
{
	static const char * const wrong[] = { "mekmitasdigoaT",
		"mekmitasdigoa", "mekmitasdigoat ", "", "x" };
	const uint32_t addr = KAT_ADDR;
	unsigned int i;

	if (load_ads() != TEST_SUCCESS)
		return TEST_FAILED;
	for (i = 0; i < RTE_DIM(wrong); i++) {
		TEST_ASSERT_SUCCESS(auth_set(wrong[i], KAT_VHID, &addr, 1),
			"set");
		TEST_ASSERT_EQUAL(count_verified(), 0, "password '%s'",
			wrong[i]);
	}
	return TEST_SUCCESS;
}

static int
test_auth_ucarp_wrong_vhid(void)
{
	static const uint8_t wrong[] = { 1, 6, 8, 0x87, 255 };
	const uint32_t addr = KAT_ADDR;
	unsigned int i;

	if (load_ads() != TEST_SUCCESS)
		return TEST_FAILED;
	for (i = 0; i < RTE_DIM(wrong); i++) {
		TEST_ASSERT_SUCCESS(auth_set(KAT_PASS, wrong[i], &addr, 1),
			"set");
		TEST_ASSERT_EQUAL(count_verified(), 0, "vhid %u", wrong[i]);
	}
	return TEST_SUCCESS;
}

/* ucarp hashes exactly one address: any other set fails (lib/carp/PROTOCOL.md
 * §2), but the same address twice is still one address.
 */
static int
test_auth_ucarp_address_set(void)
{
	static const struct {
		uint32_t a[3];
		unsigned int n;
		unsigned int verified;
	} sets[] = {
		{ { KAT_ADDR, IPV4(10, 99, 0, 101) }, 2, 0 },
		{ { IPV4(10, 99, 0, 99), KAT_ADDR }, 2, 0 },
		{ { IPV4(10, 99, 0, 1) }, 1, 0 },
		{ { IPV4(100, 0, 99, 10) }, 1, 0 },
		{ { 0 }, 0, 0 },
		{ { KAT_ADDR, KAT_ADDR, KAT_ADDR }, 3, 7 },
	};
	unsigned int i;

	if (load_ads() != TEST_SUCCESS)
		return TEST_FAILED;
	for (i = 0; i < RTE_DIM(sets); i++) {
		TEST_ASSERT_SUCCESS(auth_set(KAT_PASS, KAT_VHID, sets[i].a,
			sets[i].n), "set");
		TEST_ASSERT_EQUAL(count_verified(), sets[i].verified,
			"address set %u", i);
	}
	return TEST_SUCCESS;
}

/* Every single bit error in the digest or the counter of every ucarp
 * advertisement is caught.
 */
static int
test_auth_flipped_digest_bit(void)
{
	const uint32_t addr = KAT_ADDR;
	uint8_t d[CARP_DIGEST_LEN];
	unsigned int i, bit;

	if (load_ads() != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT_SUCCESS(auth_set(KAT_PASS, KAT_VHID, &addr, 1), "set");
	for (i = 0; i < nads; i++) {
		TEST_ASSERT(carp_auth_verify(&auth, ads[i].counter,
			ads[i].digest), "advertisement %u unflipped", i);
		for (bit = 0; bit < 8 * CARP_DIGEST_LEN; bit++) {
			memcpy(d, ads[i].digest, sizeof(d));
			d[bit / 8] ^= (uint8_t)(1 << (bit % 8));
			TEST_ASSERT(!carp_auth_verify(&auth, ads[i].counter, d),
				"advertisement %u, digest bit %u flipped, "
				"still verified", i, bit);
		}
	}
	return TEST_SUCCESS;
}

static int
test_auth_flipped_counter_bit(void)
{
	const uint32_t addr = KAT_ADDR;
	uint8_t c[CARP_COUNTER_LEN];
	unsigned int i, bit;

	if (load_ads() != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT_SUCCESS(auth_set(KAT_PASS, KAT_VHID, &addr, 1), "set");
	for (i = 0; i < nads; i++) {
		for (bit = 0; bit < 8 * CARP_COUNTER_LEN; bit++) {
			memcpy(c, ads[i].counter, sizeof(c));
			c[bit / 8] ^= (uint8_t)(1 << (bit % 8));
			TEST_ASSERT(!carp_auth_verify(&auth, c, ads[i].digest),
				"advertisement %u, counter bit %u flipped, "
				"still verified", i, bit);
		}
	}
	return TEST_SUCCESS;
}

/* --- addresses -------------------------------------------------------- */

static int
test_addrs_sort(void)
{
	/* 1.0.0.2 < 2.0.0.1 as numbers, the other way round as
	 * little-endian words: a sort on the raw values would fail.
	 */
	static const uint32_t in[] = {
		IPV4(10, 0, 0, 3), IPV4(2, 0, 0, 1),
		IPV4(10, 0, 0, 1), IPV4(192, 168, 0, 1),
		IPV4(1, 0, 0, 2), IPV4(10, 0, 0, 1),
		IPV4(255, 255, 255, 255), IPV4(0, 0, 0, 1),
		IPV4(128, 0, 0, 0), IPV4(10, 0, 0, 3),
		IPV4(127, 255, 255, 255), IPV4(0, 0, 0, 1),
	};
	static const uint32_t want[] = {
		IPV4(0, 0, 0, 1), IPV4(1, 0, 0, 2),
		IPV4(2, 0, 0, 1), IPV4(10, 0, 0, 1),
		IPV4(10, 0, 0, 3), IPV4(127, 255, 255, 255),
		IPV4(128, 0, 0, 0), IPV4(192, 168, 0, 1),
		IPV4(255, 255, 255, 255),
	};
	rte_be32_t a[RTE_DIM(in)];
	unsigned int i, n;

	for (i = 0; i < RTE_DIM(in); i++)
		a[i] = rte_cpu_to_be_32(in[i]);
	n = carp_addrs_sort(a, RTE_DIM(in));
	TEST_ASSERT_EQUAL(n, RTE_DIM(want), "addresses left");
	for (i = 0; i < n; i++)
		TEST_ASSERT_EQUAL(rte_be_to_cpu_32(a[i]), want[i],
			"address %u", i);

	TEST_ASSERT_EQUAL(carp_addrs_sort(a, 0), 0, "empty list");
	a[0] = rte_cpu_to_be_32(IPV4(10, 1, 2, 3));
	TEST_ASSERT_EQUAL(carp_addrs_sort(a, 1), 1, "one address");
	TEST_ASSERT_EQUAL(rte_be_to_cpu_32(a[0]), IPV4(10, 1, 2, 3),
		"one address kept");
	for (i = 0; i < 5; i++)
		a[i] = rte_cpu_to_be_32(IPV4(10, 1, 2, 3));
	TEST_ASSERT_EQUAL(carp_addrs_sort(a, 5), 1, "all the same");
	TEST_ASSERT_EQUAL(rte_be_to_cpu_32(a[0]), IPV4(10, 1, 2, 3),
		"all the same");
	return TEST_SUCCESS;
}

/* The digest depends on the set of addresses, not on how it was given. */
static int
test_auth_address_order(void)
{
	static const uint32_t sorted[] = { IPV4(1, 0, 0, 2),
		IPV4(2, 0, 0, 1), IPV4(10, 99, 0, 100),
		IPV4(192, 0, 2, 7) };
	static const struct {
		uint32_t a[8];
		unsigned int n;
	} given[] = {
		{ { IPV4(1, 0, 0, 2), IPV4(2, 0, 0, 1),
		    IPV4(10, 99, 0, 100), IPV4(192, 0, 2, 7) }, 4 },
		{ { IPV4(192, 0, 2, 7), IPV4(10, 99, 0, 100),
		    IPV4(2, 0, 0, 1), IPV4(1, 0, 0, 2) }, 4 },
		{ { IPV4(2, 0, 0, 1), IPV4(192, 0, 2, 7),
		    IPV4(1, 0, 0, 2), IPV4(10, 99, 0, 100) }, 4 },
		{ { IPV4(10, 99, 0, 100), IPV4(2, 0, 0, 1),
		    IPV4(10, 99, 0, 100), IPV4(192, 0, 2, 7),
		    IPV4(1, 0, 0, 2), IPV4(2, 0, 0, 1),
		    IPV4(192, 0, 2, 7), IPV4(1, 0, 0, 2) }, 8 },
	};
	uint8_t c[CARP_COUNTER_LEN], d[CARP_DIGEST_LEN];
	uint8_t want[CARP_DIGEST_LEN];
	unsigned int i, j;

	rng_state = 0xdeadbeef0badf00dULL;
	for (j = 0; j < 4; j++) {
		carp_counter_put(c, rng());
		TEST_ASSERT_SUCCESS(ref_digest("s3cret", 42, sorted,
			RTE_DIM(sorted), c, want), "HMAC");
		for (i = 0; i < RTE_DIM(given); i++) {
			TEST_ASSERT_SUCCESS(auth_set("s3cret", 42, given[i].a,
				given[i].n), "set");
			TEST_ASSERT_SUCCESS(carp_auth_digest(&auth, c, d),
				"digest");
			TEST_ASSERT_BUFFERS_ARE_EQUAL(d, want, CARP_DIGEST_LEN,
				"address list %u, counter %u", i, j);
		}
	}
	/* A list the caller still owns is not reordered behind its back. */
	{
		rte_be32_t be[2] = { rte_cpu_to_be_32(IPV4(10, 0, 0, 2)),
			rte_cpu_to_be_32(IPV4(10, 0, 0, 1)) };

		TEST_ASSERT_SUCCESS(carp_auth_set(&auth, "s3cret", 42, be, 2),
			"set");
		TEST_ASSERT(rte_be_to_cpu_32(be[0]) == IPV4(10, 0, 0, 2) &&
			rte_be_to_cpu_32(be[1]) == IPV4(10, 0, 0, 1),
			"carp_auth_set changed its (const) address list");
	}
	return TEST_SUCCESS;
}

/* --- passwords -------------------------------------------------------- */

/* No password is an empty HMAC key (the BSDs' all-zero key pads to the
 * same block as an empty one).
 */
static int
test_auth_empty_pass(void)
{
	const uint32_t addr = IPV4(192, 0, 2, 1);
	uint8_t d[CARP_DIGEST_LEN], want[CARP_DIGEST_LEN];

	TEST_ASSERT_SUCCESS(ref_digest("", 1, &addr, 1, kat_counter, want),
		"HMAC");
	TEST_ASSERT_SUCCESS(auth_set("", 1, &addr, 1), "set \"\"");
	TEST_ASSERT_SUCCESS(carp_auth_digest(&auth, kat_counter, d), "digest");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(d, want, CARP_DIGEST_LEN, "pass \"\"");

	memset(d, 0, sizeof(d));
	TEST_ASSERT_SUCCESS(auth_set(NULL, 1, &addr, 1), "set NULL");
	TEST_ASSERT_SUCCESS(carp_auth_digest(&auth, kat_counter, d), "digest");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(d, want, CARP_DIGEST_LEN, "pass NULL");
	return TEST_SUCCESS;
}

static int
test_auth_pass_length(void)
{
	static const char p19[] = "0123456789abcdefghi";
	static const char p20[] = "0123456789abcdefghij";
	static const char p40[] =
		"0123456789abcdefghij0123456789abcdefghij";
	const uint32_t addr = IPV4(192, 0, 2, 1);
	uint8_t d[CARP_DIGEST_LEN], want[CARP_DIGEST_LEN];
	char err[256];

	RTE_BUILD_BUG_ON(sizeof(p19) != 20 || sizeof(p20) != 21 ||
		sizeof(p40) != 41);
	err[0] = '\0';
	TEST_ASSERT_SUCCESS(carp_pass_check(p19, err, sizeof(err)),
		"19 characters: %s", err);
	TEST_ASSERT_SUCCESS(carp_pass_check("", err, sizeof(err)), "empty");
	TEST_ASSERT_SUCCESS(auth_set(p19, 9, &addr, 1), "set 19 characters");
	TEST_ASSERT_SUCCESS(carp_auth_digest(&auth, kat_counter, d), "digest");
	TEST_ASSERT_SUCCESS(ref_digest(p19, 9, &addr, 1, kat_counter, want),
		"HMAC");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(d, want, CARP_DIGEST_LEN,
		"19-character key");

	err[0] = '\0';
	TEST_ASSERT_EQUAL(carp_pass_check(p20, err, sizeof(err)), -EINVAL,
		"20 characters");
	TEST_ASSERT_NOT_NULL(strstr(err, "19"),
		"the message must say the limit: '%s'", err);
	err[0] = '\0';
	TEST_ASSERT_EQUAL(carp_pass_check(p40, err, sizeof(err)), -EINVAL,
		"40 characters");
	TEST_ASSERT_NOT_NULL(strstr(err, "19"),
		"the message must say the limit: '%s'", err);

	TEST_ASSERT_EQUAL(auth_set(p20, 9, &addr, 1), -EINVAL,
		"set 20 characters");
	TEST_ASSERT_EQUAL(auth_set(p40, 9, &addr, 1), -EINVAL,
		"set 40 characters");
	return TEST_SUCCESS;
}

static int
test_auth_rekey(void)
{
	static const uint32_t other[] = { IPV4(198, 51, 100, 1),
		IPV4(198, 51, 100, 2) };
	const uint32_t addr = KAT_ADDR;
	uint8_t d[CARP_DIGEST_LEN], want[CARP_DIGEST_LEN];

	TEST_ASSERT_SUCCESS(auth_set(KAT_PASS, KAT_VHID, &addr, 1), "set");
	TEST_ASSERT(carp_auth_verify(&auth, kat_counter, kat_digest), "KAT");

	/* Another password, vhid and address set. */
	TEST_ASSERT_SUCCESS(auth_set("other", 200, other, 2), "re-key");
	TEST_ASSERT(!carp_auth_verify(&auth, kat_counter, kat_digest),
		"the old key still verifies");
	TEST_ASSERT_SUCCESS(carp_auth_digest(&auth, kat_counter, d), "digest");
	TEST_ASSERT_SUCCESS(ref_digest("other", 200, other, 2, kat_counter,
		want), "HMAC");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(d, want, CARP_DIGEST_LEN, "new key");

	/* Only the address set changes. */
	TEST_ASSERT_SUCCESS(auth_set("other", 200, other, 1), "re-key");
	TEST_ASSERT_SUCCESS(carp_auth_digest(&auth, kat_counter, d), "digest");
	TEST_ASSERT_SUCCESS(ref_digest("other", 200, other, 1, kat_counter,
		want), "HMAC");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(d, want, CARP_DIGEST_LEN,
		"one address fewer");

	/* And back. */
	TEST_ASSERT_SUCCESS(auth_set(KAT_PASS, KAT_VHID, &addr, 1), "re-key");
	TEST_ASSERT_SUCCESS(carp_auth_digest(&auth, kat_counter, d), "digest");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(d, kat_digest, CARP_DIGEST_LEN,
		"known answer after re-keying");
	return TEST_SUCCESS;
}

static int
test_auth_free(void)
{
	struct carp_auth a;

	memset(&a, 0, sizeof(a));
	carp_auth_free(&a);
	carp_auth_free(&a);

	TEST_ASSERT_SUCCESS(carp_auth_init(&a), "init");
	TEST_ASSERT(a.inner != NULL && a.outer != NULL && a.work != NULL,
		"contexts allocated");
	carp_auth_free(&a);
	TEST_ASSERT(a.inner == NULL && a.outer == NULL && a.work == NULL,
		"free leaves the struct zeroed");
	carp_auth_free(&a);
	return TEST_SUCCESS;
}

static struct unit_test_suite carp_auth_suite = {
	.suite_name = "carp_auth",
	.unit_test_cases = {
		TEST_CASE_ST(auth_setup, auth_teardown, test_auth_known_answer),
		TEST_CASE_ST(auth_setup, auth_teardown,
			test_auth_known_answer6),
		TEST_CASE_ST(auth_setup, auth_teardown,
			test_auth_digest_repeatable),
		TEST_CASE_ST(auth_setup, auth_teardown, test_auth_ucarp_verify),
		TEST_CASE_ST(auth_setup, auth_teardown,
			test_auth_ucarp_wrong_pass),
		TEST_CASE_ST(auth_setup, auth_teardown,
			test_auth_ucarp_wrong_vhid),
		TEST_CASE_ST(auth_setup, auth_teardown,
			test_auth_ucarp_address_set),
		TEST_CASE_ST(auth_setup, auth_teardown,
			test_auth_flipped_digest_bit),
		TEST_CASE_ST(auth_setup, auth_teardown,
			test_auth_flipped_counter_bit),
		TEST_CASE(test_addrs_sort),
		TEST_CASE_ST(auth_setup, auth_teardown,
			test_auth_address_order),
		TEST_CASE_ST(auth_setup, auth_teardown, test_auth_empty_pass),
		TEST_CASE_ST(auth_setup, auth_teardown, test_auth_pass_length),
		TEST_CASE_ST(auth_setup, auth_teardown, test_auth_rekey),
		TEST_CASE(test_auth_free),
		TEST_CASES_END()
	}
};

static int
test_carp_auth(void)
{
	return unit_test_suite_runner(&carp_auth_suite);
}

REGISTER_TEST_COMMAND(carp_auth_autotest, test_carp_auth);
