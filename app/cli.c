/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The console: what carp(4) does with ifconfig carpN and sysctl
 * net.inet.carp, on librte_cmdline (completion, history, help).
 *
 * Every command that reads or changes CARP state runs on the control
 * lcore through ctl_call(), so the control lcore stays the only writer;
 * it writes its answer into a memory stream that the console prints.
 * Changes are checked by lib/carp's rules, the same as the configuration
 * file's, and a refused change leaves everything as it was.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <cmdline.h>
#include <cmdline_parse.h>
#include <cmdline_parse_ipaddr.h>
#include <cmdline_parse_num.h>
#include <cmdline_parse_string.h>
#include <cmdline_rdline.h>
#include <cmdline_socket.h>

#include <rte_common.h>
#include <rte_ethdev.h>

#include "cli.h"
#include "control.h"
#include "ctl.h"

/* A request for the control lcore and the text it answers with. */
struct cli_req {
	const char *name;		/* carp interface, or NULL */
	const char *word;		/* key or value word */
	uint32_t num;
	struct carp_vhost_conf conf;	/* for create */
	rte_be32_t addr;
	uint8_t prefixlen;
	FILE *out;
};

static int
cli_run(struct cmdline *cl, ctl_fn fn, struct cli_req *r)
{
	char *buf = NULL;
	size_t len = 0;
	int ret;

	r->out = open_memstream(&buf, &len);
	if (r->out == NULL) {
		cmdline_printf(cl, "error: out of memory\n");
		return -ENOMEM;
	}
	ret = ctl_call(&app, fn, r);
	if (ret == -ESHUTDOWN)
		fprintf(r->out, "error: the control lcore has stopped\n");
	fclose(r->out);
	if (len > 0)
		cmdline_printf(cl, "%s", buf);
	free(buf);
	return ret;
}

static struct carp_vhost *
find(struct app *a, struct cli_req *r)
{
	struct carp_vhost *vh = carp_vhost_find(a->carp, r->name);

	if (vh == NULL)
		fprintf(r->out, "error: no carp interface %s\n", r->name);
	return vh;
}

/* Apply a changed copy of a vhost's configuration, or say why not. */
static int
update(struct app *a, struct cli_req *r, struct carp_vhost *vh,
		const struct carp_vhost_conf *c)
{
	char err[256];
	int ret;

	ret = carp_vhost_update(a->carp, vh, c, app_now_ns(), err,
		sizeof(err));
	if (ret != 0) {
		fprintf(r->out, "error: %s: %s\n", r->name, err);
		return ret;
	}
	return control_vhosts_changed(a);
}

/* ---- show ---- */

static void
print_addrs(FILE *f, const struct carp_vhost_conf *c)
{
	char s[INET_ADDRSTRLEN];
	unsigned int i;

	for (i = 0; i < c->naddrs; i++) {
		inet_ntop(AF_INET, &c->addrs[i], s, sizeof(s));
		fprintf(f, " %s/%u", s, c->prefixlen[i]);
	}
	if (c->naddrs == 0)
		fprintf(f, " (none)");
}

