#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Planned failover: SIGTERM makes the MASTER (a) send one bow-out
# advertisement (advbase 255, advskew 255) before it exits, and the BACKUP
# (b) takes over at once instead of after its master-down time: its first
# advertisement must follow the bow-out within 100 ms.
#
# usage: bash test/integration/bowout.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LIMIT=0.100

need_root
need_tools tcpdump tshark
need_binary

pair_setup
cap=$WORK/bowout.pcap
capture_start 1 "$cap" || die "tcpdump did not start"

carp_start a 0 "$WORK/a.ini"
check "a becomes MASTER" wait_state 10 a carp0 MASTER
carp_start b 1 "$WORK/b.ini"
check "b becomes BACKUP" wait_state 10 b carp0 BACKUP

check "b hears a's advertisements" wait_advert "$cap" "$ADDR_A" 2
carp_stop a TERM
check "a exits with status 0 on SIGTERM (status $STATUS)" test "$STATUS" = 0
check "b becomes MASTER" wait_state 2 b carp0 MASTER
wait_for 2 takeover_gap "$cap" "$ADDR_A" "$ADDR_B" >/dev/null || true
capture_stop "$cap"

check "a's last advertisement is a bow-out (advbase 255, advskew 255)" \
	test "$(last_advert "$cap" "$ADDR_A")" = "255 255"
if t=$(takeover_gap "$cap" "$ADDR_A" "$ADDR_B"); then
	echo "takeover: $t s from a's bow-out to b's first advertisement"
	check "b's first advertisement follows the bow-out within $LIMIT s ($t s)" \
		fcmp "$t >= 0 && $t <= $LIMIT"
else
	fail "no advertisement from a followed by one from b in the capture"
fi
check "every frame from $(vmac $VHID) has good CARP and IP checksums" \
	frames_valid "$cap" "$VHID"
# b takes over on a's advertisement (the bow-out), not on its timer.
check "b's log gives a's advertisement as the reason it took over" \
	grep -q "BACKUP -> MASTER ($ADDR_A advertised)" "${CARP_LOG[b]}"

finish
