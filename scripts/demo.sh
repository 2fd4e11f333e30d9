#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# usage: sudo bash scripts/demo.sh [BUILD_DIR]     (default: build/)
#
# A guided tour of dpdk-carp: the two examples of the carp(4) manual and a
# web service that moves with its address, run in network namespaces on
# this machine, narrated step by step.
#
#   1. Failover of two segments. Routers a and b are the gateways of two
#      segments (vhid 1 on segment 1, vhid 2 on segment 2), preempt = 1,
#      b with advskew 100. a's link to segment 1 fails, b takes over both
#      gateways; the link returns, a takes both back.
#   2. ARP balancing. Hosts a and b share one address over vhids 1 and 2
#      (arpbalance = 1); the requester's address decides which host
#      answers. a dies, b answers everyone; a returns, the split returns.
#   3. A service on the address. Hosts a and b each run a web service on
#      the virtual address, reached through their kernel twins; the
#      MASTER serves. a dies, b serves; a returns and serves again.
#
# Everything it creates (namespaces, veths, bridges, processes) is removed
# when it ends, also on Ctrl-C. It takes about 55 s, never more than 90.
# Needs root and a built tree: without BUILD_DIR and without
# build/app/dpdk-carp, it runs scripts/setup.sh and scripts/build.sh first.

set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "demo.sh: run as root (namespaces, DPDK)" >&2; exit 1; }
if [ -z "${1:-}" ] && [ ! -x "$top/build/app/dpdk-carp" ]; then
	echo "demo.sh: no build/app/dpdk-carp yet: installing what is missing and building"
	bash "$top/scripts/setup.sh"
	bash "$top/scripts/build.sh"
fi
if [ -n "${1:-}" ] && [ ! -x "$1/app/dpdk-carp" ]; then
	echo "demo.sh: no $1/app/dpdk-carp: build it, or run without an argument" >&2
	exit 1
fi

export REPORT_CASES=0
# shellcheck source=test/integration/lib.sh
source "$top/test/integration/lib.sh"
# No process may outlive the demo's own bound.
PROC_TIMEOUT=90

# lib.sh's traps count test cases; a demo only cleans up. Ctrl-C says so.
_demo_exit() {
	local rc=$?
	set +eE
	trap - ERR INT TERM
	cleanup
	[ "$_fail" = 0 ] || [ "$rc" != 0 ] || rc=1
	exit "$rc"
}
trap _demo_exit EXIT
_demo_int() {
	echo
	echo "Interrupted: stopping dpdk-carp and removing the namespaces."
	exit 130
}
trap _demo_int INT
trap 'exit 143' TERM

T0=$EPOCHREALTIME
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
since() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%5.1f", b - a }'; }
say() { echo "[$(since) s] $*"; }
step() { echo; echo "== $*"; }

# gave_up WHAT: a step did not happen; show why and stop.
gave_up() {
	local h
	echo "demo.sh: $1 did not happen in time; the last lines of the logs:" >&2
	for h in "${!CARP_LOG[@]}"; do
		echo "--- $h" >&2
		tail -n 15 "${CARP_LOG[$h]}" >&2
	done
	exit 1
}

# --- what the hosts say ---------------------------------------------------------

host_start() {
	carp_start "$1" "$2" "$WORK/$1.ini"
}
running() { [ -n "${CARP_JOB[$1]:-}" ] && alive "${CARP_JOB[$1]}"; }

answered() {
	local j
	j=$(tel "$1" /arpbal/stats) && json_val "$j" answered
}

# states ROLE: "host a is MASTER of vhid 1 and BACKUP of vhid 2", from
# its telemetry (carp0 is vhid 1, carp1 vhid 2 in both examples).
states() {
	local j s0 s1
	if ! running "$1"; then
		echo "host $1 is not running"
		return
	fi
	if ! j=$(tel "$1" /carp/vhosts) || ! s0=$(json_val "$j" carp0) ||
	    ! s1=$(json_val "$j" carp1); then
		echo "host $1 does not answer telemetry"
		return
	fi
	s0=${s0/INIT/INIT (down)} s1=${s1/INIT/INIT (down)}
	if [ "$s0" = "$s1" ]; then
		echo "host $1 is $s0 of vhid 1 and vhid 2"
	else
		echo "host $1 is $s0 of vhid 1 and $s1 of vhid 2"
	fi
}
tell_states() { say "$(states a); $(states b)."; }

# ask ROLE SEG SRC VIP: ROLE asks on segment SEG, from address SRC, who has
# VIP; tells which virtual MAC answered and which host sent it (the host
# whose ARP-answered counter grew).
ask() {
	local c=$1 s=$2 src=$3 vip=$4 before_a=- before_b=- out mac who=""
	running a && { before_a=$(answered a) || true; }
	running b && { before_b=$(answered b) || true; }
	out=$(ip netns exec "$(ns "$c")" timeout 5 arping -i "$(if_name "$c" "$s")" \
		-S "$src" -c 1 -C 1 -w 2 "$vip" 2>&1) || true
	mac=$(sed -n 's/^.* bytes from \([0-9a-f:]\{17\}\) .*$/\1/p' <<<"$out" | head -n 1)
	running a && [ "$(answered a)" != "$before_a" ] && who+=" a"
	running b && [ "$(answered b)" != "$before_b" ] && who+=" b"
	if [ -z "$mac" ]; then
		ASKED="no answer"
	else
		ASKED="answered by $mac, sent by host${who:- ?}"
	fi
}