static void
show_vhost(struct app *a, FILE *f, const struct carp_vhost *vh)
{
	const struct carp_vhost_conf *c = &vh->conf;
	uint64_t now = app_now_ns(), v[ARPBAL_NVERDICTS];
	unsigned int i;

	fprintf(f, "%s: %s vhid %u on %s, advbase %u advskew %u "
		"(advertised %u), %s\n", c->name,
		carp_state_name(vh->fsm.state), c->vhid,
		app.cfg.port[c->port].name, c->advbase, c->advskew,
		carp_fsm_eff_skew(&vh->fsm, &a->carp->sysctl),
		c->pass[0] != '\0' ? "password set" : "no password");
	fprintf(f, "  addresses:");
	print_addrs(f, c);
	fprintf(f, "\n  mac " RTE_ETHER_ADDR_PRT_FMT "%s%s\n",
		RTE_ETHER_ADDR_BYTES(&vh->vmac), c->down ? ", down" : "",
		carp_vhost_running(a->carp, vh) ? "" : ", not running");
	if (vh->fsm.timer != CARP_TIMER_NONE)
		fprintf(f, "  %s in %.3f s (interval %.3f s, master-down %.3f s)\n",
			vh->fsm.timer == CARP_TIMER_ADV ? "advertisement" :
			"master-down",
			vh->fsm.deadline > now ?
			(double)(vh->fsm.deadline - now) / 1e9 : 0.0,
			(double)carp_fsm_adv_interval(&vh->fsm,
				&a->carp->sysctl) / 1e9,
			(double)carp_fsm_down_interval(&vh->fsm) / 1e9);
	fprintf(f, "  transitions %" PRIu64, vh->transitions);
	for (i = 0; i < CARP_STAT_MAX; i++)
		if (vh->stats.v[i] != 0)
			fprintf(f, " %s %" PRIu64, carp_stat_name(i),
				vh->stats.v[i]);
	arpbal_vhid_stats(a->ab, c->port, c->vhid, v);
	fprintf(f, "\n  arp answered %" PRIu64 " not_master %" PRIu64
		" rate_limited %" PRIu64 "\n", v[ARPBAL_ANSWERED],
		v[ARPBAL_NOT_MASTER], v[ARPBAL_RATE_LIMITED]);
}

static int
do_show_carp(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	const struct carp_vhost *vh;

	if (r->name != NULL) {
		vh = find(a, r);
		if (vh == NULL)
			return -ENOENT;
		show_vhost(a, r->out, vh);
		return 0;
	}
	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		show_vhost(a, r->out, vh);
	if (a->carp->nvhosts == 0)
		fprintf(r->out, "no carp interfaces\n");
	return 0;
}

static int
do_show_sysctl(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	unsigned int k;

	for (k = 0; k < CARP_KNOB_MAX; k++)
		fprintf(r->out, "net.inet.carp.%s: %u%s\n", carp_knob_name(k),
			a->carp->sysctl.v[k],
			carp_knob_readonly(k) ? " (read-only)" : "");
	fprintf(r->out, "arp_rate_per_source: %u\n",
		a->cfg.arp_rate_per_source);
	return 0;
}

static int
do_show_stats(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	unsigned int i;

	for (i = 0; i < CARP_STAT_MAX; i++)
		fprintf(r->out, "%-10s %" PRIu64 "\n", carp_stat_name(i),
			a->carp->stats.v[i]);
	return 0;
}

static int
do_clear_stats(struct app *a, void *arg)
{
	struct carp_vhost *vh;

	RTE_SET_USED(arg);
	memset(&a->carp->stats, 0, sizeof(a->carp->stats));
	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		memset(&vh->stats, 0, sizeof(vh->stats));
	return 0;
}

static int
do_show_arpbal(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	uint8_t vhids[CARP_VHID_MAX];
	uint64_t v[ARPBAL_NVERDICTS];
	struct arpbal_stats st;
	char s[INET_ADDRSTRLEN];
	unsigned int n, i;
	uint32_t next = 0;
	uint16_t port;
	rte_be32_t addr;

	fprintf(r->out, "arpbalance %u, %u address(es)\n",
		a->carp->sysctl.v[CARP_KNOB_ARPBALANCE], arpbal_count(a->ab));
	while (arpbal_iterate(a->ab, &next, &port, &addr, vhids, &n)) {
		inet_ntop(AF_INET, &addr, s, sizeof(s));
		fprintf(r->out, "  %s on %s: vhid", s, a->cfg.port[port].name);
		for (i = 0; i < n; i++) {
			const struct carp_vhost *vh = carp_vhost_lookup(a->carp,
				port, vhids[i]);

			fprintf(r->out, "%s%u(%s)", i ? "," : " ", vhids[i],
				vh != NULL ? carp_state_name(vh->fsm.state) :
				"gone");
		}
		if (arpbal_group_stats(a->ab, port, addr, v) == 0)
			fprintf(r->out, "; answered %" PRIu64 " not_master %"
				PRIu64 " rate_limited %" PRIu64,
				v[ARPBAL_ANSWERED], v[ARPBAL_NOT_MASTER],
				v[ARPBAL_RATE_LIMITED]);
		fprintf(r->out, "\n");
	}
	arpbal_stats_get(a->ab, NULL, &st);
	fprintf(r->out, "requests %" PRIu64 " answered %" PRIu64
		" not_master %" PRIu64 " rate_limited %" PRIu64
		" not_shared %" PRIu64 " malformed %" PRIu64 " untracked %"
		PRIu64 "\n", st.requests, st.verdict[ARPBAL_ANSWERED],
		st.verdict[ARPBAL_NOT_MASTER], st.verdict[ARPBAL_RATE_LIMITED],
		st.not_shared, st.malformed, st.untracked);
	return 0;
}

