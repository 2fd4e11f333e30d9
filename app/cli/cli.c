/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The console's thread: a command file, then the terminal, read with
 * librte_cmdline; each command's answer comes back from the control lcore
 * as text and is printed here.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <cmdline.h>
#include <cmdline_socket.h>

#include <rte_cycles.h>

#include "app.h"
#include "cli.h"
#include "commands.h"

/* How long the console waits for input before it looks at force_quit. */
#define CLI_WAIT_MS	100

static struct app *cli_app;
static cmdline_parse_ctx_t *cli_ctx;
static volatile bool cli_done;	/* quit was given */
static pthread_t cli_thread;
static bool cli_thread_started;

struct cli_args {
	cmdline_parse_ctx_t *ctx;
	const char *file;
	bool interactive;
};
static struct cli_args cli_args;

void
cli_exec(struct cmdline *cl, control_fn fn, struct cmd_req *r)
{
	char *buf = NULL;
	size_t len = 0;
	int ret;

	r->out = open_memstream(&buf, &len);
	if (r->out == NULL) {
		cmdline_printf(cl, "error: out of memory\n");
		return;
	}
	ret = control_call(cli_app, fn, r);
	if (ret == -ESHUTDOWN)
		fprintf(r->out, "error: the control lcore has stopped\n");
	else if (ret == -EBUSY)
		fprintf(r->out, "error: the control lcore is busy\n");
	fclose(r->out);
	if (len > 0)
		cmdline_printf(cl, "%s", buf);
	free(buf);
}

void
cli_help(struct cmdline *cl)
{
	unsigned int i;

	cmdline_printf(cl, "commands (TAB completes, ? shows choices):\n");
	for (i = 0; cli_ctx[i] != NULL; i++)
		cmdline_printf(cl, "  %s\n",
			((cmdline_parse_inst_t *)cli_ctx[i])->help_str);
}

void
cli_quit(struct cmdline *cl)
{
	cmdline_quit(cl);
	cli_done = true;
	cli_app->force_quit = true;
}

/* The file's commands, echoed with their answers as a session would show
 * them (cmdline_file_new() would send the output nowhere).
 */
static void
run_file(const char *path)
{
	struct cmdline *cl;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		APP_LOG(ERR, "cannot run %s: %s", path, strerror(errno));
		return;
	}
	cl = cmdline_new(cli_ctx, CLI_PROMPT, fd, STDOUT_FILENO);
	if (cl == NULL) {
		APP_LOG(ERR, "cannot run %s: out of memory", path);
		close(fd);
		return;
	}
	cmdline_interact(cl);
	cmdline_printf(cl, "\n");
	cmdline_free(cl);
	close(fd);
}

/* The terminal: what it gives, as it comes, into librte_cmdline, until it
 * ends, quit, or dpdk-carp is asked to stop.
 */
static void
run_terminal(struct app *a)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	/* Asked now: a terminal that has hung up is no terminal any more. */
	bool tty = isatty(STDIN_FILENO);
	struct cmdline *cl;
	char buf[256];
	ssize_t n;

	cl = cmdline_stdin_new(cli_ctx, CLI_PROMPT);
	if (cl == NULL) {
		APP_LOG(ERR, "cannot open the console");
		return;
	}
	while (!a->force_quit && !cli_done) {
		if (poll(&pfd, 1, CLI_WAIT_MS) <= 0)
			continue;
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			/* A terminal taken away (read in the background: EIO)
			 * ends the console, not dpdk-carp.
			 */
			APP_LOG(WARNING, "console: cannot read its input (%s): "
				"closed; dpdk-carp runs on", strerror(errno));
			break;
		}
		/* A terminal that went away (its window closed, its SSH
		 * connection lost), not Ctrl-D: that ends the console,
		 * never CARP.
		 */
		if (n == 0 && tty && (pfd.revents & POLLHUP) != 0) {
			APP_LOG(WARNING, "console: the terminal hung up: "
				"closed; dpdk-carp runs on");
			break;
		}
		if (n == 0) {
			/* The end of the input (Ctrl-D, or the end of a
			 * pipe or file) ends dpdk-carp, as quit.
			 */
			a->force_quit = true;
			break;
		}
		cmdline_in(cl, buf, (int)n);
	}
	cmdline_stdin_exit(cl);
}

void
cli_bind(struct app *a, cmdline_parse_ctx_t *ctx)
{
	cli_app = a;
	cli_ctx = ctx;
}

void
cli_run(struct app *a, cmdline_parse_ctx_t *ctx, const char *file,
		bool interactive)
{
	cli_bind(a, ctx);
	/* Commands see the ports as the control lcore does after its first
	 * round: links known, vhosts started.
	 */
	while (!__atomic_load_n(&a->control_ready, __ATOMIC_ACQUIRE) &&
	       !a->force_quit)
		rte_delay_us_sleep(1000);
	if (file != NULL && !a->force_quit)
		run_file(file);
	if (interactive && !a->force_quit)
		run_terminal(a);
}

static void *
cli_main(void *arg)
{
	struct cli_args *args = arg;

	cli_run(cli_app, args->ctx, args->file, args->interactive);
	return NULL;
}

int
cli_start(struct app *a, cmdline_parse_ctx_t *ctx, const char *file,
		bool interactive)
{
	int ret;

	cli_app = a;
	cli_args.ctx = ctx;
	cli_args.file = file;
	cli_args.interactive = interactive;
	ret = app_thread_create(&cli_thread, "carp-console", cli_main,
		&cli_args);
	cli_thread_started = ret == 0;
	return ret;
}

bool
cli_join(void)
{
	struct timespec until;
	bool joined = true;

	if (!cli_thread_started)
		return true;
	/* A console stuck writing to a terminal or pipe that is not read
	 * must not keep dpdk-carp from ending: give it a second.
	 */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 1;
	if (pthread_timedjoin_np(cli_thread, NULL, &until) != 0) {
		APP_LOG(WARNING, "console: its output is stuck: left behind");
		joined = false;
	}
	cli_thread_started = false;
	return joined;
}
