#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# CARP over IPv6 (lib/carp/PROTOCOL.md §10): routers a (advskew 0) and b
# (advskew 100) share a dual-stack vhost, an IPv4 and an IPv6 address, on
# a segment with a client whose namespace alone has IPv6. The client pings
# the IPv6 address and resolves it to the virtual MAC; a's advertisements
# go out in both families with one HMAC; neighbour solicitations of every
# kind get the advertisement RFC 4861 asks for, and bad ones none; MLD
# queries are answered with reports of the groups dpdk-carp listens to;
# b, BACKUP, never names a virtual address on the wire. kill -9 a: b takes
# over within its master-down time and the client's pings go on to the
# same MAC; SIGTERM b: a takes over at once (bow-out).
#
# usage: bash test/integration/ipv6.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

P6=2001:db8:99:1
A6=$P6::1 B6=$P6::2 C6=$P6::50 VIP6=$P6::100
VMAC=$(vmac "$VHID")
DOWN=3.390625

need_root
need_tools tcpdump tshark ping
need_binary

# The segment of pair_setup, the ports and the vhost given IPv6 too.
seg_add 1
host_link a 1
host_link b 1
client_add c 1 "$ADDR_C/24"
ip netns exec "$(ns c)" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
	net.ipv6.conf.default.disable_ipv6=0 \
	"net.ipv6.conf.$(if_name c 1).disable_ipv6=0"
ip -n "$(ns c)" addr add "$C6/64" dev "$(if_name c 1)" nodad
for h in a b; do
	conf_global "$WORK/$h.ini"
done
conf_port "$WORK/a.ini" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24, $A6/64"
conf_port "$WORK/b.ini" port0 "$(dev_af_packet b 1 0)" "$ADDR_B/24, $B6/64"
conf_carp "$WORK/a.ini" carp0 port0 "$VHID" 1 "$SKEW_A" mekmitasdigoat "$VIP/24, $VIP6/64"
conf_carp "$WORK/b.ini" carp0 port0 "$VHID" 1 "$SKEW_B" mekmitasdigoat "$VIP/24, $VIP6/64"

MAC_A=$(ip netns exec "$(ns a)" cat "/sys/class/net/$(if_name a 1)/address")
MAC_B=$(ip netns exec "$(ns b)" cat "/sys/class/net/$(if_name b 1)/address")
MAC_C=$(ip netns exec "$(ns c)" cat "/sys/class/net/$(if_name c 1)/address")
# EUI-64 (RFC 4291 appendix A): the link-local address of a MAC.
ll_of() {
	local -a m
	IFS=: read -r -a m <<<"$1"
	printf 'fe80::%x:%x:%x:%x\n' $(((0x${m[0]} ^ 2) << 8 | 0x${m[1]})) \
		$((0x${m[2]} << 8 | 0xff)) $((0xfe << 8 | 0x${m[3]})) \
		$((0x${m[4]} << 8 | 0x${m[5]}))
}
LL_A=$(ll_of "$MAC_A") LL_C=$(ll_of "$MAC_C")

cap=$WORK/ipv6.pcap
capture_start 1 "$cap" || die "tcpdump did not start"
pair_start || die "a is not MASTER, or b not BACKUP"

# --- the client's view -------------------------------------------------------------

ping6() {
	ip netns exec "$(ns c)" timeout 10 ping -6 -n -c "${2:-3}" -i 0.2 -W 1 \
		"$1" >"$WORK/ping.out" 2>&1
}
neigh6_is_vmac() { [ "$(neigh_mac c "$VIP6")" = "$VMAC" ]; }
check "the client pings $VIP6" ping6 "$VIP6"
check "the client's neighbour entry for $VIP6 is $VMAC" neigh6_is_vmac
check "the client pings $VIP (IPv4 beside it)" \
	ip netns exec "$(ns c)" timeout 10 ping -n -c 2 -i 0.2 -W 1 "$VIP"

# --- advertisements in both families, one HMAC -------------------------------------

