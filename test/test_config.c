/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * config_autotest: the configuration reader (app/config.c). Files are
 * written into a fresh temporary directory; every refused file must say
 * which file, section and key, and what was expected. The shipped
 * dpdk-carp.ini and the examples in config/ must read cleanly, and no
 * input, however hostile, may crash the reader.
 */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ip.h>

#include "config.h"

#include "test.h"

#define ERR_LEN		512

static char dir[64];	/* mkdtemp: short, so that paths in it fit */
static struct app_config *cfg;	/* large: on the heap */

/* Unsigned: RTE_IPV4 would shift 192 into an int's sign bit. */
#define BE(a, b, c, d)	rte_cpu_to_be_32(RTE_IPV4(a##u, b##u, c##u, d##u))

static int
suite_setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/dpdk-carp-config.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		printf("mkdtemp: %s\n", strerror(errno));
		return TEST_FAILED;
	}
	cfg = malloc(sizeof(*cfg));
	return cfg != NULL ? TEST_SUCCESS : TEST_FAILED;
}

static void
suite_teardown(void)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);

	while (d != NULL && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		chmod(path, 0700);
		if (rmdir(path) != 0)
			unlink(path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
	free(cfg);
	cfg = NULL;
}

/* Write len bytes to dir/name; path receives its path. */
static int
put(const char *name, const void *data, size_t len, char *path)
{
	FILE *f;
	size_t n;

	snprintf(path, PATH_MAX, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	n = fwrite(data, 1, len, f);
	return fclose(f) == 0 && n == len ? 0 : -1;
}

static int
put_str(const char *name, const char *text, char *path)
{
	return put(name, text, strlen(text), path);
}

static int
load_text(const char *name, const char *text, char *err)
{
	char path[PATH_MAX];

	TEST_ASSERT_SUCCESS(put_str(name, text, path), "write %s", name);
	return app_config_load(path, cfg, err, ERR_LEN);
}

static const char good_ini[] =
	"; every key, in a realistic layout\n"
	"[global]\n"
	"allow = 1\n"
	"preempt = 1      ; failover groups\n"
	"log = 2\n"
	"arpbalance = 1\n"
	"idle_sleep = 250\n"
	"arp_rate_per_source = 20\n"
	"state_hook = /bin/true\n"
	"hook_timeout = 3\n"
	"mbufs = 100000\n"
	"\n"
	"[carp2]            ; before the port it names\n"
	"port = port2\n"
	"vhid = 7\n"
	"address = 10.99.0.100\n"
	"address = fd00:99::100-fd00:99::101\n"
	"\n"
	"[port0]\n"
	"device = net_tap0,iface=dcarp0\n"
	"address = 192.168.77.2/24\n"
	"\n"
	"  [ port1 ]  \n"
	"\tdevice=0000:01:00.0\n"
	"address=10.0.0.2/16\n"
	"\n"
	"[port2]\n"
	"device = net_af_packet0,iface=veth0\n"
	"address = 10.99.0.1/24, fd00:99::1/64\n"
	"\n"
	"[carp0]\n"
	"port = port0\n"
	"vhid = 1\n"
	"advbase = 2\n"
	"advskew = 100\n"
	"pass = mekmitasdigoat\n"
	"address = 192.168.77.1/24\n"
	"state_hook = /bin/false\n"
	"\n"
	"[carp1]\n"
	"port = port1\n"
	"vhid = 1\n"
	"advbase = 0\n"
	"advskew = 254\n"
	"pass = a\\;b c#d\n"
	"address = 10.0.1.1, 10.0.1.2/24 10.0.1.3 ,10.0.1.4\n";

static int
check_good(const struct app_config *c, const char *path)
{
	const struct carp_vhost_conf *v;

	TEST_ASSERT(strcmp(c->path, path) == 0, "path %s", c->path);
	TEST_ASSERT_EQUAL(c->sysctl.v[CARP_KNOB_ALLOW], 1, "allow");
	TEST_ASSERT_EQUAL(c->sysctl.v[CARP_KNOB_PREEMPT], 1, "preempt");
	TEST_ASSERT_EQUAL(c->sysctl.v[CARP_KNOB_LOG], 2, "log");
	TEST_ASSERT_EQUAL(c->sysctl.v[CARP_KNOB_ARPBALANCE], 1, "arpbalance");
	TEST_ASSERT_EQUAL(c->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT], 0, "sp");
	TEST_ASSERT_EQUAL(c->idle_sleep_us, 250, "idle_sleep");
	TEST_ASSERT_EQUAL(c->arp_rate_per_source, 20, "arp_rate_per_source");
	TEST_ASSERT_EQUAL(c->hook_timeout, 3, "hook_timeout");
	TEST_ASSERT_EQUAL(c->mbufs, 100000, "mbufs");
	TEST_ASSERT(strcmp(app_config_hook(c, "carp0"), "/bin/false") == 0,
		"carp0's own hook");
	TEST_ASSERT(strcmp(app_config_hook(c, "carp1"), "/bin/true") == 0,
		"carp1 falls back to the global hook");
	TEST_ASSERT(strcmp(app_config_hook(c, "nosuch"), "/bin/true") == 0,
		"an interface made later gets the global hook");

	TEST_ASSERT_EQUAL(c->nports, 3, "ports");
	TEST_ASSERT(strcmp(c->port[0].name, "port0") == 0, "port0 name");
	TEST_ASSERT(strcmp(c->port[0].device, "net_tap0,iface=dcarp0") == 0,
		"port0 device %s", c->port[0].device);
	TEST_ASSERT_EQUAL(c->port[0].addr, BE(192, 168, 77, 2), "port0 addr");
	TEST_ASSERT_EQUAL(c->port[0].prefixlen, 24, "port0 prefix");
	TEST_ASSERT(strcmp(c->port[1].name, "port1") == 0, "port1 name %s",
		c->port[1].name);
	TEST_ASSERT(strcmp(c->port[1].device, "0000:01:00.0") == 0,
		"port1 device");
	TEST_ASSERT_EQUAL(c->port[1].addr, BE(10, 0, 0, 2), "port1 addr");
	TEST_ASSERT_EQUAL(c->port[1].prefixlen, 16, "port1 prefix");
	TEST_ASSERT_EQUAL(c->port[2].addr, BE(10, 99, 0, 1), "port2 addr");
	TEST_ASSERT_EQUAL(c->port[2].prefixlen6, 64, "port2 IPv6 prefix");
	TEST_ASSERT_EQUAL(c->port[0].prefixlen6, 0, "port0 no IPv6");

	/* In file order, whatever the order of their ports. */
	TEST_ASSERT_EQUAL(c->nvhosts, 3, "vhosts");
	v = &c->vhost[0];
	TEST_ASSERT(strcmp(v->name, "carp2") == 0, "vhost 0 %s", v->name);
	TEST_ASSERT_EQUAL(v->port, 2, "carp2 port");
	TEST_ASSERT_EQUAL(v->vhid, 7, "carp2 vhid");
	TEST_ASSERT_EQUAL(v->advbase, 1, "carp2 advbase default");
	TEST_ASSERT_EQUAL(v->advskew, 0, "carp2 advskew default");
	TEST_ASSERT_EQUAL(v->pass[0], '\0', "carp2 no password");
	TEST_ASSERT_EQUAL(v->down, false, "carp2 up");
	TEST_ASSERT_EQUAL(v->naddrs, 1, "carp2 addrs");
	TEST_ASSERT_EQUAL(v->addrs[0], BE(10, 99, 0, 100), "carp2 addr");
	TEST_ASSERT_EQUAL(v->prefixlen[0], 24, "carp2 prefix from port2");
	TEST_ASSERT_EQUAL(v->naddrs6, 2, "carp2 IPv6 addrs");
	TEST_ASSERT(v->addrs6[0].a[0] == 0xfd && v->addrs6[0].a[15] == 0 &&
		v->addrs6[1].a[15] == 1 && v->addrs6[1].a[14] == 1,
		"carp2 IPv6 range");
	TEST_ASSERT_EQUAL(v->prefixlen6[1], 64, "carp2 IPv6 prefix from port2");

	v = &c->vhost[1];
	TEST_ASSERT(strcmp(v->name, "carp0") == 0, "vhost 1 %s", v->name);
	TEST_ASSERT_EQUAL(v->port, 0, "carp0 port");
	TEST_ASSERT_EQUAL(v->vhid, 1, "carp0 vhid");
	TEST_ASSERT_EQUAL(v->advbase, 2, "carp0 advbase");
	TEST_ASSERT_EQUAL(v->advskew, 100, "carp0 advskew");
	TEST_ASSERT(strcmp(v->pass, "mekmitasdigoat") == 0, "carp0 pass");
	TEST_ASSERT_EQUAL(v->naddrs, 1, "carp0 addrs");
	TEST_ASSERT_EQUAL(v->addrs[0], BE(192, 168, 77, 1), "carp0 addr");
	TEST_ASSERT_EQUAL(v->prefixlen[0], 24, "carp0 prefix");

	v = &c->vhost[2];
	TEST_ASSERT(strcmp(v->name, "carp1") == 0, "vhost 2 %s", v->name);
	TEST_ASSERT_EQUAL(v->port, 1, "carp1 port");
	TEST_ASSERT_EQUAL(v->vhid, 1, "carp1 vhid: same vhid, other port");
	TEST_ASSERT_EQUAL(v->advbase, 0, "carp1 advbase");
	TEST_ASSERT_EQUAL(v->advskew, 254, "carp1 advskew");
	/* "\;" is a ';'; '#' is no comment. */
	TEST_ASSERT(strcmp(v->pass, "a;b c#d") == 0, "carp1 pass '%s'",
		v->pass);
	TEST_ASSERT_EQUAL(v->naddrs, 4, "carp1 addrs");
	TEST_ASSERT_EQUAL(v->addrs[0], BE(10, 0, 1, 1), "carp1 addr 0");
	TEST_ASSERT_EQUAL(v->addrs[1], BE(10, 0, 1, 2), "carp1 addr 1");
	TEST_ASSERT_EQUAL(v->addrs[2], BE(10, 0, 1, 3), "carp1 addr 2");
	TEST_ASSERT_EQUAL(v->addrs[3], BE(10, 0, 1, 4), "carp1 addr 3");
	TEST_ASSERT_EQUAL(v->prefixlen[0], 16, "carp1 prefix 0 from port1");
	TEST_ASSERT_EQUAL(v->prefixlen[1], 24, "carp1 prefix 1 given");
	TEST_ASSERT_EQUAL(v->prefixlen[2], 16, "carp1 prefix 2");
	TEST_ASSERT_EQUAL(v->prefixlen[3], 16, "carp1 prefix 3");
	return TEST_SUCCESS;
}

/* The kernel twins' and the health checks' keys, and their defaults. */
static int
test_config_host_track(void)
{
	static const char text[] =
		"[global]\ntrack = /bin/true\ntrack_interval = 5\n"
		"track_fall = 3\ntrack_rise = 4\n"
		"[port0]\ndevice = net_tap0,iface=dcarp0\n"
		"address = 192.168.77.2/24\nhost_iface = tw0\n"
		"host_driver = tap\n"
		"[port1]\ndevice = net_tap1,iface=dcarp1\n"
		"address = 10.0.0.2/24\nhost_iface = tw1\n"
		"[port2]\ndevice = net_tap2,iface=dcarp2\n"
		"address = 10.1.0.2/24\n"
		"[carp0]\nport = port0\nvhid = 1\naddress = 192.168.77.1\n"
		"track = /bin/false\ntrack_interval = 7\n"
		"[carp1]\nport = port1\nvhid = 1\naddress = 10.0.0.1\n";
	const struct app_track_conf *t;
	char err[ERR_LEN], path[PATH_MAX];

	TEST_ASSERT_SUCCESS(put_str("host.ini", text, path), "write");
	TEST_ASSERT_SUCCESS(app_config_load(path, cfg, err, sizeof(err)),
		"load: %s", err);
	TEST_ASSERT(strcmp(cfg->port[0].host_iface, "tw0") == 0, "tw0");
	TEST_ASSERT_EQUAL(cfg->port[0].host_driver, APP_HOST_TAP, "tap");
	TEST_ASSERT(strcmp(cfg->port[1].host_iface, "tw1") == 0, "tw1");
	TEST_ASSERT_EQUAL(cfg->port[1].host_driver, APP_HOST_AUTO,
		"auto by default");
	TEST_ASSERT_EQUAL(cfg->port[2].host_iface[0], '\0', "no twin");
	TEST_ASSERT(strcmp(cfg->track.path, "/bin/true") == 0, "global");
	TEST_ASSERT_EQUAL(cfg->track.interval, 5, "interval");
	TEST_ASSERT_EQUAL(cfg->track.fall, 3, "fall");
	TEST_ASSERT_EQUAL(cfg->track.rise, 4, "rise");
	t = app_config_track(cfg, 0);
	TEST_ASSERT_NOT_NULL(t, "carp0's own check");
	TEST_ASSERT(strcmp(t->path, "/bin/false") == 0, "carp0's path");
	TEST_ASSERT_EQUAL(t->interval, 7, "carp0's interval");
	TEST_ASSERT_EQUAL(t->fall, APP_TRACK_COUNT_DEFAULT, "fall default");
	TEST_ASSERT_EQUAL(t->rise, APP_TRACK_COUNT_DEFAULT, "rise default");
	TEST_ASSERT_NULL(app_config_track(cfg, 1), "carp1 has none of its own");
	TEST_ASSERT_NULL(app_config_track(cfg, 2), "no carp2");

	/* virtio needs vhost-net: refused where the kernel has none. */
	if (access("/dev/vhost-net", R_OK | W_OK) != 0) {
		static const char v[] = "[port0]\ndevice = net_tap0,iface=x0\n"
			"address = 192.168.77.2/24\nhost_iface = tw0\n"
			"host_driver = virtio\n[carp0]\nport = port0\n"
			"vhid = 1\naddress = 192.168.77.1\n";

		TEST_ASSERT_FAIL(load_text("virtio.ini", v, err), "virtio");
		TEST_ASSERT(strstr(err, "[port0] host_driver:") != NULL &&
			strstr(err, "/dev/vhost-net") != NULL, "'%s'", err);
	}
	return TEST_SUCCESS;
}

/* Two loaded configurations differ: their fields, and their carp
 * interfaces' addresses (which they hold apart).
 */
static int
configs_differ(const struct app_config *a, const struct app_config *b)
{
	struct app_config x = *a, y = *b;
	unsigned int i;

	if (a->nvhosts != b->nvhosts)
		return 1;
	for (i = 0; i < a->nvhosts; i++) {
		if (!carp_vhost_conf_equal(&a->vhost[i], &b->vhost[i]))
			return 1;
		x.vhost[i].addrs = y.vhost[i].addrs = NULL;
		x.vhost[i].prefixlen = y.vhost[i].prefixlen = NULL;
		x.vhost[i].addrs_room = y.vhost[i].addrs_room = 0;
		x.vhost[i].addrs6 = y.vhost[i].addrs6 = NULL;
		x.vhost[i].prefixlen6 = y.vhost[i].prefixlen6 = NULL;
		x.vhost[i].addrs6_room = y.vhost[i].addrs6_room = 0;
	}
	return memcmp(&x, &y, sizeof(x));
}

static int
test_config_good(void)
{
	char path[PATH_MAX], err[ERR_LEN];
	struct app_config *crlf;
	char *text, *o;
	const char *s;
	int ret;

	TEST_ASSERT_SUCCESS(put_str("good.ini", good_ini, path), "write");
	ret = app_config_load(path, cfg, err, sizeof(err));
	TEST_ASSERT_SUCCESS(ret, "load: %s", err);
	TEST_ASSERT_EQUAL(err[0], '\0', "no message on success");
	TEST_ASSERT_SUCCESS(check_good(cfg, path), "values");

	/* The same file written on Windows reads the same. */
	text = malloc(2 * sizeof(good_ini));
	crlf = malloc(sizeof(*crlf));
	TEST_ASSERT(text != NULL && crlf != NULL, "malloc");
	for (s = good_ini, o = text; *s != '\0'; s++) {
		if (*s == '\n')
			*o++ = '\r';
		*o++ = *s;
	}
	*o = '\0';
	ret = put_str("good.ini", text, path);
	if (ret == 0)
		ret = app_config_load(path, crlf, err, sizeof(err));
	if (ret == 0)
		ret = configs_differ(crlf, cfg);
	free(text);
	free(crlf);
	TEST_ASSERT_SUCCESS(ret, "CRLF file differs: %s", err);
	return TEST_SUCCESS;
}

static int
test_config_defaults(void)
{
	char err[ERR_LEN];
	const struct carp_vhost_conf *v = &cfg->vhost[0];

	TEST_ASSERT_SUCCESS(load_text("min.ini",
		"[port0]\n"
		"device = net_tap0\n"
		"address = 192.0.2.2/24\n"
		"[carp0]\n"
		"port = port0\n"
		"vhid = 255\n"
		"address = 192.0.2.1\n", err), "load: %s", err);
	TEST_ASSERT_EQUAL(cfg->sysctl.v[CARP_KNOB_ALLOW], 1, "allow");
	TEST_ASSERT_EQUAL(cfg->sysctl.v[CARP_KNOB_PREEMPT], 0, "preempt");
	TEST_ASSERT_EQUAL(cfg->sysctl.v[CARP_KNOB_LOG], 1, "log");
	TEST_ASSERT_EQUAL(cfg->sysctl.v[CARP_KNOB_ARPBALANCE], 0, "arpbal");
	TEST_ASSERT_EQUAL(cfg->idle_sleep_us, APP_IDLE_SLEEP_DEFAULT, "idle");
	TEST_ASSERT_EQUAL(cfg->arp_rate_per_source, 0, "no ARP rate limit");
	TEST_ASSERT_EQUAL(cfg->hook_timeout, APP_HOOK_TIMEOUT_DEFAULT,
		"hook_timeout");
	TEST_ASSERT_EQUAL(app_config_hook(cfg, "carp0")[0], '\0', "no hook");
	TEST_ASSERT_EQUAL(cfg->nports, 1, "ports");
	TEST_ASSERT_EQUAL(cfg->nvhosts, 1, "vhosts");
	TEST_ASSERT_EQUAL(v->vhid, 255, "vhid");
	TEST_ASSERT_EQUAL(v->advbase, 1, "advbase");
	TEST_ASSERT_EQUAL(v->advskew, 0, "advskew");
	TEST_ASSERT_EQUAL(v->pass[0], '\0', "pass");
	TEST_ASSERT_EQUAL(v->prefixlen[0], 24, "prefix");

	/* The knobs at the ends of their ranges, and a 19-character
	 * password, the longest CARP has.
	 */
	TEST_ASSERT_SUCCESS(load_text("edge.ini",
		"[global]\n"
		"allow = 0\n"
		"log = 9\n"
		"idle_sleep = 100000\n"
		"[port0]\n"
		"device = net_tap0\n"
		"address = 192.0.2.2/24\n"
		"[carp0]\n"
		"port = port0\n"
		"vhid = 1\n"
		"advbase = 254\n"
		"pass = 0123456789abcdefghi\n"
		"address = 192.0.2.3/32 192.0.2.4/32\n", err), "edge: %s", err);
	TEST_ASSERT_EQUAL(cfg->sysctl.v[CARP_KNOB_ALLOW], 0, "allow 0");
	TEST_ASSERT_EQUAL(cfg->sysctl.v[CARP_KNOB_LOG], 9, "log 9");
	TEST_ASSERT_EQUAL(cfg->idle_sleep_us, APP_IDLE_SLEEP_MAX, "idle max");
	TEST_ASSERT_EQUAL(v->advbase, 254, "advbase max");
	TEST_ASSERT_EQUAL(strlen(v->pass), 19, "19-character password");
	TEST_ASSERT_EQUAL(v->prefixlen[1], 32, "prefix given");
	return TEST_SUCCESS;
}

struct bad {
	const char *text;
	const char *want[4];	/* each must be in the message */
};

/* The port and vhost most rows build on. */
#define PORT0	"[port0]\ndevice = net_tap0,iface=dcarp0\n" \
		"address = 192.168.77.2/24\n"
#define CARP0	"[carp0]\nport = port0\nvhid = 1\naddress = 192.168.77.1\n"
#define CARP(x)	"[carp0]\nport = port0\nvhid = 1\n" x
/* PORT0 with an IPv6 address too. */
#define PORT06	"[port0]\ndevice = net_tap0,iface=dcarp0\n" \
		"address = 192.168.77.2/24, 2001:db8:1::2/64\n"

static const struct bad bad_rows[] = {
	/* Syntax, with the line. */
	{ "vhid = 1\n" PORT0 CARP0,
	  { "line 1:", "expected a [section] before the first key" } },
	{ "# comment\n" PORT0 CARP0,
	  { "line 1:", "expected ';' to start a comment" } },
	{ PORT0 "[carp0\n",
	  { "line 4:", "expected a section header", "'[carp0'" } },
	{ PORT0 "[carp0] vhid = 1\n",
	  { "line 4:", "expected nothing after ']'", "vhid = 1" } },
	{ PORT0 "[ ]\n", { "line 4:", "expected a section name" } },
	{ PORT0 CARP("advskew 100\naddress = 192.168.77.1\n"),
	  { "line 7:", "expected [section] or key = value",
	    "'advskew 100'" } },
	{ PORT0 CARP("= 100\n"), { "line 7:", "expected a key before '='" } },
	{ PORT0 CARP("pass = a\\;b ; old\n"),
	  { "line 7:", "expected no comment on a line with '\\;'" } },

	/* Sections. */
	{ PORT0 CARP0 "[carp]\n[foo]\nx = 1\n",
	  { "[foo]:", "expected [global], [port...] or [carp...]" } },
	{ "[global]\n[global]\n" PORT0 CARP0,
	  { "[global]:", "expected each section once" } },
	{ PORT0 PORT0 CARP0, { "[port0]:", "expected each section once" } },
	{ PORT0 CARP0 CARP0, { "[carp0]:", "expected each section once" } },
	{ PORT0 "[carp0123456789ab]\nport = port0\n",
	  { "[carp0123456789ab]:", "at most 15 characters", "got 16" } },
	{ "[port0123456789abcdef0123456789ab]\n",
	  { "[port0123456789abcdef0123456789ab]:", "at most 31" } },
	{ "[global]\nallow = 1\n", { "nothing to do" } },
	{ "; nothing but a comment\n", { "nothing to do" } },
	{ "", { "nothing to do" } },

	/* Keys. */
	{ PORT0 CARP("vihd = 1\n"),
	  { "[carp0] vihd:", "expected one of port, vhid, advbase",
	    "unknown key" } },
	{ PORT0 CARP("vhid = 1\naddress = 192.168.77.1\n"),
	  { "[carp0] vhid:", "expected the key once" } },
	{ PORT0 CARP("pass =\naddress = 192.168.77.1\n"),
	  { "[carp0] pass:", "got an empty value" } },
	{ PORT0 CARP("advskew =   ; none\naddress = 192.168.77.1\n"),
	  { "[carp0] advskew:", "expected 0..254", "empty value" } },
	{ PORT0 CARP("oops = 1\n"), { "[carp0] oops:", "expected one of" } },
	{ "[global]\nAllow = 1\n" PORT0 CARP0,
	  { "[global] Allow:", "expected one of allow, preempt" } },

	/* [global]. */
	{ "[global]\nallow = yes\n" PORT0 CARP0,
	  { "[global] allow:", "expected a decimal integer 0..1", "'yes'" } },
	{ "[global]\npreempt = -1\n" PORT0 CARP0,
	  { "[global] preempt:", "expected 0..1", "got -1" } },
	{ "[global]\nlog = 10\n" PORT0 CARP0,
	  { "[global] log:", "expected 0..9", "got 10" } },
	{ "[global]\narpbalance = 2\n" PORT0 CARP0,
	  { "[global] arpbalance:", "expected 0..1", "got 2" } },
	{ "[global]\nallow = 99999999999999999999999\n" PORT0 CARP0,
	  { "[global] allow:", "expected 0..1", "too large" } },
	{ "[global]\nallow = 1 # on\n" PORT0 CARP0,
	  { "[global] allow:", "0..1", "'1 # on'",
	    "comments start with ';'" } },
	{ "[global]\nsuppress_preempt = 0\n" PORT0 CARP0,
	  { "[global] suppress_preempt:", "read-only",
	    "expected no setting" } },
	{ "[global]\narp_rate_per_source = 1000001\n" PORT0 CARP0,
	  { "[global] arp_rate_per_source:", "expected 0..1000000",
	    "got 1000001" } },
	{ "[global]\nmbufs = 1023\n" PORT0 CARP0,
	  { "[global] mbufs:", "0 (automatic) or 1024..4194304", "'1023'" } },
	{ "[global]\nmbufs = 4194305\n" PORT0 CARP0,
	  { "[global] mbufs:", "'4194305'" } },
	{ "[global]\nhook_timeout = 0\n" PORT0 CARP0,
	  { "[global] hook_timeout:", "expected 1..3600", "got 0" } },
	{ "[global]\nstate_hook = /nonexistent/hook\n" PORT0 CARP0,
	  { "[global] state_hook:", "expected an executable file",
	    "No such file or directory" } },
	{ "[global]\nstate_hook = hook.sh\n" PORT0 CARP0,
	  { "[global] state_hook:", "expected an absolute path",
	    "'hook.sh'" } },
	{ "[global]\nstate_hook = /tmp\n" PORT0 CARP0,
	  { "[global] state_hook:", "expected an executable file",
	    "not a regular file" } },
	{ "[global]\nstate_hook = /dev/null\n" PORT0 CARP0,
	  { "[global] state_hook:", "expected an executable file",
	    "Permission denied" } },
	{ PORT0 CARP("address = 192.168.77.1\nstate_hook = /nonexistent\n"),
	  { "[carp0] state_hook:", "expected an executable file",
	    "No such file or directory" } },
	{ "[global]\nidle_sleep = 100001\n" PORT0 CARP0,
	  { "[global] idle_sleep:", "expected 0..100000", "got 100001" } },
	{ "[global]\nidle_sleep = 100us\n" PORT0 CARP0,
	  { "[global] idle_sleep:", "decimal integer 0..100000", "'100us'" } },
	{ "[global]\nidle_sleep = 0x10\n" PORT0 CARP0,
	  { "[global] idle_sleep:", "decimal integer", "'0x10'" } },
	{ "[global]\nidle_sleep = +5\n" PORT0 CARP0,
	  { "[global] idle_sleep:", "decimal integer", "'+5'" } },
	{ "[global]\nidle_sleep = 1 000\n" PORT0 CARP0,
	  { "[global] idle_sleep:", "decimal integer", "'1 000'" } },
	{ "[global]\nidle_sleep = -\n" PORT0 CARP0,
	  { "[global] idle_sleep:", "decimal integer", "'-'" } },

	/* The kernel twin: [portN] host_iface, host_driver. */
	{ PORT0 "host_iface = tw/0\n" CARP0,
	  { "[port0] host_iface:", "expected a Linux interface name",
	    "'tw/0'" } },
	{ PORT0 "host_iface = twin0123456789abc\n" CARP0,
	  { "[port0] host_iface:", "a Linux interface name of 1..15" } },
	{ PORT0 "host_iface = dcarp0\n" CARP0,
	  { "[port0] host_iface:", "expected a name no device uses",
	    "net_tap0,iface=dcarp0" } },
	{ PORT0 "host_iface = tw0\n[port1]\ndevice = net_tap1,iface=x1\n"
	  "address = 10.0.0.2/24\nhost_iface = tw0\n" CARP0,
	  { "[port1] host_iface:", "expected a name no other port uses",
	    "[port0]'s twin" } },
	{ PORT0 "host_iface = tw0\nhost_driver = kni\n" CARP0,
	  { "[port0] host_driver:", "expected auto, virtio or tap",
	    "'kni'" } },
	{ PORT0 "host_driver = tap\n" CARP0,
	  { "[port0] host_driver:", "expected host_iface too" } },

	/* Health checks: track, track_interval, track_fall, track_rise. */
	{ "[global]\ntrack = check.sh\n" PORT0 CARP0,
	  { "[global] track:", "expected an absolute path" } },
	{ "[global]\ntrack = /bin/true\ntrack_interval = 0\n" PORT0 CARP0,
	  { "[global] track_interval:", "expected 1..3600", "got 0" } },
	{ "[global]\ntrack = /bin/true\ntrack_fall = 101\n" PORT0 CARP0,
	  { "[global] track_fall:", "expected 1..100", "got 101" } },
	{ PORT0 CARP("address = 192.168.77.1\ntrack = /bin/true\n"
	  "track_rise = 0\n"),
	  { "[carp0] track_rise:", "expected 1..100", "got 0" } },
	{ PORT0 CARP("address = 192.168.77.1\ntrack_interval = 5\n"),
	  { "[carp0] track:", "expected a program", "got none" } },
	{ "[global]\ntrack_fall = 5\n" PORT0 CARP0,
	  { "[global] track:", "expected a program", "got none" } },

	/* [portN]. */
	{ "[port0]\naddress = 192.168.77.2/24\n" CARP0,
	  { "[port0] device:", "expected a PCI address", "required" } },
	{ "[port0]\ndevice = net_tap0\n" CARP0,
	  { "[port0] address:", "expected this host's IPv4 address/prefix",
	    "required" } },
	{ "[port0]\ndevice = net_tap0, iface=x\naddress = 10.0.0.1/8\n",
	  { "[port0] device:", "without spaces", "'net_tap0, iface=x'" } },
	{ "[port0]\ndevice = net_tap0\naddress = 192.168.77.2\n" CARP0,
	  { "[port0] address:", "give the prefix length",
	    "'192.168.77.2'" } },
	{ "[port0]\ndevice = net_tap0\naddress = 192.168.77/24\n",
	  { "[port0] address:", "IPv4 address/prefix", "'192.168.77/24'" } },
	{ "[port0]\ndevice = net_tap0\naddress = 300.1.1.1/24\n",
	  { "[port0] address:", "IPv4 address/prefix", "'300.1.1.1/24'" } },
	{ "[port0]\ndevice = net_tap0\naddress = 10.1.1.1/33\n",
	  { "[port0] address:", "prefix length 1..32", "'10.1.1.1/33'" } },
	{ "[port0]\ndevice = net_tap0\naddress = 10.1.1.1/0\n",
	  { "[port0] address:", "prefix length 1..32", "'10.1.1.1/0'" } },
	{ "[port0]\ndevice = net_tap0\naddress = 10.1.1.1/8/8\n",
	  { "[port0] address:", "prefix length 1..32" } },
	{ "[port0]\ndevice = net_tap0\naddress = 224.0.0.18/4\n",
	  { "[port0] address:", "unicast", "'224.0.0.18/4'" } },
	{ "[port0]\ndevice = net_tap0\naddress = 0.0.0.0/8\n",
	  { "[port0] address:", "unicast" } },
	{ PORT0 "[port1]\ndevice = net_tap0,iface=other\n"
	  "address = 10.0.0.1/8\n" CARP0,
	  { "[port1] device:", "no other port uses", "[port0]" } },
	{ "[port0]\ndevice = 0000:01:00.0\naddress = 10.0.0.1/8\n"
	  "[port1]\ndevice = 01:00.0,txq_inline=128\naddress = 10.1.0.1/16\n",
	  { "[port1] device:", "no other port uses", "[port0]" } },
	{ "[port0]\ndevice = net_af_packet0,iface=veth0\n"
	  "address = 10.0.0.1/8\n"
	  "[port1]\ndevice = net_af_packet1,iface=veth0\n"
	  "address = 10.1.0.1/16\n",
	  { "[port1] device:", "no other port uses", "[port0]" } },

	/* [carpN]. */
	{ PORT0 "[carp0]\nvhid = 1\naddress = 192.168.77.1\n",
	  { "[carp0] port:", "expected the name of a [port...] section",
	    "required" } },
	{ PORT0 "[carp0]\nport = port0\naddress = 192.168.77.1\n",
	  { "[carp0] vhid:", "expected 1..255", "required" } },
	{ PORT0 "[carp0]\nport = port0\nvhid = 1\n",
	  { "[carp0] address:", "one or more IPv4 or IPv6 addresses",
	    "required" } },
	{ PORT0 "[carp0]\nport = port7\nvhid = 1\naddress = 192.168.77.1\n",
	  { "[carp0] port:", "[port...] section (port0)", "'port7'" } },
	{ "[carp0]\nport = port0\nvhid = 1\naddress = 192.168.77.1\n"
	  "[port1]\ndevice = net_tap0\naddress = 10.0.0.1/8\n",
	  { "[carp0] port:", "(port1)", "'port0'" } },
	{ "[carp0]\nport = port0\nvhid = 1\naddress = 192.168.77.1\n",
	  { "[carp0] port:", "the file has none" } },
	{ PORT0 "[carp0]\nport = port0\nvhid = 300\naddress = 10.0.0.1\n",
	  { "[carp0] vhid:", "expected 1..255, got 300" } },
	{ PORT0 "[carp0]\nport = port0\nvhid = 0\naddress = 10.0.0.1\n",
	  { "[carp0] vhid:", "expected 1..255, got 0" } },
	{ PORT0 "[carp0]\nport = port0\nvhid = 1.5\naddress = 10.0.0.1\n",
	  { "[carp0] vhid:", "decimal integer 1..255", "'1.5'" } },
	{ PORT0 CARP("advbase = 255\naddress = 192.168.77.1\n"),
	  { "[carp0] advbase:", "expected 0..254, got 255" } },
	{ PORT0 CARP("advskew = 255\naddress = 192.168.77.1\n"),
	  { "[carp0] advskew:", "expected 0..254, got 255" } },
	{ PORT0 CARP("advskew = -100\naddress = 192.168.77.1\n"),
	  { "[carp0] advskew:", "expected 0..254, got -100" } },
	{ PORT0 CARP("pass = 01234567890123456789\n"
	  "address = 192.168.77.1\n"),
	  { "[carp0] pass:", "at most 19", "20 characters" } },
	{ PORT0 CARP0 "[carp1]\nport = port0\nvhid = 1\n"
	  "address = 192.168.77.3\n",
	  { "[carp1] vhid:", "already used by carp0", "[port0]" } },
	{ PORT0 CARP("address = 192.168.78.1\n"),
	  { "[carp0] address:", "192.168.78.1", "subnet", "[port0]" } },
	{ PORT0 CARP("address = 192.168.77.2\n"),
	  { "[carp0] address:", "own address" } },
	{ PORT0 CARP("address = 0.0.0.0/24\n"),
	  { "[carp0] address:", "unicast" } },
	{ PORT0 CARP("address = 192.168.77.1/33\n"),
	  { "[carp0] address:", "prefix length 1..32", "'192.168.77.1/33'" } },
	{ PORT0 CARP("address = 192.168.77.1 192.168.77.x\n"),
	  { "[carp0] address:", "one or more IPv4 or IPv6 addresses",
	    "'192.168.77.x'" } },
	{ PORT0 CARP("address = ,, ,\n"),
	  { "[carp0] address:", "one or more IPv4 or IPv6 addresses",
	    "',, ,'" } },
	{ PORT0 CARP("address = 192.168.77.1, 192.168.77.1/24\n"),
	  { "[carp0] address:", "192.168.77.1 is given twice" } },
	{ PORT0 CARP("address = 192.168.77.20-192.168.77.10\n"),
	  { "[carp0] address:", "from a lower to a higher",
	    "'192.168.77.20-192.168.77.10'" } },
	{ PORT0 CARP("address = 192.168.77.1/24-192.168.77.5\n"),
	  { "[carp0] address:", "first-last ranges" } },
	{ PORT0 CARP("address = 192.168.77.1-192.168.77.x\n"),
	  { "[carp0] address:", "first-last ranges" } },
	{ "[port0]\ndevice = net_tap0\naddress = 10.0.0.1/8\n"
	  CARP("address = 10.0.0.2-10.16.0.2\n"),
	  { "[carp0] address:", "at most 1048576" } },
	{ PORT0 CARP("address = 192.168.77.1\naddress = 192.168.77.1\n"),
	  { "[carp0] address:", "192.168.77.1 is given twice" } },
	/* VLAN sub-ports. */
	{ PORT0 "[port1]\nparent = port0\nvlan = 4095\n"
	  "address = 10.1.0.1/24\n" CARP0,
	  { "[port1] vlan:", "1..4094", "4095" } },
	{ PORT0 "[port1]\nparent = port0\nvlan = 10\naddress = 10.1.0.1/24\n"
	  "[port2]\nparent = port1\nvlan = 20\naddress = 10.2.0.1/24\n" CARP0,
	  { "[port2] parent:", "itself a VLAN sub-port of port0" } },
	{ PORT0 "[port1]\nparent = port9\nvlan = 10\naddress = 10.1.0.1/24\n"
	  CARP0,
	  { "[port1] parent:", "got port9, which no section names" } },
	{ PORT0 "[port1]\nparent = port0\nvlan = 10\naddress = 10.1.0.1/24\n"
	  "[port2]\nparent = port0\nvlan = 10\naddress = 10.2.0.1/24\n" CARP0,
	  { "[port2] vlan:", "got 10, which [port1] uses" } },
	{ PORT0 "[port1]\nparent = port0\nvlan = 10\ndevice = net_tap1\n"
	  "address = 10.1.0.1/24\n" CARP0,
	  { "[port1] device:", "a device or a parent, got both" } },
	{ PORT0 "[port1]\nvlan = 10\naddress = 10.1.0.1/24\n" CARP0,
	  { "[port1] parent:", "parent and vlan together, got only vlan" } },
	{ PORT0 "[port1]\nparent = port0\nvlan = 10\n" CARP0,
	  { "[port1] address:", "a VLAN sub-port needs its own" } },
	{ "[port0]\ndevice = net_tap0\n" CARP0,
	  { "[port0] address:", "unless VLAN sub-ports name this port" } },
	{ "[port0]\ndevice = net_tap0\n"
	  "[port1]\nparent = port0\nvlan = 10\naddress = 10.1.0.1/24\n"
	  CARP0,
	  { "[carp0] port:", "a trunk for VLAN sub-ports only" } },
	/* Unicast peers. */
	{ PORT0 CARP("address = 192.168.77.1\npeer = 224.0.0.18\n"),
	  { "[carp0] peer:", "unicast host address", "'224.0.0.18'" } },
	{ PORT0 CARP("address = 192.168.77.1\npeer = 10.9.9.9\n"),
	  { "[carp0] peer:", "outside port 0's subnet" } },
	{ PORT0 CARP("address = 192.168.77.1\npeer = 192.168.77.2\n"),
	  { "[carp0] peer:", "port 0's own address" } },
	{ PORT0 CARP("address = 192.168.77.1\npeer = 192.168.77.3/24\n"),
	  { "[carp0] peer:", "the IPv4 address of the peer" } },
	{ PORT0 CARP("address = 192.168.77.1 # vip\n"),
	  { "[carp0] address:", "'#'", "comments start with ';'" } },
	/* IPv6: a port's own address beside its IPv4 one. */
	{ "[port0]\ndevice = net_tap0\n"
	  "address = 192.168.77.2/24, 192.168.77.3/24\n" CARP0,
	  { "[port0] address:", "expected at most one IPv4 and one IPv6 "
	    "address, got a second IPv4 one, '192.168.77.3/24'" } },
	{ "[port0]\ndevice = net_tap0\n"
	  "address = 2001:db8::2/64 192.168.77.2/24, 2001:db8::3/64\n" CARP0,
	  { "[port0] address:", "expected at most one IPv4 and one IPv6 "
	    "address, got a second IPv6 one, '2001:db8::3/64'" } },
	{ "[port0]\ndevice = net_tap0\n"
	  "address = 192.168.77.2/24, 2001:db8::2/0\n" CARP0,
	  { "[port0] address:", "expected a prefix length 1..128 after '/', "
	    "got '2001:db8::2/0'" } },
	{ "[port0]\ndevice = net_tap0\n"
	  "address = 192.168.77.2/24, 2001:db8::2/129\n" CARP0,
	  { "[port0] address:", "expected a prefix length 1..128 after '/', "
	    "got '2001:db8::2/129'" } },
	{ "[port0]\ndevice = net_tap0\n"
	  "address = 192.168.77.2/24, 2001:db8::2\n" CARP0,
	  { "[port0] address:", "(give the prefix length: it says which "
	    "addresses are on the segment), got '2001:db8::2'" } },
	{ "[port0]\ndevice = net_tap0\n"
	  "address = 192.168.77.2/24, 2001:db8::g/64\n" CARP0,
	  { "[port0] address:", "expected this host's IPv4 address/prefix "
	    "on the segment, and optionally its IPv6 one",
	    "got '2001:db8::g/64'" } },
	{ "[port0]\ndevice = net_tap0\n"
	  "address = 192.168.77.2/24, fe80::2/64\n" CARP0,
	  { "[port0] address:", "expected a global or unique-local unicast "
	    "IPv6 address, got 'fe80::2/64', a link-local address" } },
	{ "[port0]\ndevice = net_tap0\n"
	  "address = 192.168.77.2/24, ff02::1/64\n" CARP0,
	  { "[port0] address:", "got 'ff02::1/64', a multicast address" } },
	{ "[port0]\ndevice = net_tap0\naddress = 192.168.77.2/24, ::/64\n"
	  CARP0,
	  { "[port0] address:", "got '::/64', the unspecified address" } },
	{ "[port0]\ndevice = net_tap0\naddress = 192.168.77.2/24, ::1/128\n"
	  CARP0,
	  { "[port0] address:", "got '::1/128', the loopback address" } },
	{ "[port0]\ndevice = net_tap0\n"
	  "address = 192.168.77.2/24, ::ffff:192.168.77.2/96\n" CARP0,
	  { "[port0] address:", "got '::ffff:192.168.77.2/96', an "
	    "IPv4-mapped address" } },
	{ "[port0]\ndevice = net_tap0\naddress = 2001:db8::2/64\n" CARP0,
	  { "[port0] address:", "expected an IPv4 address/prefix beside the "
	    "IPv6 one, got only '2001:db8::2/64' (a port without IPv4 is "
	    "not supported)" } },
	/* IPv6: virtual addresses. */
	{ PORT0 CARP("address = 192.168.77.1, 2001:db8:1::1\n"),
	  { "[carp0] address:", "2001:db8:1::1: port 0 has no IPv6 address "
	    "(port 0 is [port0])" } },
	{ PORT06 CARP("address = 2001:db8:2::1\n"),
	  { "[carp0] address:", "2001:db8:2::1 is outside port 0's prefix "
	    "2001:db8:1::2/64 (port 0 is [port0])" } },
	{ PORT06 CARP("address = 2001:db8:1::2/64\n"),
	  { "[carp0] address:", "2001:db8:1::2 is port 0's own address" } },
	{ PORT06 CARP("address = fe80::1\n"),
	  { "[carp0] address:", "expected a global or unique-local unicast "
	    "IPv6 address, got fe80::1, a link-local address" } },
	{ PORT06 CARP("address = ff02::12/64\n"),
	  { "[carp0] address:", "got ff02::12, a multicast address" } },
	{ PORT06 CARP("address = ::\n"),
	  { "[carp0] address:", "got ::, the unspecified address" } },
	{ PORT06 CARP("address = ::1\n"),
	  { "[carp0] address:", "got ::1, the loopback address" } },
	{ PORT06 CARP("address = ::ffff:192.168.77.1\n"),
	  { "[carp0] address:", "got ::ffff:192.168.77.1, an IPv4-mapped "
	    "address" } },
	{ PORT06 CARP("address = 2001:db8:1::1/0\n"),
	  { "[carp0] address:", "expected a prefix length 1..128 after '/', "
	    "got '2001:db8:1::1/0'" } },
	{ PORT06 CARP("address = 2001:db8:1::1/129\n"),
	  { "[carp0] address:", "expected a prefix length 1..128 after '/', "
	    "got '2001:db8:1::1/129'" } },
	{ PORT06 CARP("address = 2001:db8:1::1, 2001:db8:1::1/64\n"),
	  { "[carp0] address:", "2001:db8:1::1 is given twice" } },
	{ PORT06 CARP("address = 2001:db8:1::1\n"
	  "address = 2001:0db8:0001:0000:0000:0000:0000:0001\n"),
	  { "[carp0] address:", "2001:db8:1::1 is given twice" } },
	{ PORT06 CARP("address = 2001:db8:1::1-2001:db8:1::1:0\n"),
	  { "[carp0] address:", "expected an IPv6 range whose first and last "
	    "addresses differ in their last 16 bits only, got "
	    "'2001:db8:1::1-2001:db8:1::1:0'" } },
	{ PORT06 CARP("address = 2001:db8:1::20-2001:db8:1::10\n"),
	  { "[carp0] address:", "expected a range from a lower to a higher "
	    "address, got '2001:db8:1::20-2001:db8:1::10'" } },
	{ PORT06 CARP("address = 2001:db8:1::1/64-2001:db8:1::5\n"),
	  { "[carp0] address:", "one or more IPv4 or IPv6 addresses",
	    "'2001:db8:1::1/64-2001:db8:1::5'" } },
	{ PORT06 CARP("address = 192.168.77.1-2001:db8:1::5\n"),
	  { "[carp0] address:", "one or more IPv4 or IPv6 addresses",
	    "'192.168.77.1-2001:db8:1::5'" } },
	{ PORT06 CARP("address = 2001:db8:1::1\npeer = 2001:db8:1::3\n"),
	  { "[carp0] peer:", "got '2001:db8:1::3': a peer can only be IPv4 "
	    "(IPv6 advertisements go to ff02::12)" } },
	/* More addresses than a value can hold (255 characters). */
	{ PORT0 CARP("address = 192.168.77.1 192.168.77.3 192.168.77.4 "
	  "192.168.77.5 192.168.77.6 192.168.77.7 192.168.77.8 192.168.77.9 "
	  "192.168.77.10 192.168.77.11 192.168.77.12 192.168.77.13 "
	  "192.168.77.14 192.168.77.15 192.168.77.16 192.168.77.17 "
	  "192.168.77.18 192.168.77.19 192.168.77.20\n"),
	  { "line 7:", "[carp0] address:", "at most 255 characters",
	    "more address lines, or as a range" } },
};

static int
check_refused(const char *path, const char *err, const char *const *want,
		const char *what)
{
	unsigned int i;

	TEST_ASSERT(strncmp(err, path, strlen(path)) == 0 &&
		strncmp(err + strlen(path), ": ", 2) == 0,
		"%s: message does not start with the file: %s", what, err);
	for (i = 0; i < 4 && want[i] != NULL; i++)
		TEST_ASSERT(strstr(err, want[i]) != NULL,
			"%s: message lacks \"%s\": %s", what, want[i], err);
	return TEST_SUCCESS;
}

static int
test_config_errors(void)
{
	char path[PATH_MAX], err[ERR_LEN], what[32];
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(bad_rows); i++) {
		snprintf(what, sizeof(what), "row %u", i);
		TEST_ASSERT_SUCCESS(put_str("bad.ini", bad_rows[i].text, path),
			"write");
		memset(err, 'X', sizeof(err));
		ret = app_config_load(path, cfg, err, sizeof(err));
		TEST_ASSERT_EQUAL(ret, -1, "%s accepted:\n%s", what,
			bad_rows[i].text);
		TEST_ASSERT_SUCCESS(check_refused(path, err, bad_rows[i].want,
			what), "%s", what);
	}
	printf("  %u refused files, e.g.\n    %s\n", i, err);
	return TEST_SUCCESS;
}

