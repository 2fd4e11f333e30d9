/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_FIXTURE_H
#define CARP_FIXTURE_H

/*
 * The vhost autotests' fixture: a carp table on three ports whose every
 * effect (frames sent, timers armed, state changes, conflicts) is
 * recorded, and peers played by advertisements built and signed here.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ip.h>

#include "carp_vhost.h"
#include "carp_wire.h"

#define T0	7000000000000ULL

#define IP4(a, b, c, d)	RTE_BE32(RTE_IPV4(a, b, c, d))

/* Ports of the fixture: two with vhosts, one that never gets any. */
#define P0		0
#define P1		1
#define P2		2
#define P0_ADDR		IP4(10, 0, 0, 2)
#define P1_ADDR		IP4(10, 1, 0, 2)
#define P2_ADDR		IP4(10, 2, 0, 2)
#define PEER_ADDR	IP4(10, 0, 0, 3)	/* the other router on port 0 */
#define VIP0		IP4(10, 0, 0, 100)
#define VIP0B		IP4(10, 0, 0, 101)
#define VIP0C		IP4(10, 0, 0, 102)
#define VIP1		IP4(10, 1, 0, 100)

#define REC_MAX		64
#define FRAME_MAX	128

struct rec_frame {
	uint16_t port;
	size_t len;
	uint8_t data[FRAME_MAX];
};

struct rec_timer {
	const struct carp_vhost *vh;
	enum carp_timer timer;
	uint64_t deadline;
};

struct rec_state {
	const struct carp_vhost *vh;
	enum carp_state from;
	enum carp_state to;
};

/* Everything the table did to the outside world since rec_clear(). */
struct recorder {
	struct rec_frame frame[REC_MAX];
	unsigned int nframes;
	struct rec_timer timer[REC_MAX];
	unsigned int ntimers;
	struct rec_state state[REC_MAX];
	unsigned int nstates;
	const struct carp_vhost *conflict_vh;	/* the last episode event */
	unsigned int conflicts_on, conflicts_off;
	unsigned int overflow;
};

extern struct recorder rec;
extern struct carp_table *t;
extern const struct carp_ops rec_ops;

void rec_clear(void);
int rec_quiet(void);
const struct rec_timer *rec_timer_last(const struct carp_vhost *vh);
unsigned int rec_states_of(const struct carp_vhost *vh);
int check_timer(const struct carp_vhost *vh, enum carp_timer timer,
		uint64_t deadline);
int check_state(const struct carp_vhost *vh, enum carp_state s);
int check_counted(const struct carp_stats *before, enum carp_stat stat);
size_t peer_adv(uint8_t *buf, rte_be32_t src, uint8_t vhid, uint8_t advbase,
		uint8_t advskew, uint64_t counter, const char *pass,
		const rte_be32_t *addrs, unsigned int naddrs);
struct rte_ipv4_hdr *frame_ip(uint8_t *frame);
struct carp_hdr *frame_carp(uint8_t *frame);
void fix_ip_cksum(uint8_t *frame);
void fix_carp_cksum(uint8_t *frame);
bool adv_signed_by(const struct rec_frame *f, const char *pass, uint8_t vhid,
		const rte_be32_t *addrs, unsigned int naddrs);
int check_adv(const struct rec_frame *f, uint16_t port, rte_be32_t src,
		uint8_t vhid, uint8_t advbase, uint8_t advskew,
		const char *pass, const rte_be32_t *addrs, unsigned int naddrs,
		uint64_t *counter);
int check_garp(const struct rec_frame *f, uint16_t port, uint8_t vhid,
		rte_be32_t addr);
rte_be32_t garp_target(const struct rec_frame *f);
bool is_bowout(const struct rec_frame *f);
void conf_fill(struct carp_vhost_conf *c, const char *name, uint16_t port,
		uint8_t vhid, uint8_t advbase, uint8_t advskew,
		const char *pass, const rte_be32_t *addrs,
		unsigned int naddrs);
struct carp_vhost *vh_new(const char *name, uint16_t port, uint8_t vhid,
		uint8_t advbase, uint8_t advskew, const char *pass,
		const rte_be32_t *addrs, unsigned int naddrs, uint64_t now);
int vh_master(struct carp_vhost *vh);
int vhost_setup(void);
void vhost_teardown(void);

#endif /* CARP_FIXTURE_H */
