/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * carp_wire_autotest: the advertisement and gratuitous ARP frames
 * (lib/carp/PROTOCOL.md §1 and 5.2) byte by byte, the parser's drops
 * (lib/carp/PROTOCOL.md §3, steps 3 to 5) on crafted and truncated frames, real
 * ucarp advertisements, and tshark's opinion of the frames we build.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include <rte_byteorder.h>
#include <rte_ether.h>

#include "carp_wire.h"
#include "test.h"
#include "test_pcap.h"

/* RTE_IPV4 shifts an int: undefined for a first byte of 128 or more. */
#define IPV4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
	(uint32_t)(c) << 8 | (uint32_t)(d))

/* Offsets in an advertisement without IP options, from lib/carp/PROTOCOL.md §1;
 * written out rather than taken from the structs under test.
 */
#define OFF_ETH_DST	0
#define OFF_ETH_SRC	6
#define OFF_ETH_TYPE	12
#define OFF_IP		14
#define OFF_IP_TOS	15
#define OFF_IP_LEN	16
#define OFF_IP_ID	18
#define OFF_IP_FRAG	20
#define OFF_IP_TTL	22
#define OFF_IP_PROTO	23
#define OFF_IP_CKSUM	24
#define OFF_IP_SRC	26
#define OFF_IP_DST	30
#define OFF_CARP	34
#define ADV_LEN		70

/* Within the CARP header. */
#define C_VER_TYPE	0
#define C_VHID		1
#define C_ADVSKEW	2
#define C_AUTHLEN	3
#define C_DEMOTE	4
#define C_ADVBASE	5
#define C_CKSUM		6
#define C_COUNTER	8
#define C_DIGEST	16

#define MAX_FRAME	1514

static const uint8_t sample_counter[CARP_COUNTER_LEN] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };

/* vhid, advbase and advskew all differ so that a swap shows. */
static void
sample_tx(struct carp_adv_tx *tx)
{
	unsigned int i;

	memset(tx, 0, sizeof(*tx));
	tx->src = rte_cpu_to_be_32(IPV4(10, 99, 0, 1));
	tx->ip_id = 0xbeef;
	tx->vhid = 7;
	tx->advbase = 3;
	tx->advskew = 100;
	memcpy(tx->counter, sample_counter, sizeof(tx->counter));
	for (i = 0; i < CARP_DIGEST_LEN; i++)
		tx->digest[i] = (uint8_t)(0xa0 + i);
}

/* RFC 1071 written out here, so that no check trusts the code under test:
 * returns 0 over a region whose checksum field is right, and over a region
 * with the field zeroed the value to store (host order).
 */
static uint16_t
ref_cksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void
store_cksum(uint8_t *region, size_t len, size_t field)
{
	uint16_t c;

	region[field] = 0;
	region[field + 1] = 0;
	c = ref_cksum(region, len);
	region[field] = c >> 8;
	region[field + 1] = c & 0xff;
}

static size_t
ip_hlen(const uint8_t *f)
{
	return (size_t)(f[OFF_IP] & 0x0f) * 4;
}

/* After an edit of the IPv4 header, so that only the edit is wrong: over
 * the length IHL claims when that covers the checksum field (so that a
 * short IHL is caught by its own check, not by the checksum), else 20.
 */
static void
fix_ip_cksum(uint8_t *f)
{
	size_t hl = ip_hlen(f) >= 12 ? ip_hlen(f) : 20;

	store_cksum(f + OFF_IP, hl, OFF_IP_CKSUM - OFF_IP);
}

static void
fix_carp_cksum(uint8_t *f)
{
	store_cksum(f + OFF_IP + ip_hlen(f), CARP_HDR_LEN, C_CKSUM);
}

static uint64_t rng_state;

static uint64_t
rng(void)
{
	return test_xorshift(&rng_state);
}

static int
build_sample(uint8_t *f)
{
	struct carp_adv_tx tx;

	sample_tx(&tx);
	memset(f, 0, MAX_FRAME);
	TEST_ASSERT_EQUAL(carp_adv_build(f, MAX_FRAME, &tx), ADV_LEN,
		"carp_adv_build");
	return TEST_SUCCESS;
}

static const char *
stat_str(enum carp_stat s)
{
	return s == CARP_STAT_NONE ? "none" : carp_stat_name(s);
}

#define ASSERT_PARSE(frame, len, want, fmt, ...) do {			\
	struct carp_adv adv_;						\
	enum carp_stat got_ = carp_adv_parse((frame), (len), &adv_);	\
	TEST_ASSERT(got_ == (want), "parse gave %s, want %s: " fmt,	\
		stat_str(got_), stat_str(want), ##__VA_ARGS__);		\
} while (0)

/* Parse a frame that must be accepted and check every field against tx. */
static int
check_parsed(const uint8_t *f, size_t len, const struct carp_adv_tx *tx)
{
	struct carp_adv adv;
	enum carp_stat s;

	memset(&adv, 0x5a, sizeof(adv));
	s = carp_adv_parse(f, len, &adv);
	TEST_ASSERT(s == CARP_STAT_NONE, "parse gave %s (len %zu)",
		stat_str(s), len);
	TEST_ASSERT_EQUAL(adv.src, tx->src, "src");
	TEST_ASSERT_EQUAL(adv.version, 2, "version");
	TEST_ASSERT_EQUAL(adv.type, 1, "type");
	TEST_ASSERT_EQUAL(adv.vhid, tx->vhid, "vhid");
	TEST_ASSERT_EQUAL(adv.advbase, tx->advbase, "advbase");
	TEST_ASSERT_EQUAL(adv.advskew, tx->advskew, "advskew");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(adv.counter, tx->counter,
		CARP_COUNTER_LEN, "counter");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(adv.digest, tx->digest,
		CARP_DIGEST_LEN, "digest");
	return TEST_SUCCESS;
}

/* --- building --------------------------------------------------------- */

static int
test_adv_build_ethernet(void)
{
	static const uint8_t dst[] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x12 };
	uint8_t src[] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x00 };
	static const uint8_t vhids[] = { 1, 7, 0x80, 255 };
	uint8_t f[MAX_FRAME];
	struct carp_adv_tx tx;
	unsigned int i;

	for (i = 0; i < RTE_DIM(vhids); i++) {
		sample_tx(&tx);
		tx.vhid = vhids[i];
		TEST_ASSERT_EQUAL(carp_adv_build(f, sizeof(f), &tx), ADV_LEN,
			"frame length, vhid %u", vhids[i]);
		src[5] = vhids[i];
		TEST_ASSERT_BUFFERS_ARE_EQUAL(f + OFF_ETH_DST, dst, 6,
			"destination 01:00:5e:00:00:12");
		TEST_ASSERT_BUFFERS_ARE_EQUAL(f + OFF_ETH_SRC, src, 6,
			"source must be the virtual MAC of vhid %u", vhids[i]);
		TEST_ASSERT(f[OFF_ETH_TYPE] == 0x08 &&
			f[OFF_ETH_TYPE + 1] == 0x00, "ethertype IPv4");
	}
	return TEST_SUCCESS;
}

