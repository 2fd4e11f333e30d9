#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Unicast peers ([carpN] peer) on a bridge that floods no multicast to the
# two routers' ports (bridge link ... mcast_flood off):
#  (1) the control: without peer, neither hears the other and both are
#      MASTER;
#  (2) with each naming the other as peer: one MASTER, one BACKUP; the
#      advertisements go to the peer's address and, once ARP has
#      resolved it, to its MAC (from the virtual MAC); the BACKUP takes
#      over within the master-down bound after kill -9, and at once
#      after a bow-out (SIGTERM).
#
# usage: bash test/integration/peer.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DOWN=3.390625
HIGH=$(awk -v d=$DOWN 'BEGIN { printf "%.6f", d + 0.5 }')
LIMIT=0.100

need_root
need_tools tcpdump tshark bridge dpdk-telemetry.py
need_binary

pair_setup
for r in a b; do
	bridge -n "$(ns sw)" link set dev "$(sw_if $r 1)" mcast_flood off
done
cap=$WORK/peer.pcap
capture_start 1 "$cap" || die "tcpdump did not start"

# --- (1) without peer -------------------------------------------------------------------
carp_start a 0 "$WORK/a.ini"
carp_start b 1 "$WORK/b.ini"
check "(1) without peer, a becomes MASTER" wait_state 10 a carp0 MASTER
check "(1) and so does b: neither hears the other" wait_state 10 b carp0 MASTER
carp_stop a TERM
carp_stop b TERM

# --- (2) with peer ----------------------------------------------------------------------
echo "peer = $ADDR_B" >>"$WORK/a.ini"
echo "peer = $ADDR_A" >>"$WORK/b.ini"
mac_of() { ip netns exec "$(ns "$1")" cat "/sys/class/net/$(if_name "$1" 1)/address"; }
MAC_A=$(mac_of a) MAC_B=$(mac_of b)
t0=$EPOCHREALTIME
carp_start a 0 "$WORK/a.ini"
check "(2) a becomes MASTER" wait_state 10 a carp0 MASTER
carp_start b 1 "$WORK/b.ini"
check "(2) b becomes BACKUP, hearing a's unicast advertisements" \
	wait_state 10 b carp0 BACKUP
check "(2) both keep their roles for 4 s" \
	holds 4 eval 'state_is a carp0 MASTER && state_is b carp0 BACKUP'
# a_to_b: a's advertisements since t0, "dst_ip dst_mac" for each.
a_to_b() {
	timeout 30 tshark -r "$cap" -d ip.proto==112,carp \
		-Y "carp && eth.src == $(vmac "$VHID") && frame.time_epoch > $t0" \
		-T fields -e ip.dst -e eth.dst 2>/dev/null
}
peer_mac_is() { tel a /carp/vhost,carp0 | has -i "\"peer_mac\": \"$1\""; }
check "(2) a resolved b's MAC by ARP ($MAC_B, in /carp/vhost)" \
	wait_for 5 peer_mac_is "$MAC_B"
check "(2) a's advertisements go to b's address, none to 224.0.0.18" \
	eval 'a_to_b | has "^$ADDR_B" && ! a_to_b | has "^224.0.0.18"'
check "(2) once resolved, to b's MAC ($MAC_B)" \
	eval 'wait_for 5 eval "a_to_b | tail -n 1 | has \"$MAC_B\""'

carp_stop a KILL
check "(2) kill -9 a: b becomes MASTER" wait_state $HIGH b carp0 MASTER
g=$(takeover_gap "$cap" "$ADDR_A" "$ADDR_B") || g=none
echo "takeover after kill -9: $g s from a's last advertisement"
check "(2) within the master-down bound ($g, in $DOWN - 0.02 .. $HIGH)" \
	eval '[ "$g" != none ] && fcmp "$g >= $DOWN - 0.02 && $g <= $HIGH"'
carp_start a 0 "$WORK/a.ini"
check "(2) a restarts as BACKUP (preempt 0)" wait_state 10 a carp0 BACKUP
wait_advert "$cap" "$ADDR_B" 3 || true
carp_stop b TERM
check "(2) b's bow-out: a becomes MASTER" wait_state 2 a carp0 MASTER
g=$(takeover_gap "$cap" "$ADDR_B" "$ADDR_A") || g=none
echo "takeover after the bow-out: $g s"
check "(2) within $LIMIT s of the bow-out ($g)" \
	eval '[ "$g" != none ] && fcmp "$g >= 0 && $g <= $LIMIT"'
check "(2) b's last advertisement, the bow-out, went to a ($ADDR_A)" \
	eval 'timeout 30 tshark -r "$cap" -d ip.proto==112,carp -Y "carp && ip.src == $ADDR_B && carp.adver_int == 255" -T fields -e ip.dst 2>/dev/null | has "^$ADDR_A$"'
carp_stop a TERM
capture_stop "$cap"
check "every CARP frame of vhid $VHID well formed" frames_valid "$cap" "$VHID"
finish