# wait_or_give_up SECONDS WHAT CMD...: poll CMD; time it took in TOOK.
wait_or_give_up() {
	local t=$EPOCHREALTIME limit=$1 what=$2
	shift 2
	wait_for "$limit" "$@" || gave_up "$what"
	TOOK=$(awk -v a="$t" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
}
both() { state_is "$1" carp0 "$2" && state_is "$1" carp1 "$3"; }

need_root
need_tools arping dpdk-telemetry.py curl python3
need_binary

echo "dpdk-carp demo: the two examples of the carp(4) manual, in network"
echo "namespaces on this machine. Nothing outside them is touched."

# === 1. Failover of two segments =================================================

step "1. Failover of two segments (carp(4), first example)"
cat <<'EOF'
Routers a and b each have a port on segment 1 (10.99.1.0/24) and on
segment 2 (10.99.2.0/24). They share the gateway of each segment:
10.99.1.100 as vhid 1, 10.99.2.100 as vhid 2. preempt = 1 on both; b has
advskew 100, so a is the preferred MASTER of both. A client sits on each
segment: c (10.99.1.50) and d (10.99.2.50).
EOF

router_start() {
	host_start "$1" "$2"
	{ tap_attach "$1" 1 && tap_attach "$1" 2; } || gave_up "bridging $1's taps"
}
seg_add 1
seg_add 2
router_conf a 1 0
router_conf b 2 100
client_add c 1 10.99.1.50/24
client_add d 2 10.99.2.50/24

say "Starting router a, then router b."
router_start a 0
router_start b 1
wait_or_give_up 10 "a becoming MASTER of both" both a MASTER MASTER
say "a heard no MASTER for 3 x advbase: it became MASTER of both; b, started"
say "just after it, hears a's advertisements and stays BACKUP."
wait_or_give_up 5 "b becoming BACKUP of both" both b BACKUP BACKUP
tell_states
ask c 1 10.99.1.50 10.99.1.100
say "Client c asks who has 10.99.1.100: $ASKED."
ask d 2 10.99.2.50 10.99.2.100
say "Client d asks who has 10.99.2.100: $ASKED."

step "a's link to segment 1 fails"
t_down=$EPOCHREALTIME
ip -n "$(ns a)" link set "$(tap_name a 1)" down
say "a's port on segment 1 is down: a stops advertising vhid 1 there, and"
say "counts the problem (suppress_preempt), so it advertises vhid 2 with advskew 240."
wait_or_give_up 3 "b preempting vhid 2" state_is b carp1 MASTER
say "After $TOOK s b took vhid 2 by preemption: its advskew 100 beats a's 240."
wait_or_give_up 6 "b taking vhid 1" state_is b carp0 MASTER
say "After $(elapsed "$t_down") s b took vhid 1 too: 3 x advbase + advskew/256 = 3.39 s"
say "after a's last advertisement on segment 1. Both gateways are on b now,"
say "so routing stays symmetric."
tell_states
ask c 1 10.99.1.50 10.99.1.100
say "Client c asks again: $ASKED (the same virtual MAC: its ARP cache stays right)."
ask d 2 10.99.2.50 10.99.2.100
say "Client d asks again: $ASKED."

step "a's link comes back"
ip -n "$(ns a)" link set "$(tap_name a 1)" up
wait_or_give_up 6 "a preempting both back" both a MASTER MASTER
say "After $TOOK s a was MASTER of both again: with preempt = 1 its advskew 0"
say "beats b's 100 on each segment."
wait_or_give_up 3 "b going back to BACKUP" both b BACKUP BACKUP
tell_states
ask c 1 10.99.1.50 10.99.1.100
say "Client c asks: $ASKED."

carp_stop a
carp_stop b
say "Both routers stopped (a MASTER bows out first)."

# === 2. ARP balancing =============================================================

step "2. ARP balancing (carp(4), second example)"
cat <<'EOF'
Hosts a and b on segment 3 (10.99.3.0/24) share ONE address, 10.99.3.100,
through two vhids: a is the preferred MASTER of vhid 1, b of vhid 2 (each
has advskew 100 on the other's). arpbalance = 1: every host answers an
ARP request for the address only if, for the requester's address S,
S mod (number of running vhids) picks a vhid it is MASTER of. So clients
split between the hosts, each always to the same virtual MAC.
EOF

seg_add 3
client_add e 3 10.99.3.50/24
for h in a b; do
	host_link "$h" 3
done
balance_conf() {
	local f=$WORK/$1.ini
	conf_global "$f" preempt=1 arpbalance=1
	conf_port "$f" port0 "$(dev_af_packet "$1" 3 0)" "10.99.3.$2/24"
	conf_carp "$f" carp0 port0 1 1 "$3" mekmitasdigoat 10.99.3.100/24
	conf_carp "$f" carp1 port0 2 1 "$4" mekmitasdigoat 10.99.3.100/24
}
balance_conf a 1 0 100
balance_conf b 2 100 0
SRCS=(10.99.3.10 10.99.3.11 10.99.3.12 10.99.3.13)
ip2int() {
	local IFS=.
	# shellcheck disable=SC2086
	set -- $1
	echo $((($1 << 24) | ($2 << 16) | ($3 << 8) | $4))
}

# ask_all WHY: the client asks from each of its source addresses.
ask_all() {
	local src n
	for src in "${SRCS[@]}"; do
		n=$(ip2int "$src")
		ask e 3 "$src" 10.99.3.100
		say "  from $src ($n, mod 2 = $((n % 2)): vhid $((n % 2 + 1))): $ASKED."
	done
}

say "Starting host b, then host a."
host_start b 1
host_start a 0
split() { both a MASTER BACKUP && both b BACKUP MASTER; }
wait_or_give_up 10 "the split" split
tell_states
say "Client e asks who has 10.99.3.100 from four addresses of its own:"
ask_all

step "host a dies (kill -9)"
t_kill=$EPOCHREALTIME
carp_stop a KILL
wait_or_give_up 6 "b taking vhid 1" state_is b carp0 MASTER
say "$(elapsed "$t_kill") s later b became MASTER of vhid 1 as well (3 x advbase +"
say "advskew/256 = 3.39 s after the last advertisement a sent)."
tell_states
say "Both vhids still run (on b), so n is still 2 and every requester keeps its vhid:"
ask_all

step "host a comes back"
host_start a 0
wait_or_give_up 8 "a preempting vhid 1" both a MASTER BACKUP
say "After $TOOK s a was MASTER of vhid 1 again (preempt = 1); b keeps vhid 2."
wait_or_give_up 3 "b going back to BACKUP of vhid 1" both b BACKUP MASTER
tell_states
say "The split is back:"
ask_all

carp_stop a
carp_stop b

# === 3. A service on the virtual address ==========================================

step "3. A web service that moves with its address (the kernel twins)"
cat <<'TXT'
Hosts a and b on segment 4 (10.99.4.0/24) share 10.99.4.100 as vhid 1,
a preferred (advskew 0, b 100, preempt = 1). Each port has a kernel twin
(host_iface): a Linux interface holding the host's own address and, all
the time, the virtual address as a /32. A small web service listens on
10.99.4.100 on both hosts; dpdk-carp gives its traffic only to the
MASTER's kernel. Client f (10.99.4.50) fetches http://10.99.4.100:8080/name.
TXT
seg_add 4
client_add f 4 10.99.4.50/24
for h in a b; do
	host_link "$h" 4
	n=1 skew=0
	[ "$h" = b ] && n=2 skew=100
	f=$WORK/$h.ini
	conf_global "$f" preempt=1
	conf_port "$f" port0 "$(dev_af_packet "$h" 4 0)" "10.99.4.$n/24"
	echo "host_iface = tw$h$ID" >>"$f"
	conf_carp "$f" carp0 port0 1 1 "$skew" mekmitasdigoat 10.99.4.100/24
done
fetch() {
	FETCHED=$(ip netns exec "$(ns f)" curl -sf -m 1 \
		http://10.99.4.100:8080/name 2>/dev/null) || FETCHED=nothing
}
served_by() { fetch; [ "$FETCHED" = "$1" ]; }
svc_start() {
	spawn "$WORK/svc-$1.log" "$(ns "$1")" python3 \
		"$top/test/integration/svc.py" "host $1" 10.99.4.100 8080
	wait_for 5 grep -qs "listening on" "$WORK/svc-$1.log" ||
		gave_up "host $1's service starting"
}
say "Starting host a, then host b, and a service on each."
host_start a 0
wait_or_give_up 10 "a becoming MASTER" state_is a carp0 MASTER
host_start b 1
wait_or_give_up 10 "b becoming BACKUP" state_is b carp0 BACKUP
svc_start a
svc_start b
wait_or_give_up 5 "a serving" served_by "host a"
say "Client f gets: \"$FETCHED\". b's service, on the same address, hears nothing."

step "host a dies (kill -9)"
t_kill=$EPOCHREALTIME
carp_stop a KILL
wait_or_give_up 6 "b serving" served_by "host b"
say "After $(elapsed "$t_kill") s client f gets: \"$FETCHED\". Connections open on a"
say "broke (there is no state sync); new ones go to b."

step "host a comes back"
host_start a 0
wait_or_give_up 8 "a serving again" served_by "host a"
say "After $TOOK s client f gets: \"$FETCHED\" (a preempted: advskew 0 beats 100)."
carp_stop a
carp_stop b
echo
say "Done. Everything the demo created is being removed."
echo "More: README.md. config/carp-failover-host*.ini and"
echo "config/carp-arpbalance-host*.ini are these two examples as configuration"
echo "files for real hosts."
