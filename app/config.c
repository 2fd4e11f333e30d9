/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The configuration file, checked in three layers before anything uses it:
 *
 *  1. a line-by-line syntax check of our own. rte_cfgfile reports its
 *     errors only to the log, and it silently skips a line without '=':
 *     "advskew 100" would leave a backup host with advskew 0. This check
 *     follows rte_cfgfile's own rules (comments, line length) so that a
 *     file it passes is read by rte_cfgfile exactly as it was checked.
 *  2. rte_cfgfile, which splits the file into sections and entries.
 *  3. the key tables below, then lib/carp itself: every port and vhost is
 *     added to a scratch carp_table, so that the file is held to the same
 *     rules as a change made at run time.
 */

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <rte_byteorder.h>
#include <rte_cfgfile.h>
#include <rte_common.h>
#include <rte_pci.h>

#include "carp_auth.h"
#include "carp_sysctl.h"
#include "carp_vhost.h"
#include "config.h"

/*
 * rte_cfgfile reads a line with fgets() into CFG_NAME_LEN + CFG_VALUE_LEN
 * + 4 bytes and gives up on a line that does not fit with its '\n'.
 */
#define LINE_MAX_CHARS	(CFG_NAME_LEN + CFG_VALUE_LEN + 2)
#define COMMENT_CHAR	CFG_DEFAULT_COMMENT_CHARACTER

/* Most keys a section kind has; bounds the entries read per section. */
#define KEYS_MAX	12

/* Longest piece of the file quoted in a message. */
#define QUOTE_MAX	48
#define QUOTE_BUF	(QUOTE_MAX + 8)

#define ERR_BUF		256

struct ctx {
	const char *path;
	char *err;
	size_t errlen;
	struct app_config *cfg;
	struct rte_cfgfile *file;
	const char *sect;	/**< section being read, for messages */
	unsigned int line;	/**< line being checked, for messages */
	char cur[CFG_NAME_LEN];	/**< section of that line */
};

struct key {
	const char *name;
	int (*parse)(struct ctx *c, const struct key *k, const char *val,
			void *obj);
	size_t off;		/**< field of obj, for parse_uint */
	size_t size;
	long long min;
	long long max;
	bool required;
	const char *what;	/**< what a value looks like, for messages */
};

enum num {
	NUM_OK,
	NUM_BAD,	/**< not a decimal integer */
	NUM_NEG,
	NUM_BIG,	/**< does not fit 64 bits */
};

/* Text from the file, made fit for a message: printable and short. */
static void
clean(const char *s, char *buf, size_t size, size_t max)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < max && i + 1 < size; i++)
		buf[i] = isprint((unsigned char)s[i]) ? s[i] : '?';
	buf[i] = '\0';
}

static const char *
quote(const char *s, char buf[QUOTE_BUF])
{
	size_t n;

	buf[0] = '\'';
	clean(s, buf + 1, QUOTE_BUF - 5, QUOTE_MAX);
	n = strlen(buf);
	buf[n++] = '\'';
	buf[n] = '\0';
	if (strlen(s) > QUOTE_MAX)
		strcpy(buf + n, "...");
	return buf;
}

/* '#' is not a comment for rte_cfgfile: "vhid = 1 # main" is the value
 * "1 # main". Say so where such a value is refused.
 */
static const char *
hint(const char *val)
{
	return strchr(val, '#') != NULL ?
		" (comments start with ';', not '#')" : "";
}

/* Write "FILE: [section] key: " or the part of it that applies, then the
 * message. @return -1, for "return fail(...)".
 */
