#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# ARP balancing, the carp(4) manual's second example, end to end. Hosts a
# and b (dpdk-carp on net_af_packet) and client c share segment 1. Each
# host has two carp interfaces carrying the SAME address 10.99.1.100/24:
# carp0 vhid 1 and carp1 vhid 2; a has advskew 100 on vhid 2, b on vhid 1,
# so a is MASTER of vhid 1 and b of vhid 2. preempt = 1 on both makes that
# split independent of the start order and restores it after a failure.
#
# The client asks for 10.99.1.100 from 16 source addresses. By
# lib/carp/PROTOCOL.md §5.3 a request from S goes to the i-th running vhid
# in ascending order,
# i = S mod n; here n = 2, so even sources belong to vhid 1, odd ones to
# vhid 2, and only that vhid's MASTER answers, from its virtual MAC
# 00:00:5e:00:01:VHID. Every round checks, for each source, that exactly
# one reply left a host's port (tshark on both switch ports), that it came
# from the predicted host with the predicted MAC, that the client saw it,
# and that each host's per-vhid ARP counters (telemetry, /carp/vhost,NAME)
# grew by exactly what the rule predicts. The rounds:
#   split        both up: a answers the even sources, b the odd ones
#   b alone      kill -9 of a: b becomes MASTER of vhid 1 too and answers
#                every source, each still with its own vhid's MAC (n = 2)
#   split again  a restarts and preempts vhid 1: the split returns
#   a master     both restarted, b advskew 100 on both: a answers every
#                source with its vhid's MAC, b (BACKUP of all) never does
#   no balance   the same with arpbalance = 0: a answers every source from
#                the lowest vhid's MAC, 00:00:5e:00:01:01
# Over the balanced rounds, a capture of the whole segment must hold CARP
# advertisements but no gratuitous ARP for the shared address
# (lib/carp/PROTOCOL.md §5.2: it would point every client at one vhid).
#
# usage: bash test/integration/arpbalance.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NET=10.99.1
VIP=$NET.100
ADDR_A=$NET.1 ADDR_B=$NET.2 ADDR_C=$NET.50
# 16 requesters: 8 even and 8 odd as 32-bit integers.
SRCS=()
for _i in $(seq 10 25); do SRCS+=("$NET.$_i"); done
unset _i

# --- configuration and processes ------------------------------------------------

# host_conf ROLE HOSTNUM SKEW1 SKEW2 ARPBALANCE: ROLE's configuration,
# $WORK/ROLE.ini: one af_packet port, carp0 vhid 1 and carp1 vhid 2 both
# carrying $VIP, preempt = 1.
host_conf() {
	local f=$WORK/$1.ini
	conf_global "$f" preempt=1 arpbalance="$5"
	conf_port "$f" port0 "$(dev_af_packet "$1" 1 0)" "$NET.$2/24"
	conf_carp "$f" carp0 port0 1 1 "$3" mekmitasdigoat "$VIP/24"
	conf_carp "$f" carp1 port0 2 1 "$4" mekmitasdigoat "$VIP/24"
}

# host_start ROLE LCORE: dpdk-carp on $WORK/ROLE.ini.
host_start() {
	carp_start "$1" "$2" "$WORK/$1.ini"
}

# states_are ROLE S0 S1: carp0 is in S0 and carp1 in S1.
states_are() { state_is "$1" carp0 "$2" && state_is "$1" carp1 "$3"; }

# never_master ROLE: ROLE's current run has been BACKUP of both vhids since
# it started: no transition to MASTER in its log, and BACKUP now.
never_master() {
	! grep -q -- "-> MASTER" "${CARP_LOG[$1]}" && states_are "$1" BACKUP BACKUP
}

# --- telemetry -------------------------------------------------------------------

# tel_vhost ROLE NAME: /carp/vhost,NAME of ROLE's dpdk-carp, one JSON line.
tel_vhost() {
	tel "$1" "/carp/vhost,$2"
}

# arp_counts ROLE: "answered(vhid 1) answered(vhid 2) not_master(vhid 1)
# not_master(vhid 2)" of ROLE, from telemetry.
arp_counts() {
	local j0 j1 a0 a1 n0 n1
	j0=$(tel_vhost "$1" carp0) && j1=$(tel_vhost "$1" carp1) &&
		a0=$(json_val "$j0" arp_answered) &&
		a1=$(json_val "$j1" arp_answered) &&
		n0=$(json_val "$j0" arp_not_master) &&
		n1=$(json_val "$j1" arp_not_master) || return 1
	echo "$a0 $a1 $n0 $n1"
}

# tel_ready ROLE: ROLE's telemetry socket answers.
tel_ready() { arp_counts "$1" >/dev/null 2>&1; }

