#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Mangled frames of every kind a port takes apart (test/integration/
# mangle.py: ARP, CARP over IPv4 and IPv6, echo requests, UDP and TCP to a
# virtual address, neighbour solicitations, MLD queries, tagged for a
# sub-port, for no sub-port, twice), cut short, overwritten and run on,
# sent as fast as a raw socket goes at two hosts: a, whose port has a VLAN
# sub-port, IPv6 and a kernel twin (every frame classified in full), MASTER
# of vhid 1 and of vhid 2 on the sub-port; and b, on one lcore, a plain
# port (the fast path: the balancer first), BACKUP of vhid 1 and MASTER of
# vhid 3.
# - both live through it, and no carp interface changes state: b does not
#   take vhid 1 over, each MASTER advertises every second meanwhile, none
#   late by half its interval;
# - the frames reached their workers, and went through the paths that
#   drop them (ARP, echo, VLAN and CARP counters, the kernel twin);
# - no frame is kept: the pools' buffers in use come back to where they
#   were (a leak of one buffer in a thousand frames would show);
# - a answers ARP for vhid 1's address afterwards, b for vhid 3's.
# The frames come from a seed (MANGLE_SEED, default 1): a failure names
# it, and with KEEP=1 the frames stay in the test's directory as a capture.
#
# usage: bash test/integration/mangled.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FLOOD=5				# seconds of mangled frames
SEED=${MANGLE_SEED:-1}
VLAN=30
VIP30=10.30.0.100
VIP3=$NET.103
VIP6=2001:db8:99::100
TWIN=twm$ID
SLACK=64			# buffers that may be on their way at a reading

need_root
need_tools python3 arping dpdk-telemetry.py
need_binary

seg_add 1
host_link a 1
host_link b 1
client_add c 1 "$ADDR_C/24"
ip netns exec "$(ns a)" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
	net.ipv6.conf.default.disable_ipv6=0
f=$WORK/a.ini
conf_global "$f"
conf_port "$f" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24, 2001:db8:99::1/64"
echo "host_iface = $TWIN" >>"$f"
printf '\n[port1]\nparent = port0\nvlan = %s\naddress = 10.30.0.1/24\n' \
	"$VLAN" >>"$f"
conf_carp "$f" carp0 port0 "$VHID" 1 0 mekmitasdigoat "$VIP/24, $VIP6/64"
conf_carp "$f" carp1 port1 2 1 0 mekmitasdigoat "$VIP30/24"
f=$WORK/b.ini
conf_global "$f"
conf_port "$f" port0 "$(dev_af_packet b 1 0)" "$ADDR_B/24, 2001:db8:99::2/64"
conf_carp "$f" carp0 port0 "$VHID" 1 100 mekmitasdigoat "$VIP/24, $VIP6/64"
conf_carp "$f" carp1 port0 3 1 0 mekmitasdigoat "$VIP3/24"
carp_start a 0-1 "$WORK/a.ini"
wait_state 10 a carp0 MASTER || die "a's carp0 did not become MASTER"
wait_state 10 a carp1 MASTER || die "a's carp1 did not become MASTER"
carp_start b 0 "$WORK/b.ini"
wait_state 10 b carp1 MASTER || die "b's carp1 did not become MASTER"
wait_state 10 b carp0 BACKUP || die "b's carp0 is not BACKUP"

# counter ROLE ENDPOINT NAME: a counter of ROLE's from a telemetry reply.
counter() { json_val "$(tel "$1" "$2")" "$3" || echo "?"; }
in_use() { counter "$1" /carp/workers mbufs_in_use; }
transitions() { grep -c -- ' -> ' "${CARP_LOG[$1]}" || true; }

# settled ROLE: ROLE's buffers in use read the same twice, 0.2 s apart
# (its queues have filled); sets USE.
settled() {
	local u
	u=$(in_use "$1")
	sleep 0.2	# the interval the reading must hold over
	USE=$(in_use "$1")
	[ "$u" = "$USE" ]
}
# back_to ROLE LIMIT: ROLE's buffers in use are at most LIMIT; sets USE.
back_to() { USE=$(in_use "$1"); [ "$USE" -le "$2" ]; }

declare -A base=() rx0=() tr0=() opk=()
for h in a b; do
	wait_for 5 settled $h || true
	base[$h]=$USE
	check "$h: the pool's buffers in use read (${base[$h]}) in /carp/workers" \
		eval '[ "${base[$h]}" -ge 0 ] 2>/dev/null'
	rx0[$h]=$(counter $h /carp/workers rx)
	tr0[$h]=$(transitions $h)
done
opk[a0]=$(counter a /carp/vhost,carp0 opackets)
opk[a1]=$(counter a /carp/vhost,carp1 opackets)
opk[b1]=$(counter b /carp/vhost,carp1 opackets)

