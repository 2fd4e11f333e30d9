#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Mangled frames for the integration tests: every kind of frame a port
takes apart (ARP, CARP over IPv4 and IPv6, echo requests of both, UDP and
TCP to a virtual address, neighbour solicitations, MLD queries, IPv4 with
options or fragmented, 802.1Q and 802.1ad tags), each cut short, with
bytes and fields overwritten, its EtherType or length fields lying, or
run on with junk; some left whole. The frames come from a seeded random
generator: the same SEED gives the same frames.

  mangle.py IFACE MAC SECS SEED VIP VIP6 VLAN PORTMAC [PCAP]
      sends the frames on IFACE's raw socket, over and over, for SECS
      seconds; prints how many went out, then one line per kind of seed
      frame: how many of each the pool holds. PCAP: the pool, written as
      a capture (tcpreplay can send it again).

MAC is the interface's own (the source of the frames before mangling),
VIP one or more virtual addresses (a,b,...) and VIP6 one, VLAN a
sub-port's tag, PORTMAC a port's MAC.
"""

import random
import socket
import struct
import sys
import time

from frames import csum, ip4
from frames6 import icmp6_csum, ip6, ipv6_frame, mcast_mac, solicited

POOL = 40000		# frames in the pool, sent in turn
BCAST = b'\xff' * 6
VMAC = bytes.fromhex('00005e000101')
CARP4_MAC = bytes.fromhex('01005e000012')
CARP6_MAC = bytes.fromhex('333300000012')


def ipv4(src, dst, proto, payload, ttl=64, opts=b'', frag=0):
    ihl = 5 + len(opts) // 4
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, 4 * ihl + len(payload),
                    0x1234, frag, ttl, proto, 0, src, dst) + opts
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload


def icmp6(src, dst, msg):
    return msg[:2] + struct.pack('!H', icmp6_csum(src, dst, msg)) + msg[4:]


def eth(dst, src, etype, payload):
    return dst + src + struct.pack('!H', etype) + payload


def carp(vhid, skew):
    """An advertisement with a digest no password makes."""
    c = struct.pack('!BBBBBBH', 0x21, vhid, skew, 7, 0, 1, 0) + \
        struct.pack('!Q', random.getrandbits(64)) + random.randbytes(20)
    return c[:6] + struct.pack('!H', csum(c)) + c[8:]


def seeds(mac, vip, vip6, portmac):
    """(kind, frame) for each kind of frame a port takes apart."""
    me4, me6 = ip4('10.99.1.77'), ip6('2001:db8:99::77')
    v4, v6 = ip4(vip), ip6(vip6)
    ll6 = ip6('fe80::77')
    arp = bytes.fromhex('0001080006040001') + mac + me4 + b'\0' * 6 + v4
    arp_reply = bytes.fromhex('0001080006040002') + mac + me4 + \
        portmac + ip4('10.99.1.1')
    echo = struct.pack('!BBHHH', 8, 0, 0, 7, 1) + b'x' * 32
    echo = echo[:2] + struct.pack('!H', csum(echo)) + echo[4:]
    udp = struct.pack('!HHHH', 4242, 9, 12, 0) + b'mang'
    tcp = struct.pack('!HHIIBBHHH', 4242, 80, 1, 0, 0x50, 0x02, 65535,
                      0, 0)
    sol = solicited(v6)
    ns = icmp6(me6, sol, struct.pack('!BBHI', 135, 0, 0, 0) + v6 +
               b'\x01\x01' + mac)
    echo6 = icmp6(me6, v6, struct.pack('!BBHHH', 128, 0, 0, 7, 1) + b'y' * 16)
    query = icmp6(ll6, ip6('ff02::1'),
                  struct.pack('!BBHHH', 130, 0, 0, 1000, 0) + b'\0' * 16)
    hbh = struct.pack('!BBHHH', 58, 0, 0x0502, 0, 0x0100)  # router alert
    out = [
        ('arp', eth(BCAST, mac, 0x0806, arp)),
        ('arp_reply', eth(portmac, mac, 0x0806, arp_reply)),
        ('carp4', eth(CARP4_MAC, mac, 0x0800,
                      ipv4(me4, ip4('224.0.0.18'), 112, carp(1, 0), 255))),
        ('echo', eth(VMAC, mac, 0x0800, ipv4(me4, v4, 1, echo))),
        ('udp', eth(VMAC, mac, 0x0800, ipv4(me4, v4, 17, udp))),
        ('tcp', eth(VMAC, mac, 0x0800, ipv4(me4, v4, 6, tcp))),
        ('ip_opts', eth(VMAC, mac, 0x0800,
                        ipv4(me4, v4, 1, echo, opts=b'\x01\x01\x01\x00'))),
        ('ip_frag', eth(VMAC, mac, 0x0800,
                        ipv4(me4, v4, 17, udp, frag=0x2000))),
        ('ns', ipv6_frame(mcast_mac(sol), mac, me6, sol, 255, 58, ns)),
        ('echo6', ipv6_frame(VMAC, mac, me6, v6, 64, 58, echo6)),
        ('carp6', ipv6_frame(CARP6_MAC, mac, ll6, ip6('ff02::12'), 255, 112,
                             carp(1, 0))),
        ('mld_query', ipv6_frame(mcast_mac(ip6('ff02::1')), mac, ll6,
                                 ip6('ff02::1'), 1, 0, hbh + query)),
        ('udp6', ipv6_frame(VMAC, mac, me6, v6, 64, 17, udp)),
    ]
    return out


def tag(frame, tpid, vlan):
    return frame[:12] + struct.pack('!HH', tpid, vlan) + frame[12:]


def mangle(f):
    """One to three of the ways a frame goes wrong."""
    f = bytearray(f)
    for _ in range(random.randint(1, 3)):
        how = random.randrange(7)
        if how == 0 and len(f) > 14:		# cut short
            del f[random.randint(14, len(f) - 1):]
        elif how == 1:				# a bit flipped
            i = random.randrange(min(len(f), 80))
            f[i] ^= 1 << random.randrange(8)
        elif how == 2:				# a byte overwritten
            f[random.randrange(len(f))] = random.choice((0, 0xff, 0x80,
                                                         random.randrange(256)))
        elif how == 3 and len(f) > 16:		# a length field lying
            i = random.randrange(12, min(len(f), 64) - 1)
            f[i:i + 2] = struct.pack('!H', random.choice(
                (0, 1, 0xffff, len(f), len(f) + 1, len(f) - 14,
                 random.randrange(65536))))
        elif how == 4:				# another EtherType
            f[12:14] = struct.pack('!H', random.choice(
                (0x0800, 0x0806, 0x86dd, 0x8100, 0x88a8, 0x9100, 0x0000,
                 random.randrange(65536))))
        elif how == 5:				# junk after the end
            f += random.randbytes(random.randint(1, 64))
        elif how == 6 and len(f) > 15:		# a tag inserted or removed
            if f[12:14] in (b'\x81\x00', b'\x88\xa8'):
                del f[12:16]
            else:
                f[12:12] = struct.pack('!HH', 0x8100, random.choice(
                    (0, 4095, random.randrange(4096))))
    return bytes(f[:1514])


def pool(mac, vip, vip6, vlan, portmac):
    """POOL frames, with the number of each kind of seed drawn."""
    base = []
    for kind, f in [s for v in vip for s in seeds(mac, v, vip6, portmac)]:
        base.append((kind, f))
        base.append((kind + '/vlan', tag(f, 0x8100, vlan)))
        base.append((kind + '/vlan?', tag(f, 0x8100, 999)))
        base.append((kind + '/qinq', tag(tag(f, 0x8100, vlan), 0x88a8, 7)))
    kinds = {}
    frames = []
    for _ in range(POOL):
        kind, f = random.choice(base)
        kinds[kind] = kinds.get(kind, 0) + 1
        frames.append(f if random.random() < 0.1 else mangle(f))
    frames.append(random.randbytes(60))	# and noise, of every length
    frames += [random.randbytes(n) for n in range(14, 200)]
    return frames, kinds


def write_pcap(path, frames):
    with open(path, 'wb') as out:
        out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for f in frames:
            out.write(struct.pack('<IIII', 0, 0, len(f), len(f)) + f)


def main(argv):
    if len(argv) not in (9, 10):
        sys.exit(__doc__)
    iface, mac, secs, seed = argv[1], bytes.fromhex(argv[2].replace(':', '')), \
        float(argv[3]), int(argv[4])
    random.seed(seed)
    frames, kinds = pool(mac, argv[5].split(','), argv[6], int(argv[7]),
                         bytes.fromhex(argv[8].replace(':', '')))
    if len(argv) == 10:
        write_pcap(argv[9], frames)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    sent = 0
    end = time.monotonic() + secs
    while time.monotonic() < end:
        for f in frames[sent % len(frames):][:1000]:
            try:
                s.send(f)
                sent += 1
            except OSError:
                pass
    print(sent)
    for kind in sorted(kinds):
        print(kind, kinds[kind])


if __name__ == '__main__':
    main(sys.argv)