# --- who should answer ----------------------------------------------------------------

ip2int() {
	local IFS=.
	# shellcheck disable=SC2086
	set -- $1
	echo $((($1 << 24) | ($2 << 16) | ($3 << 8) | $4))
}

# balanced_vhid SRC VHID...: lib/carp/PROTOCOL.md §5.3, the running vhids given
# in ascending order: the (SRC mod n)-th.
balanced_vhid() {
	local s
	s=$(ip2int "$1")
	shift
	local -a run=("$@")
	echo "${run[s % ${#run[@]}]}"
}

# Each expectation prints "HOST VHID" for a source: who answers, and the
# vhid whose virtual MAC it answers with.
expect_split() {
	local v
	v=$(balanced_vhid "$1" 1 2)
	if [ "$v" = 1 ]; then echo "a 1"; else echo "b 2"; fi
}
expect_b_all() { echo "b $(balanced_vhid "$1" 1 2)"; }
expect_a_all() { echo "a $(balanced_vhid "$1" 1 2)"; }
expect_a_lowest() { echo "a 1"; }

# --- asking ---------------------------------------------------------------------------

# The replies every host sends: tshark on the switch's end of a's and b's
# veths, one line a frame: interface opcode eth.src eth.dst arp.src.hw_mac
# arp.src.proto_ipv4 arp.dst.proto_ipv4. A reply to the client, unicast to
# its learnt MAC, leaves the switch only by the client's port, so a reply
# seen on a host's port is one that host sent.
replies_start() {
	REPLIES=$WORK/replies.txt
	spawn "$REPLIES" "$(ns sw)" tshark -n -l -f arp \
		-i "$(sw_if a 1)" -i "$(sw_if b 1)" -T fields \
		-e frame.interface_name -e arp.opcode -e eth.src -e eth.dst \
		-e arp.src.hw_mac -e arp.src.proto_ipv4 -e arp.dst.proto_ipv4 \
		-E separator=' '
	wait_for 10 grep -qs "^Capturing on" "$REPLIES"
}

# replies_since N: the ARP replies of the replies file after its line N.
replies_since() {
	tail -n "+$(($1 + 1))" "$REPLIES" | awk 'NF == 7 && $2 == 2'
}
nreplies_since() { replies_since "$1" | grep -c . || true; }
nreplies_at_least() { [ "$(nreplies_since "$1")" -ge "$2" ]; }
nreplies_is() { [ "$(nreplies_since "$1")" = "$2" ]; }

# ask_all: one ARP request for $VIP from each source, sent by the client
# with arping (which waits for the first reply: -C 1). Sets ROUND to the
# replies hosts sent, and CLIENT_SAW[SRC] to the MAC arping reported.
declare -A CLIENT_SAW=()
ask_all() {
	local start src out
	start=$(wc -l <"$REPLIES")
	for src in "${SRCS[@]}"; do
		out=$(ip netns exec "$(ns c)" timeout 5 arping -i "$(if_name c 1)" \
			-S "$src" -c 1 -C 1 -w 2 "$VIP" 2>&1) || true
		CLIENT_SAW[$src]=$(sed -n 's/^.* bytes from \([0-9a-f:]\{17\}\) .*$/\1/p' \
			<<<"$out" | tr '\n' ' ' | sed 's/ $//')
	done
	# Every reply is in within a moment; then nothing more may come (a
	# second answer to one source would be late by no more than that).
	wait_for 2 nreplies_at_least "$start" "${#SRCS[@]}" || true
	holds 0.5 nreplies_is "$start" "$(nreplies_since "$start")" || true
	ROUND=$(replies_since "$start")
}

# round_once: each source got exactly one reply (on the hosts' ports).
round_once() {
	local src n bad=0
	for src in "${SRCS[@]}"; do
		n=$(awk -v s="$src" '$7 == s' <<<"$ROUND" | grep -c . || true)
		if [ "$n" != 1 ]; then
			echo "  $src: $n replies" >&2
			bad=1
		fi
	done
	return "$bad"
}

