# SPDX-License-Identifier: BSD-3-Clause
#
# lib.sh: what the integration tests share. Sourced by each test, never run.
#
# Every test builds its own small network of Linux network namespaces and
# tears it down on exit, whatever way it exits (success, failure, error,
# Ctrl-C). Nothing is configured or sent in the root namespace.
#
#                  namespace "sw": the switch
#            +------------------------------------+
#            |  bridge of segment 1   (tcpdump)   |   segment 2 ...
#            +---+-------------+-------------+----+
#                | veth        | veth        | veth
#          +-----+----+  +-----+----+  +-----+-----+
#          | host a   |  | host b   |  | client c  |
#          | dpdk-carp|  | dpdk-carp|  | kernel IP |
#          +----------+  +----------+  +-----------+
#
# - seg_add SEG            a bridge for segment SEG in the switch namespace
# - host_link ROLE SEG     a namespace for ROLE (created on first use) joined
#                          to segment SEG by a veth pair; the end inside ROLE's
#                          namespace, named by if_name ROLE SEG, is what
#                          dpdk-carp opens with net_af_packet (it has no IP:
#                          DPDK owns it), or what a kernel peer addresses.
# - host_tap_bridge ROLE SEG  for a net_tap port: a bridge inside ROLE's
#                          namespace joins the veth and, once dpdk-carp has
#                          created it, the tap (tap_attach). net_tap reports
#                          the kernel link state of its tap, which
#                          net_af_packet does not (see failover_group.sh).
# - client_add ROLE SEG ADDR  a host_link whose end has a kernel address.
#
# Then: conf_global/conf_port/conf_carp write a configuration (mktemp dir
# $WORK); carp_start runs dpdk-carp in a host's namespace, one log per run;
# wait_state polls that log for a state ("carp: carp0 vhid 1: BACKUP ->
# MASTER (...)"); capture_start/capture_stop run tcpdump on a segment's
# bridge, and adverts, takeover_gap, frames_valid read the capture with
# tshark; arping_macs, neigh_mac and fdb_port show who answers for an
# address. pair_setup/pair_start build the common case: routers a and b and
# client c on segment 1. console_start runs dpdk-carp with its console on a
# FIFO; ask sends it a command and puts the answer in ANSWER.
#
# Names of namespaces and interfaces carry a per-run id ($ID), so parallel or
# aborted runs never collide. Every process is started by spawn (or
# carp_start) under `timeout`, its PID recorded, and stopped by that PID.
# IPv6 is off in every namespace to keep captures to what the test sends.
#
# Results: check/pass/fail count the cases; the EXIT trap cleans up and
# prints the last line, "CASES name: N passed, N failed, N skipped", and
# makes the exit status non-zero if anything failed or the script stopped
# early. A missing tool is a failure (scripts/setup.sh installs them all).
# A script that is not a test (scripts/measure-takeover.sh) sets
# REPORT_CASES=0 before sourcing this file: no CASES line.

set -Eeuo pipefail

TEST=$(basename "${0%.sh}")
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${1:-$TOP/build}
DPDK_CARP=$BUILD_DIR/app/dpdk-carp
# Longest any one process of a test may live; every test ends well before.
PROC_TIMEOUT=${PROC_TIMEOUT:-120}

# 5 hex digits: 12 bits of the PID, 8 random. Interface names stay <= 15.
ID=$(printf '%05x' $(( ($$ & 0xfff) << 8 | (RANDOM & 0xff) )))
WORK=$(mktemp -d "/tmp/dcarp-$TEST-$ID.XXXXXX")

_pass=0 _fail=0 _skip=0 _finished=0 _last_err=
_pids=() _netns=() _prefixes=()
declare -A CARP_JOB=() CARP_LOG=() CARP_PREFIX=() _cap_pid=()
_starts=0

# --- results -----------------------------------------------------------------

pass() { _pass=$((_pass + 1)); echo "ok - $*"; }
fail() { _fail=$((_fail + 1)); echo "not ok - $*"; }
skip() { _skip=$((_skip + 1)); echo "skip - $*"; }