# carp6 FILE: epoch, source, advbase, advskew of each IPv6 CARP frame.
carp6() {
	timeout 30 tshark -r "$1" -d ip.proto==112,carp -Y "carp && ipv6" \
		-T fields -e frame.time_epoch -e ipv6.src -e carp.adver_int \
		-e carp.advskew -E separator=' ' 2>/dev/null
}
# hmac_ok FILTER: every CARP frame of a's that FILTER selects carries the
# HMAC-SHA1, keyed with the password, of version 2, type 1, the vhid, the
# IPv4 address, the IPv6 address and the frame's counter (computed here,
# independently); prints how many frames were checked.
hmac_ok() {
	timeout 30 tshark -r "$cap" -d ip.proto==112,carp \
		-Y "carp && eth.src == $VMAC && $1" -T fields -e carp.counter \
		-e carp.hmac 2>/dev/null | python3 -c '
import hashlib, hmac, ipaddress, sys
msg = bytes([2, 1, int(sys.argv[1])]) + \
    ipaddress.IPv4Address(sys.argv[2]).packed + \
    ipaddress.IPv6Address(sys.argv[3]).packed
n = 0
for line in sys.stdin:
    counter, digest = line.split()
    want = hmac.new(b"mekmitasdigoat", msg + int(counter).to_bytes(8, "big"),
                    hashlib.sha1).hexdigest()
    if digest != want:
        sys.exit("bad HMAC at counter %s" % counter)
    n += 1
print(n)
sys.exit(n == 0)' "$VHID" "$VIP" "$VIP6"
}
v6_adverts() { [ "$(carp6 "$cap" | awk -v s="$LL_A" '$2 == s' | grep -c .)" -ge 2 ]; }
check "a sends IPv6 advertisements from $LL_A" wait_for 5 v6_adverts
check "its IPv4 advertisements carry the HMAC over both families' addresses" \
	hmac_ok ip
check "its IPv6 advertisements carry the same" hmac_ok ipv6
# heard ROLE COUNTER N: ROLE's carp0 has counted at least N of COUNTER.
heard() { fcmp "$(json_val "$(tel "$1" /carp/vhost,carp0)" "$2") >= $3"; }
check "b counts IPv6 advertisements (ipackets6)" wait_for 5 heard b ipackets6 2
check "b counts IPv4 advertisements too" heard b ipackets 2
check "b rejected none for its HMAC" \
	test "$(json_val "$(tel b /carp/vhost,carp0)" badauth)" = 0
tel_a=$(tel a /carp/vhost,carp0)
check "a counts the IPv6 advertisements it sent" \
	fcmp "$(json_val "$tel_a" opackets6) >= 2"

# --- neighbour solicitations -------------------------------------------------------


# frames6_from ROLE CMD ARG...: test/integration/frames6.py CMD on ROLE's
# interface, from its MAC. The answers to a solicitation leave out a's
# unsolicited advertisements after it took over (from its link-local
# address), which may fall in the same window.
frames6_from() {
	local ifc mac
	ifc=$(if_name "$1" 1)
	mac=$(ip netns exec "$(ns "$1")" cat "/sys/class/net/$ifc/address")
	ip netns exec "$(ns "$1")" timeout 60 python3 \
		"$TOP/test/integration/frames6.py" "$2" "$ifc" "$mac" "${@:3}" |
		if [ "$2" = ns ]; then awk '$3 !~ /^fe80:/'; else cat; fi
}
na=$(frames6_from c ns "$C6" "$VIP6" ok 1)
echo "NA: $na"
check "a solicitation is answered once" test "$(grep -c . <<<"$na")" = 1
check "... from $VMAC to the client, $VIP6 to $C6, flags S|O, TLLA $VMAC, good checksum" \
	test "$na" = "$VMAC $MAC_C $VIP6 $C6 60 $VMAC ok"
