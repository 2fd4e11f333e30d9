/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_HUGEFILES_H
#define APP_HUGEFILES_H

/** After rte_eal_init(): remember this run's hugepage file prefix (none
 *  unless this is the primary process). */
void hugefiles_note(void);

/** After rte_eal_cleanup(): delete this run's hugepage files, so that
 *  their pages go back to the system. */
void hugefiles_remove(void);

#endif /* APP_HUGEFILES_H */
