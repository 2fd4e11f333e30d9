#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Build the libFuzzer targets with clang and AddressSanitizer in
# build-fuzz/, then run each, seeded with the ucarp capture's frames, the
# shipped configurations and the console's commands:
#   bash scripts/fuzz.sh [SECONDS]     each target for SECONDS (default 60)
#   RUNS=N bash scripts/fuzz.sh        each target for N executions
#   TARGETS="console" bash scripts/fuzz.sh   some of carp_input config console
# Not a test: it stops at the first crash and leaves the input in
# build-fuzz/ (crash-*), or reports the runs it made.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
secs=${1:-60}
out=$top/build-fuzz
bash "$top/scripts/setup.sh" --fuzz
command -v clang >/dev/null || { echo "fuzz.sh: needs clang" >&2; exit 1; }
[ -f "$out/build.ninja" ] ||
	CC=clang meson setup "$out" "$top" -Dfuzz=true -Db_sanitize=address -Db_lundef=false >/dev/null
targets=${TARGETS:-carp_input config console}
ninja -C "$out" test/fuzz/fuzz_carp_input test/fuzz/fuzz_config \
	test/fuzz/fuzz_console

frames=$out/corpus-frames configs=$out/corpus-config console=$out/corpus-console
mkdir -p "$frames" "$configs" "$console"
python3 - "$top/test/data/ucarp-vhid7.pcap" "$frames" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
off, i = 24, 0
while off + 16 <= len(d):
    _, _, cl, _ = struct.unpack('<IIII', d[off:off + 16])
    off += 16
    open('%s/ucarp%d' % (sys.argv[2], i), 'wb').write(d[off:off + cl])
    off += cl
    i += 1
PY
cp "$top/dpdk-carp.ini" "$top"/config/*.ini "$configs/"
i=0
while read -r line; do
	printf '%s\n' "$line" >"$console/cmd$i"
	i=$((i + 1))
done <<'CMDS'
help
show carp
show carp carp0
show carpstats
show sysctl
show port
show host
show workers
show arpbal
carp create x port port0 vhid 9
carp destroy carp1
carp add carp0 address 10.0.0.7/24
carp del carp2 address 10.1.0.101
carp set carp0 advskew 200
carp set carp1 down
sysctl set preempt 1
sysctl set arp_rate_per_source 5
demote
undemote
quit
CMDS

cd "$out"
export ASAN_OPTIONS=detect_leaks=0
limit=(-max_total_time="$secs")
[ -z "${RUNS:-}" ] || limit=(-runs="$RUNS")
for t in $targets; do
	case $t in
	carp_input) corpus=$frames ;;
	config) corpus=$configs ;;
	console) corpus=$console ;;
	*) echo "fuzz.sh: no target $t" >&2; exit 1 ;;
	esac
	printf '%s: ' "$t"
	"./test/fuzz/fuzz_$t" "${limit[@]}" "$corpus" 2>&1 | tail -n 1
done
