#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The host exception path: services on the virtual address, and the
# host's own identity, through each port's kernel twin (host_iface).
#
# Hosts a and b run dpdk-carp on net_af_packet ports with a twin each
# (twa..., twb...), carp0 vhid 1 on 10.99.1.100, a with advskew 0 and b
# with 100; client c is on the same bridge. On each host a small HTTP
# service (svc.py) answers with the host's name, on the virtual address
# (port 8080) and on the host's own address (8081); c has one too (8082).
# b's port, and so its twin, has an MTU of 1450.
#
#   identity  c reaches each host's own address over TCP, each host
#             reaches c from its own address
#   serve     c's requests to the virtual address are served by a, the
#             MASTER; b's service sees none of them
#   backup    on b, the BACKUP, the kernel sending from the virtual address
#             (a TCP connect bound to it, arping -S) puts nothing on the
#             wire; b counts the frames it dropped
#   mtu       a 4 MB transfer over 1500-byte frames arrives whole; each twin
#             has its port's MTU
#   flood     c floods a's own address: a's advertisements keep their 1 s
#             rhythm (10 ms) and b never becomes MASTER
#   failover  kill -9 of a: b serves the virtual address within
#             master-down + 1 s
#   balance   the manual's second example with services: 16 clients, each
#             in a namespace of its own, are served by the host the
#             balancing rule predicts, before and after a fails
#   virtio    host_driver = virtio without /dev/vhost-net is refused at
#             start; the cases over virtio_user are skipped where the
#             kernel has no vhost-net
# Over the whole run, no ARP frame from a twin (the port's MAC) names the
# virtual address as its sender.
#
# usage: bash test/integration/host.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_root
need_binary
need_tools curl python3 tshark tcpdump arping sha256sum taskset

SVC=$TOP/test/integration/svc.py
TWIN_A=twa$ID TWIN_B=twb$ID
MTU_B=1450
MASTER_DOWN_B=3.390625		# 3 x advbase + 100/256 s

# host_conf ROLE HOSTNUM SKEW TWIN [KEY=VALUE...]: $WORK/ROLE.ini, carp0
# vhid 1 on $VIP, with a twin.
host_conf() {
	local f=$WORK/$1.ini
	conf_global "$f" "${@:5}"
	conf_port "$f" port0 "$(dev_af_packet "$1" 1 0)" "$NET.$2/24"
	echo "host_iface = $4" >>"$f"
	conf_carp "$f" carp0 port0 1 1 "$3" mekmitasdigoat "$VIP/24"
}

# svc ROLE NAME ADDR PORT: svc.py in ROLE's namespace; SVC_LOG[ROLE-PORT].
declare -A SVC_LOG=()
svc() {
	local log=$WORK/svc-$1-$4.log
	spawn "$log" "$(ns "$1")" python3 "$SVC" "$2" "$3" "$4" "$WORK/blob"
	SVC_LOG[$1-$4]=$log
	wait_for 10 grep -qs "listening on" "$log"
}

# get ROLE URL [CURL ARGS...]: the body of URL as curl in ROLE's namespace
# sees it (2 s at most).
get() {
	ip netns exec "$(ns "$1")" curl -sf -m 2 "${@:3}" "$2" 2>/dev/null
}
says_name() { [ "$(get "$1" "$2" "${@:4}")" = "$3" ]; }

# no_request_since ROLE PORT FROM: no request in ROLE's service on PORT
# since epoch FROM.
no_request_since() {
	awk -v t="$3" '$1 ~ /^[0-9.]+$/ && $1 >= t { f = 1 } END { exit f }' \
		"${SVC_LOG[$1-$2]}"
}

twin_mtu() { ip -n "$(ns "$1")" -o link show "$2" | sed -n 's/.* mtu \([0-9]*\) .*/\1/p'; }

# --- the segment, the hosts, their services ---------------------------------------

seg_add 1
host_link a 1
host_link b 1
client_add c 1 "$ADDR_C/24"
ip -n "$(ns b)" link set "$(if_name b 1)" mtu "$MTU_B"
ip -n "$(ns sw)" link set "$(sw_if b 1)" mtu "$MTU_B"
head -c $((4 << 20)) /dev/urandom >"$WORK/blob"
BLOB_SUM=$(sha256sum <"$WORK/blob" | cut -d' ' -f1)

