/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * [carpN] sections: one carp interface each, the parameters of
 * ifconfig carpN.
 */

#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include <rte_common.h>

#include "carp_auth.h"
#include "carp_vhost.h"
#include "config_private.h"
#include "parse.h"

static int
parse_pass(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	struct carp_vhost_conf *conf = obj;
	char why[ERR_BUF];

	if (carp_pass_check(val, why, sizeof(why)) != 0)
		return config_fail(c, k->name, "%s", why);
	strcpy(conf->pass, val);
	return 0;
}

/* obj is the vhost's carp_vhost_conf; its hook lives beside it in cfg. */
static int
parse_vhost_hook(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	RTE_SET_USED(obj);
	return config_check_hook(c, k, val, c->cfg->vhost_hook[c->cfg->nvhosts]);
}

static int
parse_vhost_port(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	struct carp_vhost_conf *conf = obj;
	char names[ERR_BUF] = "", q[QUOTE_BUF];
	int i = app_config_port_index(c->cfg, val);
	size_t n = 0;
	unsigned int j;

	if (i >= 0 && c->cfg->port[i].prefixlen == 0)
		return config_fail(c, k->name, "expected a port with an "
			"address, got %s, a trunk for VLAN sub-ports only",
			config_quote(val, q));
	if (i >= 0) {
		conf->port = (uint16_t)i;
		return 0;
	}
	for (j = 0; j < c->cfg->nports && n < sizeof(names); j++)
		n += snprintf(names + n, sizeof(names) - n, "%s%s",
			j > 0 ? ", " : "", c->cfg->port[j].name);
	return config_fail(c, k->name, "expected %s (%s), got %s", k->what,
		c->cfg->nports > 0 ? names : "the file has none",
		config_quote(val, q));
}

/* The most addresses one range may give. */
#define RANGE_MAX	(1u << 20)

/*
 * One IPv6 token: X:X::X[/LEN] or X:X::X-X:X::Y[/LEN]. A range varies the
 * last 16 bits only (at most 65,536 addresses): wider ones are refused
 * rather than read as millions of addresses.
 */
static int
parse_addr6_token(struct ctx *c, const struct key *k, const char *s,
		size_t len, const char *tok, struct carp_vhost_conf *conf)
{
	const char *dash = memchr(s, '-', len);
	struct carp_in6 first, last, a;
	char q[QUOTE_BUF], txt[INET6_ADDRSTRLEN];
	uint8_t plen, none;
	const char *why;
	uint32_t h, end;
	int r;

	if (dash == NULL) {
		r = parse_cidr6(s, len, &first, &plen);
		last = first;
	} else {
		r = parse_cidr6(s, (size_t)(dash - s), &first, &none);
		if (r == 0 && none != 0)
			r = -1;
		if (r == 0)
			r = parse_cidr6(dash + 1, len - (size_t)(dash - s) - 1,
				&last, &plen);
	}
	if (r == -2)
		return config_fail(c, k->name, "expected a prefix length "
			"1..128 after '/', got %s", config_quote(tok, q));
	if (r != 0)
		return config_fail(c, k->name, "expected %s, got %s%s", k->what,
			config_quote(tok, q), config_hint(s));
	if (memcmp(first.a, last.a, 14) != 0)
		return config_fail(c, k->name, "expected an IPv6 range whose "
			"first and last addresses differ in their last 16 bits "
			"only, got %s", config_quote(tok, q));
	h = (uint32_t)first.a[14] << 8 | first.a[15];
	end = (uint32_t)last.a[14] << 8 | last.a[15];
	if (end < h)
		return config_fail(c, k->name, "expected a range from a lower "
			"to a higher address, got %s", config_quote(tok, q));
	for (a = first;; h++) {
		a.a[14] = (uint8_t)(h >> 8);
		a.a[15] = (uint8_t)h;
		why = parse_unusable6(&a);
		if (why != NULL) {
			inet_ntop(AF_INET6, a.a, txt, sizeof(txt));
			return config_fail(c, k->name, "expected a global or "
				"unique-local unicast IPv6 address, got %s, %s",
				txt, why);
		}
		if (carp_vhost_conf_addr6_add(conf, &a, plen) != 0)
			return config_fail(c, k->name, "out of memory");
		if (h == end)
			break;
	}
	return 0;
}

