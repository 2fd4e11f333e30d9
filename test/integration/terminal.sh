#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The terminal cannot stop CARP. a (MASTER, advskew 0) runs with its console
# on a FIFO and its output (console answers and log) into a pipe:
# - whose reader exits at once ("gone": every later write fails, SIGPIPE);
# - that is never read ("stuck": the pipe fills, writes would block);
# in the -l 0 and -l 0-1 layouts, under a burst of 400 console commands.
# Through each, a advertises every second (within 10 ms), b (BACKUP,
# advskew 100) never becomes MASTER, and SIGTERM still ends a at once with
# a bow-out. Then a terminal that hangs up (its tmux session killed) ends
# the console only: a stays MASTER.
#
# usage: bash test/integration/terminal.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BURST=400
WATCH=6		# seconds of advertisements checked after the burst starts
LIMIT=0.100

need_root
need_tools tcpdump tshark tmux dpdk-telemetry.py
need_binary

pair_setup
cap=$WORK/terminal.pcap
capture_start 1 "$cap" || die "tcpdump did not start"

# a_state: carp0's state as a's telemetry gives it (a's log is not ours).
a_state() { json_val "$(tel a /carp/vhosts)" carp0; }
a_is_master() { [ "$(a_state)" = MASTER ]; }
b_changes() { grep -c "carp: carp0 vhid 1: [A-Z]* -> " "${CARP_LOG[b]}" || true; }

# start_a LCORE READER: a with its console on a new FIFO and its stdout and
# stderr into another FIFO, read by READER (a command) spawned first.
start_a() {
	local lcore=$1 reader=$2 n prefix fifo out
	_starts=$((_starts + 1))
	n=$_starts
	prefix="dcarp-$ID-a-$n"
	_prefixes+=("$prefix")
	fifo=$WORK/a-$n.console
	out=$WORK/a-$n.out
	mkfifo "$fifo" "$out"
	spawn "$WORK/a-$n-hold.log" "" bash -c 'exec sleep infinity >"$1"' _ "$fifo"
	SPAWN_STDIN=$out spawn "$WORK/a-$n-reader.log" "" bash -c "$reader"
	READER=$SPAWNED
	SPAWN_STDIN=$fifo spawn "$out" "$(ns a)" "$DPDK_CARP" -l "$lcore" \
		--no-huge -m 128 --no-pci --file-prefix="$prefix" \
		--log-level='carp.*:info' -- -c "$WORK/a.ini" -i
	CARP_JOB[a]=$SPAWNED
	CARP_PREFIX[a]=$prefix
	CONSOLE_FIFO[a]=$fifo
}

# say N LINE: N times LINE into a's console, at once.
say() {
	local fd i
	exec {fd}<>"${CONSOLE_FIFO[a]}"
	for ((i = 0; i < $1; i++)); do
		printf '%s\n' "$2"
	done >&"$fd"
	exec {fd}>&-
}

# rhythm DESC FROM TO: a's advertisements from FROM to TO (epoch) are 1 s
# apart, within 10 ms.
rhythm() {
	local g gv
	carp_frames "$cap" >"$WORK/frames"
	g=$(gaps "$WORK/frames" "$ADDR_A" "$VHID" "$2" "$3")
	read -ra gv <<<"$g"
	check "$1: a advertises every 1 s +-10 ms ($g: count, shortest, longest)" \
		rhythm_ok $((WATCH - 1)) 0.990 1.010 "${gv[@]}"
}

# bowout_gap: seconds from a's last bow-out to b's next advertisement.
bowout_gap() {
	carp_frames "$cap" | awk -v a="$ADDR_A" -v b="$ADDR_B" '
		$3 == a && $5 == 255 && $6 == 255 { bow = $1; g = "" }
		$3 == b && bow != "" && g == "" { g = $1 - bow }
		END { if (g == "") exit 1; printf "%.6f\n", g }'
}

# stop_ends DESC: SIGTERM ends a with status 0 and b takes over at once.
stop_ends() {
	local g
	carp_stop a TERM
	check "$1: SIGTERM ends a with status 0 (status $STATUS)" test "$STATUS" = 0
	check "$1: b becomes MASTER" wait_state 2 b carp0 MASTER
	wait_for 2 bowout_gap >/dev/null || true
	g=$(bowout_gap) || g=none
	check "$1: b's first advertisement follows a's bow-out within $LIMIT s ($g)" \
		eval '[ "$g" != none ] && fcmp "$g <= $LIMIT"'
}

