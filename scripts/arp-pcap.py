#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
#
# Write a pcap of 60-byte frames for the ARP benchmark (scripts/bench-arp.sh):
#   arp-pcap.py OUT arp SOURCES ADDRESSES [FRAMES]
#       ARP requests: frame i asks for address (i mod ADDRESSES) from source
#       (i mod SOURCES); sources are 10.1.0.0 + i, addresses 10.200.0.1 + i.
#   arp-pcap.py OUT ns SOURCES ADDRESSES [FRAMES]
#       IPv6 neighbour solicitations, as the ARP requests: sources
#       2001:db8::1:0:0 + i, targets 2001:db8::c8:1 + i (86-byte frames).
#   arp-pcap.py OUT udp 1 1 [FRAMES]
#       UDP datagrams to 10.200.0.1: frames that are not ARP at all.
# FRAMES defaults to max(SOURCES, ADDRESSES, 4096).
import struct
import sys

SRC_BASE = (10 << 24) | (1 << 16)
VIP_BASE = (10 << 24) | (200 << 16) | 1
PREFIX6 = bytes.fromhex('20010db8000000000000')     # 2001:db8::/64, 10 bytes
SRC6 = 1 << 32                                     # ::1:0:0 + i
VIP6 = (0xc8 << 16) | 1                            # ::c8:1 + i


def mac(i):
    return bytes([0x02, 0, (i >> 24) & 0xff, (i >> 16) & 0xff,
                  (i >> 8) & 0xff, i & 0xff])


def arp_request(src, tgt, hw):
    eth = b'\xff' * 6 + hw + b'\x08\x06'
    arp = struct.pack('!HHBBH', 1, 0x0800, 6, 4, 1) + hw + \
        struct.pack('!I', src) + b'\0' * 6 + struct.pack('!I', tgt)
    return eth + arp


def in6(low):
    """2001:db8:: plus a 48-bit low part."""
    return PREFIX6 + low.to_bytes(6, 'big')


def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ns(src, tgt, hw):
    """A neighbour solicitation from source index src for target index
    tgt (relative to SRC_BASE and VIP_BASE), to the solicited-node group,
    with a source link-layer option."""
    s6, t6 = in6(SRC6 + src - SRC_BASE), in6(VIP6 + tgt - VIP_BASE)
    group = bytes.fromhex('ff0200000000000000000001ff') + t6[13:]
    msg = struct.pack('!BBHI', 135, 0, 0, 0) + t6 + b'\x01\x01' + hw
    pseudo = s6 + group + struct.pack('!IxxxB', len(msg), 58)
    msg = msg[:2] + struct.pack('!H', csum(pseudo + msg)) + msg[4:]
    eth = b'\x33\x33' + group[12:] + hw + b'\x86\xdd'
    ip6 = struct.pack('!IHBB', 6 << 28, len(msg), 58, 255) + s6 + group
    return eth + ip6 + msg


def ip_checksum(hdr):
    s = sum(struct.unpack('!10H', hdr))
    s = (s & 0xffff) + (s >> 16)
    s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def udp(src, tgt, hw):
    eth = b'\x02\0\0\0\0\x01' + hw + b'\x08\x00'
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 28, 0, 0, 64, 17, 0,
                     struct.pack('!I', src), struct.pack('!I', tgt))
    ip = ip[:10] + struct.pack('!H', ip_checksum(ip)) + ip[12:]
    return eth + ip + struct.pack('!HHHH', 1024, 9, 8, 0)


def main():
    out, kind = sys.argv[1], sys.argv[2]
    nsrc, naddr = int(sys.argv[3]), int(sys.argv[4])
    frames = int(sys.argv[5]) if len(sys.argv) > 5 else max(nsrc, naddr, 4096)
    make = {'arp': arp_request, 'ns': ns}.get(kind, udp)
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i in range(frames):
            s = i % nsrc
            fr = make(SRC_BASE + s, VIP_BASE + i % naddr, mac(s))
            fr += b'\0' * (60 - len(fr))
            f.write(struct.pack('<IIII', 0, 0, len(fr), len(fr)))
            f.write(fr)


if __name__ == '__main__':
    main()
