#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# How the ARP answer path scales with workers: for N = 1, 2, 4, ... as long
# as N workers and a control lcore fit the machine's cores, dpdk-carp with
# N workers on N RX queues of one net_pcap port (one rx_pcap per queue,
# replaying a capture of ARP requests from 1,000 sources for one virtual
# address, and a TX queue for every lcore), against testpmd icmpecho with
# N forwarding cores on the same queues. For each: aggregate Mpps (median
# of three windows, min..max) and its ratio to N times the same program's
# one-worker rate (1.00: linear). Not a test: it prints a table.
#
#   bash scripts/bench-workers.sh [BUILD_DIR]    (as root)
#   DUR=seconds per window (3); MAXN=largest N to try (all that fit)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/build}
DUR=${DUR:-3}
carp=$build/app/dpdk-carp
cores=$(nproc)

[ "$(id -u)" = 0 ] || { echo "bench-workers.sh: run as root" >&2; exit 1; }
[ -x "$carp" ] || { echo "bench-workers.sh: no $carp (scripts/build.sh)" >&2; exit 1; }
command -v dpdk-testpmd >/dev/null || { echo "bench-workers.sh: no dpdk-testpmd" >&2; exit 1; }

# shellcheck source=scripts/bench-lib.sh
source "$top/scripts/bench-lib.sh"
bench_setup bench-workers 2048


pcap=$work/arp.pcap
python3 "$top/scripts/arp-pcap.py" "$pcap" arp 1000 1 4096

# vdev N Q: net_pcap with Q queues replaying the capture.
vdev() {
	local q s="net_pcap0"
	for ((q = 0; q < $2; q++)); do s+=",rx_pcap=$pcap"; done
	echo "$s,infinite_rx=1"
}

# carp_run N: dpdk-carp, control on lcore 0 and N workers; RESULT.
carp_run() {
	local n=$1 prefix=bench-workers conf=$work/carp.ini
	# N + 1 queues: as many TX queues (one per lcore); N RX queues polled.
	cat >"$conf" <<-EOF
		[global]
		log = 0
		idle_sleep = 0
		mbufs = $(( (n + 1) * 8192 + 32768 ))
		[port0]
		device = $(vdev "$n" $((n + 1)))
		address = 10.0.0.2/8
		[carp1]
		port = port0
		vhid = 1
		address = 10.200.0.1/8
	EOF
	timeout 600 "$carp" -l "0-$n" "${mem_opts[@]}" --no-pci \
		--file-prefix=$prefix -- -c "$conf" >"$work/carp-$n.log" 2>&1 &
	pid=$!
	await "$work/carp-$n.log" "dpdk-carp did not get to MASTER" \
		60 all_in_state $prefix MASTER
	await "$work/carp-$n.log" "dpdk-carp receives nothing" \
		10 rx_flowing $prefix
	sleep 1
	RESULT=$(rate $prefix)
	stop_run
}

# testpmd_run N: icmpecho on N forwarding cores and N queues; RESULT.
testpmd_run() {
	local n=$1
	testpmd_rate "$work/testpmd-$n.log" -l "0-$n" --vdev "$(vdev "$n" "$n")" \
		-- --forward-mode=icmpecho --nb-cores="$n" --rxq="$n" \
		--txq="$n" --total-num-mbufs=$(( n * 8192 + 32768 ))
}

ns=() n=1
while [ $((n + 1)) -le "$cores" ] && [ "$n" -le "${MAXN:-$cores}" ]; do
	ns+=("$n")
	n=$((n * 2))
done
echo "$cores core(s): N = ${ns[*]} (N workers and a control lcore each need a core of their own)"
[ "${ns[-1]}" -ge 2 ] ||
	echo "NOTE: only N = 1 fits this machine: scaling needs 3 cores or more."

header /N*one
for n in "${ns[@]}"; do
	carp_run "$n"
	c=$RESULT
	testpmd_run "$n"
	t=$RESULT
	[ "$n" != 1 ] || { c1=${c%% *} t1=${t%% *}; }
	row "N = $n" testpmd "$t" "$(awk -v a="$t1" -v n="$n" 'BEGIN { print a * n }')"
	row "N = $n" dpdk-carp "$c" "$(awk -v a="$c1" -v n="$n" 'BEGIN { print a * n }')"
done