static int
test_config_file(void)
{
	char path[PATH_MAX], err[ERR_LEN];
	const char *none[] = { NULL };
	const char *want[] = { "cannot open", strerror(ENOENT), NULL };

	snprintf(path, sizeof(path), "%s/no-such.ini", dir);
	TEST_ASSERT_EQUAL(app_config_load(path, cfg, err, sizeof(err)), -1,
		"missing file");
	TEST_ASSERT_SUCCESS(check_refused(path, err, want, "missing"), "");

	want[0] = "regular file";
	want[1] = strerror(EISDIR);
	TEST_ASSERT_EQUAL(app_config_load(dir, cfg, err, sizeof(err)), -1,
		"directory");
	TEST_ASSERT_SUCCESS(check_refused(dir, err, want, "directory"), "");

	want[1] = "special file";
	TEST_ASSERT_EQUAL(app_config_load("/dev/null", cfg, err, sizeof(err)),
		-1, "/dev/null");
	TEST_ASSERT_SUCCESS(check_refused("/dev/null", err, want, "devnull"),
		"");

	/* root reads anything: the mode test means nothing then. */
	if (geteuid() != 0) {
		TEST_ASSERT_SUCCESS(put_str("locked.ini", PORT0 CARP0, path),
			"write");
		TEST_ASSERT_SUCCESS(chmod(path, 0), "chmod");
		want[0] = "cannot open";
		want[1] = strerror(EACCES);
		TEST_ASSERT_EQUAL(app_config_load(path, cfg, err, sizeof(err)),
			-1, "unreadable");
		TEST_ASSERT_SUCCESS(check_refused(path, err, want, "mode"), "");
	}

	/* Nothing to write a message into is no reason to crash. */
	TEST_ASSERT_EQUAL(app_config_load(path, cfg, NULL, 0), -1, "NULL err");
	TEST_ASSERT_EQUAL(app_config_load(NULL, cfg, err, sizeof(err)), -1,
		"NULL path");
	TEST_ASSERT_SUCCESS(check_refused("(null)", err, none, "NULL"), "");
	return TEST_SUCCESS;
}

