#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Signals sent to a MASTER (a, advskew 0; b BACKUP, advskew 100):
# - SIGUSR1 (states and counters logged), SIGUSR2 (logged), SIGPIPE
#   (ignored) change nothing: a keeps advertising once a second, b never
#   becomes MASTER;
# - SIGHUP reads the file again: unchanged, nothing moves; a carp
#   interface added, or changed, is applied while carp0 is not disturbed;
#   a bad file, or one that changes the ports, is refused and nothing
#   changes;
# - SIGQUIT, SIGALRM and SIGPWR stop a as SIGTERM does: it bows out, b takes
#   over within 100 ms, a exits with status 0.
#
# usage: bash test/integration/signals.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LIMIT=0.100
QUIET=3		# seconds a non-terminating signal is watched for

need_root
need_tools tcpdump tshark
need_binary

pair_setup
cap=$WORK/signals.pcap
capture_start 1 "$cap" || die "tcpdump did not start"

# transitions ROLE: how many state changes ROLE has logged.
transitions() { grep -c "carp: carp[0-9] vhid [0-9]*: [A-Z]* -> " "${CARP_LOG[$1]}" || true; }

# steady DESC T0: from T0 (epoch) on, for QUIET seconds, a advertised once a
# second, b stayed BACKUP and a stayed alive.
steady() {
	local desc=$1 t0=$2 t1 g gv b0
	t1=$(awk -v t="$t0" -v q="$QUIET" 'BEGIN { printf "%.6f", t + q }')
	b0=$(transitions b)
	sleep "$QUIET"	# the time being watched, not a wait for a state
	wait_for 3 cap_has_after "$cap" "$t1" || true
	carp_frames "$cap" >"$WORK/frames"
	g=$(gaps "$WORK/frames" "$ADDR_A" "$VHID" "$t0" "$t1")
	read -ra gv <<<"$g"
	check "$desc: a keeps advertising once a second ($g)" \
		rhythm_ok "$QUIET" 0.9 1.1 "${gv[@]}"
	check "$desc: b stays BACKUP" \
		eval '[ "$(transitions b)" = "$b0" ] && state_is b carp0 BACKUP'
	check "$desc: a runs on" alive "$(proc_of "${CARP_JOB[a]}")"
}

# signal_a SIG: send SIG to a's dpdk-carp; prints the epoch it was sent at.
signal_a() {
	local p
	p=$(proc_of "${CARP_JOB[a]}") || return 1
	echo "$EPOCHREALTIME"
	kill -s "$1" "$p"
}

# --- signals that do not stop -------------------------------------------------
pair_start || die "a and b did not start as MASTER and BACKUP"
wait_advert "$cap" "$ADDR_A" 3 || true
a0=$(transitions a)

t=$(signal_a USR1)
check "SIGUSR1: a logs its states" wait_for 3 grep -q "carp: carp0 vhid 1: MASTER$" "${CARP_LOG[a]}"
check "SIGUSR1: a logs its counters" grep -q "carp: counters:.*opackets" "${CARP_LOG[a]}"
steady SIGUSR1 "$t"

t=$(signal_a USR2)
check "SIGUSR2: logged as ignored" wait_for 3 grep -q "User defined signal 2: no meaning here: ignored" "${CARP_LOG[a]}"
steady SIGUSR2 "$t"

t=$(signal_a PIPE)
steady SIGPIPE "$t"

# --- SIGHUP: read the file again ------------------------------------------------
# reloaded N: the N-th "reload:" summary has been logged.
reloaded() { [ "$(grep -c "carp: reload: " "${CARP_LOG[a]}")" -ge "$1" ]; }
summary() { grep "carp: reload: " "${CARP_LOG[a]}" | tail -n 1 | sed 's/.*carp: reload: //'; }

t=$(signal_a HUP)
check "SIGHUP, same file: applied, nothing changed" \
	eval 'wait_for 3 reloaded 1 && summary | has "0 carp interface(s) created, 0 changed, 0 destroyed, 1 unchanged; 0 knob(s) set"'
