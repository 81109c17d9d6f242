#!/usr/bin/env bash
# `make demo`: the gateway on a simulated two-port board, in network namespaces this script makes and removes.
#
#   onlan-demo-wan                 onlan-demo-gw (onlan)                  onlan-demo-lan
#   eth0 203.0.113.2/24 ──veth── wan0 [203.0.113.1]   [198.18.0.1] lan0 ──veth── eth0 198.18.0.10/24
#
# The gateway's ports carry no kernel address: onlan answers ARP and ping itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" = 0 ] || { echo "make demo needs root (network namespaces): sudo make demo"; exit 1; }
binary="out/$(dotnet --info 2>/dev/null | awk '/RID:/ {print $2; exit}')/onlan"
[ -x "$binary" ] || binary=out/linux-x64/onlan
wan=onlan-demo-wan gw=onlan-demo-gw lan=onlan-demo-lan
log=$(mktemp)

cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  for ns in $wan $gw $lan; do ip netns del $ns 2>/dev/null || true; done
  rm -f "$log"
}
trap cleanup EXIT
cleanup

for ns in $wan $gw $lan; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add wan0 netns $gw type veth peer name eth0 netns $wan
ip link add lan0 netns $gw type veth peer name eth0 netns $lan
ip -n $wan addr add 203.0.113.2/24 dev eth0 && ip -n $wan link set eth0 up
ip -n $lan addr add 198.18.0.10/24 dev eth0 && ip -n $lan link set eth0 up

echo "== starting $binary --config board/sim/onlan.conf in $gw"
ip netns exec $gw "$binary" --config board/sim/onlan.conf >"$log" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q "lan: port lan0 up" "$log" && break; sleep 0.1; done
cat "$log"

echo; echo "== lan host 198.18.0.10 pings the gateway's LAN address"
ip netns exec $lan ping -c 3 -i 0.2 198.18.0.1
echo; echo "== wan peer 203.0.113.2 pings the gateway's WAN address"
ip netns exec $wan ping -c 3 -i 0.2 203.0.113.1
echo; echo "== neighbour tables (the gateway's MACs, learned by ARP)"
ip -n $lan neigh show dev eth0
ip -n $wan neigh show dev eth0
echo; echo "== the gateway's ports hold no kernel address:"
ip -n $gw -4 addr show dev lan0; ip -n $gw -4 addr show dev wan0; echo "(none)"

kill -TERM $pid; wait $pid; pid=
echo; echo "== gateway log after SIGTERM (counters per port)"
tail -n 4 "$log"
