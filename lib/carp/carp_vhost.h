/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_VHOST_H
#define CARP_VHOST_H

/**
 * @file
 * The vhost table: every carp interface of this host, the ports they run
 * on, the global knobs and the counters, and the rules that tie them
 * together: when a vhost runs, the receive path of lib/carp/PROTOCOL.md §3,
 * suppress_preempt on link loss, bow-outs on orderly stops.
 *
 * One thread (the control lcore) calls everything here. The effects that
 * leave the table (frames to send, timers to arm, state changes to report)
 * go through struct carp_ops, so that tests can record them and the
 * application can wire them to ports and rte_timer. Readers on other
 * lcores may read carp_vhost_state() of a vhost they hold a reference to.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include <rte_byteorder.h>
#include <rte_ether.h>

#include "carp_auth.h"
#include "carp_conf.h"
#include "carp_err.h"
#include "carp_fsm.h"
#include "carp_lateness.h"
#include "carp_map.h"
#include "carp_stats.h"
#include "carp_sysctl.h"
#include "carp_wire.h"

/** Another host contradicting this one about a vhost. */
enum carp_conflict_kind {
	CARP_CONFLICT_NONE,
	/** A MASTER hears valid advertisements it does not yield to: the
	 *  other MASTER cannot hear this one (a one-way partition). */
	CARP_CONFLICT_MASTER,
	/** Advertisements for the vhid that fail authentication, from one
	 *  source, one after another: another password or address set. */
	CARP_CONFLICT_AUTH,
};

/** "master", "auth" or "none". */
const char *carp_conflict_kind_name(enum carp_conflict_kind kind);


struct carp_conflict {
	enum carp_conflict_kind kind;	/**< of the episode, or the one */
	bool peer_v6;			/**< building up to it: peer6, */
	rte_be32_t peer;		/**< else peer */
	struct carp_in6 peer6;
	unsigned int events;		/**< seen in a row */
	bool active;			/**< an episode is on */
	uint64_t first, last;		/**< ns: start, latest event */
};

/** The other host of a conflict, as text (IPv4 or IPv6). */
void carp_conflict_peer(const struct carp_conflict *c, char *buf, size_t len);

struct carp_vhost {
	TAILQ_ENTRY(carp_vhost) next;
	struct carp_vhost_conf conf;
	struct rte_ether_addr vmac;
	struct carp_fsm fsm;
	struct carp_auth auth;
	uint64_t counter;	/**< next counter to send */
	/** Counter of the last advertisement sent: [0] IPv4, [1] IPv6. */
	uint64_t last_sent[2];
	bool sent[2];		/**< last_sent[i] is meaningful */
	bool demoted;		/**< counted in suppress_preempt (link down) */
	uint16_t ip_id;
	uint8_t state;		/**< fsm.state published for other lcores */
	struct carp_stats stats;	/**< this vhost's share of the counters */
	uint64_t transitions;	/**< state changes */
	struct carp_conflict conflict;
	uint64_t conflicts;	/**< episodes so far */
	/** Where each address is in conf.addrs: address -> index. */
	struct carp_map addr_pos;
	/** The same for conf.addrs6, by carp_in6_key(0, address). */
	struct carp_map addr6_pos;
	/** When advertisements of each family were last heard (ns), for a
	 *  dual-stack BACKUP's master-down: [0] IPv4, [1] IPv6; as of
	 *  transition heard_at (transitions). */
	uint64_t heard[2];
	uint64_t heard_at;
	/** The addresses changed since auth was keyed: key it again before
	 *  its next use (once, however many changed). */
	bool auth_stale;
	void *priv;		/**< the application's (its timer) */
};

TAILQ_HEAD(carp_vhost_list, carp_vhost);

struct carp_port {
	bool configured;
	bool link_up;
	rte_be32_t addr;	/**< own address: source of advertisements */
	uint8_t prefixlen;
	unsigned int nvhosts;
	/* IPv6: the port's own address and prefix (prefixlen6 0: none), and
	 * its link-local address, the source of IPv6 advertisements.
	 */
	struct carp_in6 addr6;
	uint8_t prefixlen6;
	bool has_ll6;
	struct carp_in6 ll6;
};

struct carp_table;

