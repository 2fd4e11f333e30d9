/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * knob_autotest: the knob table (app/knob.c) against lib/carp and the ARP
 * balancer it fronts. Every carp(4) knob of lib/carp is in the table once
 * with lib/carp's range; a value set through the table is the value in
 * force where the knob acts, a refused one changes nothing; the
 * configuration file takes a key for every knob and its values reach the
 * table at start.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_lcore.h>

#include "app.h"
#include "knob.h"

#include "test.h"

/* The pieces of the application a knob acts on, and nothing else. */
static struct app *ka;

static int
knob_setup(void)
{
	struct arpbal_params p = {
		.name = "knob_ab", .max_addrs = 8, .max_readers = 1,
		.max_sources = 0, .socket_id = (int)rte_socket_id(),
	};

	ka = calloc(1, sizeof(*ka));
	TEST_ASSERT_NOT_NULL(ka, "app");
	ka->carp = carp_table_create(NULL, NULL);
	ka->ab = arpbal_create(&p);
	TEST_ASSERT(ka->carp != NULL && ka->ab != NULL, "table, balancer");
	return TEST_SUCCESS;
}

static void
knob_teardown(void)
{
	if (ka == NULL)
		return;
	carp_table_free(ka->carp);
	arpbal_free(ka->ab);
	free(ka);
	ka = NULL;
}

static int
test_table_covers_lib(void)
{
	unsigned int k, i, seen = 0;

	for (k = 0; k < CARP_KNOB_MAX; k++) {
		for (i = 0; i < KNOB_MAX; i++)
			if (knobs[i].carp == (enum carp_knob)k)
				break;
		TEST_ASSERT(i < KNOB_MAX, "lib/carp's %s is in the table",
			carp_knob_name(k));
		TEST_ASSERT(strcmp(knobs[i].name, carp_knob_name(k)) == 0,
			"named as lib/carp names it: %s", knobs[i].name);
		TEST_ASSERT_EQUAL(knob_max(&knobs[i]), carp_knob_max(k),
			"%s: lib/carp's range", knobs[i].name);
		TEST_ASSERT_EQUAL(knob_readonly(&knobs[i]),
			carp_knob_readonly(k), "%s: read-only as lib/carp says",
			knobs[i].name);
		seen++;
	}
	TEST_ASSERT_EQUAL(seen, CARP_KNOB_MAX, "every lib/carp knob");
	for (i = 0; i < KNOB_MAX; i++) {
		TEST_ASSERT(knob_lookup(knobs[i].name) == &knobs[i],
			"lookup %s", knobs[i].name);
		TEST_ASSERT_NOT_NULL(knobs[i].get, "%s has a getter",
			knobs[i].name);
	}
	TEST_ASSERT_NULL(knob_lookup("nosuch"), "no such knob");
	TEST_ASSERT_NULL(knob_lookup("allo"), "a prefix is no name");
	TEST_ASSERT_EQUAL(knob_max(knob_lookup("arp_rate_per_source")),
		1000000, "arp_rate_per_source's range");
	return TEST_SUCCESS;
}

static int
test_choices(void)
{
	char want[256];
	unsigned int i;
	size_t n = 0;

	for (i = 0; i < KNOB_MAX; i++)
		n += snprintf(want + n, sizeof(want) - n, "%s%s",
			i > 0 ? "#" : "", knobs[i].name);
	TEST_ASSERT(strcmp(knob_choices(), want) == 0, "choices '%s'",
		knob_choices());
	TEST_ASSERT(strstr(knob_choices(), "arp_rate_per_source") != NULL,
		"the application's knob too");
	return TEST_SUCCESS;
}

