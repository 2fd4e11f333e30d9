# SPDX-License-Identifier: BSD-3-Clause
#
# Sourced by run.sh and bench-arp.sh: reserve 2 MiB hugepages if the
# kernel gives them (at least MB of them, default 512) and set mem_opts to
# the EAL memory options to use: "-m MB" on shared hugepages, which
# dpdk-dumpcap and dpdk-telemetry.py can attach to, or "--no-huge -m MB"
# where there are none.

# Remove the hugepage files in DIR that no process uses any more: left by
# a DPDK process that was killed. EAL holds a shared lock on each file it
# uses and maps it, so a file that takes an exclusive lock at once and is
# in no process's mappings is stale.
hugepages_clear_stale() {
	local dir=$1 f mapped
	# Processes come and go while cat reads: some maps are gone.
	mapped=$({ cat /proc/[0-9]*/maps 2>/dev/null || true; } |
		awk -v d="$dir/" 'index($6, d) == 1 { print $6 }' | sort -u)
	for f in "$dir"/*map_*; do
		[ -f "$f" ] || continue
		grep -qxF -- "$f" <<<"$mapped" && continue
		flock -n -x "$f" rm -f -- "$f" 2>/dev/null || true
	done
}

hugepages_setup() {
	local mb=${1:-512} pages have free
	pages=$(( (mb + 1) / 2 ))
	mem_opts=(--no-huge -m "$mb")
	[ -w /proc/sys/vm/nr_hugepages ] || return 0
	have=$(cat /proc/sys/vm/nr_hugepages)
	[ "$have" -ge "$pages" ] ||
		echo "$pages" >/proc/sys/vm/nr_hugepages 2>/dev/null || true
	mountpoint -q /dev/hugepages || { mkdir -p /dev/hugepages &&
		mount -t hugetlbfs nodev /dev/hugepages 2>/dev/null; } || true
	mountpoint -q /dev/hugepages && hugepages_clear_stale /dev/hugepages
	free=$(awk '/HugePages_Free/ { print $2 }' /proc/meminfo)
	if [ "${free:-0}" -ge "$pages" ] && mountpoint -q /dev/hugepages; then
		mem_opts=(-m "$mb")
	fi
}

# hugepages_banner: where mem_opts fell back to --no-huge, say so in a way
# nobody misses (benchmarks print it first and last): their figures then
# are not comparable with runs on hugepages. Status 1 if it did.
hugepages_banner() {
	[ "${mem_opts[0]}" = --no-huge ] || return 0
	echo "##################################################################"
	echo "## NO HUGEPAGES: running with --no-huge; figures are NOT comparable"
	echo "## with hugepage runs (expect about half). Free some and run again."
	echo "##################################################################"
	return 1
}