static int __rte_format_printf(3, 4)
fail(struct ctx *c, const char *key, const char *fmt, ...)
{
	char s[CFG_NAME_LEN], k[CFG_NAME_LEN];
	va_list ap;
	int n = 0;

	if (c->err == NULL || c->errlen == 0)
		return -1;
	if (c->line != 0)
		n = snprintf(c->err, c->errlen, "%s: line %u: ", c->path,
			c->line);
	else
		n = snprintf(c->err, c->errlen, "%s: ", c->path);
	if (c->sect != NULL && n >= 0 && (size_t)n < c->errlen) {
		clean(c->sect, s, sizeof(s), sizeof(s));
		if (key != NULL) {
			clean(key, k, sizeof(k), sizeof(k));
			n += snprintf(c->err + n, c->errlen - n, "[%s] %s: ",
				s, k);
		} else {
			n += snprintf(c->err + n, c->errlen - n, "[%s]: ", s);
		}
	}
	if (n >= 0 && (size_t)n < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/*
 * Layer 1: the syntax check.
 */

static char *
strip(char *s, size_t *len)
{
	while (*len > 0 && isspace((unsigned char)s[*len - 1]))
		s[--*len] = '\0';
	while (*len > 0 && isspace((unsigned char)*s)) {
		s++;
		(*len)--;
	}
	return s;
}

/*
 * One line into buf, without its '\n', reading no more than a line may
 * hold: a file that never ends a line (/dev/zero) costs nothing.
 * @return 1 for a line, 0 at the end of the file, -1 for a NUL byte,
 *   -2 for a line too long.
 */
static int
read_line(FILE *f, char *buf, size_t *len)
{
	int ch;

	*len = 0;
	while ((ch = getc(f)) != EOF && ch != '\n') {
		if (ch == '\0')
			return -1;
		if (*len == LINE_MAX_CHARS)
			return -2;
		buf[(*len)++] = (char)ch;
	}
	buf[*len] = '\0';
	return ch == EOF && *len == 0 ? 0 : 1;
}

static int
check_section_line(struct ctx *c, char *s, size_t len)
{
	char q[QUOTE_BUF];
	char *end = memchr(s, ']', len);
	char *name;
	size_t rest, nlen;

	if (end == NULL)
		return fail(c, NULL, "expected a section header [name], got %s",
			quote(s, q));
	rest = len - (size_t)(end + 1 - s);
	if (strip(end + 1, &rest)[0] != '\0')
		return fail(c, NULL, "expected nothing after ']', got %s",
			quote(end + 1 + strspn(end + 1, " \t"), q));
	*end = '\0';
	nlen = (size_t)(end - s - 1);
	name = strip(s + 1, &nlen);
	if (nlen == 0)
		return fail(c, NULL, "expected a section name between '[' and "
			"']', got none");
	if (nlen >= CFG_NAME_LEN)
		return fail(c, NULL, "expected a section name of at most %u "
			"characters, got %zu", CFG_NAME_LEN - 1, nlen);
	memcpy(c->cur, name, nlen + 1);
	return 0;
}

static int
check_entry_line(struct ctx *c, char *s, size_t len)
{
	char q[QUOTE_BUF];
	char *eq = memchr(s, '=', len);
	char *key, *val;
	size_t klen, vlen;
	const char *p;

	if (eq == NULL)
		return fail(c, NULL, "expected [section] or key = value, "
			"got %s", quote(s, q));
	if (c->cur[0] == '\0')
		return fail(c, NULL, "expected a [section] before the first "
			"key, got %s", quote(s, q));
	*eq = '\0';
	klen = (size_t)(eq - s);
	key = strip(s, &klen);
	if (klen == 0)
		return fail(c, NULL, "expected a key before '=', got none");
	if (klen >= CFG_NAME_LEN)
		return fail(c, NULL, "expected a key of at most %u characters, "
			"got %zu", CFG_NAME_LEN - 1, klen);
	vlen = strlen(eq + 1);
	val = strip(eq + 1, &vlen);
	/* rte_cfgfile drops the '\' of an escaped comment character. */
	for (p = val; (p = strchr(p, '\\')) != NULL; p++)
		if (p[1] == COMMENT_CHAR)
			vlen--;
	if (vlen >= CFG_VALUE_LEN) {
		c->sect = c->cur;
		return fail(c, key, "expected a value of at most %u "
			"characters, got %zu", CFG_VALUE_LEN - 1, vlen);
	}
	return 0;
}

static int
check_line(struct ctx *c, char *buf, size_t len)
{
	char *s, *p;

	/* rte_cfgfile's comment rule: the first ';' ends the line, unless
	 * it is written "\;", and then the line has no comment at all.
	 */
	p = memchr(buf, COMMENT_CHAR, len);
	if (p != NULL && (p == buf || p[-1] != '\\')) {
		*p = '\0';
		len = (size_t)(p - buf);
	} else if (p != NULL) {
		/* ...so a comment after a "\;" would end up in the value:
		 * "pass = a\;b ; old" is the password "a;b ; old".
		 */
		for (p++; (p = memchr(p, COMMENT_CHAR, len - (size_t)(p - buf)))
		    != NULL; p++)
			if (p[-1] != '\\')
				return fail(c, NULL, "expected no comment on a "
					"line with '\\%c' (it would be read as "
					"part of the value), got one",
					COMMENT_CHAR);
	}
	s = strip(buf, &len);
	if (len == 0)
		return 0;
	if (*s == '#')
		return fail(c, NULL, "expected '%c' to start a comment, "
			"got '#'", COMMENT_CHAR);
	if (*s == '[')
		return check_section_line(c, s, len);
	return check_entry_line(c, s, len);
}

static int
check_syntax(struct ctx *c)
{
	char buf[LINE_MAX_CHARS + 1];
	struct stat st;
	size_t len;
	FILE *f;
	int r, ret = 0;

	f = fopen(c->path, "r");
	if (f == NULL)
		return fail(c, NULL, "cannot open: %s", strerror(errno));
	/* rte_cfgfile reads the file a second time: a pipe would be empty
	 * by then, and a directory opens but does not read.
	 */
	if (fstat(fileno(f), &st) != 0)
		ret = fail(c, NULL, "cannot read: %s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		ret = fail(c, NULL, "expected a regular file, got %s",
			S_ISDIR(st.st_mode) ? strerror(EISDIR) :
			"a special file");
	if (ret != 0) {
		fclose(f);
		return ret;
	}
	c->cur[0] = '\0';
	while (ret == 0 && (r = read_line(f, buf, &len)) != 0) {
		c->line++;
		if (r == -1)
			ret = fail(c, NULL, "expected text, got a NUL byte");
		else if (r == -2)
			ret = fail(c, NULL, "expected at most %u characters on "
				"a line (comments included), got more",
				LINE_MAX_CHARS);
		else
			ret = check_line(c, buf, len);
	}
	if (ret == 0 && ferror(f)) {
		c->line = 0;
		ret = fail(c, NULL, "cannot read: %s", strerror(errno));
	}
	fclose(f);
	c->line = 0;
	c->sect = NULL;
	return ret;
}

/*
 * Layer 3: values.
 */

/*
 * A decimal integer and nothing else (leading zeros are harmless).
 * strtoull() would also take " 12", "+12", and "-1" as a huge number.
 */
static enum num
parse_dec(const char *s, unsigned long long *v)
{
	unsigned long long x = 0;
	bool neg = false, big = false;
	unsigned int d;

	if (*s == '-') {
		neg = true;
		s++;
	}
	if (*s == '\0')
		return NUM_BAD;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return NUM_BAD;
		d = (unsigned int)(*s - '0');
		if (x > (ULLONG_MAX - d) / 10)
			big = true;
		else
			x = x * 10 + d;
	}
	if (neg)
		return NUM_NEG;
	if (big)
		return NUM_BIG;
	*v = x;
	return NUM_OK;
}

static int
fail_range(struct ctx *c, const char *key, const char *val, enum num r,
		long long min, long long max)
{
	char q[QUOTE_BUF];

	if (r == NUM_BAD)
		return fail(c, key, "expected a decimal integer "
			"%lld..%lld, got %s%s", min, max, quote(val, q),
			hint(val));
	clean(val, q, sizeof(q), QUOTE_MAX);
	return fail(c, key, "expected %lld..%lld, got %s%s", min, max, q,
		r == NUM_BIG ? " (too large)" : "");
}

static int
parse_uint(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	unsigned long long v = 0;
	enum num r = parse_dec(val, &v);
	uint8_t *field = (uint8_t *)obj + k->off;

	if (r != NUM_OK || v < (unsigned long long)k->min ||
	    v > (unsigned long long)k->max)
		return fail_range(c, k->name, val, r, k->min, k->max);
	switch (k->size) {
	case sizeof(uint8_t):
		*field = (uint8_t)v;
		break;
	case sizeof(uint16_t):
		*(uint16_t *)field = (uint16_t)v;
		break;
	default:
		*(uint32_t *)field = (uint32_t)v;
		break;
	}
	return 0;
}

/*
 * The library is the one authority on a knob's range: ask it for the
 * largest value it takes instead of keeping a second copy of its table.
 */
static uint32_t
knob_max(enum carp_knob kn)
{
	uint64_t lo = 0, hi = UINT32_MAX, mid;

	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (carp_knob_check(kn, (long long)mid, NULL, 0) == 0)
			lo = mid;
		else
			hi = mid - 1;
	}
	return (uint32_t)lo;
}

