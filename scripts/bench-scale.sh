#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# How dpdk-carp scales, on this machine, each figure against a baseline
# measured in the same run:
#   load     seconds from start to ready with 256, 4,096 and 65,536
#            addresses in the file (16 per carp interface), against one
#            address (net_null ports: nothing is sent or received)
#   console  the same numbers of addresses added by "carp add" from a
#            --cmdline-file to one carp interface: commands a second, and
#            the cost of a command at 65,536 against at 256
#   cpu      the control lcore's CPU share with 4,080 carp interfaces at
#            advbase 1 (16 VLAN sub-ports of 255), against one
#   lateness of the advertisements of 1, 255 and 4,080 MASTERs on a veth
#            (net_af_packet), from a capture on the other side: each
#            interval between two advertisements of a vhost minus its own
#            (advbase + advskew/256), min/median/p99/max, and p99 against
#            one vhost's
# Runs of each load figure: RUNS (default 3), the median reported. Not a
# test: it prints a table. Run it alone, as root.
#
# usage: scripts/bench-scale.sh [BUILD_DIR]

export REPORT_CASES=0
# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../test/integration/lib.sh"

RUNS=${RUNS:-3}
CONF_PY=$TOP/test/integration/scale_conf.py
MEM="--no-huge -m 512"
need_root
need_tools python3 tshark tcpdump dpdk-telemetry.py
need_binary

ns_add a

median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "-"; exit }
		print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ready_s LOG: the "ready: ... X s after start" figure of a run.
ready_s() { sed -n 's/.*ready: .*, \([0-9.]*\) s after start/\1/p' "$1" | head -n 1; }
ready() { grep -q "ready:" "${CARP_LOG[a]}"; }

# load VLANS VHIDS ADDRS: the median start-up time.
load() {
	local i
	python3 "$CONF_PY" 1 "net_null0,no-rx=1" "$@" >"$WORK/load.ini"
	for ((i = 0; i < RUNS; i++)); do
		CARP_MEM=$MEM carp_start a 0 "$WORK/load.ini"
		wait_for 60 ready || { echo "no start: $*" >&2; carp_stop a KILL; continue; }
		ready_s "${CARP_LOG[a]}"
		carp_stop a TERM
	done | median
}

echo "== load from the file (seconds to ready, median of $RUNS)"
l1=$(load 0 1 1)
printf '%-10s %8s %8s\n' addresses seconds ratio
printf '%-10s %8s %8s\n' 1 "$l1" 1.00
for spec in "0 16 256" "16 16 4096" "16 255 65536"; do
	read -r v h n <<<"$spec"
	l=$(load "$v" "$h" "$n")
	printf '%-10s %8s %8s\n' "$n" "$l" "$(awk -v a="$l" -v b="$l1" 'BEGIN { printf "%.2f", a / b }')"
done

# console N: seconds for N "carp add" from a file, after ready.
console_run() {
	local n=$1 t0 t1 i
	{
		printf '[global]\nlog = 1\nidle_sleep = 100\n[port0]\ndevice = net_null0,no-rx=1\naddress = 10.0.0.1/8\n'
		printf '[carp0]\nport = port0\nvhid = 1\naddress = 10.0.0.2\n'
	} >"$WORK/console.ini"
	python3 -c "
import sys
n = int(sys.argv[1])
for i in range(n):
    a = (1 << 16) + i
    print('carp add carp0 address 10.%d.%d.%d' % (a >> 16, (a >> 8) & 255, a & 255))
print('show sysctl')" "$n" >"$WORK/console.cmds"
	CARP_MEM=$MEM carp_start a 0 "$WORK/console.ini" --cmdline-file "$WORK/console.cmds"
	wait_for 300 grep -q "console: .* commands from .* in" "${CARP_LOG[a]}" || return 1
	i=$(grep -c "^error" "${CARP_LOG[a]}" || true)
	carp_stop a TERM
	[ "$i" = 0 ] || echo "($i commands refused)" >&2
	sed -n 's/.*console: [0-9]* commands from .* in \([0-9.]*\) s.*/\1/p' "${CARP_LOG[a]}"
}

echo
echo "== the console: carp add from a --cmdline-file"
printf '%-10s %8s %12s %10s\n' commands seconds per_second us_each
declare -A each=()
for n in 256 4096 65536; do
	s=$(for ((i = 0; i < RUNS; i++)); do console_run "$n"; echo; done | median)
	each[$n]=$(awk -v s="$s" -v n="$n" 'BEGIN { printf "%.1f", 1e6 * s / n }')
	printf '%-10s %8s %12s %10s\n' "$n" "$s" \
		"$(awk -v s="$s" -v n="$n" 'BEGIN { printf "%.0f", n / s }')" "${each[$n]}"
