#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# VLAN sub-ports ([portN] parent, vlan) on net_af_packet trunks:
#  (1) ucarp as the peer on VLAN 10, behind a user-space access switch
#      (test/integration/vlanswitch.py: this kernel has no 802.1Q
#      interfaces and no VLAN-filtering bridge) that tags towards dpdk-carp
#      and untags towards ucarp: election both ways, takeover after kill -9,
#      nothing rejected on either side, and every frame dpdk-carp sent
#      tagged with VLAN 10 and well formed;
#  (2) two hosts, two sub-ports each (VLANs 30 and 40) with the same vhid:
#      independent elections (a MASTER on 30, b on 40); ARP and echo
#      requests tagged 30 answered tagged 30 by a only; a's kernel twin on
#      VLAN 30 reached, tagged, at a's own address; untagged frames and
#      unknown VLANs dropped and counted;
#  (3) carp(4)'s first example on VLANs: a MASTER of both sub-ports; its
#      trunk's link goes down, and b takes over both; it comes back, and a
#      takes both back (preempt).
#
# usage: bash test/integration/vlan.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

V=7 PASS=mekmitasdigoat

need_root
need_tools ucarp tcpdump tshark python3 dpdk-telemetry.py
need_binary

# trunk_conf FILE ROLE GLOBAL...: [global] and the trunk port0 of ROLE:
# net_af_packet, whose tags the device takes out and puts in (offloads),
# except for b: net_tap, whose tags stay in the frames (software).
trunk_conf() {
	local dev
	dev=$(dev_af_packet "$2" 1 0)
	[ "$2" != b ] || dev=$(dev_tap b 1 0)
	conf_global "$1" "${@:3}"
	printf '\n[port0]\ndevice = %s\n' "$dev" >>"$1"
}

# sub_port FILE NAME VLAN ADDRESS/LEN: a VLAN sub-port of port0.
sub_port() {
	printf '\n[%s]\nparent = port0\nvlan = %s\naddress = %s\n' \
		"$2" "$3" "$4" >>"$1"
}

seg_add 1
cap=$WORK/vlan.pcap
capture_start 1 "$cap" || die "tcpdump did not start"

# --- (1) ucarp on VLAN 10 ---------------------------------------------------------------
echo "# (1) ucarp as the peer on VLAN 10"
NET10=10.10.0 VIP10=10.10.0.100
host_link d 1
host_link w 1			# the access switch's trunk side
ns_add u
ip link add "$(if_name u 2)" netns "$(ns u)" type veth \
	peer name "$(if_name w 2)" netns "$(ns w)"
ip -n "$(ns u)" link set "$(if_name u 2)" up
ip -n "$(ns w)" link set "$(if_name w 2)" up
ip -n "$(ns u)" addr add "$NET10.3/24" dev "$(if_name u 2)"
spawn "$WORK/vlanswitch.log" "$(ns w)" python3 "$TOP/test/integration/vlanswitch.py" \
	"$(if_name w 1)" "$(if_name w 2)" 10
SWJOB=$SPAWNED

ucarp_start() {
	ucarp_run "$(if_name u 2)" "$NET10.3" "$VIP10" $V $PASS "$@"
}
quiet() { ucarp_quiet d; }
d_conf() {
	trunk_conf "$WORK/d.ini" d
	sub_port "$WORK/d.ini" port1 10 "$NET10.1/24"
	conf_carp "$WORK/d.ini" carp0 port1 $V 1 "$1" $PASS "$VIP10/24"
}

ucarp_start 0
check "(1a) ucarp becomes master" wait_for 10 ucarp_is up
d_conf 100
carp_start d 0 "$WORK/d.ini"
check "(1a) dpdk-carp on VLAN 10 becomes BACKUP" wait_state 10 d carp0 BACKUP
check "(1a) and stays BACKUP for 4 s while ucarp advertises" \
	holds 4 state_is d carp0 BACKUP
stop "$UJOB" KILL
check "(1a) dpdk-carp takes over after ucarp is killed (-9)" \
	wait_state 6 d carp0 MASTER
check "(1a) neither rejected an advertisement" quiet
carp_stop d TERM

