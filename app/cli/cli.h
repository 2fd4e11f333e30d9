/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_CLI_H
#define APP_CLI_H

/**
 * @file
 * The console: what carp(4) does with ifconfig carpN and sysctl
 * net.inet.carp, on librte_cmdline (completion, history, help), from a
 * command file, the terminal (-i), or both in that order. It runs on a
 * thread of its own, so that a terminal that blocks never holds up the
 * control lcore: every command runs there through control_call().
 */

#include <stdbool.h>

#include <cmdline_parse.h>

#include "request.h"

#define CLI_PROMPT	"dpdk-carp> "

struct app;
struct cmdline;
struct cmd_req;

/**
 * Run the console for a with the commands of ctx, on this thread: file's
 * commands first (echoed with their answers), then the terminal if
 * interactive, until quit, the end of the terminal's input, or
 * a->force_quit. Without interactive the file's end ends the console and
 * dpdk-carp runs on.
 */
void cli_run(struct app *a, cmdline_parse_ctx_t *ctx, const char *file,
		bool interactive);

/** The dpdk-carp and the commands the console acts on; cli_run() sets
 *  them, a caller that feeds a cmdline of its own sets them first. */
void cli_bind(struct app *a, cmdline_parse_ctx_t *ctx);

/** Start cli_run() on a thread of its own. @return 0 or -errno. */
int cli_start(struct app *a, cmdline_parse_ctx_t *ctx, const char *file,
		bool interactive);

/** Wait for the console's thread, if one was started, a second at most.
 *  @return false if it is still there, stuck writing its output. */
bool cli_join(void);

/** For a command: run fn(a, r) on the control lcore, print its answer. */
void cli_exec(struct cmdline *cl, control_fn fn, struct cmd_req *r);

/** For "help": every command with its help. */
void cli_help(struct cmdline *cl);

/** For "quit": end the console and dpdk-carp, whose MASTERs bow out. */
void cli_quit(struct cmdline *cl);

/** The console's commands (cli_cmds.c), with what they learn at run time
 *  (the knobs' names). */
cmdline_parse_ctx_t *cli_commands(void);

#endif /* APP_CLI_H */
