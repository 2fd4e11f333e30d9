/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The console's decimal number token.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "cli_token_dec.h"
#include "parse.h"

/* A token ends where librte_cmdline says tokens end. */
static int
parse(cmdline_parse_token_hdr_t *tk, const char *buf, void *res,
		unsigned int ressize)
{
	char word[24];
	unsigned long long v;
	size_t n = 0;

	RTE_SET_USED(tk);
	if (buf == NULL)
		return -1;
	while (!cmdline_isendoftoken(buf[n]))
		if (++n >= sizeof(word))
			return -1;
	memcpy(word, buf, n);
	word[n] = '\0';
	if (n == 0 || parse_dec(word, &v) != PARSE_NUM_OK || v > UINT32_MAX)
		return -1;
	if (res != NULL) {
		uint32_t u = (uint32_t)v;

		if (ressize < sizeof(u))
			return -1;
		memcpy(res, &u, sizeof(u));
	}
	return (int)n;
}

static int
get_help(cmdline_parse_token_hdr_t *tk, char *buf, unsigned int size)
{
	RTE_SET_USED(tk);
	snprintf(buf, size, "decimal 0..4294967295");
	return 0;
}

struct cmdline_token_ops cli_token_dec_ops = {
	.parse = parse,
	.get_help = get_help,
};