/* ---- changes ---- */

static int
do_create(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	char err[256];

	if (carp_vhost_create(a->carp, &r->conf, app_now_ns(), err,
			sizeof(err)) == NULL) {
		fprintf(r->out, "error: %s: %s\n", r->conf.name, err);
		return -EINVAL;
	}
	return control_vhosts_changed(a);
}

static int
do_destroy(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	struct carp_vhost *vh = find(a, r);

	if (vh == NULL)
		return -ENOENT;
	control_vhost_destroy(a, vh);
	return 0;
}

static int
do_set_num(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	struct carp_vhost_conf c;
	uint32_t max = CARP_ADVSKEW_MAX;
	uint8_t *field;

	if (vh == NULL)
		return -ENOENT;
	c = vh->conf;
	if (strcmp(r->word, "vhid") == 0) {
		field = &c.vhid;
		max = CARP_VHID_MAX;
	} else if (strcmp(r->word, "advbase") == 0) {
		field = &c.advbase;
		max = CARP_ADVBASE_MAX;
	} else {
		field = &c.advskew;
	}
	if (r->num > max || (field == &c.vhid && r->num == 0)) {
		fprintf(r->out, "error: %s: %s must be %u..%u, not %u\n",
			r->name, r->word, field == &c.vhid ? 1 : 0, max,
			r->num);
		return -EINVAL;
	}
	*field = (uint8_t)r->num;
	return update(a, r, vh, &c);
}

static int
do_set_pass(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	struct carp_vhost_conf c;
	char err[256];

	if (vh == NULL)
		return -ENOENT;
	if (carp_pass_check(r->word, err, sizeof(err)) != 0) {
		fprintf(r->out, "error: %s: %s\n", r->name, err);
		return -EINVAL;
	}
	c = vh->conf;
	snprintf(c.pass, sizeof(c.pass), "%s", r->word);
	return update(a, r, vh, &c);
}

static int
do_set_nopass(struct app *a, void *arg)
{
	struct cli_req *r = arg;

	r->word = "";
	return do_set_pass(a, r);
}

static int
do_set_port(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	struct carp_vhost_conf c;
	int idx;

	if (vh == NULL)
		return -ENOENT;
	idx = app_config_port_index(&a->cfg, r->word);
	if (idx < 0) {
		fprintf(r->out, "error: %s: no port %s\n", r->name, r->word);
		return -ENODEV;
	}
	c = vh->conf;
	c.port = (uint16_t)idx;
	return update(a, r, vh, &c);
}

static int
do_set_updown(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	struct carp_vhost_conf c;

	if (vh == NULL)
		return -ENOENT;
	c = vh->conf;
	c.down = strcmp(r->word, "down") == 0;
	return update(a, r, vh, &c);
}