run_case() {
	local lcore=$1 kind=$2 reader desc t0 t1
	case $kind in
	gone) reader='head -c 1 >/dev/null' ;;
	stuck) reader='exec sleep 600' ;;
	esac
	desc="-l $lcore, output to a pipe whose reader is $kind"
	start_a "$lcore" "$reader"
	if ! wait_for 10 a_is_master; then
		fail "$desc: a does not become MASTER ($(a_state))"
		carp_stop a KILL
		return
	fi
	carp_start b 1 "$WORK/b.ini"
	if ! wait_state 10 b carp0 BACKUP; then
		fail "$desc: b does not start as BACKUP"
		carp_stop b KILL
		carp_stop a KILL
		return
	fi
	[ "$kind" != gone ] ||
		check "$desc: the reader is gone" wait_for 5 _not alive "$READER"
	t0=$EPOCHREALTIME
	say "$BURST" "show carp"
	sleep "$WATCH"	# the time being watched, not a wait for a state
	t1=$EPOCHREALTIME
	wait_for 3 cap_has_after "$cap" "$t1" || true
	rhythm "$desc" "$t0" "$t1"
	check "$desc: b never became MASTER" \
		eval '[ "$(b_changes)" = 1 ] && state_is b carp0 BACKUP'
	check "$desc: a is MASTER and answers telemetry" a_is_master
	if [ "$kind" = gone ]; then
		# The console went through the burst and still takes commands.
		say 1 "sysctl set log 2"
		check "$desc: the console took all $BURST commands and the next" \
			wait_for 5 eval 'tel a /carp/sysctl | has "\"log\": 2"'
	fi
	stop_ends "$desc"
	carp_stop b TERM
	stop "$READER" KILL
}

for lcore in 0 0-1; do
	for kind in gone stuck; do
		run_case "$lcore" "$kind"
	done
done

# --- a terminal that hangs up ------------------------------------------------------------
desc="a terminal that hangs up"
_starts=$((_starts + 1))
prefix="dcarp-$ID-a-$_starts"
_prefixes+=("$prefix")
CARP_PREFIX[a]=$prefix
# timeout --foreground: in a process group of its own dpdk-carp would be
# stopped (SIGTTOU) as soon as it sets up the terminal. No -k: timeout
# passes the hangup's SIGHUP on, and -k would follow it with a SIGKILL.
tm new-session -d -s carp -x 200 -y 50 \
	"ip netns exec $(ns a) timeout --foreground $PROC_TIMEOUT $DPDK_CARP -l 0 --no-huge -m 128 --no-pci --file-prefix=$prefix --log-level='carp.*:info' -- -c $WORK/a.ini -i" ||
	die "tmux: no session"
TMUX_PATH=$(tm display -p -t carp '#{socket_path}')
TMUX_PIDS+=("$(tm display -p -t carp '#{pid}')")
pid=$(tm display -p -t carp '#{pane_pid}')
wait_for 10 pane_has "dpdk-carp>" || true
# The pane runs timeout, whose child is dpdk-carp.
tpid=$pid
apid=$(wait_for 5 child_of "$tpid" >/dev/null && child_of "$tpid") || apid=
TMUX_PIDS+=("$tpid" ${apid:+"$apid"})
check "$desc: a runs in the terminal" test -n "$apid"
check "$desc: a becomes MASTER" wait_for 10 a_is_master
carp_start b 1 "$WORK/b.ini"
check "$desc: b starts as BACKUP" wait_state 10 b carp0 BACKUP
tm send-keys -t carp "show carp" Enter
check "$desc: the console answers" wait_for 3 pane_has "carp0: MASTER vhid 1"
t0=$EPOCHREALTIME
tm kill-session -t carp
check "$desc: the terminal is gone" wait_for 5 eval '! tm has-session -t carp 2>/dev/null'
sleep "$WATCH"	# the time being watched, not a wait for a state
t1=$EPOCHREALTIME
check "$desc: a runs on" alive "${apid:-0}"
check "$desc: a is MASTER and answers telemetry" a_is_master
wait_for 3 cap_has_after "$cap" "$t1" || true
rhythm "$desc" "$t0" "$t1"
check "$desc: b never became MASTER" \
	eval '[ "$(b_changes)" = 1 ] && state_is b carp0 BACKUP'
if [ -n "$apid" ]; then
	kill -TERM "$apid"
	check "$desc: SIGTERM ends a" wait_for 5 _not alive "$apid"
	check "$desc: b becomes MASTER" wait_state 2 b carp0 MASTER
	wait_for 2 bowout_gap >/dev/null || true
	g=$(bowout_gap) || g=none
	check "$desc: b's first advertisement follows a's bow-out within $LIMIT s ($g)" \
		eval '[ "$g" != none ] && fcmp "$g <= $LIMIT"'
fi

capture_stop "$cap"
finish
