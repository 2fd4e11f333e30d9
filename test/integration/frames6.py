#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Hand-made IPv6 neighbour discovery and MLD frames for the integration
tests, sent on a raw socket from inside a test's namespace, with the
answers they get printed.

  frames6.py ns IFACE MAC SRC TARGET KIND N
        N neighbour solicitations of KIND for TARGET; prints one line per
        neighbour advertisement for TARGET seen within 0.5 s:
        "ETHSRC ETHDST IPSRC IPDST FLAGS TLLA CKSUM" (FLAGS in hex, TLLA
        the target link-layer option or -, CKSUM ok or bad)
  frames6.py query IFACE MAC SRC
        one MLDv2 general query from SRC (a link-local address); prints
        one line per MLD report record seen within 1.5 s:
        "ETHSRC IPSRC RECORDTYPE GROUP"
  frames6.py qflood IFACE MAC SRC N
        N such queries as fast as they go; prints "sent N seconds S", then
        "ETHSRC REPORTS" for each sender of MLD reports seen from the first
        query to 1.5 s after the last

MAC is the Ethernet source (the interface's own). KINDs of solicitation:
  ok        to TARGET's solicited-node group, source link-layer option
  nolla     the same without the option
  unicast   to TARGET itself (Ethernet to $FRAMES_DMAC)
  dad       from :: (duplicate address detection), no option
  hlim      hop limit 64 instead of 255 (dropped)
  badsum    a wrong ICMPv6 checksum (dropped)
  dadlla    from :: with a source link-layer option (dropped)
"""

import ipaddress
import os
import select
import socket
import struct
import sys
import time

from frames import csum, mac

ETH_P_ALL = 0x0003
ETH_P_IPV6 = 0x86dd



def mac_str(b):
    return ':'.join('%02x' % x for x in b)


def ip6(s):
    return ipaddress.IPv6Address(s).packed



def icmp6_csum(src, dst, msg):
    """The ICMPv6 checksum of msg (its checksum field zeroed)."""
    pseudo = src + dst + struct.pack('!IxxxB', len(msg), 58)
    return csum(pseudo + msg)


def solicited(addr):
    return ip6('ff02::1:ff00:0')[:13] + addr[13:]


def mcast_mac(group):
    return b'\x33\x33' + group[12:]


def ipv6_frame(dmac, smac, src, dst, hlim, nh, payload):
    hdr = struct.pack('!IHBB', 6 << 28, len(payload), nh, hlim) + src + dst
    return dmac + smac + struct.pack('!H', ETH_P_IPV6) + hdr + payload


def solicitation(kind, smac, src, target):
    src = b'\0' * 16 if kind in ('dad', 'dadlla') else src
    dst = target if kind == 'unicast' else solicited(target)
    dmac = mac(os.environ.get('FRAMES_DMAC', '00:00:00:00:00:00')) \
        if kind == 'unicast' else mcast_mac(dst)
    opt = b'' if kind in ('nolla', 'dad') else b'\x01\x01' + smac
    msg = struct.pack('!BBHI', 135, 0, 0, 0) + target + opt
    ck = icmp6_csum(src, dst, msg)
    if kind == 'badsum':
        ck ^= 0x5555
    msg = msg[:2] + struct.pack('!H', ck) + msg[4:]
    hlim = 64 if kind == 'hlim' else 255
    return ipv6_frame(dmac, smac, src, dst, hlim, 58, msg)


def mld_query(smac, src):
    dst = ip6('ff02::1')
    # General query: max response 1 s, no group, QRV 2, QQIC 125.
    msg = struct.pack('!BBHHH', 130, 0, 0, 1000, 0) + b'\0' * 16 + \
        struct.pack('!BBH', 2, 125, 0)
    msg = msg[:2] + struct.pack('!H', icmp6_csum(src, dst, msg)) + msg[4:]
    hbh = bytes([58, 0, 5, 2, 0, 0, 1, 0])
    return ipv6_frame(mcast_mac(dst), smac, src, dst, 1, 0, hbh + msg)


def sock(iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETH_P_ALL))
    s.bind((iface, 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.setblocking(False)
    return s


def frames(s, secs):
    """The frames received (not sent) for secs seconds; with 0, those
    already queued."""
    until = time.monotonic() + secs
    while True:
        try:
            data, addr = s.recvfrom(65536)
        except BlockingIOError:
            t = until - time.monotonic()
            if t <= 0:
                return
            select.select([s], [], [], t)
            continue
        if addr[2] != socket.PACKET_OUTGOING:
            yield data


def icmp6(f):
    """(src, dst, message) of an ICMPv6 frame (after any hop-by-hop
    options), or None."""
    if len(f) < 54 or struct.unpack('!H', f[12:14])[0] != ETH_P_IPV6:
        return None
    plen, nh = struct.unpack('!HB', f[18:21])
    src, dst, off = f[22:38], f[38:54], 54
    if nh == 0 and len(f) >= off + 8:
        nh, off = f[off], off + (f[off + 1] + 1) * 8
        plen -= off - 54
    if nh != 58 or len(f) < off + plen:
        return None
    return src, dst, f[off:off + plen]


def ns(iface, smac, src, target, kind, n):
    s = sock(iface)
    smac, src, target = mac(smac), ip6(src), ip6(target)
    f = solicitation(kind, smac, src, target)
    for _ in range(n):
        s.send(f)
    for f in frames(s, 0.5):
        p = icmp6(f)
        if p is None or len(p[2]) < 24 or p[2][0] != 136 or \
                p[2][8:24] != target:
            continue
        a, b, msg = p
        tlla = '-'
        if len(msg) >= 32 and msg[24] == 2 and msg[25] == 1:
            tlla = mac_str(msg[26:32])
        zeroed = msg[:2] + b'\0\0' + msg[4:]
        ok = icmp6_csum(a, b, zeroed) == struct.unpack('!H', msg[2:4])[0]
        print(mac_str(f[6:12]), mac_str(f[0:6]),
              ipaddress.IPv6Address(a), ipaddress.IPv6Address(b),
              '%02x' % msg[4], tlla, 'ok' if ok else 'bad')


def query(iface, smac, src):
    s = sock(iface)
    s.send(mld_query(mac(smac), ip6(src)))
    for f in frames(s, 1.5):
        p = icmp6(f)
        if p is None or len(p[2]) < 8 or p[2][0] != 143:
            continue
        msg = p[2]
        nrec = struct.unpack('!H', msg[6:8])[0]
        off = 8
        for _ in range(nrec):
            if len(msg) < off + 20:
                break
            rtype, aux, nsrc = struct.unpack('!BBH', msg[off:off + 4])
            print(mac_str(f[6:12]), ipaddress.IPv6Address(p[0]), rtype,
                  ipaddress.IPv6Address(msg[off + 4:off + 20]))
            off += 20 + 16 * nsrc + 4 * aux


def qflood(iface, smac, src, n):
    s = sock(iface)
    q = mld_query(mac(smac), ip6(src))
    reports = {}

    def count(secs):
        for f in frames(s, secs):
            p = icmp6(f)
            if p is not None and len(p[2]) >= 8 and p[2][0] == 143:
                k = mac_str(f[6:12])
                reports[k] = reports.get(k, 0) + 1
    t0 = time.monotonic()
    for i in range(n):
        try:
            s.send(q)
        except BlockingIOError:
            select.select([], [s], [], 0.01)
        if i % 256 == 0:
            count(0)
    secs = time.monotonic() - t0
    count(1.5)
    print('sent %d seconds %.2f' % (n, secs))
    for k, v in sorted(reports.items()):
        print(k, v)


def main(argv):
    if len(argv) >= 8 and argv[1] == 'ns':
        ns(argv[2], argv[3], argv[4], argv[5], argv[6], int(argv[7]))
    elif len(argv) >= 6 and argv[1] == 'qflood':
        qflood(argv[2], argv[3], argv[4], int(argv[5]))
    elif len(argv) >= 5 and argv[1] == 'query':
        query(argv[2], argv[3], argv[4])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
