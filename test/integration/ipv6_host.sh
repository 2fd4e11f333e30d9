#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The host exception path over IPv6 (lib/carp/PROTOCOL.md §10.6): hosts
# a (advskew 0) and b (advskew 100), each with a kernel twin, share a
# dual-stack vhost; their namespaces and client c's have IPv6 on. On each
# host an HTTP service (svc.py) answers with the host's name on the
# virtual IPv6 address.
#
#   twin      each twin holds its port's IPv6 address and the virtual one
#             as a /128 without duplicate address detection or prefix route
#   serve     c's requests to the virtual address are served by a; c's
#             neighbour entry for it is the virtual MAC, whatever a's
#             kernel solicited from it
#   identity  c reaches a's own IPv6 address
#   backup    on b, the kernel sending from the virtual address puts nothing
#             on the wire, and b counts what it dropped
#   failover  kill -9 of a: b serves the virtual address within
#             master-down + 1 s
# Over the whole run, no neighbour advertisement from a twin names the
# virtual address, and every solicitation sent from it gives the virtual
# MAC as its source link-layer address.
#
# usage: bash test/integration/ipv6_host.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_root
need_binary
need_tools curl python3 tshark tcpdump

SVC=$TOP/test/integration/svc.py
P6=2001:db8:99:1
A6=$P6::1 B6=$P6::2 C6=$P6::50 VIP6=$P6::100
TWIN_A=twa$ID TWIN_B=twb$ID
VMAC=$(vmac "$VHID")
DOWN=3.390625

ipv6_on() {
	ip netns exec "$(ns "$1")" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0
}

# host_conf ROLE HOSTNUM SKEW TWIN ADDR6: $WORK/ROLE.ini, dual-stack carp0.
host_conf() {
	local f=$WORK/$1.ini
	conf_global "$f"
	conf_port "$f" port0 "$(dev_af_packet "$1" 1 0)" "$NET.$2/24, $5/64"
	echo "host_iface = $4" >>"$f"
	conf_carp "$f" carp0 port0 "$VHID" 1 "$3" mekmitasdigoat "$VIP/24, $VIP6/64"
}

declare -A SVC_LOG=()
svc() {
	local log=$WORK/svc-$1-$4.log
	spawn "$log" "$(ns "$1")" python3 "$SVC" "$2" "$3" "$4"
	SVC_LOG[$1-$4]=$log
	wait_for 10 grep -qs "listening on" "$log"
}
get() {
	ip netns exec "$(ns "$1")" curl -sf -m 2 "${@:3}" "$2" 2>/dev/null
}
says_name() { [ "$(get "$1" "$2" "${@:4}")" = "$3" ]; }
requests() { grep -c '^[0-9.]* ' "${SVC_LOG[$1-$2]}" || true; }

seg_add 1
host_link a 1
host_link b 1
client_add c 1 "$ADDR_C/24"
for h in a b c; do ipv6_on "$h"; done
ip netns exec "$(ns c)" sysctl -qw "net.ipv6.conf.$(if_name c 1).disable_ipv6=0"
ip -n "$(ns c)" addr add "$C6/64" dev "$(if_name c 1)" nodad
host_conf a 1 "$SKEW_A" "$TWIN_A" "$A6"
host_conf b 2 "$SKEW_B" "$TWIN_B" "$B6"
cap=$WORK/seg.pcap
capture_start 1 "$cap" || die "tcpdump did not start"
pair_start || die "a is not MASTER, or b not BACKUP"

has_addr6() {
	ip -n "$(ns "$1")" -o addr show "$2" | has "inet6 $3"
}
check "a's twin holds a's IPv6 address" has_addr6 a "$TWIN_A" "$A6/64"
check "a's twin holds $VIP6/128 without DAD or prefix route" \
	has_addr6 a "$TWIN_A" "$VIP6/128 .*nodad.*noprefixroute"
check "b's twin holds it too, while BACKUP" has_addr6 b "$TWIN_B" "$VIP6/128"
check "the twin accepts no router advertisements" test \
	"$(ip netns exec "$(ns a)" sysctl -n "net.ipv6.conf.$TWIN_A.accept_ra")" = 0
# The twins' own addresses pass their duplicate address detection.
tentative_gone() { ! ip -n "$(ns "$1")" -o addr show "$2" | has tentative; }
check "a's twin's addresses are usable (DAD done)" wait_for 5 tentative_gone a "$TWIN_A"
wait_for 5 tentative_gone b "$TWIN_B" || true

svc a a "$VIP6" 8080
svc b b "$VIP6" 8080
svc a a "$A6" 8081

check "c's request to [$VIP6] is served by a" \
	wait_for 5 says_name c "http://[$VIP6]:8080/name" a
check "again, 5 times" eval 'for i in 1 2 3 4 5; do says_name c "http://[$VIP6]:8080/name" a || exit 1; done'
check "b's service saw none of them" test "$(requests b 8080)" = 0
check "c's neighbour entry for $VIP6 is $VMAC" \
	test "$(neigh_mac c "$VIP6")" = "$VMAC"
check "c reaches a's own address [$A6]" says_name c "http://[$A6]:8081/name" a

# b, BACKUP: its kernel sends from the virtual address; nothing leaves.
before=$(json_val "$(tel b /carp/host)" vip_not_master)
ip netns exec "$(ns b)" curl -s -m 1 --interface "$VIP6" "http://[$C6]:9/" >/dev/null 2>&1 || true
after=$(json_val "$(tel b /carp/host)" vip_not_master)
check "b drops what its kernel sends from $VIP6 (vip_not_master $before -> $after)" \
	test "$after" -gt "$before"

# --- failover -----------------------------------------------------------------------

carp_stop a KILL
t0=$EPOCHREALTIME
check "b becomes MASTER" wait_state 6 b carp0 MASTER
check "b serves [$VIP6]" wait_for 6 says_name c "http://[$VIP6]:8080/name" b
t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
check "within master-down + 1 s of the kill ($t s)" fcmp "$t <= $DOWN + 1"
check "c's neighbour entry still holds $VMAC" \
	test "$(neigh_mac c "$VIP6")" = "$VMAC"
capture_stop "$cap"

# --- what the twins said -------------------------------------------------------------

ports="eth.src != $VMAC && !(eth.src == $(ip -n "$(ns c)" -o link show "$(if_name c 1)" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'))"
na=$(timeout 30 tshark -r "$cap" -Y "icmpv6.type == 136 && $ports && icmpv6.nd.na.target_address == $VIP6" \
	-T fields -e frame.number 2>/dev/null | grep -c . || true)
check "no neighbour advertisement for $VIP6 from a port's MAC ($na)" test "$na" = 0
sol=$(timeout 30 tshark -r "$cap" -Y "icmpv6.type == 135 && ipv6.src == $VIP6" \
	-T fields -e eth.src -e icmpv6.opt.linkaddr -e icmpv6.checksum.status 2>/dev/null | sort -u)
echo "solicitations from $VIP6: ${sol:-none}"
check "every solicitation from $VIP6 says $VMAC, with a good checksum" \
	test -z "$(awk -v m="$VMAC" '$1 != m || $2 != m || $3 != 1' <<<"$sol")"

finish
