#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Conflicts (lib/carp/PROTOCOL.md §4.8), on a MASTER (a, advskew 0) and a
# BACKUP (b, advskew 100) with state hooks:
# - a one-way partition: the switch stops flooding multicast to b, which
#   no longer hears a and becomes MASTER too; a, which still hears b, reports
#   a conflict with b (telemetry and the hook) within 3 s of b's first
#   advertisement, and its end once the partition heals;
# - an address added on a only (SIGHUP): the digests no longer match; b,
#   then a, report an authentication conflict with the other within 3 s
#   of the first advertisement they cannot verify.
#
# usage: bash test/integration/conflict.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WITHIN=3

need_root
need_tools tcpdump tshark bridge dpdk-telemetry.py
need_binary

# The hook: one line per call, the time and its arguments, in ROLE's file.
hook=$WORK/hook.sh
printf '#!/bin/sh\necho "$(date +%%s.%%N) $*" >>"%s/hook-$(basename "$0" .sh).out"\n' "$WORK" >"$hook"
chmod +x "$hook"
cp "$hook" "$WORK/a.sh"
cp "$hook" "$WORK/b.sh"

seg_add 1
host_link a 1
host_link b 1
for r in a b; do
	n=1 skew=$SKEW_A
	[ "$r" = a ] || { n=2 skew=$SKEW_B; }
	conf_global "$WORK/$r.ini" "state_hook=$WORK/$r.sh"
	conf_port "$WORK/$r.ini" port0 "$(dev_af_packet "$r" 1 0)" "$NET.$n/24"
	conf_carp "$WORK/$r.ini" carp0 port0 "$VHID" 1 "$skew" mekmitasdigoat "$VIP/24"
done
cap=$WORK/conflict.pcap
capture_start 1 "$cap" || die "tcpdump did not start"
pair_start || die "a and b did not start as MASTER and BACKUP"

# vh ROLE KEY: KEY of carp0 in ROLE's /carp/vhost.
vh() { json_val "$(tel "$1" /carp/vhost,carp0)" "$2"; }
conflict_is() { [ "$(vh "$1" conflict)" = "$2" ]; }
# hooked ROLE EVENT PEER SINCE: ROLE's hook ran for EVENT with PEER, in any
# state, after SINCE (epoch).
hooked() { hook_time "$@" | has .; }
# hook_time ROLE EVENT PEER SINCE: when it first did.
hook_time() {
	awk -v e="$2" -v p="$3" -v t="$4" -v v="$VHID" '$1 > t &&
		$2 == "carp0" && $3 == v && $5 == e && $6 == p { print $1; exit }' \
		"$WORK/hook-$1.out" 2>/dev/null
}

# first_advert_after SRC EPOCH: the time of SRC's first advertisement
# after EPOCH.
first_advert_after() {
	adverts "$cap" | awk -v s="$1" -v t="$2" '$2 == s && $1 > t { print $1; exit }'
}

# reported DESC ROLE KIND PEER SINCE_SRC T0: ROLE reports a KIND conflict
# with PEER, in telemetry and through its hook, within WITHIN seconds of
# the first advertisement from SINCE_SRC after T0.
reported() {
	local desc=$1 r=$2 kind=$3 peer=$4 src=$5 t0=$6 th ta dt
	check "$desc: $r's hook ran with CONFLICT $peer" \
		wait_for $((WITHIN + 5)) hooked "$r" CONFLICT "$peer" "$t0"
	check "$desc: $r's telemetry: conflict $kind with $peer" \
		eval 'conflict_is "$r" "$kind" && [ "$(vh "$r" conflict_peer)" = "$peer" ]'
	th=$(hook_time "$r" CONFLICT "$peer" "$t0")
	ta=$(first_advert_after "$src" "$t0")
	dt=$(awk -v a="${ta:-0}" -v b="${th:-0}" 'BEGIN { printf "%.3f", b - a }')
	echo "$desc: $r reported $dt s after $src's first advertisement"
	check "$desc: within $WITHIN s ($dt s)" \
		eval '[ -n "$ta" ] && [ -n "$th" ] && fcmp "$dt >= 0 && $dt <= $WITHIN"'
}

# --- a one-way partition ---------------------------------------------------------------
check "no conflict while all is well" \
	eval 'conflict_is a none && [ "$(vh a conflicts)" = 0 ]'
t0=$EPOCHREALTIME
bridge -n "$(ns sw)" link set dev "$(sw_if b 1)" mcast_flood off
check "partition: b stops hearing a and becomes MASTER" wait_state 6 b carp0 MASTER
check "partition: a stays MASTER" state_is a carp0 MASTER
reported "partition" a master "$ADDR_B" "$ADDR_B" "$t0"
check "partition: show carp says so" \
	eval 'tel a /carp/vhost,carp0 | has "\"conflicts\": 1"'

bridge -n "$(ns sw)" link set dev "$(sw_if b 1)" mcast_flood on
check "healed: b hears a again and yields" wait_state 5 b carp0 BACKUP
check "healed: a's conflict ends (hook RESOLVED)" \
	wait_for 8 hooked a RESOLVED "$ADDR_B" "$t0"
check "healed: a's telemetry: no conflict, 1 so far" \
	eval 'conflict_is a none && [ "$(vh a conflicts)" = 1 ]'
check "a changed no state over it" \
	test "$(grep -c "carp: carp0 vhid 1: [A-Z]* -> " "${CARP_LOG[a]}")" = 2

# --- an address on one host only ---------------------------------------------------------
sed -i "s|^address = $VIP/24\$|address = $VIP/24 $NET.101/24|" "$WORK/a.ini"
wait_advert "$cap" "$ADDR_A" 3 || true
t0=$EPOCHREALTIME
kill -HUP "$(proc_of "${CARP_JOB[a]}")"
check "a applies its new address set" \
	wait_for 3 grep -q "reload: 0 carp interface(s) created, 1 changed" "${CARP_LOG[a]}"
# b first: a's advertisements fail b's check from the next one on.
wait_for 8 conflict_is b auth || true
check "mismatch: b cannot verify a and becomes MASTER" wait_state 6 b carp0 MASTER
reported "mismatch" b auth "$ADDR_A" "$ADDR_A" "$t0"
reported "mismatch" a auth "$ADDR_B" "$ADDR_B" "$t0"
check "mismatch: a counts badauth" \
	eval '[ "$(json_val "$(tel a /carp/stats)" badauth)" -ge 2 ]'

capture_stop "$cap"
finish