host_conf a 1 0 "$TWIN_A" preempt=1
host_conf b 2 100 "$TWIN_B" preempt=1
capture_start 1 "$WORK/seg.pcap"
carp_start a 0 "$WORK/a.ini"
check "a becomes MASTER" wait_state 10 a carp0 MASTER
carp_start b 1 "$WORK/b.ini"
check "b becomes BACKUP" wait_state 10 b carp0 BACKUP
check "a's twin exists, up, with a's address and the virtual /32" eval \
	'ip -n "$(ns a)" -o addr show "$TWIN_A" | has "inet $ADDR_A/24" &&
	 ip -n "$(ns a)" -o addr show "$TWIN_A" | has "inet $VIP/32 .*noprefixroute"'
check "b's twin holds the virtual address too, while BACKUP" \
	eval 'ip -n "$(ns b)" -o addr show "$TWIN_B" | has "inet $VIP/32"'
check "the twins' kernels keep quiet about addresses not theirs" eval \
	'[ "$(ip netns exec "$(ns a)" sysctl -n net.ipv4.conf.$TWIN_A.arp_ignore)" = 1 ] &&
	 [ "$(ip netns exec "$(ns a)" sysctl -n net.ipv4.conf.$TWIN_A.arp_announce)" = 2 ]'
PORT_MAC_A=$(ip -n "$(ns a)" -o link show "$(if_name a 1)" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
PORT_MAC_B=$(ip -n "$(ns b)" -o link show "$(if_name b 1)" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
check "each twin has its port's MAC" eval \
	'ip -n "$(ns a)" -o link show "$TWIN_A" | has "$PORT_MAC_A" &&
	 ip -n "$(ns b)" -o link show "$TWIN_B" | has "$PORT_MAC_B"'

svc a a "$VIP" 8080; svc a a "$ADDR_A" 8081
svc b b "$VIP" 8080; svc b b "$ADDR_B" 8081
svc c c "$ADDR_C" 8082

# --- identity ------------------------------------------------------------------------

check "identity: c reaches a's own address over TCP" \
	wait_for 5 says_name c "http://$ADDR_A:8081/name" a
check "identity: c reaches b's own address over TCP" \
	wait_for 5 says_name c "http://$ADDR_B:8081/name" b
check "identity: a reaches c from its own address" eval \
	'says_name a "http://$ADDR_C:8082/name" c &&
	 grep -q " $ADDR_A /name" "${SVC_LOG[c-8082]}"'
check "identity: b reaches c from its own address" eval \
	'says_name b "http://$ADDR_C:8082/name" c &&
	 grep -q " $ADDR_B /name" "${SVC_LOG[c-8082]}"'

# --- serve ------------------------------------------------------------------------------

START=$EPOCHREALTIME
check "serve: c's request to the virtual address is served by a" \
	wait_for 5 says_name c "http://$VIP:8080/name" a
for _ in $(seq 9); do get c "http://$VIP:8080/name" >/dev/null || true; done
check "serve: ten requests, all a's" \
	test "$(grep -c " $ADDR_C /name" "${SVC_LOG[a-8080]}")" -ge 10
check "serve: b's service saw none of them" no_request_since b 8080 "$START"

# --- backup ------------------------------------------------------------------------------

BK=$EPOCHREALTIME
check "backup: b's kernel cannot connect from the virtual address" \
	eval '! get b "http://$ADDR_C:8082/name" --interface "$VIP"'
ip netns exec "$(ns b)" timeout 5 arping -q -c 2 -w 2 -S "$VIP" -i "$TWIN_B" \
	"$ADDR_C" >/dev/null 2>&1 || true
BK_END=$EPOCHREALTIME
check "backup: c never heard from the virtual address" \
	eval '! grep -q " $VIP " "${SVC_LOG[c-8082]}"'
B_HOST=$(tel b /carp/host)
check "backup: b dropped its kernel's frames from the virtual address ($(json_val "$B_HOST" vip_not_master))" \
	test "$(json_val "$B_HOST" vip_not_master)" -gt 0
check "backup: b dropped its kernel's ARP naming the virtual address ($(json_val "$B_HOST" arp_vip))" \
	test "$(json_val "$B_HOST" arp_vip)" -gt 0

# --- mtu ------------------------------------------------------------------------------------

check "mtu: a's twin has the port's MTU (1500)" \
	test "$(twin_mtu a "$TWIN_A")" = "$(twin_mtu a "$(if_name a 1)")"
check "mtu: b's twin has the port's MTU ($MTU_B)" \
	test "$(twin_mtu b "$TWIN_B")" = "$MTU_B"
ip netns exec "$(ns c)" curl -sf -m 20 -o "$WORK/blob.got" "http://$VIP:8080/blob" || true
check "mtu: 4 MB from the virtual address arrive whole (sha256)" \
	test "$(sha256sum <"$WORK/blob.got" 2>/dev/null | cut -d' ' -f1)" = "$BLOB_SUM"
check "mtu: the transfer used full-size frames" eval \
	'[ "$(timeout 30 tshark -r "$WORK/seg.pcap" -Y "ip.src == $VIP && tcp && frame.len >= 1514" 2>/dev/null | wc -l)" -gt 100 ]'

# --- flood ------------------------------------------------------------------------------------

cat >"$WORK/flood.py" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end, n, data = time.monotonic() + float(sys.argv[2]), 0, b'x' * 18
while time.monotonic() < end:
    for _ in range(256):
        try:
            s.sendto(data, (sys.argv[1], 9))
        except OSError:
            pass
    n += 256
print(n)
PY
FL0=$EPOCHREALTIME
spawn "$WORK/flood.log" "$(ns c)" taskset -c 1 python3 "$WORK/flood.py" "$ADDR_A" 8
FLOOD=$SPAWNED
spawn "$WORK/flood2.log" "$(ns c)" taskset -c 1 python3 "$WORK/flood.py" "$ADDR_A" 8
wait_for 15 _not alive "$FLOOD" || true
FL1=$EPOCHREALTIME
wait_for 5 cap_has_after "$WORK/seg.pcap" "$FL1" || true
read -r FN FMIN FMAX < <(adverts "$WORK/seg.pcap" | awk -v s="$ADDR_A" -v f="$FL0" -v t="$FL1" '
	$2 == s && $1 >= f && $1 <= t { if (p != "") { g = $1 - p; if (mx == "" || g > mx) mx = g; if (mn == "" || g < mn) mn = g } p = $1; n++ }
	END { printf "%d %.4f %.4f\n", n, mn, mx }')
A_W=$(tel a /carp/workers)
echo "flood: $(cat "$WORK/flood.log" 2>/dev/null) + $(cat "$WORK/flood2.log" 2>/dev/null) datagrams sent; a handed $(json_val "$A_W" host_queued) to its kernel, dropped $(json_val "$A_W" host_ring_full) (ring full); advertisements $FN, gaps $FMIN..$FMAX s"
check "flood: a's advertisements kept their 1 s rhythm ($FN, $FMIN..$FMAX s)" \
	rhythm_ok 6 0.990 1.010 "$FN" "$FMIN" "$FMAX"
check "flood: b never became MASTER" eval '! grep -q -- "-> MASTER" "${CARP_LOG[b]}"'
check "flood: a's kernel got the flood's frames" \
	test "$(json_val "$A_W" host_queued)" -gt 1000

# --- failover ----------------------------------------------------------------------------------

KILL=$EPOCHREALTIME
carp_stop a KILL
check "failover: b serves the virtual address within master-down + 1 s" \
	wait_for "$(awk -v m="$MASTER_DOWN_B" 'BEGIN { print m + 1 }')" \
		says_name c "http://$VIP:8080/name" b
SERVED=$EPOCHREALTIME
echo "failover: served by b $(awk -v a="$KILL" -v b="$SERVED" 'BEGIN { printf "%.3f", b - a }') s after the kill"
check "failover: b's service saw no request before the kill" \
	eval 'awk -v t="$KILL" -v c="$ADDR_C" "\$2 == c && \$1 < t && \$3 == \"/name\" { f = 1 } END { exit f }" "${SVC_LOG[b-8080]}"'
carp_stop b
capture_stop "$WORK/seg.pcap"

# No ARP from a twin (a port's own MAC) ever named the virtual address.
arp_vip_from_twins() {
	timeout 30 tshark -r "$WORK/seg.pcap" -Y "arp.src.proto_ipv4 == $VIP && (eth.src == $PORT_MAC_A || eth.src == $PORT_MAC_B)" 2>/dev/null | wc -l
}
check "no ARP frame from a twin named the virtual address (capture of the run)" \
	test "$(arp_vip_from_twins)" = 0
check "the capture does hold the virtual MAC's ARP (the check can see ARP)" eval \
	'[ "$(timeout 30 tshark -r "$WORK/seg.pcap" -Y "arp.src.proto_ipv4 == $VIP" 2>/dev/null | wc -l)" -gt 0 ]'

# --- balance: the manual's second example, with services ----------------------------------

# 16 clients in namespaces of their own (each has its own neighbour
# entry for the virtual address), addresses .10 to .25.
for i in $(seq 10 25); do client_add "k$i" 1 "$NET.$i/24"; done
for r in a b; do
	f=$WORK/$r-bal.ini
	n=1 s1=0 s2=100 t=$TWIN_A
	[ "$r" = b ] && n=2 s1=100 s2=0 t=$TWIN_B
	conf_global "$f" preempt=1 arpbalance=1
	conf_port "$f" port0 "$(dev_af_packet "$r" 1 0)" "$NET.$n/24"
	echo "host_iface = $t" >>"$f"
	conf_carp "$f" carp0 port0 1 1 "$s1" mekmitasdigoat "$VIP/24"
	conf_carp "$f" carp1 port0 2 1 "$s2" mekmitasdigoat "$VIP/24"
done
carp_start a 0 "$WORK/a-bal.ini"
carp_start b 1 "$WORK/b-bal.ini"
check "balance: a is MASTER of vhid 1, b of vhid 2" eval \
	'wait_state 10 a carp0 MASTER && wait_state 10 b carp1 MASTER &&
	 wait_state 5 a carp1 BACKUP && wait_state 5 b carp0 BACKUP'
# Services of their own for this run, so that their logs are its alone.
svc a a "$VIP" 8090
svc b b "$VIP" 8090

# predicted SRC: the host that serves SRC: i = SRC mod 2 (vhid 1, a, for
# even addresses; vhid 2, b, for odd ones).
predicted() { [ $(( ${1##*.} % 2 )) = 0 ] && echo a || echo b; }
# all_predicted [HOST]: every client served by its predicted host (or by
# HOST); MISSED says who was not.
all_predicted() {
	local i want got
	MISSED=
	for i in $(seq 10 25); do
		want=${1:-$(predicted "$NET.$i")}
		got=$(get "k$i" "http://$VIP:8090/name") || got=none
		[ "$got" = "$want" ] || MISSED="$MISSED $NET.$i:$got"
	done
	[ -z "$MISSED" ]
}
check "balance: each of the 16 clients is served by the host the rule predicts" \
	wait_for 5 all_predicted
[ -z "$MISSED" ] || echo "    served otherwise:$MISSED"
check "balance: a served the even clients only, b the odd ones only" eval \
	'! awk "\$2 ~ /\\.(1[13579]|2[135])\$/" "${SVC_LOG[a-8090]}" | has . &&
	 ! awk "\$2 ~ /\\.(1[02468]|2[024])\$/" "${SVC_LOG[b-8090]}" | has .'
carp_stop a KILL
check "balance: after a fails, b serves all 16" \
	wait_for "$(awk -v m="$MASTER_DOWN_B" 'BEGIN { print m + 2 }')" all_predicted b
[ -z "$MISSED" ] || echo "    served otherwise:$MISSED"
carp_stop b

# --- virtio -------------------------------------------------------------------------------------

if [ -e /dev/vhost-net ]; then
	skip "virtio: this kernel has /dev/vhost-net: the refusal cannot be shown here"
	skip "virtio: the cases over virtio_user are not run by this script yet"
else
	f=$WORK/virtio.ini
	host_conf a 1 0 "$TWIN_A"
	sed 's/^host_iface = .*/&\nhost_driver = virtio/' "$WORK/a.ini" >"$f"
	carp_start a 0 "$f"
	check "virtio: without /dev/vhost-net, dpdk-carp refuses to start" \
		wait_for 10 _not alive "${CARP_JOB[a]}"
	carp_stop a
	check "virtio: exit status 1 ($STATUS)" test "$STATUS" = 1
	check "virtio: the error names the file, section, key and /dev/vhost-net" \
		grep -q "virtio.ini: \[port0\] host_driver: .*/dev/vhost-net" "${CARP_LOG[a]}"
	skip "virtio: identity, serve, backup, mtu and failover over virtio_user (no /dev/vhost-net on this kernel)"
fi

finish
