/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * [portN] sections: a device, or a VLAN of another port's device, and
 * this host's own address on the segment.
 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_pci.h>

#include "config_private.h"
#include "parse.h"

/*
 * Two ports on one device would fight over its queues. Compare what names
 * the device: a PCI address in any of its spellings, a vdev name (before
 * the first ','), and the host interface a vdev attaches to (iface=).
 */
static void
dev_name(const char *dev, char *buf, size_t size)
{
	snprintf(buf, size, "%.*s", (int)strcspn(dev, ","), dev);
}

static bool
dev_iface(const char *dev, char *buf, size_t size)
{
	const char *s;
	size_t n;

	for (s = strchr(dev, ','); s != NULL; s = strchr(s + 1, ','))
		if (strncmp(s + 1, "iface=", 6) == 0) {
			n = strcspn(s + 7, ",");
			snprintf(buf, size, "%.*s", (int)n, s + 7);
			return n > 0;
		}
	return false;
}

static bool
same_device(const char *a, const char *b)
{
	char na[APP_DEVICE_MAX], nb[APP_DEVICE_MAX];
	struct rte_pci_addr pa, pb;

	dev_name(a, na, sizeof(na));
	dev_name(b, nb, sizeof(nb));
	if (rte_pci_addr_parse(na, &pa) == 0 &&
	    rte_pci_addr_parse(nb, &pb) == 0)
		return rte_pci_addr_cmp(&pa, &pb) == 0;
	if (strcmp(na, nb) == 0)
		return true;
	return dev_iface(a, na, sizeof(na)) && dev_iface(b, nb, sizeof(nb)) &&
		strcmp(na, nb) == 0;
}

static int
parse_device(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	struct app_port_conf *p = obj;
	char q[QUOTE_BUF];
	const char *s;

	for (s = val; *s != '\0'; s++)
		if (!isgraph((unsigned char)*s))
			return config_fail(c, k->name, "expected %s, without spaces, "
				"got %s%s", k->what, config_quote(val, q), config_hint(val));
	if (strlen(val) >= sizeof(p->device))
		return config_fail(c, k->name, "expected at most %zu characters, "
			"got %zu", sizeof(p->device) - 1, strlen(val));
	strcpy(p->device, val);
	return 0;
}

/* One IPv4 address/prefix of a port's address list, into p. */
static int
port_addr4(struct ctx *c, const struct key *k, const char *tok,
		const char *val, struct app_port_conf *p)
{
	char q[QUOTE_BUF];
	int r;

	if (p->prefixlen != 0)
		return config_fail(c, k->name, "expected at most one IPv4 and "
			"one IPv6 address, got a second IPv4 one, %s",
			config_quote(tok, q));
	r = parse_cidr(tok, strlen(tok), &p->addr, &p->prefixlen);
	if (r == -2)
		return config_fail(c, k->name, "expected a prefix length 1..32 after "
			"'/', got %s", config_quote(tok, q));
	if (r != 0)
		return config_fail(c, k->name, "expected %s, got %s%s", k->what,
			config_quote(tok, q), config_hint(val));
	if (p->prefixlen == 0)
		return config_fail(c, k->name, "expected %s (give the prefix length: "
			"it says which addresses are on the segment), got %s",
			k->what, config_quote(tok, q));
	if (!parse_unicast(p->addr))
		return config_fail(c, k->name, "expected a unicast host address, "
			"got %s", config_quote(tok, q));
	return 0;
}

/* The same for IPv6: the prefix the port's IPv6 virtual addresses share. */
static int
port_addr6(struct ctx *c, const struct key *k, const char *tok,
		const char *val, struct app_port_conf *p)
{
	char q[QUOTE_BUF];
	const char *why;
	int r;

	if (p->prefixlen6 != 0)
		return config_fail(c, k->name, "expected at most one IPv4 and "
			"one IPv6 address, got a second IPv6 one, %s",
			config_quote(tok, q));
	r = parse_cidr6(tok, strlen(tok), &p->addr6, &p->prefixlen6);
	if (r == -2)
		return config_fail(c, k->name, "expected a prefix length 1..128 "
			"after '/', got %s", config_quote(tok, q));
	if (r != 0)
		return config_fail(c, k->name, "expected %s, got %s%s", k->what,
			config_quote(tok, q), config_hint(val));
	if (p->prefixlen6 == 0)
		return config_fail(c, k->name, "expected %s (give the prefix length: "
			"it says which addresses are on the segment), got %s",
			k->what, config_quote(tok, q));
	why = parse_unusable6(&p->addr6);
	if (why != NULL)
		return config_fail(c, k->name, "expected a global or unique-local "
			"unicast IPv6 address, got %s, %s", config_quote(tok, q),
			why);
	return 0;
}

/* An IPv4 address/prefix, and optionally an IPv6 one, in either order,
 * separated by spaces and/or commas.
 */