/** Effects of the table on the world outside it. */
struct carp_ops {
	/** Send a frame on a port; 0 if it was queued. */
	int (*xmit)(void *arg, uint16_t port, const void *frame, size_t len);
	/** vh->fsm.timer / deadline changed: arm it, or cancel (NONE). */
	void (*timer)(void *arg, struct carp_vhost *vh);
	/** vh changed state; why is a short reason for the log. Called
	 *  before the frames of the change (advertisement, ARP) are sent.
	 */
	void (*state)(void *arg, struct carp_vhost *vh, enum carp_state from,
			enum carp_state to, const char *why);
	/** vh now stands (on) or no longer stands (!on) for its port, vhid
	 *  and every address of vh->conf: the fast path's tables follow.
	 *  Called after a vhost is created or moved to another port or vhid
	 *  (on), and before it is moved or destroyed (!on). */
	void (*bind)(void *arg, const struct carp_vhost *vh, bool on);
	/** vh, staying on its port and vhid, gained (add) or lost (!add)
	 *  the n addresses given (network order).
	 */
	void (*addrs)(void *arg, const struct carp_vhost *vh,
			const rte_be32_t *addrs, unsigned int n, bool add);
	/** The same for IPv6 addresses. */
	void (*addrs6)(void *arg, const struct carp_vhost *vh,
			const struct carp_in6 *addrs, unsigned int n, bool add);
	/** vh is about to be freed: release what the application keeps for
	 *  it in vh->priv.
	 */
	void (*release)(void *arg, struct carp_vhost *vh);
	/** An episode of vh->conflict starts (on) or ends: another host
	 *  contradicts this one (lib/carp/PROTOCOL.md §4.8). */
	void (*conflict)(void *arg, const struct carp_vhost *vh, bool on);
	/** The MAC of addr on port, for a unicast advertisement to a peer:
	 *  0 and *mac if it is known; else the advertisement goes to the
	 *  broadcast MAC (lib/carp/PROTOCOL.md §9). */
	int (*neigh)(void *arg, uint16_t port, rte_be32_t addr,
			struct rte_ether_addr *mac);
};

struct carp_table {
	struct carp_sysctl sysctl;
	struct carp_port port[CARP_MAX_PORTS];
	struct carp_vhost *by_vhid[CARP_MAX_PORTS][CARP_VHID_MAX + 1];
	struct carp_vhost_list vhosts;	/**< in creation order */
	unsigned int nvhosts;
	unsigned int nconflicts;	/**< vhosts in a conflict episode */
	/** How many vhosts carry each address: (port << 32 | address)
	 *  -> count. */
	struct carp_map addr_count;
	/** The same for IPv6 addresses, by carp_in6_key(port, address). */
	struct carp_map addr6_count;
	struct carp_stats stats;
	/** How late the MASTERs' advertisement timers were handled. */
	struct carp_lateness late;
	struct carp_ops ops;
	void *ops_arg;
};

/** A table with default knobs and no ports; NULL if out of memory. */
struct carp_table *carp_table_create(const struct carp_ops *ops, void *arg);

/** Free the table and its vhosts, silently (see carp_shutdown()); only
 *  the release effect is called, for each vhost.
 */
void carp_table_free(struct carp_table *t);

/**
 * Declare a port and this host's own address on it; the link starts down.
 * @return 0, -EINVAL (port or prefix length out of range) or -EEXIST
 *   (already declared), with the reason in err (may be NULL).
 */
int carp_port_add(struct carp_table *t, uint16_t port, rte_be32_t addr,
		uint8_t prefixlen, struct carp_err *err);

/**
 * Give a declared port IPv6: its link-local address (the source of IPv6
 * advertisements; NULL keeps the one it has, if any: a port without one
 * sends no IPv6 advertisement), and optionally its own address and prefix
 * (addr6 NULL for none), which the IPv6 virtual addresses must share.
 * Called once with the prefix before the device's MAC is known and again
 * with the link-local address, or once with both.
 * @return 0, or -EINVAL with the reason in err.
 */
int carp_port_add6(struct carp_table *t, uint16_t port,
		const struct carp_in6 *ll6, const struct carp_in6 *addr6,
		uint8_t prefixlen6, struct carp_err *err);

/** Link state of a port changed (lib/carp/PROTOCOL.md §4.2, 4.5). */
void carp_port_link(struct carp_table *t, uint16_t port, bool up,
		uint64_t now);

/**
 * Validate a configuration against the table: name, declared port, vhid
 * free on it (self is the vhost being changed, or NULL), ranges, password
 * length, addresses inside the port's subnet.
 * @return 0, or a negative errno with the field and reason in err (may be
 *   NULL).
 */
int carp_vhost_conf_check(const struct carp_table *t,
		const struct carp_vhost_conf *c, const struct carp_vhost *self,
		struct carp_err *err);

/** Create a vhost; it starts at once if it can run. NULL + err on error. */
struct carp_vhost *carp_vhost_create(struct carp_table *t,
		const struct carp_vhost_conf *c, uint64_t now,
		struct carp_err *err);

/** Destroy a vhost, bowing out first if it is MASTER. */
void carp_vhost_destroy(struct carp_table *t, struct carp_vhost *vh,
		uint64_t now);

/**
 * Apply a new configuration to a vhost without disturbing the others.
 * Timing, password and addresses change in place (the next advertisement
 * carries them); a new port or vhid restarts the vhost (bowing out).
 */
int carp_vhost_update(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_vhost_conf *c, uint64_t now,
		struct carp_err *err);

/**
 * Add one address to a vhost, or remove one, without copying or comparing
 * its others: amortised O(1), whatever their number. The HMAC key follows
 * at the next advertisement. A vhost gaining its first address starts; one
 * losing its last stops (bowing out first).
 * @return 0, or -EINVAL (not an address for the port), -EEXIST (it has it
 *   already), -ENOENT (it does not have it), -ENOMEM, with err.
 */