static int
parse_knob(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	struct app_config *cfg = obj;
	enum carp_knob kn = carp_knob_lookup(k->name);
	unsigned long long v = 0;
	char why[ERR_BUF], q[QUOTE_BUF];
	enum num r;

	if (carp_knob_readonly(kn)) {
		carp_knob_check(kn, 0, why, sizeof(why));
		return fail(c, k->name, "expected no setting (%s: it counts "
			"the problems, such as links down, that suppress "
			"preemption), got %s", why, quote(val, q));
	}
	r = parse_dec(val, &v);
	if (r != NUM_OK || v > LLONG_MAX ||
	    carp_knob_check(kn, (long long)v, why, sizeof(why)) != 0)
		return fail_range(c, k->name, val, r, 0, knob_max(kn));
	cfg->sysctl.v[kn] = (uint32_t)v;
	return 0;
}

/* "a.b.c.d" or "a.b.c.d/len". inet_pton() takes only the dotted quad:
 * "10.1" and "0x0a.0.0.1" are refused.
 * @return 0, -1 for a bad address, -2 for a bad prefix length; *prefix
 *   is 0 when there is none.
 */
static int
parse_cidr(const char *s, size_t len, rte_be32_t *addr, uint8_t *prefix)
{
	char buf[INET_ADDRSTRLEN + 4];
	unsigned long long v;
	char *slash;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*prefix = 0;
	slash = strchr(buf, '/');
	if (slash != NULL) {
		*slash = '\0';
		if (parse_dec(slash + 1, &v) != NUM_OK || v < 1 || v > 32)
			return inet_pton(AF_INET, buf, addr) == 1 ? -2 : -1;
		*prefix = (uint8_t)v;
	}
	return inet_pton(AF_INET, buf, addr) == 1 ? 0 : -1;
}

