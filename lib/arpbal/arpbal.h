/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef ARPBAL_H
#define ARPBAL_H

/**
 * @file
 * The ARP and neighbour discovery fast path: which host answers for a
 * virtual address, decided per request on the polling lcores without
 * locks.
 *
 * An rte_hash keyed by (port, IPv4 address), and another keyed by (port,
 * IPv6 address), lead to the address's group: the vhids on that port that
 * carry it, ascending. The state of every vhid (INIT, BACKUP, MASTER) is
 * published in a flat table. With balancing on, a request from sender
 * address S goes to the i-th running vhid of the group, i = S mod n
 * (lib/carp/PROTOCOL.md §5.3), and is answered only if that vhid is
 * MASTER here; with balancing off, the lowest MASTER vhid answers.
 *
 * IPv6 addresses are balanced by the same rule, a rule of this library's
 * own (carp(4) never balanced neighbour discovery): S is the low 32 bits
 * of the solicitation's source address (its last four bytes, read as a
 * big-endian number), 0 for a duplicate address detection probe (source
 * ::). The same number stands for the requester in the rate limit, so an
 * IPv6 requester shares its allowance with the IPv4 requester whose
 * address equals its low 32 bits, and all probes share one. The two
 * families share the groups' counters (one pool of ids), the per-vhid
 * counters and the reader totals: an address is a group whatever its
 * family.
 *
 * One writer (the control lcore) changes groups, states and knobs. Each
 * reader (a polling lcore) owns a struct arpbal_reader: its counters and
 * its own table of requesters, which counts and limits each requester
 * while a rate limit is set (arpbal_rate_set), so that readers share
 * nothing they write. Readers report
 * quiescent states through RCU QSBR; a replaced or deleted group is freed
 * only once every reader has passed one.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#define ARPBAL_MAX_PORTS	32
#define ARPBAL_BURST_MAX	64

/** A vhid's state as the fast path needs it (the election's own states,
 *  published by the writer).
 */
enum arpbal_state {
	ARPBAL_STATE_INIT,	/**< not running: left out of balancing */
	ARPBAL_STATE_BACKUP,	/**< running, another host answers */
	ARPBAL_STATE_MASTER,	/**< this host answers */
};

/*
 * Why a request was or was not answered, each named once:
 * X(ENUM, name, what). The per-address and per-vhid counters are indexed
 * by them.
 */
#define ARPBAL_VERDICTS(X)						\
	X(ANSWERED, answered, "a reply was built")			\
	X(NOT_MASTER, not_master, "another host's, or no MASTER here")	\
	X(RATE_LIMITED, rate_limited,					\
		"its source exceeded arp_rate_per_source")

enum arpbal_verdict {
#define ARPBAL_VERDICT_ENUM(e, n, d) ARPBAL_ ## e,
	ARPBAL_VERDICTS(ARPBAL_VERDICT_ENUM)
#undef ARPBAL_VERDICT_ENUM
	ARPBAL_NVERDICTS,
	/** Not a counter: the address is no virtual address on the port. */
	ARPBAL_NOT_SHARED = ARPBAL_NVERDICTS,
};

/* The counters of a reader, in the order reports print them. */
#define ARPBAL_STATS(X)							\
	X(REQUESTS, requests, "ARP requests looked at")			\
	X(ND_REQUESTS, nd_requests,					\
		"neighbour solicitations looked at")			\
	ARPBAL_VERDICTS(X)						\
	X(NOT_SHARED, not_shared, "target is no virtual address here")	\
	X(PASSED, passed, "not about a virtual address: to the host")	\
	X(MALFORMED, malformed,						\
		"not a valid ARP request or neighbour solicitation")	\
	X(BAD_SENDER, bad_sender,					\
		"sender MAC or address no host has: dropped")		\
	X(SENDER_VIP, sender_vip,					\
		"sender claims a virtual address of ours: dropped")	\
	X(ND_NO_ROOM, nd_no_room,					\
		"no room in the mbuf for the advertisement: dropped")	\
	X(UNTRACKED, untracked,						\
		"source table full: limited together, in one bucket")	\
	X(SOURCES, sources, "requesters in the table now (a gauge)")	\
	X(AGED, aged, "requesters forgotten after a minute's silence")

