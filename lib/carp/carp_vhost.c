/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <bsd/stdlib.h>

#include <rte_byteorder.h>

#include "carp_vhost.h"

#define FRAME_BUF	128

static inline void
stat_inc(struct carp_table *t, struct carp_vhost *vh, enum carp_stat s)
{
	t->stats.v[s]++;
	if (vh != NULL)
		vh->stats.v[s]++;
}

static rte_be32_t
prefix_mask(uint8_t prefixlen)
{
	return rte_cpu_to_be_32(prefixlen == 0 ? 0 :
		~UINT32_C(0) << (32 - prefixlen));
}

struct carp_table *
carp_table_create(const struct carp_ops *ops, void *arg)
{
	struct carp_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	carp_sysctl_defaults(&t->sysctl);
	TAILQ_INIT(&t->vhosts);
	if (ops != NULL)
		t->ops = *ops;
	t->ops_arg = arg;
	return t;
}

static void
vhost_free(struct carp_vhost *vh)
{
	carp_auth_free(&vh->auth);
	free(vh);
}

void
carp_table_free(struct carp_table *t)
{
	struct carp_vhost *vh;

	if (t == NULL)
		return;
	while ((vh = TAILQ_FIRST(&t->vhosts)) != NULL) {
		TAILQ_REMOVE(&t->vhosts, vh, next);
		vhost_free(vh);
	}
	free(t);
}

int
carp_port_add(struct carp_table *t, uint16_t port, rte_be32_t addr,
		uint8_t prefixlen, char *err, size_t errlen)
{
	if (port >= CARP_MAX_PORTS) {
		snprintf(err, errlen, "port %u out of range (max %u)",
			port, CARP_MAX_PORTS - 1);
		return -EINVAL;
	}
	if (t->port[port].configured) {
		snprintf(err, errlen, "port %u already declared", port);
		return -EEXIST;
	}
	if (prefixlen > 32 || prefixlen == 0) {
		snprintf(err, errlen, "prefix length %u: expected 1..32",
			prefixlen);
		return -EINVAL;
	}
	t->port[port].configured = true;
	t->port[port].link_up = false;
	t->port[port].addr = addr;
	t->port[port].prefixlen = prefixlen;
	return 0;
}

/* PROTOCOL.md 4.2, for a configuration in place or about to be. */
static bool
conf_runs(const struct carp_table *t, const struct carp_vhost_conf *c)
{
	const struct carp_port *p = &t->port[c->port];

	return p->configured && p->link_up && c->vhid != 0 &&
		c->naddrs > 0 && !c->down && t->sysctl.v[CARP_KNOB_ALLOW] != 0;
}

bool
carp_vhost_running(const struct carp_table *t, const struct carp_vhost *vh)
{
	return conf_runs(t, &vh->conf);
}

size_t
carp_vhost_adv_build(struct carp_vhost *vh, const struct carp_table *t,
		bool bowout, void *buf, size_t len)
{
	struct carp_adv_tx tx;
	uint64_t counter = vh->counter;

	tx.src = t->port[vh->conf.port].addr;
	tx.ip_id = vh->ip_id;
	tx.vhid = vh->conf.vhid;
	tx.advbase = bowout ? CARP_BOWOUT : vh->fsm.advbase;
	tx.advskew = bowout ? CARP_BOWOUT :
		carp_fsm_eff_skew(&vh->fsm, &t->sysctl);
	carp_counter_put(tx.counter, counter);
	if (carp_auth_digest(&vh->auth, tx.counter, tx.digest) != 0)
		return 0;
	len = carp_adv_build(buf, len, &tx);
	if (len == 0)
		return 0;
	vh->counter = counter + 1;
	vh->last_sent = counter;
	vh->sent = true;
	vh->ip_id++;
	return len;
}

static void
send_adv(struct carp_table *t, struct carp_vhost *vh, bool bowout)
{
	uint8_t buf[FRAME_BUF];
	size_t len;

	len = carp_vhost_adv_build(vh, t, bowout, buf, sizeof(buf));
	if (len == 0 || t->ops.xmit == NULL ||
	    t->ops.xmit(t->ops_arg, vh->conf.port, buf, len) != 0) {
		stat_inc(t, vh, CARP_STAT_ONOMEM);
		return;
	}
	stat_inc(t, vh, CARP_STAT_OPACKETS);
}