/* The limits of a line, a value, a section name and of the tables. */
/* Many addresses: several address lines, ranges, in the order given. */
static int
test_config_addresses(void)
{
	static const char text[] = PORT0
		"[carp0]\nport = port0\nvhid = 1\n"
		"address = 192.168.77.10-192.168.77.19/25\n"
		"address = 192.168.77.30, 192.168.77.40-192.168.77.40\n"
		"address = 192.168.77.100-192.168.77.253\n";
	char path[PATH_MAX], err[ERR_LEN];
	const struct carp_vhost_conf *v;
	unsigned int i;
	int ret;

	ret = put_str("addrs.ini", text, path);
	if (ret == 0)
		ret = app_config_load(path, cfg, err, sizeof(err));
	TEST_ASSERT_SUCCESS(ret, "load: %s", err);
	v = &cfg->vhost[0];
	ret = -1;
	if (v->naddrs == 10 + 2 + 154 &&
	    v->addrs[0] == BE(192, 168, 77, 10) && v->prefixlen[0] == 25 &&
	    v->addrs[9] == BE(192, 168, 77, 19) && v->prefixlen[9] == 25 &&
	    v->addrs[10] == BE(192, 168, 77, 30) && v->prefixlen[10] == 24 &&
	    v->addrs[11] == BE(192, 168, 77, 40) &&
	    v->addrs[165] == BE(192, 168, 77, 253))
		ret = 0;
	for (i = 12; ret == 0 && i < v->naddrs; i++)
		if (v->addrs[i] != BE(192, 168, 77, 100 + i - 12))
			ret = -1;
	app_config_free(cfg);
	TEST_ASSERT_SUCCESS(ret, "the addresses as given");
	return TEST_SUCCESS;
}

