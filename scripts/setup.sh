#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Install the Debian 12 packages dpdk-carp needs to build, test and demo;
# with --bench, also the services and load generators of the benchmarks,
# with --fuzz, clang for the fuzz targets.
# Idempotent: asks dpkg which are missing and runs apt-get only for those;
# prints nothing when everything is there. Needs root (or sudo) only when
# something is missing.
set -euo pipefail

pkgs=(build-essential pkg-config meson ninja-build dpdk dpdk-dev libdpdk-dev
	libbsd-dev libssl-dev libpcap-dev tshark tcpdump ucarp arping iproute2
	bridge-utils tmux python3 procps man-db ethtool
	curl iputils-ping)
for arg; do
	case $arg in
	--bench) pkgs+=(iperf3 wrk nginx-light util-linux) ;;
	--fuzz) pkgs+=(clang) ;;
	*) echo "setup.sh: unknown option $arg" >&2; exit 1 ;;
	esac
done

missing=()
for p in "${pkgs[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" != 0 ]; then
	if ! command -v sudo >/dev/null; then
		echo "setup.sh: missing ${missing[*]}; run me as root" >&2
		exit 1
	fi
	sudo=(sudo)
fi

echo "setup.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer it beforehand so
# that nothing waits for a terminal.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
	"${sudo[@]}" debconf-set-selections
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends "${missing[@]}"
