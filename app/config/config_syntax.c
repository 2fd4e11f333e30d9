/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Layer 1 of the configuration reader: a line-by-line syntax check of our
 * own. rte_cfgfile reports its errors only to the log, and it silently
 * skips a line without '=': "advskew 100" would leave a backup host with
 * advskew 0. This check follows rte_cfgfile's own rules (comments, line
 * length) so that a file it passes is read by rte_cfgfile exactly as it
 * was checked.
 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "config_private.h"

/*
 * rte_cfgfile reads a line with fgets() into CFG_NAME_LEN + CFG_VALUE_LEN
 * + 4 bytes and gives up on a line that does not fit with its '\n'.
 */
#define LINE_MAX_CHARS	(CFG_NAME_LEN + CFG_VALUE_LEN + 2)
#define COMMENT_CHAR	CFG_DEFAULT_COMMENT_CHARACTER


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
		return config_fail(c, NULL, "expected a section header [name], got %s",
			config_quote(s, q));
	rest = len - (size_t)(end + 1 - s);
	if (strip(end + 1, &rest)[0] != '\0')
		return config_fail(c, NULL, "expected nothing after ']', got %s",
			config_quote(end + 1 + strspn(end + 1, " \t"), q));
	*end = '\0';
	nlen = (size_t)(end - s - 1);
	name = strip(s + 1, &nlen);
	if (nlen == 0)
		return config_fail(c, NULL, "expected a section name between '[' and "
			"']', got none");
	if (nlen >= CFG_NAME_LEN)
		return config_fail(c, NULL, "expected a section name of at most %u "
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
		return config_fail(c, NULL, "expected [section] or key = value, "
			"got %s", config_quote(s, q));
	if (c->cur[0] == '\0')
		return config_fail(c, NULL, "expected a [section] before the first "
			"key, got %s", config_quote(s, q));
	*eq = '\0';
	klen = (size_t)(eq - s);
	key = strip(s, &klen);
	if (klen == 0)
		return config_fail(c, NULL, "expected a key before '=', got none");
	if (klen >= CFG_NAME_LEN)
		return config_fail(c, NULL, "expected a key of at most %u characters, "
			"got %zu", CFG_NAME_LEN - 1, klen);
	vlen = strlen(eq + 1);
	val = strip(eq + 1, &vlen);
	/* rte_cfgfile drops the '\' of an escaped comment character. */
	for (p = val; (p = strchr(p, '\\')) != NULL; p++)
		if (p[1] == COMMENT_CHAR)
			vlen--;
	if (vlen >= CFG_VALUE_LEN) {
		c->sect = c->cur;
		return config_fail(c, key, "expected a value of at most %u "
			"characters, got %zu%s", CFG_VALUE_LEN - 1, vlen,
			strcmp(key, "address") == 0 ? " (more addresses go on "
			"more address lines, or as a range first-last)" : "");
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
				return config_fail(c, NULL, "expected no comment on a "
					"line with '\\%c' (it would be read as "
					"part of the value), got one",
					COMMENT_CHAR);
	}
	s = strip(buf, &len);
	if (len == 0)
		return 0;
	if (*s == '#')
		return config_fail(c, NULL, "expected '%c' to start a comment, "
			"got '#'", COMMENT_CHAR);
	if (*s == '[')
		return check_section_line(c, s, len);
	return check_entry_line(c, s, len);
}

int
config_check_syntax(struct ctx *c)
{
	char buf[LINE_MAX_CHARS + 1];
	struct stat st;
	size_t len;
	FILE *f;
	int r, ret = 0;

	f = fopen(c->path, "r");
	if (f == NULL)
		return config_fail(c, NULL, "cannot open: %s", strerror(errno));
	/* rte_cfgfile reads the file a second time: a pipe would be empty
	 * by then, and a directory opens but does not read.
	 */
	if (fstat(fileno(f), &st) != 0)
		ret = config_fail(c, NULL, "cannot read: %s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		ret = config_fail(c, NULL, "expected a regular file, got %s",
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
			ret = config_fail(c, NULL, "expected text, got a NUL byte");
		else if (r == -2)
			ret = config_fail(c, NULL, "expected at most %u characters on "
				"a line (comments included), got more",
				LINE_MAX_CHARS);
		else
			ret = check_line(c, buf, len);
	}
	if (ret == 0 && ferror(f)) {
		c->line = 0;
		ret = config_fail(c, NULL, "cannot read: %s", strerror(errno));
	}
	fclose(f);
	c->line = 0;
	c->sect = NULL;
	return ret;
}