/* An IPv6 address from its text, for comparisons. */
static struct carp_in6
in6(const char *text)
{
	struct carp_in6 a;

	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET6, text, a.a) != 1)
		memset(a.a, 0xee, sizeof(a.a));	/* matches nothing below */
	return a;
}

static bool
in6_is(const struct carp_in6 *a, const char *text)
{
	struct carp_in6 b = in6(text);

	return memcmp(a->a, b.a, sizeof(b.a)) == 0;
}

/*
 * IPv6 beside IPv4: a port's own address in either order, mixed lists and
 * ranges in a carp interface, an IPv6-only carp interface, and the port's
 * prefix for an address without one.
 */
static int
test_config_ipv6(void)
{
	static const char text[] =
		"[port0]\ndevice = net_tap0,iface=dcarp0\n"
		"address = 192.0.2.10/24, 2001:db8:1::10/64\n"
		"[port1]\ndevice = net_tap1,iface=dcarp1\n"
		"address = 2001:db8:2::1/48 10.0.0.2/16\n"
		"[port2]\ndevice = net_tap2,iface=dcarp2\n"
		"address = 10.1.0.2/24\n"
		"[carp0]\nport = port0\nvhid = 1\n"
		"address = 192.0.2.1, 2001:db8:1::1/120 192.0.2.2/25,"
		"2001:DB8:1::2\n"
		"address = 2001:db8:1::100-2001:db8:1::103\n"
		"address = 2001:db8:1::1:fffe-2001:db8:1::1:ffff/96\n"
		"[carp1]\nport = port1\nvhid = 1\naddress = 2001:db8:2::5\n"
		"[carp2]\nport = port2\nvhid = 1\naddress = 10.1.0.1\n";
	const struct app_port_conf *p = cfg->port;
	const struct carp_vhost_conf *v = cfg->vhost;
	struct carp_in6 zero;
	char err[ERR_LEN];
	unsigned int i;

	memset(&zero, 0, sizeof(zero));
	TEST_ASSERT_SUCCESS(load_text("ipv6.ini", text, err), "load: %s", err);
	TEST_ASSERT_EQUAL(cfg->nports, 3, "ports");
	TEST_ASSERT_EQUAL(p[0].addr, BE(192, 0, 2, 10), "port0 IPv4");
	TEST_ASSERT_EQUAL(p[0].prefixlen, 24, "port0 prefix");
	TEST_ASSERT(in6_is(&p[0].addr6, "2001:db8:1::10"), "port0 IPv6");
	TEST_ASSERT_EQUAL(p[0].prefixlen6, 64, "port0 IPv6 prefix");
	TEST_ASSERT_EQUAL(p[1].addr, BE(10, 0, 0, 2), "port1 IPv4 after IPv6");
	TEST_ASSERT_EQUAL(p[1].prefixlen, 16, "port1 prefix");
	TEST_ASSERT(in6_is(&p[1].addr6, "2001:db8:2::1"), "port1 IPv6");
	TEST_ASSERT_EQUAL(p[1].prefixlen6, 48, "port1 IPv6 prefix");
	TEST_ASSERT_EQUAL(p[2].prefixlen6, 0, "port2 has no IPv6");
	TEST_ASSERT(memcmp(&p[2].addr6, &zero, sizeof(zero)) == 0,
		"port2's IPv6 address is zero");

	TEST_ASSERT_EQUAL(cfg->nvhosts, 3, "vhosts");
	/* carp0: the IPv4 ones in order, the IPv6 ones in order. */
	TEST_ASSERT_EQUAL(v[0].naddrs, 2, "carp0 IPv4 count");
	TEST_ASSERT_EQUAL(v[0].addrs[0], BE(192, 0, 2, 1), "carp0 IPv4 0");
	TEST_ASSERT_EQUAL(v[0].prefixlen[0], 24, "carp0 IPv4 0 port's prefix");
	TEST_ASSERT_EQUAL(v[0].addrs[1], BE(192, 0, 2, 2), "carp0 IPv4 1");
	TEST_ASSERT_EQUAL(v[0].prefixlen[1], 25, "carp0 IPv4 1 prefix given");
	TEST_ASSERT_EQUAL(v[0].naddrs6, 2 + 4 + 2, "carp0 IPv6 count %u",
		v[0].naddrs6);
	TEST_ASSERT(in6_is(&v[0].addrs6[0], "2001:db8:1::1"), "carp0 IPv6 0");
	TEST_ASSERT_EQUAL(v[0].prefixlen6[0], 120, "carp0 IPv6 0 prefix given");
	TEST_ASSERT(in6_is(&v[0].addrs6[1], "2001:db8:1::2"),
		"carp0 IPv6 1 (upper case)");
	TEST_ASSERT_EQUAL(v[0].prefixlen6[1], 64,
		"carp0 IPv6 1 takes the port's prefix");
	for (i = 0; i < 4; i++) {
		char want[32];

		snprintf(want, sizeof(want), "2001:db8:1::%x", 0x100 + i);
		TEST_ASSERT(in6_is(&v[0].addrs6[2 + i], want), "range %s", want);
		TEST_ASSERT_EQUAL(v[0].prefixlen6[2 + i], 64, "range prefix");
	}
	/* A range may cross a byte of the last 16 bits. */
	TEST_ASSERT(in6_is(&v[0].addrs6[6], "2001:db8:1::1:fffe"), "range 2");
	TEST_ASSERT(in6_is(&v[0].addrs6[7], "2001:db8:1::1:ffff"), "range 2 end");
	TEST_ASSERT_EQUAL(v[0].prefixlen6[7], 96, "range 2 prefix given");
	/* carp1: IPv6 only, the port's /48. */
	TEST_ASSERT_EQUAL(v[1].naddrs, 0, "carp1 no IPv4");
	TEST_ASSERT_EQUAL(v[1].naddrs6, 1, "carp1 one IPv6");
	TEST_ASSERT(in6_is(&v[1].addrs6[0], "2001:db8:2::5"), "carp1 IPv6");
	TEST_ASSERT_EQUAL(v[1].prefixlen6[0], 48, "carp1 port1's IPv6 prefix");
	TEST_ASSERT_EQUAL(v[2].naddrs6, 0, "carp2 IPv4 only");
	app_config_free(cfg);
	return TEST_SUCCESS;
}