enum arpbal_stat {
#define ARPBAL_STAT_ENUM(e, n, d) ARPBAL_STAT_ ## e,
	ARPBAL_STATS(ARPBAL_STAT_ENUM)
#undef ARPBAL_STAT_ENUM
	ARPBAL_STAT_MAX,
};

/** The reader counter of a verdict. */
#define ARPBAL_STAT_OF(verdict) \
	((enum arpbal_stat)(ARPBAL_STAT_ANSWERED + (verdict)))

/** Totals of one reader, or summed over all. */
struct arpbal_stats {
	uint64_t v[ARPBAL_STAT_MAX];
};

/** Name of a counter ("requests", "answered", ...), or NULL. */
const char *arpbal_stat_name(enum arpbal_stat s);

/** Name of a verdict ("answered", ...), or NULL. */
const char *arpbal_verdict_name(enum arpbal_verdict v);

/** Which vhid answers a request, and the verdict. */
struct arpbal_choice {
	uint8_t vhid;		/**< answering or whose turn it is; 0: none */
	enum arpbal_verdict verdict;
};

struct arpbal_params {
	const char *name;
	uint32_t max_addrs;	/**< (port, address) pairs, of each family */
	uint32_t max_readers;
	uint32_t max_sources;	/**< requesters each reader tracks */
	int socket_id;
};

/** What a reader knows of one requester. */
struct arpbal_source {
	rte_be32_t addr;	/**< IPv4, or an IPv6 source's low 32 bits */
	uint64_t requests;	/**< for virtual addresses */
	uint64_t limited;	/**< of which dropped by the rate limit */
};

struct arpbal;
struct arpbal_reader;

struct arpbal *arpbal_create(const struct arpbal_params *p);

/** Free the table and every reader's state. Readers must be offline. */
void arpbal_free(struct arpbal *ab);

/* ---- the writer (control lcore) ---- */

/**
 * Set the vhids (1..255, any order, duplicates allowed) carrying addr on
 * port; n = 0 removes the address. 0.0.0.0 is no host's address: never
 * a virtual one (-EINVAL).
 * @return 0, -EINVAL, -ENOMEM, or -ENOSPC (max_addrs addresses already).
 */
int arpbal_group_set(struct arpbal *ab, uint16_t port, rte_be32_t addr,
		const uint8_t *vhids, unsigned int n);

/** The vhids carrying addr on port (ascending; room for 255).
 *  @return 0, or -ENOENT if addr is no virtual address there.
 */
int arpbal_group_get(const struct arpbal *ab, uint16_t port, rte_be32_t addr,
		uint8_t *vhids, unsigned int *n);

/**
 * vhid on port carries addr (join) or no longer does (leave): one change
 * to the address's group, published at once. 0.0.0.0 is never a virtual
 * address: joining it is -EINVAL.
 * @return 0, -EINVAL, -ENOMEM or -ENOSPC (max_addrs addresses already);
 *   leaving a group one is not in is no error.
 */
int arpbal_group_join(struct arpbal *ab, uint16_t port, rte_be32_t addr,
		uint8_t vhid);
int arpbal_group_leave(struct arpbal *ab, uint16_t port, rte_be32_t addr,
		uint8_t vhid);

/*
 * The same for IPv6 addresses (16 bytes, network order), in a table of
 * their own sized like the IPv4 one (max_addrs addresses). An address may
 * not be :: or multicast (-EINVAL): no solicitation asks for those.
 */
int arpbal_group6_set(struct arpbal *ab, uint16_t port,
		const uint8_t addr[16], const uint8_t *vhids, unsigned int n);
int arpbal_group6_get(const struct arpbal *ab, uint16_t port,
		const uint8_t addr[16], uint8_t *vhids, unsigned int *n);
int arpbal_group6_join(struct arpbal *ab, uint16_t port,
		const uint8_t addr[16], uint8_t vhid);
int arpbal_group6_leave(struct arpbal *ab, uint16_t port,
		const uint8_t addr[16], uint8_t vhid);

/** Publish the state of vhid on port. */
void arpbal_state_set(struct arpbal *ab, uint16_t port, uint8_t vhid,
		enum arpbal_state state);

