/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The application's one instance of its shared state, its log types and
 * the clock every protocol timer is measured with.
 */

#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_lcore.h>

#include "app.h"

RTE_LOG_REGISTER(app_logtype, carp.app, INFO);
RTE_LOG_REGISTER(app_logtype_state, carp.state, INFO);
RTE_LOG_REGISTER(app_logtype_proto, carp.proto, INFO);
RTE_LOG_REGISTER(app_logtype_port, carp.port, INFO);

struct app app;

/* Timer cycles a second, measured against CLOCK_MONOTONIC: EAL's figure
 * can be a rounded estimate (0.15 % off on some CPUs), which would make
 * every protocol timer late or early by as much.
 */
static uint64_t timer_hz;

uint64_t
app_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * CARP_NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

void
app_clock_calibrate(void)
{
	uint64_t c0, c1, t0, t1;

	t0 = app_now_ns();
	c0 = rte_get_timer_cycles();
	rte_delay_us_sleep(50 * 1000);
	t1 = app_now_ns();
	c1 = rte_get_timer_cycles();
	timer_hz = (uint64_t)((unsigned __int128)(c1 - c0) *
		CARP_NSEC_PER_SEC / (t1 - t0));
	APP_LOG(DEBUG, "timer: %" PRIu64 " Hz measured, EAL says %" PRIu64,
		timer_hz, rte_get_timer_hz());
}

uint64_t
app_timer_hz(void)
{
	return timer_hz;
}

uint64_t
app_ns_to_ticks(uint64_t ns)
{
	return (uint64_t)((unsigned __int128)ns * timer_hz /
		CARP_NSEC_PER_SEC);
}

/* The CPUs the process was given (taskset, cgroups), before EAL pinned
 * the main thread to the main lcore's.
 */
static cpu_set_t startup_cpus;

void
app_affinity_save(void)
{
	if (sched_getaffinity(0, sizeof(startup_cpus), &startup_cpus) != 0) {
		unsigned int cpu;

		CPU_ZERO(&startup_cpus);
		for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
			CPU_SET(cpu, &startup_cpus);
	}
}

/*
 * Of those, the CPUs no lcore polls, or all of them if the lcores take
 * every one: a control thread there does not steal from a polling lcore
 * where it can help it (as EAL's own control threads do).
 */
static void
control_cpus(cpu_set_t *set)
{
	unsigned int lcore, cpu;
	rte_cpuset_t lc;

	*set = startup_cpus;
	RTE_LCORE_FOREACH(lcore) {
		lc = rte_lcore_cpuset(lcore);
		for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
			if (CPU_ISSET(cpu, &lc))
				CPU_CLR(cpu, set);
	}
	if (CPU_COUNT(set) == 0)
		*set = startup_cpus;
}

int
app_thread_create(pthread_t *t, const char *name, void *(*fn)(void *),
		void *arg)
{
	pthread_attr_t attr;
	cpu_set_t cpus;
	int ret;

	control_cpus(&cpus);
	pthread_attr_init(&attr);
	pthread_attr_setaffinity_np(&attr, sizeof(cpus), &cpus);
	ret = pthread_create(t, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	if (ret == 0)
		pthread_setname_np(*t, name);
	return -ret;
}
