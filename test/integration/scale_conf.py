#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A large dpdk-carp configuration, for test/integration/scale.sh and
scripts/bench-scale.sh:

  scale_conf.py HOST DEVICE VLANS VHIDS ADDRESSES [GLOBAL=VALUE...]

HOST is 1 or 2 (its own addresses end in .1 or .2). DEVICE is the trunk's
device string. VLANS sub-ports (VLANs 101 and up; 0 puts the carp
interfaces on the device port itself, one subnet), each with VHIDS carp
interfaces (vhids 1..VHIDS), ADDRESSES virtual addresses in all, spread
evenly (the first ones get one more). Sub-port v is 10.(100+v).0.0/16;
vhid h carries 10.(100+v).h.1 and up. Host 1 has advskew 0 on odd vhids
and 100 on even ones, host 2 the reverse: with preempt = 1 each is MASTER
of half. The carp interfaces are named carp<v*VHIDS+h-1>.
"""

import sys


def main(argv):
    host, device = int(argv[1]), argv[2]
    nvlans, nvhids, naddrs = int(argv[3]), int(argv[4]), int(argv[5])
    out = ['[global]', 'preempt = 1', 'log = 1', 'idle_sleep = 100']
    out += ['%s = %s' % tuple(kv.split('=', 1)) for kv in argv[6:]]
    out += ['', '[port0]', 'device = %s' % device]
    subnets = max(nvlans, 1)
    if nvlans == 0:
        out.append('address = 10.100.0.%d/16' % host)
    nvh = subnets * nvhids
    per, extra = divmod(naddrs, nvh)
    if per < 1 or per + (extra > 0) > 254:
        sys.exit('scale_conf.py: 1 to 254 addresses per carp interface')
    for v in range(nvlans):
        out += ['', '[port%d]' % (v + 1), 'parent = port0',
                'vlan = %d' % (101 + v),
                'address = 10.%d.0.%d/16' % (100 + v, host)]
    for v in range(subnets):
        for h in range(1, nvhids + 1):
            i = v * nvhids + h - 1
            n = per + (1 if i < extra else 0)
            skew = 0 if (h % 2 == 1) == (host == 1) else 100
            net = '10.%d.%d' % (100 + v, h)
            out += ['', '[carp%d]' % i,
                    'port = port%d' % (v + 1 if nvlans else 0),
                    'vhid = %d' % h, 'advskew = %d' % skew]
            out.append('address = %s.1-%s.%d' % (net, net, n))
    print('\n'.join(out))


if __name__ == '__main__':
    main(sys.argv)
