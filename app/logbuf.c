/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * A ring of log bytes: writers copy whole lines in under a mutex held for
 * a memcpy, the drain thread copies them out under it and writes them to
 * the log's file outside it.
 */

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_log.h>

#include "app.h"
#include "logbuf.h"

#define LOGBUF_SIZE	(256 * 1024)
#define CHUNK		4096

static struct {
	pthread_mutex_t lock;
	pthread_cond_t more;
	char buf[LOGBUF_SIZE];
	size_t head, len;		/* ring: first byte, bytes held */
	uint64_t dropped;		/* lines, since the start */
	uint64_t dropped_told;		/* of which the log has said so */
	bool quit;
	int fd;				/* where the lines go */
	FILE *stream;
	pthread_t thread;
	bool started;
} lb = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.more = PTHREAD_COND_INITIALIZER,
	.fd = -1,
};

/* Copy len bytes in, whole or not at all. */
static bool
put(const char *s, size_t len)
{
	size_t tail, first;

	if (len > LOGBUF_SIZE - lb.len)
		return false;
	tail = (lb.head + lb.len) % LOGBUF_SIZE;
	first = RTE_MIN(len, LOGBUF_SIZE - tail);
	memcpy(lb.buf + tail, s, first);
	memcpy(lb.buf, s + first, len - first);
	lb.len += len;
	return true;
}

/* fopencookie's write: never blocks beyond the memcpy. */
static ssize_t
cookie_write(void *cookie, const char *s, size_t len)
{
	RTE_SET_USED(cookie);
	pthread_mutex_lock(&lb.lock);
	if (!put(s, len))
		lb.dropped++;
	pthread_cond_signal(&lb.more);
	pthread_mutex_unlock(&lb.lock);
	return (ssize_t)len;	/* dropped or not, the caller moves on */
}

/* Write a chunk out; a reader gone (EPIPE) or stuck loses it, no one
 * else waits for it.
 */
static void
write_out(const char *s, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(lb.fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

static void *
drain(void *arg)
{
	char chunk[CHUNK], note[96];
	struct timespec until;
	size_t n, first;
	uint64_t lost;

	RTE_SET_USED(arg);
	pthread_mutex_lock(&lb.lock);
	for (;;) {
		if (lb.len == 0) {
			if (lb.quit)
				break;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += 100 * 1000 * 1000;
			if (until.tv_nsec >= 1000000000) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&lb.more, &lb.lock, &until);
			continue;
		}
		n = RTE_MIN(lb.len, sizeof(chunk));
		first = RTE_MIN(n, LOGBUF_SIZE - lb.head);
		memcpy(chunk, lb.buf + lb.head, first);
		memcpy(chunk + first, lb.buf, n - first);
		lb.head = (lb.head + n) % LOGBUF_SIZE;
		lb.len -= n;
		lost = lb.dropped - lb.dropped_told;
		lb.dropped_told = lb.dropped;
		pthread_mutex_unlock(&lb.lock);
		write_out(chunk, n);
		if (lost > 0) {
			snprintf(note, sizeof(note), "carp: %lu log line(s) "
				"dropped: the log's reader was too slow\n",
				(unsigned long)lost);
			write_out(note, strlen(note));
		}
		pthread_mutex_lock(&lb.lock);
	}
	pthread_mutex_unlock(&lb.lock);
	return NULL;
}

int
logbuf_start(void)
{
	cookie_io_functions_t io = { .write = cookie_write };
	int ret;

	lb.fd = dup(STDERR_FILENO);
	if (lb.fd < 0)
		return -errno;
	lb.stream = fopencookie(NULL, "w", io);
	if (lb.stream == NULL) {
		close(lb.fd);
		return -ENOMEM;
	}
	/* A line at a time: rte_log's lines reach the ring whole. */
	setvbuf(lb.stream, NULL, _IOLBF, 0);
	ret = app_thread_create(&lb.thread, "carp-log", drain, NULL);
	if (ret != 0) {
		fclose(lb.stream);
		close(lb.fd);
		return ret;
	}
	lb.started = true;
	rte_openlog_stream(lb.stream);
	return 0;
}

bool
logbuf_stop(void)
{
	struct timespec until;
	bool joined = true;

	if (!lb.started)
		return true;
	rte_openlog_stream(NULL);
	fflush(lb.stream);
	pthread_mutex_lock(&lb.lock);
	lb.quit = true;
	pthread_cond_signal(&lb.more);
	pthread_mutex_unlock(&lb.lock);
	/* A reader that never reads must not keep dpdk-carp from ending. */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 1;
	if (pthread_timedjoin_np(lb.thread, NULL, &until) == 0) {
		fclose(lb.stream);
		close(lb.fd);
	} else {
		joined = false;
	}
	lb.started = false;
	return joined;
}

uint64_t
logbuf_dropped(void)
{
	uint64_t n;

	pthread_mutex_lock(&lb.lock);
	n = lb.dropped;
	pthread_mutex_unlock(&lb.lock);
	return n;
}