/* One token of an address list: A.B.C.D[/LEN] or A.B.C.D-E.F.G.H[/LEN],
 * or an IPv6 one.
 */
static int
parse_addr_token(struct ctx *c, const struct key *k, const char *s,
		size_t len, struct carp_vhost_conf *conf)
{
	const char *dash = memchr(s, '-', len);
	char q[QUOTE_BUF], tok[QUOTE_BUF];
	rte_be32_t first, last;
	uint8_t plen, none;
	uint32_t h, end;
	int r;

	snprintf(tok, sizeof(tok), "%.*s", (int)RTE_MIN(len,
		(size_t)QUOTE_MAX), s);
	if (parse_is_v6(s, len))
		return parse_addr6_token(c, k, s, len, tok, conf);
	if (dash == NULL) {
		r = parse_cidr(s, len, &first, &plen);
		last = first;
	} else {
		r = parse_cidr(s, (size_t)(dash - s), &first, &none);
		if (r == 0 && none != 0)
			r = -1;
		if (r == 0)
			r = parse_cidr(dash + 1, len - (size_t)(dash - s) - 1,
				&last, &plen);
	}
	if (r == -2)
		return config_fail(c, k->name, "expected a prefix length "
			"1..32 after '/', got %s", config_quote(tok, q));
	if (r != 0)
		return config_fail(c, k->name, "expected %s, got %s%s", k->what,
			config_quote(tok, q), config_hint(s));
	h = rte_be_to_cpu_32(first);
	end = rte_be_to_cpu_32(last);
	if (end < h || end - h >= RANGE_MAX)
		return config_fail(c, k->name, "expected a range from a lower "
			"to a higher address, at most %u of them, got %s",
			RANGE_MAX, config_quote(tok, q));
	for (;; h++) {
		if (carp_vhost_conf_addr_add(conf, rte_cpu_to_be_32(h),
				plen) != 0)
			return config_fail(c, k->name, "out of memory");
		if (h == end)
			break;
	}
	return 0;
}

/* Addresses accumulate over every address key of the section. */
static int
parse_vhost_addrs(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	static const char sep[] = " \t,";
	struct carp_vhost_conf *conf = obj;
	unsigned int before = conf->naddrs + conf->naddrs6;
	const char *s = val;
	char q[QUOTE_BUF];
	size_t len;

	for (s += strspn(s, sep); *s != '\0'; s += strspn(s, sep)) {
		len = strcspn(s, sep);
		if (parse_addr_token(c, k, s, len, conf) != 0)
			return -1;
		s += len;
	}
	if (conf->naddrs + conf->naddrs6 == before)
		return config_fail(c, k->name, "expected %s, got %s%s", k->what,
			config_quote(val, q), config_hint(val));
	return 0;
}

/* A unicast peer: its subnet is checked with the rest (lib/carp). */
static int
parse_peer(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	struct carp_vhost_conf *conf = obj;
	char q[QUOTE_BUF];
	uint8_t plen;

	/* IPv6 advertisements always go to ff02::12. */
	if (parse_is_v6(val, strlen(val)))
		return config_fail(c, k->name, "expected %s, got %s: a peer "
			"can only be IPv4 (IPv6 advertisements go to ff02::12)",
			k->what, config_quote(val, q));
	if (parse_cidr(val, strlen(val), &conf->peer, &plen) != 0 ||
	    plen != 0)
		return config_fail(c, k->name, "expected %s, got %s%s", k->what,
			config_quote(val, q), config_hint(val));
	if (!parse_unicast(conf->peer))
		return config_fail(c, k->name, "expected a unicast host "
			"address, got %s", config_quote(val, q));
	return 0;
}