d_conf 0
carp_start d 0 "$WORK/d.ini"
check "(1b) dpdk-carp becomes MASTER" wait_state 10 d carp0 MASTER
ucarp_start 100
check "(1b) ucarp starts as backup and stays so for 4 s" \
	eval 'wait_for 5 ucarp_is down && holds 4 ucarp_is down'
carp_stop d KILL
check "(1b) ucarp becomes master after dpdk-carp is killed (-9)" \
	wait_for $UCARP_TAKEOVER ucarp_is up
check "(1b) neither rejected an advertisement" quiet
stop "$UJOB" TERM
stop "$SWJOB" TERM
echo "access switch: $(tail -n 1 "$WORK/vlanswitch.log")"

# --- (2) two hosts, two VLANs, one vhid ---------------------------------------------------
echo "# (2) VLANs 30 and 40, vhid 1 on each, a and b"
host_link a 1
host_tap_bridge b 1
client_add c 1 "10.99.9.50/24"
# pair_conf SKEW30A SKEW40A: a and b with opposite skews on each VLAN.
pair_conf() {
	local r n s30 s40
	for r in a b; do
		if [ "$r" = a ]; then n=1 s30=$1 s40=$2; else n=2 s30=$((100 - $1)) s40=$((100 - $2)); fi
		trunk_conf "$WORK/$r.ini" "$r" preempt=1
		sub_port "$WORK/$r.ini" port1 30 "10.30.0.$n/24"
		# a's VLAN 30 has a kernel twin: the host's own address.
		[ "$r" != a ] || echo "host_iface = t30$ID" >>"$WORK/$r.ini"
		sub_port "$WORK/$r.ini" port2 40 "10.40.0.$n/24"
		conf_carp "$WORK/$r.ini" carp0 port1 1 1 "$s30" $PASS "10.30.0.100/24"
		conf_carp "$WORK/$r.ini" carp1 port2 1 1 "$s40" $PASS "10.40.0.100/24"
	done
}
pair_conf 0 100
carp_start a 0 "$WORK/a.ini"
carp_start b 1 "$WORK/b.ini"
tap_attach b 1 || fail "(2) b's tap did not appear"
check "(2) a is MASTER on VLAN 30" wait_state 10 a carp0 MASTER
check "(2) a's tags are the device's (net_af_packet offloads)" \
	grep -q "VLAN tags by the device" "${CARP_LOG[a]}"
check "(2) b's tags are in software (net_tap)" \
	grep -q "VLAN tags in software" "${CARP_LOG[b]}"
check "(2) b is MASTER on VLAN 40" wait_state 10 b carp1 MASTER
check "(2) a is BACKUP on VLAN 40, b on VLAN 30" \
	eval 'wait_state 5 a carp1 BACKUP && wait_state 5 b carp0 BACKUP'
check "(2) the roles hold for 3 s" holds 3 eval 'state_is a carp0 MASTER &&
	state_is a carp1 BACKUP && state_is b carp0 BACKUP && state_is b carp1 MASTER'

# answered ROLE CARP: its arp_answered and icmp counters, as "ARP ICMP".
answered() {
	local j
	j=$(tel "$1" "/carp/vhost,$2")
	echo "$(json_val "$j" arp_answered || echo ?) $(json_val "$(tel "$1" /carp/workers)" icmp_answered || echo ?)"
}
frames() { frames_from c "$@"; }
before_a=$(answered a carp0) before_b=$(answered b carp0)
got=$(frames vlan 10.30.0.100 arp_ok 3 "$(vmac 1)" 30) || got="? ?"
check "(2) 3 ARP requests tagged 30: 3 replies tagged 30, none otherwise ($got)" \
	test "$got" = "3 0"
got=$(frames vlan 10.30.0.100 echo_ok 3 "$(vmac 1)" 30) || got="? ?"
check "(2) 3 echo requests tagged 30: 3 replies tagged 30, none otherwise ($got)" \
	test "$got" = "3 0"
after_a=$(answered a carp0) after_b=$(answered b carp0)
check "(2) a answered them (ARP, ICMP: $before_a -> $after_a)" \
	test "$(awk '{ print $1 + 3, $2 + 3 }' <<<"$before_a")" = "$after_a"
check "(2) b, BACKUP on VLAN 30, did not ($before_b -> $after_b)" \
	test "$(awk '{ print $1 }' <<<"$before_b")" = "$(awk '{ print $1 }' <<<"$after_b")"
