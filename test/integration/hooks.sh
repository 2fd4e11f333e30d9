#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# State-change hooks. The [global] state_hook runs on every state change as
# HOOK NAME VHID OLD NEW ADDRESS/LEN..., a [carpN] state_hook instead of it
# for that interface; hooks run one at a time, in the order of the changes,
# with stdin from /dev/null, including the changes of the shutdown.
#
#   order    carp0 (global hook, two addresses), carp1 (its own hook, which
#            fails with status 3) and carp2 (created from a
#            --cmdline-file: the global hook) go INIT -> BACKUP -> MASTER,
#            then SIGTERM: each hook's lines are exactly what was expected,
#            and the hooks ran in the order of the log's state changes.
#   timeout  every hook of carp0..carp2 hangs (hook_timeout = 1): each is
#            killed after 1 s and logged, one after the other, so that
#            hooks hang for 6 s in a row; meanwhile the master-down timer
#            fires on time and the advertisements keep their rhythm.
#
# usage: bash test/integration/hooks.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# hook FILE BODY: an executable shell script.
hook() {
	printf '#!/bin/sh\n%s\n' "$2" >"$1"
	chmod +x "$1"
}

# lines_of FILE NAME: FILE's lines about interface NAME.
lines_of() { grep "^$2 " "$1" || true; }

# same WHAT GOT EXPECTED: GOT is EXPECTED, or say how not.
same() {
	[ "$2" = "$3" ] && return 0
	echo "    $1: expected"
	sed 's/^/    | /' <<<"$3"
	echo "    got"
	sed 's/^/    | /' <<<"${2:-(nothing)}"
	return 1
}

# changes LOG: the state changes in LOG as a hook sees them: NAME VHID OLD NEW.
changes() {
	sed -n 's/^.*carp: \(carp[0-9]*\) vhid \([0-9]*\): \([A-Z]*\) -> \([A-Z]*\) .*/\1 \2 \3 \4/p' "$1"
}

# ---------------------------------------------------------------------------
# order: arguments, overrides, order, stdin, a failing hook
# ---------------------------------------------------------------------------

group_order() {
	local conf=$WORK/order.ini cmds=$WORK/order.cmds all=$WORK/all.out
	local one=$WORK/carp1.out seq=$WORK/seq.out in=$WORK/stdin.out
	local a0="$VIP/24 $NET.110/25" a1="$NET.101/24" a2="$NET.103/24"

	hook "$WORK/hook-all.sh" "echo \"\$*\" >>$all
echo \"\$*\" >>$seq
readlink /proc/\$\$/fd/0 >>$in"
	hook "$WORK/hook-carp1.sh" "echo \"\$*\" >>$one
echo \"\$*\" >>$seq
readlink /proc/\$\$/fd/0 >>$in
exit 3"
	conf_global "$conf" state_hook="$WORK/hook-all.sh"
	conf_port "$conf" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24"
	conf_carp "$conf" carp0 port0 1 1 0 mekmitasdigoat "$a0"
	conf_carp "$conf" carp1 port0 2 1 0 mekmitasdigoat "$a1"
	echo "state_hook = $WORK/hook-carp1.sh" >>"$conf"
	printf 'carp create carp2 port port0 vhid 3\ncarp add carp2 address %s\n' \
		"$NET.103" >"$cmds"

	carp_start a 0 "$conf" --cmdline-file "$cmds"
	check "order: carp0 becomes MASTER" wait_state 10 a carp0 MASTER
	check "order: carp1 becomes MASTER" wait_state 2 a carp1 MASTER
	check "order: carp2 becomes MASTER" wait_state 2 a carp2 MASTER
	check "order: the hooks of the MASTERs have run" \
		wait_for 2 eval '[ "$(grep -c MASTER "$seq" 2>/dev/null)" = 3 ]'
	carp_stop a
	check "order: SIGTERM: exit status 0 (status $STATUS)" test "$STATUS" = 0

	check "order: carp0 ran the global hook: start, takeover, shutdown" \
		same carp0 "$(lines_of "$all" carp0)" "carp0 1 INIT BACKUP $a0
carp0 1 BACKUP MASTER $a0
carp0 1 MASTER INIT $a0"
	check "order: carp1 ran its own hook instead" \
		same carp1 "$(lines_of "$one" carp1)" "carp1 2 INIT BACKUP $a1
carp1 2 BACKUP MASTER $a1
carp1 2 MASTER INIT $a1"
	check "order: the global hook never ran for carp1" \
		same "carp1 in the global hook's" "$(lines_of "$all" carp1)" ""
	check "order: carp2, created by the console, ran the global hook" \
		same carp2 "$(lines_of "$all" carp2)" "carp2 3 INIT BACKUP $a2
carp2 3 BACKUP MASTER $a2
carp2 3 MASTER INIT $a2"
	check "order: the hooks ran in the order of the state changes" \
		same "hooks in order" "$(cut -d ' ' -f 1-4 "$seq")" \
		"$(changes "${CARP_LOG[a]}")"
	check "order: each hook's stdin was /dev/null" \
		same stdin "$(sort -u "$in")" /dev/null
	check "order: carp1's failing hook is logged with its status" \
		grep -q "hook $WORK/hook-carp1.sh carp1 INIT -> BACKUP: exit status 3" \
		"${CARP_LOG[a]}"
}