/* Each settable knob to 0, 1 and its maximum; each value in force. */
static int
test_set_in_range(void)
{
	static const long long pick[] = { 0, 1, -1 };
	char err[128];
	unsigned int i, j;
	long long v;

	for (i = 0; i < KNOB_MAX; i++) {
		const struct knob *k = &knobs[i];

		if (knob_readonly(k))
			continue;
		for (j = 0; j < RTE_DIM(pick); j++) {
			v = pick[j] < 0 ? knob_max(k) : pick[j];
			err[0] = '\0';
			TEST_ASSERT_SUCCESS(knob_set(ka, k, v, err,
				sizeof(err)), "%s %lld: %s", k->name, v, err);
			TEST_ASSERT_EQUAL(knob_value(ka, k), v, "%s", k->name);
		}
	}
	TEST_ASSERT_SUCCESS(knob_set(ka, knob_lookup("log"), 4, err,
		sizeof(err)), "log 4");
	TEST_ASSERT_EQUAL(ka->carp->sysctl.v[CARP_KNOB_LOG], 4,
		"in lib/carp's table");
	TEST_ASSERT_SUCCESS(knob_set(ka, knob_lookup("arp_rate_per_source"),
		77, err, sizeof(err)), "rate 77");
	TEST_ASSERT_EQUAL(arpbal_rate_get(ka->ab), 77, "in the balancer");
	return TEST_SUCCESS;
}

static int
test_set_refused(void)
{
	const struct knob *log = knob_lookup("log");
	const struct knob *rate = knob_lookup("arp_rate_per_source");
	const struct knob *sp = knob_lookup("suppress_preempt");
	char err[128];

	TEST_ASSERT_SUCCESS(knob_set(ka, log, 2, err, sizeof(err)), "log 2");
	TEST_ASSERT_EQUAL(knob_set(ka, log, 10, err, sizeof(err)), -EINVAL,
		"log 10");
	TEST_ASSERT(strcmp(err, "log must be 0..9, not 10") == 0, "'%s'", err);
	TEST_ASSERT_EQUAL(knob_set(ka, log, -1, err, sizeof(err)), -EINVAL,
		"log -1");
	TEST_ASSERT_EQUAL(knob_value(ka, log), 2, "log unchanged");

	TEST_ASSERT_SUCCESS(knob_set(ka, rate, 50, err, sizeof(err)), "50");
	TEST_ASSERT_EQUAL(knob_set(ka, rate, 1000001, err, sizeof(err)),
		-EINVAL, "rate 1000001");
	TEST_ASSERT(strcmp(err, "arp_rate_per_source must be 0..1000000, "
		"not 1000001") == 0, "'%s'", err);
	TEST_ASSERT_EQUAL(arpbal_rate_get(ka->ab), 50, "rate unchanged");

	TEST_ASSERT(knob_set(ka, sp, 0, err, sizeof(err)) < 0,
		"suppress_preempt");
	TEST_ASSERT(strcmp(err, "suppress_preempt is read-only") == 0, "'%s'",
		err);
	return TEST_SUCCESS;
}

/* arpbalance acts on the balancer too: a request from an odd source for
 * an address of vhids 1 and 2, both MASTER, is answered by vhid 1 without
 * balancing and by vhid 2 (1 mod 2 = 1) with it.
 */
static int
test_arpbalance_reaches_balancer(void)
{
	const struct knob *k = knob_lookup("arpbalance");
	rte_be32_t vip = rte_cpu_to_be_32(RTE_IPV4(10u, 0u, 0u, 1u));
	rte_be32_t src = rte_cpu_to_be_32(RTE_IPV4(10u, 0u, 0u, 9u));
	char err[128];

	TEST_ASSERT_SUCCESS(arpbal_group_join(ka->ab, 0, vip, 1), "join 1");
	TEST_ASSERT_SUCCESS(arpbal_group_join(ka->ab, 0, vip, 2), "join 2");
	arpbal_state_set(ka->ab, 0, 1, ARPBAL_STATE_MASTER);
	arpbal_state_set(ka->ab, 0, 2, ARPBAL_STATE_MASTER);
	TEST_ASSERT_SUCCESS(knob_set(ka, k, 0, err, sizeof(err)), "off");
	TEST_ASSERT_EQUAL(arpbal_choose(ka->ab, 0, vip, src).vhid, 1,
		"lowest MASTER without balancing");
	TEST_ASSERT_SUCCESS(knob_set(ka, k, 1, err, sizeof(err)), "on");
	TEST_ASSERT_EQUAL(arpbal_choose(ka->ab, 0, vip, src).vhid, 2,
		"the source's turn with balancing");
	TEST_ASSERT_EQUAL(ka->carp->sysctl.v[CARP_KNOB_ARPBALANCE], 1,
		"lib/carp's knob");
	return TEST_SUCCESS;
}