static int
test_config_limits(void)
{
	char path[PATH_MAX], err[ERR_LEN], sect[32], most[64];
	const char *want[4] = { NULL };
	char *text, *o;
	size_t size = 1 << 20;
	unsigned int i;
	int ret;

	text = malloc(size);
	TEST_ASSERT_NOT_NULL(text, "malloc");

	/* A comment line of 322 characters is the longest rte_cfgfile
	 * takes; one more is refused with the line number.
	 */
	o = text + sprintf(text, PORT0 CARP0 ";");
	memset(o, 'c', 321);
	strcpy(o + 321, "\n");
	ret = put_str("long.ini", text, path);
	if (ret == 0)
		ret = app_config_load(path, cfg, err, sizeof(err));
	TEST_ASSERT_SUCCESS(ret, "322 characters: %s", err);
	strcpy(o + 321, "c\n");
	ret = put_str("long.ini", text, path);
	if (ret == 0)
		ret = app_config_load(path, cfg, err, sizeof(err));
	want[0] = "line 8:";
	want[1] = "at most 322 characters";
	TEST_ASSERT_EQUAL(ret, -1, "323 characters");
	TEST_ASSERT_SUCCESS(check_refused(path, err, want, "long line"), "");

	/* A device of 255 characters fits; a value of 256 does not. */
	o = text + sprintf(text, "[port0]\naddress = 10.0.0.1/8\ndevice = ");
	memset(o, 'd', 255);
	strcpy(o + 255, "\n");
	ret = put_str("value.ini", text, path);
	if (ret == 0)
		ret = app_config_load(path, cfg, err, sizeof(err));
	TEST_ASSERT_SUCCESS(ret, "255 characters: %s", err);
	TEST_ASSERT_EQUAL(strlen(cfg->port[0].device), 255, "device");
	strcpy(o + 255, "d\n");
	ret = put_str("value.ini", text, path);
	if (ret == 0)
		ret = app_config_load(path, cfg, err, sizeof(err));
	want[0] = "line 3: [port0] device:";
	want[1] = "at most 255 characters";
	TEST_ASSERT_EQUAL(ret, -1, "256 characters");
	TEST_ASSERT_SUCCESS(check_refused(path, err, want, "value"), "");

	/* APP_MAX_PORTS ports and APP_MAX_VHOSTS vhosts are the most. */
	for (o = text, i = 0; i < APP_MAX_PORTS; i++)
		o += sprintf(o, "[port%u]\ndevice = net_tap%u\n"
			"address = 10.%u.0.1/16\n", i, i, i);
	for (i = 0; i < APP_MAX_VHOSTS; i++)
		o += sprintf(o, "[carp%u]\nport = port%u\nvhid = %u\n"
			"address = 10.%u.1.%u\n", i, i / 255, i % 255 + 1,
			i / 255, i % 255 + 1);
	ret = put_str("max.ini", text, path);
	if (ret == 0)
		ret = app_config_load(path, cfg, err, sizeof(err));
	TEST_ASSERT_SUCCESS(ret, "the most: %s", err);
	TEST_ASSERT_EQUAL(cfg->nports, APP_MAX_PORTS, "ports");
	TEST_ASSERT_EQUAL(cfg->nvhosts, APP_MAX_VHOSTS, "vhosts");
	TEST_ASSERT_EQUAL(cfg->vhost[APP_MAX_VHOSTS - 1].vhid,
		(APP_MAX_VHOSTS - 1) % 255 + 1, "last vhid");
	TEST_ASSERT_EQUAL(cfg->vhost[APP_MAX_VHOSTS - 1].port,
		(APP_MAX_VHOSTS - 1) / 255, "last port");
	app_config_free(cfg);

	sprintf(o, "[carp%u]\nport = port9\nvhid = 9\naddress = 10.9.1.9\n",
		APP_MAX_VHOSTS);
	ret = put_str("max.ini", text, path);
	if (ret == 0)
		ret = app_config_load(path, cfg, err, sizeof(err));
	snprintf(sect, sizeof(sect), "[carp%u]:", APP_MAX_VHOSTS);
	snprintf(most, sizeof(most), "at most %u [carp...] sections",
		APP_MAX_VHOSTS);
	want[0] = sect;
	want[1] = most;
	TEST_ASSERT_EQUAL(ret, -1, "a vhost too many");
	TEST_ASSERT_SUCCESS(check_refused(path, err, want, "vhosts"), "");

	/* In place of the vhost too many, a port too many. */
	sprintf(o, "[port%u]\ndevice = net_tap%u\naddress = 10.200.0.1/16\n",
		APP_MAX_PORTS, APP_MAX_PORTS);
	ret = put_str("max.ini", text, path);
	if (ret == 0)
		ret = app_config_load(path, cfg, err, sizeof(err));
	want[0] = "[port32]:";
	want[1] = "at most 32 [port...] sections";
	TEST_ASSERT_EQUAL(ret, -1, "33 ports");
	TEST_ASSERT_SUCCESS(check_refused(path, err, want, "ports"), "");
	free(text);

	/* A message truncated to a short buffer is still a string. */
	memset(err, 'X', sizeof(err));
	TEST_ASSERT_EQUAL(app_config_load(path, cfg, err, 8), -1, "short");
	TEST_ASSERT_EQUAL(strlen(err), 7, "truncated message");
	TEST_ASSERT_EQUAL(err[8], 'X', "wrote past errlen");
	memset(err, 'X', sizeof(err));
	TEST_ASSERT_EQUAL(app_config_load(path, cfg, err, 1), -1, "1 byte");
	TEST_ASSERT_EQUAL(err[0], '\0', "empty message");
	TEST_ASSERT_EQUAL(err[1], 'X', "wrote past errlen 1");
	return TEST_SUCCESS;
}