# round_as EXPECT: each reply came from the host and with the virtual MAC
# (Ethernet source and sender hardware address) that EXPECT predicts, to
# the client's MAC, for $VIP, and the client saw that MAC (and only it).
# Prints the round as "SRC->vVHID/HOST" for the log.
round_as() {
	local fn=$1 src want host vhid got bad=0
	local line="" cmac
	cmac=$(ip -n "$(ns c)" link show "$(if_name c 1)" | awk '/link\/ether/ { print $2 }')
	for src in "${SRCS[@]}"; do
		read -r host vhid < <("$fn" "$src")
		want="$(sw_if "$host" 1) 2 $(vmac "$vhid") $cmac $(vmac "$vhid") $VIP $src"
		got=$(awk -v s="$src" '$7 == s' <<<"$ROUND")
		line+=" ${src##*.}->v$vhid/$host"
		if [ "$got" != "$want" ]; then
			echo "  $src: expected reply [$want], sent [${got//$'\n'/ | }]" >&2
			bad=1
		fi
		if [ "${CLIENT_SAW[$src]}" != "$(vmac "$vhid")" ]; then
			echo "  $src: the client saw [${CLIENT_SAW[$src]}], expected $(vmac "$vhid")" >&2
			bad=1
		fi
	done
	echo "  round:$line"
	return "$bad"
}

# counts_before ROLE...: remember each running host's counters.
declare -A BEFORE=()
counts_before() {
	local h
	for h in "$@"; do BEFORE[$h]=$(arp_counts "$h") || BEFORE[$h]="? ? ? ?"; done
}

# counts_grew EXPECT MODE ROLE...: each host's arp_answered per vhid grew
# by the number of sources EXPECT gives it for that vhid; with MODE
# "balanced", arp_not_master of vhid V grew by the number of sources whose
# vhid is V and which the host did not answer (every host applies the rule
# to every request; a host with no MASTER among the vhids, unbalanced,
# counts the request against no vhid, so MODE "lowest" skips that part).
counts_grew() {
	local fn=$1 mode=$2 h src host vhid bv now want got what bad=0
	shift 2
	for h in "$@"; do
		local -a e=(0 0 0 0) b n
		for src in "${SRCS[@]}"; do
			read -r host vhid < <("$fn" "$src")
			if [ "$host" = "$h" ]; then
				e[vhid - 1]=$((e[vhid - 1] + 1))
			elif [ "$mode" = balanced ]; then
				bv=$(balanced_vhid "$src" 1 2)
				e[bv + 1]=$((e[bv + 1] + 1))
			fi
		done
		now=$(arp_counts "$h") || now="? ? ? ?"
		read -r -a b <<<"${BEFORE[$h]}"
		read -r -a n <<<"$now"
		if [[ "${b[*]} ${n[*]}" == *"?"* ]]; then
			echo "  $h: no counters from telemetry" >&2
			bad=1
			continue
		fi
		what="arp_answered (vhid 1, vhid 2)"
		want="${e[0]} ${e[1]}"
		got="$((n[0] - b[0])) $((n[1] - b[1]))"
		if [ "$mode" = balanced ]; then
			what+=", arp_not_master (vhid 1, vhid 2)"
			want+=" ${e[2]} ${e[3]}"
			got+=" $((n[2] - b[2])) $((n[3] - b[3]))"
		fi
		echo "  $h: $what grew by $got, expected $want"
		[ "$got" = "$want" ] || bad=1
	done
	return "$bad"
}

# round NAME EXPECT MODE ROLE...: ask from every source and check the round.
round() {
	local name=$1 fn=$2 mode=$3
	shift 3
	counts_before "$@"
	ask_all
	check "$name: each of the ${#SRCS[@]} sources got exactly one reply" round_once
	check "$name: each reply came from the predicted host and virtual MAC" \
		round_as "$fn"
	check "$name: the per-vhid ARP counters (telemetry) grew as predicted" \
		counts_grew "$fn" "$mode" "$@"
}

# fdb_is ROLE1 ROLE2: the switch has learnt vhid 1's virtual MAC on
# ROLE1's port and vhid 2's on ROLE2's.
fdb_is() {
	[ "$(fdb_port 1 "$(vmac 1)")" = "$(sw_if "$1" 1)" ] &&
		[ "$(fdb_port 1 "$(vmac 2)")" = "$(sw_if "$2" 1)" ]
}

# garps FILE: gratuitous ARP frames for $VIP in FILE, one line each.
garps() {
	timeout 30 tshark -r "$1" -Y "arp && arp.src.proto_ipv4 == $VIP && \
		(arp.isgratuitous || arp.dst.proto_ipv4 == $VIP)" -T fields \
		-e frame.time_epoch -e eth.src -e arp.src.hw_mac 2>/dev/null
}
no_garp() {
	local g
	g=$(garps "$1")
	[ -z "$g" ] || { echo "  gratuitous ARP for $VIP: $g" >&2; return 1; }
}

