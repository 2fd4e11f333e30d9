/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_TEST_H
#define CARP_TEST_H

/**
 * @file
 * A small unit-test harness in the manner of dpdk-test: named autotests,
 * each a suite of cases with optional setup and teardown, and assertion
 * macros that report the failing line and return from the case.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/queue.h>

#include <rte_common.h>

#define TEST_SUCCESS	0
#define TEST_FAILED	(-1)
#define TEST_SKIPPED	77

#define TEST_ASSERT(cond, fmt, ...) do {					\
	if (!(cond)) {							\
		printf("  %s:%d: %s: assertion '%s' failed: " fmt "\n",	\
			__FILE__, __LINE__, __func__, #cond, ##__VA_ARGS__); \
		return TEST_FAILED;					\
	}								\
} while (0)

#define TEST_ASSERT_EQUAL(a, b, fmt, ...) do {				\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ != b_) {							\
		printf("  %s:%d: %s: %s == %lld, expected %s == %lld: " fmt "\n", \
			__FILE__, __LINE__, __func__, #a, a_, #b, b_,	\
			##__VA_ARGS__);					\
		return TEST_FAILED;					\
	}								\
} while (0)

#define TEST_ASSERT_NOT_EQUAL(a, b, fmt, ...)				\
	TEST_ASSERT((a) != (b), fmt, ##__VA_ARGS__)
#define TEST_ASSERT_SUCCESS(v, fmt, ...)				\
	TEST_ASSERT_EQUAL((v), 0, fmt, ##__VA_ARGS__)
#define TEST_ASSERT_FAIL(v, fmt, ...)					\
	TEST_ASSERT((v) != 0, fmt, ##__VA_ARGS__)
#define TEST_ASSERT_NULL(p, fmt, ...)					\
	TEST_ASSERT((p) == NULL, fmt, ##__VA_ARGS__)
#define TEST_ASSERT_NOT_NULL(p, fmt, ...)				\
	TEST_ASSERT((p) != NULL, fmt, ##__VA_ARGS__)

#define TEST_ASSERT_BUFFERS_ARE_EQUAL(a, b, len, fmt, ...) do {		\
	if (memcmp((a), (b), (len)) != 0) {				\
		printf("  %s:%d: %s: %s and %s differ over %zu bytes: " fmt "\n", \
			__FILE__, __LINE__, __func__, #a, #b,		\
			(size_t)(len), ##__VA_ARGS__);			\
		test_hexdump("  got", (a), (len));			\
		test_hexdump("  want", (b), (len));			\
		return TEST_FAILED;					\
	}								\
} while (0)

struct unit_test_case {
	int (*setup)(void);
	void (*teardown)(void);
	int (*testcase)(void);
	const char *name;
};

#define TEST_CASE(fn)			{ NULL, NULL, fn, #fn }
#define TEST_CASE_ST(su, td, fn)	{ su, td, fn, #fn }
#define TEST_CASES_END()		{ NULL, NULL, NULL, NULL }

struct unit_test_suite {
	const char *suite_name;
	int (*setup)(void);
	void (*teardown)(void);
	struct unit_test_case unit_test_cases[];
};

/** Run every case of a suite, print the summary. @return 0 if none failed. */
int unit_test_suite_runner(struct unit_test_suite *suite);

struct test_command {
	TAILQ_ENTRY(test_command) next;
	const char *command;
	int (*callback)(void);
};

void add_test_command(struct test_command *t);

/** Register func as the autotest named cmd (e.g. carp_wire_autotest). */
#define REGISTER_TEST_COMMAND(cmd, func)				\
	static struct test_command test_struct_##cmd = {		\
		.command = RTE_STR(cmd),				\
		.callback = func,					\
	};								\
	RTE_INIT(test_register_##cmd)					\
	{								\
		add_test_command(&test_struct_##cmd);			\
	}

/** Print len bytes in hex, 16 a line, after a title. */
void test_hexdump(const char *title, const void *buf, size_t len);

/**
 * Path of a file from the source tree's neighbourhood: the shared test
 * vectors (CARP_TEST_VECTORS, set by meson) and the like.
 */
const char *test_vectors_dir(void);

/** xorshift64: reproducible pseudo-random numbers, so that a failing case
 *  can be replayed from its seed. */
static inline uint64_t
test_xorshift(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

#endif /* CARP_TEST_H */
