/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The commands, on the control lcore. A change is made on a copy of the
 * vhost's configuration and handed to lib/carp, which checks it with the
 * rules the configuration file is held to and refuses it whole or applies
 * it whole; its effects (effects.c) bring the MAC filters and the ARP
 * balancer along.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include <rte_ethdev.h>

#include "app.h"
#include "commands.h"
#include "counters.h"
#include "neigh.h"
#include "host_path.h"
#include "knob.h"
#include "track.h"

static struct carp_vhost *
find(struct app *a, struct cmd_req *r)
{
	struct carp_vhost *vh = carp_vhost_find(a->carp, r->name);

	if (vh == NULL)
		fprintf(r->out, "error: no carp interface %s\n", r->name);
	return vh;
}

/* Apply a changed copy of a vhost's configuration, or say why not. */
static int
update(struct app *a, struct cmd_req *r, struct carp_vhost *vh,
		const struct carp_vhost_conf *c)
{
	struct carp_err err;
	int ret;

	ret = carp_vhost_update(a->carp, vh, c, app_now_ns(), &err);
	if (ret != 0)
		fprintf(r->out, "error: %s: %s\n", r->name, err.msg);
	return ret;
}

/* ---- show ---- */

/* The IPv4 addresses, then the IPv6 ones, on one line. */
static void
print_addrs(FILE *f, const struct carp_vhost_conf *c)
{
	char s[INET6_ADDRSTRLEN];
	unsigned int i;

	for (i = 0; i < c->naddrs; i++) {
		inet_ntop(AF_INET, &c->addrs[i], s, sizeof(s));
		fprintf(f, " %s/%u", s, c->prefixlen[i]);
	}
	for (i = 0; i < c->naddrs6; i++) {
		inet_ntop(AF_INET6, c->addrs6[i].a, s, sizeof(s));
		fprintf(f, " %s/%u", s, c->prefixlen6[i]);
	}
	if (c->naddrs + c->naddrs6 == 0)
		fprintf(f, " (none)");
}

static void
show_vhost(struct app *a, FILE *f, const struct carp_vhost *vh)
{
	const struct carp_vhost_conf *c = &vh->conf;
	struct counter_text text = { .f = f, .lead = true };
	uint64_t now = app_now_ns(), v[ARPBAL_NVERDICTS];
	char line[APP_HOOK_MAX + 64], s[INET6_ADDRSTRLEN];

	fprintf(f, "%s: %s vhid %u on %s, advbase %u advskew %u "
		"(advertised %u), %s\n", c->name,
		carp_state_name(vh->fsm.state), c->vhid,
		a->cfg.port[c->port].name, c->advbase, c->advskew,
		carp_fsm_eff_skew(&vh->fsm, &a->carp->sysctl),
		c->pass[0] != '\0' ? "password set" : "no password");
	if (c->peer != 0) {
		struct rte_ether_addr mac;

		inet_ntop(AF_INET, &c->peer, s, sizeof(s));
		if (neigh_get(c->port, c->peer, &mac) == 0)
			fprintf(f, "  peer %s at " RTE_ETHER_ADDR_PRT_FMT "\n", s,
				RTE_ETHER_ADDR_BYTES(&mac));
		else
			fprintf(f, "  peer %s, its MAC unknown yet: "
				"advertising to the broadcast MAC\n", s);
	}
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
	if (vh->conflict.active) {
		carp_conflict_peer(&vh->conflict, s, sizeof(s));
		fprintf(f, "  conflict (%s) with %s for %.1f s\n",
			carp_conflict_kind_name(vh->conflict.kind), s,
			(double)(now - vh->conflict.first) / 1e9);
	}
	fprintf(f, "  transitions %" PRIu64 ", conflicts %" PRIu64,
		vh->transitions, vh->conflicts);
	counters_carp(&vh->stats, true, counter_text, &text);
	arpbal_vhid_stats(a->ab, c->port, c->vhid, v);
	fprintf(f, "\n  arp");
	text.n = 0;
	counters_verdicts(v, counter_text, &text);
	fprintf(f, "\n");
	if (track_describe(a, c->name, line, sizeof(line)))
		fprintf(f, "  %s\n", line);
}