static int
do_set_state(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	char err[256];
	int ret;

	if (vh == NULL)
		return -ENOENT;
	ret = carp_vhost_force(a->carp, vh, strcmp(r->word, "master") == 0 ?
		CARP_STATE_MASTER : CARP_STATE_BACKUP, app_now_ns(), err,
		sizeof(err));
	if (ret != 0)
		fprintf(r->out, "error: %s\n", err);
	return ret;
}

static int
do_addr(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	struct carp_vhost_conf c;
	char s[INET_ADDRSTRLEN];
	unsigned int i;

	if (vh == NULL)
		return -ENOENT;
	c = vh->conf;
	for (i = 0; i < c.naddrs && c.addrs[i] != r->addr; i++)
		;
	inet_ntop(AF_INET, &r->addr, s, sizeof(s));
	if (strcmp(r->word, "add") == 0) {
		if (i < c.naddrs) {
			fprintf(r->out, "error: %s already has %s\n", r->name,
				s);
			return -EEXIST;
		}
		if (c.naddrs == CARP_MAX_ADDRS) {
			fprintf(r->out, "error: %s has %u addresses already\n",
				r->name, CARP_MAX_ADDRS);
			return -ENOSPC;
		}
		c.addrs[c.naddrs] = r->addr;
		c.prefixlen[c.naddrs++] = r->prefixlen != 0 ? r->prefixlen :
			a->carp->port[c.port].prefixlen;
	} else {
		if (i == c.naddrs) {
			fprintf(r->out, "error: %s has no address %s\n",
				r->name, s);
			return -ENOENT;
		}
		c.addrs[i] = c.addrs[c.naddrs - 1];
		c.prefixlen[i] = c.prefixlen[c.naddrs - 1];
		c.naddrs--;
	}
	return update(a, r, vh, &c);
}

static int
do_sysctl_set(struct app *a, void *arg)
{
	struct cli_req *r = arg;
	enum carp_knob k = carp_knob_lookup(r->word);
	char err[256];
	int ret;

	if (strcmp(r->word, "arp_rate_per_source") == 0) {
		if (r->num > APP_ARP_RATE_MAX) {
			fprintf(r->out, "error: arp_rate_per_source must be "
				"0..%u, not %u\n", APP_ARP_RATE_MAX, r->num);
			return -EINVAL;
		}
		a->cfg.arp_rate_per_source = r->num;
		arpbal_rate_set(a->ab, r->num);
		return 0;
	}
	ret = carp_sysctl_set(a->carp, k, r->num, app_now_ns(), err,
		sizeof(err));
	if (ret != 0) {
		fprintf(r->out, "error: %s\n", err);
		return ret;
	}
	if (k == CARP_KNOB_ARPBALANCE)
		arpbal_balance_set(a->ab, r->num != 0);
	return 0;
}

/* ---- commands ---- */

#define STR(s, f, v)	TOKEN_STRING_INITIALIZER(s, f, v)

struct res_word {
	cmdline_fixed_string_t t0, t1, t2, t3, t4;
	uint32_t num;
	cmdline_ipaddr_t ip;
};

static void
cmd_show_carp(void *res, struct cmdline *cl, void *data)
{
	struct cli_req r = { .name = NULL };

	RTE_SET_USED(res);
	RTE_SET_USED(data);
	cli_run(cl, do_show_carp, &r);
}

static void
cmd_show_carp_one(void *res, struct cmdline *cl, void *data)
{
	struct res_word *w = res;
	struct cli_req r = { .name = w->t2 };

	RTE_SET_USED(data);
	cli_run(cl, do_show_carp, &r);
}

static void
cmd_simple(void *res, struct cmdline *cl, void *data)
{
	struct cli_req r = { .name = NULL };

	RTE_SET_USED(res);
	cli_run(cl, (ctl_fn)(uintptr_t)data, &r);
}

