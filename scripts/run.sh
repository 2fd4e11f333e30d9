#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Set up what is missing on a Debian 12 machine (packages, hugepages if it
# can, else --no-huge), build, and run dpdk-carp in the foreground on the
# shipped dpdk-carp.ini (or the file given with -c). The shipped file needs
# no NIC: its port is a net_tap interface, dcarp0, whose host side this
# script addresses once it appears, so that the virtual address answers:
#     arping -I dcarp0 192.168.77.1
# Extra arguments go to dpdk-carp after its own (e.g. -i for the console).
# Stop it with Ctrl-C: a MASTER bows out before it exits.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
config=$top/dpdk-carp.ini
if [ "${1:-}" = "-c" ] && [ -n "${2:-}" ]; then
	config=$2
	shift 2
fi

[ "$(id -u)" = 0 ] || { echo "run.sh: run as root (DPDK needs it)" >&2; exit 1; }
bash "$top/scripts/setup.sh"
bash "$top/scripts/build.sh"

# Hugepages if the kernel gives them, else run without.
# shellcheck source=scripts/hugepages.sh
source "$top/scripts/hugepages.sh"
hugepages_setup 256
[ "${mem_opts[0]}" = --no-huge ] &&
	echo "run.sh: no hugepages available: running with --no-huge (no dpdk-dumpcap)"

# Two lcores where there are two cores: main + control, and one worker.
lcores=0
[ "$(nproc)" -ge 2 ] && lcores=0-1

# The host side of a net_tap port gets address .254 of the port's subnet.
tap=$(sed -n 's/^[[:space:]]*device[[:space:]]*=.*net_tap[^,]*,.*iface=\([A-Za-z0-9_.-]*\).*/\1/p' "$config" | head -n 1)
if [ -n "$tap" ]; then
	net=$(sed -n 's|^[[:space:]]*address[[:space:]]*=[[:space:]]*\([0-9]*\.[0-9]*\.[0-9]*\)\.[0-9]*/\([0-9]*\).*|\1 \2|p' "$config" | head -n 1)
	host="${net% *}.254/${net#* }"
	(
		for _ in $(seq 100); do
			if ip link show "$tap" >/dev/null 2>&1; then
				ip addr replace "$host" dev "$tap"
				ip link set "$tap" up
				echo "run.sh: $tap is up as $host"
				exit 0
			fi
			sleep 0.1
		done
	) &
fi

echo "run.sh: $top/build/app/dpdk-carp -l $lcores ${mem_opts[*]} --no-pci -- -c $config $*"
exec "$top/build/app/dpdk-carp" -l "$lcores" "${mem_opts[@]}" --no-pci \
	--file-prefix=dpdk-carp -- -c "$config" "$@"
