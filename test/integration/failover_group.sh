#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The failover group of the carp(4) manual's first example: routers a and
# b on two segments, vhid 1 on segment 1 and vhid 2 on segment 2,
# preempt = 1 on both, b with advskew 100 on both. a is MASTER of both.
# When a's link on segment 1 goes down, b must become MASTER of BOTH: of
# vhid 1 because a falls silent there, of vhid 2 by preemption, because a,
# with a problem counted in suppress_preempt, advertises advskew 240 there.
# When the link comes back, a preempts both back.
#
# The ports are net_tap, each bridged to its segment inside the router's
# namespace: net_tap reports the kernel link state of its tap, so
# `ip link set TAP down` is a link failure dpdk-carp sees. net_af_packet
# (22.11) cannot serve here: it reports its link up from start to stop,
# whatever the state of its interface.
#
# usage: bash test/integration/failover_group.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# router_start ROLE LCORE: start it and bridge its two taps.
router_start() {
	carp_start "$1" "$2" "$WORK/$1.ini"
	tap_attach "$1" 1 && tap_attach "$1" 2
}

both() { state_is "$1" carp0 "$2" && state_is "$1" carp1 "$2"; }

# skews_of CAP SRC: the advskews SRC advertised, repeats of the same
# one in a row shown once.
skews_of() {
	adverts "$1" | awk -v s="$2" '$2 == s && (!n++ || $4 != p) { print $4; p = $4 }'
}
skews_are() { [ "$(skews_of "$1" "$2" | tr '\n' ' ')" = "$3 " ]; }

need_root
need_tools tcpdump tshark
need_binary

seg_add 1
seg_add 2
router_conf a 1 0
router_conf b 2 100
cap=$WORK/segment2.pcap
capture_start 2 "$cap" || die "tcpdump did not start"

check "a starts, its taps bridged" router_start a 0
check "a becomes MASTER of vhid 1 and vhid 2" wait_for 10 both a MASTER
check "b starts, its taps bridged" router_start b 1
check "b becomes BACKUP of vhid 1 and vhid 2" wait_for 10 both b BACKUP

ip -n "$(ns a)" link set "$(tap_name a 1)" down
check "a sees its segment-1 link down: vhid 1 goes INIT" \
	wait_state 2 a carp0 INIT
check "b becomes MASTER of vhid 2 at once, by preemption" \
	wait_state 1 b carp1 MASTER
check "b becomes MASTER of vhid 1 when a's advertisements stop" \
	wait_state 6 b carp0 MASTER
check "a is BACKUP of vhid 2" wait_state 1 a carp1 BACKUP

ip -n "$(ns a)" link set "$(tap_name a 1)" up
check "a preempts both back when its link returns" wait_for 6 both a MASTER
check "b is BACKUP of both again" wait_for 2 both b BACKUP

# On segment 2, a advertised 0, then 240 while its link was down, then 0.
# Read from the live capture: tcpdump may still be writing the last frames.
check "a advertised advskew 0, 240 and 0 again on segment 2" \
	wait_for 3 skews_are "$cap" 10.99.2.1 "0 240 0"
capture_stop "$cap"
check "b took vhid 2 by preemption, on a's advertisement" \
	grep -q "carp1 vhid 2: BACKUP -> MASTER (10.99.2.1 advertised)" \
		"${CARP_LOG[b]}"
check "every frame from $(vmac 2) has good CARP and IP checksums" \
	frames_valid "$cap" 2

finish
