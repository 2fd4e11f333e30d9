/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_ADV_KNOWN_H
#define APP_ADV_KNOWN_H

/*
 * Advertisements from the host last heard for a vhid go to the control
 * lcore ahead of the rest. The control lcore checks a few million
 * advertisements a second; a flood of them faster than that (forged, or
 * from a broken host) fills the ring to it, and the ring drops blind:
 * among the flood, the MASTER's own advertisements, until the BACKUPs
 * miss three and take over. So the control lcore publishes, for each port
 * and vhid, the source of the last advertisement that authenticated
 * (adv_heard()); the workers put what comes from that source on a ring of
 * its own (adv_known()), which the control lcore takes first, for up to
 * three quarters of each batch of advertisements. A flood from any other
 * source no longer hides the MASTER; one that forges the MASTER's source
 * as well needs a host on the segment that has read it.
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "app.h"
#include "carp_wire.h"

/*
 * The vhid of advertisement m and a tag of its source: the IPv4 address,
 * or the last 32 bits of the IPv6 one (a link-local address's). The frame
 * is untagged by now; IPv6's CARP header follows the fixed one.
 * @return false if m is too short to tell.
 */
static inline bool
adv_source(const struct rte_mbuf *m, bool *v6, uint8_t *vhid, uint32_t *tag)
{
	const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct rte_ether_hdr *eth = (const struct rte_ether_hdr *)f;
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(eth + 1);
	const struct rte_ipv6_hdr *ip6 = (const struct rte_ipv6_hdr *)(eth + 1);
	const size_t off6 = RTE_ETHER_HDR_LEN + sizeof(*ip6);

	if (m->port >= APP_MAX_PORTS)
		return false;
	*v6 = eth->ether_type != RTE_BE16(RTE_ETHER_TYPE_IPV4);
	if (!*v6) {
		*vhid = carp_adv_peek_vhid(f, m->data_len);
		if (*vhid == 0)		/* too short to read */
			return false;
		memcpy(tag, &ip->src_addr, sizeof(*tag));
		return true;
	}
	if (m->data_len < off6 + 2)
		return false;
	*vhid = f[off6 + 1];	/* after the version and type */
	memcpy(tag, &ip6->src_addr[12], sizeof(*tag));
	return true;
}

/* Whether m comes from the source last heard for its port and vhid. */
static inline bool
adv_known(const struct app *a, const struct rte_mbuf *m)
{
	uint32_t tag, heard;
	uint8_t vhid;
	bool v6;

	if (!adv_source(m, &v6, &vhid, &tag))
		return false;
	heard = __atomic_load_n(&a->adv_peer[v6][m->port][vhid],
		__ATOMIC_RELAXED);
	return heard == tag && heard != 0;
}

/* Advertisement m authenticated: its source is the one to hear. */
static inline void
adv_heard(struct app *a, const struct rte_mbuf *m)
{
	uint32_t tag;
	uint8_t vhid;
	bool v6;

	if (adv_source(m, &v6, &vhid, &tag))
		__atomic_store_n(&a->adv_peer[v6][m->port][vhid], tag,
			__ATOMIC_RELAXED);
}

#endif /* APP_ADV_KNOWN_H */
