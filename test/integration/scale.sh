#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Large configurations: two hosts, each with 16 VLAN sub-ports of 255 carp
# interfaces (4,080, advbase 1) and 65,536 virtual addresses among them,
# from test/integration/scale_conf.py: a MASTER of the odd vhids, b of the
# even ones (preempt). Both start; every carp interface takes the state
# its configuration gives it and keeps it (no advertisement missed for a
# master-down interval); ARP for a sample of the addresses is answered, on
# its VLAN, by the host that is MASTER for it.
#
# usage: bash test/integration/scale.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VLANS=16 VHIDS=255 ADDRS=65536
NVH=$((VLANS * VHIDS))
SAMPLE=24

need_root
need_tools python3 dpdk-telemetry.py
need_binary

seg_add 1
host_link a 1
host_link b 1
client_add c 1 "10.99.9.50/24"
python3 "$TOP/test/integration/scale_conf.py" 1 "$(dev_af_packet a 1 0)" \
	$VLANS $VHIDS $ADDRS >"$WORK/a.ini"
python3 "$TOP/test/integration/scale_conf.py" 2 "$(dev_af_packet b 1 0)" \
	$VLANS $VHIDS $ADDRS >"$WORK/b.ini"

summary() { tel "$1" /carp/summary; }
# states ROLE MASTER BACKUP: ROLE's counts of each.
states() {
	local j
	j=$(summary "$1") || return 1
	[ "$(json_val "$j" MASTER)" = "$2" ] && [ "$(json_val "$j" BACKUP)" = "$3" ]
}
transitions() { grep -c "carp: carp[0-9]* vhid [0-9]*: [A-Z]* -> " "${CARP_LOG[$1]}" || true; }

CARP_MEM="--no-huge -m 512" carp_start a 0 "$WORK/a.ini"
check "a starts with all of them" wait_for 20 grep -q "ready: $NVH carp interface(s), $ADDRS address(es)" "${CARP_LOG[a]}"
grep -h "ready:" "${CARP_LOG[a]}" | sed 's/^/a: /'
check "a, alone, becomes MASTER of all $NVH" wait_for 20 states a $NVH 0
CARP_MEM="--no-huge -m 512" carp_start b 1 "$WORK/b.ini"
check "b starts with all of them" wait_for 20 grep -q "ready: $NVH carp interface(s), $ADDRS address(es)" "${CARP_LOG[b]}"
ODD=$((VLANS * ((VHIDS + 1) / 2))) EVEN=$((VLANS * (VHIDS / 2)))
check "b takes the even vhids (preempt): a MASTER of $ODD, b of $EVEN" \
	wait_for 20 eval "states a $ODD $EVEN && states b $EVEN $ODD"
echo "a: $(summary a)"
echo "b: $(summary b)"
ta=$(transitions a) tb=$(transitions b)
check "no state changes for 6 s: every advertisement on time" \
	holds 6 eval '[ "$(transitions a)" = "$ta" ] && [ "$(transitions b)" = "$tb" ]'

# A sample: VLAN v, vhid h, address n of it; a answers odd vhids, b even.
answered() { json_val "$(tel "$1" /arpbal/stats)" answered || echo 0; }
a0=$(answered a) b0=$(answered b) odd=0 even=0 ok=0
for ((i = 0; i < SAMPLE; i++)); do
	v=$((RANDOM % VLANS)) h=$((RANDOM % VHIDS + 1)) n=$((RANDOM % 16 + 1))
	addr=10.$((100 + v)).$h.$n
	got=$(frames_from c vlan "$addr" arp_ok 1 "$(vmac "$h")" \
		$((101 + v))) || got="? ?"
	if [ "$got" = "1 0" ]; then ok=$((ok + 1)); else echo "  $addr (VLAN $((101 + v)), vhid $h): $got"; fi
	if ((h % 2)); then odd=$((odd + 1)); else even=$((even + 1)); fi
done
check "each of $SAMPLE sampled addresses answered once, on its VLAN ($ok)" \
	test "$ok" = $SAMPLE
check "a answered the odd vhids' ($odd: $a0 -> $(answered a)), b the even ones' ($even: $b0 -> $(answered b))" \
	eval '[ $(($(answered a) - a0)) = $odd ] && [ $(($(answered b) - b0)) = $even ]'
carp_stop a TERM
check "a exits with status 0 ($STATUS)" test "$STATUS" = 0
carp_stop b TERM
finish
