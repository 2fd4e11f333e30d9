/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * Interface addresses over rtnetlink (ioctl knows only one address per
 * interface), flags and MTU over ioctl, sysctls through /proc.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "netlink.h"

struct nl_addr_req {
	struct nlmsghdr nh;
	struct ifaddrmsg ifa;
	char attrs[64];
};

static void
put_attr(void *msg, unsigned short type, const void *data,
		unsigned short len)
{
	struct nlmsghdr *nh = msg;
	struct rtattr *rta = (struct rtattr *)((char *)nh +
		NLMSG_ALIGN(nh->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/* Send one request and read its acknowledgement. */
static int
nl_talk(struct nlmsghdr *nh)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char buf[512];
	struct nlmsghdr *r;
	ssize_t n;
	int fd, ret = -EIO;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (sendto(fd, nh, nh->nlmsg_len, 0, (struct sockaddr *)&sa,
			sizeof(sa)) < 0) {
		ret = -errno;
		goto out;
	}
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0) {
		ret = -errno;
		goto out;
	}
	r = (struct nlmsghdr *)buf;
	if (NLMSG_OK(r, (unsigned int)n) && r->nlmsg_type == NLMSG_ERROR)
		ret = ((struct nlmsgerr *)NLMSG_DATA(r))->error;
out:
	close(fd);
	return ret;
}

static int
nl_addr(unsigned int ifindex, unsigned char family, const void *addr,
		unsigned short len, uint8_t prefixlen, bool add, uint32_t flags)
{
	struct nl_addr_req req;
	int ret;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifa));
	req.nh.nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
		(add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	req.ifa.ifa_family = family;
	req.ifa.ifa_prefixlen = prefixlen;
	req.ifa.ifa_scope = RT_SCOPE_UNIVERSE;
	req.ifa.ifa_index = ifindex;
	put_attr(&req, IFA_LOCAL, addr, len);
	put_attr(&req, IFA_ADDRESS, addr, len);
	if (add)
		put_attr(&req, IFA_FLAGS, &flags, sizeof(flags));
	ret = nl_talk(&req.nh);
	if ((add && ret == -EEXIST) || (!add && ret == -EADDRNOTAVAIL))
		ret = 0;
	return ret;
}

int
netlink_addr(unsigned int ifindex, rte_be32_t addr, uint8_t prefixlen,
		bool add, bool noprefixroute)
{
	return nl_addr(ifindex, AF_INET, &addr, sizeof(addr), prefixlen, add,
		noprefixroute ? IFA_F_NOPREFIXROUTE : 0);
}

int
netlink_addr6(unsigned int ifindex, const uint8_t addr[16],
		uint8_t prefixlen, bool add, bool vip)
{
	return nl_addr(ifindex, AF_INET6, addr, 16, prefixlen, add,
		vip ? IFA_F_NOPREFIXROUTE | IFA_F_NODAD : 0);
}

/* A socket for interface ioctls, and ifr naming ifname. @return the
 * socket, or -errno.
 */
static int
ifreq_open(const char *ifname, struct ifreq *ifr)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	memset(ifr, 0, sizeof(*ifr));
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", ifname);
	return fd;
}

int
netlink_link_up(const char *ifname, uint16_t mtu)
{
	struct ifreq ifr;
	int fd, ret = 0;

	fd = ifreq_open(ifname, &ifr);
	if (fd < 0)
		return fd;
	if (mtu != 0) {
		ifr.ifr_mtu = mtu;
		if (ioctl(fd, SIOCSIFMTU, &ifr) != 0)
			ret = -errno;
	}
	if (ret == 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) != 0)
		ret = -errno;
	if (ret == 0 && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) != 0)
			ret = -errno;
	}
	close(fd);
	return ret;
}

int
netlink_get_mtu(const char *ifname, uint16_t *mtu)
{
	struct ifreq ifr;
	int fd, ret = 0;

	fd = ifreq_open(ifname, &ifr);
	if (fd < 0)
		return fd;
	if (ioctl(fd, SIOCGIFMTU, &ifr) != 0)
		ret = -errno;
	else
		*mtu = (uint16_t)ifr.ifr_mtu;
	close(fd);
	return ret;
}

int
netlink_sysctl(const char *family, const char *ifname, const char *key,
		const char *value)
{
	char path[128];
	size_t len = strlen(value);
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/%s", family,
		ifname, key);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, value, len) != (ssize_t)len)
		ret = -errno;
	close(fd);
	return ret;
}