# ---------------------------------------------------------------------------
# timeout: hanging hooks are killed; CARP does not wait for them
# ---------------------------------------------------------------------------

group_timeout() {
	local conf=$WORK/hang.ini cap=$WORK/hang.pcap out=$WORK/hang.out
	local hang=$WORK/hook-hang.sh advs=$WORK/hang.adverts
	local s t g gv n pid dead tb tm

	# It notes when it starts and its PID, then hangs (exec: the PID that
	# is killed is the one that sleeps), except on the way out.
	hook "$hang" "echo \"\$(date +%s.%N) \$\$ \$*\" >>$out
[ \"\$4\" = INIT ] && exit 0
exec sleep 30"
	conf_global "$conf" state_hook="$hang" hook_timeout=1
	conf_port "$conf" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24"
	conf_carp "$conf" carp0 port0 1 1 0 mekmitasdigoat "$VIP/24"
	conf_carp "$conf" carp1 port0 2 1 0 mekmitasdigoat "$NET.101/24"
	conf_carp "$conf" carp2 port0 3 1 0 mekmitasdigoat "$NET.102/24"

	capture_start 1 "$cap" || { fail "timeout: tcpdump did not start"; return; }
	carp_start a 0 "$conf"
	check "timeout: carp0 becomes MASTER" wait_state 10 a carp0 MASTER
	# 3 x INIT -> BACKUP, then 3 x BACKUP -> MASTER, each hook 1 s.
	check "timeout: six hung hooks killed" \
		wait_for 10 eval '[ "$(grep -c "killed after 1 s" "${CARP_LOG[a]}")" -ge 6 ]'
	t=$EPOCHREALTIME
	wait_for 3 cap_has_after "$cap" "$t" || true
	carp_stop a
	check "timeout: SIGTERM: exit status 0 (status $STATUS)" test "$STATUS" = 0
	capture_stop "$cap"

	for s in carp0 carp1 carp2; do
		check "timeout: $s's hooks INIT -> BACKUP and BACKUP -> MASTER killed and logged" \
			eval 'grep -q "hook $hang $s INIT -> BACKUP: killed after 1 s" "${CARP_LOG[a]}" &&
				grep -q "hook $hang $s BACKUP -> MASTER: killed after 1 s" "${CARP_LOG[a]}"'
	done
	check "timeout: every hook ran, the shutdown's too (9)" \
		test "$(grep -c . "$out")" = 9
	g=$(awk 'NR > 1 && NR <= 6 { printf "%.3f ", $1 - p } { p = $1 }' "$out")
	echo "starts of the hung hooks, one after the other: $g s apart"
	read -ra gv <<<"$g"
	check "timeout: the hooks ran one at a time, each for 1 s ($g)" \
		within 5 0.95 1.5 "${gv[@]}"
	dead=1
	while read -r _ pid _; do
		if alive "$pid"; then dead=0; kill -KILL "$pid"; fi
	done <"$out"
	check "timeout: no hook process outlived dpdk-carp" test "$dead" = 1

	adverts "$cap" >"$advs"
	# carp0's INIT -> BACKUP hook started within ms of the change.
	tb=$(awk '$3 == "carp0" && $5 == "INIT" && $6 == "BACKUP" { print $1 }' "$out")
	tm=$(awk -v a="$ADDR_A" '$2 == a && $5 == 1 { print $1; exit }' "$advs")
	echo "carp0: first advertisement ${tm:-?}, ${tb:+$(awk -v m="${tm:-0}" -v b="$tb" 'BEGIN { printf "%.3f", m - b }')} s after INIT -> BACKUP"
	check "timeout: carp0 took over on time (3 s) while hooks hung" eval \
		'[ -n "$tb" ] && [ -n "$tm" ] && fcmp "$tm - $tb >= 2.9 && $tm - $tb <= 3.2"'
	carp_frames "$cap" >"$WORK/hooks.frames"
	g=$(gaps "$WORK/hooks.frames" "$ADDR_A" 1 0 "$t")
	echo "carp0's advertisements as MASTER: $g (count, shortest and longest interval)"
	read -ra gv <<<"$g"
	check "timeout: carp0's advertisements kept their rhythm ($g)" \
		rhythm_ok 4 0.8 1.2 "${gv[@]}"
	# From the first BACKUP -> MASTER hook's start to the last one's kill.
	n=$(awk 'NR == 4 { f = $1 } NR == 6 { l = $1 + 1 }
		END { printf "%.6f %.6f\n", f, l }' "$out")
	n=$(awk -v a="$ADDR_A" -v f="${n% *}" -v l="${n#* }" \
		'$2 == a && $5 == 1 && $1 > f && $1 < l' "$advs" | wc -l)
	check "timeout: carp0 advertised while the MASTER hooks hung ($n times)" \
		test "$n" -ge 2
}

need_root
need_tools tcpdump tshark
need_binary

seg_add 1
host_link a 1

group_order
group_timeout

finish