static void
cmd_create(void *res, struct cmdline *cl, void *data)
{
	struct res_word *w = res;
	struct cli_req r = { .name = w->t2 };
	int idx = app_config_port_index(&app.cfg, w->t4);

	RTE_SET_USED(data);
	if (idx < 0) {
		cmdline_printf(cl, "error: no port %s\n", w->t4);
		return;
	}
	if (w->num == 0 || w->num > CARP_VHID_MAX) {
		cmdline_printf(cl, "error: vhid must be 1..%u, not %u\n",
			CARP_VHID_MAX, w->num);
		return;
	}
	/* The names the configuration file allows: carp..., like the
	 * manual's cloned interfaces.
	 */
	if (strlen(w->t2) >= CARP_NAME_MAX || strncmp(w->t2, "carp", 4) != 0) {
		cmdline_printf(cl, "error: a name carpN of at most %u "
			"characters is expected, not %s\n", CARP_NAME_MAX - 1,
			w->t2);
		return;
	}
	carp_vhost_conf_init(&r.conf);
	snprintf(r.conf.name, sizeof(r.conf.name), "%s", w->t2);
	r.conf.port = (uint16_t)idx;
	r.conf.vhid = (uint8_t)w->num;
	cli_run(cl, do_create, &r);
}

static void
cmd_named(void *res, struct cmdline *cl, void *data)
{
	struct res_word *w = res;
	struct cli_req r = { .name = w->t2, .word = w->t3, .num = w->num };

	cli_run(cl, (ctl_fn)(uintptr_t)data, &r);
}

static void
cmd_named_value(void *res, struct cmdline *cl, void *data)
{
	struct res_word *w = res;
	struct cli_req r = { .name = w->t2, .word = w->t4, .num = w->num };

	cli_run(cl, (ctl_fn)(uintptr_t)data, &r);
}

static void
cmd_addr(void *res, struct cmdline *cl, void *data)
{
	struct res_word *w = res;
	struct cli_req r = { .name = w->t2, .word = w->t1 };

	if (w->ip.family != AF_INET) {
		cmdline_printf(cl, "error: an IPv4 address is expected\n");
		return;
	}
	/* data marks the A.B.C.D/LEN form: there, /0 is no default. */
	if (data != NULL && (w->ip.prefixlen < 1 || w->ip.prefixlen > 32)) {
		char s[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &w->ip.addr.ipv4, s, sizeof(s));
		cmdline_printf(cl, "error: %s/%u: a prefix length 1..32 is "
			"expected\n", s, w->ip.prefixlen);
		return;
	}
	r.addr = w->ip.addr.ipv4.s_addr;
	r.prefixlen = (uint8_t)w->ip.prefixlen;
	cli_run(cl, do_addr, &r);
}

static void
cmd_sysctl_set(void *res, struct cmdline *cl, void *data)
{
	struct res_word *w = res;
	struct cli_req r = { .word = w->t2, .num = w->num };

	RTE_SET_USED(data);
	cli_run(cl, do_sysctl_set, &r);
}

static void
cmd_port_stats(void *res, struct cmdline *cl, void *data)
{
	struct rte_eth_stats st;
	struct rte_eth_link link;
	unsigned int i;

	RTE_SET_USED(res);
	RTE_SET_USED(data);
	for (i = 0; i < app.nports; i++) {
		struct app_port *p = &app.port[i];

		if (!p->started || rte_eth_stats_get(p->port_id, &st) != 0)
			continue;
		rte_eth_link_get_nowait(p->port_id, &link);
		cmdline_printf(cl, "%s (%s): link %s, rx %" PRIu64 " tx %"
			PRIu64 " missed %" PRIu64 " rx_errors %" PRIu64
			" tx_errors %" PRIu64 " rx_nombuf %" PRIu64 "\n",
			app.cfg.port[i].name, app.cfg.port[i].device,
			link.link_status ? "up" : "down", st.ipackets,
			st.opackets, st.imissed, st.ierrors, st.oerrors,
			st.rx_nombuf);
	}
}

static void
cmd_quit(void *res, struct cmdline *cl, void *data)
{
	RTE_SET_USED(res);
	RTE_SET_USED(data);
	cmdline_quit(cl);
	app.force_quit = true;
}

