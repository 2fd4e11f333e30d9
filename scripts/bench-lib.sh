# SPDX-License-Identifier: BSD-3-Clause
#
# Sourced by the benchmarks that replay captures through net_pcap
# (bench-arp.sh, bench-workers.sh): their setting up and cleaning up,
# telemetry, rates over windows and their tables. They set DUR and top.

# bench_setup NAME MB: hugepages (MB of them, or a loud banner that there
# are none), mem_opts for EAL, a work directory $work, and a cleanup at
# exit that stops the run under way ($pid).
bench_setup() {
	# shellcheck source=scripts/hugepages.sh
	source "$top/scripts/hugepages.sh"
	hugepages_setup "$2"
	# Each run gives its pages back when it ends, for the next one.
	[ "${mem_opts[0]}" = --no-huge ] || mem_opts+=(--huge-unlink)
	echo "EAL memory: ${mem_opts[*]}"
	hugepages_banner || true
	work=$(mktemp -d "/tmp/$1.XXXXXX")
	pid=
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
}

bench_cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$work"
	hugepages_banner || true
}

# tel PREFIX CMD: one telemetry answer, as JSON.
tel() {
	echo "$2" | timeout 5 dpdk-telemetry.py -f "$1" 2>/dev/null | tail -n 1
}

# json EXPR: evaluate a Python expression over the JSON on stdin (as j).
json() {
	python3 -c "import json, sys; j = json.loads(sys.stdin.read()); print($1)"
}

# wait_until SECONDS CMD...: poll CMD every 0.2 s.
wait_until() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.2
	done
}

rx_flowing() {
	local j
	j=$(tel "$1" /ethdev/stats,0) || return 1
	[ "$(json 'j["/ethdev/stats"]["ipackets"]' <<<"$j" 2>/dev/null || echo 0)" -gt 0 ]
}

# rate PREFIX: "rx tx rx_min rx_max" in Mpps: medians of three windows of
# DUR seconds, and the spread of rx.
rate() {
	local -a j t
	local k
	for k in 0 1 2 3; do
		[ "$k" = 0 ] || sleep "$DUR"	# the measurement windows
		j[k]=$(tel "$1" /ethdev/stats,0)
		t[k]=$EPOCHREALTIME
	done
	python3 - "${j[@]}" "${t[@]}" <<'PY'
import json, statistics, sys
s = [json.loads(x)["/ethdev/stats"] for x in sys.argv[1:5]]
t = [float(x) for x in sys.argv[5:9]]
rx = [(s[k + 1]["ipackets"] - s[k]["ipackets"]) / (t[k + 1] - t[k]) / 1e6
      for k in range(3)]
tx = [(s[k + 1]["opackets"] - s[k]["opackets"]) / (t[k + 1] - t[k]) / 1e6
      for k in range(3)]
print("%.2f %.2f %.2f %.2f" % (statistics.median(rx), statistics.median(tx),
                               min(rx), max(rx)))
PY
}

# await LOG WHAT SECONDS CMD...: poll CMD until it holds; if it never
# does, say WHAT with the last lines of LOG, and exit.
await() {
	local log=$1 what=$2
	shift 2
	wait_until "$@" && return 0
	echo "$(basename "$0"): $what; log:" >&2
	tail -n 20 "$log" >&2
	exit 1
}

# testpmd_rate LOG EAL-ARGS... -- TESTPMD-ARGS...: dpdk-testpmd measured
# by rate once its port 0 receives; sets RESULT to "rx tx min max".
testpmd_rate() {
	local log=$1 prefix=bench-testpmd
	shift
	timeout 600 dpdk-testpmd "${mem_opts[@]}" --no-pci \
		--file-prefix=$prefix "$@" --stats-period=60 >"$log" 2>&1 &
	pid=$!
	await "$log" "testpmd did not start" 30 rx_flowing $prefix
	sleep 1
	RESULT=$(rate $prefix)
	stop_run
}

stop_run() {
	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	pid=
}

all_in_state() {
	local j
	j=$(tel "$1" /carp/vhosts) || return 1
	json "all(v == '$2' for v in j['/carp/vhosts'].values()) and len(j['/carp/vhosts']) > 0" \
		<<<"$j" 2>/dev/null | grep -qx True
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# row CAPTURE RUN "RX TX MIN MAX" [BASELINE RX...]: one line of a table, the
# ratios of RX to each baseline.
row() {
	local cap=$1 run=$2 b
	local -a r
	read -r -a r <<<"$3"
	shift 3
	printf '%-20s %-12s %7s (%6s..%-6s) %7s' "$cap" "$run" "${r[0]}" \
		"${r[2]}" "${r[3]}" "${r[1]}"
	for b in "$@"; do printf ' %9s' "$(ratio "${r[0]}" "$b")"; done
	echo
}
header() {
	local h
	printf '\n%-20s %-12s %7s %16s %7s' capture run rx-Mpps '(min..max)' tx-Mpps
	for h in "$@"; do printf ' %9s' "$h"; done
	echo
}

