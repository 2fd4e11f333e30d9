#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# What a MASTER (a, arp_rate_per_source = 10, one worker) does with ARP and
# echo requests that Linux would not answer, and with a spray of forged
# requesters:
# - each odd frame gets no reply and goes up the counter that names it
#   (bad_sender, sender_vip, icmp_malformed); an address probe (sender
#   0.0.0.0) and well-formed requests are answered;
# - frames that a plain port's first sorting hands on to the full
#   classification are dealt with as there: an echo request to the port's
#   own MAC answered, an ARP request for the port's own address answered
#   from it (arp_own), a request too short for its target counted
#   malformed; UDP to a virtual address dropped as other;
# - one requester is held to 10 replies a second (plus a burst of 10);
# - /arpbal/profile counts the ARP path's stages while on, and only then;
# - a spray of 131,072 forged senders fills the requester table, and then a
#   new single requester, which the table cannot hold, is held to the same
#   limit through the shared bucket: the limit fails closed.
#
# usage: bash test/integration/arpguard.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RATE=10
N=5		# odd frames of each kind
SPRAY=131072
TABLE=65536	# requesters a worker tracks (app/startup.c)
SINGLE=5	# seconds of the single requester after the spray

need_root
need_tools python3 dpdk-telemetry.py
need_binary

seg_add 1
host_link a 1
client_add c 1 "$ADDR_C/24"
conf_global "$WORK/a.ini" arp_rate_per_source=$RATE
conf_port "$WORK/a.ini" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24"
conf_carp "$WORK/a.ini" carp0 port0 "$VHID" 1 0 mekmitasdigoat "$VIP/24"
carp_start a 0 "$WORK/a.ini"
wait_state 10 a carp0 MASTER || die "a did not become MASTER"

frames() { frames_from c "$@"; }

# counter NAME: a's counter NAME, from the ARP balancer's or the workers'.
counter() {
	local v
	v=$(json_val "$(tel a /arpbal/stats)" "$1") ||
		v=$(json_val "$(tel a /carp/workers)" "$1") || v=
	echo "${v:-?}"
}

# settled NAME: counter NAME has not moved for half a second (a has
# processed what was sent). Polled by wait_for.
_last=
settled() {
	local cur
	cur=$(counter "$1")
	if [ "$cur" = "$_last" ]; then return 0; fi
	_last=$cur
	sleep 0.5	# the interval the counter must stay still over
	return 1
}

# --- odd frames -----------------------------------------------------------------------
# odd KIND COUNTER REPLIES [TARGET [DST]]: N frames of KIND for TARGET
# (the virtual address), echo requests and datagrams to DST (the virtual
# MAC), raise COUNTER by N and get REPLIES replies.
odd() {
	local kind=$1 name=$2 want=$3 target=${4:-$VIP}
	local dst=${5:-$(vmac "$VHID")} before after got
	before=$(counter "$name")
	got=$(frames odd "$target" "$kind" "$N" "$dst") || got=?
	wait_for 2 eval '[ "$(counter "$name")" = $((before + N)) ]' || true
	after=$(counter "$name")
	check "$kind for $target${5:+ to $5}: $N frames, $name +$N ($before -> $after), $want replies ($got)" \
		eval '[ "$after" = $((before + N)) ] && [ "$got" = "$want" ]'
}

odd sha_bcast bad_sender 0
odd sip_bcast bad_sender 0
odd sip_mcast bad_sender 0
odd sip_loop bad_sender 0
odd sip_vip sender_vip 0
odd echo_long icmp_malformed 0
odd echo_badsum icmp_malformed 0
odd probe answered "$N"
odd arp_ok answered "$N"
odd echo_ok icmp_answered "$N"

# --- what a plain port hands on to the full classification -------------------------
mac_a=$(ip netns exec "$(ns a)" cat "/sys/class/net/$(if_name a 1)/address")
odd echo_ok icmp_answered "$N" "$VIP" "$mac_a"
odd arp_ok arp_own "$N" "$ADDR_A"
odd arp_short malformed 0
odd udp other 0 "$VIP" "$mac_a"

# --- where the cycles go ------------------------------------------------------------------
# /arpbal/profile,on counts each stage's cycles from zero, off stops: N
# requests while on are counted (with their cycles), N more after are not.
profile() { json_val "$(tel a "/arpbal/profile$1")" "$2"; }
p_on=$(profile ,on profiling)
odd arp_ok answered "$N"
p_req=$(profile "" requests)
p_cls=$(profile "" cycles_classify)
p_rep=$(profile "" cycles_reply)
check "profile on: $N requests counted ($p_req), cycles in classify ($p_cls) and reply ($p_rep)" \
	eval '[ "$p_on" = 1 ] && [ "${p_req:-0}" -ge "$N" ] && [ "${p_cls:-0}" -gt 0 ] && [ "${p_rep:-0}" -gt 0 ]'
p_off=$(profile ,off profiling)
odd arp_ok answered "$N"
p_req2=$(profile "" requests)
check "profile off: stopped ($p_off), the sum kept ($p_req -> $p_req2)" \
	eval '[ "$p_off" = 0 ] && [ -n "$p_req" ] && [ "$p_req2" = "$p_req" ]'

# --- one requester ------------------------------------------------------------------------
# limited DESC SIP SECONDS: SIP asks as fast as it can for SECONDS; a
# answers at most RATE a second plus a burst of RATE, and some.
limited() {
	local desc=$1 out sent replies a0 a1 bound
	a0=$(counter answered)
	out=$(frames single "$2" "$VIP" "$3") || out=
	_last=
	wait_for 10 settled requests || true
	a1=$(counter answered)
	sent=$(awk '{ print $2 }' <<<"$out")
	replies=$(awk '{ print $4 }' <<<"$out")
	bound=$(awk -v r=$RATE -v t="$3" 'BEGIN { printf "%d", r * t + r }')
	echo "$desc: sent ${sent:-?}, answered $((a1 - a0)) (replies seen ${replies:-?}); bound $bound"
	check "$desc: a answered at most $bound of ${sent:-?} ($((a1 - a0)))" \
		eval '[ -n "$sent" ] && [ "$sent" -gt $((bound * 10)) ] && [ $((a1 - a0)) -le "$bound" ] && [ $((a1 - a0)) -gt 0 ]'
	check "$desc: the requester saw at most $bound replies (${replies:-?})" \
		eval '[ -n "$replies" ] && [ "$replies" -le "$bound" ]'
}

limited "a tracked requester" 10.99.1.60 3

# --- the spray, then one requester the table cannot hold ----------------------------------
u0=$(counter untracked)
n=$(frames spray 10.100.0.1 "$SPRAY" "$VIP") || n=0
echo "spray: $n forged requesters sent"
_last=
wait_for 20 settled requests || true
sources=$(counter sources)
u1=$(counter untracked)
echo "after the spray: $sources requesters tracked, $((u1 - u0)) requests untracked"
check "the spray filled the requester table ($sources of $TABLE)" \
	test "$sources" = "$TABLE"
check "the spray's surplus was untracked ($((u1 - u0)))" test $((u1 - u0)) -gt 0

rl0=$(counter rate_limited)
limited "a new requester after the spray" 10.99.1.61 "$SINGLE"
u2=$(counter untracked)
rl1=$(counter rate_limited)
check "the new requester was untracked, sharing one bucket ($((u2 - u1)))" \
	test $((u2 - u1)) -gt 0
check "and rate-limited ($((rl1 - rl0)))" test $((rl1 - rl0)) -gt 0

finish
