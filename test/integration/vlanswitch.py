#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A one-VLAN access switch in user space, for kernels without 802.1Q
interfaces or VLAN-filtering bridges:

  vlanswitch.py TRUNK ACCESS VLAN

Frames of VLAN on TRUNK go out of ACCESS untagged; every frame from ACCESS
goes out of TRUNK tagged with VLAN. Other VLANs and untagged frames on
TRUNK are not forwarded. Received tags come either in the frame or, when
the kernel took them out, in PACKET_AUXDATA; both are handled. Runs until
killed; prints a count of what it forwarded each way on SIGTERM.
"""

import select
import signal
import socket
import struct
import sys

ETH_P_ALL = 0x0003
TPID = 0x8100
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 1 << 4
AUX = struct.Struct('IIIHHHH')  # tpacket_auxdata


def open_sock(iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETH_P_ALL))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.bind((iface, 0))
    return s


def receive(s):
    """(frame, vlan or None), the frame without its tag; None when the
    frame is one this socket sent."""
    data, anc, _, addr = s.recvmsg(65536, socket.CMSG_SPACE(AUX.size))
    if addr[2] == socket.PACKET_OUTGOING:
        return None, None
    for level, kind, val in anc:
        if level == SOL_PACKET and kind == PACKET_AUXDATA and \
                len(val) >= AUX.size:
            status, _, _, _, _, tci, _ = AUX.unpack(val[:AUX.size])
            if status & TP_STATUS_VLAN_VALID:
                return data, tci & 0xfff
    if len(data) >= 18 and struct.unpack('!H', data[12:14])[0] == TPID:
        tci = struct.unpack('!H', data[14:16])[0]
        return data[:12] + data[16:], tci & 0xfff
    return data, None


def main(argv):
    trunk, access, vlan = open_sock(argv[1]), open_sock(argv[2]), \
        int(argv[3])
    counts = {'to_access': 0, 'to_trunk': 0}
    tag = struct.pack('!HH', TPID, vlan)

    def report(*_):
        print('forwarded %d to access, %d to trunk' %
              (counts['to_access'], counts['to_trunk']), flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, report)
    while True:
        ready, _, _ = select.select([trunk, access], [], [])
        if trunk in ready:
            f, v = receive(trunk)
            if f is not None and v == vlan:
                access.send(f)
                counts['to_access'] += 1
        if access in ready:
            f, v = receive(access)
            if f is not None and v is None:
                trunk.send(f[:12] + tag + f[12:])
                counts['to_trunk'] += 1


if __name__ == '__main__':
    main(sys.argv)
