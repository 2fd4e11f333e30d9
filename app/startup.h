/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_STARTUP_H
#define APP_STARTUP_H

struct app;

/** Once EAL is up and a->cfg loaded: plan the lcores, allocate buffers,
 *  rings and the ARP balancer, build the CARP table and open the ports.
 *  @return 0, or -1 with the reason logged (app_teardown frees what was
 *  made). */
int app_setup(struct app *a);

/** Close the ports and free what app_setup() made. */
void app_teardown(struct app *a);

#endif /* APP_STARTUP_H */