/** Turn balancing (sysctl arpbalance) on or off. */
void arpbal_balance_set(struct arpbal *ab, bool on);

/** Replies per second and requester; 0 turns the limit off. */
void arpbal_rate_set(struct arpbal *ab, uint32_t per_source);

/** The limit in force. */
uint32_t arpbal_rate_get(const struct arpbal *ab);

/** Free what no reader can see any more. */
void arpbal_reclaim(struct arpbal *ab);

/**
 * The writer also reads, as reader r (a control lcore that polls queues
 * too): waiting for readers must not wait for it. NULL: it does not.
 */
void arpbal_writer_reads(struct arpbal *ab, const struct arpbal_reader *r);

/* ---- readers (polling lcores) ---- */

/** Reader state for thread_id (0..max_readers-1). NULL on failure. */
struct arpbal_reader *arpbal_reader_create(struct arpbal *ab,
		unsigned int thread_id, int socket_id);

/** The reader starts or stops reading (offline readers block nothing). */
void arpbal_reader_online(struct arpbal_reader *r);
void arpbal_reader_offline(struct arpbal_reader *r);

/** The reader holds no reference: call between bursts. */
void arpbal_reader_quiescent(struct arpbal_reader *r);

/**
 * Handle a burst of at most ARPBAL_BURST_MAX ARP frames (a larger one is
 * dropped and counted malformed), each from the port its m->port names
 * (the caller's port index, below ARPBAL_MAX_PORTS): a burst may mix
 * ports. Requests this host answers become replies in place, from the
 * chosen vhid's virtual MAC, moved to the front of pkts; the others are
 * freed and counted. With pass given, the frames that are not requests for
 * a virtual address (replies, requests for other addresses) go there
 * instead, for the host's kernel, and *npass says how many. The sender
 * of a request is checked (lib/carp/PROTOCOL.md §5.1; counted bad_sender
 * or sender_vip) only if the request would be answered: an unanswered one
 * is counted not_master whatever its sender.
 * @return the number of replies at the front of pkts, ready to send.
 */
uint16_t arpbal_process(struct arpbal_reader *r, struct rte_mbuf **pkts,
		uint16_t n, struct rte_mbuf **pass, uint16_t *npass);

/** The entries arpbal_sift()'s pkts holds past its n frames. */
#define ARPBAL_SIFT_AHEAD	4

/**
 * arpbal_process() without pass on a burst of any frames from one port,
 * unsorted: the ARP requests answered or dropped and counted (those for
 * an address that is no virtual address on port too, not_shared), in one
 * pass, where sorting the burst first would take a second. Every other
 * frame goes to rest, untouched and uncounted, for the caller to
 * classify: not ARP, no request, tagged (RTE_MBUF_F_RX_VLAN_STRIPPED), to
 * a MAC starting 00:00:5e:00 (a virtual MAC, whose vhost the caller looks
 * at first), or a request for keep (an address the caller answers
 * itself: its own on the port). Each frame's m->port becomes port (a port
 * of ARPBAL_MAX_PORTS or above: every frame is rest, as is a burst longer
 * than ARPBAL_BURST_MAX). pkts holds ARPBAL_SIFT_AHEAD more mbufs after
 * the n frames (any of them: their headers are prefetched), rest room for
 * n.
 * @return the number of replies at the front of pkts, ready to send;
 *   *nrest the number of frames in rest.
 */
uint16_t arpbal_sift(struct arpbal_reader *r, uint16_t port,
		rte_be32_t keep, struct rte_mbuf **pkts, uint16_t n,
		struct rte_mbuf **rest, uint16_t *nrest);

/**
 * Which vhid serves traffic between virtual address addr and peer on
 * port, with the reader's caches: vhid 0 for a frame to the port's own MAC
 * (the vhid whose turn it is for peer, as for ARP), else the vhid whose
 * virtual MAC it came to. ANSWERED if that vhid carries addr and is
 * MASTER here, NOT_MASTER if not, NOT_SHARED if addr is no virtual address
 * on port.
 */
struct arpbal_choice arpbal_reader_lookup(struct arpbal_reader *r,
		uint16_t port, rte_be32_t addr, rte_be32_t peer, uint8_t vhid);

