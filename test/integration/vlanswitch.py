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
import struct
import sys

from frames import recv_tagged, sock as frames_sock

TPID = 0x8100


def open_sock(iface):
    """A raw socket on iface that sees received tags (frames.sock), in
    blocking mode."""
    s = frames_sock(iface)
    s.setblocking(True)
    return s


def receive(s):
    """(frame without its tag, vlan or None), or (None, None) for a frame
    this socket sent."""
    f, vlan, out = recv_tagged(s)
    return (None, None) if out else (f, vlan)


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
