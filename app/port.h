/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_PORT_H
#define APP_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"

/**
 * Probe (if EAL did not) and start the device of port section idx, with
 * nb_rxq RX queues and one TX queue per transmitting lcore (or one shared
 * queue where the device has fewer). @return 0 or -1, logged.
 */
int port_open(struct app *a, unsigned int idx, uint16_t nb_rxq,
		uint16_t nb_txq);

/** Let the virtual MACs of the vhosts on a port through its filter. */
void port_filter_vmacs(struct app *a, unsigned int idx);

/** Current link state of a port. */
bool port_link_up(const struct app *a, unsigned int idx);

/** Stop and close every opened port. */
void port_close_all(struct app *a);

#endif /* APP_PORT_H */