static int
parse_port_addr(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	static const char sep[] = " \t,";
	struct app_port_conf *p = obj;
	char q[QUOTE_BUF], tok[CFG_VALUE_LEN];
	const char *s = val;
	size_t len;
	int r;

	for (s += strspn(s, sep); *s != '\0'; s += strspn(s, sep)) {
		len = strcspn(s, sep);
		snprintf(tok, sizeof(tok), "%.*s", (int)len, s);
		r = parse_is_v6(s, len) ? port_addr6(c, k, tok, val, p) :
			port_addr4(c, k, tok, val, p);
		if (r != 0)
			return r;
		s += len;
	}
	if (p->prefixlen == 0 && p->prefixlen6 == 0)
		return config_fail(c, k->name, "expected %s, got %s%s", k->what,
			config_quote(val, q), config_hint(val));
	/* lib/carp declares a port by its IPv4 address; IPv6 comes beside
	 * it.
	 */
	if (p->prefixlen == 0)
		return config_fail(c, k->name, "expected an IPv4 address/prefix "
			"beside the IPv6 one, got only %s (a port without IPv4 "
			"is not supported)", config_quote(val, q));
	return 0;
}

/* A Linux interface name that is no other port's device or twin. */
static int
parse_host_iface(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	struct app_port_conf *p = obj;
	char q[QUOTE_BUF];
	size_t n = strlen(val);
	unsigned int i;

	if (n >= sizeof(p->host_iface) || strcmp(val, ".") == 0 ||
	    strcmp(val, "..") == 0 ||
	    strspn(val, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789_.-") != n)
		return config_fail(c, k->name, "expected %s, got %s", k->what,
			config_quote(val, q));
	for (i = 0; i < c->cfg->nports; i++)
		if (strcmp(c->cfg->port[i].host_iface, val) == 0)
			return config_fail(c, k->name, "expected a name no other "
				"port uses, got %s, [%s]'s twin",
				config_quote(val, q), c->cfg->port[i].name);
	strcpy(p->host_iface, val);
	return 0;
}

static int
parse_host_driver(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	struct app_port_conf *p = obj;
	char q[QUOTE_BUF];

	if (strcmp(val, "auto") == 0)
		p->host_driver = APP_HOST_AUTO;
	else if (strcmp(val, "tap") == 0)
		p->host_driver = APP_HOST_TAP;
	else if (strcmp(val, "virtio") == 0)
		p->host_driver = APP_HOST_VIRTIO;
	else
		return config_fail(c, k->name, "expected %s, got %s", k->what,
			config_quote(val, q));
	if (p->host_driver == APP_HOST_VIRTIO &&
	    access(APP_VHOST_NET, R_OK | W_OK) != 0)
		return config_fail(c, k->name, "expected a driver this kernel "
			"offers, got virtio, which needs " APP_VHOST_NET ": %s "
			"(use tap, or auto)", strerror(errno));
	return 0;
}

/* The name of the port whose device carries this one's VLAN; checked
 * once every port is read (config_check_ports).
 */
static int
parse_parent(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	struct app_port_conf *p = obj;

	if (strlen(val) >= sizeof(p->parent_name))
		return config_fail(c, k->name, "expected %s, got a name of %zu "
			"characters", k->what, strlen(val));
	strcpy(p->parent_name, val);
	return 0;
}

/* [portN]: a device, or a VLAN of another port's (parent, vlan), and this
 * host's own address on its segment.
 */
const struct key config_port_keys[] = {
	{ .name = "device", .parse = parse_device,
	  .what = "a PCI address such as 0000:01:00.0 or a virtual device "
		"such as net_tap0,iface=dcarp0" },
	{ .name = "address", .parse = parse_port_addr,
	  .what = "this host's IPv4 address/prefix on the segment, and "
		"optionally its IPv6 one, such as 192.168.77.2/24 or "
		"192.168.77.2/24, 2001:db8::2/64" },
	{ .name = "parent", .parse = parse_parent,
	  .what = "the name of a [port...] section with a device" },
	{ .name = "vlan",
	  UINT_KEY(struct app_port_conf, vlan, APP_VLAN_MIN, APP_VLAN_MAX) },
	{ .name = "host_iface", .parse = parse_host_iface,
	  .what = "a Linux interface name of 1..15 letters, digits, '_', "
		"'.' or '-'" },
	{ .name = "host_driver", .parse = parse_host_driver,
	  .what = "auto, virtio or tap" },
};

const unsigned int config_nport_keys = RTE_DIM(config_port_keys);

int
config_read_port(struct ctx *c, int index, const char *name)
{
	struct app_config *cfg = c->cfg;
	struct app_port_conf *p = &cfg->port[cfg->nports];
	char q[QUOTE_BUF];
	unsigned int i;

	if (strlen(name) >= sizeof(p->name))
		return config_fail(c, NULL, "expected a port name of at most %zu "
			"characters, got %zu", sizeof(p->name) - 1,
			strlen(name));
	for (i = 0; i < cfg->nports; i++)
		if (strcmp(cfg->port[i].name, name) == 0)
			return config_fail(c, NULL, "expected each section once, got "
				"[%s] again", name);
	if (cfg->nports == APP_MAX_PORTS)
		return config_fail(c, NULL, "expected at most %u [port...] sections, "
			"got more", APP_MAX_PORTS);
	memset(p, 0, sizeof(*p));
	p->parent = -1;
	if (config_parse_section(c, index, config_port_keys,
	    config_nport_keys, p) != 0)
		return -1;
	if (p->parent_name[0] != '\0' && p->device[0] != '\0')
		return config_fail(c, "device", "expected a device or a parent, "
			"got both: a VLAN sub-port uses its parent's device");
	if ((p->parent_name[0] != '\0') != (p->vlan != 0))
		return config_fail(c, p->vlan != 0 ? "parent" : "vlan",
			"expected parent and vlan together, got only %s",
			p->vlan != 0 ? "vlan" : "parent");
	if (p->parent_name[0] == '\0' && p->device[0] == '\0')
		return config_fail(c, "device", "expected %s, got nothing (the "
			"key is required, unless parent and vlan make this a "
			"VLAN sub-port)", config_port_keys[0].what);
	if (p->prefixlen == 0 && p->parent_name[0] != '\0')
		return config_fail(c, "address", "expected %s, got nothing (a "
			"VLAN sub-port needs its own)",
			config_port_keys[1].what);
	if (p->prefixlen == 0 && p->host_iface[0] != '\0')
		return config_fail(c, "address", "expected %s, got nothing (the "
			"kernel twin holds it)", config_port_keys[1].what);
	for (i = 0; i < cfg->nports && p->device[0] != '\0'; i++)
		if (same_device(cfg->port[i].device, p->device))
			return config_fail(c, "device", "expected a device no other "
				"port uses, got %s, which [%s] uses as %s",
				config_quote(p->device, q), cfg->port[i].name,
				cfg->port[i].device);
	if (p->host_driver != APP_HOST_AUTO && p->host_iface[0] == '\0')
		return config_fail(c, "host_driver", "expected host_iface too "
			"(the twin it makes), got none");
	for (i = 0; i <= cfg->nports && p->host_iface[0] != '\0'; i++) {
		char iface[APP_DEVICE_MAX];
		const char *dev = i < cfg->nports ? cfg->port[i].device :
			p->device;

		if (dev[0] != '\0' && dev_iface(dev, iface, sizeof(iface)) &&
		    strcmp(iface, p->host_iface) == 0)
			return config_fail(c, "host_iface", "expected a name no "
				"device uses, got %s, the interface of %s",
				config_quote(p->host_iface, q), dev);
	}
	strcpy(p->name, name);
	cfg->nports++;
	return 0;
}

int
app_config_port_index(const struct app_config *cfg, const char *name)
{
	unsigned int i;

	for (i = 0; i < cfg->nports; i++)
		if (strcmp(cfg->port[i].name, name) == 0)
			return (int)i;
	return -1;
}


/*
 * Once every [port...] is read: each sub-port's parent is a port with a
 * device, no two sub-ports of a device share a VLAN, and a device port
 * without an address has sub-ports (else it would carry nothing).
 */
int
config_check_ports(struct ctx *c)
{
	struct app_config *cfg = c->cfg;
	unsigned int i, j;
	int pi;

	for (i = 0; i < cfg->nports; i++) {
		struct app_port_conf *p = &cfg->port[i];

		if (p->parent_name[0] == '\0')
			continue;
		c->sect = p->name;
		pi = app_config_port_index(cfg, p->parent_name);
		if (pi < 0)
			return config_fail(c, "parent", "expected %s, got %s, "
				"which no section names", config_port_keys[2].what,
				p->parent_name);
		if ((unsigned int)pi == i)
			return config_fail(c, "parent", "expected another port, "
				"got this one");
		if (cfg->port[pi].parent_name[0] != '\0')
			return config_fail(c, "parent", "expected a port with a "
				"device, got %s, itself a VLAN sub-port of %s",
				p->parent_name, cfg->port[pi].parent_name);
		p->parent = pi;
		for (j = 0; j < i; j++)
			if (cfg->port[j].parent == pi &&
			    cfg->port[j].vlan == p->vlan)
				return config_fail(c, "vlan", "expected a VLAN no "
					"other sub-port of [%s] uses, got %u, "
					"which [%s] uses", p->parent_name,
					p->vlan, cfg->port[j].name);
	}
	for (i = 0; i < cfg->nports; i++) {
		bool subs = false;

		if (cfg->port[i].prefixlen != 0 || cfg->port[i].parent >= 0)
			continue;
		for (j = 0; j < cfg->nports; j++)
			subs |= cfg->port[j].parent == (int)i;
		if (!subs) {
			c->sect = cfg->port[i].name;
			return config_fail(c, "address", "expected %s, got "
				"nothing (the key is required, unless VLAN "
				"sub-ports name this port as their parent)",
				config_port_keys[1].what);
		}
	}
	c->sect = NULL;
	return 0;
}