/* What demotes this host, when something does. */
static void
show_demotion(struct app *a, FILE *f)
{
	unsigned int maint, failing, total;

	total = a->carp->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT];
	if (total == 0)
		return;
	track_demotions(a, &maint, &failing);
	fprintf(f, "demoted (suppress_preempt %u):%s %u failing check(s), "
		"%u carp interface(s) on a link down\n", total,
		maint ? " maintenance," : "", failing, total - maint - failing);
}

int
cmd_show_carp(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
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
	show_demotion(a, r->out);
	return 0;
}

int
cmd_show_sysctl(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	unsigned int k;

	for (k = 0; k < KNOB_MAX; k++)
		fprintf(r->out, "%s: %u%s\n", knobs[k].label,
			knob_value(a, &knobs[k]),
			knob_readonly(&knobs[k]) ? " (read-only)" : "");
	return 0;
}

/* One counter a line, its name in a column. */
static void
counter_line(void *sink, const char *name, uint64_t value)
{
	fprintf(sink, "%-10s %" PRIu64 "\n", name, value);
}

int
cmd_show_carpstats(struct app *a, void *arg)
{
	struct cmd_req *r = arg;

	counters_carp(&a->carp->stats, false, counter_line, r->out);
	return 0;
}

int
cmd_clear_carpstats(struct app *a, void *arg)
{
	struct carp_vhost *vh;

	RTE_SET_USED(arg);
	memset(&a->carp->stats, 0, sizeof(a->carp->stats));
	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		memset(&vh->stats, 0, sizeof(vh->stats));
	return 0;
}

int
cmd_show_workers(struct app *a, void *arg)
{
	struct cmd_req *r = arg;

	counters_workers(a, counter_line, r->out);
	return 0;
}

int
cmd_show_host(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	struct counter_text text = { .f = r->out, .lead = true };
	unsigned int i, n = 0;

	for (i = 0; i < a->nports; i++) {
		const struct app_host *h = a->port[i].host;

		if (h == NULL)
			continue;
		fprintf(r->out, "%s: kernel twin %s (%s)\n ",
			a->cfg.port[i].name, h->ifname, h->driver);
		text.n = 0;
		counters_host(&h->stats, counter_text, &text);
		fprintf(r->out, "\n");
		n++;
	}
	if (n == 0)
		fprintf(r->out, "no kernel twins (host_iface)\n");
	return 0;
}

int
cmd_show_arpbal(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	struct counter_text text = { .f = r->out };
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
		if (arpbal_group_stats(a->ab, port, addr, v) == 0) {
			fprintf(r->out, ";");
			text.lead = true;
			text.n = 0;
			counters_verdicts(v, counter_text, &text);
		}
		fprintf(r->out, "\n");
	}
	arpbal_stats_get(a->ab, NULL, &st);
	text.lead = false;
	text.n = 0;
	counters_arpbal(&st, counter_text, &text);
	fprintf(r->out, "\n");
	return 0;
}

/* A port's own addresses, as lib/carp has them: IPv4, IPv6 and the
 * link-local address IPv6 advertisements come from.
 */
static void
print_port_addrs(struct app *a, FILE *f, unsigned int i)
{
	const struct carp_port *p = &a->carp->port[i];
	char s[INET6_ADDRSTRLEN];

	if (!p->configured) {
		fprintf(f, "  no address (VLAN trunk)\n");
		return;
	}
	inet_ntop(AF_INET, &p->addr, s, sizeof(s));
	fprintf(f, "  address %s/%u", s, p->prefixlen);
	if (p->prefixlen6 != 0) {
		inet_ntop(AF_INET6, p->addr6.a, s, sizeof(s));
		fprintf(f, ", %s/%u", s, p->prefixlen6);
	}
	if (p->has_ll6) {
		inet_ntop(AF_INET6, p->ll6.a, s, sizeof(s));
		fprintf(f, ", link-local %s", s);
	}
	fprintf(f, "\n");
}

