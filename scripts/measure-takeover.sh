#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# How long a BACKUP takes to replace a MASTER that stops, measured on the
# wire, on this machine: two routers (advbase 1, advskew 0 for the MASTER,
# 100 for the BACKUP) on a bridge in network namespaces, tcpdump on the
# bridge, and the time from the MASTER's last advertisement to the BACKUP's
# first. Three series of RUNS runs each:
#   dpdk-carp, kill -9 of the MASTER     (bound: 3 * advbase + 100/256 s)
#   dpdk-carp, SIGTERM of the MASTER     (it bows out; the BACKUP follows)
#   ucarp,     kill -9 of the MASTER     (the same settings, for comparison)
# Not a test: it prints a table. Run as root; takes about 25 s per run.
#
# usage: scripts/measure-takeover.sh [BUILD_DIR] [RUNS]

export REPORT_CASES=0
# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../test/integration/lib.sh"

RUNS=${2:-10}
BOUND=3.390625

# stats: "min median max" of the numbers on stdin, one a line.
stats() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "- - -"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.4f %.4f %.4f\n", v[1], m, v[NR] }'
}

# The run functions run in this shell (not in $(...)), so that what they
# start is in its cleanup registry; each sets T to the seconds measured.

# carp_run SIG I: one dpdk-carp takeover.
carp_run() {
	local cap=$WORK/carp-$1-$2.pcap
	capture_start 1 "$cap" || return 1
	pair_start || return 1
	# b's master-down time counts from the last advertisement it heard.
	wait_advert "$cap" "$ADDR_A" 2 || return 1
	carp_stop a "$1"
	wait_state 6 b carp0 MASTER || return 1
	wait_for 2 takeover_gap "$cap" "$ADDR_A" "$ADDR_B" >/dev/null
	capture_stop "$cap"
	carp_stop b
	T=$(takeover_gap "$cap" "$ADDR_A" "$ADDR_B")
}

# ucarp_start ROLE ADDR SKEW: ucarp in ROLE's namespace; its scripts append
# up/down to $WORK/ROLE.events. Sets UJOB[ROLE].
declare -A UJOB=()
ucarp_start() {
	local r=$1 s
	: >"$WORK/$r.events"
	for s in up down; do
		printf '#!/bin/sh\necho %s >>%s\n' "$s" "$WORK/$r.events" >"$WORK/$r-$s.sh"
		chmod +x "$WORK/$r-$s.sh"
	done
	spawn "$WORK/ucarp-$r.log" "$(ns "$r")" ucarp --interface="$(if_name "$r" 1)" \
		--srcip="$2" --vhid="$VHID" --pass=mekmitasdigoat --addr="$VIP" \
		--advbase=1 --advskew="$3" \
		--upscript="$WORK/$r-up.sh" --downscript="$WORK/$r-down.sh"
	UJOB[$r]=$SPAWNED
}
ucarp_is() { [ "$(tail -n 1 "$WORK/$1.events")" = "$2" ]; }

# ucarp_run I: one ucarp takeover (u master, v backup).
ucarp_run() {
	local cap=$WORK/ucarp-$1.pcap
	capture_start 1 "$cap" || return 1
	ucarp_start u "$NET.3" 0
	wait_for 10 ucarp_is u up || return 1
	ucarp_start v "$NET.4" 100
	wait_for 5 ucarp_is v down || return 1
	wait_advert "$cap" "$NET.3" 2 || return 1
	stop "${UJOB[u]}" KILL
	wait_for 10 ucarp_is v up || return 1
	wait_for 2 takeover_gap "$cap" "$NET.3" "$NET.4" >/dev/null
	capture_stop "$cap"
	stop "${UJOB[v]}"
	T=$(takeover_gap "$cap" "$NET.3" "$NET.4")
}

# series NAME FUNC ARGS...: RUNS runs; their times go to $WORK/NAME.times.
series() {
	local name=$1 i
	shift
	: >"$WORK/$name.times"
	for ((i = 1; i <= RUNS; i++)); do
		T=
		if "$@" "$i" && [ -n "$T" ]; then
			echo "$T" >>"$WORK/$name.times"
			echo "$name run $i: $T s"
		else
			echo "$name run $i: no measurement"
		fi
		stop_all	# what a failed run left behind
	done
}

need_root
need_tools tcpdump tshark ucarp
need_binary

pair_setup
client_add u 1 "$NET.3/24"
client_add v 1 "$NET.4/24"

series kill9 carp_run KILL
series sigterm carp_run TERM
series ucarp ucarp_run

echo
echo "Takeover: MASTER's last advertisement to the new MASTER's first, seconds"
echo "(advbase 1, advskew 0 -> 100; $RUNS runs each; $(nproc) cores; $(uname -r))"
printf '%-34s %3s %8s %8s %8s  %s\n' "" runs min median max "protocol bound"
row() {
	local min med max
	read -r min med max < <(stats <"$WORK/$2.times")
	printf '%-34s %3s %8s %8s %8s  %s\n' "$1" "$(grep -c . "$WORK/$2.times")" \
		"$min" "$med" "$max" "$3"
}
row "dpdk-carp, kill -9 of the MASTER" kill9 "$BOUND (3*advbase + advskew/256)"
row "dpdk-carp, SIGTERM (bow-out)" sigterm "one packet time"
row "$(ucarp --help 2>&1 | grep -o -m 1 '^ucarp [0-9.]*'), kill -9 of the master" ucarp "$BOUND; ucarp polls every ~1.4 s"
finish