static void cmd_help(void *res, struct cmdline *cl, void *data);

#define TOK(f, v)	(void *)&(cmdline_parse_token_string_t)STR(struct res_word, f, v)
#define TOK_NUM		(void *)&(cmdline_parse_token_num_t)	\
	TOKEN_NUM_INITIALIZER(struct res_word, num, RTE_UINT32)
#define TOK_NET		(void *)&(cmdline_parse_token_ipaddr_t)	\
	TOKEN_IPV4NET_INITIALIZER(struct res_word, ip)
#define TOK_IP		(void *)&(cmdline_parse_token_ipaddr_t)	\
	TOKEN_IPV4_INITIALIZER(struct res_word, ip)
#define FN(f)		(void *)(uintptr_t)(f)

/*
 * The command table: the tokens of each command beside its help. A NULL
 * token string is any word (a name, a password).
 */
#define CMD(id_, fn_, data_, help_, ...)				\
	static cmdline_parse_inst_t id_ = {				\
		.f = fn_, .data = data_, .help_str = help_,		\
		.tokens = { __VA_ARGS__, NULL },			\
	}

CMD(inst_help, cmd_help, NULL,
	"help: this list",
	TOK(t0, "help"));

CMD(inst_show_carp, cmd_show_carp, NULL,
	"show carp: every carp interface: state, timers, skew, counters",
	TOK(t0, "show"), TOK(t1, "carp"));

CMD(inst_show_carp_one, cmd_show_carp_one, NULL,
	"show carp NAME: one carp interface",
	TOK(t0, "show"), TOK(t1, "carp"), TOK(t2, NULL));

CMD(inst_carp_create, cmd_create, NULL,
	"carp create NAME port PORT vhid N: a new carp interface "
	"(give it addresses with carp add)",
	TOK(t0, "carp"), TOK(t1, "create"), TOK(t2, NULL), TOK(t3, "port"),
	TOK(t4, NULL), TOK(t0, "vhid"), TOK_NUM);

CMD(inst_carp_destroy, cmd_named, FN(do_destroy),
	"carp destroy NAME: remove it (a MASTER bows out first)",
	TOK(t0, "carp"), TOK(t1, "destroy"), TOK(t2, NULL));

CMD(inst_carp_set_num, cmd_named, FN(do_set_num),
	"carp set NAME vhid|advbase|advskew N: change a number",
	TOK(t0, "carp"), TOK(t1, "set"), TOK(t2, NULL),
	TOK(t3, "vhid#advbase#advskew"), TOK_NUM);

CMD(inst_carp_set_pass, cmd_named_value, FN(do_set_pass),
	"carp set NAME pass WORD: the password (at most 19 characters)",
	TOK(t0, "carp"), TOK(t1, "set"), TOK(t2, NULL), TOK(t3, "pass"),
	TOK(t4, NULL));

CMD(inst_carp_set_nopass, cmd_named_value, FN(do_set_nopass),
	"carp set NAME nopass: no password",
	TOK(t0, "carp"), TOK(t1, "set"), TOK(t2, NULL), TOK(t4, "nopass"));

CMD(inst_carp_set_port, cmd_named_value, FN(do_set_port),
	"carp set NAME port PORT: move it to another port",
	TOK(t0, "carp"), TOK(t1, "set"), TOK(t2, NULL), TOK(t3, "port"),
	TOK(t4, NULL));

CMD(inst_carp_set_updown, cmd_named, FN(do_set_updown),
	"carp set NAME up|down: run it, or stop it (a MASTER bows out)",
	TOK(t0, "carp"), TOK(t1, "set"), TOK(t2, NULL), TOK(t3, "up#down"));

CMD(inst_carp_set_state, cmd_named_value, FN(do_set_state),
	"carp set NAME state master|backup: force a state",
	TOK(t0, "carp"), TOK(t1, "set"), TOK(t2, NULL), TOK(t3, "state"),
	TOK(t4, "master#backup"));

