#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# What the host exception path costs a service, on this machine: a client
# on a bridge reaches a service on dpdk-carp's virtual address, through
# the port and its kernel twin, and the same service on a host whose
# kernel owns its veth, in the same run:
#   TCP   iperf3, 4 streams, 5 s windows
#   HTTP  nginx serving 1 KiB, wrk with 16 connections, 5 s windows
# Windows alternate between the two paths; each figure is the median of
# WINDOWS windows (default 3) with min and max, and the ratio of the
# medians. dpdk-carp runs on one lcore, polling flat out (idle_sleep 0), on
# CPU 0; everything else (client, service, kernel) is held to CPU 1, for
# both paths alike. The CPU line is each CPU's busy share during the
# windows. Not a test: it prints a table. Run as root.
#
# usage: scripts/bench-host.sh [BUILD_DIR] [WINDOWS]

export REPORT_CASES=0
# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../test/integration/lib.sh"

WINDOWS=${2:-3}
ADDR_K=$NET.60
need_root
bash "$TOP/scripts/setup.sh" --bench
need_binary
need_tools iperf3 wrk nginx taskset

# stats: "median min max" of the numbers on stdin.
stats() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "- - -"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.3f %.3f %.3f\n", m, v[1], v[NR] }'
}

# busy: "cpu0 cpu1" busy jiffies from /proc/stat.
busy() {
	awk '/^cpu[01] / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat | paste -sd' '
}

# share B0 B1 SECONDS: each CPU's busy percentage between two busy lines.
share() {
	awk -v a="$1" -v b="$2" -v s="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {
		split(a, x, " "); split(b, y, " ")
		printf "cpu0 %.0f%% cpu1 %.0f%%", 100 * (y[1] - x[1]) / (hz * s),
			100 * (y[2] - x[2]) / (hz * s) }'
}

seg_add 1
host_link a 1
client_add c 1 "$ADDR_C/24"
client_add k 1 "$ADDR_K/24"
f=$WORK/a.ini
conf_global "$f" idle_sleep=0
sed -i 's/^idle_sleep = 100$//' "$f"
conf_port "$f" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24"
echo "host_iface = twa$ID" >>"$f"
conf_carp "$f" carp0 port0 1 1 0 mekmitasdigoat "$VIP/24"
carp_start a 0 "$f"
wait_state 10 a carp0 MASTER || die "dpdk-carp did not get to MASTER"

# The services, on CPU 1: iperf3 and nginx on each path.
head -c 1024 /dev/urandom >"$WORK/1k"
for r in a k; do
	addr=$VIP
	[ "$r" = k ] && addr=$ADDR_K
	spawn "$WORK/iperf-$r.log" "$(ns "$r")" taskset -c 1 iperf3 -s -B "$addr"
	cat >"$WORK/nginx-$r.conf" <<EOF
worker_processes 1;
pid $WORK/nginx-$r.pid;
error_log $WORK/nginx-$r.err;
events { worker_connections 1024; }
http {
	access_log off;
	server { listen $addr:80; root $WORK; }
}
EOF
	spawn "$WORK/nginx-$r.log" "$(ns "$r")" taskset -c 1 nginx -c \
		"$WORK/nginx-$r.conf" -g 'daemon off;'
done
sleep 1

declare -A TCP=() HTTP=() CPU=()
for w in $(seq "$WINDOWS"); do
	for r in a k; do
		addr=$VIP
		[ "$r" = k ] && addr=$ADDR_K
		b0=$(busy)
		g=$(ip netns exec "$(ns c)" taskset -c 1 timeout 30 iperf3 -c "$addr" \
			-P 4 -t 5 -J 2>/dev/null | python3 -c '
import json, sys
print("%.3f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))' 2>/dev/null) || g=0
		b1=$(busy)
		TCP[$r]+="$g "
		CPU[$r-tcp]=$(share "$b0" "$b1" 5)
		b0=$(busy)
		q=$(ip netns exec "$(ns c)" taskset -c 1 timeout 30 wrk -t 1 -c 16 -d 5s \
			"http://$addr/1k" 2>/dev/null | awk '/^Requests\/sec/ { print $2 }') || q=0
		b1=$(busy)
		HTTP[$r]+="${q:-0} "
		CPU[$r-http]=$(share "$b0" "$b1" 5)
	done
done

row() {
	local what=$1 unit=$2 a k ra rk
	a=$(tr ' ' '\n' <<<"$3" | grep . | stats)
	k=$(tr ' ' '\n' <<<"$4" | grep . | stats)
	ra=${a%% *} rk=${k%% *}
	printf '%-6s %-28s %-28s %s\n' "$what" "$a $unit" "$k $unit" \
		"$(awk -v x="$ra" -v y="$rk" 'BEGIN { if (y > 0) printf "%.2f", x / y; else print "-" }')"
}
echo
echo "host exception path against a kernel veth, $WINDOWS windows each (median min max)"
printf '%-6s %-28s %-28s %s\n' "" "dpdk-carp twin" "kernel veth" "ratio"
row TCP Gbps "${TCP[a]}" "${TCP[k]}"
row HTTP req/s "${HTTP[a]}" "${HTTP[k]}"
echo "CPU, last window: twin TCP ${CPU[a-tcp]}, HTTP ${CPU[a-http]}; veth TCP ${CPU[k-tcp]}, HTTP ${CPU[k-http]}"
echo "(dpdk-carp polls CPU 0 flat out whatever the load; the rest is on CPU 1)"
H=$(tel a /carp/host)
echo "twin counters: to_kernel $(json_val "$H" to_kernel) out $(json_val "$H" out) to_kernel_full $(json_val "$H" to_kernel_full) out_full $(json_val "$H" out_full)"
W=$(tel a /carp/workers)
echo "workers: host_queued $(json_val "$W" host_queued) host_ring_full $(json_val "$W" host_ring_full)"
finish
