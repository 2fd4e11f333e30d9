/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_TELEMETRY_H
#define APP_TELEMETRY_H

/**
 * @file
 * The rte_telemetry endpoints of dpdk-carp, under /carp and /arpbal.
 */

/** Register the /carp/... and /arpbal/... endpoints. @return 0 or -errno. */
int telemetry_init(void);

#endif /* APP_TELEMETRY_H */