static int
load_ok(const char *path)
{
	char err[ERR_LEN];
	int ret = app_config_load(path, cfg, err, sizeof(err));

	TEST_ASSERT_SUCCESS(ret, "%s", err);
	TEST_ASSERT(cfg->nports > 0 && cfg->nvhosts > 0, "%s: empty", path);
	return TEST_SUCCESS;
}

/* What ships must read: the default file and every example. */
static int
test_config_shipped(void)
{
	char path[PATH_MAX];
	const char *want[] = {
		"carp-failover-hostA.ini", "carp-failover-hostB.ini",
		"carp-arpbalance-hostA.ini", "carp-arpbalance-hostB.ini",
		"carp-pci-example.ini", "carp-vlan-trunk.ini",
	};
	unsigned int n = 0, found = 0, i;
	struct dirent *de;
	size_t len;
	DIR *d;

	snprintf(path, sizeof(path), "%s/dpdk-carp.ini", CARP_SOURCE_DIR);
	TEST_ASSERT_SUCCESS(load_ok(path), "dpdk-carp.ini");
	/* It must run with no NIC, on a tap, without burning a core. */
	TEST_ASSERT_EQUAL(cfg->nports, 1, "default ports");
	TEST_ASSERT(strncmp(cfg->port[0].device, "net_tap", 7) == 0,
		"default device %s", cfg->port[0].device);
	TEST_ASSERT(cfg->idle_sleep_us > 0, "default idle_sleep");

	snprintf(path, sizeof(path), "%s/config", CARP_SOURCE_DIR);
	d = opendir(path);
	TEST_ASSERT_NOT_NULL(d, "%s: %s", path, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 4 || strcmp(de->d_name + len - 4, ".ini") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/config/%s", CARP_SOURCE_DIR,
			de->d_name);
		if (load_ok(path) != TEST_SUCCESS) {
			closedir(d);
			return TEST_FAILED;
		}
		for (i = 0; i < RTE_DIM(want); i++)
			found += strcmp(de->d_name, want[i]) == 0;
		n++;
	}
	closedir(d);
	TEST_ASSERT_EQUAL(found, RTE_DIM(want), "examples missing");
	printf("  dpdk-carp.ini and %u examples read\n", n);
	return TEST_SUCCESS;
}

