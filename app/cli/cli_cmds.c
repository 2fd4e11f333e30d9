/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The console's commands as librte_cmdline sees them: for each, a result
 * struct naming its tokens, the tokens with the command's help beside
 * them, and a callback that fills a struct cmd_req and has the command
 * run on the control lcore (commands.c does the work).
 */

#include <string.h>
#include <netinet/in.h>

#include <cmdline.h>
#include <cmdline_parse.h>
#include <cmdline_parse_ipaddr.h>
#include <cmdline_parse_string.h>

#include <rte_common.h>

#include "app.h"
#include "cli.h"
#include "cli_token_dec.h"
#include "commands.h"
#include "knob.h"

/* tok_RES_FIELD: the token of field FIELD of result struct RES. */
#define WORD(res, field, choices)					\
	static cmdline_parse_token_string_t tok_ ## res ## _ ## field =	\
		TOKEN_STRING_INITIALIZER(struct res, field, choices)
#define NUM(res, field)							\
	static struct cli_token_dec tok_ ## res ## _ ## field =		\
		TOKEN_DEC_INITIALIZER(struct res, field)
#define TOK(res, field)	(void *)&tok_ ## res ## _ ## field

/* Run fn on the control lcore; its answer is the command's. */
static void
run(struct cmdline *cl, control_fn fn, struct cmd_req *r)
{
	cli_exec(cl, fn, r);
}

/* ---- help ---- */

struct cmd_help { cmdline_fixed_string_t help; };
WORD(cmd_help, help, "help");

static void
cb_help(void *res, struct cmdline *cl, void *data)
{
	RTE_SET_USED(res);
	RTE_SET_USED(data);
	cli_help(cl);
}

static cmdline_parse_inst_t inst_help = {
	.f = cb_help, .help_str = "help: this list",
	.tokens = { TOK(cmd_help, help), NULL },
};

/* ---- show carp [NAME] ---- */

struct cmd_show_carp {
	cmdline_fixed_string_t show, carp, name;
};
WORD(cmd_show_carp, show, "show");
WORD(cmd_show_carp, carp, "carp");
WORD(cmd_show_carp, name, NULL);

static void
cb_show_carp(void *res, struct cmdline *cl, void *data)
{
	struct cmd_show_carp *c = res;
	struct cmd_req r = { .name = data != NULL ? c->name : NULL };

	run(cl, cmd_show_carp, &r);
}

static cmdline_parse_inst_t inst_show_carp = {
	.f = cb_show_carp,
	.help_str = "show carp: every carp interface: state, timers, skew, "
		"counters",
	.tokens = { TOK(cmd_show_carp, show), TOK(cmd_show_carp, carp), NULL },
};

static cmdline_parse_inst_t inst_show_carp_one = {
	.f = cb_show_carp, .data = (void *)1,
	.help_str = "show carp NAME: one carp interface",
	.tokens = { TOK(cmd_show_carp, show), TOK(cmd_show_carp, carp),
		TOK(cmd_show_carp, name), NULL },
};

/* ---- carp create NAME port PORT vhid N ---- */

struct cmd_carp_create {
	cmdline_fixed_string_t carp, create, name, kw_port, port, kw_vhid;
	uint32_t vhid;
};
WORD(cmd_carp_create, carp, "carp");
WORD(cmd_carp_create, create, "create");
WORD(cmd_carp_create, name, NULL);
WORD(cmd_carp_create, kw_port, "port");
WORD(cmd_carp_create, port, NULL);
WORD(cmd_carp_create, kw_vhid, "vhid");
NUM(cmd_carp_create, vhid);

static void
cb_carp_create(void *res, struct cmdline *cl, void *data)
{
	struct cmd_carp_create *c = res;
	struct cmd_req r = { .name = c->name, .port = c->port,
		.num = c->vhid };

	RTE_SET_USED(data);
	run(cl, cmd_carp_create, &r);
}