static int
test_adv_build_ipv4(void)
{
	uint8_t f[MAX_FRAME];

	if (build_sample(f) != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT_EQUAL(f[OFF_IP], 0x45, "version 4, IHL 5 (no options)");
	TEST_ASSERT_EQUAL(f[OFF_IP_TOS], 0x10, "TOS low delay");
	TEST_ASSERT_EQUAL(f[OFF_IP_LEN] << 8 | f[OFF_IP_LEN + 1], 56,
		"total length 20 + 36");
	TEST_ASSERT_EQUAL(f[OFF_IP_ID] << 8 | f[OFF_IP_ID + 1], 0xbeef,
		"identification, network order");
	TEST_ASSERT_EQUAL(f[OFF_IP_FRAG] << 8 | f[OFF_IP_FRAG + 1], 0x4000,
		"DF set, MF clear, offset 0");
	TEST_ASSERT_EQUAL(f[OFF_IP_TTL], 255, "TTL");
	TEST_ASSERT_EQUAL(f[OFF_IP_PROTO], 112, "protocol");
	TEST_ASSERT(f[OFF_IP_SRC] == 10 && f[OFF_IP_SRC + 1] == 99 &&
		f[OFF_IP_SRC + 2] == 0 && f[OFF_IP_SRC + 3] == 1,
		"source 10.99.0.1");
	TEST_ASSERT(f[OFF_IP_DST] == 224 && f[OFF_IP_DST + 1] == 0 &&
		f[OFF_IP_DST + 2] == 0 && f[OFF_IP_DST + 3] == 18,
		"destination 224.0.0.18");
	TEST_ASSERT_EQUAL(ref_cksum(f + OFF_IP, 20), 0,
		"IPv4 header checksum");
	return TEST_SUCCESS;
}

static int
test_adv_build_carp(void)
{
	uint8_t f[MAX_FRAME], digest[CARP_DIGEST_LEN];
	const uint8_t *c = f + OFF_CARP;
	unsigned int i;

	if (build_sample(f) != TEST_SUCCESS)
		return TEST_FAILED;
	for (i = 0; i < CARP_DIGEST_LEN; i++)
		digest[i] = (uint8_t)(0xa0 + i);
	TEST_ASSERT_EQUAL(c[C_VER_TYPE], 0x21, "version 2, advertisement");
	TEST_ASSERT_EQUAL(c[C_VHID], 7, "vhid");
	TEST_ASSERT_EQUAL(c[C_ADVSKEW], 100, "advskew");
	TEST_ASSERT_EQUAL(c[C_AUTHLEN], 7, "authlen");
	TEST_ASSERT_EQUAL(c[C_DEMOTE], 0, "byte 4 is sent as 0");
	TEST_ASSERT_EQUAL(c[C_ADVBASE], 3, "advbase");
	TEST_ASSERT_EQUAL(ref_cksum(c, CARP_HDR_LEN), 0, "CARP checksum");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(c + C_COUNTER, sample_counter,
		CARP_COUNTER_LEN, "counter as given");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(c + C_DIGEST, digest, CARP_DIGEST_LEN,
		"digest as given");
	return TEST_SUCCESS;
}

/* Whatever the buffer held before must not leak into the frame (a
 * checksum computed over a stale checksum field, a reserved byte).
 */
static int
test_adv_build_dirty_buffer(void)
{
	uint8_t clean[MAX_FRAME], dirty[MAX_FRAME];
	struct carp_adv_tx tx;

	sample_tx(&tx);
	memset(clean, 0, sizeof(clean));
	memset(dirty, 0xa5, sizeof(dirty));
	TEST_ASSERT_EQUAL(carp_adv_build(clean, sizeof(clean), &tx), ADV_LEN,
		"build");
	TEST_ASSERT_EQUAL(carp_adv_build(dirty, sizeof(dirty), &tx), ADV_LEN,
		"build");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(dirty, clean, ADV_LEN,
		"frame depends on the old buffer contents");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §4.6: the one advertisement with advbase = advskew =
 * 255.
 */
static int
test_adv_build_bowout(void)
{
	uint8_t f[MAX_FRAME];
	struct carp_adv_tx tx;

	sample_tx(&tx);
	tx.advbase = CARP_BOWOUT;
	tx.advskew = CARP_BOWOUT;
	TEST_ASSERT_EQUAL(carp_adv_build(f, sizeof(f), &tx), ADV_LEN, "build");
	TEST_ASSERT_EQUAL(f[OFF_CARP + C_ADVBASE], 255, "advbase");
	TEST_ASSERT_EQUAL(f[OFF_CARP + C_ADVSKEW], 255, "advskew");
	TEST_ASSERT_EQUAL(ref_cksum(f + OFF_CARP, CARP_HDR_LEN), 0,
		"CARP checksum");
	TEST_ASSERT_EQUAL(ref_cksum(f + OFF_IP, 20), 0, "IPv4 checksum");
	return check_parsed(f, ADV_LEN, &tx);
}

static int
test_adv_build_short_buffer(void)
{
	static const size_t lens[] = { 0, 1, 14, 34, ADV_LEN - 1 };
	uint8_t f[MAX_FRAME];
	struct carp_adv_tx tx;
	unsigned int i;
	size_t j;

	sample_tx(&tx);
	for (i = 0; i < RTE_DIM(lens); i++) {
		memset(f, 0xee, sizeof(f));
		TEST_ASSERT_EQUAL(carp_adv_build(f, lens[i], &tx), 0,
			"a %zu-byte buffer is too small", lens[i]);
		for (j = lens[i]; j < sizeof(f); j++)
			TEST_ASSERT_EQUAL(f[j], 0xee,
				"byte %zu written beyond a %zu-byte buffer",
				j, lens[i]);
	}
	memset(f, 0xee, sizeof(f));
	TEST_ASSERT_EQUAL(carp_adv_build(f, ADV_LEN, &tx), ADV_LEN,
		"an exact buffer is enough");
	memset(f, 0xee, sizeof(f));
	TEST_ASSERT_EQUAL(carp_adv_build(f, sizeof(f), &tx), ADV_LEN,
		"a large buffer");
	for (j = ADV_LEN; j < sizeof(f); j++)
		TEST_ASSERT_EQUAL(f[j], 0xee, "byte %zu written past the frame",
			j);
	return TEST_SUCCESS;
}

static int
test_counter_round_trip(void)
{
	/* Frame 4 of ucarp-vhid7.pcap, as tshark decodes it. */
	static const uint8_t ucarp[CARP_COUNTER_LEN] = {
		0x6b, 0xb0, 0x8e, 0x79, 0x9c, 0x6c, 0x0e, 0x0e };
	static const uint64_t fixed[] = { 0, 1, 0xff, 0x100, 0xffffffffULL,
		0x100000000ULL, 0x8000000000000000ULL, UINT64_MAX };
	uint8_t b[CARP_COUNTER_LEN];
	unsigned int i;
	uint64_t v;

	carp_counter_put(b, 0x0102030405060708ULL);
	TEST_ASSERT_BUFFERS_ARE_EQUAL(b, sample_counter, CARP_COUNTER_LEN,
		"big-endian, high word first");
	TEST_ASSERT_EQUAL(carp_counter_get(sample_counter),
		0x0102030405060708ULL, "get");
	TEST_ASSERT(carp_counter_get(ucarp) == 7759858810925878798ULL,
		"ucarp's counter");
	carp_counter_put(b, 7759858810925878798ULL);
	TEST_ASSERT_BUFFERS_ARE_EQUAL(b, ucarp, CARP_COUNTER_LEN, "put");

	for (i = 0; i < RTE_DIM(fixed); i++) {
		carp_counter_put(b, fixed[i]);
		TEST_ASSERT(carp_counter_get(b) == fixed[i],
			"round trip of %#" PRIx64, fixed[i]);
	}
	rng_state = 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < 1000; i++) {
		v = rng();
		carp_counter_put(b, v);
		TEST_ASSERT(b[0] == v >> 56 && b[7] == (v & 0xff),
			"byte order of %#" PRIx64, v);
		TEST_ASSERT(carp_counter_get(b) == v,
			"round trip of %#" PRIx64, v);
	}
	return TEST_SUCCESS;
}

static int
test_hdr_cksum(void)
{
	/* The CARP header of frame 4 of ucarp-vhid7.pcap, checksum 0x4a2e. */
	static const uint8_t ucarp[CARP_HDR_LEN] = {
		0x21, 0x07, 0x00, 0x07, 0x00, 0x01, 0x4a, 0x2e,
		0x6b, 0xb0, 0x8e, 0x79, 0x9c, 0x6c, 0x0e, 0x0e,
		0xff, 0xb6, 0x6f, 0x62, 0xad, 0x96, 0x75, 0x92,
		0xc9, 0x49, 0x0c, 0x71, 0x83, 0xda, 0x8f, 0x43,
		0x1c, 0xd0, 0x58, 0x32 };
	struct carp_hdr h;
	uint8_t raw[CARP_HDR_LEN];
	uint16_t c;
	unsigned int i, j;

	RTE_BUILD_BUG_ON(sizeof(struct carp_hdr) != CARP_HDR_LEN);
	memcpy(&h, ucarp, sizeof(h));
	TEST_ASSERT_EQUAL(carp_hdr_cksum(&h), 0, "ucarp header verifies");
	h.cksum = 0;
	h.cksum = carp_hdr_cksum(&h);
	TEST_ASSERT_BUFFERS_ARE_EQUAL(&h, ucarp, CARP_HDR_LEN,
		"recomputed checksum differs from ucarp's");

	rng_state = 0x0123456789abcdefULL;
	for (i = 0; i < 1000; i++) {
		for (j = 0; j < CARP_HDR_LEN; j++)
			raw[j] = (uint8_t)rng();
		raw[C_CKSUM] = raw[C_CKSUM + 1] = 0;
		memcpy(&h, raw, sizeof(h));
		c = carp_hdr_cksum(&h);
		store_cksum(raw, CARP_HDR_LEN, C_CKSUM);
		TEST_ASSERT_BUFFERS_ARE_EQUAL(&c, raw + C_CKSUM, 2,
			"value to store, header %u", i);
		memcpy(&h, raw, sizeof(h));
		TEST_ASSERT_EQUAL(carp_hdr_cksum(&h), 0,
			"correct header must sum to 0, header %u", i);
	}
	return TEST_SUCCESS;
}

static int
test_garp_build(void)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[6];
	static const uint8_t vmac_b[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x07 };
	static const uint8_t vip[4] = { 10, 99, 0, 100 };
	static const uint8_t arp_fixed[8] = {
		0x00, 0x01,	/* hardware: Ethernet */
		0x08, 0x00,	/* protocol: IPv4 */
		6, 4,		/* address lengths */
		0x00, 0x01 };	/* request */
	struct rte_ether_addr vmac;
	uint8_t f[MAX_FRAME];
	const uint8_t *a = f + 14;

	carp_vmac(7, &vmac);
	memset(f, 0xee, sizeof(f));
	TEST_ASSERT_EQUAL(carp_garp_build(f, sizeof(f), &vmac,
			rte_cpu_to_be_32(IPV4(10, 99, 0, 100))), 42,
		"frame length 14 + 28");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(f, bcast, 6, "broadcast destination");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(f + 6, vmac_b, 6,
		"Ethernet source is the virtual MAC");
	TEST_ASSERT(f[12] == 0x08 && f[13] == 0x06, "ethertype ARP");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(a, arp_fixed, 8,
		"Ethernet/IPv4 ARP request");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(a + 8, vmac_b, 6,
		"sender hardware address is the virtual MAC");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(a + 14, vip, 4,
		"sender IP is the virtual address");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(a + 18, zero, 6,
		"target hardware address is zero");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(a + 24, vip, 4,
		"target IP is the virtual address");
	TEST_ASSERT_EQUAL(f[42], 0xee, "byte written past the frame");
	return TEST_SUCCESS;
}