steady "SIGHUP (same file)" "$t"

cp "$WORK/a.ini" "$WORK/a.orig"
conf_carp "$WORK/a.ini" carp1 port0 2 1 0 mekmitasdigoat "$NET.101/24"
t=$(signal_a HUP)
check "SIGHUP, carp1 added: created" \
	eval 'wait_for 3 reloaded 2 && summary | has "1 carp interface(s) created, 0 changed, 0 destroyed, 1 unchanged"'
check "SIGHUP: the new carp1 starts" wait_state 3 a carp1 BACKUP
check "SIGHUP: carp1 becomes MASTER" wait_state 5 a carp1 MASTER
sed -i '$ s/^address = .*/address = '"$NET"'.101\/24 '"$NET"'.102\/24/' "$WORK/a.ini"
t=$(signal_a HUP)
check "SIGHUP, carp1 changed: updated in place" \
	eval 'wait_for 3 reloaded 3 && summary | has "0 carp interface(s) created, 1 changed, 0 destroyed, 1 unchanged"'
check "SIGHUP: carp0 was not disturbed: its state changes are still only its start" \
	test "$(grep -c "carp: carp0 vhid 1: [A-Z]* -> " "${CARP_LOG[a]}")" = 2
steady "SIGHUP (carp1 added and changed)" "$t"

echo "bogus line" >>"$WORK/a.ini"
t=$(signal_a HUP)
check "SIGHUP, bad file: refused, nothing changed" \
	wait_for 3 grep -q "carp: reload: .*: nothing changed" "${CARP_LOG[a]}"
sed -e "s/^address = $ADDR_A\//address = $NET.9\//" "$WORK/a.orig" >"$WORK/a.ini"
t=$(signal_a HUP)
check "SIGHUP, ports changed: refused as needing a restart" \
	wait_for 3 grep -q "carp: reload: the file changes a port's address, which needs a restart: nothing changed" "${CARP_LOG[a]}"
check "SIGHUP: carp1 is still there after the refused files" \
	eval 'tel a /carp/vhosts | has "\"carp1\": \"MASTER\""'
steady "SIGHUP (refused files)" "$t"
check "no signal so far changed a state of carp0 ($(transitions a) changes)" \
	test "$(grep -c "carp: carp0 vhid 1: [A-Z]* -> " "${CARP_LOG[a]}")" = 2
cp "$WORK/a.orig" "$WORK/a.ini"

# --- signals that stop: a bow-out, as SIGTERM -------------------------------------
for sig in QUIT ALRM PWR; do
	if [ "$sig" != QUIT ]; then
		carp_stop b TERM
		pair_start || { fail "SIG$sig: a and b did not start"; continue; }
	fi
	wait_advert "$cap" "$ADDR_A" 3 || true
	t=$(signal_a "$sig")
	check "SIG$sig: b becomes MASTER" wait_state 2 b carp0 MASTER
	carp_stop a TERM
	check "SIG$sig: a exits with status 0 (status $STATUS)" test "$STATUS" = 0
	check "SIG$sig: a bowed out" \
		grep -q "stopping (every MASTER bows out first)" "${CARP_LOG[a]}"
	wait_for 2 cap_has_after "$cap" "$t" || true
	carp_frames "$cap" >"$WORK/frames"
	g=$(awk -v a="$ADDR_A" -v b="$ADDR_B" -v t="$t" '
		$1 < t { next }
		$3 == a && $5 == 255 && $6 == 255 { bow = $1 }
		$3 == b && bow != "" { printf "%.6f", $1 - bow; exit }' "$WORK/frames")
	echo "SIG$sig: b's first advertisement ${g:-(none)} s after a's bow-out"
	check "SIG$sig: b takes over within $LIMIT s of the bow-out (${g:-none})" \
		eval '[ -n "$g" ] && fcmp "$g >= 0 && $g <= $LIMIT"'
done

capture_stop "$cap"
finish