static cmdline_parse_inst_t inst_carp_create = {
	.f = cb_carp_create,
	.help_str = "carp create NAME port PORT vhid N: a new carp interface "
		"(give it addresses with carp add)",
	.tokens = { TOK(cmd_carp_create, carp), TOK(cmd_carp_create, create),
		TOK(cmd_carp_create, name), TOK(cmd_carp_create, kw_port),
		TOK(cmd_carp_create, port), TOK(cmd_carp_create, kw_vhid),
		TOK(cmd_carp_create, vhid), NULL },
};

/* ---- carp destroy NAME ---- */

struct cmd_carp_destroy {
	cmdline_fixed_string_t carp, destroy, name;
};
WORD(cmd_carp_destroy, carp, "carp");
WORD(cmd_carp_destroy, destroy, "destroy");
WORD(cmd_carp_destroy, name, NULL);

static void
cb_carp_destroy(void *res, struct cmdline *cl, void *data)
{
	struct cmd_carp_destroy *c = res;
	struct cmd_req r = { .name = c->name };

	RTE_SET_USED(data);
	run(cl, cmd_carp_destroy, &r);
}

static cmdline_parse_inst_t inst_carp_destroy = {
	.f = cb_carp_destroy,
	.help_str = "carp destroy NAME: remove it (a MASTER bows out first)",
	.tokens = { TOK(cmd_carp_destroy, carp),
		TOK(cmd_carp_destroy, destroy), TOK(cmd_carp_destroy, name),
		NULL },
};

/* ---- carp set NAME ... ---- */

struct cmd_carp_set {
	cmdline_fixed_string_t carp, set, name, what, value;
	uint32_t num;
};
WORD(cmd_carp_set, carp, "carp");
WORD(cmd_carp_set, set, "set");
WORD(cmd_carp_set, name, NULL);
NUM(cmd_carp_set, num);

static cmdline_parse_token_string_t set_numfield =
	TOKEN_STRING_INITIALIZER(struct cmd_carp_set, what,
		"vhid#advbase#advskew");
static cmdline_parse_token_string_t set_kw_pass =
	TOKEN_STRING_INITIALIZER(struct cmd_carp_set, what, "pass");
static cmdline_parse_token_string_t set_nopass =
	TOKEN_STRING_INITIALIZER(struct cmd_carp_set, what, "nopass");
static cmdline_parse_token_string_t set_kw_peer =
	TOKEN_STRING_INITIALIZER(struct cmd_carp_set, what, "peer");
static cmdline_parse_token_string_t set_nopeer =
	TOKEN_STRING_INITIALIZER(struct cmd_carp_set, what, "nopeer");
static cmdline_parse_token_string_t set_kw_port =
	TOKEN_STRING_INITIALIZER(struct cmd_carp_set, what, "port");
static cmdline_parse_token_string_t set_updown =
	TOKEN_STRING_INITIALIZER(struct cmd_carp_set, what, "up#down");
static cmdline_parse_token_string_t set_kw_state =
	TOKEN_STRING_INITIALIZER(struct cmd_carp_set, what, "state");
static cmdline_parse_token_string_t set_any =
	TOKEN_STRING_INITIALIZER(struct cmd_carp_set, value, NULL);
static cmdline_parse_token_string_t set_state =
	TOKEN_STRING_INITIALIZER(struct cmd_carp_set, value,
		"master#backup");

static void
cb_carp_set(void *res, struct cmdline *cl, void *data)
{
	struct cmd_carp_set *c = res;
	control_fn fn = (control_fn)(uintptr_t)data;
	struct cmd_req r = { .name = c->name, .word = c->what, .num = c->num };

	if (fn == cmd_carp_set_pass)
		r.word = strcmp(c->what, "nopass") == 0 ? NULL : c->value;
	else if (fn == cmd_carp_set_peer)
		r.word = strcmp(c->what, "nopeer") == 0 ? NULL : c->value;
	else if (fn == cmd_carp_set_port)
		r.port = c->value;
	else if (fn == cmd_carp_set_state)
		r.word = c->value;
	run(cl, fn, &r);
}