bool
carp_addr_shared(const struct carp_table *t, uint16_t port, rte_be32_t addr)
{
	const struct carp_vhost *vh;
	unsigned int i, n = 0;

	TAILQ_FOREACH(vh, &t->vhosts, next) {
		if (vh->conf.port != port)
			continue;
		for (i = 0; i < vh->conf.naddrs; i++)
			if (vh->conf.addrs[i] == addr) {
				n++;
				break;
			}
	}
	return n > 1;
}

static void
send_garp(struct carp_table *t, struct carp_vhost *vh)
{
	uint8_t buf[FRAME_BUF];
	unsigned int i;
	size_t len;

	if (t->ops.xmit == NULL)
		return;
	for (i = 0; i < vh->conf.naddrs; i++) {
		/* A balanced address would point every client at us. */
		if (carp_addr_shared(t, vh->conf.port, vh->conf.addrs[i]))
			continue;
		len = carp_garp_build(buf, sizeof(buf), &vh->vmac,
			vh->conf.addrs[i]);
		t->ops.xmit(t->ops_arg, vh->conf.port, buf, len);
	}
}

/* Carry out what the state machine asked for, in its order. */
static void
apply(struct carp_table *t, struct carp_vhost *vh, enum carp_state from,
		uint32_t acts, const char *why)
{
	if (acts & CARP_ACT_STATE) {
		/* Published, and reported to the application (which
		 * publishes it to its own fast path), before any frame
		 * leaves: a worker answers for a new MASTER as soon as its
		 * gratuitous ARP is out.
		 */
		__atomic_store_n(&vh->state, (uint8_t)vh->fsm.state,
			__ATOMIC_RELEASE);
		vh->transitions++;
		if (t->ops.state != NULL)
			t->ops.state(t->ops_arg, vh, from, vh->fsm.state, why);
	}
	if (acts & CARP_ACT_PREEMPT)
		stat_inc(t, vh, CARP_STAT_PREEMPT);
	if (acts & CARP_ACT_BOWOUT)
		send_adv(t, vh, true);
	if (acts & CARP_ACT_ADV)
		send_adv(t, vh, false);
	if (acts & CARP_ACT_GARP)
		send_garp(t, vh);
	if ((acts & CARP_ACT_TIMER) && t->ops.timer != NULL)
		t->ops.timer(t->ops_arg, vh);
}

static void
suppress_add(struct carp_table *t, int delta, uint64_t now)
{
	uint32_t *sp = &t->sysctl.v[CARP_KNOB_SUPPRESS_PREEMPT];
	uint32_t before = *sp;
	struct carp_vhost *vh;
	enum carp_state from;

	*sp = (uint32_t)((int64_t)*sp + delta);
	if (before != 0 || *sp == 0)
		return;
	TAILQ_FOREACH(vh, &t->vhosts, next) {
		from = vh->fsm.state;
		apply(t, vh, from, carp_fsm_suppressed(&vh->fsm, &t->sysctl,
			now), "demoted");
	}
}

/* A vhost on a port whose link is down is one problem (PROTOCOL.md 4.5);
 * keep the count in step with every change of link, port or existence.
 */
static void
sync_demotion(struct carp_table *t, struct carp_vhost *vh, bool want,
		uint64_t now)
{
	if (vh->demoted == want)
		return;
	vh->demoted = want;
	suppress_add(t, want ? 1 : -1, now);
}

/* -> INIT; an orderly stop (bowout) of a MASTER bows out first. */
static void
stop(struct carp_table *t, struct carp_vhost *vh, bool bowout,
		const char *why)
{
	enum carp_state from = vh->fsm.state;

	apply(t, vh, from, carp_fsm_stop(&vh->fsm, bowout), why);
}

/* Start or stop the vhost to match carp_vhost_running(). */
static void
refresh(struct carp_table *t, struct carp_vhost *vh, uint64_t now,
		bool bowout, const char *why)
{
	enum carp_state from = vh->fsm.state;

	if (carp_vhost_running(t, vh))
		apply(t, vh, from, carp_fsm_start(&vh->fsm, now), "start");
	else
		stop(t, vh, bowout, why);
}

