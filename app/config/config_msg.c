/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The configuration reader's messages: every one names the file, and the
 * section and key where it can, and quotes what was found.
 */

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config_private.h"

void
config_clean(const char *s, char *buf, size_t size, size_t max)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < max && i + 1 < size; i++)
		buf[i] = isprint((unsigned char)s[i]) ? s[i] : '?';
	buf[i] = '\0';
}

const char *
config_quote(const char *s, char buf[QUOTE_BUF])
{
	size_t n;

	buf[0] = '\'';
	config_clean(s, buf + 1, QUOTE_BUF - 5, QUOTE_MAX);
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
const char *
config_hint(const char *val)
{
	return strchr(val, '#') != NULL ?
		" (comments start with ';', not '#')" : "";
}

int
config_fail(struct ctx *c, const char *key, const char *fmt, ...)
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
		config_clean(c->sect, s, sizeof(s), sizeof(s));
		if (key != NULL) {
			config_clean(key, k, sizeof(k), sizeof(k));
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