done
echo "cost of one command at 65,536 against at 256: $(awk -v a="${each[65536]}" -v b="${each[256]}" 'BEGIN { printf "%.2f", a / b }')"

# cpu VLANS VHIDS ADDRS: the control lcore's CPU share once all are MASTER.
cpu() {
	local pid t0 t1 hz
	python3 "$CONF_PY" 1 "net_null0,no-rx=1" "$@" >"$WORK/cpu.ini"
	CARP_MEM=$MEM carp_start a 0-1 "$WORK/cpu.ini"
	wait_for 60 ready || return 1
	wait_for 30 eval "tel a /carp/summary | has '\"INIT\": 0, \"addresses\"' && ! tel a /carp/summary | has '\"BACKUP\": [1-9]'" || true
	pid=$(proc_of "${CARP_JOB[a]}")
	hz=$(getconf CLK_TCK)
	t0=$(awk '{ print $14 + $15 }' "/proc/$pid/task/$pid/stat")
	sleep 10	# the interval being measured
	t1=$(awk '{ print $14 + $15 }' "/proc/$pid/task/$pid/stat")
	carp_stop a TERM
	awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN { printf "%.1f", 100 * (b - a) / hz / 10 }'
}

echo
echo "== the control lcore's CPU, all MASTER at advbase 1 (idle_sleep 100)"
c1=$(cpu 0 1 1)
c4080=$(cpu 16 255 4080)
printf '%-10s %8s\n' vhosts "cpu %"
printf '%-10s %8s\n' 1 "$c1" 4080 "$c4080"
echo "per 1,000 carp interfaces: $(awk -v a="$c4080" -v b="$c1" 'BEGIN { printf "%.2f", (a - b) / 4.08 }') % of a core"

# late VLANS VHIDS: the intervals of the advertisements, minus 1 s, in ms.
seg_add 1
host_link a 1
late() {
	local cap=$WORK/late-$1-$2.pcap t0
	python3 "$CONF_PY" 1 "$(dev_af_packet a 1 0)" "$1" "$2" \
		$(( ($1 > 0 ? $1 : 1) * $2 )) >"$WORK/late.ini"
	capture_start 1 "$cap" || return 1
	CARP_MEM=$MEM carp_start a 0 "$WORK/late.ini"
	wait_for 60 ready || return 1
	wait_for 30 eval "tel a /carp/summary | has '\"MASTER\": $(( ($1 > 0 ? $1 : 1) * $2 ))'" || true
	t0=$EPOCHREALTIME
	sleep 12	# the interval being measured
	carp_stop a TERM
	capture_stop "$cap"
	timeout 120 tshark -r "$cap" -d ip.proto==112,carp \
		-Y "carp && carp.adver_int == 1 && frame.time_epoch > $t0" \
		-T fields -e frame.time_epoch -e carp.advskew -e carp.vhid \
		-e vlan.id 2>/dev/null |
	awk '{ k = $3 "/" $4; d = 1 + $2 / 256
	       if (k in last) printf "%.3f\n", ($1 - last[k] - d) * 1000
	       last[k] = $1 }' |
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "- - - - 0"; exit }
		p = int(NR * 0.99); if (p < 1) p = 1
		printf "%s %s %s %s %d\n", v[1], v[int((NR + 1) / 2)], v[p], v[NR], NR }'
}

echo
echo "== advertisement lateness (interval - advbase - advskew/256, ms), 12 s on a veth"
printf '%-8s %9s %9s %9s %9s %9s %10s\n' vhosts min median p99 max samples p99_ratio
read -r mn md p1 mx ns <<<"$(late 0 1)"
base=$p1
printf '%-8s %9s %9s %9s %9s %9s %10s\n' 1 "$mn" "$md" "$p1" "$mx" "$ns" 1.00
for spec in "0 255" "16 255"; do
	read -r v h <<<"$spec"
	read -r mn md p1 mx ns <<<"$(late "$v" "$h")"
	printf '%-8s %9s %9s %9s %9s %9s %10s\n' $(( (v > 0 ? v : 1) * h )) "$mn" "$md" "$p1" "$mx" "$ns" \
		"$(awk -v a="$p1" -v b="$base" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
done
finish