void
carp_port_link(struct carp_table *t, uint16_t port, bool up, uint64_t now)
{
	struct carp_vhost *vh;

	if (port >= CARP_MAX_PORTS || !t->port[port].configured ||
	    t->port[port].link_up == up)
		return;
	t->port[port].link_up = up;
	TAILQ_FOREACH(vh, &t->vhosts, next) {
		if (vh->conf.port != port)
			continue;
		/* Stop first, so that the demotion's immediate
		 * advertisements come only from the other ports.
		 */
		refresh(t, vh, now, false, "link down");
		sync_demotion(t, vh, !up, now);
	}
}

void
carp_vhost_conf_init(struct carp_vhost_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->advbase = 1;
}

int
carp_vhost_conf_check(const struct carp_table *t,
		const struct carp_vhost_conf *c, const struct carp_vhost *self,
		char *err, size_t errlen)
{
	const struct carp_port *p;
	const struct carp_vhost *other;
	char a[INET_ADDRSTRLEN], pa[INET_ADDRSTRLEN];
	unsigned int i;
	rte_be32_t mask;

	if (c->name[0] == '\0' || strnlen(c->name, CARP_NAME_MAX) ==
	    CARP_NAME_MAX) {
		snprintf(err, errlen, "name must be 1..%u characters",
			CARP_NAME_MAX - 1);
		return -EINVAL;
	}
	other = carp_vhost_find(t, c->name);
	if (other != NULL && other != self) {
		snprintf(err, errlen, "%s already exists", c->name);
		return -EEXIST;
	}
	if (c->port >= CARP_MAX_PORTS || !t->port[c->port].configured) {
		snprintf(err, errlen, "port %u is not declared", c->port);
		return -ENODEV;
	}
	p = &t->port[c->port];
	if (c->vhid == 0) {
		snprintf(err, errlen, "vhid must be 1..%u", CARP_VHID_MAX);
		return -EINVAL;
	}
	other = t->by_vhid[c->port][c->vhid];
	if (other != NULL && other != self) {
		snprintf(err, errlen, "vhid %u is already used by %s on port %u",
			c->vhid, other->conf.name, c->port);
		return -EEXIST;
	}
	if (c->advbase > CARP_ADVBASE_MAX) {
		snprintf(err, errlen, "advbase must be 0..%u, not %u",
			CARP_ADVBASE_MAX, c->advbase);
		return -EINVAL;
	}
	if (c->advskew > CARP_ADVSKEW_MAX) {
		snprintf(err, errlen, "advskew must be 0..%u, not %u",
			CARP_ADVSKEW_MAX, c->advskew);
		return -EINVAL;
	}
	if (strnlen(c->pass, sizeof(c->pass)) == sizeof(c->pass)) {
		snprintf(err, errlen, "password longer than %u characters",
			CARP_PASS_MAX);
		return -EINVAL;
	}
	if (c->naddrs > CARP_MAX_ADDRS) {
		snprintf(err, errlen, "at most %u addresses", CARP_MAX_ADDRS);
		return -EINVAL;
	}
	mask = prefix_mask(p->prefixlen);
	inet_ntop(AF_INET, &p->addr, pa, sizeof(pa));
	for (i = 0; i < c->naddrs; i++) {
		uint32_t h = rte_be_to_cpu_32(c->addrs[i]);

		inet_ntop(AF_INET, &c->addrs[i], a, sizeof(a));
		if (h == 0 || h >= UINT32_C(0xe0000000) ||
		    c->prefixlen[i] > 32) {
			snprintf(err, errlen, "%s/%u is not a unicast host "
				"address", a, c->prefixlen[i]);
			return -EINVAL;
		}
		if (c->addrs[i] == p->addr) {
			snprintf(err, errlen, "%s is port %u's own address",
				a, c->port);
			return -EINVAL;
		}
		if ((c->addrs[i] & mask) != (p->addr & mask)) {
			snprintf(err, errlen, "%s is outside port %u's subnet "
				"%s/%u", a, c->port, pa, p->prefixlen);
			return -EINVAL;
		}
	}
	return 0;
}

