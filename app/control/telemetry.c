/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * rte_telemetry endpoints, readable with dpdk-telemetry.py:
 *   /carp/vhosts          every carp interface and its state
 *   /carp/vhost,NAME      one carp interface in full
 *   /carp/stats           the carpstats counters
 *   /carp/sysctl          the global knobs
 *   /carp/workers         the polling lcores' counters
 *   /carp/host            each kernel twin and its counters
 *   /carp/ports           each port's own addresses, IPv4 and IPv6
 *   /carp/lateness        how late advertisements left their due time
 *   /carp/demotion        what demotes this host
 *   /carp/demote          planned maintenance begins (and /carp/undemote)
 *   /arpbal/stats         the ARP balancer's counters
 *   /arpbal/profile       where its cycles go, stage by stage
 * Telemetry calls come on its own thread; each is answered by the control
 * lcore, which owns the state, through control_call().
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include <rte_cycles.h>
#include <rte_telemetry.h>

#include "app.h"
#include "counters.h"
#include "host_path.h"
#include "knob.h"
#include "neigh.h"
#include "parse.h"
#include "request.h"
#include "telemetry.h"
#include "track.h"

/* Addresses /carp/vhost lists at most: a reply fits in 16 KiB; naddresses
 * and naddresses6 give the numbers. An IPv6 one takes up to 43 characters,
 * an IPv4 one 18.
 */
#define TEL_ADDRS_MAX	256
#define TEL_ADDRS6_MAX	128
/* Carp interfaces /carp/vhosts lists at once (a dict holds 256). */
#define TEL_VHOSTS_PAGE	200

struct tel_req {
	const char *params;
	struct rte_tel_data *d;
};

static int
tel_vhosts(struct app *a, void *arg)
{
	struct tel_req *r = arg;
	const struct carp_vhost *vh;
	unsigned long long first = 0;
	unsigned int i = 0, n = 0;

	if (r->params != NULL && r->params[0] != '\0' &&
	    parse_dec(r->params, &first) != PARSE_NUM_OK)
		return -EINVAL;
	rte_tel_data_start_dict(r->d);
	TAILQ_FOREACH(vh, &a->carp->vhosts, next) {
		if (i++ < first)
			continue;
		if (n++ == TEL_VHOSTS_PAGE) {
			/* A dict holds so many: where the next page starts. */
			tel_add_u64(r->d, "next", i - 1);
			break;
		}
		rte_tel_data_add_dict_string(r->d, vh->conf.name,
			carp_state_name(vh->fsm.state));
	}
	return 0;
}

/* How many carp interfaces are in each state, and their addresses. */
static int
tel_summary(struct app *a, void *arg)
{
	struct tel_req *r = arg;
	const struct carp_vhost *vh;
	uint64_t n[CARP_STATE_MASTER + 1] = { 0 }, addrs = 0, addrs6 = 0;

	TAILQ_FOREACH(vh, &a->carp->vhosts, next) {
		n[vh->fsm.state]++;
		addrs += vh->conf.naddrs;
		addrs6 += vh->conf.naddrs6;
	}
	rte_tel_data_start_dict(r->d);
	tel_add_u64(r->d, "vhosts", a->carp->nvhosts);
	tel_add_u64(r->d, "MASTER", n[CARP_STATE_MASTER]);
	tel_add_u64(r->d, "BACKUP", n[CARP_STATE_BACKUP]);
	tel_add_u64(r->d, "INIT", n[CARP_STATE_INIT]);
	tel_add_u64(r->d, "addresses", addrs);
	tel_add_u64(r->d, "addresses6", addrs6);
	tel_add_u64(r->d, "conflicts", a->carp->nconflicts);
	return 0;
}

/* How late the advertisements left, since start: counts, the quantiles'
 * bucket edges, and the buckets that hold any ("lt_Nus": under N us).
 */
static int
tel_lateness(struct app *a, void *arg)
{
	const struct carp_lateness *l = &a->carp->late;
	struct tel_req *r = arg;
	struct rte_tel_data *b = rte_tel_data_alloc();
	char key[32];
	unsigned int k;

	rte_tel_data_start_dict(r->d);
	tel_add_u64(r->d, "advertisements", l->n);
	tel_add_u64(r->d, "mean_ns", l->n > 0 ? l->sum_ns / l->n : 0);
	tel_add_u64(r->d, "max_ns", l->max_ns);
	tel_add_u64(r->d, "p50_below_ns", carp_lateness_quantile(l, 0.50));
	tel_add_u64(r->d, "p99_below_ns", carp_lateness_quantile(l, 0.99));
	if (b == NULL)
		return 0;
	rte_tel_data_start_dict(b);
	for (k = 0; k < CARP_LATE_BUCKETS; k++)
		if (l->bucket[k] > 0) {
			snprintf(key, sizeof(key), "lt_%" PRIu64 "us",
				carp_lateness_edge(k) / 1000);
			tel_add_u64(b, key, l->bucket[k]);
		}
	rte_tel_data_add_dict_container(r->d, "buckets", b, 0);
	return 0;
}