CMD(inst_carp_addr_net, cmd_addr, FN(1),
	"carp add|del NAME address A.B.C.D/LEN: add or remove an address",
	TOK(t0, "carp"), TOK(t1, "add#del"), TOK(t2, NULL), TOK(t3, "address"),
	TOK_NET);

CMD(inst_carp_addr, cmd_addr, NULL,
	"carp add|del NAME address A.B.C.D: the same, with the port's prefix",
	TOK(t0, "carp"), TOK(t1, "add#del"), TOK(t2, NULL), TOK(t3, "address"),
	TOK_IP);

CMD(inst_show_sysctl, cmd_simple, FN(do_show_sysctl),
	"show sysctl: the global knobs",
	TOK(t0, "show"), TOK(t1, "sysctl"));

CMD(inst_sysctl_set, cmd_sysctl_set, NULL,
	"sysctl set allow|preempt|log|arpbalance|arp_rate_per_source N: "
	"set a knob (suppress_preempt is read-only)",
	TOK(t0, "sysctl"), TOK(t1, "set"),
	TOK(t2, "allow#preempt#log#arpbalance#suppress_preempt#" "arp_rate_per_source"),
	TOK_NUM);

CMD(inst_show_carpstats, cmd_simple, FN(do_show_stats),
	"show carpstats: the CARP counters (netstat -s -p carp)",
	TOK(t0, "show"), TOK(t1, "carpstats"));

CMD(inst_clear_carpstats, cmd_simple, FN(do_clear_stats),
	"clear carpstats: zero the CARP counters",
	TOK(t0, "clear"), TOK(t1, "carpstats"));

CMD(inst_show_arpbal, cmd_simple, FN(do_show_arpbal),
	"show arpbal: the ARP balancer's addresses, groups and counters",
	TOK(t0, "show"), TOK(t1, "arpbal"));

CMD(inst_show_port_stats, cmd_port_stats, NULL,
	"show port stats: link and counters of each port",
	TOK(t0, "show"), TOK(t1, "port"), TOK(t2, "stats"));

CMD(inst_quit, cmd_quit, NULL,
	"quit: bow out and exit",
	TOK(t0, "quit"));

static cmdline_parse_ctx_t ctx[] = {
	&inst_help,
	&inst_show_carp,
	&inst_show_carp_one,
	&inst_carp_create,
	&inst_carp_destroy,
	&inst_carp_set_num,
	&inst_carp_set_pass,
	&inst_carp_set_nopass,
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
	&inst_show_port_stats,
	&inst_quit,
	NULL,
};


static void
cmd_help(void *res, struct cmdline *cl, void *data)
{
	unsigned int i;

	RTE_SET_USED(res);
	RTE_SET_USED(data);
	cmdline_printf(cl, "commands (TAB completes, ? shows choices):\n");
	for (i = 0; ctx[i] != NULL; i++)
		cmdline_printf(cl, "  %s\n",
			((cmdline_parse_inst_t *)ctx[i])->help_str);
}

int
cli_run_file(const char *path)
{
	struct cmdline *cl;
	int fd;

	/* cmdline_file_new() would discard the output: echo the commands
	 * and their answers on stdout, as a console session would.
	 */
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	cl = cmdline_new(ctx, CLI_PROMPT, fd, STDOUT_FILENO);
	if (cl == NULL) {
		close(fd);
		return -ENOMEM;
	}
	cmdline_interact(cl);
	cmdline_printf(cl, "\n");
	cmdline_free(cl);
	close(fd);
	return 0;
}

struct cmdline *
cli_start(void)
{
	return cmdline_stdin_new(ctx, CLI_PROMPT);
}

bool
cli_poll(struct cmdline *cl)
{
	return cmdline_poll(cl) != RDLINE_EXITED;
}

void
cli_stop(struct cmdline *cl)
{
	if (cl != NULL)
		cmdline_stdin_exit(cl);
}
