#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# ARP benchmark: packets per second on one forwarding lcore, dpdk-carp
# against dpdk-testpmd, on the same device in the same run.
#
#   bash scripts/bench-arp.sh [BUILD_DIR]     (as root)
#   DUR=seconds per run (5); CAPTURES="SOURCES:ADDRESSES ..." to run only
#   some captures (all six by default); NONARP=0 to skip the UDP run;
#   NS_CAPTURES="SOURCES:ADDRESSES ..." for the IPv6 runs ("1:1 1000:4096";
#   "" skips them); LIMIT_CAPTURES for the runs with a rate limit
#   ("65536:1 65536:4096"; "" skips them), LIMIT its arp_rate_per_source
#   (1000).
#
# The device is a net_pcap port replaying a capture from memory
# (rx_pcap=FILE,infinite_rx=1; what is sent is dropped), so the numbers
# are the cost of the software alone. For each capture of ARP requests
# (1, 1000 or 65536 sources asking for 1 or 4096 virtual addresses):
#   carp-answer   dpdk-carp MASTER of every address: every request answered
#   carp-backup   dpdk-carp BACKUP of every address: every request dropped
#   icmpecho      testpmd --forward-mode=icmpecho: answers every ARP request
#                 without looking at the address (a naive responder)
#   macswap       testpmd --forward-mode=macswap: swaps MACs, sends back
#   carp-limit    dpdk-carp MASTER with arp_rate_per_source set: each
#                 request charged to its requester in the table (65,536
#                 requesters at about 700 requests a second each: answered)
# and once, on UDP frames, dpdk-carp receiving frames that are not ARP.
# Then IPv6: dpdk-carp MASTER of as many dual-stack addresses answering
# neighbour solicitations (carp-ns), against its own ARP answer rate on
# the ARP capture of the same shape, run again beside it.
# After each dpdk-carp run's windows, one more with the balancer's stages
# timed (/arpbal/profile): where a request's cycles go, printed last.
# Rates come from the port counters (telemetry /ethdev/stats,0) over three
# windows of DUR seconds once the run is warm: each figure is their median,
# with min..max beside it (this VM moves +-10 % run to run); the ratios are
# of medians, to icmpecho and macswap on the same capture. Not a test: it
# asserts nothing and prints a table.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/build}
DUR=${DUR:-5}
carp=$build/app/dpdk-carp

[ "$(id -u)" = 0 ] || { echo "bench-arp.sh: run as root" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "bench-arp.sh: needs 2 cores" >&2; exit 1; }
if [ ! -x "$carp" ]; then
	bash "$top/scripts/setup.sh"
	bash "$top/scripts/build.sh"
fi
command -v dpdk-testpmd >/dev/null || { echo "bench-arp.sh: no dpdk-testpmd" >&2; exit 1; }

# shellcheck source=scripts/bench-lib.sh
source "$top/scripts/bench-lib.sh"
bench_setup bench-arp 1024


# addr_of I: the I-th virtual address, counting from 10.200.0.1.
addr_of() {
	local a=$(( (200 << 16) + 1 + $1 ))
	echo "10.$(( a >> 16 & 255 )).$(( a >> 8 & 255 )).$(( a & 255 ))"
}

# addr6_of I: the I-th virtual IPv6 address, counting from 2001:db8::c8:1.
addr6_of() {
	local a=$(( (0xc8 << 16) + 1 + $1 ))
	printf '2001:db8::%x:%x\n' $(( a >> 16 )) $(( a & 0xffff ))
}