MAC_A=$(ip netns exec "$(ns a)" cat "/sys/class/net/$(if_name a 1)/address")
# From an address of VLAN 30's subnet: the twin's kernel learns it from
# the ARP requests, and answers the echo requests through it.
got=$(FRAMES_SIP=10.30.0.77 frames vlan 10.30.0.1 arp_ok 3 "$MAC_A" 30) || got="? ?"
check "(2) a's kernel twin on VLAN 30 answers ARP for its address, tagged 30 ($got)" \
	test "$got" = "3 0"
got=$(FRAMES_SIP=10.30.0.77 frames vlan 10.30.0.1 echo_ok 3 "$MAC_A" 30) || got="? ?"
check "(2) and echo requests to it, tagged 30 ($got)" test "$got" = "3 0"
got=$(frames vlan 10.40.0.100 arp_ok 3 "$(vmac 1)" 40) || got="? ?"
check "(2) on VLAN 40, b answers, tagged 40 ($got)" test "$got" = "3 0"
u0=$(json_val "$(tel a /carp/workers)" vlan_untagged || echo 0)
k0=$(json_val "$(tel a /carp/workers)" vlan_unknown || echo 0)
got=$(frames odd 10.30.0.100 arp_ok 3 "$(vmac 1)") || got=?
frames vlan 10.30.0.100 arp_ok 3 "$(vmac 1)" 50 >/dev/null || true
check "(2) untagged: no reply ($got), counted on the trunk without address" \
	eval '[ "$got" = 0 ] && wait_for 2 eval "[ \$(json_val \"\$(tel a /carp/workers)\" vlan_untagged) -ge $((u0 + 3)) ]"'
check "(2) VLAN 50, which no sub-port has: counted" \
	wait_for 2 eval "[ \$(json_val \"\$(tel a /carp/workers)\" vlan_unknown) -ge $((k0 + 3)) ]"
carp_stop a TERM
carp_stop b TERM

# --- (3) carp(4)'s first example, on VLANs ----------------------------------------------
echo "# (3) a MASTER of both VLANs; its trunk goes down"
pair_conf 0 0
carp_start a 0 "$WORK/a.ini"
check "(3) a is MASTER on both VLANs" \
	eval 'wait_state 10 a carp0 MASTER && wait_state 10 a carp1 MASTER'
carp_start b 1 "$WORK/b.ini"
tap_attach b 1 || fail "(3) b's tap did not appear"
check "(3) b is BACKUP on both" \
	eval 'wait_state 10 b carp0 BACKUP && wait_state 10 b carp1 BACKUP'
ip -n "$(ns a)" link set "$(if_name a 1)" down
check "(3) the trunk's link down takes a's sub-ports down" \
	eval 'wait_state 3 a carp0 INIT && wait_state 3 a carp1 INIT'
check "(3) b takes over both" \
	eval 'wait_state 5 b carp0 MASTER && wait_state 5 b carp1 MASTER'
ip -n "$(ns a)" link set "$(if_name a 1)" up
check "(3) the link back, a takes both back (preempt)" \
	eval 'wait_state 8 a carp0 MASTER && wait_state 8 a carp1 MASTER'
check "(3) and b goes back to BACKUP on both" \
	eval 'wait_state 3 b carp0 BACKUP && wait_state 3 b carp1 BACKUP'
carp_stop a TERM
carp_stop b TERM

capture_stop "$cap"
# Every frame from a virtual MAC: tagged, with a VLAN a sub-port has.
untagged=$(timeout 60 tshark -r "$cap" -Y "eth.src == $(vmac $V) || eth.src == $(vmac 1)" \
	-T fields -e vlan.id 2>/dev/null | grep -c '^$' || true)
tagged=$(timeout 60 tshark -r "$cap" -Y "eth.src == $(vmac $V) || eth.src == $(vmac 1)" \
	-T fields -e vlan.id 2>/dev/null | grep -cE '^(10|30|40)$' || true)
check "every frame from a virtual MAC is tagged ($tagged tagged, $untagged not)" \
	eval '[ "$tagged" -gt 20 ] && [ "$untagged" = 0 ]'
check "tshark finds every CARP frame of vhid $V well formed" frames_valid "$cap" $V
check "tshark finds every CARP frame of vhid 1 well formed" frames_valid "$cap" 1
finish