# check DESC CMD...: one case, passed when CMD succeeds.
check() {
	local desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# The end of a test that ran to completion; the trap does the rest.
finish() {
	_finished=1
	exit 0
}

# die MSG: a failure after which the test cannot go on.
die() {
	fail "$*"
	finish
}

_on_exit() {
	local rc=$?
	set +eE
	trap - ERR INT TERM
	if [ "$_finished" = 0 ]; then
		fail "$TEST stopped early (status $rc${_last_err:+, at $_last_err})"
	fi
	cleanup
	[ "${REPORT_CASES:-1}" = 0 ] ||
		echo "CASES $TEST: $_pass passed, $_fail failed, $_skip skipped"
	[ "$_fail" = 0 ] || exit 1
	exit 0
}
trap _on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap '_last_err="line $LINENO: $BASH_COMMAND"' ERR

# --- requirements --------------------------------------------------------------

need_root() {
	[ "$(id -u)" = 0 ] || die "must run as root (namespaces, DPDK)"
}

# need_tools TOOL...: each missing tool is a failed case, and the test stops.
need_tools() {
	local t missing=0
	for t in "$@"; do
		if ! command -v "$t" >/dev/null 2>&1; then
			fail "tool $t is missing (scripts/setup.sh installs it)"
			missing=1
		fi
	done
	[ "$missing" = 0 ] || finish
}

need_binary() {
	[ -x "$DPDK_CARP" ] || die "no $DPDK_CARP: build first (BUILD_DIR=$BUILD_DIR)"
}

# --- time and polling ------------------------------------------------------------

now_us() { echo "${EPOCHREALTIME/./}"; }

# wait_for TIMEOUT CMD...: poll CMD every 50 ms until it succeeds (0) or
# TIMEOUT seconds (may be fractional) have passed (1).
wait_for() {
	local end
	end=$(( $(now_us) + $(awk -v t="$1" 'BEGIN { printf "%d", t * 1000000 }') ))
	shift
	while :; do
		"$@" && return 0
		[ "$(now_us)" -lt "$end" ] || return 1
		sleep 0.05
	done
}

# has [GREP ARGS...] PATTERN: stdin holds a line matching PATTERN. Unlike
# grep -q it reads its input to the end, so that under pipefail the writer
# is never cut off by SIGPIPE and the pipeline does not fail by chance.
has() { grep -c "$@" >/dev/null; }

# holds SECONDS CMD...: CMD stays true for SECONDS, checked every 50 ms. For
# the cases that assert that something does NOT happen within a time.
holds() {
	! wait_for "$1" _not "${@:2}"
}
_not() { ! "$@"; }

# --- processes -------------------------------------------------------------------

# alive PID: the process exists and is not a zombie.
alive() {
	local st
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
	[ -n "$st" ] && [ "$st" != Z ]
}

# spawn LOG NS CMD...: run CMD in namespace NS (root if empty) in the
# background under `timeout`, output to LOG, input from $SPAWN_STDIN
# (default /dev/null). Sets SPAWNED to the recorded
# PID of the job: a subshell whose child is `timeout` (ip netns exec execs,
# it does not fork), whose child is CMD. The subshell exits normally with
# CMD's status even when CMD is killed, so that bash does not print a job
# notice ("Killed") for the kill -9 a test does on purpose.
spawn() {
	local log=$1 ns=$2
	shift 2
	local -a pre=()
	[ -z "$ns" ] || pre=(ip netns exec "$ns")
	( "${pre[@]}" timeout -k 3 "$PROC_TIMEOUT" "$@"; exit $? ) \
		<"${SPAWN_STDIN:-/dev/null}" >"$log" 2>&1 &
	SPAWNED=$!
	_pids+=("$SPAWNED")
}

# child_of PID: a child process of PID.
child_of() {
	local c
	c=$(pgrep -P "$1" | head -n 1) || true
	[ -n "$c" ] || return 1
	echo "$c"
}

# proc_of JOB: the PID of the command a spawned job runs (what tests signal).
proc_of() {
	local t
	t=$(child_of "$1") && child_of "$t"
}

# stop JOB [SIG]: signal the command of a spawned job (SIG, default TERM),
# wait up to 5 s for the job to end, then kill all of it. Sets STATUS to
# the command's exit status (128+N if signal N killed it).
# shellcheck disable=SC2034 # STATUS is read by the tests
stop() {
	local job=$1 sig=${2:-TERM} c t
	STATUS=
	t=$(child_of "$job") || t=
	# No command yet (or any more): signal timeout, which passes it on.
	if c=$(proc_of "$job"); then
		kill -s "$sig" "$c" 2>/dev/null || true
	elif [ -n "$t" ]; then
		kill -s "$sig" "$t" 2>/dev/null || true
	fi
	if ! wait_for 5 _not alive "$job"; then
		[ -z "${c:-}" ] || kill -KILL "$c" 2>/dev/null || true
		[ -z "$t" ] || kill -KILL "$t" 2>/dev/null || true
		kill -KILL "$job" 2>/dev/null || true
	fi
	STATUS=0
	wait "$job" 2>/dev/null || STATUS=$?
}

# stop_all: stop every job still running, newest first.
stop_all() {
	local i
	for ((i = ${#_pids[@]} - 1; i >= 0; i--)); do
		if alive "${_pids[i]}"; then stop "${_pids[i]}" TERM; fi
	done
}

# at_cleanup CMD...: run CMD when the test ends, after its processes are
# stopped (to restore what it changed outside its namespaces).
_at_cleanup=()
at_cleanup() { _at_cleanup+=("$(printf '%q ' "$@")"); }

cleanup() {
	local i
	tmux_cleanup
	stop_all
	for i in "${_at_cleanup[@]}"; do
		eval "$i" || true
	done
	for ((i = ${#_netns[@]} - 1; i >= 0; i--)); do
		ip netns del "${_netns[i]}" 2>/dev/null
	done
	for i in "${_prefixes[@]}"; do
		rm -rf "/var/run/dpdk/$i"
	done
	if [ "$_fail" != 0 ] && [ -d "$WORK" ]; then
		for i in "$WORK"/*.log; do
			[ -s "$i" ] || continue
			echo "--- $(basename "$i") (last 40 lines)" >&2
			tail -n 40 "$i" >&2
		done
	fi
	if [ -n "${KEEP:-}" ]; then
		echo "$TEST: files kept in $WORK" >&2
	else
		rm -rf "$WORK"
	fi
}

# --- namespaces and links ----------------------------------------------------------

ns() { echo "dcarp-$ID-$1"; }
if_name() { echo "$1$2i$ID"; }	# ROLE SEG: the host's end of its veth
sw_if() { echo "$1$2s$ID"; }	# ROLE SEG: the switch's end
tap_name() { echo "$1$2t$ID"; }	# ROLE SEG: the tap of a net_tap port
br_name() { echo "br$1$ID"; }	# SEG: the segment's bridge

# ns_add ROLE: the namespace of ROLE, once, with lo up and IPv6 off.
ns_add() {
	local n
	n=$(ns "$1")
	[ -e "/run/netns/$n" ] && return 0
	ip netns add "$n"
	_netns+=("$n")
	ip -n "$n" link set lo up
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

# seg_add SEG: a bridge for segment SEG in the switch. No STP (ports forward
# at once), no multicast snooping (224.0.0.18 must reach every port), and
# where br_netfilter is loaded, no netfilter: it would drop the malformed
# IPv4 that tests send on purpose, which a switch passes.
seg_add() {
	local br k
	ns_add sw
	for k in iptables ip6tables arptables; do
		[ ! -e "/proc/sys/net/bridge/bridge-nf-call-$k" ] ||
			ip netns exec "$(ns sw)" sysctl -qw "net.bridge.bridge-nf-call-$k=0"
	done
	br=$(br_name "$1")
	ip -n "$(ns sw)" link add "$br" type bridge stp_state 0 \
		forward_delay 0 mcast_snooping 0
	ip -n "$(ns sw)" link set "$br" up
}

# host_link ROLE SEG: ROLE's namespace joined to segment SEG by a veth pair.
host_link() {
	local h=$1 s=$2 in out
	ns_add "$h"
	in=$(if_name "$h" "$s")
	out=$(sw_if "$h" "$s")
	ip link add "$in" netns "$(ns "$h")" type veth \
		peer name "$out" netns "$(ns sw)"
	ip -n "$(ns sw)" link set "$out" master "$(br_name "$s")" up
	ip -n "$(ns "$h")" link set "$in" up
}

# client_add ROLE SEG ADDR/LEN: a host whose veth end has a kernel address.
# A veth leaves TCP and UDP checksums to be filled in by a NIC that never
# comes: what a DPDK port reads from the segment through net_af_packet
# would carry them unfilled, and a kernel twin fed with it would drop it
# (a real wire never carries such frames). The client's kernel fills them.
client_add() {
	host_link "$1" "$2"
	ip -n "$(ns "$1")" addr add "$3" dev "$(if_name "$1" "$2")"
	ip netns exec "$(ns "$1")" ethtool -K "$(if_name "$1" "$2")" tx off \
		>/dev/null
}

# host_tap_bridge ROLE SEG: a bridge in ROLE's namespace holding ROLE's veth
# to segment SEG; tap_attach adds the tap dpdk-carp creates.
host_tap_bridge() {
	local h=$1 s=$2 br
	host_link "$h" "$s"
	br="$h${s}b$ID"
	ip -n "$(ns "$h")" link add "$br" type bridge stp_state 0 \
		forward_delay 0 mcast_snooping 0
	ip -n "$(ns "$h")" link set "$(if_name "$h" "$s")" master "$br"
	ip -n "$(ns "$h")" link set "$br" up
}

# tap_attach ROLE SEG: wait for dpdk-carp's tap, then bridge it.
tap_attach() {
	local h=$1 s=$2 tap
	tap=$(tap_name "$h" "$s")
	wait_for 10 ip -n "$(ns "$h")" link show "$tap" >/dev/null 2>&1 ||
		return 1
	ip -n "$(ns "$h")" link set "$tap" master "$h${s}b$ID"
}

# --- dpdk-carp --------------------------------------------------------------------

# conf_global FILE [KEY=VALUE...]: a new file with [global]. idle_sleep lets
# the instances of a test share the machine's cores.
conf_global() {
	local f=$1 kv
	shift
	{
		echo "[global]"
		echo "log = 1"
		echo "idle_sleep = 100"
		for kv in "$@"; do echo "${kv%%=*} = ${kv#*=}"; done
	} >"$f"
}

# conf_port FILE NAME DEVICE ADDRESS/LEN
conf_port() {
	printf '\n[%s]\ndevice = %s\naddress = %s\n' "$2" "$3" "$4" >>"$1"
}

# conf_carp FILE NAME PORT VHID ADVBASE ADVSKEW PASS ADDRESS/LEN
conf_carp() {
	printf '\n[%s]\nport = %s\nvhid = %s\nadvbase = %s\nadvskew = %s\npass = %s\naddress = %s\n' \
		"$2" "$3" "$4" "$5" "$6" "$7" "$8" >>"$1"
}

# The device strings of a port on ROLE's end of segment SEG.
dev_af_packet() { echo "net_af_packet$3,iface=$(if_name "$1" "$2")"; }
dev_tap() { echo "net_tap$3,iface=$(tap_name "$1" "$2")"; }

# carp_start ROLE LCORE CONF [ARG...]: dpdk-carp in ROLE's namespace, with
# ARGs after -c CONF. Sets CARP_JOB[ROLE], CARP_LOG[ROLE] (a new log each
# start) and CARP_PREFIX[ROLE], its --file-prefix (for telemetry). Its EAL
# memory options are $CARP_MEM, by default "--no-huge -m 128".
carp_start() {
	local h=$1 lcore=$2 conf=$3 prefix log
	local -a mem
	read -r -a mem <<<"${CARP_MEM:---no-huge -m 128}"
	shift 3
	_starts=$((_starts + 1))
	prefix="dcarp-$ID-$h-$_starts"
	log="$WORK/$h-carp-$_starts.log"
	_prefixes+=("$prefix")
	spawn "$log" "$(ns "$h")" "$DPDK_CARP" -l "$lcore" "${mem[@]}" \
		--no-pci --file-prefix="$prefix" --log-level='carp.*:info' \
		-- -c "$conf" "$@"
	CARP_JOB[$h]=$SPAWNED
	CARP_LOG[$h]=$log
	CARP_PREFIX[$h]=$prefix
}

# tel ROLE CMD: the telemetry answer of ROLE's dpdk-carp to CMD, one JSON
# line (the socket is a file: no need to enter ROLE's namespace).
tel() {
	echo "$2" | timeout 10 dpdk-telemetry.py -f "${CARP_PREFIX[$1]}" 2>/dev/null |
		grep -m 1 '^{'
}

# json_val JSON KEY: the number (or string) KEY holds in a JSON line.
json_val() {
	sed -n "s/.*\"$2\": *\"\{0,1\}\([^\",}]*\).*/\1/p" <<<"$1" | grep .
}

# router_conf ROLE HOSTNUM SKEW: ROLE's links to segments 1 and 2 through
# net_tap ports bridged in its namespace (so that a link can be taken
# down), and $WORK/ROLE.ini: two ports, two vhosts, preempt = 1, its own
# addresses 10.99.SEG.HOSTNUM, the virtual ones 10.99.SEG.100.
router_conf() {
	local r=$1 n=$2 skew=$3 f=$WORK/$1.ini s
	conf_global "$f" preempt=1
	for s in 1 2; do
		host_tap_bridge "$r" $s
		conf_port "$f" port$((s - 1)) "$(dev_tap "$r" $s $((s - 1)))" \
			"10.99.$s.$n/24"
		conf_carp "$f" carp$((s - 1)) port$((s - 1)) $s 1 "$skew" \
			mekmitasdigoat "10.99.$s.100/24"
	done
}

# carp_stop ROLE [SIG]: as stop, for ROLE's dpdk-carp.
carp_stop() {
	stop "${CARP_JOB[$1]}" "${2:-TERM}"
}

# carp_state ROLE CARP: the state the last transition of vhost section CARP
# led to, from the log ("carp: carp0 vhid 1: BACKUP -> MASTER (...)").
carp_state() {
	sed -n "s/^.*carp: $2 vhid [0-9]*: [A-Z]* -> \([A-Z]*\).*$/\1/p" \
		"${CARP_LOG[$1]}" | tail -n 1
}

state_is() { [ "$(carp_state "$1" "$2")" = "$3" ]; }

# wait_state TIMEOUT ROLE CARP STATE: poll the log until CARP is in STATE.
wait_state() {
	wait_for "$1" state_is "$2" "$3" "$4"
}

# --- capture and analysis -------------------------------------------------------------

# capture_start SEG FILE: tcpdump on segment SEG's bridge, packet-buffered
# (-U) and without the kernel's block buffering (--immediate-mode), so the
# file is complete up to the last frame at any time.
capture_start() {
	local f=$2
	spawn "$f.log" "$(ns sw)" tcpdump -i "$(br_name "$1")" -n -s 256 -U \
		--immediate-mode -Z root -w "$f"
	_cap_pid[$f]=$SPAWNED
	wait_for 5 grep -qs "listening on" "$f.log"
}

capture_stop() {
	stop "${_cap_pid[$1]}" TERM
}

# adverts FILE: one line per CARP frame: epoch ip.src advbase advskew vhid.
adverts() {
	timeout 30 tshark -r "$1" -d ip.proto==112,carp -Y carp -T fields \
		-e frame.time_epoch -e ip.src -e carp.adver_int -e carp.advskew \
		-e carp.vhid -E separator=' ' 2>/dev/null
}

# vmac VHID: the virtual MAC of a vhid, as dpdk-carp sends from.
vmac() { printf '00:00:5e:00:01:%02x' "$1"; }

# frames_valid FILE VHID: every CARP frame from VHID's virtual MAC has a good
# CARP and IPv4 checksum (tshark 4.0 prints status 1 for "Good"), and there
# is at least one. Sets VALID_FRAMES to the number checked.
frames_valid() {
	local out
	out=$(timeout 30 tshark -r "$1" -d ip.proto==112,carp -o ip.check_checksum:TRUE \
		-Y "carp && eth.src == $(vmac "$2")" -T fields \
		-e carp.checksum.status -e ip.checksum.status 2>/dev/null) ||
		return 1
	VALID_FRAMES=$(grep -c . <<<"$out" || true)
	[ "$VALID_FRAMES" -gt 0 ] && ! grep -qv '^1[[:space:]]1$' <<<"$out"
}

# arping_macs ROLE SEG VIP: the distinct MACs that answer 3 ARP requests for
# VIP sent from ROLE's interface on SEG, one per line (none: status 1).
arping_macs() {
	local out
	out=$(ip netns exec "$(ns "$1")" timeout 10 arping -i "$(if_name "$1" "$2")" \
		-c 3 -w 3 "$3" 2>&1) || true
	sed -n 's/^.* bytes from \([0-9a-f:]\{17\}\) .*$/\1/p' <<<"$out" |
		sort -u | grep .
}

# neigh_mac ROLE ADDR: the MAC of ADDR in ROLE's kernel neighbour table.
neigh_mac() {
	ip -n "$(ns "$1")" neigh show "$2" |
		sed -n 's/.* lladdr \([0-9a-f:]*\).*/\1/p'
}

# fdb_port SEG MAC: the switch port (interface) that has learnt MAC.
fdb_port() {
	bridge -n "$(ns sw)" fdb show br "$(br_name "$1")" |
		awk -v m="$2" '$1 == m && $2 == "dev" { print $3; exit }'
}

# udp_poke ROLE ADDR: one datagram to ADDR's discard port, so that ROLE's
# kernel resolves ADDR by ARP and keeps it in its neighbour table.
udp_poke() {
	ip netns exec "$(ns "$1")" bash -c "echo poke >/dev/udp/$2/9"
}

# fcmp EXPR: an awk condition on numbers, e.g. fcmp "$t >= 3.37".
fcmp() { awk "BEGIN { exit !($*) }"; }

# within N LO HI X...: N values X, each in [LO, HI].
within() {
	local n=$1 lo=$2 hi=$3 x
	shift 3
	[ $# = "$n" ] || return 1
	for x; do fcmp "$x >= $lo && $x <= $hi" || return 1; done
}

# rhythm_ok MIN LO HI COUNT SHORTEST LONGEST: at least MIN advertisements,
# none sooner than LO nor later than HI seconds after the one before.
rhythm_ok() {
	[ "$4" -ge "$1" ] && fcmp "$5 >= $2 && $6 <= $3"
}

# cap_has_after PCAP EPOCH: PCAP holds a frame from after EPOCH. tcpdump
# gets frames from the kernel in blocks: the last second's can still be on
# their way, and stopping it loses them.
cap_has_after() {
	local last
	last=$(timeout 10 tcpdump -r "$1" -n -tt 2>/dev/null | tail -n 1 | cut -d ' ' -f 1)
	[ -n "$last" ] && fcmp "$last > $2"
}

# takeover_gap FILE OLD NEW: seconds from the last advertisement of source
# address OLD to the first one of NEW that follows it.
takeover_gap() {
	adverts "$1" | awk -v o="$2" -v n="$3" '
		$2 == o { last = $1; first = "" }
		$2 == n && last != "" && first == "" { first = $1 }
		END { if (last == "" || first == "") exit 1
		      printf "%.6f\n", first - last }'
}

_advert_after() {
	adverts "$1" | awk -v s="$2" -v t="$3" '$2 == s && $1 > t { f = 1 } END { exit !f }'
}

# wait_advert FILE SRC TIMEOUT: wait for an advertisement from SRC captured
# after now; the sure sign that a peer started before now has heard one.
wait_advert() {
	wait_for "$3" _advert_after "$1" "$2" "$EPOCHREALTIME"
}

# last_advert FILE SRC: "advbase advskew" of the last advertisement from SRC.
last_advert() {
	adverts "$1" | awk -v s="$2" '$2 == s { l = $3 " " $4 } END { print l }'
}

# carp_frames PCAP: one line per CARP frame:
# epoch eth.src ip.src vhid advbase advskew
carp_frames() {
	timeout 30 tshark -r "$1" -d ip.proto==112,carp -Y carp -T fields \
		-e frame.time_epoch -e eth.src -e ip.src -e carp.vhid \
		-e carp.adver_int -e carp.advskew -E separator=' ' 2>/dev/null
}

# gaps FRAMES SRC VHID FROM TO: "count shortest longest" of the intervals
# between the advertisements (bow-outs left out) of VHID from SRC sent
# within [FROM, TO] (epoch seconds).
gaps() {
	awk -v s="$2" -v h="$3" -v f="$4" -v t="$5" '
		$3 == s && $4 == h && $5 != 255 && $1 >= f && $1 <= t {
			if (p != "") {
				g = $1 - p
				if (mx == "" || g > mx) mx = g
				if (mn == "" || g < mn) mn = g
			}
			p = $1; n++
		}
		END { printf "%d %.3f %.3f\n", n, mn, mx }' "$1"
}

# --- tmux ---------------------------------------------------------------------------------

# One tmux server of the test's own (-L), no user configuration; cleanup
# kills it, and by PID whatever it ran if that outlived it.
TMUX_SOCK="dcarp-$ID"
TMUX_PIDS=() TMUX_PATH=
tm() { timeout 10 tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }

tmux_cleanup() {
	local p
	[ ${#TMUX_PIDS[@]} -gt 0 ] || return 0
	tm kill-server 2>/dev/null || true
	# What the panes ran may outlive the terminal (dpdk-carp does).
	for p in "${TMUX_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in "${TMUX_PIDS[@]}"; do
		wait_for 3 _not alive "$p" || kill -KILL "$p" 2>/dev/null || true
	done
	[ -z "$TMUX_PATH" ] || rm -f "$TMUX_PATH"
	TMUX_PIDS=()
}

# pane: what the terminal shows, trailing blank lines left out.
pane() { tm capture-pane -p -t carp -S -200 | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }
pane_last() { pane | tail -n 1; }
pane_last_is() { [ "$(pane_last)" = "$1" ]; }
# (The pane is read whole first: grep -q would stop reading at its match
# and, under pipefail, turn pane's SIGPIPE into a failure.)
pane_has() { local p; p=$(pane); grep -qF -- "$1" <<<"$p"; }

# --- hand-made frames, and ucarp ----------------------------------------------

# frames_from ROLE CMD ARG...: test/integration/frames.py CMD on ROLE's
# interface to segment 1, from that interface's MAC.
frames_from() {
	local ifc mac
	ifc=$(if_name "$1" 1)
	mac=$(ip netns exec "$(ns "$1")" cat "/sys/class/net/$ifc/address")
	ip netns exec "$(ns "$1")" timeout 60 python3 \
		"$TOP/test/integration/frames.py" "$2" "$ifc" "$mac" "${@:3}"
}

# What ucarp says when it rejects an advertisement, or fails.
UCARP_COMPLAINTS='Bad (TTL|version|IP checksum|digest)|Ignoring|\[ERROR\]|[Ee]rror|Unable'
# ucarp checks its timers only every ~1.4 s: it takes over 4.2-5.2 s after
# its master falls silent (lib/carp/PROTOCOL.md §4.7).
UCARP_TAKEOVER=7
n_ucarp=0

# ucarp_run IFACE SRCIP VIP VHID PASS SKEW [ARG...]: ucarp in namespace u.
# Its scripts append "up" or "down" to $UEVENTS, the state it last
# entered; its output is $ULOG, its job $UJOB.
ucarp_run() {
	local s
	n_ucarp=$((n_ucarp + 1))
	UEVENTS=$WORK/ucarp-$n_ucarp.events
	ULOG=$WORK/ucarp-$n_ucarp.log
	for s in up down; do
		printf '#!/bin/sh\necho %s >>%s\n' "$s" "$UEVENTS" >"$WORK/$s.sh"
		chmod +x "$WORK/$s.sh"
	done
	spawn "$ULOG" "$(ns u)" ucarp --interface="$1" --srcip="$2" \
		--addr="$3" --vhid="$4" --pass="$5" --advbase=1 --advskew="$6" \
		"${@:7}" --upscript="$WORK/up.sh" --downscript="$WORK/down.sh"
	UJOB=$SPAWNED
}

ucarp_is() { [ "$(tail -n 1 "$UEVENTS" 2>/dev/null)" = "$1" ]; }

# ucarp_quiet ROLE: neither ucarp's output nor ROLE's dpdk-carp log tells
# of a rejected advertisement.
ucarp_quiet() {
	! grep -E "$UCARP_COMPLAINTS" "$ULOG" &&
		! grep -E "bad advertisements|dropped a" "${CARP_LOG[$1]}"
}

# --- the two-router segment of failover.sh, bowout.sh, measure-takeover.sh ----------

NET=10.99.1
ADDR_A=$NET.1 ADDR_B=$NET.2 ADDR_C=$NET.50 VIP=$NET.100 VHID=1
SKEW_A=0 SKEW_B=100

# pair_setup: segment 1 with routers a and b (dpdk-carp on net_af_packet,
# vhid 1, advbase 1, advskew 0 and 100, one virtual address) and client c;
# the configurations are $WORK/a.ini and $WORK/b.ini.
pair_setup() {
	seg_add 1
	host_link a 1
	host_link b 1
	client_add c 1 "$ADDR_C/24"
	conf_global "$WORK/a.ini"
	conf_port "$WORK/a.ini" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24"
	conf_carp "$WORK/a.ini" carp0 port0 "$VHID" 1 "$SKEW_A" mekmitasdigoat "$VIP/24"
	conf_global "$WORK/b.ini"
	conf_port "$WORK/b.ini" port0 "$(dev_af_packet b 1 0)" "$ADDR_B/24"
	conf_carp "$WORK/b.ini" carp0 port0 "$VHID" 1 "$SKEW_B" mekmitasdigoat "$VIP/24"
}

# pair_start: a first, until it is MASTER, then b, until it is BACKUP, so
# that which one is MASTER does not depend on start-up order.
pair_start() {
	carp_start a 0 "$WORK/a.ini"
	wait_state 10 a carp0 MASTER || return 1
	carp_start b 1 "$WORK/b.ini"
	wait_state 10 b carp0 BACKUP
}

# --- the console on a FIFO ----------------------------------------------------------

PROMPT='dpdk-carp> '
declare -A CONSOLE_FIFO=() CONSOLE_HOLD=() CONSOLE_SENT=()

# console_start ROLE LCORE CONF [ARG...]: carp_start with -i, its stdin a new
# FIFO. The FIFO's one writer is a `sleep` spawned for it: while that
# lives the console never sees the end of its input, and the test writes
# each command with an open/write/close of its own (console), so that no
# other process inherits a write end. console_close ends the input.
console_start() {
	local h=$1 fifo
	fifo="$WORK/$h-console-$((_starts + 1)).fifo"
	mkfifo "$fifo"
	spawn "$fifo.log" "" bash -c 'exec sleep infinity >"$1"' _ "$fifo"
	CONSOLE_HOLD[$h]=$SPAWNED
	CONSOLE_FIFO[$h]=$fifo
	CONSOLE_SENT[$h]=0
	SPAWN_STDIN=$fifo carp_start "$@" -i
}

console_close() {
	stop "${CONSOLE_HOLD[$1]}" TERM
}

# prompts ROLE: how many prompts ROLE's console has printed; the answer to
# the N-th command is complete once there are N + 1.
prompts() { grep -o "$PROMPT" "${CARP_LOG[$1]}" 2>/dev/null | wc -l; }
prompts_ge() { [ "$(prompts "$1")" -ge "$2" ]; }

# console ROLE LINE: one line to ROLE's console, once it reads (its first
# prompt is out). Opened read-write, a FIFO never blocks the test, even if
# dpdk-carp is gone.
console() {
	local h=$1 fd
	wait_for 10 prompts_ge "$h" 1 || return 1
	exec {fd}<>"${CONSOLE_FIFO[$h]}"
	printf '%s\n' "$2" >&"$fd"
	exec {fd}>&-
	CONSOLE_SENT[$h]=$((CONSOLE_SENT[$h] + 1))
}

# reply LOG N: the N-th command of the console session in LOG as echoed,
# then its answer. The console prints its prompt, echoes the line it reads
# (ending in \r) and prints the answer; dpdk-carp's own log lines (carp:,
# EAL: ...) and a driver's, which name their function (net_tap's
# "tap_nl_dump_ext_ack(): Specified qdisc kind is unknown" on a kernel
# without qdiscs), can land anywhere in there and are left out.
reply() {
	awk -v RS="$PROMPT" -v n="$2" 'NR == n + 1 {
		k = split($0, l, "\n")
		for (i = 1; i <= k; i++) {
			sub(/\r$/, "", l[i])
			if (l[i] != "" && l[i] !~ /^(carp|EAL|TELEMETRY): / &&
			    l[i] !~ /^[A-Za-z_][A-Za-z0-9_]*\(\): /)
				print l[i]
		}
	}' "$1"
}

# answer LOG N CMD: ANSWER, the answer of the N-th command, which must have
# been CMD; otherwise ANSWER says what went wrong (and matches no check).
answer() {
	local r echo
	r=$(reply "$1" "$2")
	echo=${r%%$'\n'*}
	if [ "$echo" != "$3" ]; then
		ANSWER="(command $2 echoed as '$echo', not '$3')"
		return 0
	fi
	ANSWER=${r#"$echo"}
	ANSWER=${ANSWER#$'\n'}
}

# ask ROLE CMD: CMD on ROLE's console; waits for the answer (ANSWER).
ask() {
	local h=$1 n
	if ! console "$h" "$2"; then
		ANSWER="(the console of $h never prompted)"
		return 0
	fi
	n=${CONSOLE_SENT[$h]}
	if wait_for 5 prompts_ge "$h" $((n + 1)); then
		answer "${CARP_LOG[$h]}" "$n" "$2"
	else
		ANSWER="(no answer to '$2' within 5 s)"
	fi
}

# --- checks on ANSWER ----------------------------------------------------------------

_show_answer() { sed 's/^/    | /' <<<"${ANSWER:-(nothing)}"; }

# says STR...: every STR is in ANSWER (fixed strings).
says() {
	local s
	for s in "$@"; do
		grep -qF -- "$s" <<<"$ANSWER" || { echo "    missing: $s"; _show_answer; return 1; }
	done
}

# says_lines LINE...: every LINE is a whole line of ANSWER.
says_lines() {
	local s
	for s in "$@"; do
		grep -qxF -- "$s" <<<"$ANSWER" || { echo "    no line: $s"; _show_answer; return 1; }
	done
}

# says_not STR...: no STR is in ANSWER.
says_not() {
	local s
	for s in "$@"; do
		! grep -qF -- "$s" <<<"$ANSWER" || { echo "    unexpected: $s"; _show_answer; return 1; }
	done
}

# is TEXT: ANSWER is exactly TEXT.
is() {
	[ "$ANSWER" = "$1" ] || { echo "    expected: $1"; _show_answer; return 1; }
}

# refused STR: one line, "error: ...STR...".
refused() {
	[[ "$ANSWER" != *$'\n'* && "$ANSWER" == "error: "*"$1"* ]] ||
		{ echo "    expected one line 'error: ...$1...'"; _show_answer; return 1; }
}
