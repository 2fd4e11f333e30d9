#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Bad configuration files: dpdk-carp must exit non-zero within a few
# seconds with a message that names the file, the section and the key, and
# must not have started EAL or opened a port. Each file's port is a net_tap
# device with a name of its own, so "no port opened" is "no such
# interface" afterwards; "EAL not started" is "no runtime directory for its
# --file-prefix". A good file, run first, shows that both would be seen.
# The runs happen in a namespace of their own, so that the good one's tap
# and its advertisements stay out of the root namespace. The IPv6 refusals
# (virtual and port addresses, prefix lengths, an IPv6 peer) come last,
# after a good dual-stack file of their own.
#
# usage: bash test/integration/badconfig.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

n=0

# conf NAME VHID ADVSKEW PASS ADDRESS PORT: a file whose [carp0] has these
# values; the port, port0, is 10.99.1.1/24 on tap "x<n>t$ID".
conf() {
	n=$((n + 1))
	FILE=$WORK/$1.ini
	TAP=$(tap_name x $n)
	conf_global "$FILE"
	conf_port "$FILE" port0 "net_tap0,iface=$TAP" 10.99.1.1/24
	conf_carp "$FILE" carp0 "$6" "$2" 1 "$3" "$4" "$5"
}
good() { conf "$1" 1 0 mekmitasdigoat 10.99.1.100/24 port0; }
# conf6 NAME ADDRESS [PORT_ADDRESS]: a file whose [carp0] has ADDRESS and
# whose port0 has PORT_ADDRESS, by default 10.99.1.1/24, 2001:db8:99::1/64.
conf6() {
	conf "$1" 1 0 mekmitasdigoat "$2" port0
	sed -i "s|^address = 10.99.1.1/24\$|address = ${3:-10.99.1.1/24, 2001:db8:99::1/64}|" "$FILE"
}

# run: dpdk-carp on $FILE in namespace x. Sets JOB, LOG and PREFIX.
run() {
	PREFIX="dcarp-$ID-x-$n"
	LOG=$WORK/x-$n.log
	_prefixes+=("$PREFIX")
	spawn "$LOG" "$(ns x)" "$DPDK_CARP" -l 0 --no-huge -m 128 --no-pci \
		--file-prefix="$PREFIX" --log-level='carp.*:info' -- -c "$FILE"
	JOB=$SPAWNED
}

no_tap() { ! ip -n "$(ns x)" link show "$TAP" >/dev/null 2>&1; }
no_eal() { [ ! -e "/var/run/dpdk/$PREFIX" ]; }

# refused NAME SECTION KEY [late]: run $FILE, which is wrong in [SECTION]
# KEY (the message names what it can: SECTION and KEY may be empty).
# "late": what is wrong shows only once EAL has started (it depends on the
# lcores), before any port is opened.
refused() {
	local name=$1 sect=$2 key=$3 late=${4:-} msg want
	run
	if ! wait_for 5 _not alive "$JOB"; then
		fail "$name: still running after 5 s"
		stop "$JOB" KILL
		return
	fi
	stop "$JOB"
	msg=$(grep -m 1 -F "$FILE" "$LOG" || true)
	echo "  $name: status $STATUS: ${msg:-(no message naming the file)}"
	want="$FILE:"
	[ -z "$sect" ] || want="[$sect]${key:+ $key}:"
	if [ "$STATUS" != 0 ] && [ "$STATUS" -lt 124 ] &&
	   [ -n "$msg" ] && [[ "$msg" == *"$want"* ]] && no_tap &&
	   { [ -n "$late" ] || no_eal; }; then
		pass "$name: refused, naming ${want%:}"
	else
		fail "$name: expected a non-zero exit, a message with '$want'," \
			"no tap $TAP${late:- and no EAL run}"
	fi
}

need_root
need_binary
ns_add x

# The control: a good file opens its port (the tap appears) and starts EAL.
good good
run
check "a good file starts EAL and opens its port" \
	wait_for 10 eval '! no_tap && ! no_eal'
stop "$JOB" TERM
check "the good file's run exits 0 on SIGTERM (status $STATUS)" test "$STATUS" = 0

FILE=$WORK/missing.ini TAP=none n=$((n + 1))
refused "missing file" "" ""

good unknown_section
printf '\n[bogus]\nvhid = 1\n' >>"$FILE"
refused "unknown section" bogus ""

good unknown_key
sed -i 's/^\[global\]$/&\nfrobnicate = 1/' "$FILE"
refused "unknown key" global frobnicate

