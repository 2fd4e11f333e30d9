#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Build the libFuzzer targets with clang and AddressSanitizer in
# build-fuzz/, then run each, seeded with the ucarp capture's frames and
# IPv6 advertisements, the shipped configurations, the console's commands
# and a few ARP requests and neighbour solicitations for the balancer:
#   bash scripts/fuzz.sh [SECONDS]     each target for SECONDS (default 60)
#   RUNS=N bash scripts/fuzz.sh        each target for N executions
#   TARGETS="console" bash scripts/fuzz.sh   some of carp_input config
#                                            console arpbal
# Not a test: it stops at the first crash and leaves the input in
# build-fuzz/ (crash-*), or reports the runs it made.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
secs=${1:-60}
out=$top/build-fuzz
bash "$top/scripts/setup.sh" --fuzz
command -v clang >/dev/null || { echo "fuzz.sh: needs clang" >&2; exit 1; }
[ -f "$out/build.ninja" ] ||
	CC=clang meson setup "$out" "$top" -Dfuzz=true -Db_sanitize=address -Db_lundef=false >/dev/null
targets=${TARGETS:-carp_input config console arpbal}
ninja -C "$out" test/fuzz/fuzz_carp_input test/fuzz/fuzz_config \
	test/fuzz/fuzz_console test/fuzz/fuzz_arpbal

frames=$out/corpus-frames configs=$out/corpus-config console=$out/corpus-console
arpbal=$out/corpus-arpbal
mkdir -p "$frames" "$configs" "$console" "$arpbal"
# The receive target's seeds: ucarp's advertisements and IPv6 ones that
# authenticate against the target's vhosts (test/fuzz/carp6_seeds.py).
python3 - "$frames" "$top/test/data/ucarp-vhid7.pcap" \
	"$top/test/fuzz/carp6-seeds.pcap" <<'PY'
import os, struct, sys
for path in sys.argv[2:]:
    d = open(path, 'rb').read()
    name = os.path.basename(path).split('.')[0]
    off, i = 24, 0
    while off + 16 <= len(d):
        _, _, cl, _ = struct.unpack('<IIII', d[off:off + 16])
        off += 16
        open('%s/%s-%d' % (sys.argv[1], name, i), 'wb').write(d[off:off + cl])
        off += cl
        i += 1
PY
# Bursts in fuzz_arpbal's format (test/fuzz/fuzz_arpbal.c): a knobs byte,
# then (length, port, flags) and a frame; flags 0x01 is neighbour
# discovery, 0x02 a checksum to fix, 0x20 the end of a burst.
python3 - "$arpbal" <<'PY'
import struct, sys
mac = bytes.fromhex('025a0a000007')
def arp(tip):
    hdr = bytes.fromhex('0001080006040001')    # Ethernet, IPv4, request
    return (b'\xff' * 6 + mac + b'\x08\x06' + hdr + mac +
            bytes([10, 0, 0, 7]) + b'\x00' * 6 + bytes(tip)).ljust(60, b'\xa5')
def ns(src, target, slla=True):
    opt = b'\x01\x01' + mac if slla else b''
    icmp = b'\x87\x00\x00\x00' + b'\x00' * 4 + target + opt
    dst = bytes.fromhex('ff0200000000000000000001ff') + target[13:]
    ip = struct.pack('>IHBB', 6 << 28, len(icmp), 58, 255) + src + dst
    return b'\x33\x33' + dst[12:] + mac + b'\x86\xdd' + ip + icmp
def rec(frame, port, flags):
    return bytes([len(frame), port, flags]) + frame
v6 = bytes.fromhex('20010db8' + '00' * 11 + '10')
v6b = bytes.fromhex('20010db8' + '00' * 11 + '20')
src = bytes.fromhex('20010db8' + '00' * 8 + '0a000007')
seeds = {
    'arp': b'\x00' + rec(arp([192, 0, 2, 10]), 0, 0x20),
    'ns': b'\x00' + rec(ns(src, v6), 0, 0x23),
    'ns-noslla': b'\x01' + rec(ns(src, v6b, False), 0, 0x03),
    'dad': b'\x02' + rec(ns(b'\x00' * 16, v6, False), 0, 0x03),
    'mixed': b'\x05' + rec(arp([192, 0, 2, 20]), 1, 0) +
             rec(ns(src, v6b), 1, 0x03) + rec(ns(src, v6), 0, 0x07) +
             bytes([0x04, 0, 0x11]) + rec(ns(src, v6), 0, 0x23),
}
for name, data in seeds.items():
    open('%s/%s' % (sys.argv[1], name), 'wb').write(data)
PY
cp "$top/dpdk-carp.ini" "$top"/config/*.ini "$configs/"
i=0
while read -r line; do
	printf '%s\n' "$line" >"$console/cmd$i"
	i=$((i + 1))
done <<'CMDS'
help
show carp
show carp carp0
show carpstats
show sysctl
show port
show host
show workers
show arpbal
carp create x port port0 vhid 9
carp destroy carp1
carp add carp0 address 10.0.0.7/24
carp del carp2 address 10.1.0.101
carp set carp0 advskew 200
carp set carp1 down
sysctl set preempt 1
sysctl set arp_rate_per_source 5
demote
undemote
quit
CMDS

cd "$out"
export ASAN_OPTIONS=detect_leaks=0
limit=(-max_total_time="$secs")
[ -z "${RUNS:-}" ] || limit=(-runs="$RUNS")
for t in $targets; do
	case $t in
	carp_input) corpus=$frames ;;
	config) corpus=$configs ;;
	console) corpus=$console ;;
	arpbal) corpus=$arpbal ;;
	*) echo "fuzz.sh: no target $t" >&2; exit 1 ;;
	esac
	printf '%s: ' "$t"
	"./test/fuzz/fuzz_$t" "${limit[@]}" "$corpus" 2>&1 | tail -n 1
done
