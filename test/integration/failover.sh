#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Failover when the MASTER dies: routers a (advskew 0) and b (advskew 100)
# share one address on a segment with a client. a is MASTER and only the
# virtual MAC answers ARP; kill -9 a, and b must take over after exactly its
# master-down time, 3 * advbase + advskew / 256 = 3.390625 s, counted from
# a's last advertisement, while the client keeps the same virtual MAC.
#
# usage: bash test/integration/failover.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The protocol deadline, a 20 ms margin for clocks and capture timestamps
# below it, and 0.5 s of scheduling slack above it.
DOWN=3.390625
LOW=$(awk -v d=$DOWN 'BEGIN { printf "%.6f", d - 0.020 }')
HIGH=$(awk -v d=$DOWN 'BEGIN { printf "%.6f", d + 0.5 }')

only_vmac() {
	local macs
	macs=$(arping_macs c 1 "$VIP") || { echo "no ARP reply for $VIP" >&2; return 1; }
	echo "ARP replies for $VIP from: $(tr '\n' ' ' <<<"$macs")"
	[ "$macs" = "$(vmac "$VHID")" ]
}

neigh_is_vmac() { [ "$(neigh_mac c "$VIP")" = "$(vmac "$VHID")" ]; }

need_root
need_tools tcpdump tshark arping
need_binary

pair_setup
cap=$WORK/failover.pcap
capture_start 1 "$cap" || die "tcpdump did not start"

carp_start a 0 "$WORK/a.ini"
check "a becomes MASTER" wait_state 10 a carp0 MASTER
carp_start b 1 "$WORK/b.ini"
check "b becomes BACKUP" wait_state 10 b carp0 BACKUP
check "the client's ARP requests are answered by $(vmac "$VHID") only" only_vmac
udp_poke c "$VIP"
check "the client's neighbour entry for $VIP is the virtual MAC" \
	wait_for 3 neigh_is_vmac

# b's master-down time counts from the last advertisement it heard.
check "b hears a's advertisements" wait_advert "$cap" "$ADDR_A" 2
carp_stop a KILL
check "b becomes MASTER after kill -9 of a" wait_state 6 b carp0 MASTER
# b's first advertisement is sent when it takes over; wait for it to be
# in the capture, then stop the capture.
wait_for 2 takeover_gap "$cap" "$ADDR_A" "$ADDR_B" >/dev/null || true
capture_stop "$cap"

if t=$(takeover_gap "$cap" "$ADDR_A" "$ADDR_B"); then
	echo "takeover: $t s from a's last advertisement to b's first (bound $DOWN s)"
	check "takeover time $t s is within [$LOW, $HIGH] s" \
		fcmp "$t >= $LOW && $t <= $HIGH"
else
	fail "no advertisement from a followed by one from b in the capture"
fi
check "b advertises advbase 1 advskew $SKEW_B" \
	test "$(last_advert "$cap" "$ADDR_B")" = "1 $SKEW_B"
check "every frame from $(vmac "$VHID") has good CARP and IP checksums" \
	frames_valid "$cap" "$VHID"

check "the client's neighbour entry still holds the virtual MAC" neigh_is_vmac
check "after failover only $(vmac "$VHID") answers ARP" only_vmac
check "the switch has learnt $(vmac "$VHID") on b's port" \
	test "$(fdb_port 1 "$(vmac "$VHID")")" = "$(sw_if b 1)"

finish
