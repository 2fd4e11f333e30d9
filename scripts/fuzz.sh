#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Build the libFuzzer targets with clang and AddressSanitizer in
# build-fuzz/, then run each for SECONDS (default 60), seeded with the
# ucarp capture's frames and the shipped configurations:
#   bash scripts/fuzz.sh [SECONDS]
# Not a test: it stops at the first crash and leaves the input in
# build-fuzz/ (crash-*), or reports the runs it made.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
secs=${1:-60}
out=$top/build-fuzz
bash "$top/scripts/setup.sh"
command -v clang >/dev/null || { echo "fuzz.sh: needs clang" >&2; exit 1; }
[ -f "$out/build.ninja" ] ||
	CC=clang meson setup "$out" "$top" -Dfuzz=true -Db_sanitize=address >/dev/null
ninja -C "$out" test/fuzz/fuzz_carp_input test/fuzz/fuzz_config

frames=$out/corpus-frames configs=$out/corpus-config
mkdir -p "$frames" "$configs"
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

cd "$out"
export ASAN_OPTIONS=detect_leaks=0
./test/fuzz/fuzz_carp_input -max_total_time="$secs" "$frames" 2>&1 | tail -n 1
./test/fuzz/fuzz_config -max_total_time="$secs" "$configs" 2>&1 | tail -n 1