static int
test_garp_short_buffer(void)
{
	struct rte_ether_addr vmac;
	uint8_t f[64];
	size_t j;

	carp_vmac(7, &vmac);
	memset(f, 0xee, sizeof(f));
	TEST_ASSERT_EQUAL(carp_garp_build(f, 41, &vmac,
			rte_cpu_to_be_32(IPV4(10, 99, 0, 100))), 0,
		"41 bytes are too few");
	TEST_ASSERT_EQUAL(carp_garp_build(f, 0, &vmac, 0), 0,
		"0 bytes are too few");
	for (j = 41; j < sizeof(f); j++)
		TEST_ASSERT_EQUAL(f[j], 0xee, "byte %zu written", j);
	TEST_ASSERT_EQUAL(carp_garp_build(f, 42, &vmac, 0), 42,
		"an exact buffer is enough");
	return TEST_SUCCESS;
}

/* --- parsing: what must be accepted ----------------------------------- */

static int
test_parse_built(void)
{
	uint8_t f[MAX_FRAME];
	struct carp_adv_tx tx;
	unsigned int i;

	rng_state = 0xfeedfacecafebeefULL;
	for (i = 0; i < 256; i++) {
		sample_tx(&tx);
		tx.vhid = (uint8_t)(i == 0 ? 1 : i);
		tx.advbase = (uint8_t)rng();
		tx.advskew = (uint8_t)rng();
		tx.src = (rte_be32_t)rng();
		tx.ip_id = (uint16_t)rng();
		carp_counter_put(tx.counter, rng());
		memset(tx.digest, (int)(rng() & 0xff), sizeof(tx.digest));
		tx.digest[0] = (uint8_t)i;
		TEST_ASSERT_EQUAL(carp_adv_build(f, sizeof(f), &tx), ADV_LEN,
			"build");
		if (check_parsed(f, ADV_LEN, &tx) != TEST_SUCCESS)
			return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

/* The advertisements tshark shows in ucarp-vhid7.pcap. */
static const struct {
	unsigned int frame;
	uint8_t src_last;	/* 10.99.0.x */
	uint8_t advskew;
	uint64_t counter;
	const char *digest;
} ucarp_ads[] = {
	{ 4, 1, 0, 7759858810925878798ULL,
		"ffb66f62ad967592c9490c7183da8f431cd05832" },
	{ 5, 1, 0, 11871235628556381982ULL,
		"d059aeb208c259d73f8a1c24ecbe8c798c2e7e83" },
	{ 6, 1, 0, 4521890019133322352ULL,
		"e1c21d16a27e0e56b02fdf183b377397e745b899" },
	{ 8, 1, 0, 13571702521836885445ULL,
		"f0c1ad0389a5c344a1da18b1ed435a2412f26ab1" },
	{ 9, 1, 0, 7978231610568957296ULL,
		"0254a7989963fa371d026a7ac28bd44d3c1b559d" },
	{ 11, 2, 100, 7978231610568957297ULL,
		"b9ed09a3c59e151a0f4fd227852fb48d4cd1e641" },
	{ 12, 2, 100, 7978231610568957298ULL,
		"7afb8db00a3a443b68b8196f92b0ca63bc4a5eef" },
};

static int
hex_eq(const uint8_t *b, size_t len, const char *hex)
{
	char s[3];
	size_t i;

	for (i = 0; i < len; i++) {
		snprintf(s, sizeof(s), "%02x", b[i]);
		if (strncmp(s, hex + 2 * i, 2) != 0)
			return 0;
	}
	return hex[2 * len] == '\0';
}

static int
test_parse_ucarp_pcap(void)
{
	static struct test_frame frames[TEST_PCAP_MAX];
	unsigned int i, ads = 0;
	struct carp_adv adv;
	enum carp_stat s;
	int n;

	n = test_pcap_read("ucarp-vhid7.pcap", frames, TEST_PCAP_MAX);
	TEST_ASSERT_EQUAL(n, 12, "frames in ucarp-vhid7.pcap");
	for (i = 0; i < (unsigned int)n; i++) {
		s = carp_adv_parse(frames[i].data, frames[i].len, &adv);
		if (!test_frame_is_carp(&frames[i])) {
			/* ARP: not even IPv4. */
			TEST_ASSERT(s == CARP_STAT_HDROPS,
				"frame %u (ARP) gave %s", i + 1, stat_str(s));
			continue;
		}
		TEST_ASSERT(ads < RTE_DIM(ucarp_ads) &&
			ucarp_ads[ads].frame == i + 1,
			"frame %u is not an expected advertisement", i + 1);
		TEST_ASSERT(s == CARP_STAT_NONE, "frame %u gave %s", i + 1,
			stat_str(s));
		TEST_ASSERT_EQUAL(rte_be_to_cpu_32(adv.src),
			IPV4(10, 99, 0, ucarp_ads[ads].src_last),
			"frame %u source", i + 1);
		TEST_ASSERT_EQUAL(adv.version, 2, "frame %u", i + 1);
		TEST_ASSERT_EQUAL(adv.type, 1, "frame %u", i + 1);
		TEST_ASSERT_EQUAL(adv.vhid, 7, "frame %u", i + 1);
		TEST_ASSERT_EQUAL(adv.advbase, 1, "frame %u", i + 1);
		TEST_ASSERT_EQUAL(adv.advskew, ucarp_ads[ads].advskew,
			"frame %u", i + 1);
		TEST_ASSERT(carp_counter_get(adv.counter) ==
			ucarp_ads[ads].counter, "frame %u counter", i + 1);
		TEST_ASSERT(hex_eq(adv.digest, CARP_DIGEST_LEN,
			ucarp_ads[ads].digest), "frame %u digest", i + 1);
		ads++;
	}
	TEST_ASSERT_EQUAL(ads, RTE_DIM(ucarp_ads), "advertisements found");
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §1: any Ethernet source (ucarp's 00:00:5e:00:00:vhid, a
 * real MAC, another vhid's virtual MAC), and a unicast destination.
 */
static int
test_parse_any_ether_addr(void)
{
	static const uint8_t macs[][6] = {
		{ 0x00, 0x00, 0x5e, 0x00, 0x00, 0x07 },
		{ 0x02, 0x99, 0x00, 0x00, 0x00, 0x01 },
		{ 0x00, 0x00, 0x5e, 0x00, 0x01, 0x09 },
	};
	uint8_t f[MAX_FRAME];
	struct carp_adv_tx tx;
	unsigned int i;

	sample_tx(&tx);
	for (i = 0; i < RTE_DIM(macs); i++) {
		if (build_sample(f) != TEST_SUCCESS)
			return TEST_FAILED;
		memcpy(f + OFF_ETH_SRC, macs[i], 6);
		if (check_parsed(f, ADV_LEN, &tx) != TEST_SUCCESS)
			return TEST_FAILED;
		memcpy(f + OFF_ETH_DST, macs[(i + 1) % RTE_DIM(macs)], 6);
		if (check_parsed(f, ADV_LEN, &tx) != TEST_SUCCESS)
			return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

/* Version, type, authlen and byte 4 are not the parser's business: badver
 * is counted only after badvhid (lib/carp/PROTOCOL.md §3, steps 6 and 7), type
 * and authlen are not checked at all and byte 4 is OpenBSD's demote count.
 */
static int
test_parse_leaves_version_to_caller(void)
{
	uint8_t f[MAX_FRAME];
	struct carp_adv adv;
	enum carp_stat s;

	if (build_sample(f) != TEST_SUCCESS)
		return TEST_FAILED;
	f[OFF_CARP + C_VER_TYPE] = 0x32;
	f[OFF_CARP + C_AUTHLEN] = 0;
	f[OFF_CARP + C_DEMOTE] = 5;
	fix_carp_cksum(f);
	s = carp_adv_parse(f, ADV_LEN, &adv);
	TEST_ASSERT(s == CARP_STAT_NONE, "gave %s", stat_str(s));
	TEST_ASSERT_EQUAL(adv.version, 3, "version nibble");
	TEST_ASSERT_EQUAL(adv.type, 2, "type nibble");
	TEST_ASSERT_EQUAL(adv.vhid, 7, "vhid");
	return TEST_SUCCESS;
}

/* Ethernet padding or trailing bytes after the datagram are ignored. */
static int
test_parse_padded(void)
{
	static const int fill[] = { 0x00, 0xa5, 0xff };
	uint8_t f[MAX_FRAME];
	struct carp_adv_tx tx;
	unsigned int i;
	size_t len;

	sample_tx(&tx);
	for (i = 0; i < RTE_DIM(fill); i++) {
		if (build_sample(f) != TEST_SUCCESS)
			return TEST_FAILED;
		memset(f + ADV_LEN, fill[i], MAX_FRAME - ADV_LEN);
		for (len = ADV_LEN + 1; len <= MAX_FRAME; len++)
			if (check_parsed(f, len, &tx) != TEST_SUCCESS) {
				printf("  padded to %zu with %#x\n", len,
					fill[i]);
				return TEST_FAILED;
			}
	}
	return TEST_SUCCESS;
}

/* A frame with optlen bytes of IP options (a multiple of 4). */
static size_t
build_with_options(uint8_t *f, const uint8_t *opts, size_t optlen,
		const struct carp_adv_tx *tx)
{
	uint8_t plain[MAX_FRAME];
	size_t len = ADV_LEN + optlen;

	carp_adv_build(plain, sizeof(plain), tx);
	memset(f, 0, MAX_FRAME);
	memcpy(f, plain, OFF_CARP);
	memcpy(f + OFF_CARP, opts, optlen);
	memcpy(f + OFF_CARP + optlen, plain + OFF_CARP, CARP_HDR_LEN);
	f[OFF_IP] = (uint8_t)(0x40 | (20 + optlen) / 4);
	f[OFF_IP_LEN] = (uint8_t)((len - 14) >> 8);
	f[OFF_IP_LEN + 1] = (uint8_t)((len - 14) & 0xff);
	fix_ip_cksum(f);
	return len;
}

static int
test_parse_ip_options(void)
{
	static const uint8_t router_alert[4] = { 0x94, 0x04, 0x00, 0x00 };
	uint8_t nops[40], f[MAX_FRAME];
	struct carp_adv_tx tx;
	size_t len;

	sample_tx(&tx);
	len = build_with_options(f, router_alert, sizeof(router_alert), &tx);
	TEST_ASSERT_EQUAL(len, 74, "IHL 6 frame");
	TEST_ASSERT_EQUAL(ref_cksum(f + OFF_IP, 24), 0, "crafted IP checksum");
	if (check_parsed(f, len, &tx) != TEST_SUCCESS)
		return TEST_FAILED;

	/* The largest header, IHL 15. */
	memset(nops, 0x01, sizeof(nops));
	nops[39] = 0x00;
	len = build_with_options(f, nops, sizeof(nops), &tx);
	if (check_parsed(f, len, &tx) != TEST_SUCCESS)
		return TEST_FAILED;

	/* With options, 20 + 36 no longer holds the CARP header. */
	len = build_with_options(f, router_alert, sizeof(router_alert), &tx);
	f[OFF_IP_LEN + 1] = 56;
	fix_ip_cksum(f);
	ASSERT_PARSE(f, len, CARP_STAT_BADLEN, "IHL 6, total length 56");
	return TEST_SUCCESS;
}

/* --- parsing: the drops the parser owns -------------------------------- */

static int
test_parse_badttl(void)
{
	static const uint8_t ttls[] = { 0, 1, 64, 128, 254 };
	uint8_t f[MAX_FRAME];
	unsigned int i;

	for (i = 0; i < RTE_DIM(ttls); i++) {
		if (build_sample(f) != TEST_SUCCESS)
			return TEST_FAILED;
		f[OFF_IP_TTL] = ttls[i];
		fix_ip_cksum(f);
		ASSERT_PARSE(f, ADV_LEN, CARP_STAT_BADTTL, "TTL %u", ttls[i]);
	}
	return TEST_SUCCESS;
}

static int
set_ip_len(uint8_t *f, unsigned int iplen)
{
	if (build_sample(f) != TEST_SUCCESS)
		return TEST_FAILED;
	f[OFF_IP_LEN] = (uint8_t)(iplen >> 8);
	f[OFF_IP_LEN + 1] = (uint8_t)(iplen & 0xff);
	fix_ip_cksum(f);
	return TEST_SUCCESS;
}

/* IP total length below IHL * 4 + 36: the datagram cannot hold CARP. */
static int
test_parse_badlen_short_datagram(void)
{
	static const unsigned int lens[] = { 0, 19, 20, 21, 40, 55 };
	uint8_t f[MAX_FRAME];
	unsigned int i;

	for (i = 0; i < RTE_DIM(lens); i++) {
		if (set_ip_len(f, lens[i]) != TEST_SUCCESS)
			return TEST_FAILED;
		ASSERT_PARSE(f, ADV_LEN, CARP_STAT_BADLEN,
			"IP total length %u", lens[i]);
	}
	return TEST_SUCCESS;
}

/* IP total length beyond the frame: the datagram was cut. */
static int
test_parse_badlen_long_datagram(void)
{
	static const unsigned int lens[] = { 57, 100, 1500, 65535 };
	uint8_t f[MAX_FRAME];
	unsigned int i;

	for (i = 0; i < RTE_DIM(lens); i++) {
		if (set_ip_len(f, lens[i]) != TEST_SUCCESS)
			return TEST_FAILED;
		ASSERT_PARSE(f, ADV_LEN, CARP_STAT_BADLEN,
			"IP total length %u in a 70-byte frame", lens[i]);
	}
	/* ... but fine when the frame does hold it. */
	if (set_ip_len(f, 100) != TEST_SUCCESS)
		return TEST_FAILED;
	ASSERT_PARSE(f, 114, CARP_STAT_NONE, "IP total length 100, 114 bytes");
	return TEST_SUCCESS;
}

/* Too short for the Ethernet and IPv4 headers. */
static int
test_parse_hdrops_truncated(void)
{
	uint8_t f[MAX_FRAME];
	size_t len;

	if (build_sample(f) != TEST_SUCCESS)
		return TEST_FAILED;
	for (len = 0; len < 34; len++)
		ASSERT_PARSE(f, len, CARP_STAT_HDROPS, "%zu bytes", len);
	return TEST_SUCCESS;
}

static int
test_parse_hdrops_ethertype(void)
{
	static const uint16_t types[] = { 0x0000, 0x0806, 0x8100, 0x86dd,
		0x0801, 0x0008 };
	uint8_t f[MAX_FRAME];
	unsigned int i;

	for (i = 0; i < RTE_DIM(types); i++) {
		if (build_sample(f) != TEST_SUCCESS)
			return TEST_FAILED;
		f[OFF_ETH_TYPE] = types[i] >> 8;
		f[OFF_ETH_TYPE + 1] = types[i] & 0xff;
		ASSERT_PARSE(f, ADV_LEN, CARP_STAT_HDROPS, "ethertype 0x%04x",
			types[i]);
	}
	return TEST_SUCCESS;
}

static int
test_parse_hdrops_proto(void)
{
	static const uint8_t protos[] = { 0, 1, 6, 17, 111, 113, 255 };
	uint8_t f[MAX_FRAME];
	unsigned int i;

	for (i = 0; i < RTE_DIM(protos); i++) {
		if (build_sample(f) != TEST_SUCCESS)
			return TEST_FAILED;
		f[OFF_IP_PROTO] = protos[i];
		fix_ip_cksum(f);
		ASSERT_PARSE(f, ADV_LEN, CARP_STAT_HDROPS, "protocol %u",
			protos[i]);
	}
	return TEST_SUCCESS;
}

static int
test_parse_hdrops_bad_ip_header(void)
{
	uint8_t f[MAX_FRAME];
	unsigned int ihl, ver;

	for (ihl = 0; ihl < 5; ihl++) {
		if (build_sample(f) != TEST_SUCCESS)
			return TEST_FAILED;
		f[OFF_IP] = (uint8_t)(0x40 | ihl);
		fix_ip_cksum(f);
		ASSERT_PARSE(f, ADV_LEN, CARP_STAT_HDROPS, "IHL %u", ihl);
	}
	for (ver = 0; ver < 16; ver++) {
		if (ver == 4)
			continue;
		if (build_sample(f) != TEST_SUCCESS)
			return TEST_FAILED;
		f[OFF_IP] = (uint8_t)(ver << 4 | 5);
		fix_ip_cksum(f);
		ASSERT_PARSE(f, ADV_LEN, CARP_STAT_HDROPS, "IP version %u",
			ver);
	}
	/* IHL 15 claims 60 header bytes that a 70-byte frame lacks room
	 * for next to the CARP header.
	 */
	if (build_sample(f) != TEST_SUCCESS)
		return TEST_FAILED;
	f[OFF_IP] = 0x4f;
	fix_ip_cksum(f);
	{
		struct carp_adv adv;
		enum carp_stat s = carp_adv_parse(f, ADV_LEN, &adv);

		TEST_ASSERT(s == CARP_STAT_HDROPS || s == CARP_STAT_BADLEN,
			"IHL 15 in 70 bytes gave %s", stat_str(s));
	}
	/* A bad IPv4 header checksum: IP itself would have dropped it. */
	if (build_sample(f) != TEST_SUCCESS)
		return TEST_FAILED;
	f[OFF_IP_CKSUM + 1] ^= 0x01;
	ASSERT_PARSE(f, ADV_LEN, CARP_STAT_HDROPS, "bad IPv4 checksum");
	return TEST_SUCCESS;
}

static int
test_parse_hdrops_fragment(void)
{
	/* MF, an offset, or both, with and without DF. */
	static const uint16_t frags[] = { 0x2000, 0x6000, 0x0001, 0x4001,
		0x1fff, 0x2001, 0x7fff };
	uint8_t f[MAX_FRAME];
	unsigned int i;

	for (i = 0; i < RTE_DIM(frags); i++) {
		if (build_sample(f) != TEST_SUCCESS)
			return TEST_FAILED;
		f[OFF_IP_FRAG] = frags[i] >> 8;
		f[OFF_IP_FRAG + 1] = frags[i] & 0xff;
		fix_ip_cksum(f);
		ASSERT_PARSE(f, ADV_LEN, CARP_STAT_HDROPS,
			"flags/offset 0x%04x", frags[i]);
	}
	/* Without DF is not a fragment. */
	if (build_sample(f) != TEST_SUCCESS)
		return TEST_FAILED;
	f[OFF_IP_FRAG] = 0;
	fix_ip_cksum(f);
	ASSERT_PARSE(f, ADV_LEN, CARP_STAT_NONE, "DF clear");
	return TEST_SUCCESS;
}

/* Any single bit error in the 36 CARP bytes, the checksum included. */
static int
test_parse_badsum(void)
{
	uint8_t f[MAX_FRAME];
	unsigned int i, bit;

	for (i = 0; i < CARP_HDR_LEN; i++) {
		for (bit = 0; bit < 8; bit++) {
			if (build_sample(f) != TEST_SUCCESS)
				return TEST_FAILED;
			f[OFF_CARP + i] ^= (uint8_t)(1 << bit);
			ASSERT_PARSE(f, ADV_LEN, CARP_STAT_BADSUM,
				"CARP byte %u bit %u flipped", i, bit);
		}
	}
	return TEST_SUCCESS;
}

/* lib/carp/PROTOCOL.md §3: TTL (step 3) before lengths (4) before checksum (5).
 */
static int
test_parse_drop_order(void)
{
	uint8_t f[MAX_FRAME];

	if (set_ip_len(f, 55) != TEST_SUCCESS)
		return TEST_FAILED;
	f[OFF_IP_TTL] = 1;
	f[OFF_CARP + C_VHID] ^= 0x01;
	fix_ip_cksum(f);
	ASSERT_PARSE(f, ADV_LEN, CARP_STAT_BADTTL, "TTL, length and sum bad");

	if (set_ip_len(f, 55) != TEST_SUCCESS)
		return TEST_FAILED;
	f[OFF_CARP + C_VHID] ^= 0x01;
	ASSERT_PARSE(f, ADV_LEN, CARP_STAT_BADLEN, "length and sum bad");
	return TEST_SUCCESS;
}

/* Every cut of a valid frame is dropped; each is copied into a heap
 * block of exactly its length so that AddressSanitizer sees any read
 * beyond it.
 */
static int
truncations(const uint8_t *f, size_t full)
{
	struct carp_adv adv;
	enum carp_stat s;
	uint8_t *copy;
	size_t len;

	for (len = 0; len < full; len++) {
		copy = malloc(len > 0 ? len : 1);
		TEST_ASSERT_NOT_NULL(copy, "malloc");
		memcpy(copy, f, len);
		s = carp_adv_parse(len > 0 ? copy : copy + 1, len, &adv);
		free(copy);
		TEST_ASSERT(s != CARP_STAT_NONE,
			"%zu of %zu bytes accepted", len, full);
		TEST_ASSERT(s == CARP_STAT_HDROPS || s == CARP_STAT_BADLEN,
			"%zu of %zu bytes gave %s", len, full, stat_str(s));
		TEST_ASSERT(len >= 34 || s == CARP_STAT_HDROPS,
			"%zu bytes cannot hold Ethernet and IPv4, gave %s",
			len, stat_str(s));
	}
	return TEST_SUCCESS;
}

static int
test_parse_truncated_every_length(void)
{
	static const uint8_t router_alert[4] = { 0x94, 0x04, 0x00, 0x00 };
	uint8_t f[MAX_FRAME];
	struct carp_adv_tx tx;
	size_t len;

	if (build_sample(f) != TEST_SUCCESS)
		return TEST_FAILED;
	if (truncations(f, ADV_LEN) != TEST_SUCCESS)
		return TEST_FAILED;
	sample_tx(&tx);
	len = build_with_options(f, router_alert, sizeof(router_alert), &tx);
	return truncations(f, len);
}

/* --- tshark ----------------------------------------------------------- */

#define TSHARK_ARGS "-d ip.proto==112,carp -o ip.check_checksum:TRUE"

static int
tshark_run(const char *cmd, char *out, size_t outlen)
{
	size_t n = 0, r;
	FILE *p;
	int st;

	p = popen(cmd, "r");
	TEST_ASSERT_NOT_NULL(p, "popen: %s", strerror(errno));
	while (n + 1 < outlen && (r = fread(out + n, 1, outlen - 1 - n, p)) > 0)
		n += r;
	out[n] = '\0';
	st = pclose(p);
	TEST_ASSERT(st == 0, "'%s' exited with status %#x; output:\n%s", cmd,
		st, out);
	return TEST_SUCCESS;
}

static unsigned int
count_str(const char *hay, const char *needle)
{
	unsigned int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* One frame's '|'-separated fields against what they must be; "" for a
 * field that must be empty. tshark 4.0 prints booleans as 1 or True.
 */
static int
check_fields(char *line, const char * const *names, const char * const *want,
		unsigned int nf)
{
	char *tok, *rest = line;
	unsigned int i;

	for (i = 0; i < nf; i++) {
		tok = strsep(&rest, "|");
		TEST_ASSERT_NOT_NULL(tok, "line ends before field %s",
			names[i]);
		if (strcmp(want[i], "1") == 0 && strcmp(tok, "True") == 0)
			continue;
		TEST_ASSERT(strcmp(tok, want[i]) == 0,
			"tshark field %s is '%s', expected '%s'", names[i], tok,
			want[i]);
	}
	return TEST_SUCCESS;
}

static const char * const tshark_fields[] = {
	"frame.number", "eth.src", "eth.dst", "ip.src", "ip.dst", "ip.ttl",
	"ip.dsfield", "ip.flags.df", "ip.checksum.status", "carp.version",
	"carp.type", "carp.vhid", "carp.advskew", "carp.adver_int",
	"carp.authlen", "carp.demotion", "carp.counter", "carp.hmac",
	"carp.checksum.status", "arp.opcode", "arp.src.hw_mac",
	"arp.src.proto_ipv4", "arp.dst.hw_mac", "arp.dst.proto_ipv4",
};
#define NFIELDS RTE_DIM(tshark_fields)

/* What tshark must decode from the frames written below (a checksum
 * status of 1 is Good, 0 Bad).
 */
static const char * const tshark_want[][NFIELDS] = {
	{ "1", "00:00:5e:00:01:07", "01:00:5e:00:00:12", "10.99.0.1",
	  "224.0.0.18", "255", "0x10", "1", "1", "2", "1", "7", "100", "3",
	  "7", "0", "72623859790382856",
	  "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3", "1",
	  "", "", "", "", "" },
	{ "2", "00:00:5e:00:01:ff", "01:00:5e:00:00:12", "192.0.2.254",
	  "224.0.0.18", "255", "0x10", "1", "1", "2", "1", "255", "255",
	  "255", "7", "0", "18446744073709551615",
	  "0000000000000000000000000000000000000000", "1",
	  "", "", "", "", "" },
	{ "3", "00:00:5e:00:01:07", "ff:ff:ff:ff:ff:ff", "", "", "", "", "",
	  "", "", "", "", "", "", "", "", "", "", "",
	  "1", "00:00:5e:00:01:07", "10.99.0.100", "00:00:00:00:00:00",
	  "10.99.0.100" },
	/* A control that shows tshark does check: advskew changed after
	 * the checksum was computed.
	 */
	{ "4", "00:00:5e:00:01:07", "01:00:5e:00:00:12", "10.99.0.1",
	  "224.0.0.18", "255", "0x10", "1", "1", "2", "1", "7", "101", "3",
	  "7", "0", "72623859790382856",
	  "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3", "0",
	  "", "", "", "", "" },
};

static int
write_frames(const char *path)
{
	struct rte_ether_addr vmac;
	struct pcap_pkthdr h;
	uint8_t f[4][MAX_FRAME];
	struct carp_adv_tx tx;
	size_t len[4];
	pcap_dumper_t *d;
	pcap_t *p;
	unsigned int i;

	sample_tx(&tx);
	len[0] = carp_adv_build(f[0], MAX_FRAME, &tx);

	tx.vhid = 255;
	tx.advbase = CARP_BOWOUT;
	tx.advskew = CARP_BOWOUT;
	tx.src = rte_cpu_to_be_32(IPV4(192, 0, 2, 254));
	carp_counter_put(tx.counter, UINT64_MAX);
	memset(tx.digest, 0, sizeof(tx.digest));
	len[1] = carp_adv_build(f[1], MAX_FRAME, &tx);

	carp_vmac(7, &vmac);
	len[2] = carp_garp_build(f[2], MAX_FRAME, &vmac,
		rte_cpu_to_be_32(IPV4(10, 99, 0, 100)));

	memcpy(f[3], f[0], ADV_LEN);
	len[3] = len[0];
	f[3][OFF_CARP + C_ADVSKEW]++;

	for (i = 0; i < RTE_DIM(len); i++)
		TEST_ASSERT(len[i] > 0, "building frame %u", i + 1);

	p = pcap_open_dead(DLT_EN10MB, 65535);
	TEST_ASSERT_NOT_NULL(p, "pcap_open_dead");
	d = pcap_dump_open(p, path);
	if (d == NULL) {
		printf("  pcap_dump_open %s: %s\n", path, pcap_geterr(p));
		pcap_close(p);
		return TEST_FAILED;
	}
	memset(&h, 0, sizeof(h));
	for (i = 0; i < RTE_DIM(len); i++) {
		h.ts.tv_sec = 1700000000 + i;
		h.caplen = h.len = (bpf_u_int32)len[i];
		pcap_dump((u_char *)d, &h, f[i]);
	}
	pcap_dump_close(d);
	pcap_close(p);
	return TEST_SUCCESS;
}

static int
tshark_check(const char *path)
{
	static char out[65536];
	char cmd[2048], *line, *rest;
	unsigned int i;
	size_t n;

	/* Full decode: three CARP frames, each with two checksums. */
	snprintf(cmd, sizeof(cmd), "tshark -n -r '%s' " TSHARK_ARGS
		" -V -Y carp 2>/dev/null", path);
	if (tshark_run(cmd, out, sizeof(out)) != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT_EQUAL(count_str(out, "Common Address Redundancy Protocol"),
		3, "CARP frames decoded:\n%s", out);
	TEST_ASSERT_EQUAL(count_str(out, "[Header checksum status: Good]"),
		3, "good IPv4 checksums:\n%s", out);
	TEST_ASSERT_EQUAL(count_str(out, "[Checksum Status: Good]"), 2,
		"good CARP checksums:\n%s", out);
	TEST_ASSERT_EQUAL(count_str(out, "[Checksum Status: Bad]"), 1,
		"bad CARP checksums (the control):\n%s", out);
	TEST_ASSERT_EQUAL(count_str(out, "Malformed"), 0, "%s", out);

	/* Field by field. */
	n = (size_t)snprintf(cmd, sizeof(cmd),
		"tshark -n -r '%s' " TSHARK_ARGS " -T fields -E separator='|'",
		path);
	for (i = 0; i < NFIELDS; i++)
		n += (size_t)snprintf(cmd + n, sizeof(cmd) - n, " -e %s",
			tshark_fields[i]);
	snprintf(cmd + n, sizeof(cmd) - n, " 2>/dev/null");
	if (tshark_run(cmd, out, sizeof(out)) != TEST_SUCCESS)
		return TEST_FAILED;
	rest = out;
	for (i = 0; i < RTE_DIM(tshark_want); i++) {
		line = strsep(&rest, "\n");
		TEST_ASSERT(line != NULL && line[0] != '\0',
			"tshark printed %u lines, expected %u", i,
			(unsigned int)RTE_DIM(tshark_want));
		if (check_fields(line, tshark_fields, tshark_want[i],
				NFIELDS) != TEST_SUCCESS) {
			printf("  in frame %u\n", i + 1);
			return TEST_FAILED;
		}
	}
	TEST_ASSERT(rest == NULL || rest[0] == '\0', "extra output: %s", rest);
	return TEST_SUCCESS;
}

static int
test_tshark_accepts_built_frames(void)
{
	char dir[256], path[300];
	const char *tmp = getenv("TMPDIR");
	int ret;

	/* No tshark is a failure, not a skip: it is one of our dependencies
	 * (scripts/setup.sh) and the only outside judge of our frames.
	 */
	TEST_ASSERT(system("command -v tshark >/dev/null 2>&1") == 0,
		"tshark not found; run scripts/setup.sh");
	snprintf(dir, sizeof(dir), "%s/carp-wire-XXXXXX",
		tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	TEST_ASSERT_NOT_NULL(mkdtemp(dir), "mkdtemp %s: %s", dir,
		strerror(errno));
	snprintf(path, sizeof(path), "%s/built.pcap", dir);

	ret = write_frames(path);
	if (ret == TEST_SUCCESS)
		ret = tshark_check(path);

	unlink(path);
	if (rmdir(dir) != 0) {
		printf("  rmdir %s: %s\n", dir, strerror(errno));
		ret = TEST_FAILED;
	}
	return ret;
}

static struct unit_test_suite carp_wire_suite = {
	.suite_name = "carp_wire",
	.unit_test_cases = {
		TEST_CASE(test_adv_build_ethernet),
		TEST_CASE(test_adv_build_ipv4),
		TEST_CASE(test_adv_build_carp),
		TEST_CASE(test_adv_build_dirty_buffer),
		TEST_CASE(test_adv_build_bowout),
		TEST_CASE(test_adv_build_short_buffer),
		TEST_CASE(test_counter_round_trip),
		TEST_CASE(test_hdr_cksum),
		TEST_CASE(test_garp_build),
		TEST_CASE(test_garp_short_buffer),
		TEST_CASE(test_parse_built),
		TEST_CASE(test_parse_ucarp_pcap),
		TEST_CASE(test_parse_any_ether_addr),
		TEST_CASE(test_parse_leaves_version_to_caller),
		TEST_CASE(test_parse_padded),
		TEST_CASE(test_parse_ip_options),
		TEST_CASE(test_parse_badttl),
		TEST_CASE(test_parse_badlen_short_datagram),
		TEST_CASE(test_parse_badlen_long_datagram),
		TEST_CASE(test_parse_hdrops_truncated),
		TEST_CASE(test_parse_hdrops_ethertype),
		TEST_CASE(test_parse_hdrops_proto),
		TEST_CASE(test_parse_hdrops_bad_ip_header),
		TEST_CASE(test_parse_hdrops_fragment),
		TEST_CASE(test_parse_badsum),
		TEST_CASE(test_parse_drop_order),
		TEST_CASE(test_parse_truncated_every_length),
		TEST_CASE(test_tshark_accepts_built_frames),
		TEST_CASES_END()
	}
};

static int
test_carp_wire(void)
{
	return unit_test_suite_runner(&carp_wire_suite);
}

REGISTER_TEST_COMMAND(carp_wire_autotest, test_carp_wire);