na=$(frames6_from c ns "$C6" "$VIP6" nolla 1)
check "one without a source link-layer option: answered to the frame's source ($na)" \
	test "$na" = "$VMAC $MAC_C $VIP6 $C6 60 $VMAC ok"
na=$(FRAMES_DMAC=$VMAC frames6_from c ns "$C6" "$VIP6" unicast 1)
check "a unicast one (a neighbour's reachability probe) is answered ($na)" \
	test "$na" = "$VMAC $MAC_C $VIP6 $C6 60 $VMAC ok"
na=$(frames6_from c ns "$C6" "$VIP6" dad 1)
check "a duplicate address probe: to ff02::1, flag O only ($na)" \
	test "$na" = "$VMAC 33:33:00:00:00:01 $VIP6 ff02::1 20 $VMAC ok"
bad_before=$(json_val "$(tel a /arpbal/stats)" malformed)
for kind in hlim badsum dadlla; do
	na=$(frames6_from c ns "$C6" "$VIP6" "$kind" 5)
	check "a solicitation with $kind gets no answer" test -z "$na"
done
bad_after=$(json_val "$(tel a /arpbal/stats)" malformed)
check "a counts them malformed ($bad_before -> $bad_after)" \
	test "$((bad_after - bad_before))" = 15

# --- MLD ----------------------------------------------------------------------------

rep=$(frames6_from c query "$LL_C")
echo "$rep" | sed 's/^/report: /'
sol=ff02::1:ff00:100
check "a answers a query with ff02::12 (current state, exclude)" \
	has -x "$MAC_A $LL_A 2 ff02::12" <<<"$rep"
check "... and the solicited-node group of $VIP6" \
	has -x "$MAC_A $LL_A 2 $sol" <<<"$rep"
check "... and of its own address" \
	has -x "$MAC_A $LL_A 2 ff02::1:ff00:1" <<<"$rep"
# A flood of queries: a's workers only flag them for the control lcore,
# which answers once a second at most; nothing moves.
before=$(json_val "$(tel a /carp/workers)" mld_query)
out=$(frames6_from c qflood "$LL_C" 20000)
echo "$out" | sed 's/^/query flood: /'
secs=$(awk '$1 == "sent" { print $4 }' <<<"$out")
reports=$(awk -v m="$MAC_A" '$1 == m { print $2 }' <<<"$out")
after=$(json_val "$(tel a /carp/workers)" mld_query)
check "a's workers saw the flood (mld_query $before -> $after)" \
	test "$((after - before))" -ge 10000
check "a sent ${reports:-0} report frame(s) in ${secs} s + 1.5 s: an answer a second at most" \
	fcmp "${reports:-0} >= 1 && ${reports:-0} <= $secs + 1.5 + 2"
check "a still MASTER, b still BACKUP" eval 'state_is a carp0 MASTER && state_is b carp0 BACKUP'
mld_a=$(timeout 30 tshark -r "$cap" -Y "icmpv6.type == 143 && eth.src == $MAC_A" \
	-T fields -e icmpv6.mldr.mar.record_type 2>/dev/null | tr ',' '\n' | sort -u | tr '\n' ' ')
check "a reported its groups unsolicited at start (change to exclude: 4; seen: $mld_a)" \
	has -w 4 <<<"$mld_a"

# --- what the BACKUP sends ---------------------------------------------------------

from_b=$(timeout 30 tshark -r "$cap" -Y "eth.src == $MAC_B || eth.src == $VMAC && ipv6.src == $(ll_of "$MAC_B")" \
	-T fields -e frame.number -e ipv6.src -e ipv6.dst -e icmpv6.nd.ns.target_address \
	-e icmpv6.nd.na.target_address -e arp.src.proto_ipv4 -e ip.src 2>/dev/null)
check "b sent frames (its MLD reports, at least)" test -n "$from_b"
check "none of b's frames names $VIP6 or $VIP" \
	_not has -e "$VIP6" -e "$VIP\b" <<<"$from_b"

# --- failover ---------------------------------------------------------------------

