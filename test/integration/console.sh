#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The console, runtime reconfiguration and telemetry, in six groups of
# cases; ONLY="file tmux" runs some of them.
#
#   file       every console command from a --cmdline-file: what `show`
#              prints after each change, and that bad input (unknown
#              command, bad or out-of-range number, vhid in use, missing
#              interface, 20-character password ...) is refused and
#              changes nothing.
#   fifo       the console on a pipe (-i, stdin from a FIFO) fed over time;
#              `quit` and the end of input both end dpdk-carp, a MASTER
#              bowing out.
#   telemetry  dpdk-telemetry.py's view of a running instance, against what
#              is known of it (states, vhids, counters, addresses, knobs).
#   tmux       an interactive session on a terminal: TAB completion, `?`,
#              history, help, a bad command, `quit`.
#   reconfig   routers a and b, MASTER and BACKUP of carp0 (vhid 1) and
#              carp1 (vhid 2); carp1 is changed again and again through the
#              consoles while a client ARPs for carp0's address. carp0 must
#              not notice: no state change, advertisements on time, every
#              ARP request answered. Downing or destroying a MASTER carp1
#              bows out and b takes over within 0.5 s.
#   ipv6       IPv6 addresses from a --cmdline-file: carp add and del of
#              IPv6 addresses beside IPv4 ones, each refusal (link-local,
#              multicast, IPv4-mapped, outside the prefix, the port's own,
#              a port without IPv6, a bad prefix length, an IPv6 peer);
#              `show carp`, `show port stats` and telemetry (/carp/vhost
#              addresses6, /carp/ports, /carp/summary) show them; an
#              IPv6-only carp interface advertises (opackets6).
#
# usage: bash test/integration/console.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NET2=10.99.2
VIP1=$NET.101			# carp1's address in reconfig
want() { [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $1 "* ]]; }

# --- telemetry --------------------------------------------------------------------------

# tel_many ROLE CMD...: the replies of ROLE's dpdk-carp to telemetry
# commands, one JSON line each, from one dpdk-telemetry.py (lib.sh's tel
# asks one).
tel_many() {
	local h=$1
	shift
	printf '%s\n' "$@" | timeout 10 dpdk-telemetry.py -f "${CARP_PREFIX[$h]}"
}

# tel.py, for the cases that poll: one process asks the telemetry socket
# every 100 ms (as dpdk-telemetry.py does, one command a message) until a
# Python condition on the reply's value v holds, instead of one
# dpdk-telemetry.py run per poll. With TIMEOUT 0 it prints the condition's
# value once.
TEL_PY=$WORK/tel.py
cat >"$TEL_PY" <<'PY'
import json, socket, sys, time
path, timeout, cmd, expr = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(path)
size = json.loads(s.recv(1024))["max_output_len"]
end = time.monotonic() + timeout
while True:
    s.send(cmd.encode())
    v = json.loads(s.recv(size).decode())[cmd.split(",")[0]]
    r = eval(expr, {"v": v})
    if timeout == 0:
        print(r)
        sys.exit(0)
    if r:
        sys.exit(0)
    if time.monotonic() >= end:
        sys.exit(1)
    time.sleep(0.1)
PY

_tel_sock() { echo "/var/run/dpdk/${CARP_PREFIX[$1]}/dpdk_telemetry.v2"; }

# telq ROLE CMD EXPR: EXPR on the value of ROLE's reply to CMD.
# Prints "?" when there is no answer: a condition built on it fails.
telq() {
	timeout 10 python3 "$TEL_PY" "$(_tel_sock "$1")" 0 "$2" "$3" || echo "?"
}

# tel_until TIMEOUT ROLE CMD COND: poll until COND holds.
tel_until() {
	timeout $(($1 + 5)) python3 "$TEL_PY" "$(_tel_sock "$2")" "$1" "$3" "$4"
}

# =============================================================================
# file: every command from a --cmdline-file
# =============================================================================

declare -A IDX=()
declare -a LINE=()
NCMD=0

# cmd LABEL LINE: LINE is the next command of the file.
cmd() {
	NCMD=$((NCMD + 1))
	IDX[$1]=$NCMD
	printf '%s\n' "$2" >>"$CMDS"
	LINE[NCMD]=$2
}

# of LABEL: ANSWER is the answer to the file's command LABEL.
of() { answer "${CARP_LOG[a]}" "${IDX[$1]}" "${LINE[${IDX[$1]}]}"; }

# all_echoed: the console echoed the file's lines, in order, one per prompt.
all_echoed() {
	local i
	for ((i = 1; i <= NCMD; i++)); do
		[ "$(reply "${CARP_LOG[a]}" "$i" | head -n 1)" = "${LINE[i]}" ] ||
			{ echo "    command $i: '${LINE[i]}' not echoed"; return 1; }
	done
}

group_file() {
	local conf=$WORK/file.ini t
	CMDS=$WORK/file.cmds
	: >"$CMDS"
	conf_global "$conf"
	conf_port "$conf" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24"
	conf_port "$conf" port1 "$(dev_af_packet a 2 1)" "$NET2.1/24"
	conf_carp "$conf" carp0 port0 1 1 0 mekmitasdigoat "$VIP/24"

	cmd help	"help"
	cmd show0	"show carp"
	cmd create	"carp create carp5 port port0 vhid 5"
	cmd shownew	"show carp carp5"
	cmd add1	"carp add carp5 address $NET.105"
	cmd add2	"carp add carp5 address $NET.106/28"
	cmd add3	"carp add carp5 address $NET.107/24"
	cmd showaddr	"show carp carp5"
	cmd advbase	"carp set carp5 advbase 2"
	cmd advskew	"carp set carp5 advskew 7"
	cmd pass	"carp set carp5 pass s3cret"
	cmd vhid	"carp set carp5 vhid 6"
	cmd showset	"show carp carp5"
	# Refused, each of them: carp5 must stay as showset printed it.
	cmd e_cmd	"frobnicate carp5"
	cmd e_num	"carp set carp5 advskew abc"
	cmd e_big	"carp set carp5 advskew 4294967296"
	cmd e_hex	"carp set carp5 advskew 0x10"
	cmd e_sign	"carp set carp5 advskew +16"
	cmd e_skew	"carp set carp5 advskew 300"
	cmd e_base	"carp set carp5 advbase 255"
	cmd e_vhid0	"carp set carp5 vhid 0"
	cmd e_inuse	"carp set carp5 vhid 1"
	cmd e_pass	"carp set carp5 pass 01234567890123456789"
	cmd e_nosuch	"carp set nosuch advskew 5"
	cmd e_shownx	"show carp nosuch"
	cmd e_dup	"carp create carp0 port port0 vhid 9"
	cmd e_cport	"carp create carp7 port port9 vhid 7"
	cmd e_cname	"carp create foo port port0 vhid 7"
	cmd e_cvhid	"carp create carp7 port port0 vhid 256"
	cmd e_cinuse	"carp create carp7 port port0 vhid 1"
	cmd e_subnet	"carp add carp5 address $NET2.7"
	cmd e_own	"carp add carp5 address $ADDR_A"
	cmd e_again	"carp add carp5 address $NET.105/24"
	cmd e_move	"carp set carp5 port port1"
	cmd e_port	"carp set carp5 port port9"
	cmd e_del	"carp del carp5 address $NET.99"
	cmd showsame	"show carp carp5"
	cmd showall	"show carp"
	cmd nopass	"carp set carp5 nopass"
	cmd del1	"carp del carp5 address $NET.106"
	cmd del2	"carp del carp5 address $NET.107/24"
	cmd showdel	"show carp carp5"
	# Without addresses an interface may move to port1's subnet; an address
	# without /len then takes port1's prefix.
	cmd create6	"carp create carp6 port port0 vhid 9"
	cmd move	"carp set carp6 port port1"
	cmd add6	"carp add carp6 address $NET2.106"
	cmd show6	"show carp carp6"
	cmd master	"carp set carp5 state master"
	cmd showm	"show carp carp5"
	cmd backup	"carp set carp5 state backup"
	cmd showb	"show carp carp5"
	cmd down	"carp set carp5 down"
	cmd showdown	"show carp carp5"
	cmd e_force	"carp set carp5 state master"
	cmd up		"carp set carp5 up"
	cmd showup	"show carp carp5"
	cmd destroy	"carp destroy carp6"
	cmd showgone	"show carp carp6"
	cmd e_destroy	"carp destroy carp6"
	cmd sysctl0	"show sysctl"
	cmd preempt	"sysctl set preempt 1"
	cmd log		"sysctl set log 2"
	cmd arpbal	"sysctl set arpbalance 1"
	cmd rate	"sysctl set arp_rate_per_source 50"
	cmd allow0	"sysctl set allow 0"
	cmd showallow0	"show carp"
	cmd allow1	"sysctl set allow 1"
	cmd e_suppr	"sysctl set suppress_preempt 1"
	cmd e_log	"sysctl set log 10"
	cmd e_preempt	"sysctl set preempt 2"
	cmd e_rate	"sysctl set arp_rate_per_source 1000001"
	cmd e_knob	"sysctl set frobs 1"
	cmd sysctl1	"show sysctl"
	cmd stats	"show carpstats"
	cmd clear	"clear carpstats"
	cmd stats0	"show carpstats"
	cmd showarp	"show arpbal"
	cmd ports	"show port stats"
	# Last, as it would change carp5 if accepted: the configuration file
	# refuses a prefix length of 0.
	cmd e_len0	"carp add carp5 address $NET.108/0"
	cmd showlen0	"show carp carp5"
	cmd final	"carp set carp0 state master"

	carp_start a 0 "$conf" --cmdline-file "$CMDS"
	# The file is done when the prompt after its last command is out.
	check "file: the console prompts after each of the $NCMD commands" \
		wait_for 10 prompts_ge a $((NCMD + 1))
	check "file: each command is echoed after the prompt, in order" all_echoed

	of help
	check "help lists every command with its help" says \
		"help: this list" "show carp: every" "show carp NAME:" \
		"carp create NAME port PORT vhid N:" "carp destroy NAME:" \
		"carp set NAME vhid|advbase|advskew N:" "carp set NAME pass WORD:" \
		"carp set NAME nopass:" "carp set NAME port PORT:" \
		"carp set NAME up|down:" "carp set NAME state master|backup:" \
		"carp add|del NAME address A.B.C.D/LEN:" \
		"carp add|del NAME address A.B.C.D:" "show sysctl:" \
		"sysctl set allow|preempt|log|arpbalance|arp_rate_per_source N:" \
		"show carpstats:" "clear carpstats:" "show arpbal:" \
		"show port stats:" "quit:"
	of show0
	check "show carp: carp0 as configured" says \
		"carp0: BACKUP vhid 1 on port0, advbase 1 advskew 0 (advertised 0), password set" \
		"  addresses: $VIP/24" "  mac 00:00:5E:00:01:01" \
		"  master-down in "
	of create
	check "carp create: accepted silently" is ""
	of shownew
	check "show carp carp5: new, no address, not running" says \
		"carp5: INIT vhid 5 on port0, advbase 1 advskew 0 (advertised 0), no password" \
		"  addresses: (none)" "  mac 00:00:5E:00:01:05, not running"
	for t in add1 add2 add3 advbase advskew pass vhid nopass del1 del2 \
		create6 move add6 master backup down up destroy preempt log \
		arpbal rate allow0 allow1 clear final; do
		of "$t"
		check "'${LINE[${IDX[$t]}]}': accepted silently" is ""
	done
	of showaddr
	check "carp add with and without /len: the port's prefix for none" says \
		"carp5: BACKUP vhid 5 " \
		"  addresses: $NET.105/24 $NET.106/28 $NET.107/24"
	of showset
	check "carp set advbase, advskew, pass, vhid: all shown" says \
		"carp5: BACKUP vhid 6 on port0, advbase 2 advskew 7 (advertised 7), password set" \
		"  mac 00:00:5E:00:01:06" \
		"(interval 2.027 s, master-down 6.027 s)"

	of e_cmd;	check "unknown command: Command not found" is "Command not found"
	of e_num;	check "advskew abc: Bad arguments" is "Bad arguments"
	of e_big;	check "advskew 2^32: Bad arguments" is "Bad arguments"
	# One grammar for numbers: the configuration file's, decimal only.
	of e_hex;	check "advskew 0x10: Bad arguments" is "Bad arguments"
	of e_sign;	check "advskew +16: Bad arguments" is "Bad arguments"
	of e_skew;	check "advskew 300 refused" refused "carp5: advskew must be 0..254, not 300"
	of e_base;	check "advbase 255 refused" refused "carp5: advbase must be 0..254, not 255"
	of e_vhid0;	check "vhid 0 refused" refused "carp5: vhid must be 1..255, not 0"
	of e_inuse;	check "vhid in use refused" refused "carp5: vhid 1 is already used by carp0"
	of e_pass;	check "password of 20 characters refused" refused "carp5: password is 20 characters"
	of e_nosuch;	check "set on a missing interface refused" refused "no carp interface nosuch"
	of e_shownx;	check "show of a missing interface refused" refused "no carp interface nosuch"
	of e_dup;	check "create of an existing name refused" refused "carp0 already exists"
	of e_cport;	check "create on a missing port refused" refused "no port port9"
	of e_cname;	check "a name not carpN refused" refused "carpN"
	of e_cvhid;	check "create with vhid 256 refused" refused "vhid must be 1..255, not 256"
	of e_cinuse;	check "create with a vhid in use refused" refused "vhid 1 is already used by carp0"
	of e_subnet;	check "address outside the subnet refused" refused "$NET2.7 is outside port 0's subnet"
	of e_own;	check "the port's own address refused" refused "$ADDR_A is port 0's own address"
	of e_again;	check "an address twice refused" refused "carp5 already has $NET.105"
	of e_move;	check "move to a port whose subnet excludes the addresses refused" \
				refused "is outside port 1's subnet"
	of e_port;	check "move to a missing port refused" refused "carp5: no port port9"
	of e_del;	check "del of an address it lacks refused" refused "carp5 has no address $NET.99"
	local before
	before=$(answer "${CARP_LOG[a]}" "${IDX[showset]}" "${LINE[${IDX[showset]}]}"; head -n 3 <<<"$ANSWER")
	of showsame
	check "after the refused commands carp5 is unchanged" is_prefix "$before"
	of showall
	check "show carp: carp0 and carp5 only (no carp7, one carp0)" \
		test "$(grep -cE '^carp[0-9]+: (INIT|BACKUP|MASTER) vhid' <<<"$ANSWER")" = 2
	of showdel
	check "nopass, del with and without /len" says_lines \
		"carp5: BACKUP vhid 6 on port0, advbase 2 advskew 7 (advertised 7), no password" \
		"  addresses: $NET.105/24"
	of show6
	check "set port: carp6 on port1, its address with port1's prefix" says \
		"carp6: BACKUP vhid 9 on port1" "  addresses: $NET2.106/24"
	of showm
	check "state master: MASTER, advertising" says "carp5: MASTER vhid 6" \
		"  advertisement in " "opackets 1"
	of showb
	check "state backup: BACKUP, waiting for master-down" says "carp5: BACKUP vhid 6" \
		"  master-down in "
	of showdown
	check "down: INIT, down, not running" says "carp5: INIT vhid 6" \
		", down, not running"
	of e_force;	check "state master on a down interface refused" refused "carp5 is not running"
	of showup
	check "up: BACKUP again" says "carp5: BACKUP vhid 6"
	of showup
	check "up: no longer down" says_not ", down"
	of showgone;	check "destroy: carp6 is gone" refused "no carp interface carp6"
	of e_destroy;	check "destroy of a missing interface refused" refused "no carp interface carp6"
	of sysctl0
	check "show sysctl: the defaults, suppress_preempt read-only" is \
		"net.inet.carp.allow: 1
net.inet.carp.preempt: 0
net.inet.carp.log: 1
net.inet.carp.arpbalance: 0
net.inet.carp.suppress_preempt: 0 (read-only)
arp_rate_per_source: 0"
	of showallow0
	check "sysctl set allow 0 stops every carp interface" says \
		"carp0: INIT vhid 1" "carp5: INIT vhid 6"
	of e_suppr;	check "suppress_preempt is read-only" refused "suppress_preempt is read-only"
	of e_log;	check "log 10 refused" refused "log must be 0..9, not 10"
	of e_preempt;	check "preempt 2 refused" refused "preempt must be 0..1, not 2"
	of e_rate;	check "arp_rate_per_source 1000001 refused" refused "arp_rate_per_source must be 0..1000000"
	of e_knob;	check "an unknown knob: Bad arguments" is "Bad arguments"
	of sysctl1
	check "show sysctl: every knob as set, nothing from the refused ones" is \
		"net.inet.carp.allow: 1
net.inet.carp.preempt: 1
net.inet.carp.log: 2
net.inet.carp.arpbalance: 1
net.inet.carp.suppress_preempt: 0 (read-only)
arp_rate_per_source: 50"
	of stats
	check "show carpstats: 16 counters" counters 16 '[0-9]+'
	check "show carpstats: opackets >= 2 (carp5's advertisement and bow-out)" \
		test "$(awk '$1 == "opackets" { print $2 }' <<<"$ANSWER")" -ge 2
	of stats0
	check "clear carpstats: every counter 0" counters 16 0
	of showarp
	check "show arpbal: both addresses, their vhids and states" says \
		"arpbalance 1, 2 address(es)" "  $VIP on port0: vhid 1(BACKUP)" \
		"  $NET.105 on port0: vhid 6(BACKUP)" "requests 0 answered 0"
	of ports
	check "show port stats: both ports, link up" says \
		"port0 ($(dev_af_packet a 1 0)): link up, rx " \
		"port1 ($(dev_af_packet a 2 1)): link up, rx "

	check "prefix length 0 refused (as in the configuration file), carp5 unchanged" \
		eval 'of e_len0 && refused "$NET.108" && of showlen0 && says_not "$NET.108"'

	# After the file dpdk-carp goes on running, as a daemon here.
	check "file: after it carp0 is MASTER (its last command)" \
		wait_state 2 a carp0 MASTER
	check "file: after it dpdk-carp runs on" holds 1 alive "${CARP_JOB[a]}"
	carp_stop a
	check "file: SIGTERM: exit status 0 (status $STATUS)" test "$STATUS" = 0
	check "file: SIGTERM: carp0 bows out" \
		grep -q "carp0 vhid 1: MASTER -> INIT (shutdown)" "${CARP_LOG[a]}"

	# quit as the file's last command ends dpdk-carp once the file is done.
	CMDS=$WORK/quit.cmds
	printf 'carp set carp0 state master\nquit\n' >"$CMDS"
	carp_start a 0 "$conf" --cmdline-file "$CMDS"
	check "file: quit ends dpdk-carp" wait_for 5 _not alive "${CARP_JOB[a]}"
	carp_stop a
	check "file: quit: exit status 0 (status $STATUS)" test "$STATUS" = 0
	check "file: quit: the MASTER bows out" \
		grep -q "carp0 vhid 1: MASTER -> INIT (shutdown)" "${CARP_LOG[a]}"
}

# counters N VALUE: ANSWER is N lines "name VALUE" (VALUE an ERE).
counters() {
	if [ "$(grep -cE "^[a-z0-9]+ +$2\$" <<<"$ANSWER")" != "$1" ] ||
	   [ "$(wc -l <<<"$ANSWER")" != "$1" ]; then
		_show_answer
		return 1
	fi
}

# is_prefix TEXT: ANSWER begins with the lines of TEXT.
is_prefix() {
	[ "$(head -n "$(wc -l <<<"$1")" <<<"$ANSWER")" = "$1" ] ||
		{ echo "    expected first:"; sed 's/^/    | /' <<<"$1"; _show_answer; return 1; }
}

# =============================================================================
# fifo: the console on a pipe
# =============================================================================

group_fifo() {
	local conf=$WORK/fifo.ini
	conf_global "$conf"
	conf_port "$conf" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24"
	conf_carp "$conf" carp0 port0 1 1 0 mekmitasdigoat "$VIP/24"

	console_start a 1 "$conf"
	ask a "show carp carp0"
	check "fifo: show carp carp0 answers with its state" says \
		"carp0: BACKUP vhid 1 on port0, advbase 1 advskew 0 (advertised 0)"
	# An idle console is no end of input.
	check "fifo: dpdk-carp waits for more input" holds 1 alive "${CARP_JOB[a]}"
	ask a "carp set carp0 advskew 20"
	check "fifo: carp set accepted silently" is ""
	ask a "show carp carp0"
	check "fifo: the change shows" says "advbase 1 advskew 20 (advertised 20)"
	ask a "carp set carp0 advskew 300"
	check "fifo: advskew 300 refused" refused "carp0: advskew must be 0..254, not 300"
	ask a "bogus command"
	check "fifo: unknown command" is "Command not found"
	ask a "show carp carp0"
	check "fifo: advskew still 20" says "advbase 1 advskew 20 (advertised 20)"
	ask a "carp set carp0 state master"
	check "fifo: state master" wait_state 2 a carp0 MASTER
	ask a "show carp"
	check "fifo: show carp: MASTER" says "carp0: MASTER vhid 1"
	console a quit || true
	check "fifo: quit ends dpdk-carp" wait_for 5 _not alive "${CARP_JOB[a]}"
	carp_stop a
	check "fifo: quit: exit status 0 (status $STATUS)" test "$STATUS" = 0
	check "fifo: quit: the MASTER bows out and dpdk-carp exits" \
		grep -q "carp0 vhid 1: MASTER -> INIT (shutdown)" "${CARP_LOG[a]}"
	check "fifo: quit: dpdk-carp logs its exit" grep -q "carp: exit" "${CARP_LOG[a]}"
	console_close a

	console_start a 1 "$conf"
	ask a "carp set carp0 state master"
	check "fifo 2: state master" wait_state 2 a carp0 MASTER
	console_close a
	check "fifo 2: the end of input ends dpdk-carp" \
		wait_for 5 _not alive "${CARP_JOB[a]}"
	carp_stop a
	check "fifo 2: end of input: exit status 0 (status $STATUS)" test "$STATUS" = 0
	check "fifo 2: end of input: the MASTER bows out" \
		grep -q "carp0 vhid 1: MASTER -> INIT (shutdown)" "${CARP_LOG[a]}"
	check "fifo 2: end of input: dpdk-carp logs its exit" \
		grep -q "carp: exit" "${CARP_LOG[a]}"
}

# =============================================================================
# telemetry
# =============================================================================

# tj EXPR: Python EXPR over the replies in $TEL_OUT: v[i] is the value of
# the i-th reply.
tj() {
	python3 -c 'import json, sys
v = [list(json.loads(l).values())[0] for l in open(sys.argv[1]) if l.strip()]
print(eval(sys.argv[2]))' "$TEL_OUT" "$1"
}
tj_is() {
	local got
	got=$(tj "$1") || return 1
	[ "$got" = "$2" ] || { echo "    $1 = $got, expected $2"; return 1; }
}

group_telemetry() {
	local conf=$WORK/tel.ini cmds=$WORK/tel.cmds
	TEL_OUT=$WORK/tel.out
	conf_global "$conf" preempt=1 arp_rate_per_source=20
	conf_port "$conf" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24"
	conf_carp "$conf" carp0 port0 1 1 0 mekmitasdigoat "$VIP/24 $NET.110/25"
	conf_carp "$conf" carp1 port0 2 1 40 mekmitasdigoat "$VIP1/24"
	# What telemetry must see of changes made at run time.
	printf 'carp set carp1 advskew 77\nsysctl set arpbalance 1\n' >"$cmds"

	carp_start a 1 "$conf" --cmdline-file "$cmds"
	check "telemetry: carp0 becomes MASTER" wait_state 10 a carp0 MASTER
	check "telemetry: carp1 becomes MASTER" wait_state 3 a carp1 MASTER
	check "telemetry: ARP requests for $VIP are answered" \
		test "$(arping_macs c 1 "$VIP")" = "$(vmac 1)"

	if ! tel_many a /carp/vhosts /carp/vhost,carp0 /carp/vhost,carp1 \
		/carp/vhost,nosuch /carp/stats /carp/sysctl /arpbal/stats / \
		/help,/carp/vhost >"$TEL_OUT"; then
		fail "telemetry: dpdk-telemetry.py -f ${CARP_PREFIX[a]} failed"
	fi
	cut -c 1-160 "$TEL_OUT" | sed 's/^/    /'
	check "telemetry: one reply a command" test "$(grep -c . "$TEL_OUT")" = 9
	check "telemetry: /carp/vhosts: both MASTER" \
		tj_is 'v[0]' "{'carp0': 'MASTER', 'carp1': 'MASTER'}"
	check "telemetry: /carp/vhost,carp0: name, state, port, vhid, timing" \
		tj_is '[v[1][k] for k in ("name", "state", "port", "vhid", "advbase", "advskew", "running", "down", "transitions")]' \
		"['carp0', 'MASTER', 'port0', 1, 1, 0, 1, 0, 2]"
	check "telemetry: /carp/vhost,carp0: its addresses" \
		tj_is 'v[1]["addresses"]' "['$VIP/24', '$NET.110/25']"
	check "telemetry: /carp/vhost,carp0: opackets > 0, no errors" \
		tj_is 'v[1]["opackets"] > 0 and v[1]["onomem"] == 0 and v[1]["badauth"] == 0' True
	check "telemetry: /carp/vhost,carp0: the ARP replies counted" \
		tj_is 'v[1]["arp_answered"] >= 3 and v[1]["arp_not_master"] == 0' True
	check "telemetry: /carp/vhost,carp1: advskew as the console set it" \
		tj_is '[v[2][k] for k in ("vhid", "advskew", "advskew_advertised", "addresses")]' \
		"[2, 77, 77, ['$VIP1/24']]"
	check "telemetry: /carp/vhost,nosuch: no value" tj_is 'v[3]' None
	check "telemetry: /carp/stats: opackets covers both interfaces" \
		tj_is 'v[4]["opackets"] >= v[1]["opackets"] + v[2]["opackets"] and len(v[4]) == 16' True
	check "telemetry: /carp/sysctl: from the file and the console" \
		tj_is 'v[5]' "{'allow': 1, 'preempt': 1, 'log': 1, 'arpbalance': 1, 'suppress_preempt': 0, 'arp_rate_per_source': 20}"
	check "telemetry: /arpbal/stats: 3 addresses, the requests answered" \
		tj_is 'v[6]["addresses"] == 3 and v[6]["requests"] >= 3 and v[6]["answered"] >= 3 and v[6]["malformed"] == 0' True
	check "telemetry: / lists the five endpoints" \
		tj_is 'all(c in v[7] for c in ("/carp/vhosts", "/carp/vhost", "/carp/stats", "/carp/sysctl", "/arpbal/stats"))' True
	check "telemetry: /help,/carp/vhost says it takes a name" \
		tj_is '"Parameter: its name" in v[8]["/carp/vhost"]' True
	carp_stop a
	check "telemetry: exit status 0 (status $STATUS)" test "$STATUS" = 0
}

# =============================================================================
# tmux: an interactive session on a terminal
# =============================================================================

group_tmux() {
	local conf=$WORK/tmux.ini prefix pid
	conf_global "$conf"
	conf_port "$conf" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24"
	# advbase 10: no state change (and log line) for 30 s to disturb the
	# terminal while it is being read.
	conf_carp "$conf" carp0 port0 1 10 0 mekmitasdigoat "$VIP/24"
	_starts=$((_starts + 1))
	prefix="dcarp-$ID-a-$_starts"
	_prefixes+=("$prefix")

	# The shell in the pane prints dpdk-carp's exit status: tmux's own
	# (#{pane_dead_status}) can lag, its child left unreaped for seconds.
	# timeout --foreground: in a process group of its own dpdk-carp would
	# be stopped (SIGTTOU) as soon as it sets up the terminal.
	tm new-session -d -s carp -x 200 -y 50 \
		"ip netns exec $(ns a) timeout --foreground -k 3 60 $DPDK_CARP -l 0 --no-huge -m 128 --no-pci --file-prefix=$prefix --log-level='carp.*:info' -- -c $conf -i; echo \"dpdk-carp exit status \$?\"" \
		\; set-option -t carp remain-on-exit on ||
		{ fail "tmux: no session"; return; }
	TMUX_PATH=$(tm display -p -t carp '#{socket_path}')
	TMUX_PIDS+=("$(tm display -p -t carp '#{pid}')")
	pid=$(tm display -p -t carp '#{pane_pid}')

	# The first prompt can be followed by a log line: ask for a fresh one.
	wait_for 10 pane_has "dpdk-carp>" || true
	wait_for 2 pane_has "control on lcore" || true
	# What runs in the pane (timeout, dpdk-carp), for cleanup.
	while [ -n "$pid" ]; do
		TMUX_PIDS+=("$pid")
		pid=$(child_of "$pid") || pid=
	done
	tm send-keys -t carp Enter
	check "tmux: a prompt" wait_for 3 pane_last_is "dpdk-carp>"
	tm send-keys -t carp hel Tab
	check "tmux: 'hel' TAB completes to 'help'" wait_for 3 pane_last_is "${PROMPT}help"
	tm send-keys -t carp Enter
	check "tmux: help lists the commands" wait_for 3 pane_has "  quit: bow out and exit"
	check "tmux: help's header" pane_has "commands (TAB completes, ? shows choices):"
	tm send-keys -t carp "show ca" Tab
	check "tmux: 'show ca' TAB completes to 'show carp'" \
		wait_for 3 pane_last_is "${PROMPT}show carp"
	tm send-keys -t carp Tab
	check "tmux: a second TAB lists the choices, carpstats among them" \
		wait_for 3 pane_has " carpstats [Fixed STRING]: show carpstats"
	tm send-keys -t carp Enter
	check "tmux: show carp runs" \
		wait_for 3 pane_has "carp0: BACKUP vhid 1 on port0, advbase 10 advskew 0"
	tm send-keys -t carp "sysctl set " "?"
	check "tmux: '?' lists the knobs" \
		wait_for 3 pane_has " arp_rate_per_source [Mul-choice STRING]: sysctl set"
	tm send-keys -t carp "log 2" Enter
	tm send-keys -t carp "show sysctl" Enter
	check "tmux: the line survives '?' and runs (log 2)" \
		wait_for 3 pane_has "net.inet.carp.log: 2"
	tm send-keys -t carp "bogus words" Enter
	check "tmux: a bad command: Command not found" \
		wait_for 3 pane_has "Command not found"
	tm send-keys -t carp Up
	check "tmux: Up recalls the last command" \
		wait_for 3 pane_last_is "${PROMPT}bogus words"
	tm send-keys -t carp C-a C-k "quit" Enter
	check "tmux: quit ends dpdk-carp" wait_for 5 pane_has "dpdk-carp exit status"
	check "tmux: quit: exit status 0" pane_has "dpdk-carp exit status 0"
	check "tmux: quit: carp0 stops and dpdk-carp exits" \
		eval 'pane_has "carp0 vhid 1: BACKUP -> INIT (shutdown)" && pane_has "carp: exit"'
	pane >"$WORK/tmux-pane.log"
	tmux_cleanup
}

# =============================================================================
# reconfig: carp1 changed under traffic, carp0 undisturbed
# =============================================================================

# carp0_changes ROLE: the number of carp0 state changes ROLE has logged.
carp0_changes() { grep -c "carp: carp0 vhid 1: " "${CARP_LOG[$1]}" || true; }

# bowout_takeovers FRAMES: for each bow-out of vhid 2 from a (vhid 2's
# MAC, advbase and advskew 255), seconds to b's next vhid 2 advertisement.
bowout_takeovers() {
	awk -v a="$ADDR_A" -v b="$ADDR_B" -v m="$(vmac 2)" '
		$4 == 2 && $2 == m && $3 == a && $5 == 255 && $6 == 255 { t = $1; next }
		$4 == 2 && $3 == b && t != "" { printf "%.3f\n", $1 - t; t = "" }
		END { if (t != "") print "none" }' "$1"
}

# arp_answered LOG: "N M" for the arping in LOG, stopped by SIGINT: N
# requests sent, M of the first N - 1 answered (the last one may still have
# been on its way).
arp_answered() {
	local n
	n=$(sed -n 's/^ *\([0-9]*\) packets transmitted.*/\1/p' "$1")
	[ -n "$n" ] || return 0
	echo "$n $(sed -n 's/^.* index=\([0-9]*\) .*$/\1/p' "$1" | sort -un |
		awk -v n="$n" '$1 < n - 1' | wc -l)"
}

# skews_ok FRAMES T0 T1 T2: a's carp1 advertisements (no bow-outs) before
# T0 carry advskew 0, those from T1 to T2 50, and there are some of each;
# the change was made between T0 and T1.
skews_ok() {
	awk -v a="$ADDR_A" -v t0="$2" -v t1="$3" -v t2="$4" '
		$3 != a || $4 != 2 || $6 == 255 || $1 > t2 { next }
		$1 < t0 && $6 == 0 { old++; next }
		$1 >= t0 && $1 <= t1 { next }
		$1 > t1 && $6 == 50 { new++; next }
		{ bad++; print "    unexpected: " $0 }
		END { exit !(old > 0 && new > 0 && bad == 0) }' "$1"
}

group_reconfig() {
	local ra=$WORK/ra.ini rb=$WORK/rb.ini cap=$WORK/reconfig.pcap
	local frames=$WORK/reconfig.frames n t0 t1a t1 tdown tend g gv cnt a0 b0 arp

	conf_global "$ra"
	conf_port "$ra" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24"
	conf_carp "$ra" carp0 port0 1 1 0 zero-pass "$VIP/24"
	conf_carp "$ra" carp1 port0 2 1 0 one-pass "$VIP1/24"
	conf_global "$rb"
	conf_port "$rb" port0 "$(dev_af_packet b 1 0)" "$ADDR_B/24"
	conf_carp "$rb" carp0 port0 1 1 100 zero-pass "$VIP/24"
	conf_carp "$rb" carp1 port0 2 1 100 one-pass "$VIP1/24"

	capture_start 1 "$cap" || { fail "reconfig: tcpdump did not start"; return; }
	console_start a 0 "$ra"
	check "reconfig: a becomes MASTER of carp0" wait_state 10 a carp0 MASTER
	check "reconfig: a becomes MASTER of carp1" wait_state 2 a carp1 MASTER
	console_start b 1 "$rb"
	check "reconfig: b becomes BACKUP of carp0" wait_state 10 b carp0 BACKUP
	check "reconfig: b becomes BACKUP of carp1" wait_state 2 b carp1 BACKUP
	check "reconfig: b hears a's carp1" \
		tel_until 3 b /carp/vhost,carp1 'v["ipackets"] >= 1'

	# The traffic carp0 must keep answering: 10 ARP requests a second.
	spawn "$WORK/arping.log" "$(ns c)" arping -i "$(if_name c 1)" -W 0.1 \
		-c 400 "$VIP"
	arp=$SPAWNED
	a0=$(carp0_changes a) b0=$(carp0_changes b)
	t0=$EPOCHREALTIME

	# advskew: from a's next advertisement on.
	t1a=$EPOCHREALTIME
	ask a "carp set carp1 advskew 50"
	check "reconfig: advskew 50 accepted" is ""
	t1=$EPOCHREALTIME
	n=$(telq b /carp/vhost,carp1 'v["ipackets"]')
	check "reconfig: b hears a's carp1 after the change" \
		tel_until 3 b /carp/vhost,carp1 "v['ipackets'] > $n"

	# The password, on a then on b: in between b must refuse a's
	# advertisements (the sign that the key changed), then accept them.
	n=$(telq b /carp/vhost,carp1 'v["badauth"]')
	ask a "carp set carp1 pass two-pass"
	check "reconfig: a's new password accepted" is ""
	check "reconfig: b refuses a's advertisements with the new password" \
		tel_until 3 b /carp/vhost,carp1 "v['badauth'] > $n"
	ask b "carp set carp1 pass two-pass"
	check "reconfig: b's new password accepted" is ""
	n=$(telq b /carp/vhost,carp1 '"%d %d" % (v["badauth"], v["ipackets"])')
	check "reconfig: with the password on both, b accepts a's again" \
		tel_until 3 b /carp/vhost,carp1 \
		"v['ipackets'] >= ${n#* } + 2 and v['badauth'] == ${n% *}"

	# An address, on a then on b: it is part of the HMAC, as the password.
	n=$(telq b /carp/vhost,carp1 'v["badauth"]')
	ask a "carp add carp1 address $NET.102"
	check "reconfig: address added on a" is ""
	check "reconfig: b refuses a's advertisements covering the new address" \
		tel_until 3 b /carp/vhost,carp1 "v['badauth'] > $n"
	ask b "carp add carp1 address $NET.102"
	check "reconfig: address added on b" is ""
	n=$(telq b /carp/vhost,carp1 '"%d %d" % (v["badauth"], v["ipackets"])')
	check "reconfig: with the address on both, b accepts a's again" \
		tel_until 3 b /carp/vhost,carp1 \
		"v['ipackets'] >= ${n#* } + 2 and v['badauth'] == ${n% *}"
	ask a "show carp carp1"
	check "reconfig: a's carp1 shows the change" says \
		"carp1: MASTER vhid 2 on port0, advbase 1 advskew 50 (advertised 50), password set" \
		"  addresses: $VIP1/24 $NET.102/24"
	check "reconfig: the new address is answered by vhid 2's MAC" \
		test "$(ip netns exec "$(ns c)" timeout 5 arping -i "$(if_name c 1)" \
			-c 1 -w 2 -r "$NET.102" 2>/dev/null)" = "$(vmac 2)"

	check "reconfig: b's carp1 stayed BACKUP through all that" \
		test "$(grep -c "carp: carp1 vhid 2: " "${CARP_LOG[b]}")" = 1

	# down: a bows out, b takes over at once; up: a comes back as BACKUP.
	tdown=$EPOCHREALTIME
	ask a "carp set carp1 down"
	check "reconfig: down: b's carp1 takes over" wait_state 1 b carp1 MASTER
	check "reconfig: down: a's carp1 stops" \
		grep -q "carp1 vhid 2: MASTER -> INIT (down)" "${CARP_LOG[a]}"
	ask a "carp set carp1 up"
	check "reconfig: up: a's carp1 is BACKUP" wait_state 2 a carp1 BACKUP
	# a MASTER again (forced: a advertises more often than b), then destroyed.
	ask a "carp set carp1 state master"
	check "reconfig: a's carp1 forced MASTER, b's steps down" \
		wait_state 2 b carp1 BACKUP
	ask a "carp destroy carp1"
	check "reconfig: destroy: b's carp1 takes over" wait_state 1 b carp1 MASTER
	check "reconfig: destroy: a's carp1 stops" \
		grep -q "carp1 vhid 2: MASTER -> INIT (destroyed)" "${CARP_LOG[a]}"
	ask a "show carp"
	check "reconfig: a has carp0 only, still MASTER" eval \
		'says "carp0: MASTER vhid 1" && says_not "carp1"'
	ask b "show carp carp1"
	check "reconfig: b's carp1 is MASTER, with the address added" says \
		"carp1: MASTER vhid 2" "  addresses: $VIP1/24 $NET.102/24"
	# One more of carp0's intervals after the last change.
	n=$(telq a /carp/vhost,carp0 'v["opackets"]')
	tel_until 3 a /carp/vhost,carp0 "v['opackets'] >= $n + 2" || true
	tend=$EPOCHREALTIME
	wait_for 3 cap_has_after "$cap" "$tend" || true

	check "reconfig: no carp0 state change on a" test "$(carp0_changes a)" = "$a0"
	check "reconfig: no carp0 state change on b" test "$(carp0_changes b)" = "$b0"
	stop "$arp" INT
	cnt=$(arp_answered "$WORK/arping.log")
	echo "arping $VIP: ${cnt:-no summary} (requests, answered before the last)"
	check "reconfig: every ARP request for $VIP answered (${cnt:-?})" \
		eval '[ -n "$cnt" ] && [ "${cnt% *}" -ge 50 ] && [ "${cnt#* }" = $((${cnt% *} - 1)) ]'
	check "reconfig: only $(vmac 1) answered for $VIP" \
		test "$(sed -n 's/^.* bytes from \([0-9a-f:]\{17\}\) .*$/\1/p' \
			"$WORK/arping.log" | sort -u)" = "$(vmac 1)"

	console a quit || true
	console b quit || true
	check "reconfig: quit ends a" wait_for 5 _not alive "${CARP_JOB[a]}"
	check "reconfig: quit ends b" wait_for 5 _not alive "${CARP_JOB[b]}"
	carp_stop a
	carp_stop b
	console_close a
	console_close b
	capture_stop "$cap"

	carp_frames "$cap" >"$frames"
	g=$(gaps "$frames" "$ADDR_A" 1 "$t0" "$tend")
	echo "carp0 from a during the changes: $g (advertisements, shortest and longest interval)"
	read -ra gv <<<"$g"
	check "reconfig: carp0's advertisements kept their rhythm ($g)" \
		rhythm_ok 8 0.8 1.2 "${gv[@]}"
	check "reconfig: b never advertised carp0" \
		test "$(awk -v b="$ADDR_B" -v e="$tend" '$3 == b && $4 == 1 && $1 < e' "$frames" | wc -l)" = 0
	check "reconfig: a's carp1 advertised advskew 0, then 50 after the change" \
		skews_ok "$frames" "$t1a" "$t1" "$tdown"
	g=$(bowout_takeovers "$frames" | tr '\n' ' ')
	g=${g% }
	echo "b's carp1 advertisements after a's bow-outs: ${g:-none} s"
	read -ra gv <<<"$g"
	check "reconfig: down and destroy each bow out; b advertises within 0.5 s ($g)" \
		within 2 0 0.5 "${gv[@]}"
	check "reconfig: every frame from $(vmac 2) has good checksums" \
		frames_valid "$cap" 2
}

# =============================================================================
# ipv6: IPv6 addresses on the console, in show and in telemetry
# =============================================================================

P6=2001:db8:77

# eui64_ll MAC: the link-local address of a MAC (EUI-64), as inet_ntop
# writes it.
eui64_ll() {
	python3 -c 'import ipaddress, sys
m = [int(x, 16) for x in sys.argv[1].split(":")]
m[0] ^= 2
print(ipaddress.IPv6Address(bytes([0xfe, 0x80] + [0] * 6 + m[:3] + [0xff, 0xfe] + m[3:])))' "$1"
}

# mac_of ROLE SEG: the MAC of ROLE's end of segment SEG (its net_af_packet
# port's).
mac_of() {
	ip -n "$(ns "$1")" -br link show "$(if_name "$1" "$2")" | awk '{ print $3 }'
}

group_ipv6() {
	local conf=$WORK/ipv6.ini ll0 ll1 t
	CMDS=$WORK/ipv6.cmds
	TEL_OUT=$WORK/tel6.out
	: >"$CMDS"
	NCMD=0 IDX=() LINE=()
	conf_global "$conf"
	conf_port "$conf" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24, $P6::a/64"
	conf_port "$conf" port1 "$(dev_af_packet a 2 1)" "$NET2.1/24"
	conf_carp "$conf" carp0 port0 1 1 0 mekmitasdigoat "$VIP/24 $P6::100"
	conf_carp "$conf" carp7 port0 7 1 0 mekmitasdigoat "$P6::7"
	ll0=$(eui64_ll "$(mac_of a 1)")
	ll1=$(eui64_ll "$(mac_of a 2)")

	cmd show0	"show carp"
	cmd create	"carp create carp5 port port0 vhid 5"
	cmd add1	"carp add carp5 address $P6::5"
	cmd add2	"carp add carp5 address $P6::6/80"
	cmd add3	"carp add carp5 address $NET.105"
	cmd showaddr	"show carp carp5"
	cmd e_again	"carp add carp5 address $P6:0::5/64"
	cmd e_ll	"carp add carp5 address fe80::5"
	cmd e_mcast	"carp add carp5 address ff02::5"
	cmd e_mapped	"carp add carp5 address ::ffff:$NET.106"
	cmd e_outside	"carp add carp5 address 2001:db8:78::5"
	cmd e_own	"carp add carp5 address $P6::a"
	cmd e_len0	"carp add carp5 address $P6::7/0"
	cmd e_len129	"carp add carp5 address $P6::7/129"
	cmd e_del	"carp del carp5 address $P6::99"
	cmd e_peer	"carp set carp5 peer $P6::b"
	cmd create6	"carp create carp6 port port1 vhid 9"
	cmd e_noport6	"carp add carp6 address $P6::9"
	cmd showsame	"show carp carp5"
	cmd del1	"carp del carp5 address $P6::6/80"
	cmd del2	"carp del carp5 address $NET.105"
	cmd showdel	"show carp carp5"
	cmd ports	"show port stats"

	carp_start a 1 "$conf" --cmdline-file "$CMDS"
	check "ipv6: the console prompts after each of the $NCMD commands" \
		wait_for 10 prompts_ge a $((NCMD + 1))
	check "ipv6: each command is echoed after the prompt, in order" all_echoed

	of show0
	check "ipv6: show carp: IPv6 addresses after the IPv4 ones, the port's prefix" \
		says_lines "  addresses: $VIP/24 $P6::100/64" "  addresses: $P6::7/64"
	for t in create add1 add2 add3 create6 del1 del2; do
		of "$t"
		check "ipv6: '${LINE[${IDX[$t]}]}': accepted silently" is ""
	done
	of showaddr
	check "ipv6: carp add with and without /len, both families" says_lines \
		"  addresses: $NET.105/24 $P6::5/64 $P6::6/80"
	of e_again;	check "ipv6: an address twice (another spelling) refused" \
				refused "carp5 already has $P6::5"
	of e_ll;	check "ipv6: a link-local address refused" \
				refused "fe80::5/64 is not a global or unique-local unicast address"
	of e_mcast;	check "ipv6: a multicast address refused" \
				refused "ff02::5/64 is not a global or unique-local unicast address"
	of e_mapped;	check "ipv6: an IPv4-mapped address refused" \
				refused "::ffff:$NET.106/64 is not a global or unique-local unicast address"
	of e_outside;	check "ipv6: an address outside the port's prefix refused" \
				refused "2001:db8:78::5 is outside port 0's prefix $P6::a/64"
	of e_own;	check "ipv6: the port's own address refused" \
				refused "$P6::a is port 0's own address"
	of e_len0;	check "ipv6: prefix length 0 refused" \
				refused "$P6::7/0: a prefix length 1..128 is expected"
	of e_len129;	check "ipv6: prefix length 129: Bad arguments" is "Bad arguments"
	of e_del;	check "ipv6: del of an address it lacks refused" \
				refused "carp5 has no address $P6::99"
	of e_peer;	check "ipv6: an IPv6 peer refused" \
				refused "a peer can only be IPv4"
	of e_noport6;	check "ipv6: an IPv6 address on a port without IPv6 refused" \
				refused "$P6::9: port 1 has no IPv6 address"
	of showsame
	check "ipv6: after the refused commands carp5 is unchanged" says_lines \
		"  addresses: $NET.105/24 $P6::5/64 $P6::6/80"
	of showdel
	check "ipv6: del with and without /len: an IPv6 address only" says_lines \
		"  addresses: $P6::5/64"
	of ports
	check "ipv6: show port stats: each port's addresses and link-local address" \
		says_lines "  address $ADDR_A/24, $P6::a/64, link-local $ll0" \
		"  address $NET2.1/24, link-local $ll1"

	if ! tel_many a /carp/vhost,carp5 /carp/vhost,carp7 /carp/ports \
		/carp/summary /carp/vhost,carp0 >"$TEL_OUT"; then
		fail "ipv6: dpdk-telemetry.py -f ${CARP_PREFIX[a]} failed"
	fi
	cut -c 1-160 "$TEL_OUT" | sed 's/^/    /'
	check "ipv6: /carp/vhost,carp5: its IPv6 address, no IPv4 one" \
		tj_is '[v[0][k] for k in ("naddresses", "addresses", "naddresses6", "addresses6")]' \
		"[0, [], 1, ['$P6::5/64']]"
	check "ipv6: /carp/vhost,carp7: an IPv6-only carp interface from the file" \
		tj_is '[v[1][k] for k in ("addresses", "addresses6", "running")]' \
		"[[], ['$P6::7/64'], 1]"
	check "ipv6: /carp/ports: address, address6, link_local" \
		tj_is 'v[2]' "{'port0': {'address': '$ADDR_A/24', 'address6': '$P6::a/64', 'link_local': '$ll0', 'link_up': 1}, 'port1': {'address': '$NET2.1/24', 'link_local': '$ll1', 'link_up': 1}}"
	check "ipv6: /carp/summary: 1 IPv4 and 3 IPv6 addresses" \
		tj_is '[v[3]["addresses"], v[3]["addresses6"]]' "[1, 3]"
	check "ipv6: /carp/vhost,carp0: both families" \
		tj_is '[v[4]["addresses"], v[4]["addresses6"]]' "[['$VIP/24'], ['$P6::100/64']]"
	check "ipv6: carp7 (IPv6 only) becomes MASTER" wait_state 10 a carp7 MASTER
	check "ipv6: carp7 advertises over IPv6 (opackets6)" \
		tel_until 5 a /carp/vhost,carp7 'v["opackets6"] >= 1 and v["opackets"] == 0'
	carp_stop a
	check "ipv6: exit status 0 (status $STATUS)" test "$STATUS" = 0
}

# =============================================================================

need_root
need_tools tcpdump tshark tmux python3 dpdk-telemetry.py arping mkfifo
need_binary

# Segment 1: a, b and client c; segment 2: a's second port.
seg_add 1
seg_add 2
host_link a 1
host_link a 2
host_link b 1
client_add c 1 "$ADDR_C/24"

want file && group_file
want fifo && group_fifo
want telemetry && group_telemetry
want tmux && group_tmux
want reconfig && group_reconfig
want ipv6 && group_ipv6

finish