int
cmd_show_port_stats(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	struct rte_eth_stats st;
	struct rte_eth_link link;
	unsigned int i;

	for (i = 0; i < a->nports; i++) {
		struct app_port *p = &a->port[i];

		if (p->started && p->dev != i) {
			fprintf(r->out, "%s: VLAN %u of %s\n",
				a->cfg.port[i].name, p->vlan,
				a->cfg.port[p->dev].name);
			print_port_addrs(a, r->out, i);
			continue;
		}
		if (!p->started || rte_eth_stats_get(p->port_id, &st) != 0)
			continue;
		if (rte_eth_link_get_nowait(p->port_id, &link) != 0)
			link.link_status = RTE_ETH_LINK_DOWN;
		fprintf(r->out, "%s (%s): link %s, rx %" PRIu64 " tx %" PRIu64
			" missed %" PRIu64 " rx_errors %" PRIu64 " tx_errors %"
			PRIu64 " rx_nombuf %" PRIu64 "\n", a->cfg.port[i].name,
			a->cfg.port[i].device, link.link_status ? "up" : "down",
			st.ipackets, st.opackets, st.imissed, st.ierrors,
			st.oerrors, st.rx_nombuf);
		print_port_addrs(a, r->out, i);
	}
	return 0;
}

/* ---- changes ---- */

int
cmd_carp_create(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	int idx = app_config_port_index(&a->cfg, r->port);
	struct carp_vhost_conf c;
	struct carp_err err;

	if (idx < 0) {
		fprintf(r->out, "error: no port %s\n", r->port);
		return -ENODEV;
	}
	carp_vhost_conf_init(&c);
	if (carp_conf_set_num(&c, CARP_FIELD_VHID, r->num, &err) != 0 ||
	    carp_name_check(r->name, &err) != 0) {
		fprintf(r->out, "error: %s\n", err.msg);
		return -EINVAL;
	}
	snprintf(c.name, sizeof(c.name), "%s", r->name);
	c.port = (uint16_t)idx;
	if (carp_vhost_create(a->carp, &c, app_now_ns(), &err) == NULL) {
		fprintf(r->out, "error: %s: %s\n", c.name, err.msg);
		return -EINVAL;
	}
	return 0;
}

int
cmd_carp_destroy(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	struct carp_vhost *vh = find(a, r);

	if (vh == NULL)
		return -ENOENT;
	carp_vhost_destroy(a->carp, vh, app_now_ns());
	return 0;
}

int
cmd_carp_set_num(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	struct carp_vhost_conf c;
	struct carp_err err;

	if (vh == NULL)
		return -ENOENT;
	c = vh->conf;
	if (carp_conf_set_num(&c, carp_field_lookup(r->word), r->num,
			&err) != 0) {
		fprintf(r->out, "error: %s: %s\n", r->name, err.msg);
		return -EINVAL;
	}
	return update(a, r, vh, &c);
}

int
cmd_carp_set_pass(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	const char *pass = r->word != NULL ? r->word : "";
	struct carp_vhost_conf c;
	char err[256];

	if (vh == NULL)
		return -ENOENT;
	if (carp_pass_check(pass, err, sizeof(err)) != 0) {
		fprintf(r->out, "error: %s: %s\n", r->name, err);
		return -EINVAL;
	}
	c = vh->conf;
	snprintf(c.pass, sizeof(c.pass), "%s", pass);
	return update(a, r, vh, &c);
}