mac_c=$(ip netns exec "$(ns c)" cat "/sys/class/net/$(if_name c 1)/address")
mac_a=$(ip netns exec "$(ns a)" cat "/sys/class/net/$(if_name a 1)/address")
spawn "$WORK/mangle.log" "$(ns c)" python3 "$TOP/test/integration/mangle.py" \
	"$(if_name c 1)" "$mac_c" "$FLOOD" "$SEED" "$VIP,$VIP3" "$VIP6" \
	"$VLAN" "$mac_a" "$WORK/mangled-$SEED.pcap"
job=$SPAWNED
wait_for $((FLOOD + 30)) _not alive "$job" || die "mangle.py did not end"
sent=$(head -n 1 "$WORK/mangle.log")
echo "mangled frames (seed $SEED): $sent sent; kinds: $(tail -n +2 "$WORK/mangle.log" | tr '\n' ' ')"

declare -A W=() A=() S=()
for h in a b; do
	pid=$(proc_of "${CARP_JOB[$h]}") || pid=
	check "$h lives through $sent mangled frames (seed $SEED)" \
		eval '[ -n "$pid" ] && alive "$pid"'
	W[$h]=$(tel $h /carp/workers)
	A[$h]=$(tel $h /arpbal/stats)
	S[$h]=$(tel $h /carp/stats)
	rx=$(( $(json_val "${W[$h]}" rx) - rx0[$h] ))
	check "$h: its worker received them: $rx of $sent (at least a tenth)" \
		eval '[ "$sent" -gt 0 ] && [ $((10 * rx)) -ge "$sent" ]'
	tr=$(transitions $h)
	check "$h: no carp interface changed state (${tr0[$h]} -> $tr transitions in the log)" \
		eval '[ "$tr" = "${tr0[$h]}" ]'
done
check "a is MASTER of vhids 1 and 2, b BACKUP of 1 and MASTER of 3" \
	eval 'state_is a carp0 MASTER && state_is a carp1 MASTER &&
		state_is b carp0 BACKUP && state_is b carp1 MASTER'
d0=$(( $(counter a /carp/vhost,carp0 opackets) - opk[a0] ))
d1=$(( $(counter a /carp/vhost,carp1 opackets) - opk[a1] ))
d3=$(( $(counter b /carp/vhost,carp1 opackets) - opk[b1] ))
la=$(counter a /carp/lateness max_ns)
lb=$(counter b /carp/lateness max_ns)
check "each MASTER advertised every second meanwhile ($d0, $d1, $d3 in ${FLOOD}+ s), none late by 0.5 s (max $la, $lb ns)" \
	eval 'for d in $d0 $d1 $d3; do [ "$d" -ge $((FLOOD - 1)) ] || exit 1; done &&
		[ "$la" -lt 500000000 ] && [ "$lb" -lt 500000000 ]'

# The paths that drop what is wrong, each taken.
nonzero() { json_val "$1" "$2" | grep -qv '^0$'; }
paths() {
	local h=$1 k v out=
	shift
	for k; do
		v=$(json_val "${W[$h]}" "$k") || v=$(json_val "${A[$h]}" "$k") ||
			v=$(json_val "${S[$h]}" "$k") || v='?'
		out+=" $k $v"
		[ "$v" != 0 ] && [ "$v" != "?" ] || PATHS_OK=0
	done
	PATHS=$out
}
PATHS_OK=1
paths a malformed nd_requests icmp_malformed vlan_unknown other \
	host_queued badauth badlen badsum answered
check "a: they went through the paths that drop them:$PATHS" \
	eval '[ "$PATHS_OK" = 1 ]'
PATHS_OK=1
paths b malformed nd_requests not_master vmac_not_master icmp_malformed \
	other badauth badlen answered
check "b: they went through the paths that drop them:$PATHS" \
	eval '[ "$PATHS_OK" = 1 ]'

# A leak shows as buffers that never come back once the frames stop.
for h in a b; do
	wait_for 5 back_to $h $((base[$h] + SLACK)) || true
	check "$h: no buffer kept: in use $USE after, ${base[$h]} before (slack $SLACK)" \
		eval '[ "$USE" -le $((base[$h] + SLACK)) ]'
done

macs=$(arping_macs c 1 "$VIP") || macs=
check "a answers ARP for $VIP afterwards, from $(vmac "$VHID") ($macs)" \
	eval '[ "$macs" = "$(vmac "$VHID")" ]'
macs=$(arping_macs c 1 "$VIP3") || macs=
check "b answers ARP for $VIP3 afterwards, from $(vmac 3) ($macs)" \
	eval '[ "$macs" = "$(vmac 3)" ]'
[ "$_fail" = 0 ] ||
	echo "again: MANGLE_SEED=$SEED; with KEEP=1 the frames stay in $WORK/mangled-$SEED.pcap"
finish
