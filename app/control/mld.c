/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * MLDv2 reports of a port's IPv6 groups. A report lists every group at
 * once, 72 records to a frame; a port with 65,536 virtual addresses needs
 * some 900 frames, so a report is sent a few frames per control round
 * from a list built when it starts, and queries that arrive meanwhile
 * are answered by the report under way.
 */

#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include "app.h"
#include "carp_wire6.h"
#include "lcore.h"
#include "mld.h"
#include "port.h"

#define MLD_REPORT		143
#define MLD_QUERY		130
#define MLD_IS_EXCLUDE		2	/* current state: in answer */
#define MLD_TO_EXCLUDE		4	/* a change: unsolicited */
#define MLD_RECORD_LEN		20	/* no sources */
#define MLD_PER_FRAME		72u	/* in 1,500 bytes */
#define MLD_FRAMES_PER_ROUND	8u
/* An unsolicited report goes out twice (RFC 3810 §9.1, robustness 2),
 * a second apart (the unsolicited report interval).
 */
#define MLD_REPEAT_NS		(1000 * 1000 * 1000ULL)
#define MLD_ANSWER_GAP_NS	(1000 * 1000 * 1000ULL)
#define HBH_LEN			8
#define IP6_ICMP		58

struct mld_port {
	bool due;		/* a report waits to start */
	bool answer;		/* ... in answer to a query */
	uint8_t copies;		/* unsolicited copies still to send */
	uint64_t answered;	/* when the last answer started */
	uint64_t repeat_at;	/* when the next copy is due, or 0 */
	/* The report under way. */
	struct carp_in6 *groups;
	unsigned int ngroups, sent;
	uint8_t type;
};

static struct mld_port mld[APP_MAX_PORTS];

static const struct carp_in6 all_mld_routers = { .a = {
	0xff, 0x02, [15] = 0x16 } };
static const struct carp_in6 carp_group = { .a = {
	0xff, 0x02, [15] = 0x12 } };

void
mld_want(struct app *a, uint16_t port, bool answer)
{
	if (port >= a->nports)
		return;
	mld[port].due = true;
	mld[port].answer |= answer;
	if (!answer) {
		mld[port].copies = 2;
		mld[port].repeat_at = 0;
	}
}

static int
in6_order(const void *x, const void *y)
{
	return carp_in6_cmp(x, y);
}

/* The groups of port, sorted, each once; false if it has no IPv6 or no
 * memory.
 */
static bool
collect(struct app *a, uint16_t port, struct mld_port *mp)
{
	const struct carp_port *cp = &a->carp->port[port];
	const struct carp_vhost *vh;
	unsigned int n = 3, i, j;
	bool v6 = cp->prefixlen6 != 0;

	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		if (vh->conf.port == port) {
			n += vh->conf.naddrs6;
			v6 |= vh->conf.naddrs6 > 0;
		}
	if (!v6 || !cp->has_ll6)
		return false;
	mp->groups = malloc(n * sizeof(*mp->groups));
	if (mp->groups == NULL)
		return false;
	n = 0;
	mp->groups[n++] = carp_group;
	carp_in6_solicited(&cp->ll6, &mp->groups[n++]);
	if (cp->prefixlen6 != 0)
		carp_in6_solicited(&cp->addr6, &mp->groups[n++]);
	TAILQ_FOREACH(vh, &a->carp->vhosts, next)
		if (vh->conf.port == port)
			for (i = 0; i < vh->conf.naddrs6; i++)
				carp_in6_solicited(&vh->conf.addrs6[i],
					&mp->groups[n++]);
	qsort(mp->groups, n, sizeof(*mp->groups), in6_order);
	for (i = 0, j = 0; i < n; i++)
		if (j == 0 || carp_in6_cmp(&mp->groups[j - 1],
				&mp->groups[i]) != 0)
			mp->groups[j++] = mp->groups[i];
	mp->ngroups = j;
	mp->sent = 0;
	return true;
}

