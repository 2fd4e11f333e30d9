/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * dpdk-carp-test: the autotest runner. EAL options first, then the names of
 * the autotests to run; with no name, the one in $DPDK_TEST. Exits 0 only
 * if every case of every named autotest passed or was skipped.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>

#include "test.h"

static TAILQ_HEAD(, test_command) commands = TAILQ_HEAD_INITIALIZER(commands);

/* The autotest running: it names the CASES line scripts/test.sh reads. */
static const char *current_test;

void
add_test_command(struct test_command *t)
{
	TAILQ_INSERT_TAIL(&commands, t, next);
}

void
test_hexdump(const char *title, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t i;

	printf("%s (%zu bytes):", title, len);
	for (i = 0; i < len; i++)
		printf("%s%02x", i % 16 ? " " : "\n    ", p[i]);
	printf("\n");
}

const char *
test_vectors_dir(void)
{
	const char *d = getenv("CARP_TEST_DATA");

	return d != NULL ? d : CARP_TEST_DATA_DIR;
}

int
unit_test_suite_runner(struct unit_test_suite *suite)
{
	unsigned int total = 0, passed = 0, failed = 0, skipped = 0;
	const struct unit_test_case *tc;
	int ret;

	printf(" + ------------------------------------------------------- +\n");
	printf(" + Test Suite : %s\n", suite->suite_name);
	if (suite->setup != NULL && suite->setup() != TEST_SUCCESS) {
		printf(" + Suite setup failed\n");
		for (tc = suite->unit_test_cases; tc->testcase != NULL; tc++)
			total++, failed++;
		goto summary;
	}

	for (tc = suite->unit_test_cases; tc->testcase != NULL; tc++) {
		total++;
		ret = TEST_SUCCESS;
		if (tc->setup != NULL)
			ret = tc->setup();
		if (ret == TEST_SUCCESS) {
			ret = tc->testcase();
			if (tc->teardown != NULL)
				tc->teardown();
		} else if (ret != TEST_SKIPPED) {
			printf("  setup of %s failed\n", tc->name);
		}
		if (ret == TEST_SUCCESS)
			passed++;
		else if (ret == TEST_SKIPPED)
			skipped++;
		else
			failed++;
		printf(" + TestCase [%2u] : %s %s\n", total, tc->name,
			ret == TEST_SUCCESS ? "succeeded" :
			ret == TEST_SKIPPED ? "skipped" : "failed");
	}
	if (suite->teardown != NULL)
		suite->teardown();

summary:
	printf(" + ------------------------------------------------------- +\n");
	printf(" + Test Suite Summary : %s\n", suite->suite_name);
	printf(" + Tests Total :       %2u\n", total);
	printf(" + Tests Skipped :     %2u\n", skipped);
	printf(" + Tests Passed :      %2u\n", passed);
	printf(" + Tests Failed :      %2u\n", failed);
	printf(" + ------------------------------------------------------- +\n");
	/* One machine-readable line per suite for scripts/test.sh. */
	printf("CASES %s: %u passed, %u failed, %u skipped\n",
		current_test != NULL ? current_test : suite->suite_name,
		passed, failed, skipped);
	return failed == 0 ? 0 : -1;
}

static int
run_command(const char *name)
{
	struct test_command *t;

	TAILQ_FOREACH(t, &commands, next)
		if (strcmp(t->command, name) == 0) {
			current_test = t->command;
			return t->callback();
		}
	printf("unknown autotest '%s'; known:", name);
	TAILQ_FOREACH(t, &commands, next)
		printf(" %s", t->command);
	printf("\n");
	return -1;
}

int
main(int argc, char **argv)
{
	const char *env;
	int ret, i, failed = 0;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "cannot initialise EAL: %s\n",
			rte_strerror(rte_errno));
		return EXIT_FAILURE;
	}
	argc -= ret;
	argv += ret;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (run_command(argv[i]) != 0)
				failed++;
	} else if ((env = getenv("DPDK_TEST")) != NULL && env[0] != '\0') {
		if (run_command(env) != 0)
			failed++;
	} else {
		struct test_command *t;

		printf("usage: dpdk-carp-test [EAL options] [--] AUTOTEST...\n"
			"       DPDK_TEST=AUTOTEST dpdk-carp-test [EAL options]\n"
			"autotests:");
		TAILQ_FOREACH(t, &commands, next)
			printf(" %s", t->command);
		printf("\n");
		failed++;
	}

	rte_eal_cleanup();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
