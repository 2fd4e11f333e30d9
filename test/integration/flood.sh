#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# A flood of forged advertisements (vhid 1, bad digest), as fast as one
# raw socket sends them, from the client while a is MASTER and b BACKUP.
# They must be dropped and counted (badauth), and never hold back the
# control lcore's timers: a keeps advertising once a second and b, which
# floods too, neither misses a's advertisements nor takes over. b's
# workers queue a's advertisements, and only those, ahead of the flood
# (carp_known: from the source last heard for the vhid).
#
# usage: bash test/integration/flood.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FLOOD_SECONDS=4

# The flooder, run as: python3 - IFACE SECONDS; prints how many it sent.
# Forged CARP advertisements for vhid 1 from 02:00:00:00:00:99 /
# 10.99.1.99, valid checksums, random digests.
read -r -d '' FLOOD_PY <<'PY' || true
import os, socket, struct, sys, time

def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s & 0xffff) + (s >> 16)
    s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def frame(counter):
    carp = struct.pack('!BBBBBBH', 0x21, 1, 0, 7, 0, 1, 0) + \
        struct.pack('!Q', counter) + os.urandom(20)
    carp = carp[:6] + struct.pack('!H', csum(carp)) + carp[8:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0x10, 56, 0, 0x4000, 255, 112, 0,
                     socket.inet_aton('10.99.1.99'),
                     socket.inet_aton('224.0.0.18'))
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    eth = bytes.fromhex('01005e000012' '020000000099' '0800')
    return eth + ip + carp

frames = [frame(i) for i in range(256)]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
end = time.monotonic() + float(sys.argv[2])
n = 0
while time.monotonic() < end:
    for f in frames:
        try:
            s.send(f)
            n += 1
        except BlockingIOError:
            pass
print(n)
PY

# badauth ROLE: the carpstats badauth counter of ROLE's dpdk-carp.
badauth() {
	json_val "$(tel "$1" /carp/stats)" badauth
}

need_root
need_tools tcpdump tshark python3 dpdk-telemetry.py
need_binary

pair_setup
cap=$WORK/flood.pcap
# Only a's advertisements: the flood itself would swamp the capture.
spawn "$cap.log" "$(ns sw)" tcpdump -i "$(br_name 1)" -n -s 128 -U \
	--immediate-mode -Z root -w "$cap" ether src "$(vmac "$VHID")"
capjob=$SPAWNED
wait_for 5 grep -qs "listening on" "$cap.log" || die "tcpdump did not start"

check "a becomes MASTER, b BACKUP" pair_start
check "b hears a's advertisements" wait_advert "$cap" "$ADDR_A" 2
before_a=$(badauth a)
before_b=$(badauth b)
known() { json_val "$(tel b /carp/workers)" carp_known; }
known_b=$(known)

t0=$EPOCHREALTIME
sent=$(ip netns exec "$(ns c)" timeout $((FLOOD_SECONDS + 10)) \
	python3 - "$(if_name c 1)" "$FLOOD_SECONDS" <<<"$FLOOD_PY") || sent=0
t1=$EPOCHREALTIME
echo "flood: $sent forged advertisements in $FLOOD_SECONDS s"
check "the flood was sent (${sent:-0} frames)" test "${sent:-0}" -gt 10000

after_a=$(badauth a)
after_b=$(badauth b)
echo "badauth: a $before_a -> $after_a, b $before_b -> $after_b"
check "a counted the forged advertisements as badauth" \
	test $((after_a - before_a)) -gt 1000
check "b counted the forged advertisements as badauth" \
	test $((after_b - before_b)) -gt 1000

wait_for 3 cap_has_after "$cap" "$t1" || true
stop "$capjob" TERM
# a's advertisements over the flood, and the gaps between them.
carp_frames "$cap" >"$WORK/flood.frames"
g=$(gaps "$WORK/flood.frames" "$ADDR_A" "$VHID" \
	"$(awk -v t="$t0" 'BEGIN { printf "%.6f", t - 1.2 }')" \
	"$(awk -v t="$t1" 'BEGIN { printf "%.6f", t + 1.2 }')")
echo "a's advertisements around the flood: $g (count, shortest, longest gap)"
read -ra gv <<<"$g"
check "a kept advertising once a second through the flood ($g)" \
	rhythm_ok "$FLOOD_SECONDS" 0.8 1.2 "${gv[@]}"
check "a is still MASTER" state_is a carp0 MASTER
check "b is still BACKUP" state_is b carp0 BACKUP
check "b never took over" \
	eval '! grep -q "carp0 vhid 1: BACKUP -> MASTER" "${CARP_LOG[b]}"'
known_n=$(( $(known) - known_b ))
check "b queued a's advertisements ahead of the flood, and none of the forged ones ($known_n; a sent ${gv[0]} around it)" \
	eval '[ "$known_n" -ge $((FLOOD_SECONDS - 1)) ] && [ "$known_n" -le $((gv[0] + 3)) ]'

finish