/* The manual's examples say what they say. */
static int
test_config_examples(void)
{
	char path[PATH_MAX];
	unsigned int i;

	snprintf(path, sizeof(path),
		"%s/config/carp-failover-hostB.ini", CARP_SOURCE_DIR);
	TEST_ASSERT_SUCCESS(load_ok(path), "failover B");
	TEST_ASSERT_EQUAL(cfg->sysctl.v[CARP_KNOB_PREEMPT], 1, "preempt");
	TEST_ASSERT_EQUAL(cfg->nports, 2, "two segments");
	TEST_ASSERT_EQUAL(cfg->nvhosts, 2, "a vhost per segment");
	for (i = 0; i < 2; i++) {
		TEST_ASSERT_EQUAL(cfg->vhost[i].vhid, i + 1, "vhid");
		TEST_ASSERT_EQUAL(cfg->vhost[i].advskew, 100, "B's advskew");
		TEST_ASSERT_EQUAL(cfg->vhost[i].port, i, "own segment");
	}

	snprintf(path, sizeof(path),
		"%s/config/carp-arpbalance-hostA.ini", CARP_SOURCE_DIR);
	TEST_ASSERT_SUCCESS(load_ok(path), "arpbalance A");
	TEST_ASSERT_EQUAL(cfg->sysctl.v[CARP_KNOB_ARPBALANCE], 1, "arpbal");
	TEST_ASSERT_EQUAL(cfg->nvhosts, 2, "two vhosts");
	TEST_ASSERT_EQUAL(cfg->vhost[0].port, cfg->vhost[1].port, "one port");
	TEST_ASSERT_EQUAL(cfg->vhost[0].addrs[0], cfg->vhost[1].addrs[0],
		"one shared address");
	TEST_ASSERT_EQUAL(cfg->vhost[0].advskew, 0, "A masters vhid 1");
	TEST_ASSERT_EQUAL(cfg->vhost[1].advskew, 100, "A backs up vhid 2");
	return TEST_SUCCESS;
}