/* [carpN]: one carp interface, the parameters of ifconfig carpN. */
const struct key config_carp_keys[] = {
	{ .name = "port", .parse = parse_vhost_port, .required = true,
	  .what = "the name of a [port...] section" },
	{ .name = "vhid", .required = true,
	  UINT_KEY(struct carp_vhost_conf, vhid, CARP_VHID_MIN,
		CARP_VHID_MAX) },
	{ .name = "advbase",
	  UINT_KEY(struct carp_vhost_conf, advbase, 0, CARP_ADVBASE_MAX) },
	{ .name = "advskew",
	  UINT_KEY(struct carp_vhost_conf, advskew, 0, CARP_ADVSKEW_MAX) },
	{ .name = "pass", .parse = parse_pass,
	  .what = "a password of at most " RTE_STR(CARP_PASS_MAX)
		" characters" },
	{ .name = "address", .parse = parse_vhost_addrs, .required = true,
	  .repeats = true,
	  .what = "one or more IPv4 or IPv6 addresses or first-last ranges, "
		"each with an optional /prefix, such as 192.168.77.1/24, "
		"192.168.77.10-192.168.77.99/24 or 2001:db8::1/64" },
	{ .name = "peer", .parse = parse_peer,
	  .what = "the IPv4 address of the peer to advertise to, such as "
		"192.168.77.3" },
	{ .name = "state_hook", .parse = parse_vhost_hook,
	  .what = "the absolute path of an executable" },
	TRACK_KEYS,
};

const unsigned int config_ncarp_keys = RTE_DIM(config_carp_keys);

const char *
config_carp_key(enum carp_field f)
{
	static const char * const key[] = {
		[CARP_FIELD_PORT] = "port",
		[CARP_FIELD_VHID] = "vhid",
		[CARP_FIELD_ADVBASE] = "advbase",
		[CARP_FIELD_ADVSKEW] = "advskew",
		[CARP_FIELD_PASS] = "pass",
		[CARP_FIELD_ADDRESS] = "address",
		[CARP_FIELD_PEER] = "peer",
	};

	return (unsigned int)f < RTE_DIM(key) ? key[f] : NULL;
}

int
config_read_vhost(struct ctx *c, int index, const char *name)
{
	struct app_config *cfg = c->cfg;
	struct carp_vhost_conf *conf = &cfg->vhost[cfg->nvhosts];
	unsigned int i;

	for (i = 0; i < cfg->nvhosts; i++)
		if (strcmp(cfg->vhost[i].name, name) == 0)
			return config_fail(c, NULL, "expected each section once, got "
				"[%s] again", name);
	carp_vhost_conf_init(conf);
	strcpy(conf->name, name);
	cfg->vhost_hook[cfg->nvhosts][0] = '\0';
	config_track_defaults(&cfg->vhost_track[cfg->nvhosts]);
	if (config_parse_section(c, index, config_carp_keys,
	    config_ncarp_keys, conf) != 0 ||
	    config_track_check(c, &cfg->vhost_track[cfg->nvhosts]) != 0) {
		carp_vhost_conf_release(conf);
		return -1;
	}
	/* Without /prefix an address takes its segment's, like the port's
	 * own address.
	 */
	for (i = 0; i < conf->naddrs; i++)
		if (conf->prefixlen[i] == 0)
			conf->prefixlen[i] = cfg->port[conf->port].prefixlen;
	/* A port without IPv6 leaves 0: lib/carp then refuses the address
	 * for that reason.
	 */
	for (i = 0; i < conf->naddrs6; i++)
		if (conf->prefixlen6[i] == 0)
			conf->prefixlen6[i] = cfg->port[conf->port].prefixlen6;
	cfg->nvhosts++;
	return 0;
}

