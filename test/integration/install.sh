#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Installing: a build configured with a temporary --prefix is installed
# there (meson install) and, from the same build, under DESTDIR. Every
# path the README's "Installing" list promises must be in both trees; the
# manual page must render without a warning; the systemd unit must start
# the installed binary on /etc/dpdk-carp/dpdk-carp.ini and stop it with
# SIGTERM; and a small program built against the installed libcarp through
# pkg-config (test/install/embed.c) must elect a vhost MASTER through
# struct carp_ops without EAL.
#
# usage: bash test/integration/install.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_tools meson ninja pkg-config cc man

PREFIX_DIR=$WORK/prefix
DEST=$WORK/dest
IBUILD=$WORK/build

# The build of the installation: its own directory, without tests.
check "meson setup --prefix $PREFIX_DIR" \
	timeout 120 meson setup -Dtests=false --prefix "$PREFIX_DIR" \
		"$IBUILD" "$TOP" >"$WORK/setup.log" 2>&1
check "meson install into the prefix" \
	timeout 600 meson install -C "$IBUILD" >"$WORK/install.log" 2>&1
check "meson install with DESTDIR" \
	timeout 120 meson install -C "$IBUILD" --no-rebuild \
		--destdir "$DEST" >"$WORK/destdir.log" 2>&1
LIBDIR=$(meson introspect "$IBUILD" --buildoptions |
	python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "libdir"][0])')

# The README's list: the backquoted relative paths (a '/' inside, none in
# front) between its "installed:" markers, relative to the prefix, LIBDIR
# standing for libdir.
LIST=$WORK/promised
sed -n '/<!-- installed: begin -->/,/<!-- installed: end -->/p' \
	"$TOP/README.md" | grep -o '`[^`/][^`]*/[^`]*`' | tr -d '`' |
	sed "s|^LIBDIR/|$LIBDIR/|" >"$LIST"

# present ROOT LIST: every path (a glob) of LIST matches a file under ROOT.
present() {
	local p missing=0
	while read -r p; do
		if ! compgen -G "$1/$p" >/dev/null; then
			echo "    missing: $1/$p"
			missing=1
		fi
	done <"$2"
	[ "$missing" = 0 ]
}
check "the README's list names what an installation holds" \
	test "$(wc -l <"$LIST")" -ge 10
check "the prefix holds every path the README lists" \
	present "$PREFIX_DIR" "$LIST"
check "DESTDIR holds every path the README lists" \
	present "$DEST$PREFIX_DIR" "$LIST"
# The same check must report a path that is not there.
{ cat "$LIST"; echo "share/dpdk-carp/nosuch.ini"; } >"$LIST.bad"
check "a promised path missing from the tree is reported" \
	eval '! present "$PREFIX_DIR" "$LIST.bad" >/dev/null'

MAN=$PREFIX_DIR/share/man/man8/dpdk-carp.8
man_warnings() { MANWIDTH=80 man --warnings=w -l "$MAN" 2>&1 >/dev/null; }
check "man -l renders dpdk-carp(8) without a warning" \
	test -z "$(man_warnings)"
check "the manual names the console, telemetry and signals" \
	eval 'MANWIDTH=80 man -l "$MAN" 2>/dev/null | has "CONSOLE" &&
		MANWIDTH=80 man -l "$MAN" 2>/dev/null | has "TELEMETRY" &&
		MANWIDTH=80 man -l "$MAN" 2>/dev/null | has "SIGNALS"'

UNIT=$PREFIX_DIR/lib/systemd/system/dpdk-carp.service
check "the unit starts the installed dpdk-carp on /etc/dpdk-carp/dpdk-carp.ini" \
	grep -qx "ExecStart=$PREFIX_DIR/bin/dpdk-carp \$DPDK_CARP_EAL -- -c /etc/dpdk-carp/dpdk-carp.ini" "$UNIT"
check "the unit stops it with SIGTERM (the MASTERs bow out) and restarts it on failure" \
	eval 'grep -qx "KillSignal=SIGTERM" "$UNIT" && grep -qx "Restart=on-failure" "$UNIT"'
check "the installed dpdk-carp runs (--help)" \
	eval '"$PREFIX_DIR/bin/dpdk-carp" -- --help | has "usage: "'

# Another application, built against the installed library only.
PCDIR=$PREFIX_DIR/$LIBDIR/pkgconfig
embed_build() {
	# shellcheck disable=SC2046
	cc -o "$WORK/embed" "$TOP/test/install/embed.c" \
		$(PKG_CONFIG_PATH=$PCDIR pkg-config --cflags --libs libcarp) \
		>"$WORK/embed-cc.log" 2>&1
}
check "pkg-config finds the installed libcarp and libarpbal" \
	eval 'PKG_CONFIG_PATH=$PCDIR pkg-config --exists libcarp libarpbal'
check "pkg-config's flags point into the prefix" \
	eval 'PKG_CONFIG_PATH=$PCDIR pkg-config --cflags libcarp | has -- "-I$PREFIX_DIR/include/dpdk-carp"'
check "a program builds against the installed libcarp" embed_build
embed_run() {
	LD_LIBRARY_PATH=$PREFIX_DIR/$LIBDIR timeout 10 "$WORK/embed" \
		>"$WORK/embed.log" 2>&1
}
check "it elects its vhost MASTER through carp_ops, without EAL" embed_run
check "it says what it saw" \
	grep -q "^carp0: MASTER, 1 advertisement (vhid 7, authenticated), 1 gratuitous ARP" "$WORK/embed.log"
check "it ran on the installed library, not the build's" \
	eval 'LD_LIBRARY_PATH=$PREFIX_DIR/$LIBDIR ldd "$WORK/embed" | has "libcarp.so.* => $PREFIX_DIR/$LIBDIR/"'

finish
