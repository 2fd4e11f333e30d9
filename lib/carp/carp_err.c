/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Refusals that say which field they are about.
 */

#include <stdarg.h>
#include <stdio.h>

#include "carp_err.h"

int
carp_refuse(struct carp_err *err, enum carp_field field, int ret,
		const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return ret;
	err->field = field;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return ret;
}
