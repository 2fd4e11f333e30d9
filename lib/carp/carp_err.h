/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_ERR_H
#define CARP_ERR_H

/**
 * @file
 * Why lib/carp refused a request: the field of the request it is about, so
 * that a caller can name its own key or argument, and a sentence for the
 * operator.
 */

#include <rte_common.h>

enum carp_field {
	CARP_FIELD_NONE,	/**< the request as a whole */
	CARP_FIELD_NAME,
	CARP_FIELD_PORT,
	CARP_FIELD_VHID,
	CARP_FIELD_ADVBASE,
	CARP_FIELD_ADVSKEW,
	CARP_FIELD_PASS,
	CARP_FIELD_ADDRESS,
	CARP_FIELD_STATE,
	CARP_FIELD_PEER,
	CARP_FIELD_KNOB,	/**< a knob or its value */
};

struct carp_err {
	enum carp_field field;
	char msg[192];
};

/** Fill err (when not NULL) and return ret, for "return carp_refuse(...)". */
int carp_refuse(struct carp_err *err, enum carp_field field, int ret,
		const char *fmt, ...) __rte_format_printf(4, 5);

#endif /* CARP_ERR_H */