#define SET_INST(id, fn, help, ...)					\
	static cmdline_parse_inst_t id = {				\
		.f = cb_carp_set, .data = (void *)(uintptr_t)(fn),	\
		.help_str = help,					\
		.tokens = { TOK(cmd_carp_set, carp),			\
			TOK(cmd_carp_set, set), TOK(cmd_carp_set, name), \
			__VA_ARGS__, NULL },				\
	}

SET_INST(inst_carp_set_num, cmd_carp_set_num,
	"carp set NAME vhid|advbase|advskew N: change a number",
	(void *)&set_numfield, TOK(cmd_carp_set, num));
SET_INST(inst_carp_set_pass, cmd_carp_set_pass,
	"carp set NAME pass WORD: the password (at most 19 characters)",
	(void *)&set_kw_pass, (void *)&set_any);
SET_INST(inst_carp_set_nopass, cmd_carp_set_pass,
	"carp set NAME nopass: no password",
	(void *)&set_nopass);
SET_INST(inst_carp_set_peer, cmd_carp_set_peer,
	"carp set NAME peer A.B.C.D: advertise to this peer only (unicast, "
	"IPv4)",
	(void *)&set_kw_peer, (void *)&set_any);
SET_INST(inst_carp_set_nopeer, cmd_carp_set_peer,
	"carp set NAME nopeer: advertise to 224.0.0.18 again",
	(void *)&set_nopeer);
SET_INST(inst_carp_set_port, cmd_carp_set_port,
	"carp set NAME port PORT: move it to another port",
	(void *)&set_kw_port, (void *)&set_any);
SET_INST(inst_carp_set_updown, cmd_carp_set_updown,
	"carp set NAME up|down: run it, or stop it (a MASTER bows out)",
	(void *)&set_updown);
SET_INST(inst_carp_set_state, cmd_carp_set_state,
	"carp set NAME state master|backup: force a state",
	(void *)&set_kw_state, (void *)&set_state);

/* ---- carp add|del NAME address A.B.C.D[/LEN] | X:X::X[/LEN] ---- */

struct cmd_carp_addr {
	cmdline_fixed_string_t carp, op, name, address;
	cmdline_ipaddr_t ip;
};
WORD(cmd_carp_addr, carp, "carp");
WORD(cmd_carp_addr, op, "add#del");
WORD(cmd_carp_addr, name, NULL);
WORD(cmd_carp_addr, address, "address");
static cmdline_parse_token_ipaddr_t tok_cmd_carp_addr_net =
	TOKEN_IPNET_INITIALIZER(struct cmd_carp_addr, ip);
static cmdline_parse_token_ipaddr_t tok_cmd_carp_addr_ip =
	TOKEN_IPADDR_INITIALIZER(struct cmd_carp_addr, ip);

static void
cb_carp_addr(void *res, struct cmdline *cl, void *data)
{
	struct cmd_carp_addr *c = res;
	struct cmd_req r = { .name = c->name,
		.add = strcmp(c->op, "add") == 0 };
	bool v6 = c->ip.family == AF_INET6;
	unsigned int max = v6 ? 128 : 32;

	if (c->ip.family != AF_INET && !v6) {
		cmdline_printf(cl, "error: an IPv4 or IPv6 address is "
			"expected\n");
		return;
	}
	/* data marks the address/LEN form: there, /0 is no default. */
	if (data != NULL && (c->ip.prefixlen < 1 || c->ip.prefixlen > max)) {
		char s[INET6_ADDRSTRLEN];

		inet_ntop(c->ip.family, &c->ip.addr, s, sizeof(s));
		cmdline_printf(cl, "error: %s/%u: a prefix length 1..%u is "
			"expected\n", s, c->ip.prefixlen, max);
		return;
	}
	r.v6 = v6;
	if (v6)
		memcpy(r.addr6.a, &c->ip.addr.ipv6, sizeof(r.addr6.a));
	else
		r.addr = c->ip.addr.ipv4.s_addr;
	r.prefixlen = data != NULL ? (uint8_t)c->ip.prefixlen : 0;
	run(cl, cmd_carp_addr, &r);
}