struct carp_vhost *
carp_vhost_find(const struct carp_table *t, const char *name)
{
	struct carp_vhost *vh;

	TAILQ_FOREACH(vh, &t->vhosts, next)
		if (strncmp(vh->conf.name, name, CARP_NAME_MAX) == 0)
			return vh;
	return NULL;
}

struct carp_vhost *
carp_vhost_lookup(const struct carp_table *t, uint16_t port, uint8_t vhid)
{
	if (port >= CARP_MAX_PORTS)
		return NULL;
	return t->by_vhid[port][vhid];
}

/* Key a fresh context, so that a failure leaves the old one in use. */
static int
auth_prepare(struct carp_auth *a, const struct carp_vhost_conf *c, char *err,
		size_t errlen)
{
	int ret;

	memset(a, 0, sizeof(*a));
	ret = carp_auth_set(a, c->pass, c->vhid, c->addrs, c->naddrs);
	if (ret != 0) {
		carp_auth_free(a);
		snprintf(err, errlen, "cannot key HMAC-SHA1: %s",
			strerror(-ret));
	}
	return ret;
}

static void
attach(struct carp_table *t, struct carp_vhost *vh)
{
	t->by_vhid[vh->conf.port][vh->conf.vhid] = vh;
	t->port[vh->conf.port].nvhosts++;
}

static void
detach(struct carp_table *t, struct carp_vhost *vh)
{
	t->by_vhid[vh->conf.port][vh->conf.vhid] = NULL;
	t->port[vh->conf.port].nvhosts--;
}

