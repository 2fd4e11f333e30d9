/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_CLI_TOKEN_DEC_H
#define APP_CLI_TOKEN_DEC_H

/**
 * @file
 * A librte_cmdline token for a number as the configuration file writes
 * it: decimal digits and nothing else (parse_dec()), into a uint32_t.
 * librte_cmdline's own number token also takes "0x10", "010" as octal and
 * "0b1"; the console and the file must agree on what a number is.
 */

#include <stddef.h>

#include <cmdline_parse.h>

struct cli_token_dec {
	struct cmdline_token_hdr hdr;
};

extern struct cmdline_token_ops cli_token_dec_ops;

#define TOKEN_DEC_INITIALIZER(structure, field)				\
	{ { &cli_token_dec_ops, offsetof(structure, field) } }

#endif /* APP_CLI_TOKEN_DEC_H */