conf bad_number 1 abc mekmitasdigoat 10.99.1.100/24 port0
refused "advskew not a number" carp0 advskew

conf vhid_range 300 0 mekmitasdigoat 10.99.1.100/24 port0
refused "vhid 300" carp0 vhid

good duplicate_vhid
conf_carp "$FILE" carp1 port0 1 1 100 mekmitasdigoat 10.99.1.101/24
refused "vhid 1 twice on port0" carp1 vhid

conf foreign_address 1 0 mekmitasdigoat 10.99.2.100/24 port0
refused "address outside the port's subnet" carp0 address

conf long_pass 1 0 01234567890123456789 10.99.1.100/24 port0
refused "password of 20 characters" carp0 pass

conf no_port 1 0 mekmitasdigoat 10.99.1.100/24 port7
refused "carp section naming a port that does not exist" carp0 port

# Fewer buffers than the queues and rings of one tap port and one lcore
# can hold: a flood could take the advertisements' last one.
good few_mbufs
sed -i 's/^\[global\]$/&\nmbufs = 1024/' "$FILE"
refused "mbufs fewer than the queues and rings hold" global mbufs late

# IPv6: the control first, a port and a carp interface with both families.
conf6 good6 "10.99.1.100/24, 2001:db8:99::100"
run
check "a good dual-stack file starts EAL and opens its port" \
	wait_for 10 eval '! no_tap && ! no_eal'
stop "$JOB" TERM
check "the dual-stack run exits 0 on SIGTERM (status $STATUS)" test "$STATUS" = 0

conf6 v6_no_port6 "10.99.1.100/24, 2001:db8:99::100" 10.99.1.1/24
refused "IPv6 address on a port without IPv6" carp0 address
conf6 v6_outside 2001:db8:98::100
refused "IPv6 address outside the port's prefix" carp0 address
conf6 v6_linklocal fe80::100
refused "link-local virtual address" carp0 address
conf6 v6_multicast ff02::12
refused "multicast virtual address" carp0 address
conf6 v6_unspecified ::
refused "virtual address ::" carp0 address
conf6 v6_loopback ::1
refused "virtual address ::1" carp0 address
conf6 v6_mapped ::ffff:10.99.1.100
refused "IPv4-mapped virtual address" carp0 address
conf6 v6_own 2001:db8:99::1
refused "the port's own IPv6 address as a virtual one" carp0 address
conf6 v6_prefix0 2001:db8:99::100/0
refused "IPv6 prefix length 0" carp0 address
conf6 v6_prefix129 2001:db8:99::100/129
refused "IPv6 prefix length 129" carp0 address
conf6 v6_twice "2001:db8:99::100, 2001:db8:99:0::100/64"
refused "an IPv6 address twice" carp0 address
conf6 v6_range 2001:db8:99::1:0-2001:db8:99::2:0
refused "an IPv6 range beyond the last 16 bits" carp0 address
conf6 v6_peer 10.99.1.100/24
echo "peer = 2001:db8:99::2" >>"$FILE"
refused "an IPv6 peer" carp0 peer
conf6 port_linklocal 10.99.1.100/24 "10.99.1.1/24, fe80::1/64"
refused "a link-local port address" port0 address
conf6 port_multicast 10.99.1.100/24 "10.99.1.1/24, ff02::1/64"
refused "a multicast port address" port0 address
conf6 port_mapped 10.99.1.100/24 "10.99.1.1/24, ::ffff:10.99.1.1/96"
refused "an IPv4-mapped port address" port0 address
conf6 port_v6_twice 10.99.1.100/24 \
	"10.99.1.1/24, 2001:db8:99::1/64, 2001:db8:99::2/64"
refused "two IPv6 port addresses" port0 address
conf6 port_v4_twice 10.99.1.100/24 "10.99.1.1/24, 10.99.1.2/24"
refused "two IPv4 port addresses" port0 address
conf6 port_v6_only 10.99.1.100/24 "2001:db8:99::1/64"
refused "a port with an IPv6 address only" port0 address
conf6 port_v6_noprefix 10.99.1.100/24 "10.99.1.1/24, 2001:db8:99::1"
refused "an IPv6 port address without prefix length" port0 address
conf6 port_v6_prefix0 10.99.1.100/24 "10.99.1.1/24, 2001:db8:99::1/0"
refused "an IPv6 port prefix length 0" port0 address

finish
