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
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmdline.h>
#include <cmdline_parse.h>
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

/* Longest line of a file or pipe; a longer one is refused whole. */
#define LINE_MAX_LEN	(64 * 1024)

/* Input that is not typed: taken a line at a time, whole, straight to the
 * parser, without line editing or history, so that thousands of commands
 * run at the speed the control lcore applies them. Each is echoed after
 * the prompt with its answer, as a session would show it.
 */
struct lines {
	struct cmdline *cl;
	char *buf;
	size_t len, room;
	bool skip;		/* the rest of a line too long */
	uint64_t nlines;	/* run so far */
};

static void
line_run(struct cmdline *cl, char *line, size_t len)
{
	int ret;

	while (len > 0 && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	cmdline_printf(cl, "%s\n", line);
	/* The parser wants the end of the line: there is room for it. */
	line[len] = '\n';
	line[len + 1] = '\0';
	ret = cmdline_parse(cl, line);
	if (ret == CMDLINE_PARSE_AMBIGUOUS)
		cmdline_printf(cl, "Ambiguous command\n");
	else if (ret == CMDLINE_PARSE_NOMATCH)
		cmdline_printf(cl, "Command not found\n");
	else if (ret == CMDLINE_PARSE_BAD_ARGS)
		cmdline_printf(cl, "Bad arguments\n");
	cmdline_printf(cl, "%s", CLI_PROMPT);
}

/* Take n more bytes; run each line they complete. */
static int
lines_feed(struct lines *l, const char *p, size_t n)
{
	const char *nl;
	size_t k;

	while (n > 0 && !cli_done && !cli_app->force_quit) {
		nl = memchr(p, '\n', n);
		k = nl != NULL ? (size_t)(nl - p) : n;
		if (!l->skip && l->len + k + 2 > LINE_MAX_LEN) {
			cmdline_printf(l->cl, "error: a line longer than %u "
				"characters\n%s", LINE_MAX_LEN, CLI_PROMPT);
			l->skip = true;
			l->len = 0;
		}
		if (!l->skip) {
			if (l->len + k + 2 > l->room) {
				size_t room = l->room != 0 ? l->room : 256;
				char *b;

				while (room < l->len + k + 2)
					room *= 2;
				b = realloc(l->buf, room);
				if (b == NULL)
					return -ENOMEM;
				l->buf = b;
				l->room = room;
			}
			memcpy(l->buf + l->len, p, k);
			l->len += k;
		}
		if (nl == NULL)
			break;
		if (!l->skip) {
			line_run(l->cl, l->buf, l->len);
			l->nlines++;
		}
		l->skip = false;
		l->len = 0;
		p = nl + 1;
		n -= k + 1;
	}
	return 0;
}

static void
run_file(const char *path)
{
	struct lines l = { 0 };
	char chunk[4096];
	uint64_t t0;
	size_t n;
	FILE *f;

	f = fopen(path, "r");
	if (f == NULL) {
		APP_LOG(ERR, "cannot run %s: %s", path, strerror(errno));
		return;
	}
	l.cl = cmdline_new(cli_ctx, CLI_PROMPT, -1, STDOUT_FILENO);
	if (l.cl == NULL) {
		APP_LOG(ERR, "cannot run %s: out of memory", path);
		fclose(f);
		return;
	}
	/* cmdline_new() has printed the first prompt. */
	t0 = app_now_ns();
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (lines_feed(&l, chunk, n) != 0 || cli_done ||
		    cli_app->force_quit)
			break;
	cmdline_printf(l.cl, "\n");
	APP_LOG(INFO, "console: %" PRIu64 " commands from %s in %.3f s",
		l.nlines, path, (double)(app_now_ns() - t0) / 1e9);
	free(l.buf);
	cmdline_free(l.cl);
	fclose(f);
}

/* The console's input, as it comes, until it ends, quit, or dpdk-carp is
 * asked to stop: a terminal through librte_cmdline's line editing, a pipe
 * or file a line at a time.
 */
static void
run_terminal(struct app *a)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	/* Asked now: a terminal that has hung up is no terminal any more. */
	bool tty = isatty(STDIN_FILENO);
	struct lines l = { 0 };
	char buf[4096];
	ssize_t n;

	if (tty)
		l.cl = cmdline_stdin_new(cli_ctx, CLI_PROMPT);
	else
		l.cl = cmdline_new(cli_ctx, CLI_PROMPT, -1, STDOUT_FILENO);
	if (l.cl == NULL) {
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
		if (tty)
			cmdline_in(l.cl, buf, (int)n);
		else if (lines_feed(&l, buf, (size_t)n) != 0)
			break;
	}
	if (tty) {
		cmdline_stdin_exit(l.cl);
	} else {
		cmdline_printf(l.cl, "\n");
		cmdline_free(l.cl);
	}
	free(l.buf);
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