# carp_run NAME PCAP FRAMES NADDR STATE [6]: dpdk-carp MASTER or BACKUP of
# NADDR virtual addresses 10.200.0.1... (with 6, and as many IPv6 ones
# from 2001:db8::c8:1); sets RESULT to "rx tx".
carp_run() {
	local name=$1 pcap=$2 frames=$3 naddr=$4 state=$5 v6=${6:-} advbase i v j
	local addr6=''
	[ -z "$v6" ] || addr6=', 2001:db8::2/64'
	local conf=$work/$name.ini cmds=$work/$name.cmds prefix=bench-carp
	# MASTER after 3 s alone; BACKUP for 762 s (longer than any run).
	advbase=1
	[ "$state" = MASTER ] || advbase=254
	cat >"$conf" <<-EOF
		[global]
		log = 0
		idle_sleep = 0
		arp_rate_per_source = ${RATE:-0}
		mbufs = $((frames + 32768))
		[port0]
		device = net_pcap0,rx_pcap=$pcap,infinite_rx=1
		address = 10.0.0.2/8$addr6
	EOF
	# Vhosts of 64 addresses each, 10.200.0.1 and up, from the file.
	for ((v = 1; (v - 1) * 64 < naddr; v++)); do
		i=$(( (v - 1) * 64 )) n=$(( naddr - (v - 1) * 64 ))
		[ "$n" -le 64 ] || n=64
		cat >>"$conf" <<-EOF
			[carp$v]
			port = port0
			vhid = $v
			advbase = $advbase
			address = $(addr_of "$i")-$(addr_of $((i + n - 1)))/8
		EOF
		[ -z "$v6" ] || for ((j = i; j < i + n; j++)); do
			echo "address = $(addr6_of "$j")/64"
		done >>"$conf"
	done
	: >"$cmds"
	timeout 600 "$carp" -l 0-1 "${mem_opts[@]}" --no-pci \
		--file-prefix=$prefix -- -c "$conf" --cmdline-file "$cmds" \
		>"$work/$name.log" 2>&1 &
	pid=$!
	await "$work/$name.log" "dpdk-carp did not get to $state" \
		60 all_in_state $prefix "$state"
	await "$work/$name.log" "dpdk-carp receives nothing" \
		10 rx_flowing $prefix
	sleep 1	# warm caches and tables before the window
	RESULT=$(rate $prefix)
	# Then a window with each stage of the balancer timed.
	tel $prefix /arpbal/profile,on >/dev/null
	sleep "$DUR"
	PROFILE=$(tel $prefix /arpbal/profile | python3 -c '
import json, sys
p = json.loads(sys.stdin.read())["/arpbal/profile"]
n = max(p["requests"], 1)
c = [p[k] / n for k in p if k.startswith("cycles_")]
print(" ".join("%8.1f" % x for x in c + [sum(c)]))')
	stop_run
}

# profile_row CAPTURE RUN: the stages of the last carp_run, per request.
profiles=()
profile_row() {
	profiles+=("$(printf '%-20s %-12s %s' "$1" "$2" "$PROFILE")")
}

# testpmd_run MODE PCAP FRAMES: sets RESULT to "rx tx min max".
testpmd_run() {
	testpmd_rate "$work/testpmd-$1.log" -l 0-1 \
		--vdev "net_pcap0,rx_pcap=$2,infinite_rx=1" -- \
		--forward-mode="$1" --total-num-mbufs=$(($3 + 32768))
}

# capture KIND SPEC: nsrc, naddr, frames and pcap for a capture of KIND
# ("arp" or "ns") of SPEC ("SOURCES:ADDRESSES"), written if not yet.
capture() {
	nsrc=${2%:*} naddr=${2#*:}
	frames=$(( nsrc > naddr ? nsrc : naddr ))
	[ "$frames" -ge 4096 ] || frames=4096
	pcap=$work/$1-$nsrc-$naddr.pcap
	[ -f "$pcap" ] ||
		python3 "$top/scripts/arp-pcap.py" "$pcap" "$1" "$nsrc" "$naddr" "$frames"
}

header /icmpecho /macswap
for spec in ${CAPTURES:-1:1 1000:1 65536:1 1:4096 1000:4096 65536:4096}; do
	capture arp "$spec"
	testpmd_run icmpecho "$pcap" "$frames"
	icmp=$RESULT
	testpmd_run macswap "$pcap" "$frames"
	swap=$RESULT
	carp_run answer "$pcap" "$frames" "$naddr" MASTER
	ans=$RESULT
	profile_row "$nsrc src, $naddr addr" carp-answer
	carp_run backup "$pcap" "$frames" "$naddr" BACKUP
	bak=$RESULT
	profile_row "$nsrc src, $naddr addr" carp-backup
	cap="$nsrc src, $naddr addr"
	for r in "icmpecho:$icmp" "macswap:$swap" "carp-answer:$ans" \
		 "carp-backup:$bak"; do
		row "$cap" "${r%%:*}" "${r#*:}" "${icmp%% *}" "${swap%% *}"
	done
done

[ -z "${LIMIT_CAPTURES-65536:1 65536:4096}" ] || header /10GbE
for spec in ${LIMIT_CAPTURES-65536:1 65536:4096}; do
	capture arp "$spec"
	RATE=${LIMIT:-1000} carp_run limit "$pcap" "$frames" "$naddr" MASTER
	row "$nsrc src, $naddr addr" carp-limit "$RESULT" 14.88
	profile_row "$nsrc src, $naddr addr" carp-limit
done

[ -z "${NS_CAPTURES-1:1 1000:4096}" ] || header /arp
for spec in ${NS_CAPTURES-1:1 1000:4096}; do
	capture ns "$spec"
	pcap6=$pcap
	capture arp "$spec"
	carp_run answer "$pcap" "$frames" "$naddr" MASTER 6
	ans=$RESULT
	carp_run ns "$pcap6" "$frames" "$naddr" MASTER 6
	profile_row "$nsrc src, $naddr addr" carp-ns
	row "$nsrc src, $naddr addr" carp-answer "$ans" "${ans%% *}"
	row "$nsrc src, $naddr addr" carp-ns "$RESULT" "${ans%% *}"
done

if [ "${NONARP:-1}" = 1 ]; then
	pcap=$work/udp.pcap
	python3 "$top/scripts/arp-pcap.py" "$pcap" udp 1 1 4096
	testpmd_run rxonly "$pcap" 4096
	rxonly=$RESULT
	carp_run nonarp "$pcap" 4096 1 MASTER
	header /rxonly
	row "udp, not ARP" rxonly "$rxonly" "${rxonly%% *}"
	row "udp, not ARP" carp-nonarp "$RESULT" "${rxonly%% *}"
fi
if [ "${#profiles[@]}" -gt 0 ]; then
	echo
	echo "Where a request's cycles go in the worker: TSC cycles per request in"
	echo "each stage of the balancer, over a window of DUR s with the stages timed"
	echo "(each stage then ends with a serialising TSC read, about 1-2 cycles a"
	echo "request; neighbour discovery looks its cache up within \"state\")."
	printf '%-20s %-12s %8s %8s %8s %8s %8s %8s %8s\n' capture run classify \
		lookup state sources reply count total
	printf '%s\n' "${profiles[@]}"
fi
echo
echo "10GbE line rate for 64-byte frames: 14.88 Mpps"