static cmdline_parse_inst_t inst_carp_addr_net = {
	.f = cb_carp_addr, .data = (void *)1,
	.help_str = "carp add|del NAME address A.B.C.D/LEN: add or remove an "
		"address (or an IPv6 one, X:X::X/LEN)",
	.tokens = { TOK(cmd_carp_addr, carp), TOK(cmd_carp_addr, op),
		TOK(cmd_carp_addr, name), TOK(cmd_carp_addr, address),
		TOK(cmd_carp_addr, net), NULL },
};

static cmdline_parse_inst_t inst_carp_addr = {
	.f = cb_carp_addr,
	.help_str = "carp add|del NAME address A.B.C.D: the same, with the "
		"port's prefix (or X:X::X, with the port's IPv6 prefix)",
	.tokens = { TOK(cmd_carp_addr, carp), TOK(cmd_carp_addr, op),
		TOK(cmd_carp_addr, name), TOK(cmd_carp_addr, address),
		TOK(cmd_carp_addr, ip), NULL },
};

/* ---- sysctl set KNOB N ---- */

struct cmd_sysctl_set {
	cmdline_fixed_string_t sysctl, set, knob;
	uint32_t value;
};
WORD(cmd_sysctl_set, sysctl, "sysctl");
WORD(cmd_sysctl_set, set, "set");
/* Its choices, every knob's name, are filled in from the knob table. */
WORD(cmd_sysctl_set, knob, NULL);
NUM(cmd_sysctl_set, value);

static void
cb_sysctl_set(void *res, struct cmdline *cl, void *data)
{
	struct cmd_sysctl_set *c = res;
	struct cmd_req r = { .word = c->knob, .num = c->value };

	RTE_SET_USED(data);
	run(cl, cmd_sysctl_set, &r);
}

static cmdline_parse_inst_t inst_sysctl_set = {
	.f = cb_sysctl_set,
	.help_str = "sysctl set allow|preempt|log|arpbalance|"
		"arp_rate_per_source N: set a knob (suppress_preempt is "
		"read-only)",
	.tokens = { TOK(cmd_sysctl_set, sysctl), TOK(cmd_sysctl_set, set),
		TOK(cmd_sysctl_set, knob), TOK(cmd_sysctl_set, value), NULL },
};

/* ---- two-word and three-word commands without arguments ---- */

struct cmd_words {
	cmdline_fixed_string_t w0, w1, w2;
};
static cmdline_parse_token_string_t words_show =
	TOKEN_STRING_INITIALIZER(struct cmd_words, w0, "show");
static cmdline_parse_token_string_t words_clear =
	TOKEN_STRING_INITIALIZER(struct cmd_words, w0, "clear");
static cmdline_parse_token_string_t words_sysctl =
	TOKEN_STRING_INITIALIZER(struct cmd_words, w1, "sysctl");
static cmdline_parse_token_string_t words_carpstats =
	TOKEN_STRING_INITIALIZER(struct cmd_words, w1, "carpstats");
static cmdline_parse_token_string_t words_arpbal =
	TOKEN_STRING_INITIALIZER(struct cmd_words, w1, "arpbal");
static cmdline_parse_token_string_t words_workers =
	TOKEN_STRING_INITIALIZER(struct cmd_words, w1, "workers");
static cmdline_parse_token_string_t words_host =
	TOKEN_STRING_INITIALIZER(struct cmd_words, w1, "host");
static cmdline_parse_token_string_t words_port =
	TOKEN_STRING_INITIALIZER(struct cmd_words, w1, "port");
static cmdline_parse_token_string_t words_stats =
	TOKEN_STRING_INITIALIZER(struct cmd_words, w2, "stats");

