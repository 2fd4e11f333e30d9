#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Configure build/ (once) and build it. With CI=true, warnings are errors.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
opts=()
[ "${CI:-}" = true ] && opts+=(--werror)
if [ ! -f "$top/build/build.ninja" ]; then
	meson setup "${opts[@]}" "$top/build" "$top" >/dev/null
elif [ ${#opts[@]} -gt 0 ]; then
	meson configure "${opts[@]}" "$top/build" >/dev/null
fi
ninja -C "$top/build"