int
cmd_carp_set_peer(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	struct carp_vhost_conf c;
	rte_be32_t peer = 0;

	if (vh == NULL)
		return -ENOENT;
	if (r->word != NULL && inet_pton(AF_INET, r->word, &peer) != 1) {
		fprintf(r->out, "error: %s: an IPv4 address is expected, not "
			"%s%s\n", r->name, r->word, strchr(r->word, ':') != NULL ?
			" (a peer can only be IPv4: IPv6 advertisements go to "
			"ff02::12)" : "");
		return -EINVAL;
	}
	c = vh->conf;
	c.peer = peer;
	return update(a, r, vh, &c);
}

int
cmd_carp_set_port(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	struct carp_vhost_conf c;
	int idx;

	if (vh == NULL)
		return -ENOENT;
	idx = app_config_port_index(&a->cfg, r->port);
	if (idx < 0) {
		fprintf(r->out, "error: %s: no port %s\n", r->name, r->port);
		return -ENODEV;
	}
	c = vh->conf;
	c.port = (uint16_t)idx;
	return update(a, r, vh, &c);
}

int
cmd_carp_set_updown(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	struct carp_vhost_conf c;

	if (vh == NULL)
		return -ENOENT;
	c = vh->conf;
	c.down = strcmp(r->word, "down") == 0;
	return update(a, r, vh, &c);
}

int
cmd_carp_set_state(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	struct carp_err err;
	int ret;

	if (vh == NULL)
		return -ENOENT;
	ret = carp_vhost_force(a->carp, vh, strcmp(r->word, "master") == 0 ?
		CARP_STATE_MASTER : CARP_STATE_BACKUP, app_now_ns(), &err);
	if (ret != 0)
		fprintf(r->out, "error: %s\n", err.msg);
	return ret;
}

int
cmd_carp_addr(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	struct carp_vhost *vh = find(a, r);
	const struct carp_port *p;
	char s[INET6_ADDRSTRLEN];
	uint64_t now = app_now_ns();
	struct carp_err err;
	int ret;

	if (vh == NULL)
		return -ENOENT;
	p = &a->carp->port[vh->conf.port];
	if (r->v6) {
		inet_ntop(AF_INET6, r->addr6.a, s, sizeof(s));
		ret = r->add ? carp_vhost_addr6_add(a->carp, vh, &r->addr6,
				r->prefixlen != 0 ? r->prefixlen : p->prefixlen6,
				now, &err) :
			carp_vhost_addr6_del(a->carp, vh, &r->addr6, now, &err);
	} else {
		inet_ntop(AF_INET, &r->addr, s, sizeof(s));
		ret = r->add ? carp_vhost_addr_add(a->carp, vh, r->addr,
				r->prefixlen != 0 ? r->prefixlen : p->prefixlen,
				now, &err) :
			carp_vhost_addr_del(a->carp, vh, r->addr, now, &err);
	}
	if (ret == -EEXIST)
		fprintf(r->out, "error: %s already has %s\n", r->name, s);
	else if (ret == -ENOENT)
		fprintf(r->out, "error: %s has no address %s\n", r->name, s);
	else if (ret != 0)
		fprintf(r->out, "error: %s: %s\n", r->name, err.msg);
	return ret;
}

int
cmd_demote(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	bool on = r->word == NULL || strcmp(r->word, "demote") == 0;

	if (track_maintenance(a, on) != 0) {
		fprintf(r->out, "error: %s\n", on ? "already demoted" :
			"not demoted");
		return -EALREADY;
	}
	return 0;
}

int
cmd_sysctl_set(struct app *a, void *arg)
{
	struct cmd_req *r = arg;
	const struct knob *k = knob_lookup(r->word);
	char err[256];
	int ret;

	if (k == NULL) {
		fprintf(r->out, "error: no knob %s\n", r->word);
		return -ENOENT;
	}
	ret = knob_set(a, k, r->num, err, sizeof(err));
	if (ret != 0)
		fprintf(r->out, "error: %s\n", err);
	return ret;
}
