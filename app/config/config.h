/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef APP_CONFIG_H
#define APP_CONFIG_H

/**
 * @file
 * The configuration file (rte_cfgfile INI): [global], [portN], [carpN],
 * read once at start and never changed after.
 * The whole file is read and validated here, with the rules of lib/carp,
 * before the application touches a port; every error names the file, the
 * section and the key.
 */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>

#include <rte_byteorder.h>

#include "carp_sysctl.h"
#include "carp_vhost.h"

#define APP_MAX_PORTS	CARP_MAX_PORTS
/** [carp...] sections: 16 VLANs of 255 vhids, and room. */
#define APP_MAX_VHOSTS	4096
#define APP_NAME_MAX	32
#define APP_DEVICE_MAX	256

/** Default [global] idle_sleep: microseconds a lcore sleeps after an empty
 *  poll. 0 polls flat out (line-rate deployments). */
#define APP_IDLE_SLEEP_DEFAULT	0
/** Largest idle_sleep: a tenth of a second, well under the shortest
 *  advertisement interval that matters (advbase 1). */
#define APP_IDLE_SLEEP_MAX	100000
/** [global] mbufs: packet buffers in the pool; 0 (default) sizes it from
 *  the ports' queues. More are needed where a device holds many frames,
 *  such as a net_pcap port replaying a large capture. */
#define APP_MBUFS_MIN		1024
#define APP_MBUFS_MAX		(4u << 20)

/** Longest state_hook path. */
#define APP_HOOK_MAX		256
/** [global] hook_timeout: seconds a state hook may run, default and most. */
#define APP_HOOK_TIMEOUT_DEFAULT	10
#define APP_HOOK_TIMEOUT_MAX	3600

/** [portN] host_driver: what the kernel twin is made of. */
enum app_host_driver {
	APP_HOST_AUTO,		/**< virtio_user where vhost-net is, else tap */
	APP_HOST_VIRTIO,	/**< virtio_user over /dev/vhost-net */
	APP_HOST_TAP,		/**< net_tap */
};

/** Where the kernel offers vhost-net, which virtio_user twins need. */
#define APP_VHOST_NET	"/dev/vhost-net"

/** [portN] vlan: the 802.1Q VLAN ids a sub-port may carry. */
#define APP_VLAN_MIN	1
#define APP_VLAN_MAX	4094

struct app_port_conf {
	char name[APP_NAME_MAX];	/**< section name, "port0" */
	char device[APP_DEVICE_MAX];	/**< PCI address or vdev string, or ""
					 *   for a VLAN sub-port */
	char parent_name[APP_NAME_MAX];	/**< a sub-port's [parent], or "" */
	int parent;			/**< its index, or -1 */
	uint16_t vlan;			/**< a sub-port's VLAN, or 0 */
	rte_be32_t addr;		/**< own address (advertisement source) */
	uint8_t prefixlen;		/**< 0: no address (a trunk only) */
	/** Own IPv6 address: the prefix its IPv6 virtual addresses share
	 *  (advertisements go from the link-local address). Only beside
	 *  an IPv4 address. */
	struct carp_in6 addr6;
	uint8_t prefixlen6;		/**< 0: none */
	char host_iface[IF_NAMESIZE];	/**< the kernel twin, or "" */
	enum app_host_driver host_driver;
};

/** track_interval, track_fall, track_rise: defaults and largest values. */
#define APP_TRACK_INTERVAL_DEFAULT	2
#define APP_TRACK_INTERVAL_MAX		3600
#define APP_TRACK_COUNT_DEFAULT		2
#define APP_TRACK_COUNT_MAX		100

/** A health check ([global] or [carpN] track and its numbers). */
struct app_track_conf {
	char path[APP_HOOK_MAX];	/**< the program, or "" for none */
	uint32_t interval;		/**< seconds between runs; its limit */
	uint32_t fall;			/**< failures in a row that demote */
	uint32_t rise;			/**< successes in a row that undo it */
	bool numbers_set;		/**< a number was given (needs path) */
};

struct app_config {
	char path[PATH_MAX];
	/* The knobs' values at start (their table is knob.c's). */
	struct carp_sysctl sysctl;	/**< allow, preempt, log, arpbalance */
	uint32_t idle_sleep_us;		/**< [global] idle_sleep */
	uint32_t arp_rate_per_source;	/**< [global] arp_rate_per_source */
	char state_hook[APP_HOOK_MAX];	/**< [global] state_hook, or "" */
	uint32_t hook_timeout;		/**< [global] hook_timeout, seconds */
	uint32_t mbufs;			/**< [global] mbufs, 0 for automatic */
	struct app_track_conf track;	/**< [global] track, for every vhost */
	unsigned int nports;
	struct app_port_conf port[APP_MAX_PORTS];
	unsigned int nvhosts;
	/** conf.port is an index into port[]. */
	struct carp_vhost_conf vhost[APP_MAX_VHOSTS];
	/** [carpN] state_hook, or "" for the global one. */
	char vhost_hook[APP_MAX_VHOSTS][APP_HOOK_MAX];
	/** [carpN] track: its own health check, or path "" for none. */
	struct app_track_conf vhost_track[APP_MAX_VHOSTS];
};

/**
 * Read and validate path into cfg: syntax, keys, ranges, and the rules of
 * lib/carp (each port and vhost is added to a scratch carp_table).
 * Missing keys get their defaults; a carp address without /prefix gets its
 * port's prefix length (prefixlen6 for an IPv6 one). Nothing outside cfg
 * is touched; cfg must hold nothing (new, or given to app_config_free()),
 * and once loaded holds the addresses of its carp interfaces until
 * app_config_free().
 * @return 0, or -1 with a message "FILE: [section] key: what was expected,
 *   what was found" in err (NUL-terminated, truncated to errlen); cfg is
 *   then undefined but holds nothing.
 */
int app_config_load(const char *path, struct app_config *cfg, char *err,
		size_t errlen);

/** Free what a loaded configuration holds (the carp interfaces'
 *  addresses); it then has no carp interface. */
void app_config_free(struct app_config *cfg);

/** The state hook of carp interface name: its own, else the global one;
 *  "" for none. */
const char *app_config_hook(const struct app_config *cfg, const char *name);

/** The health check of carp interface i ([carpN] track), or NULL. */
const struct app_track_conf *app_config_track(const struct app_config *cfg,
		unsigned int i);

/** Index of the port section named name, or -1. */
int app_config_port_index(const struct app_config *cfg, const char *name);

#endif /* APP_CONFIG_H */