static bool
unicast(rte_be32_t addr)
{
	uint32_t h = rte_be_to_cpu_32(addr);

	/* Not 0.0.0.0, nor multicast (224/4) or above; the unsigned
	 * operands spare RTE_IPV4 a signed shift.
	 */
	return h != 0 && h < RTE_IPV4(224u, 0u, 0u, 0u);
}

static int
parse_device(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	struct app_port_conf *p = obj;
	char q[QUOTE_BUF];
	const char *s;

	for (s = val; *s != '\0'; s++)
		if (!isgraph((unsigned char)*s))
			return fail(c, k->name, "expected %s, without spaces, "
				"got %s%s", k->what, quote(val, q), hint(val));
	if (strlen(val) >= sizeof(p->device))
		return fail(c, k->name, "expected at most %zu characters, "
			"got %zu", sizeof(p->device) - 1, strlen(val));
	strcpy(p->device, val);
	return 0;
}

static int
parse_port_addr(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	struct app_port_conf *p = obj;
	char q[QUOTE_BUF];
	int r = parse_cidr(val, strlen(val), &p->addr, &p->prefixlen);

	if (r == -2)
		return fail(c, k->name, "expected a prefix length 1..32 after "
			"'/', got %s", quote(val, q));
	if (r != 0)
		return fail(c, k->name, "expected %s, got %s%s", k->what,
			quote(val, q), hint(val));
	if (p->prefixlen == 0)
		return fail(c, k->name, "expected %s (give the prefix length: "
			"it says which addresses are on the segment), got %s",
			k->what, quote(val, q));
	if (!unicast(p->addr))
		return fail(c, k->name, "expected a unicast host address, "
			"got %s", quote(val, q));
	return 0;
}

static int
parse_pass(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	struct carp_vhost_conf *conf = obj;
	char why[ERR_BUF];

	if (carp_pass_check(val, why, sizeof(why)) != 0)
		return fail(c, k->name, "%s", why);
	strcpy(conf->pass, val);
	return 0;
}

/* 0, or a pool size in range: parse_uint knows only one range. */
static int
parse_mbufs(struct ctx *c, const struct key *k, const char *val, void *obj)
{
	struct app_config *cfg = obj;
	unsigned long long v;
	char q[QUOTE_BUF];

	if (parse_dec(val, &v) != NUM_OK || (v != 0 && v < APP_MBUFS_MIN) ||
	    v > APP_MBUFS_MAX)
		return fail(c, k->name, "expected %s, got %s", k->what,
			quote(val, q));
	cfg->mbufs = (uint32_t)v;
	return 0;
}

