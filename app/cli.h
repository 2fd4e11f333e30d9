/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_CLI_H
#define APP_CLI_H

#include <stdbool.h>

#include "app.h"

#define CLI_PROMPT	"dpdk-carp> "

struct cmdline;

/** Run the commands of a file, echoing their output. @return 0 or -errno. */
int cli_run_file(const char *path);

/** The interactive console on stdin/stdout (raw mode on a terminal). */
struct cmdline *cli_start(void);

/** Handle what is waiting on the console, without blocking.
 *  @return false once the console has ended (quit, end of input). */
bool cli_poll(struct cmdline *cl);

/** Restore the terminal. */
void cli_stop(struct cmdline *cl);

#endif /* APP_CLI_H */
