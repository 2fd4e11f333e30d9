#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# MLD (lib/carp/PROTOCOL.md §10.5): on a bridge that snoops MLD, has a
# querier and floods no multicast its ports did not report, IPv6 CARP
# works only if dpdk-carp reports ff02::12 and the solicited-node groups.
# Routers a (advskew 0) and b (advskew 100) share carp0, an IPv6-only
# vhost: b must hear a's advertisements to ff02::12 and stay BACKUP, and
# client c must reach a's neighbour solicitation answer through the
# solicited-node group of the virtual address. The bridge's group table
# shows what each reported.
#
# usage: bash test/integration/mld.sh [BUILD_DIR]

# shellcheck source=test/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_root
need_binary
need_tools ping bridge

P6=2001:db8:99:1
A6=$P6::1 B6=$P6::2 C6=$P6::50 VIP6=$P6::100
VMAC=$(vmac "$VHID")

seg_add 1
host_link a 1
host_link b 1
client_add c 1 "$ADDR_C/24"
br=$(br_name 1)
# The switch: snooping, no flooding of unreported groups, and a querier
# (from the bridge's link-local address, so IPv6 on there; until a querier
# has spoken, a Linux bridge floods, which here is to nobody). Queries
# every 10 s: between them, only the reports a router sends unasked tell
# the bridge where its groups are.
ip netns exec "$(ns sw)" sysctl -qw "net.ipv6.conf.$br.disable_ipv6=0"
for p in "$(sw_if a 1)" "$(sw_if b 1)" "$(sw_if c 1)"; do
	bridge -n "$(ns sw)" link set dev "$p" mcast_flood off
done
bridge_ll() {
	ip -n "$(ns sw)" -6 addr show dev "$br" | has 'scope link' &&
		! ip -n "$(ns sw)" -6 addr show dev "$br" | has tentative
}
wait_for 5 bridge_ll || die "the bridge got no link-local address"
# A Linux bridge that becomes querier filters only once a query response
# interval has passed (1 s: set first, the querier reads it when it
# starts); nothing of ours to poll.
ip -n "$(ns sw)" link set "$br" type bridge mcast_snooping 1 \
	mcast_query_interval 1000 mcast_startup_query_interval 50 \
	mcast_query_response_interval 100
ip -n "$(ns sw)" link set "$br" type bridge mcast_querier 1
sleep 1.5
ip netns exec "$(ns c)" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
	net.ipv6.conf.default.disable_ipv6=0 \
	"net.ipv6.conf.$(if_name c 1).disable_ipv6=0"
ip -n "$(ns c)" addr add "$C6/64" dev "$(if_name c 1)" nodad

for h in a b; do conf_global "$WORK/$h.ini"; done
conf_port "$WORK/a.ini" port0 "$(dev_af_packet a 1 0)" "$ADDR_A/24, $A6/64"
conf_port "$WORK/b.ini" port0 "$(dev_af_packet b 1 0)" "$ADDR_B/24, $B6/64"
conf_carp "$WORK/a.ini" carp0 port0 "$VHID" 1 "$SKEW_A" mekmitasdigoat "$VIP6/64"
conf_carp "$WORK/b.ini" carp0 port0 "$VHID" 1 "$SKEW_B" mekmitasdigoat "$VIP6/64"

# mdb_has PORT GROUP: the bridge has learnt GROUP on switch port PORT.
mdb_has() {
	bridge -n "$(ns sw)" mdb show dev "$br" | has -E "port $1 grp $2( |$)"
}

pair_start || die "a is not MASTER, or b not BACKUP"
check "the bridge learns ff02::12 on a's port" wait_for 5 mdb_has "$(sw_if a 1)" ff02::12
check "... and on b's" wait_for 5 mdb_has "$(sw_if b 1)" ff02::12
check "... and the solicited-node group of $VIP6 on a's and b's" \
	wait_for 5 eval 'mdb_has "$(sw_if a 1)" ff02::1:ff00:100 && mdb_has "$(sw_if b 1)" ff02::1:ff00:100'
# b keeps hearing a through the snooping switch: 8 s, over several query
# rounds (each asks the ports to report again).
sleep_polls=0
steady() { state_is b carp0 BACKUP && state_is a carp0 MASTER; }
for _ in $(seq 40); do steady || break; sleep_polls=$((sleep_polls + 1)); sleep 0.2; done
check "b stays BACKUP and a MASTER over 8 s of query rounds" test "$sleep_polls" = 40
in6=$(json_val "$(tel b /carp/vhost,carp0)" ipackets6)
check "b counts IPv6 advertisements ($in6)" fcmp "$in6 >= 6"
# All of them but the first come from the source b heard last: its
# workers queue them ahead of the rest (app/datapath/adv_known.h).
known=$(json_val "$(tel b /carp/workers)" carp_known)
check "b queued a's IPv6 advertisements as from the source last heard ($known of $in6)" \
	eval '[ "$known" -ge $((in6 - 2)) ] && [ "$known" -le $((in6 + 1)) ]'
check "c pings $VIP6 through the snooping switch" \
	ip netns exec "$(ns c)" timeout 10 ping -6 -n -c 3 -i 0.2 -W 1 "$VIP6"
check "c resolved it to $VMAC" test "$(neigh_mac c "$VIP6")" = "$VMAC"

finish