/* A hook must be there and runnable now, not fail at the first change. */
static int
check_hook(struct ctx *c, const struct key *k, const char *val, char *out)
{
	char q[QUOTE_BUF];
	struct stat st;

	if (strlen(val) >= APP_HOOK_MAX)
		return fail(c, k->name, "expected a path of at most %u "
			"characters, got %zu", APP_HOOK_MAX - 1, strlen(val));
	if (val[0] != '/')
		return fail(c, k->name, "expected an absolute path, got %s",
			quote(val, q));
	if (access(val, X_OK) != 0)
		return fail(c, k->name, "expected an executable file, got %s: "
			"%s", quote(val, q), strerror(errno));
	if (stat(val, &st) != 0 || !S_ISREG(st.st_mode))
		return fail(c, k->name, "expected an executable file, got %s, "
			"which is not a regular file", quote(val, q));
	strcpy(out, val);
	return 0;
}

static int
parse_global_hook(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	struct app_config *cfg = obj;

	return check_hook(c, k, val, cfg->state_hook);
}

/* obj is the vhost's carp_vhost_conf; its hook lives beside it in cfg. */
static int
parse_vhost_hook(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	RTE_SET_USED(obj);
	return check_hook(c, k, val, c->cfg->vhost_hook[c->cfg->nvhosts]);
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

	if (i >= 0) {
		conf->port = (uint16_t)i;
		return 0;
	}
	for (j = 0; j < c->cfg->nports && n < sizeof(names); j++)
		n += snprintf(names + n, sizeof(names) - n, "%s%s",
			j > 0 ? ", " : "", c->cfg->port[j].name);
	return fail(c, k->name, "expected %s (%s), got %s", k->what,
		c->cfg->nports > 0 ? names : "the file has none",
		quote(val, q));
}

static int
parse_vhost_addrs(struct ctx *c, const struct key *k, const char *val,
		void *obj)
{
	static const char sep[] = " \t,";
	struct carp_vhost_conf *conf = obj;
	char q[QUOTE_BUF], tok[QUOTE_BUF];
	const char *s = val;
	unsigned int i;
	size_t len;
	int r;

	conf->naddrs = 0;
	for (s += strspn(s, sep); *s != '\0'; s += strspn(s, sep)) {
		len = strcspn(s, sep);
		snprintf(tok, sizeof(tok), "%.*s", (int)RTE_MIN(len,
			(size_t)QUOTE_MAX), s);
		if (conf->naddrs == CARP_MAX_ADDRS)
			return fail(c, k->name, "expected at most %u "
				"addresses, got more", CARP_MAX_ADDRS);
		r = parse_cidr(s, len, &conf->addrs[conf->naddrs],
			&conf->prefixlen[conf->naddrs]);
		if (r == -2)
			return fail(c, k->name, "expected a prefix length "
				"1..32 after '/', got %s", quote(tok, q));
		if (r != 0)
			return fail(c, k->name, "expected %s, got %s%s",
				k->what, quote(tok, q), hint(val));
		for (i = 0; i < conf->naddrs; i++)
			if (conf->addrs[i] == conf->addrs[conf->naddrs])
				return fail(c, k->name, "expected each address "
					"once, got %s twice", quote(tok, q));
		conf->naddrs++;
		s += len;
	}
	if (conf->naddrs == 0)
		return fail(c, k->name, "expected %s, got %s", k->what,
			quote(val, q));
	return 0;
}

#define UINT_KEY(type, field, lo, hi)					\
	.parse = parse_uint, .off = offsetof(type, field),		\
	.size = sizeof(((type *)NULL)->field), .min = (lo), .max = (hi)

/* [global]: the manual's sysctls, and how the lcores wait. */
static const struct key global_keys[] = {
	{ .name = "allow", .parse = parse_knob },
	{ .name = "preempt", .parse = parse_knob },
	{ .name = "log", .parse = parse_knob },
	{ .name = "arpbalance", .parse = parse_knob },
	{ .name = "suppress_preempt", .parse = parse_knob },
	{ .name = "idle_sleep",
	  UINT_KEY(struct app_config, idle_sleep_us, 0, APP_IDLE_SLEEP_MAX) },
	{ .name = "arp_rate_per_source",
	  UINT_KEY(struct app_config, arp_rate_per_source, 0,
		APP_ARP_RATE_MAX) },
	{ .name = "state_hook", .parse = parse_global_hook,
	  .what = "the absolute path of an executable" },
	{ .name = "hook_timeout",
	  UINT_KEY(struct app_config, hook_timeout, 1, APP_HOOK_TIMEOUT_MAX) },
	{ .name = "mbufs", .parse = parse_mbufs,
	  .what = "0 (automatic) or " RTE_STR(APP_MBUFS_MIN) "..4194304" },
};

