#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Service tracking and maintenance. Hosts a (advskew 0) and b (100) serve
# the virtual address 10.99.1.100 through their kernel twins; a's carp0
# runs a health check every second (track_fall 2, track_rise 2) that
# passes while a file exists.
#
#   track      with preempt = 1: the check failing moves the address to b,
#              shown in a's telemetry and show carp; passing again brings
#              it back to a
#   demote     the console's demote moves it to b, undemote back to a;
#              telemetry's /carp/demote and /carp/undemote do the same
#   nopreempt  with preempt = 0 the failing check makes a's MASTER bow
#              out: b takes over at once, not after master-down
#
# usage: bash test/integration/host_track.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_root
need_binary
need_tools curl python3

SVC=$TOP/test/integration/svc.py
TWIN_A=twa$ID TWIN_B=twb$ID
OK=$WORK/a.ok
CHECK=$WORK/check.sh
printf '#!/bin/sh\ntest -e %s\n' "$OK" >"$CHECK"
chmod +x "$CHECK"

# conf ROLE HOSTNUM SKEW TWIN PREEMPT [CARP KEY=VALUE...]
conf() {
	local f=$WORK/$1-$5.ini kv
	conf_global "$f" preempt="$5"
	conf_port "$f" port0 "$(dev_af_packet "$1" 1 0)" "$NET.$2/24"
	echo "host_iface = $4" >>"$f"
	conf_carp "$f" carp0 port0 1 1 "$3" mekmitasdigoat "$VIP/24"
	for kv in "${@:6}"; do echo "${kv%%=*} = ${kv#*=}" >>"$f"; done
}

get() { ip netns exec "$(ns "$1")" curl -sf -m 1 "$2" 2>/dev/null; }
served_by() { [ "$(get c "http://$VIP:8080/name")" = "$1" ]; }

# start PREEMPT: a (with its console on a FIFO) until MASTER, b until
# BACKUP, and their services.
start() {
	console_start a 0 "$WORK/a-$1.ini"
	wait_state 10 a carp0 MASTER || return 1
	carp_start b 1 "$WORK/b-$1.ini"
	wait_state 10 b carp0 BACKUP || return 1
	spawn "$WORK/svc-a-$1.log" "$(ns a)" python3 "$SVC" a "$VIP" 8080
	SVC_A=$SPAWNED
	spawn "$WORK/svc-b-$1.log" "$(ns b)" python3 "$SVC" b "$VIP" 8080
	SVC_B=$SPAWNED
	wait_for 5 served_by a
}

# stop_all_hosts: both dpdk-carp and both services.
stop_all_hosts() {
	console_close a
	carp_stop a
	carp_stop b
	stop "$SVC_A"
	stop "$SVC_B"
}

seg_add 1
host_link a 1
host_link b 1
client_add c 1 "$ADDR_C/24"
TRACK=("track=$CHECK" track_interval=1 track_fall=2 track_rise=2)
conf a 1 0 "$TWIN_A" 1 "${TRACK[@]}"
conf b 2 100 "$TWIN_B" 1
conf a 1 0 "$TWIN_A" 0 "${TRACK[@]}"
conf b 2 100 "$TWIN_B" 0

# --- track, preempt = 1 ------------------------------------------------------------------

touch "$OK"
check "track: a serves the virtual address, its check passing" start 1
ask a "show carp carp0"
check "track: show carp shows the check, ok" says "  track $CHECK: ok ("
rm -f "$OK"
check "track: the check failing moves the address to b" wait_for 6 served_by b
check "track: a logged the demotion" \
	grep -q "track $CHECK for carp0: failing: demoted" "${CARP_LOG[a]}"
D=$(tel a /carp/demotion)
check "track: a's telemetry counts one failing check" eval \
	'[ "$(json_val "$D" failing_checks)" = 1 ] && [ "$(json_val "$D" suppress_preempt)" = 1 ]'
check "track: /carp/vhost,carp0 says the check fails" eval \
	'tel a /carp/vhost,carp0 | has "\"track\": \"track $CHECK: failing"'
ask a "show carp"
check "track: show carp shows it failing, and why a is demoted" says \
	"  track $CHECK: failing (" \
	"demoted (suppress_preempt 1): 1 failing check(s), 0 carp interface(s) on a link down"
check "track: a advertises skew 240 while demoted" \
	wait_for 3 eval 'tel a /carp/vhost,carp0 | has "\"advskew_advertised\": 240"'
touch "$OK"
check "track: passing again, the address comes back to a" wait_for 6 served_by a
check "track: a is no longer demoted" \
	eval '[ "$(json_val "$(tel a /carp/demotion)" suppress_preempt)" = 0 ]'

# --- demote, undemote --------------------------------------------------------------------------

ask a "demote"
check "demote: accepted silently" test -z "$ANSWER"
check "demote: the address moves to b" wait_for 3 served_by b
check "demote: telemetry says maintenance" \
	eval '[ "$(json_val "$(tel a /carp/demotion)" maintenance)" = 1 ]'
ask a "show carp"
check "demote: show carp says why" says "demoted (suppress_preempt 1): maintenance,"
ask a "demote"
check "demote: twice is refused" refused "already demoted"
ask a "undemote"
check "undemote: the address comes back to a" wait_for 3 served_by a
ask a "undemote"
check "undemote: twice is refused" refused "not demoted"
tel a /carp/demote >/dev/null
check "telemetry /carp/demote: the address moves to b" wait_for 3 served_by b
tel a /carp/undemote >/dev/null
check "telemetry /carp/undemote: back to a" wait_for 3 served_by a
stop_all_hosts

# --- preempt = 0: the MASTER bows out ---------------------------------------------------------

touch "$OK"
check "nopreempt: a serves the virtual address" start 0
rm -f "$OK"
check "nopreempt: a's MASTER bows out when its check fails" \
	wait_for 6 grep -q "carp0 vhid 1: MASTER -> BACKUP (forced)" "${CARP_LOG[a]}"
check "nopreempt: b takes over at once, not after master-down" \
	wait_for 1 state_is b carp0 MASTER
check "nopreempt: b serves" wait_for 2 served_by b
check "nopreempt: a stays BACKUP: b is not slower than a demoted a" \
	holds 3 state_is a carp0 BACKUP
stop_all_hosts

finish