/**
 * Which vhid answers a request from sip for addr on port (no counting, no
 * rate limit): for echo requests and the like. The verdict is ANSWERED
 * (this host answers from the vhid), NOT_MASTER (it stays silent) or
 * NOT_SHARED (addr is no virtual address on port).
 */
struct arpbal_choice arpbal_choose(const struct arpbal *ab, uint16_t port,
		rte_be32_t addr, rte_be32_t sip);

/**
 * The vhid whose virtual MAC traffic from virtual address addr to peer
 * leaves from: the one serving peer if it is MASTER here, else the lowest
 * vhid carrying addr that is MASTER here (a peer behind a router is served
 * through the router). NOT_MASTER if this host is MASTER of none of them,
 * NOT_SHARED if addr is no virtual address on port.
 */
struct arpbal_choice arpbal_egress(const struct arpbal *ab, uint16_t port,
		rte_be32_t addr, rte_be32_t peer);

/**
 * Handle a burst of at most ARPBAL_BURST_MAX neighbour solicitations, as
 * arpbal_process() does ARP requests: each an untagged Ethernet frame from
 * the port m->port names, IPv6 with next header 58 (ICMPv6, no extension
 * header), ICMPv6 type 135. Each is checked as RFC 4861 §7.1.1 says (hop
 * limit 255, code 0, at least 24 bytes, IPv6 payload length within the
 * frame, checksum, target not multicast, options of nonzero length that
 * fill the message, and a probe from :: only to a solicited-node group and
 * without a source link-layer address option); one that fails is counted
 * malformed and freed, never passed. A neighbour advertisement whose
 * target is a virtual address on the port (another host claiming it) is
 * dropped and counted sender_vip. Any other IPv6 frame that is no
 * solicitation: passed if pass is given, else malformed.
 *
 * A solicitation for a virtual address this host answers (the vhid chosen
 * as for ARP, by the low 32 bits of the source) becomes, in place, the
 * neighbour advertisement of 32 bytes of ICMPv6 (the mbuf trimmed or
 * extended; nd_no_room if it is not one segment with room for 86 bytes):
 * from the vhid's virtual MAC and from the target, hop limit 255, flags
 * solicited and override, the target link-layer address option the
 * virtual MAC; to the source and its link-layer address (the option's, or
 * the frame's source), or, for a probe from ::, to ff02::1 and
 * 33:33:00:00:00:01 with the override flag alone. The counters are those
 * of ARP (nd_requests beside requests); sender checks as for ARP: a
 * multicast Ethernet or link-layer source, or a multicast or loopback
 * source address, is bad_sender, a source that is a virtual address on
 * the port sender_vip (only if the solicitation would be answered; as is
 * nd_no_room).
 * @return the number of advertisements at the front of pkts, ready to
 *   send.
 */
uint16_t arpbal_nd_process(struct arpbal_reader *r, struct rte_mbuf **pkts,
		uint16_t n, struct rte_mbuf **pass, uint16_t *npass);

/** arpbal_reader_lookup() for IPv6 virtual address addr and peer. */
struct arpbal_choice arpbal_reader_lookup6(struct arpbal_reader *r,
		uint16_t port, const uint8_t addr[16], const uint8_t peer[16],
		uint8_t vhid);

/** arpbal_choose() for a request from src to IPv6 address addr. */
struct arpbal_choice arpbal_choose6(const struct arpbal *ab, uint16_t port,
		const uint8_t addr[16], const uint8_t src[16]);

/** arpbal_egress() for IPv6 virtual address addr and peer. */
struct arpbal_choice arpbal_egress6(const struct arpbal *ab, uint16_t port,
		const uint8_t addr[16], const uint8_t peer[16]);

/** True if vhid is MASTER on port. */
bool arpbal_vhid_master(const struct arpbal *ab, uint16_t port, uint8_t vhid);

/** Idle-time housekeeping: forget requesters silent for a minute. */
void arpbal_reader_age(struct arpbal_reader *r);

/*
 * The stages of a burst of requests (ARP or neighbour solicitations),
 * whose cycles a reader counts while asked to: X(ENUM, name, what).
 */
