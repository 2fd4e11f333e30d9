# SPDX-License-Identifier: BSD-3-Clause
#
# Sourced by run.sh and bench-arp.sh: reserve 2 MiB hugepages if the
# kernel gives them (at least MB of them, default 512) and set mem_opts to
# the EAL memory options to use: "-m MB" on shared hugepages, which
# dpdk-dumpcap and dpdk-telemetry.py can attach to, or "--no-huge -m MB"
# where there are none.

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
	free=$(awk '/HugePages_Free/ { print $2 }' /proc/meminfo)
	if [ "${free:-0}" -ge "$pages" ] && mountpoint -q /dev/hugepages; then
		mem_opts=(-m "$mb")
	fi
}