/* The addresses of a vhost, "address/len" each, the IPv4 ones or the
 * IPv6 ones; an array holds so many: the count beside it says if there
 * are more.
 */
static struct rte_tel_data *
tel_addrs(const struct carp_vhost_conf *c, bool v6)
{
	struct rte_tel_data *d = rte_tel_data_alloc();
	char s[INET6_ADDRSTRLEN + 4];
	unsigned int i;

	if (d == NULL)
		return NULL;
	rte_tel_data_start_array(d, RTE_TEL_STRING_VAL);
	for (i = 0; !v6 && i < c->naddrs && i < TEL_ADDRS_MAX; i++) {
		inet_ntop(AF_INET, &c->addrs[i], s, sizeof(s));
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "/%u",
			c->prefixlen[i]);
		rte_tel_data_add_array_string(d, s);
	}
	for (i = 0; v6 && i < c->naddrs6 && i < TEL_ADDRS6_MAX; i++) {
		inet_ntop(AF_INET6, c->addrs6[i].a, s, sizeof(s));
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "/%u",
			c->prefixlen6[i]);
		rte_tel_data_add_array_string(d, s);
	}
	return d;
}

static int
tel_vhost(struct app *a, void *arg)
{
	struct tel_req *r = arg;
	const struct carp_vhost *vh;
	struct rte_tel_data *addrs, *addrs6;
	struct counter_tel sink = { .d = r->d, .prefix = "" };
	uint64_t v[ARPBAL_NVERDICTS];
	char s[INET6_ADDRSTRLEN + 4], s2[APP_HOOK_MAX + 64];

	if (r->params == NULL || r->params[0] == '\0')
		return -EINVAL;
	vh = carp_vhost_find(a->carp, r->params);
	if (vh == NULL)
		return -ENOENT;
	addrs = tel_addrs(&vh->conf, false);
	addrs6 = tel_addrs(&vh->conf, true);
	if (addrs == NULL || addrs6 == NULL) {
		rte_tel_data_free(addrs);
		rte_tel_data_free(addrs6);
		return -ENOMEM;
	}

	rte_tel_data_start_dict(r->d);
	rte_tel_data_add_dict_string(r->d, "name", vh->conf.name);
	rte_tel_data_add_dict_string(r->d, "state",
		carp_state_name(vh->fsm.state));
	rte_tel_data_add_dict_string(r->d, "port",
		a->cfg.port[vh->conf.port].name);
	tel_add_u64(r->d, "vhid", vh->conf.vhid);
	tel_add_u64(r->d, "advbase", vh->conf.advbase);
	tel_add_u64(r->d, "advskew", vh->conf.advskew);
	tel_add_u64(r->d, "advskew_advertised",
		carp_fsm_eff_skew(&vh->fsm, &a->carp->sysctl));
	tel_add_u64(r->d, "running", carp_vhost_running(a->carp, vh));
	tel_add_u64(r->d, "down", vh->conf.down);
	tel_add_u64(r->d, "naddresses", vh->conf.naddrs);
	tel_add_u64(r->d, "naddresses6", vh->conf.naddrs6);
	if (vh->conf.peer != 0) {
		struct rte_ether_addr mac;

		inet_ntop(AF_INET, &vh->conf.peer, s, sizeof(s));
		rte_tel_data_add_dict_string(r->d, "peer", s);
		if (neigh_get(vh->conf.port, vh->conf.peer, &mac) == 0) {
			rte_ether_format_addr(s2, sizeof(s2), &mac);
			rte_tel_data_add_dict_string(r->d, "peer_mac", s2);
		}
	}
	tel_add_u64(r->d, "transitions", vh->transitions);
	tel_add_u64(r->d, "conflicts", vh->conflicts);
	if (vh->conflict.active) {
		carp_conflict_peer(&vh->conflict, s, sizeof(s));
		rte_tel_data_add_dict_string(r->d, "conflict_peer", s);
		rte_tel_data_add_dict_string(r->d, "conflict",
			carp_conflict_kind_name(vh->conflict.kind));
	} else {
		rte_tel_data_add_dict_string(r->d, "conflict", "none");
	}
	rte_tel_data_add_dict_container(r->d, "addresses", addrs, 0);
	rte_tel_data_add_dict_container(r->d, "addresses6", addrs6, 0);
	counters_carp(&vh->stats, false, counter_tel, &sink);
	arpbal_vhid_stats(a->ab, vh->conf.port, vh->conf.vhid, v);
	sink.prefix = "arp_";
	counters_verdicts(v, counter_tel, &sink);
	if (track_describe(a, vh->conf.name, s2, sizeof(s2)))
		rte_tel_data_add_dict_string(r->d, "track", s2);
	return 0;
}