# adverts_from FILE SRC VHID: how many advertisements SRC sent for VHID.
adverts_from() {
	adverts "$1" | awk -v s="$2" -v v="$3" '$2 == s && $5 == v' | grep -c . || true
}
adverts_flowed() {
	local a1 b1 a2 b2
	a1=$(adverts_from "$1" "$ADDR_A" 1) b1=$(adverts_from "$1" "$ADDR_B" 1)
	a2=$(adverts_from "$1" "$ADDR_A" 2) b2=$(adverts_from "$1" "$ADDR_B" 2)
	echo "  advertisements: vhid 1 from a $a1, from b $b1; vhid 2 from a $a2, from b $b2"
	[ "$a1" -gt 0 ] && [ "$b1" -gt 0 ] && [ "$a2" -gt 0 ] && [ "$b2" -gt 0 ]
}

# ---------------------------------------------------------------------------------------

need_root
need_tools tcpdump tshark arping dpdk-telemetry.py
need_binary

seg_add 1
host_link a 1
host_link b 1
client_add c 1 "$ADDR_C/24"
host_conf a 1 0 100 1
host_conf b 2 100 0 1

cap=$WORK/segment.pcap
capture_start 1 "$cap" || die "tcpdump did not start"
replies_start || die "tshark on the hosts' ports did not start"

# Split: started b first, a second; preempt = 1 makes the order irrelevant.
host_start b 1
host_start a 0
check "split: a is MASTER of vhid 1 and BACKUP of vhid 2" \
	wait_for 10 states_are a MASTER BACKUP
check "split: b is BACKUP of vhid 1 and MASTER of vhid 2" \
	wait_for 5 states_are b BACKUP MASTER
{ wait_for 5 tel_ready a && wait_for 5 tel_ready b; } ||
	die "telemetry of a or b does not answer"
round split expect_split balanced a b
check "split: the switch has learnt $(vmac 1) on a's port, $(vmac 2) on b's" \
	wait_for 3 fdb_is a b

# b alone: a dies, b takes vhid 1 over at master-down.
carp_stop a KILL
check "b alone: b becomes MASTER of vhid 1 after kill -9 of a" \
	wait_state 6 b carp0 MASTER
check "b alone: b is still MASTER of vhid 2" state_is b carp1 MASTER
round "b alone" expect_b_all balanced b
check "b alone: the switch has learnt both virtual MACs on b's port" \
	wait_for 3 fdb_is b b

# Split again: a returns and, preempt = 1, takes vhid 1 back.
host_start a 0
check "split again: a preempts vhid 1 back, stays BACKUP of vhid 2" \
	wait_for 8 states_are a MASTER BACKUP
check "split again: b is BACKUP of vhid 1 again, MASTER of vhid 2" \
	wait_for 3 states_are b BACKUP MASTER
check "split again: a took vhid 1 by preemption, on b's advertisement" \
	grep -q "carp0 vhid 1: BACKUP -> MASTER ($ADDR_B advertised)" "${CARP_LOG[a]}"
wait_for 5 tel_ready a || die "telemetry of the restarted a does not answer"
round "split again" expect_split balanced a b
check "split again: the switch has learnt $(vmac 1) on a's port again" \
	wait_for 3 fdb_is a b

# a master of both: b BACKUP of everything answers nothing.
carp_stop a
carp_stop b
host_conf a 1 0 0 1
host_conf b 2 100 100 1
host_start a 0
host_start b 1
check "a master: a is MASTER of vhid 1 and vhid 2" \
	wait_for 10 states_are a MASTER MASTER
check "a master: b is BACKUP of vhid 1 and vhid 2" \
	wait_for 5 states_are b BACKUP BACKUP
{ wait_for 5 tel_ready a && wait_for 5 tel_ready b; } ||
	die "telemetry of a or b does not answer"
round "a master" expect_a_all balanced a b
check "a master: b has been BACKUP of both since it started" never_master b

# The balanced rounds are over: the segment carried advertisements for
# both vhids from both hosts, and no gratuitous ARP for the shared address.
capture_stop "$cap"
check "advertisements of both vhids flowed from both hosts" adverts_flowed "$cap"
check "no gratuitous ARP for the shared $VIP, from any MAC" no_garp "$cap"

# No balancing: the lowest MASTER vhid answers every source.
carp_stop a
carp_stop b
host_conf a 1 0 0 0
host_conf b 2 100 100 0
host_start a 0
host_start b 1
check "no balance: a is MASTER of vhid 1 and vhid 2" \
	wait_for 10 states_are a MASTER MASTER
check "no balance: b is BACKUP of vhid 1 and vhid 2" \
	wait_for 5 states_are b BACKUP BACKUP
{ wait_for 5 tel_ready a && wait_for 5 tel_ready b; } ||
	die "telemetry of a or b does not answer"
round "no balance" expect_a_lowest lowest a b
check "no balance: b has been BACKUP of both since it started" never_master b

finish
