/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_LOGBUF_H
#define APP_LOGBUF_H

#include <stdbool.h>
#include <stdint.h>

/**
 * @file
 * The log, written without ever blocking the thread that logs. rte_log's
 * stream becomes a bounded buffer in memory; a thread of its own writes it
 * to what stderr was. A terminal that stops reading, or a pipe whose
 * reader stops or goes, then holds up that thread alone: once the buffer
 * is full, lines are dropped and counted ("N log lines dropped" follows
 * when there is room again), and the control lcore keeps advertising.
 */

#include <stdint.h>

/** From now on, rte_log writes through the buffer. @return 0 or -errno. */
int logbuf_start(void);

/** Write what is buffered (waiting at most a second for a stuck reader),
 *  then log to stderr directly again.
 *  @return false if the reader was stuck and lines were left behind. */
bool logbuf_stop(void);

/** Lines dropped so far because the buffer was full. */
uint64_t logbuf_dropped(void);

#endif /* APP_LOGBUF_H */