/* The configuration's values become the values in force at start. */
static int
test_apply_config(void)
{
	unsigned int i;

	carp_sysctl_defaults(&ka->cfg.sysctl);
	ka->cfg.sysctl.v[CARP_KNOB_ALLOW] = 0;
	ka->cfg.sysctl.v[CARP_KNOB_PREEMPT] = 1;
	ka->cfg.sysctl.v[CARP_KNOB_LOG] = 3;
	ka->cfg.sysctl.v[CARP_KNOB_ARPBALANCE] = 1;
	ka->cfg.arp_rate_per_source = 123;
	TEST_ASSERT_SUCCESS(knobs_apply_config(ka), "apply");
	for (i = 0; i < KNOB_MAX; i++)
		if (!knob_readonly(&knobs[i]))
			TEST_ASSERT_EQUAL(knob_value(ka, &knobs[i]),
				*knob_conf(&ka->cfg, &knobs[i]), "%s",
				knobs[i].name);
	TEST_ASSERT_EQUAL(arpbal_rate_get(ka->ab), 123, "rate");
	TEST_ASSERT_EQUAL(ka->carp->sysctl.v[CARP_KNOB_ALLOW], 0, "allow");
	return TEST_SUCCESS;
}

/* The file takes a [global] key for every settable knob, at its maximum,
 * and refuses one past it naming the knob's range.
 */
static int
test_config_keys(void)
{
	char dir[] = "/tmp/dpdk-carp-knob.XXXXXX", path[PATH_MAX];
	char err[512];
	struct app_config *cfg;
	unsigned int i;
	FILE *f;
	int ret = TEST_SUCCESS;

	TEST_ASSERT_NOT_NULL(mkdtemp(dir), "mkdtemp");
	snprintf(path, sizeof(path), "%s/k.ini", dir);
	cfg = malloc(sizeof(*cfg));
	TEST_ASSERT_NOT_NULL(cfg, "cfg");
	for (i = 0; i < KNOB_MAX && ret == TEST_SUCCESS; i++) {
		const struct knob *k = &knobs[i];
		unsigned int extra;

		for (extra = 0; extra <= 1; extra++) {
			f = fopen(path, "w");
			if (f == NULL) {
				ret = TEST_FAILED;
				break;
			}
			fprintf(f, "[global]\n%s = %u\n[port0]\ndevice = "
				"net_null0\naddress = 10.0.0.2/24\n[carp0]\n"
				"port = port0\nvhid = 1\naddress = 10.0.0.1\n",
				k->name, knob_max(k) + extra);
			fclose(f);
			err[0] = '\0';
			if (knob_readonly(k) || extra) {
				if (app_config_load(path, cfg, err,
						sizeof(err)) == 0 ||
				    strstr(err, k->name) == NULL) {
					printf("  %s %s: '%s'\n", k->name,
						extra ? "past its max" :
						"read-only", err);
					ret = TEST_FAILED;
				}
			} else if (app_config_load(path, cfg, err,
					sizeof(err)) != 0 ||
				   *knob_conf(cfg, k) != knob_max(k)) {
				printf("  %s at its max: '%s'\n", k->name, err);
				ret = TEST_FAILED;
			}
		}
	}
	unlink(path);
	rmdir(dir);
	free(cfg);
	return ret;
}

static struct unit_test_suite knob_testsuite = {
	.suite_name = "knob table",
	.setup = knob_setup,
	.teardown = knob_teardown,
	.unit_test_cases = {
		TEST_CASE(test_table_covers_lib),
		TEST_CASE(test_choices),
		TEST_CASE(test_set_in_range),
		TEST_CASE(test_set_refused),
		TEST_CASE(test_arpbalance_reaches_balancer),
		TEST_CASE(test_apply_config),
		TEST_CASE(test_config_keys),
		TEST_CASES_END()
	}
};

static int
test_knob(void)
{
	return unit_test_suite_runner(&knob_testsuite);
}

REGISTER_TEST_COMMAND(knob_autotest, test_knob);
