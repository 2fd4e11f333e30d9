#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Hugepages: while dpdk-carp runs on hugepages, its files are in the
# hugetlbfs mount and dpdk-dumpcap attaches to it; after a clean exit none
# of its files is left and every page it took is free again. A run killed
# with SIGKILL leaves its files; scripts/hugepages.sh removes those and
# leaves a running instance's alone.
#
# The test reserves the pages it needs (and mounts /dev/hugepages) if the
# machine has not, and gives back what it reserved at the end.
#
# usage: bash test/integration/hugepages.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=scripts/hugepages.sh
source "$TOP/scripts/hugepages.sh"

MB=64			# each instance's -m
PAGES=72		# two instances, 2 MiB pages, and a margin
HUGE=/dev/hugepages

need_root
need_tools dpdk-dumpcap flock mountpoint tshark
need_binary

free_pages() { awk '/HugePages_Free/ { print $2 }' /proc/meminfo; }

# files PREFIX: the hugepage files of the run with that --file-prefix.
files() {
	find "$HUGE" -maxdepth 1 -name "$1map_*" | wc -l
}

if ! mountpoint -q "$HUGE"; then
	mkdir -p "$HUGE"
	mount -t hugetlbfs nodev "$HUGE" || die "cannot mount $HUGE"
	at_cleanup umount "$HUGE"
fi
# Whatever way the test ends, it leaves no file behind.
at_cleanup hugepages_clear_stale "$HUGE"
have=$(cat /proc/sys/vm/nr_hugepages)
if [ "$(free_pages)" -lt "$PAGES" ]; then
	echo $((have + PAGES)) >/proc/sys/vm/nr_hugepages
	at_cleanup sh -c "echo $have >/proc/sys/vm/nr_hugepages"
fi
if [ "$(free_pages)" -lt "$PAGES" ]; then
	skip "the kernel gives $(free_pages) free 2 MiB pages, $PAGES needed"
	finish
fi

seg_add 1
host_link a 1
host_link b 1
conf_global "$WORK/a.ini"
conf_port "$WORK/a.ini" port0 "$(dev_af_packet a 1 0)" "10.99.1.1/24"
conf_carp "$WORK/a.ini" carp0 port0 1 1 0 mekmitasdigoat "10.99.1.100/24"
conf_global "$WORK/b.ini"
conf_port "$WORK/b.ini" port0 "$(dev_af_packet b 1 0)" "10.99.1.2/24"
conf_carp "$WORK/b.ini" carp0 port0 2 1 0 mekmitasdigoat "10.99.1.101/24"

# --- a clean run ---------------------------------------------------------------
before=$(free_pages)
CARP_MEM="-m $MB" carp_start a 0 "$WORK/a.ini"
check "a becomes MASTER on hugepages" wait_state 10 a carp0 MASTER
pa=${CARP_PREFIX[a]}
n=$(files "$pa")
check "a's hugepage files are in $HUGE while it runs ($n)" test "$n" -gt 0
check "a runs on hugepages (free pages $before -> $(free_pages))" \
	test "$(free_pages)" -lt "$before"

# A secondary process attaches and captures a's own advertisements.
cap=$WORK/a.pcapng
timeout 20 dpdk-dumpcap --file-prefix="$pa" -q -i 0 -c 2 -w "$cap" \
	>"$WORK/dumpcap.log" 2>&1 || true
got=$(timeout 10 tshark -r "$cap" -d ip.proto==112,carp -Y carp 2>/dev/null |
	grep -c . || true)
check "dpdk-dumpcap attaches and captures a's advertisements ($got)" \
	test "$got" = 2

carp_stop a TERM
check "a exits with status 0 (status $STATUS)" test "$STATUS" = 0
check "no hugepage file of a's run is left ($(files "$pa"))" \
	test "$(files "$pa")" = 0
check "every page a took is free again ($(free_pages) of $before)" \
	test "$(free_pages)" = "$before"
check "a says it removed its files" \
	grep -q "removed [0-9]* hugepage file(s) of this run" "${CARP_LOG[a]}"

# --- a killed run, and the script that clears what it left ---------------------
CARP_MEM="-m $MB" carp_start a 0 "$WORK/a.ini"
check "a, again, becomes MASTER" wait_state 10 a carp0 MASTER
pa=${CARP_PREFIX[a]}
CARP_MEM="-m $MB" carp_start b 0 "$WORK/b.ini"
check "b, beside it, becomes MASTER of its own vhid" \
	wait_state 10 b carp0 MASTER
pb=${CARP_PREFIX[b]}
carp_stop a KILL
na=$(files "$pa")
check "SIGKILL leaves a's files behind ($na)" test "$na" -gt 0
nb=$(files "$pb")
hugepages_clear_stale "$HUGE"
check "hugepages.sh removes the files of the killed run ($(files "$pa") left)" \
	test "$(files "$pa")" = 0
check "and keeps those of the running one ($(files "$pb") of $nb)" \
	test "$(files "$pb")" = "$nb"
check "b, whose files stayed, still answers telemetry" \
	has '"MASTER"' <<<"$(tel b /carp/vhosts)"
carp_stop b TERM
check "b exits with status 0 (status $STATUS)" test "$STATUS" = 0
check "no hugepage file of b's run is left" test "$(files "$pb")" = 0
check "every page is free again ($(free_pages) of $before)" \
	test "$(free_pages)" = "$before"

finish