/* [portN]: a device and this host's own address on its segment. */
static const struct key port_keys[] = {
	{ .name = "device", .parse = parse_device, .required = true,
	  .what = "a PCI address such as 0000:01:00.0 or a virtual device "
		"such as net_tap0,iface=dcarp0" },
	{ .name = "address", .parse = parse_port_addr, .required = true,
	  .what = "this host's IPv4 address/prefix on the segment, such as "
		"192.168.77.2/24" },
};

/* [carpN]: one carp interface, the parameters of ifconfig carpN. */
static const struct key carp_keys[] = {
	{ .name = "port", .parse = parse_vhost_port, .required = true,
	  .what = "the name of a [port...] section" },
	{ .name = "vhid", .required = true,
	  UINT_KEY(struct carp_vhost_conf, vhid, 1, CARP_VHID_MAX) },
	{ .name = "advbase",
	  UINT_KEY(struct carp_vhost_conf, advbase, 0, CARP_ADVBASE_MAX) },
	{ .name = "advskew",
	  UINT_KEY(struct carp_vhost_conf, advskew, 0, CARP_ADVSKEW_MAX) },
	{ .name = "pass", .parse = parse_pass,
	  .what = "a password of at most " RTE_STR(CARP_PASS_MAX)
		" characters" },
	{ .name = "address", .parse = parse_vhost_addrs, .required = true,
	  .what = "one or more IPv4 addresses, each with an optional "
		"/prefix, such as 192.168.77.1/24" },
	{ .name = "state_hook", .parse = parse_vhost_hook,
	  .what = "the absolute path of an executable" },
};

static const char *
describe(const struct key *k, char *buf, size_t size)
{
	if (k->what != NULL)
		return k->what;
	if (k->parse == parse_knob)
		snprintf(buf, size, "0..%u",
			knob_max(carp_knob_lookup(k->name)));
	else
		snprintf(buf, size, "%lld..%lld", k->min, k->max);
	return buf;
}

/* Read section index against keys into obj. */
static int
parse_section(struct ctx *c, int index, const struct key *keys,
		unsigned int nkeys, void *obj)
{
	/* A section with more entries than there are keys has a duplicate
	 * or an unknown key among its first nkeys + 1: reading no more
	 * bounds the work a hostile file can ask for.
	 */
	struct rte_cfgfile_entry e[KEYS_MAX + 1];
	char name[CFG_NAME_LEN], list[ERR_BUF], d[ERR_BUF];
	uint32_t seen = 0;
	unsigned int i, j;
	size_t n = 0;
	int ne;

	RTE_BUILD_BUG_ON(KEYS_MAX > 32);
	ne = rte_cfgfile_section_entries_by_index(c->file, index, name, e,
		(int)nkeys + 1);
	for (i = 0; ne > 0 && i < (unsigned int)ne; i++) {
		for (j = 0; j < nkeys; j++)
			if (strcmp(e[i].name, keys[j].name) == 0)
				break;
		if (j == nkeys) {
			for (j = 0; j < nkeys && n < sizeof(list); j++)
				n += snprintf(list + n, sizeof(list) - n,
					"%s%s", j > 0 ? ", " : "",
					keys[j].name);
			return fail(c, e[i].name, "expected one of %s, got an "
				"unknown key%s", list, hint(e[i].name));
		}
		if (seen & (UINT32_C(1) << j))
			return fail(c, e[i].name, "expected the key once, got "
				"it again");
		seen |= UINT32_C(1) << j;
		if (e[i].value[0] == '\0')
			return fail(c, e[i].name, "expected %s, got an empty "
				"value", describe(&keys[j], d, sizeof(d)));
		if (keys[j].parse(c, &keys[j], e[i].value, obj) != 0)
			return -1;
	}
	for (j = 0; j < nkeys; j++)
		if (keys[j].required && !(seen & (UINT32_C(1) << j)))
			return fail(c, keys[j].name, "expected %s, got nothing "
				"(the key is required)",
				describe(&keys[j], d, sizeof(d)));
	return 0;
}

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
read_port(struct ctx *c, int index, const char *name)
{
	struct app_config *cfg = c->cfg;
	struct app_port_conf *p = &cfg->port[cfg->nports];
	char q[QUOTE_BUF];
	unsigned int i;

	if (strlen(name) >= sizeof(p->name))
		return fail(c, NULL, "expected a port name of at most %zu "
			"characters, got %zu", sizeof(p->name) - 1,
			strlen(name));
	for (i = 0; i < cfg->nports; i++)
		if (strcmp(cfg->port[i].name, name) == 0)
			return fail(c, NULL, "expected each section once, got "
				"[%s] again", name);
	if (cfg->nports == APP_MAX_PORTS)
		return fail(c, NULL, "expected at most %u [port...] sections, "
			"got more", APP_MAX_PORTS);
	memset(p, 0, sizeof(*p));
	if (parse_section(c, index, port_keys, RTE_DIM(port_keys), p) != 0)
		return -1;
	for (i = 0; i < cfg->nports; i++)
		if (same_device(cfg->port[i].device, p->device))
			return fail(c, "device", "expected a device no other "
				"port uses, got %s, which [%s] uses as %s",
				quote(p->device, q), cfg->port[i].name,
				cfg->port[i].device);
	strcpy(p->name, name);
	cfg->nports++;
	return 0;
}

