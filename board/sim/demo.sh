#!/usr/bin/env bash
# `make demo`: the gateway on a simulated board, a remote PC connecting over IKEv2 with strongSwan, and a LAN host,
# all in network namespaces this script makes and removes.
#
#   remote PC (strongSwan)        WAN router                 gateway (onlan)                       LAN host
#   eth0 198.51.100.2 ──veth── 198.51.100.1 | 203.0.113.2 ──veth── wan0 [203.0.113.1]  [198.18.0.1] lan0 ──veth── eth0 198.18.0.10
#
# The gateway's ports carry no kernel address: onlan answers ARP and ping, runs IKE and ESP itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then echo "make demo needs root (it makes network namespaces and runs strongSwan): sudo make demo"; exit 1; fi
binary=out/linux-x64/onlan
[ "$(uname -m)" = aarch64 ] && binary=out/linux-arm64/onlan
remote=onlan-demo-remote router=onlan-demo-router gw=onlan-demo-gw lan=onlan-demo-lan
work=$(mktemp -d /tmp/onlan-demo.XXXXXX)
pid= charon=

cleanup() {
  [ -n "$charon" ] && kill "$charon" 2>/dev/null || true
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  for ns in $remote $router $gw $lan; do { ip netns pids $ns 2>/dev/null | xargs -r kill -9; } 2>/dev/null || true; ip netns del $ns 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup; work=$(mktemp -d /tmp/onlan-demo.XXXXXX)

for ns in $remote $router $gw $lan; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add eth0 netns $remote type veth peer name up0 netns $router
ip link add down0 netns $router type veth peer name wan0 netns $gw
ip link add lan0 netns $gw type veth peer name eth0 netns $lan
ip -n $remote addr add 198.51.100.2/24 dev eth0; ip -n $remote link set eth0 up
ip -n $remote route add default via 198.51.100.1
ip -n $router addr add 198.51.100.1/24 dev up0; ip -n $router link set up0 up
ip -n $router addr add 203.0.113.2/24 dev down0; ip -n $router link set down0 up
ip netns exec $router sysctl -qw net.ipv4.ip_forward=1
ip -n $lan addr add 198.18.0.10/24 dev eth0; ip -n $lan link set eth0 up
# veth passes TSO/GSO super-packets whole; a real NIC on a wire does not.
for ns in $remote $lan; do ip netns exec $ns ethtool -K eth0 tso off gso off gro off >/dev/null 2>&1 || true; done

# The configuration file is the console's store (commits rewrite it): the gateway gets a copy.
cp board/sim/onlan.conf "$work/onlan.conf"
cli="$binary cli --socket $work/cli.sock"
echo "== gateway: $binary --config $work/onlan.conf --state $work/state --socket $work/cli.sock --board-root board"
ip netns exec $gw "$binary" --config "$work/onlan.conf" --state "$work/state" --socket "$work/cli.sock" --board-root board \
  >"$work/gateway.log" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q "lan: port lan0 up" "$work/gateway.log" && break; sleep 0.1; done
cat "$work/gateway.log"

echo; echo "== remote PC: strongSwan (charon with kernel-libipsec) connects as remote@onlan.test"
mkdir -p "$work/swanctl"/{x509,x509ca,x509ocsp,x509aa,x509ac,x509crl,pubkey,private,rsa,ecdsa,bliss,pkcs8,pkcs12,conf.d}
cat >"$work/strongswan.conf" <<CONF
charon {
  load = random nonce openssl aes sha1 sha2 hmac gcm chapoly curve25519 gmp pem pkcs1 x509 pubkey kdf kernel-libipsec kernel-netlink socket-default vici resolve attr
  plugins {
    vici {
      socket = unix://$work/vici.sock
    }
    resolve {
      file = $work/resolv.conf
    }
  }
  filelog {
    demo {
      path = $work/charon.log
      default = 1
      ike = 2
      cfg = 2
      flush_line = yes
    }
  }
}
CONF
cat >"$work/swanctl/swanctl.conf" <<CONF
connections {
  gw {
    version = 2
    remote_addrs = 203.0.113.1
    vips = 0.0.0.0
    encap = yes
    local {
      auth = psk
      id = remote@onlan.test
    }
    remote {
      auth = psk
      id = gw.onlan.test
    }
    children {
      net {
        remote_ts = 0.0.0.0/0
      }
    }
  }
}
secrets {
  ike-1 {
    id-1 = remote@onlan.test
    id-2 = gw.onlan.test
    secret = "demo pre-shared key"
  }
}
CONF
ip netns exec $remote sh -c "exec env STRONGSWAN_CONF=$work/strongswan.conf unshare --mount --propagation private sh -c 'mount -t tmpfs demo /run && exec /usr/lib/ipsec/charon' >$work/charon.out 2>&1" &
charon=$!
swan() { env STRONGSWAN_CONF="$work/strongswan.conf" SWANCTL_DIR="$work/swanctl" swanctl "$@" --uri "unix://$work/vici.sock"; }
for _ in $(seq 50); do [ -S "$work/vici.sock" ] && break; sleep 0.1; done
swan --load-all >/dev/null
swan --initiate --child net --ike gw | grep -E "established|installed|assigned|failed" || true

echo; echo "== what the remote PC received inside IKE (strongSwan's log)"
grep -E "processing INTERNAL|installing DNS|installing new virtual IP" "$work/charon.log" | sed 's/^.*\] */  /' | awk '!seen[$0]++'
vip=$(swan --list-sas | sed -n 's/.*local .*(\?\(198\.18\.0\.[0-9]*\)\/32.*/\1/p' | head -1)
[ -n "$vip" ] || vip=$(grep -oE "installing new virtual IP 198\.18\.0\.[0-9]+" "$work/charon.log" | awk '{print $NF}' | tail -1)
echo "  address $vip, mask 255.255.255.0 (the LAN's), DNS $(awk '/^nameserver/ {printf "%s ", $2}' "$work/resolv.conf" 2>/dev/null), domain office.onlan.test, lease 3600 s (= the IKE SA lifetime)"
swan --list-sas | sed 's/^/  /'

echo; echo "== remote PC ($vip) pings the LAN host 198.18.0.10 through the tunnel"
ip netns exec $remote ping -c 3 -i 0.2 198.18.0.10
echo; echo "== LAN host pings the remote PC at $vip: no route or setting on it, the gateway answers ARP for that address"
ip netns exec $lan ping -c 3 -i 0.2 "$vip"
ip -n $lan neigh show "$vip"

echo; echo "== the gateway's console: $cli 'show sessions'"
$cli 'show sessions'
echo; echo "== $cli 'show leases'"
$cli 'show leases'
echo; echo "== the board's LEDs (simulated: drawn in the log)"
sleep 0.3; grep -E "board: \[" "$work/gateway.log" | tail -1 | sed 's/^onlan: /  /'
kill -USR1 $pid; sleep 0.3
grep -E "vpn: (counters|tunnel)" "$work/gateway.log" | sed 's/^onlan: /  /'

if [ -t 0 ] && [ "${DEMO_WAIT:-1}" != 0 ]; then
  echo; echo "== up: try 'ip netns exec $remote ping 198.18.0.10' or 'ip netns exec $lan ping $vip' in another shell,"
  echo "   the console with '$cli', the button with 'echo press >> $work/state/board-button' (release: 'echo release >> …';"
  echo "   held 3 s: pool reset), the LEDs with 'tail -f $work/gateway.log | grep board:'; Ctrl-C ends the demo"
  while kill -0 $pid 2>/dev/null; do sleep 1; done
fi
