#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# ucarp as the peer of dpdk-carp on one segment (vhid 7, one address):
#  (a) ucarp MASTER (advskew 0), dpdk-carp BACKUP (advskew 100): dpdk-carp
#      stays BACKUP while ucarp runs, and takes over when ucarp is killed;
#  (b) dpdk-carp MASTER, ucarp BACKUP: ucarp stays backup while dpdk-carp
#      runs, and becomes master when dpdk-carp stops (SIGTERM, bow-out);
#  (c) preemption: ucarp MASTER with advskew 100, then dpdk-carp with
#      advskew 0 and preempt = 1 takes over at ucarp's next advertisement,
#      and ucarp goes backup;
#  (e) ucarp --nomcast (advertisements to the broadcast MAC) as the peer.
# In every case ucarp rejects nothing dpdk-carp sends (no "Bad digest",
# "Bad TTL", ... in its output), dpdk-carp rejects nothing ucarp sends, and
# tshark finds every CARP frame dpdk-carp sent well formed. A control, (d),
# gives ucarp another password: then both must complain.
#
# usage: bash test/integration/ucarp.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

V=7 PASS=mekmitasdigoat
ADDR_D=$NET.1 ADDR_U=$NET.3
# ucarp_start SKEW [ARG...]: ucarp on u's interface to segment 1.
ucarp_start() {
	ucarp_run "$(if_name u 1)" "$ADDR_U" "$VIP" $V $PASS "$@"
}

# carp_conf SKEW PREEMPT: $WORK/d.ini for dpdk-carp in namespace d.
carp_conf() {
	conf_global "$WORK/d.ini" preempt="$2"
	conf_port "$WORK/d.ini" port0 "$(dev_af_packet d 1 0)" "$ADDR_D/24"
	conf_carp "$WORK/d.ini" carp0 port0 $V 1 "$1" $PASS "$VIP/24"
}

quiet() { ucarp_quiet d; }

need_root
need_tools ucarp tcpdump tshark
need_binary

seg_add 1
host_link d 1
client_add u 1 "$ADDR_U/24"
cap=$WORK/ucarp.pcap
capture_start 1 "$cap" || die "tcpdump did not start"

echo "# (a) ucarp MASTER, dpdk-carp BACKUP"
ucarp_start 0
check "(a) ucarp becomes master" wait_for 10 ucarp_is up
carp_conf 100 0
carp_start d 0 "$WORK/d.ini"
check "(a) dpdk-carp becomes BACKUP" wait_state 10 d carp0 BACKUP
check "(a) dpdk-carp stays BACKUP for 5 s while ucarp advertises" \
	holds 5 state_is d carp0 BACKUP
stop "$UJOB" TERM
check "(a) dpdk-carp becomes MASTER when ucarp stops" \
	wait_state 6 d carp0 MASTER
check "(a) neither ucarp nor dpdk-carp rejected an advertisement" quiet
carp_stop d TERM

echo "# (b) dpdk-carp MASTER, ucarp BACKUP"
carp_conf 0 0
carp_start d 0 "$WORK/d.ini"
check "(b) dpdk-carp becomes MASTER" wait_state 10 d carp0 MASTER
ucarp_start 100
check "(b) ucarp starts as backup" wait_for 5 ucarp_is down
check "(b) ucarp stays backup for 5 s while dpdk-carp advertises" \
	holds 5 ucarp_is down
carp_stop d TERM
check "(b) ucarp becomes master after dpdk-carp's bow-out" \
	wait_for $UCARP_TAKEOVER ucarp_is up
check "(b) neither ucarp nor dpdk-carp rejected an advertisement" quiet
stop "$UJOB" TERM

echo "# (c) dpdk-carp (advskew 0, preempt = 1) preempts ucarp (advskew 100)"
ucarp_start 100 --preempt
check "(c) ucarp becomes master" wait_for 10 ucarp_is up
carp_conf 0 1
carp_start d 0 "$WORK/d.ini"
check "(c) dpdk-carp becomes BACKUP" wait_state 10 d carp0 BACKUP
# ucarp advertises every 1.39 s: preemption comes at its next advertisement,
# before dpdk-carp's own master-down time (3 s) could make it MASTER.
check "(c) dpdk-carp becomes MASTER within 2.5 s" wait_state 2.5 d carp0 MASTER
check "(c) dpdk-carp took over by preemption, not by timeout" \
	grep -q "BACKUP -> MASTER ($ADDR_U advertised)" "${CARP_LOG[d]}"
check "(c) ucarp goes backup" wait_for 3 ucarp_is down
check "(c) both keep their roles for 3 s" \
	holds 3 eval 'state_is d carp0 MASTER && ucarp_is down'
check "(c) neither ucarp nor dpdk-carp rejected an advertisement" quiet
carp_stop d TERM
stop "$UJOB" TERM

# The control: with different passwords each side must complain, which
# shows that the checks of "rejected nothing" above can fail.
echo "# (d) control: a wrong password is reported by both"
carp_conf 0 0
carp_start d 0 "$WORK/d.ini"
check "(d) dpdk-carp becomes MASTER" wait_state 10 d carp0 MASTER
ucarp_start 100 --pass=not-the-password
check "(d) ucarp reports a bad digest" wait_for 5 grep -q "Bad digest" "$ULOG"
check "(d) dpdk-carp reports bad authentication (when ucarp advertises)" \
	wait_for 8 grep -q "badauth" "${CARP_LOG[d]}"
carp_stop d TERM
stop "$UJOB" TERM

# ucarp --nomcast: advertisements to the broadcast MAC (224.0.0.18 still).
echo "# (e) ucarp --nomcast MASTER, dpdk-carp BACKUP"
ucarp_start 0 --nomcast
check "(e) ucarp --nomcast becomes master" wait_for 10 ucarp_is up
carp_conf 100 0
carp_start d 0 "$WORK/d.ini"
check "(e) dpdk-carp hears its broadcast advertisements: BACKUP for 4 s" \
	eval 'wait_state 10 d carp0 BACKUP && holds 4 state_is d carp0 BACKUP'
stop "$UJOB" TERM
check "(e) dpdk-carp takes over when it stops" wait_state 6 d carp0 MASTER
check "(e) neither rejected an advertisement" quiet
carp_stop d TERM

capture_stop "$cap"
check "tshark finds every CARP frame of dpdk-carp well formed" \
	frames_valid "$cap" $V
echo "(${VALID_FRAMES:-0} frames from $(vmac $V) checked)"

finish