ping_log=$WORK/ping-long.out
spawn "$ping_log" "$(ns c)" ping -6 -n -i 0.1 -W 1 -c 120 "$VIP6"
ping_job=$SPAWNED
wait_for 3 grep -q "icmp_seq=5 " "$ping_log"
carp_stop a KILL
check "b becomes MASTER after kill -9 of a" wait_state 6 b carp0 MASTER
last_seq() {
	awk -F'icmp_seq=' 'NF > 1 { split($2, s, " "); n = s[1] } END { print n + 0 }' "$ping_log"
}
resumed() { [ $(($(last_seq) - seq_kill)) -ge 10 ]; }
seq_kill=$(last_seq)
check "the client's pings get answers again" wait_for 8 resumed
stop "$ping_job" INT
echo "pings: seq $seq_kill at the kill, last $(last_seq)"
gap=$(awk -F'icmp_seq=' 'NF > 1 { split($2, s, " "); if (p != "" && s[1] - p > g) g = s[1] - p; p = s[1] } END { printf "%.1f", (g - 1) * 0.1 }' "$ping_log")
check "the client's pings resume through b (longest silence ${gap} s, bound $DOWN + 1 s)" \
	fcmp "$gap > 0 && $gap <= $DOWN + 1"
check "the client's neighbour entry for $VIP6 still holds $VMAC" neigh6_is_vmac
na_b=$(frames6_from c ns "$C6" "$VIP6" ok 1)
check "b answers solicitations now ($na_b)" \
	test "$na_b" = "$VMAC $MAC_C $VIP6 $C6 60 $VMAC ok"
unsol=$(timeout 30 tshark -r "$cap" -Y "icmpv6.type == 136 && eth.src == $VMAC && ipv6.dst == ff02::1 && icmpv6.nd.na.flag.o == 1 && icmpv6.nd.na.flag.s == 0" \
	-T fields -e frame.time_epoch -e icmpv6.nd.na.target_address 2>/dev/null | awk -v t="$VIP6" '$2 == t' | grep -c .)
check "unsolicited neighbour advertisements for $VIP6 at b's takeover ($unsol, with a's at start)" \
	test "$unsol" -ge 2

# --- planned failover --------------------------------------------------------------

carp_start a 0 "$WORK/a.ini"
check "a comes back as BACKUP (no preemption)" wait_state 10 a carp0 BACKUP
carp_stop b TERM
check "b exits with status 0 on SIGTERM (status $STATUS)" test "$STATUS" = 0
check "a takes over at once" wait_state 1 a carp0 MASTER
capture_stop "$cap"
bow=$(carp6 "$cap" | awk -v s="$(ll_of "$MAC_B")" '$2 == s && $3 == 255 && $4 == 255' | grep -c .)
check "b's bow-out went out over IPv6 too (advbase 255, advskew 255)" test "$bow" -ge 1

# --- checksums of everything dpdk-carp sent -----------------------------------------

macs="eth.src == $MAC_A || eth.src == $MAC_B || eth.src == $VMAC"
ck=$(timeout 30 tshark -r "$cap" -d ip.proto==112,carp -Y "ipv6 && carp && ($macs)" \
	-T fields -e carp.checksum.status 2>/dev/null | sort | uniq -c)
echo "IPv6 CARP checksum status: $ck"
check "every IPv6 advertisement has a good CARP checksum" \
	test -n "$ck" -a "$(grep -vc ' 1$' <<<"$ck")" = 0
ck=$(timeout 30 tshark -r "$cap" -Y "icmpv6 && ($macs)" \
	-T fields -e icmpv6.type -e icmpv6.checksum.status 2>/dev/null | sort | uniq -c)
echo "ICMPv6 (type, checksum status): $ck"
check "NA, MLD and echo replies were sent" has -E '\b(136|143|129)\b' <<<"$ck"
check "every ICMPv6 frame dpdk-carp sent has a good checksum" \
	test "$(awk '$3 != 1' <<<"$ck" | grep -c .)" = 0

finish