static void
cb_words(void *res, struct cmdline *cl, void *data)
{
	struct cmd_req r = { .name = NULL };

	RTE_SET_USED(res);
	run(cl, (control_fn)(uintptr_t)data, &r);
}

#define WORDS_INST(id, fn, help, ...)					\
	static cmdline_parse_inst_t id = {				\
		.f = cb_words, .data = (void *)(uintptr_t)(fn),		\
		.help_str = help, .tokens = { __VA_ARGS__, NULL },	\
	}

WORDS_INST(inst_show_sysctl, cmd_show_sysctl,
	"show sysctl: the global knobs", (void *)&words_show, (void *)&words_sysctl);
WORDS_INST(inst_show_carpstats, cmd_show_carpstats,
	"show carpstats: the CARP counters (netstat -s -p carp)",
	(void *)&words_show, (void *)&words_carpstats);
WORDS_INST(inst_clear_carpstats, cmd_clear_carpstats,
	"clear carpstats: zero the CARP counters",
	(void *)&words_clear, (void *)&words_carpstats);
WORDS_INST(inst_show_arpbal, cmd_show_arpbal,
	"show arpbal: the ARP balancer's addresses, groups and counters",
	(void *)&words_show, (void *)&words_arpbal);
WORDS_INST(inst_show_workers, cmd_show_workers,
	"show workers: the polling lcores' counters, summed",
	(void *)&words_show, (void *)&words_workers);
WORDS_INST(inst_show_host, cmd_show_host,
	"show host: each kernel twin and what crossed it",
	(void *)&words_show, (void *)&words_host);
WORDS_INST(inst_show_port_stats, cmd_show_port_stats,
	"show port stats: link and counters of each port",
	(void *)&words_show, (void *)&words_port, (void *)&words_stats);

/* ---- demote | undemote ---- */

struct cmd_demote { cmdline_fixed_string_t what; };
WORD(cmd_demote, what, "demote#undemote");

static void
cb_demote(void *res, struct cmdline *cl, void *data)
{
	struct cmd_demote *c = res;
	struct cmd_req r = { .word = c->what };

	RTE_SET_USED(data);
	run(cl, cmd_demote, &r);
}

static cmdline_parse_inst_t inst_demote = {
	.f = cb_demote,
	.help_str = "demote|undemote: planned maintenance: give the addresses "
		"to the peer (advertise skew 240; a MASTER bows out where "
		"preempt is 0), or take part again",
	.tokens = { TOK(cmd_demote, what), NULL },
};

/* ---- quit ---- */

struct cmd_quit { cmdline_fixed_string_t quit; };
WORD(cmd_quit, quit, "quit");

static void
cb_quit(void *res, struct cmdline *cl, void *data)
{
	RTE_SET_USED(res);
	RTE_SET_USED(data);
	cli_quit(cl);
}

static cmdline_parse_inst_t inst_quit = {
	.f = cb_quit, .help_str = "quit: bow out and exit",
	.tokens = { TOK(cmd_quit, quit), NULL },
};

static cmdline_parse_ctx_t commands[] = {
	&inst_help,
	&inst_show_carp,
	&inst_show_carp_one,
	&inst_carp_create,
	&inst_carp_destroy,
	&inst_carp_set_num,
	&inst_carp_set_pass,
	&inst_carp_set_nopass,
	&inst_carp_set_peer,
	&inst_carp_set_nopeer,
	&inst_carp_set_port,
	&inst_carp_set_updown,
	&inst_carp_set_state,
	&inst_carp_addr_net,
	&inst_carp_addr,
	&inst_show_sysctl,
	&inst_sysctl_set,
	&inst_show_carpstats,
	&inst_clear_carpstats,
	&inst_show_arpbal,
	&inst_show_workers,
	&inst_show_host,
	&inst_show_port_stats,
	&inst_demote,
	&inst_quit,
	NULL,
};

cmdline_parse_ctx_t *
cli_commands(void)
{
	tok_cmd_sysctl_set_knob.string_data.str = knob_choices();
	return commands;
}