static int
read_vhost(struct ctx *c, int index, const char *name)
{
	struct app_config *cfg = c->cfg;
	struct carp_vhost_conf *conf = &cfg->vhost[cfg->nvhosts];
	unsigned int i;

	for (i = 0; i < cfg->nvhosts; i++)
		if (strcmp(cfg->vhost[i].name, name) == 0)
			return fail(c, NULL, "expected each section once, got "
				"[%s] again", name);
	carp_vhost_conf_init(conf);
	strcpy(conf->name, name);
	cfg->vhost_hook[cfg->nvhosts][0] = '\0';
	if (parse_section(c, index, carp_keys, RTE_DIM(carp_keys), conf) != 0)
		return -1;
	/* Without /prefix an address takes its segment's, like the port's
	 * own address.
	 */
	for (i = 0; i < conf->naddrs; i++)
		if (conf->prefixlen[i] == 0)
			conf->prefixlen[i] = cfg->port[conf->port].prefixlen;
	cfg->nvhosts++;
	return 0;
}

enum kind {
	KIND_GLOBAL,
	KIND_PORT,
	KIND_CARP,
	KIND_UNKNOWN,
};

static enum kind
classify(const char *name)
{
	if (strcmp(name, "global") == 0)
		return KIND_GLOBAL;
	if (strncmp(name, "port", 4) == 0)
		return KIND_PORT;
	if (strncmp(name, "carp", 4) == 0)
		return KIND_CARP;
	return KIND_UNKNOWN;
}

/*
 * Ports first, so that a [carpN] may come before the [portN] it names;
 * every section name is checked in the first pass.
 */
static int
read_sections(struct ctx *c)
{
	char name[CFG_NAME_LEN];
	unsigned int ncarp = 0;
	bool global = false;
	int i, n;

	n = rte_cfgfile_num_sections(c->file, NULL, 0);
	for (i = 0; i < n; i++) {
		if (rte_cfgfile_section_num_entries_by_index(c->file, name,
		    i) < 0)
			return fail(c, NULL, "cannot read section %d", i);
		c->sect = name;
		switch (classify(name)) {
		case KIND_GLOBAL:
			if (global)
				return fail(c, NULL, "expected each section "
					"once, got [global] again");
			global = true;
			if (parse_section(c, i, global_keys,
			    RTE_DIM(global_keys), c->cfg) != 0)
				return -1;
			break;
		case KIND_PORT:
			if (read_port(c, i, name) != 0)
				return -1;
			break;
		case KIND_CARP:
			if (strlen(name) >= CARP_NAME_MAX)
				return fail(c, NULL, "expected a carp "
					"interface name of at most %u "
					"characters, got %zu",
					CARP_NAME_MAX - 1, strlen(name));
			if (++ncarp > APP_MAX_VHOSTS)
				return fail(c, NULL, "expected at most %u "
					"[carp...] sections, got more",
					APP_MAX_VHOSTS);
			break;
		default:
			return fail(c, NULL, "expected [global], [port...] or "
				"[carp...], got an unknown section");
		}
	}
	c->sect = NULL;
	if (c->cfg->nports == 0 && ncarp == 0)
		return fail(c, NULL, "expected [port...] and [carp...] "
			"sections, got none: nothing to do");
	for (i = 0; i < n; i++) {
		rte_cfgfile_section_num_entries_by_index(c->file, name, i);
		c->sect = name;
		if (classify(name) == KIND_CARP && read_vhost(c, i, name) != 0)
			return -1;
	}
	c->sect = NULL;
	return 0;
}