/* What demotes this host: maintenance, failing checks, links down. */
static int
tel_demotion(struct app *a, void *arg)
{
	struct tel_req *r = arg;
	unsigned int maint, failing, total;

	track_demotions(a, &maint, &failing);
	total = a->carp->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT];
	rte_tel_data_start_dict(r->d);
	tel_add_u64(r->d, "suppress_preempt", total);
	tel_add_u64(r->d, "maintenance", maint);
	tel_add_u64(r->d, "failing_checks", failing);
	tel_add_u64(r->d, "links_down", total - maint - failing);
	return 0;
}

/* Planned maintenance, as the console's demote and undemote. */
static int
tel_demote(struct app *a, void *arg)
{
	track_maintenance(a, true);
	return tel_demotion(a, arg);
}

static int
tel_undemote(struct app *a, void *arg)
{
	track_maintenance(a, false);
	return tel_demotion(a, arg);
}

static int
tel_stats(struct app *a, void *arg)
{
	struct tel_req *r = arg;
	struct counter_tel sink = { .d = r->d, .prefix = "" };

	rte_tel_data_start_dict(r->d);
	counters_carp(&a->carp->stats, false, counter_tel, &sink);
	return 0;
}

static int
tel_sysctl(struct app *a, void *arg)
{
	struct tel_req *r = arg;
	unsigned int k;

	rte_tel_data_start_dict(r->d);
	for (k = 0; k < KNOB_MAX; k++)
		tel_add_u64(r->d, knobs[k].name, knob_value(a, &knobs[k]));
	return 0;
}

static int
tel_arpbal(struct app *a, void *arg)
{
	struct tel_req *r = arg;
	struct counter_tel sink = { .d = r->d, .prefix = "" };
	struct arpbal_stats st;

	arpbal_stats_get(a->ab, NULL, &st);
	rte_tel_data_start_dict(r->d);
	tel_add_u64(r->d, "addresses", arpbal_count(a->ab));
	counters_arpbal(&st, counter_tel, &sink);
	return 0;
}

/*
 * Where the readers' cycles go, stage by stage (lib/arpbal): "on" starts
 * counting from zero, "off" stops; either way, the sums so far.
 */
static int
tel_arpbal_profile(struct app *a, void *arg)
{
	struct tel_req *r = arg;
	struct arpbal_profile p;
	char name[32];
	unsigned int k;

	if (r->params != NULL && strcmp(r->params, "on") == 0)
		arpbal_profile(a->ab, true);
	else if (r->params != NULL && strcmp(r->params, "off") == 0)
		arpbal_profile(a->ab, false);
	else if (r->params != NULL && r->params[0] != '\0')
		return -EINVAL;
	arpbal_profile_get(a->ab, &p);
	rte_tel_data_start_dict(r->d);
	tel_add_u64(r->d, "profiling", arpbal_profiling(a->ab));
	tel_add_u64(r->d, "tsc_hz", rte_get_tsc_hz());
	tel_add_u64(r->d, "bursts", p.bursts);
	tel_add_u64(r->d, "requests", p.requests);
	for (k = 0; k < ARPBAL_NSTAGES; k++) {
		snprintf(name, sizeof(name), "cycles_%s",
			arpbal_stage_name(k));
		tel_add_u64(r->d, name, p.cycles[k]);
	}
	return 0;
}

static int
tel_workers(struct app *a, void *arg)
{
	struct tel_req *r = arg;
	struct counter_tel sink = { .d = r->d, .prefix = "" };

	rte_tel_data_start_dict(r->d);
	counters_workers(a, counter_tel, &sink);
	return 0;
}

/* Each kernel twin: its name, driver and counters, by port. */
static int
tel_host(struct app *a, void *arg)
{
	struct tel_req *r = arg;
	struct counter_tel sink = { .prefix = "" };
	struct rte_tel_data *d;
	unsigned int i;

	rte_tel_data_start_dict(r->d);
	for (i = 0; i < a->nports; i++) {
		const struct app_host *h = a->port[i].host;

		if (h == NULL)
			continue;
		d = rte_tel_data_alloc();
		if (d == NULL)
			return -ENOMEM;
		rte_tel_data_start_dict(d);
		rte_tel_data_add_dict_string(d, "iface", h->ifname);
		rte_tel_data_add_dict_string(d, "driver", h->driver);
		sink.d = d;
		counters_host(&h->stats, counter_tel, &sink);
		rte_tel_data_add_dict_container(r->d, a->cfg.port[i].name, d,
			0);
	}
	return 0;
}