struct carp_vhost *
carp_vhost_create(struct carp_table *t, const struct carp_vhost_conf *c,
		uint64_t now, char *err, size_t errlen)
{
	struct carp_vhost *vh;

	if (carp_vhost_conf_check(t, c, NULL, err, errlen) != 0)
		return NULL;
	vh = calloc(1, sizeof(*vh));
	if (vh == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	vh->conf = *c;
	if (auth_prepare(&vh->auth, c, err, errlen) != 0) {
		vhost_free(vh);
		return NULL;
	}
	carp_vmac(c->vhid, &vh->vmac);
	carp_fsm_init(&vh->fsm, c->advbase, c->advskew);
	vh->state = CARP_STATE_INIT;
	/* Random starts, as the BSDs: nobody checks counters for replay. */
	arc4random_buf(&vh->counter, sizeof(vh->counter));
	arc4random_buf(&vh->ip_id, sizeof(vh->ip_id));

	TAILQ_INSERT_TAIL(&t->vhosts, vh, next);
	t->nvhosts++;
	attach(t, vh);
	sync_demotion(t, vh, !t->port[c->port].link_up, now);
	refresh(t, vh, now, false, "start");
	return vh;
}

void
carp_vhost_destroy(struct carp_table *t, struct carp_vhost *vh,
		uint64_t now)
{
	stop(t, vh, true, "destroyed");
	sync_demotion(t, vh, false, now);
	detach(t, vh);
	TAILQ_REMOVE(&t->vhosts, vh, next);
	t->nvhosts--;
	vhost_free(vh);
}

int
carp_vhost_update(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_vhost_conf *c, uint64_t now, char *err,
		size_t errlen)
{
	bool moved = c->port != vh->conf.port || c->vhid != vh->conf.vhid;
	struct carp_auth auth;
	int ret;

	ret = carp_vhost_conf_check(t, c, vh, err, errlen);
	if (ret != 0)
		return ret;
	ret = auth_prepare(&auth, c, err, errlen);
	if (ret != 0)
		return ret;

	/* A vhost that changes identity or stops bows out as it was: with
	 * its old vhid, key and addresses, which its peers still share.
	 */
	if (moved || !conf_runs(t, c))
		stop(t, vh, true, moved ? "reconfigured" :
			c->down ? "down" : "no address");
	carp_auth_free(&vh->auth);
	vh->auth = auth;
	if (moved) {
		sync_demotion(t, vh, false, now);
		detach(t, vh);
		vh->conf = *c;
		carp_vmac(c->vhid, &vh->vmac);
		attach(t, vh);
		sync_demotion(t, vh, !t->port[c->port].link_up, now);
	} else {
		vh->conf = *c;
	}
	/* Timing applies from the next advertisement or master-down. */
	vh->fsm.advbase = c->advbase;
	vh->fsm.advskew = c->advskew;
	refresh(t, vh, now, true, "reconfigured");
	return 0;
}

int
carp_vhost_force(struct carp_table *t, struct carp_vhost *vh,
		enum carp_state to, uint64_t now, char *err, size_t errlen)
{
	enum carp_state from = vh->fsm.state;

	if (!carp_vhost_running(t, vh)) {
		snprintf(err, errlen, "%s is not running", vh->conf.name);
		return -EAGAIN;
	}
	if (to != CARP_STATE_MASTER && to != CARP_STATE_BACKUP) {
		snprintf(err, errlen, "only MASTER or BACKUP can be forced");
		return -EINVAL;
	}
	apply(t, vh, from, carp_fsm_force(&vh->fsm, &t->sysctl, now, to),
		"forced");
	return 0;
}

enum carp_stat
carp_input(struct carp_table *t, uint16_t port, const void *frame,
		size_t len, uint64_t now)
{
	struct carp_vhost *vh;
	struct carp_adv adv;
	enum carp_state from;
	enum carp_stat s;
	uint64_t counter;
	char why[48];

	stat_inc(t, NULL, CARP_STAT_IPACKETS);
	if (t->sysctl.v[CARP_KNOB_ALLOW] == 0)
		return CARP_STAT_NONE;
	if (port >= CARP_MAX_PORTS || t->port[port].nvhosts == 0) {
		stat_inc(t, NULL, CARP_STAT_BADIF);
		return CARP_STAT_BADIF;
	}
	s = carp_adv_parse(frame, len, &adv);
	if (s != CARP_STAT_NONE) {
		stat_inc(t, NULL, s);
		return s;
	}
	vh = t->by_vhid[port][adv.vhid];
	if (vh == NULL || !carp_vhost_running(t, vh)) {
		stat_inc(t, NULL, CARP_STAT_BADVHID);
		return CARP_STAT_BADVHID;
	}
	vh->stats.v[CARP_STAT_IPACKETS]++;
	if (adv.version != CARP_VERSION) {
		stat_inc(t, vh, CARP_STAT_BADVER);
		return CARP_STAT_BADVER;
	}
	if (!carp_auth_verify(&vh->auth, adv.counter, adv.digest)) {
		stat_inc(t, vh, CARP_STAT_BADAUTH);
		return CARP_STAT_BADAUTH;
	}

	counter = carp_counter_get(adv.counter);
	if (adv.src == t->port[port].addr && vh->sent &&
	    counter == vh->last_sent)
		return CARP_STAT_NONE;	/* our own, looped back */
	vh->counter = counter + 1;

	from = vh->fsm.state;
	inet_ntop(AF_INET, &adv.src, why, sizeof(why));
	strlcat(why, " advertised", sizeof(why));
	apply(t, vh, from, carp_fsm_input(&vh->fsm, &t->sysctl, now,
		adv.advbase, adv.advskew), why);
	return CARP_STAT_NONE;
}

void
carp_vhost_expire(struct carp_table *t, struct carp_vhost *vh, uint64_t now)
{
	enum carp_state from = vh->fsm.state;

	apply(t, vh, from, carp_fsm_expire(&vh->fsm, &t->sysctl, now),
		from == CARP_STATE_BACKUP ? "master down" : "advertise");
}

int
carp_sysctl_set(struct carp_table *t, enum carp_knob k, long long value,
		uint64_t now, char *err, size_t errlen)
{
	struct carp_vhost *vh;
	uint32_t before;
	int ret;

	ret = carp_knob_check(k, value, err, errlen);
	if (ret != 0)
		return ret;
	before = t->sysctl.v[k];
	t->sysctl.v[k] = (uint32_t)value;
	if (k == CARP_KNOB_ALLOW && before != t->sysctl.v[k])
		TAILQ_FOREACH(vh, &t->vhosts, next)
			refresh(t, vh, now, true, "allow 0");
	return 0;
}

void
carp_shutdown(struct carp_table *t, uint64_t now)
{
	struct carp_vhost *vh;

	RTE_SET_USED(now);
	TAILQ_FOREACH(vh, &t->vhosts, next)
		stop(t, vh, true, "shutdown");
}
