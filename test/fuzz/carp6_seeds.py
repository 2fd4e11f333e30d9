#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The dpdk-carp authors
#
# Write test/fuzz/carp6-seeds.pcap: advertisements that authenticate with
# the vhosts of fuzz_carp_input.c (password mekmitasdigoat; vhid 7
# 10.99.0.100; vhid 8 2001:db8::100 and ::101; vhid 9 10.99.0.101 and
# 2001:db8::102), laid out as lib/carp/PROTOCOL.md §1 and §10 say, so that
# the fuzzer starts from frames that reach the state machine in both
# families; and for vhid 9 without one of its families, with byte 3 of
# the Ethernet destination (the target's control byte) saying so. Run it
# again after changing those vhosts:
#   python3 test/fuzz/carp6_seeds.py test/fuzz/carp6-seeds.pcap

import hashlib
import hmac
import ipaddress
import struct
import sys

PASS = b'mekmitasdigoat'
PEER_MAC = bytes([0x02, 0, 0, 0, 0, 0x02])
PEER_LL6 = ipaddress.IPv6Address('fe80::ff:fe00:2').packed
PEER_V4 = ipaddress.IPv4Address('10.99.0.2').packed
KEYS = {
    7: (['10.99.0.100'], []),
    8: ([], ['2001:db8::100', '2001:db8::101']),
    9: (['10.99.0.101'], ['2001:db8::102']),
}
# The control byte that leaves vhid 9 the key given (fuzz_carp_input.c).
NO_V4, NO_V6 = 0x02, 0x04


def cksum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def digest(vhid, counter, ctl):
    v4, v6 = KEYS[vhid]
    if vhid == 9 and ctl & NO_V4:
        v4 = []
    if vhid == 9 and ctl & NO_V6:
        v6 = []
    msg = bytes([2, 1, vhid])
    msg += b''.join(sorted(ipaddress.IPv4Address(a).packed for a in v4))
    msg += b''.join(sorted(ipaddress.IPv6Address(a).packed for a in v6))
    return hmac.new(PASS, msg + counter, hashlib.sha1).digest()


def carp(vhid, advbase, advskew, counter, ctl):
    c = struct.pack('!Q', counter)
    h = bytes([0x21, vhid, advskew, 7, 0, advbase]) + b'\0\0' + c + \
        digest(vhid, c, ctl)
    s = cksum(h)
    return h[:6] + struct.pack('!H', s) + h[8:]


def adv6(vhid, advbase, advskew, counter, ctl=0):
    eth = bytes([0x33, 0x33, 0, ctl, 0, 0x12]) + \
        bytes([0, 0, 0x5e, 0, 1, vhid]) + b'\x86\xdd'
    ip6 = struct.pack('!IHBB', 6 << 28, 36, 112, 255) + PEER_LL6 + \
        ipaddress.IPv6Address('ff02::12').packed
    return eth + ip6 + carp(vhid, advbase, advskew, counter, ctl)


def adv4(vhid, advbase, advskew, counter, ctl=0):
    eth = bytes([0x01, 0, 0x5e, ctl, 0, 0x12]) + \
        bytes([0, 0, 0x5e, 0, 1, vhid]) + b'\x08\x00'
    ip = struct.pack('!BBHHHBBH', 0x45, 0x10, 56, 1, 0x4000, 255, 112, 0) + \
        PEER_V4 + ipaddress.IPv4Address('224.0.0.18').packed
    ip = ip[:10] + struct.pack('!H', cksum(ip)) + ip[12:]
    return eth + ip + carp(vhid, advbase, advskew, counter, ctl)


FRAMES = [
    adv6(8, 1, 0, 0x1000),          # IPv6-only vhost: a faster peer
    adv6(8, 1, 200, 0x2000),        # ... a slower one
    adv6(9, 1, 0, 0x3000),          # dual-stack vhost, over IPv6
    adv4(9, 1, 0, 0x4000),          # ... over IPv4, the same key
    adv6(9, 255, 255, 0x5000),      # ... bowing out over IPv6
    adv4(9, 255, 255, 0x6000),      # ... over IPv4
    adv6(8, 255, 255, 0x7000),      # IPv6-only vhost bowing out
    adv6(7, 1, 0, 0x8000),          # IPv6 for the IPv4-only vhost
    adv4(9, 1, 0, 0x9000, NO_V6),   # vhid 9 without its IPv6 address
    adv6(9, 1, 0, 0xa000, NO_V4),   # ... without its IPv4 address
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else 'carp6-seeds.pcap'
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(FRAMES):
            f.write(struct.pack('<IIII', 1767225600 + i, 0, len(fr),
                                len(fr)))
            f.write(fr)


if __name__ == '__main__':
    main()