static int
test_config_port_index(void)
{
	char err[ERR_LEN];

	TEST_ASSERT_SUCCESS(load_text("idx.ini", PORT0
		"[port9]\ndevice = net_tap1\naddress = 10.0.0.1/8\n" CARP0,
		err), "%s", err);
	TEST_ASSERT_EQUAL(app_config_port_index(cfg, "port0"), 0, "port0");
	TEST_ASSERT_EQUAL(app_config_port_index(cfg, "port9"), 1, "port9");
	TEST_ASSERT_EQUAL(app_config_port_index(cfg, "port1"), -1, "port1");
	TEST_ASSERT_EQUAL(app_config_port_index(cfg, ""), -1, "empty");
	TEST_ASSERT_EQUAL(app_config_port_index(cfg, "port"), -1, "prefix");
	return TEST_SUCCESS;
}

/* A small fixed-seed generator: a failure reproduces. */
static uint64_t fuzz_state;

static uint32_t
fuzz_rand(void)
{
	return (uint32_t)(test_xorshift(&fuzz_state) >> 11);
}

/* Load a file that may be anything: 0, or -1 with a proper message. */
static int
fuzz_one(const char *what, const void *data, size_t len, int *result)
{
	char path[PATH_MAX], err[ERR_LEN + 1];
	int ret;

	TEST_ASSERT_SUCCESS(put("fuzz.ini", data, len, path), "write");
	err[ERR_LEN] = 'X';
	ret = app_config_load(path, cfg, err, ERR_LEN);
	TEST_ASSERT(ret == 0 || ret == -1, "%s: returned %d", what, ret);
	TEST_ASSERT_EQUAL(err[ERR_LEN], 'X', "%s: wrote past errlen", what);
	TEST_ASSERT(memchr(err, '\0', ERR_LEN) != NULL, "%s: no NUL", what);
	if (ret == 0)
		TEST_ASSERT(cfg->nports <= APP_MAX_PORTS &&
			cfg->nvhosts <= APP_MAX_VHOSTS, "%s: counts", what);
	else
		TEST_ASSERT(strncmp(err, path, strlen(path)) == 0,
			"%s: message %s", what, err);
	if (result != NULL)
		*result = ret;
	return TEST_SUCCESS;
}

/* 10k sections of one kind (or 10k keys in one section). */
static size_t
many(char *buf, size_t size, unsigned int kind)
{
	size_t len = 0;
	unsigned int i;

	if (kind == 4)
		len = snprintf(buf, size, "[carp0]\n");
	for (i = 0; i < 10000 && len < size; i++) {
		switch (kind) {
		case 0:
			len += snprintf(buf + len, size - len, "[x%u]\n", i);
			break;
		case 1:
			len += snprintf(buf + len, size - len,
				"[port%u]\ndevice=net_tap%u\n", i, i);
			break;
		case 2:
			len += snprintf(buf + len, size - len,
				"[carp%u]\nvhid=1\n", i);
			break;
		case 3:
			len += snprintf(buf + len, size - len, "[global]\n");
			break;
		default:
			len += snprintf(buf + len, size - len, "k%u=1\n", i);
			break;
		}
	}
	return RTE_MIN(len, size);
}

static int
test_config_fuzz(void)
{
	static const char alphabet[] = "[]=;#\\ \t\n,/.0123456789portcarp"
		"globaladdressvhid\r\x01\xff";
	size_t size = 1 << 20, len, i, base = strlen(good_ini);
	unsigned int round, accepted = 0;
	char what[48];
	char *buf;
	int n, ret;

	buf = malloc(size);
	TEST_ASSERT_NOT_NULL(buf, "malloc");
	fuzz_state = 0x9e3779b97f4a7c15ULL;

	/* Bytes of every value, then text from the file's own alphabet. */
	for (round = 0; round < 200; round++) {
		len = fuzz_rand() % 4096;
		for (i = 0; i < len; i++)
			buf[i] = round % 2 ? (char)fuzz_rand() :
				alphabet[fuzz_rand() % (sizeof(alphabet) - 1)];
		snprintf(what, sizeof(what), "random %u", round);
		if (fuzz_one(what, buf, len, NULL) != TEST_SUCCESS)
			goto fail;
	}

	/* The good file, damaged: bytes changed, cut short. */
	for (round = 0; round < 2000; round++) {
		memcpy(buf, good_ini, base);
		for (n = fuzz_rand() % 4 + 1; n > 0; n--)
			buf[fuzz_rand() % base] = round % 3 ?
				(char)fuzz_rand() :
				alphabet[fuzz_rand() % (sizeof(alphabet) - 1)];
		len = round % 5 == 0 ? fuzz_rand() % base : base;
		snprintf(what, sizeof(what), "mutation %u", round);
		if (fuzz_one(what, buf, len, NULL) != TEST_SUCCESS)
			goto fail;
	}
	for (len = 0; len <= base; len++) {
		snprintf(what, sizeof(what), "prefix %zu", len);
		if (fuzz_one(what, good_ini, len, &ret) != TEST_SUCCESS)
			goto fail;
		accepted += ret == 0;
	}

	/* A line of a megabyte, with no end and with one. */
	memset(buf, 'x', size);
	if (fuzz_one("long line", buf, size, NULL) != TEST_SUCCESS)
		goto fail;
	buf[size - 1] = '\n';
	memcpy(buf, "[global]\nallow=", 15);
	if (fuzz_one("long value", buf, size, NULL) != TEST_SUCCESS)
		goto fail;

	for (round = 0; round < 5; round++) {
		len = many(buf, size, round);
		snprintf(what, sizeof(what), "10k of kind %u", round);
		if (fuzz_one(what, buf, len, &ret) != TEST_SUCCESS)
			goto fail;
		if (ret == 0) {
			printf("  %s accepted\n", what);
			goto fail;
		}
	}
	free(buf);
	printf("  fuzzed; %u prefixes of the good file read\n", accepted);
	return TEST_SUCCESS;
fail:
	free(buf);
	return TEST_FAILED;
}

static struct unit_test_suite config_suite = {
	.suite_name = "config (app/config.c)",
	.setup = suite_setup,
	.teardown = suite_teardown,
	.unit_test_cases = {
		TEST_CASE(test_config_good),
		TEST_CASE(test_config_host_track),
		TEST_CASE(test_config_defaults),
		TEST_CASE(test_config_errors),
		TEST_CASE(test_config_file),
		TEST_CASE(test_config_addresses),
		TEST_CASE(test_config_ipv6),
		TEST_CASE(test_config_limits),
		TEST_CASE(test_config_shipped),
		TEST_CASE(test_config_examples),
		TEST_CASE(test_config_port_index),
		TEST_CASE(test_config_fuzz),
		TEST_CASES_END(),
	},
};

static int
test_config(void)
{
	return unit_test_suite_runner(&config_suite);
}

REGISTER_TEST_COMMAND(config_autotest, test_config);