int carp_vhost_addr_add(struct carp_table *t, struct carp_vhost *vh,
		rte_be32_t addr, uint8_t prefixlen, uint64_t now,
		struct carp_err *err);
int carp_vhost_addr_del(struct carp_table *t, struct carp_vhost *vh,
		rte_be32_t addr, uint64_t now, struct carp_err *err);

/** The index of addr in vh->conf.addrs, or -1. */
int carp_vhost_addr_index(const struct carp_vhost *vh, rte_be32_t addr);

/** carp_vhost_addr_add/_del/_index for an IPv6 address. */
int carp_vhost_addr6_add(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_in6 *addr, uint8_t prefixlen, uint64_t now,
		struct carp_err *err);
int carp_vhost_addr6_del(struct carp_table *t, struct carp_vhost *vh,
		const struct carp_in6 *addr, uint64_t now, struct carp_err *err);
int carp_vhost_addr6_index(const struct carp_vhost *vh,
		const struct carp_in6 *addr);

/** Check one address for a vhost on port: a unicast host address in the
 *  port's subnet, not the port's own. @return 0 or -EINVAL, with err. */
int carp_addr_check(const struct carp_table *t, uint16_t port,
		rte_be32_t addr, uint8_t prefixlen, struct carp_err *err);

/** The same for an IPv6 address: global or unique-local unicast, in the
 *  port's IPv6 prefix. */
int carp_addr6_check(const struct carp_table *t, uint16_t port,
		const struct carp_in6 *addr, uint8_t prefixlen,
		struct carp_err *err);

/** Force MASTER or BACKUP on a running vhost; a MASTER forced to BACKUP
 *  bows out, so that a peer takes over at once.
 */
int carp_vhost_force(struct carp_table *t, struct carp_vhost *vh,
		enum carp_state to, uint64_t now, struct carp_err *err);

struct carp_vhost *carp_vhost_find(const struct carp_table *t,
		const char *name);
struct carp_vhost *carp_vhost_lookup(const struct carp_table *t,
		uint16_t port, uint8_t vhid);

/** Port link up, vhid, address, admin up and allow = 1 (lib/carp/PROTOCOL.md
 * §4.2).
 */
bool carp_vhost_running(const struct carp_table *t,
		const struct carp_vhost *vh);

/** State as published for readers on other lcores. */
static inline enum carp_state
carp_vhost_state(const struct carp_vhost *vh)
{
	return (enum carp_state)__atomic_load_n(&vh->state, __ATOMIC_ACQUIRE);
}

/**
 * An advertisement arrived on port: lib/carp/PROTOCOL.md §3 in order, then 4.3.
 * @return CARP_STAT_NONE if it was accepted, was our own looped back, or
 *   was dropped silently because allow is 0 (ipackets counts it);
 *   else the counter it incremented.
 */
enum carp_stat carp_input(struct carp_table *t, uint16_t port,
		const void *frame, size_t len, uint64_t now);

/** End the conflict episodes that have been quiet for a master-down
 *  interval (at least a second); call it a few times a second. */
void carp_conflicts_expire(struct carp_table *t, uint64_t now);

/** vh's timer fired. */
void carp_vhost_expire(struct carp_table *t, struct carp_vhost *vh,
		uint64_t now);

/** Set a knob (allow, preempt, log, arpbalance) with its consequences. */
int carp_sysctl_set(struct carp_table *t, enum carp_knob k, long long value,
		uint64_t now, struct carp_err *err);

/**
 * The application counts problems of its own (a failing health check,
 * maintenance) in suppress_preempt, beside links down: +1 for each that
 * starts, -1 for each that ends (lib/carp/PROTOCOL.md §4.5). While the
 * count is not zero every vhost advertises a skew of at least 240; when it
 * becomes non-zero every MASTER advertises at once.
 */
void carp_demote(struct carp_table *t, int delta, uint64_t now);

/** Orderly stop: every MASTER bows out, every vhost goes INIT. */
void carp_shutdown(struct carp_table *t, uint64_t now);

/** Build vh's advertisement (or bow-out) in buf. @return length or 0. */
size_t carp_vhost_adv_build(struct carp_vhost *vh,
		const struct carp_table *t, bool bowout, void *buf, size_t len);

/** The same, over IPv6 (lib/carp/PROTOCOL.md §10). */
size_t carp_vhost_adv6_build(struct carp_vhost *vh,
		const struct carp_table *t, bool bowout, void *buf, size_t len);

/** carp_addr_shared() for an IPv6 address. */
bool carp_addr6_shared(const struct carp_table *t, uint16_t port,
		const struct carp_in6 *addr);

/**
 * True if addr is carried by more than one vhost on vh's port: such an
 * address is balanced and gets no gratuitous ARP (lib/carp/PROTOCOL.md §5.2).
 */
bool carp_addr_shared(const struct carp_table *t, uint16_t port,
		rte_be32_t addr);

#endif /* CARP_VHOST_H */