/* Each port's own addresses, by port: as lib/carp has them (a VLAN trunk
 * has none), with the link-local address IPv6 advertisements come from.
 */
static int
tel_ports(struct app *a, void *arg)
{
	struct tel_req *r = arg;
	char s[INET6_ADDRSTRLEN + 4];
	struct rte_tel_data *d;
	unsigned int i;

	rte_tel_data_start_dict(r->d);
	for (i = 0; i < a->nports; i++) {
		const struct carp_port *p = &a->carp->port[i];

		d = rte_tel_data_alloc();
		if (d == NULL)
			return -ENOMEM;
		rte_tel_data_start_dict(d);
		if (p->configured) {
			inet_ntop(AF_INET, &p->addr, s, sizeof(s));
			snprintf(s + strlen(s), sizeof(s) - strlen(s), "/%u",
				p->prefixlen);
			rte_tel_data_add_dict_string(d, "address", s);
		}
		if (p->configured && p->prefixlen6 != 0) {
			inet_ntop(AF_INET6, p->addr6.a, s, sizeof(s));
			snprintf(s + strlen(s), sizeof(s) - strlen(s), "/%u",
				p->prefixlen6);
			rte_tel_data_add_dict_string(d, "address6", s);
		}
		if (p->configured && p->has_ll6) {
			inet_ntop(AF_INET6, p->ll6.a, s, sizeof(s));
			rte_tel_data_add_dict_string(d, "link_local", s);
		}
		tel_add_u64(d, "link_up", p->link_up);
		rte_tel_data_add_dict_container(r->d, a->cfg.port[i].name, d,
			0);
	}
	return 0;
}

static const struct {
	const char *cmd;
	control_fn fn;
	const char *help;
} endpoints[] = {
	{ "/carp/vhosts", tel_vhosts,
	  "Carp interfaces and states, 200 at a time. Parameter: the first "
	  "(default 0); \"next\": the next page's." },
	{ "/carp/lateness", tel_lateness,
	  "How late advertisements left their due time, since start: mean, "
	  "max, p50/p99 bucket edges, buckets. No parameters." },
	{ "/carp/summary", tel_summary,
	  "Carp interfaces per state, addresses (IPv4, IPv6), conflicts. No "
	  "parameters." },
	{ "/carp/vhost", tel_vhost,
	  "One carp interface: configuration, state, counters. "
	  "Parameter: its name." },
	{ "/carp/stats", tel_stats, "The carpstats counters. No parameters." },
	{ "/carp/sysctl", tel_sysctl, "The global knobs. No parameters." },
	{ "/arpbal/stats", tel_arpbal,
	  "The ARP balancer's counters. No parameters." },
	{ "/arpbal/profile", tel_arpbal_profile,
	  "TSC cycles of each stage of the balancer, summed over readers. "
	  "Parameter: on (from zero), off, or none." },
	{ "/carp/workers", tel_workers,
	  "The polling lcores' counters, summed. No parameters." },
	{ "/carp/demotion", tel_demotion,
	  "What demotes this host: maintenance, failing checks, links "
	  "down. No parameters." },
	{ "/carp/demote", tel_demote,
	  "Begin planned maintenance (the console's demote). No parameters." },
	{ "/carp/undemote", tel_undemote,
	  "End planned maintenance (the console's undemote). No "
	  "parameters." },
	{ "/carp/ports", tel_ports,
	  "Each port's own addresses, by port: address, address6, "
	  "link_local (IPv6 advertisements' source), link_up. No "
	  "parameters." },
	{ "/carp/host", tel_host,
	  "Each kernel twin, by port: name, driver, counters. No "
	  "parameters." },
};

static int
tel_dispatch(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct tel_req r = { .params = params, .d = d };
	unsigned int i;

	for (i = 0; i < RTE_DIM(endpoints); i++)
		if (strcmp(cmd, endpoints[i].cmd) == 0)
			return control_call(&app, endpoints[i].fn, &r);
	return -ENOENT;
}

int
telemetry_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(endpoints); i++) {
		ret = rte_telemetry_register_cmd(endpoints[i].cmd,
			tel_dispatch, endpoints[i].help);
		if (ret != 0) {
			APP_LOG(ERR, "telemetry %s: %s", endpoints[i].cmd,
				strerror(-ret));
			return ret;
		}
	}
	return 0;
}