/* One frame of the report under way: its next records. */
static int
send_frame(struct app *a, uint16_t port, struct mld_port *mp)
{
	uint8_t buf[RTE_ETHER_HDR_LEN + CARP_IP6_HDR_LEN + HBH_LEN + 8 +
		MLD_PER_FRAME * MLD_RECORD_LEN];
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)buf;
	struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(eth + 1);
	uint8_t *hbh = (uint8_t *)(ip6 + 1), *msg = hbh + HBH_LEN, *r;
	unsigned int n = RTE_MIN(mp->ngroups - mp->sent, MLD_PER_FRAME), i;
	uint32_t len = 8 + n * MLD_RECORD_LEN;
	uint16_t ck;

	memset(buf, 0, sizeof(buf));
	carp_in6_mcast_mac(&all_mld_routers, &eth->dst_addr);
	eth->src_addr = a->port[port].mac;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	ip6->vtc_flow = RTE_BE32(6u << 28);
	ip6->payload_len = rte_cpu_to_be_16((uint16_t)(HBH_LEN + len));
	ip6->proto = 0;
	ip6->hop_limits = 1;
	memcpy(ip6->src_addr, a->carp->port[port].ll6.a, 16);
	memcpy(ip6->dst_addr, all_mld_routers.a, 16);
	/* Hop-by-hop: router alert (RFC 2711, value 0: MLD), then PadN. */
	hbh[0] = IP6_ICMP;
	hbh[1] = 0;
	hbh[2] = 5;
	hbh[3] = 2;
	hbh[6] = 1;
	msg[0] = MLD_REPORT;
	msg[6] = (uint8_t)(n >> 8);
	msg[7] = (uint8_t)n;
	for (i = 0, r = msg + 8; i < n; i++, r += MLD_RECORD_LEN) {
		r[0] = mp->type;
		memcpy(r + 4, mp->groups[mp->sent + i].a, 16);
	}
	ck = carp_icmp6_cksum(&a->carp->port[port].ll6, &all_mld_routers, msg,
		len);
	memcpy(msg + 2, &ck, 2);
	mp->sent += n;
	return port_send_copy(a, port, LCORE_CONTROL_TXQ, buf,
		RTE_ETHER_HDR_LEN + CARP_IP6_HDR_LEN + HBH_LEN + len);
}

static unsigned int
port_poll(struct app *a, uint16_t port, struct mld_port *mp, uint64_t now,
		unsigned int budget)
{
	unsigned int sent = 0;

	if (mp->groups == NULL) {
		if (mp->repeat_at != 0 && now >= mp->repeat_at) {
			mp->repeat_at = 0;
			mp->due = true;
		}
		if (!mp->due || !a->carp->port[port].link_up)
			return 0;
		/* Queries are answered once a second at most, and those
		 * that come meanwhile by that answer: a flood of queries
		 * is no flood of reports.
		 */
		if (mp->answer && mp->copies == 0 &&
		    now - mp->answered < MLD_ANSWER_GAP_NS)
			return 0;
		if (mp->answer)
			mp->answered = now;
		mp->type = mp->answer ? MLD_IS_EXCLUDE : MLD_TO_EXCLUDE;
		if (mp->copies > 0 && --mp->copies > 0)
			mp->repeat_at = now + MLD_REPEAT_NS;
		mp->due = false;
		mp->answer = false;
		if (!collect(a, port, mp)) {
			mp->copies = 0;
			mp->repeat_at = 0;
			return 0;
		}
	}
	while (sent < budget && mp->sent < mp->ngroups) {
		send_frame(a, port, mp);
		sent++;
	}
	if (mp->sent == mp->ngroups) {
		free(mp->groups);
		mp->groups = NULL;
	}
	return sent;
}

unsigned int
mld_poll(struct app *a, uint64_t now)
{
	unsigned int i, sent = 0;

	for (i = 0; i < a->nports; i++)
		if (__atomic_load_n(&a->port[i].mld_query, __ATOMIC_RELAXED) &&
		    __atomic_exchange_n(&a->port[i].mld_query, 0,
				__ATOMIC_RELAXED))
			mld_want(a, (uint16_t)i, true);
	for (i = 0; i < a->nports; i++)
		sent += port_poll(a, (uint16_t)i, &mld[i], now,
			MLD_FRAMES_PER_ROUND - RTE_MIN(sent,
				MLD_FRAMES_PER_ROUND));
	return sent;
}

void
mld_free(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(mld); i++) {
		free(mld[i].groups);
		memset(&mld[i], 0, sizeof(mld[i]));
	}
}