#define ARPBAL_STAGES(X)						\
	X(CLASSIFY, classify,						\
		"a well-formed request? its group from the reader's cache") \
	X(LOOKUP, lookup, "the cache's misses, from the shared table")	\
	X(STATE, state,							\
		"sender checks, the vhid whose turn it is, its state")	\
	X(SOURCES, sources, "the requester table and the rate limit")	\
	X(REPLY, reply, "replies built in place")			\
	X(COUNT, count, "counters of each verdict, drops freed")

enum arpbal_stage {
#define ARPBAL_STAGE_ENUM(e, n, d) ARPBAL_STAGE_ ## e,
	ARPBAL_STAGES(ARPBAL_STAGE_ENUM)
#undef ARPBAL_STAGE_ENUM
	ARPBAL_NSTAGES,
};

/** Where a reader's cycles went while profiled. */
struct arpbal_profile {
	uint64_t bursts;
	uint64_t requests;
	uint64_t cycles[ARPBAL_NSTAGES];	/**< TSC cycles per stage */
};

/** Name of a stage ("classify", ...), or NULL. */
const char *arpbal_stage_name(enum arpbal_stage s);

/**
 * Start (from zero) or stop counting the cycles of each stage, on the
 * reader's own thread. While on, each stage of a burst ends with a
 * serialising TSC read (about 30-40 cycles: a burst of 32 requests pays
 * about 1 more cycle a request per stage); while off, one predictable
 * branch a stage.
 */
void arpbal_reader_profile(struct arpbal_reader *r, bool on);

/** The reader's profile so far. */
void arpbal_reader_profile_get(const struct arpbal_reader *r,
		struct arpbal_profile *p);

/**
 * arpbal_reader_profile() for every reader, from any thread: each starts
 * (from zero) or stops at its next burst.
 */
void arpbal_profile(struct arpbal *ab, bool on);

/** Whether the readers were last asked to profile (arpbal_profile()). */
bool arpbal_profiling(const struct arpbal *ab);

/** The readers' profiles summed, from any thread. */
void arpbal_profile_get(const struct arpbal *ab, struct arpbal_profile *p);

/* ---- counters, readable from any thread ---- */

/** Totals of one reader, or of all (r = NULL). */
void arpbal_stats_get(const struct arpbal *ab, const struct arpbal_reader *r,
		struct arpbal_stats *st);

/** Verdicts for one (port, address), summed over readers. @return 0 or
 *  -ENOENT.
 */
int arpbal_group_stats(const struct arpbal *ab, uint16_t port,
		rte_be32_t addr, uint64_t verdict[ARPBAL_NVERDICTS]);

/** arpbal_group_stats() for an IPv6 address. */
int arpbal_group6_stats(const struct arpbal *ab, uint16_t port,
		const uint8_t addr[16], uint64_t verdict[ARPBAL_NVERDICTS]);

/** Verdicts for one vhid on port, summed over readers. */
void arpbal_vhid_stats(const struct arpbal *ab, uint16_t port, uint8_t vhid,
		uint64_t verdict[ARPBAL_NVERDICTS]);

/** Walk one reader's requesters; @return 1 and fills src, 0 when done.
 *  On the reader's own thread, or while it is stopped: its table is not
 *  safe to walk while it changes. */
int arpbal_source_next(const struct arpbal_reader *r, uint32_t *next,
		struct arpbal_source *src);

/** Number of (port, IPv4 address) entries. */
uint32_t arpbal_count(const struct arpbal *ab);

/** Walk the entries: port, addr and its vhids; @return 0 when done. */
int arpbal_iterate(const struct arpbal *ab, uint32_t *next, uint16_t *port,
		rte_be32_t *addr, uint8_t *vhids, unsigned int *n);

/** Number of (port, IPv6 address) entries. */
uint32_t arpbal_count6(const struct arpbal *ab);

/** Walk the IPv6 entries as arpbal_iterate() does the IPv4 ones. */
int arpbal_iterate6(const struct arpbal *ab, uint32_t *next, uint16_t *port,
		uint8_t addr[16], uint8_t *vhids, unsigned int *n);

#endif /* ARPBAL_H */