/* Which key a lib/carp message is about: the first word it contains. */
static const char *
key_of(const char *why)
{
	static const struct {
		const char *word;
		const char *key;
	} words[] = {
		{ "vhid", "vhid" },
		{ "advbase", "advbase" },
		{ "advskew", "advskew" },
		{ "password", "pass" },
		{ "address", "address" },
		{ "subnet", "address" },
		{ "port", "port" },
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(words); i++)
		if (strstr(why, words[i].word) != NULL)
			return words[i].key;
	return NULL;
}

/*
 * Layer 3, last step: the rules of lib/carp. The scratch table's ports
 * stay link-down, so nothing is sent and no timer is wanted.
 */
static int
check_with_carp(struct ctx *c)
{
	const struct app_config *cfg = c->cfg;
	const struct carp_vhost_conf *conf;
	struct carp_table *t;
	char why[ERR_BUF], note[CFG_NAME_LEN + 32];
	unsigned int i;
	int ret = 0;

	t = carp_table_create(NULL, NULL);
	if (t == NULL)
		return fail(c, NULL, "cannot check: %s", strerror(ENOMEM));
	for (i = 0; ret == 0 && i < cfg->nports; i++)
		if (carp_port_add(t, (uint16_t)i, cfg->port[i].addr,
		    cfg->port[i].prefixlen, why, sizeof(why)) != 0) {
			c->sect = cfg->port[i].name;
			ret = fail(c, "address", "%s", why);
		}
	for (i = 0; ret == 0 && i < cfg->nvhosts; i++) {
		conf = &cfg->vhost[i];
		if (carp_vhost_create(t, conf, 0, why, sizeof(why)) != NULL)
			continue;
		c->sect = conf->name;
		/* The library numbers ports; the file names them. */
		note[0] = '\0';
		if (strstr(why, "port ") != NULL)
			snprintf(note, sizeof(note), " (port %u is [%s])",
				conf->port, cfg->port[conf->port].name);
		ret = fail(c, key_of(why), "%s%s", why, note);
	}
	carp_table_free(t);
	c->sect = NULL;
	return ret;
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

int
app_config_load(const char *path, struct app_config *cfg, char *err,
		size_t errlen)
{
	struct ctx c = {
		.path = path != NULL ? path : "(null)",
		.err = err,
		.errlen = errlen,
		.cfg = cfg,
	};
	int ret;

	RTE_BUILD_BUG_ON(RTE_DIM(global_keys) > KEYS_MAX);
	RTE_BUILD_BUG_ON(RTE_DIM(port_keys) > KEYS_MAX);
	RTE_BUILD_BUG_ON(RTE_DIM(carp_keys) > KEYS_MAX);
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (path == NULL || cfg == NULL)
		return fail(&c, NULL, "no configuration to read");
	memset(cfg, 0, sizeof(*cfg));
	if (strlen(path) >= sizeof(cfg->path))
		return fail(&c, NULL, "expected a path of at most %zu "
			"characters", sizeof(cfg->path) - 1);
	strcpy(cfg->path, path);
	carp_sysctl_defaults(&cfg->sysctl);
	cfg->idle_sleep_us = APP_IDLE_SLEEP_DEFAULT;
	cfg->hook_timeout = APP_HOOK_TIMEOUT_DEFAULT;

	if (check_syntax(&c) != 0)
		return -1;
	/* Empty values are let through to be refused below, with the
	 * section and key named.
	 */
	c.file = rte_cfgfile_load(path, CFG_FLAG_EMPTY_VALUES);
	if (c.file == NULL)
		return fail(&c, NULL, "cannot read it as INI (%s)",
			strerror(errno != 0 ? errno : EINVAL));
	ret = read_sections(&c);
	if (ret == 0)
		ret = check_with_carp(&c);
	rte_cfgfile_close(c.file);
	return ret;
}

const char *
app_config_hook(const struct app_config *cfg, const char *name)
{
	unsigned int i;

	for (i = 0; i < cfg->nvhosts; i++)
		if (strcmp(cfg->vhost[i].name, name) == 0 &&
		    cfg->vhost_hook[i][0] != '\0')
			return cfg->vhost_hook[i];
	return cfg->state_hook;
}
