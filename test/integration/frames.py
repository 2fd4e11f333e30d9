#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Hand-made ARP and ICMP frames for the integration tests, sent on a raw
socket from inside a test's namespace, with the replies they get counted.

  frames.py odd IFACE MAC VIP KIND N VMAC
                                          N frames of KIND to VIP (echo
                                          requests to VMAC); prints the
                                          replies seen within 0.5 s
  frames.py spray IFACE MAC FIRST N VIP   N ARP requests for VIP from N
                                          sender addresses from FIRST on;
                                          prints how many went out
  frames.py single IFACE MAC SIP VIP SECS ARP requests for VIP from SIP as
                                          fast as they go for SECS seconds;
                                          prints "sent N replies M"
  frames.py vlan IFACE MAC VIP KIND N VMAC VLAN
                                          as odd, tagged with VLAN; prints
                                          the replies tagged with VLAN,
                                          then those tagged otherwise

MAC is the Ethernet source (the interface's own). KINDs:
  sha_bcast   ARP, sender hardware address ff:ff:ff:ff:ff:ff
  sip_bcast   ARP, sender address 255.255.255.255
  sip_mcast   ARP, sender address 224.0.0.5
  sip_loop    ARP, sender address 127.0.0.1
  sip_vip     ARP, sender address VIP itself
  probe       ARP, sender address 0.0.0.0 (an address probe: answered)
  arp_ok      ARP from 10.99.1.77, or $FRAMES_SIP (answered)
  echo_long   ICMP echo request whose IP total length exceeds the frame
  echo_badsum ICMP echo request with a wrong IP header checksum
  echo_ok     ICMP echo request, well formed (answered)
  arp_short   ARP request cut to 34 bytes, short of its target address
  udp         UDP datagram (to VMAC), neither ARP, CARP nor echo
"""

import os
import select
import socket
import struct
import sys
import time

BCAST = b'\xff' * 6
ETH_P_ALL = 0x0003
ETH_P_ARP = 0x0806
ETH_P_IP = 0x0800


def mac(s):
    return bytes.fromhex(s.replace(':', ''))


def ip4(s):
    return socket.inet_aton(s)


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s & 0xffff) + (s >> 16)
    s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def arp_request(src, sha, spa, tpa):
    eth = BCAST + src + struct.pack('!H', ETH_P_ARP)
    arp = struct.pack('!HHBBH', 1, ETH_P_IP, 6, 4, 1) + sha + spa + \
        b'\0' * 6 + tpa
    return eth + arp


def echo_request(src, dst, sip, dip, total=None, badsum=False):
    icmp = struct.pack('!BBHHH', 8, 0, 0, 0x4242, 1) + b'dpdk-carp' * 4
    icmp = icmp[:2] + struct.pack('!H', csum(icmp)) + icmp[4:]
    tl = 20 + len(icmp) if total is None else total
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, tl, 1, 0x4000, 64, 1, 0,
                     sip, dip)
    sum_ = csum(ip) ^ (0x0101 if badsum else 0)
    ip = ip[:10] + struct.pack('!H', sum_) + ip[12:]
    return dst + src + struct.pack('!H', ETH_P_IP) + ip + icmp


def udp_datagram(src, dst, sip, dip):
    udp = struct.pack('!HHHH', 1024, 9, 8 + 9, 0) + b'dpdk-carp'
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0x4000,
                     64, 17, 0, sip, dip)
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    return dst + src + struct.pack('!H', ETH_P_IP) + ip + udp


def is_reply(f, vip):
    """An ARP reply from VIP, or an ICMP echo reply from VIP."""
    if len(f) < 42:
        return False
    etype = struct.unpack('!H', f[12:14])[0]
    if etype == ETH_P_ARP:
        return struct.unpack('!H', f[20:22])[0] == 2 and f[28:32] == vip
    if etype == ETH_P_IP:
        return f[23] == 1 and f[26:30] == vip and f[34] == 0
    return False


SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 1 << 4
AUX = struct.Struct('IIIHHHH')  # tpacket_auxdata


def sock(iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETH_P_ALL))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.bind((iface, 0))
    s.setblocking(False)
    return s


def tagged(frame, vlan):
    """frame with an 802.1Q tag for vlan after its addresses."""
    return frame[:12] + struct.pack('!HH', 0x8100, vlan) + frame[12:]


def recv_tagged(s):
    """(frame without its tag, vlan or None, outgoing), or raises
    BlockingIOError. The kernel may have taken the tag out of the frame
    into PACKET_AUXDATA."""
    data, anc, _, addr = s.recvmsg(65536, socket.CMSG_SPACE(AUX.size))
    vlan = None
    for level, kind, val in anc:
        if level == SOL_PACKET and kind == PACKET_AUXDATA and \
                len(val) >= AUX.size:
            status, _, _, _, _, tci, _ = AUX.unpack(val[:AUX.size])
            if status & TP_STATUS_VLAN_VALID:
                vlan = tci & 0xfff
    if vlan is None and len(data) >= 18 and data[12:14] == b'\x81\x00':
        vlan = struct.unpack('!H', data[14:16])[0] & 0xfff
        data = data[:12] + data[16:]
    return data, vlan, addr[2] == socket.PACKET_OUTGOING


other_vlan = [0]   # replies seen with another tag than the one wanted


def drain(s, vip, until, arp_for=None, want_vlan=None):
    """Count the replies until the monotonic time until (0: what is
    queued now), tagged want_vlan (None: untagged); with arp_for, only
    ARP replies to that address."""
    n = 0
    while True:
        t = until - time.monotonic()
        if t > 0:
            select.select([s], [], [], t)
        try:
            f, vlan, out = recv_tagged(s)
        except BlockingIOError:
            if until <= time.monotonic():
                return n
            continue
        if out or vlan != want_vlan:
            if not out and vlan is not None and is_reply(f, vip):
                other_vlan[0] += 1
            continue
        if arp_for is not None:
            n += (len(f) >= 42 and f[12:14] == b'\x08\x06' and
                  f[20:22] == b'\x00\x02' and f[38:42] == arp_for)
        else:
            n += is_reply(f, vip)


def odd(iface, src, vip, kind, n, vmac, vlan=None):
    s = sock(iface)
    me = ip4(os.environ.get('FRAMES_SIP', '10.99.1.77'))
    frames = {
        'sha_bcast': arp_request(src, BCAST, me, vip),
        'sip_bcast': arp_request(src, src, ip4('255.255.255.255'), vip),
        'sip_mcast': arp_request(src, src, ip4('224.0.0.5'), vip),
        'sip_loop': arp_request(src, src, ip4('127.0.0.1'), vip),
        'sip_vip': arp_request(src, src, vip, vip),
        'probe': arp_request(src, src, ip4('0.0.0.0'), vip),
        'arp_ok': arp_request(src, src, me, vip),
        'echo_long': echo_request(src, vmac, me, vip, total=1400),
        'echo_badsum': echo_request(src, vmac, me, vip, badsum=True),
        'echo_ok': echo_request(src, vmac, me, vip),
        'arp_short': arp_request(src, src, me, vip)[:34],
        'udp': udp_datagram(src, vmac, me, vip),
    }
    f = frames[kind] if vlan is None else tagged(frames[kind], vlan)
    drain(s, vip, 0, want_vlan=vlan)
    other_vlan[0] = 0
    for _ in range(n):
        s.send(f)
    got = drain(s, vip, time.monotonic() + 0.5, want_vlan=vlan)
    print(got if vlan is None else '%d %d' % (got, other_vlan[0]))


def spray(iface, src, first, n, vip):
    s = sock(iface)
    s.setblocking(True)
    base = struct.unpack('!I', first)[0]
    head = BCAST + src + struct.pack('!HHHBBH', ETH_P_ARP, 1, ETH_P_IP, 6,
                                     4, 1) + src
    tail = b'\0' * 6 + vip
    sent = 0
    for i in range(n):
        try:
            s.send(head + struct.pack('!I', base + i) + tail)
            sent += 1
        except OSError:
            pass
    print(sent)


def single(iface, src, sip, vip, secs):
    s = sock(iface)
    f = arp_request(src, src, sip, vip)
    sent = replies = 0
    end = time.monotonic() + secs
    while time.monotonic() < end:
        for _ in range(64):
            try:
                s.send(f)
                sent += 1
            except BlockingIOError:
                break
        replies += drain(s, vip, 0, arp_for=sip)
    replies += drain(s, vip, time.monotonic() + 0.3, arp_for=sip)
    print('sent %d replies %d' % (sent, replies))


def main(argv):
    cmd, iface, src = argv[1], argv[2], mac(argv[3])
    if cmd == 'odd':
        odd(iface, src, ip4(argv[4]), argv[5], int(argv[6]), mac(argv[7]))
    elif cmd == 'spray':
        spray(iface, src, ip4(argv[4]), int(argv[5]), ip4(argv[6]))
    elif cmd == 'vlan':
        odd(iface, src, ip4(argv[4]), argv[5], int(argv[6]), mac(argv[7]),
            int(argv[8]))
    elif cmd == 'single':
        single(iface, src, ip4(argv[4]), ip4(argv[5]), float(argv[6]))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
