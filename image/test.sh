#!/bin/bash
# image/test.sh — `make image-test`: boots the qemu-virt image on an emulated board and checks that it serves.
#
#     ns onlan-img-wan                       ns onlan-img-board                          ns onlan-img-lan
#   remote PC: strongSwan client    qemu-system-aarch64 -M virt, cortex-a72          LAN host
#   olwan 203.0.113.2/24 ── tap ── virtio eth0 (WAN)   [onlan]   virtio eth1 (LAN) ── tap ── ollan 198.18.0.10/24
#                                  203.0.113.1/24  (set over the serial CLI)  198.18.0.1/24
#
#   serial (ttyAMA0, the gateway's CLI) ── unix socket ── console.py serial: reads it continuously into
#                                                          serial.log, types the lines written to its FIFO
#   monitor ── unix socket ── console.py monitor: system_powerdown = PL061 line 3 = the board's button
#   -trace 'pl061_*' ── qemu.log: the LED lines as the gateway drives them
#
# The image is not changed: the disk is opened with snapshot=on (writes go to a temporary file). Each check has a
# hard timeout; the namespaces, QEMU, charon and the helper are removed whatever happens. Logs stay in
# out/image-test/. The last line is "N passed, N failed"; the exit code is 0 only when nothing failed.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=${OUT:-$ROOT/out}
IMG=$OUT/onlan-qemu-virt.img
W=$OUT/image-test
NS_WAN=onlan-img-wan NS_LAN=onlan-img-lan NS_BOARD=onlan-img-board
WAN_GW=203.0.113.1 WAN_PC=203.0.113.2 LAN_GW=198.18.0.1 LAN_HOST=198.18.0.10
PSK="image-test secret 8c1f"
PYTHON=/usr/bin/python3

passed=0 failed=0
T0=$SECONDS
pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; }
note() { echo "      $*"; }

[ "$(id -u)" = 0 ] || { echo "image-test: needs root (network namespaces, taps)"; echo "0 passed, 1 failed"; exit 1; }

# wait_until SECONDS COMMAND…: true as soon as COMMAND succeeds, false when SECONDS pass first.
wait_until() {
	local limit=$1
	shift
	local end=$((SECONDS + limit))
	while ! "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.5
	done
}

# The serial console: what it printed since byte offset $mark, and typing lines into it.
mark=0
mark_serial() { mark=$(stat -c %s "$W/serial.log" 2>/dev/null || echo 0); }
serial_since_mark() { tail -c +$((mark + 1)) "$W/serial.log" | tr -d '\r'; }
serial_has() { serial_since_mark | grep -aqE -- "$1"; }
type_lines() { printf '%s\n' "$@" > "$W/serial.fifo"; }
monitor() { timeout 10 "$PYTHON" "$HERE/console.py" monitor "$W/monitor.sock" "$1"; }

qemu_pid="" helper_pid="" charon_pid=""
cleanup() {
	set +e
	[ -z "$charon_pid" ] || kill "$charon_pid" 2>/dev/null
	if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
		kill "$qemu_pid" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$qemu_pid" 2>/dev/null || break; sleep 0.5; done
		kill -9 "$qemu_pid" 2>/dev/null
	fi
	[ -z "$helper_pid" ] || kill "$helper_pid" 2>/dev/null
	# Anything still running in our namespaces was started by this test (charon under unshare, ping).
	for ns in $NS_WAN $NS_LAN $NS_BOARD; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
		ip netns del "$ns" 2>/dev/null
	done
	wait 2>/dev/null
}
trap cleanup EXIT
trap 'echo "image-test: interrupted"; echo "$passed passed, $((failed + 1)) failed"; exit 130' INT TERM

# 0. The image (built when missing or older than the arm64 binary, so `make test` never boots a stale gateway;
# `make image BOARD=qemu-virt` rebuilds it) and a clean start.
if [ ! -f "$IMG" ] || [ "$OUT/linux-arm64/onlan" -nt "$IMG" ]; then
	echo "image-test: $IMG missing or older than $OUT/linux-arm64/onlan; building it"
	IMAGE_XZ=0 "$HERE/build.sh" qemu-virt "$OUT" || { fail "image build"; echo "$passed passed, $failed failed"; exit 1; }
fi
for tool in qemu-system-aarch64 mcopy sfdisk charon-cmd swanctl; do
	command -v $tool >/dev/null || [ -x /usr/lib/ipsec/charon ] || { echo "image-test: $tool missing (make image-test installs it)"; }
done
cleanup
trap cleanup EXIT
rm -rf "$W"
mkdir -p "$W"
mkfifo "$W/serial.fifo"

# 1. Kernel, initrd and command line from the image's boot partition (partition 1), as a boot loader would take them.
boot_start=$(sfdisk --json "$IMG" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["partitiontable"]["partitions"][0]["start"])')
for f in vmlinuz initrd.img cmdline.txt; do
	mcopy -n -i "$IMG@@$((boot_start * 512))" "::$f" "$W/$f" || { fail "boot partition has $f"; echo "$passed passed, $failed failed"; exit 1; }
done
cmdline=$(cat "$W/cmdline.txt")

# 2. The namespaces and the board.
ip netns add $NS_WAN && ip netns add $NS_LAN && ip netns add $NS_BOARD || { fail "network namespaces"; echo "$passed passed, $failed failed"; exit 1; }
ip -n $NS_BOARD tuntap add dev olwan mode tap
ip -n $NS_BOARD tuntap add dev ollan mode tap
ip -n $NS_BOARD link set olwan up
ip -n $NS_BOARD link set ollan up
ip netns exec $NS_BOARD qemu-system-aarch64 \
	-M virt -cpu cortex-a72 -smp 2 -m 512 -no-reboot -display none -nodefaults \
	-kernel "$W/vmlinuz" -initrd "$W/initrd.img" -append "$cmdline" \
	-drive if=none,id=disk,file="$IMG",format=raw,snapshot=on -device virtio-blk-pci,drive=disk \
	-netdev tap,id=wan,ifname=olwan,script=no,downscript=no -device virtio-net-pci,netdev=wan,mac=52:54:00:4f:4c:01,romfile= \
	-netdev tap,id=lan,ifname=ollan,script=no,downscript=no -device virtio-net-pci,netdev=lan,mac=52:54:00:4f:4c:02,romfile= \
	-chardev socket,id=serial,path="$W/serial.sock",server=on,wait=on -serial chardev:serial \
	-chardev socket,id=mon,path="$W/monitor.sock",server=on,wait=off -mon chardev=mon,mode=readline \
	-trace 'pl061_*' -D "$W/qemu.log" \
	>"$W/qemu.out" 2>&1 &
qemu_pid=$!
"$PYTHON" "$HERE/console.py" serial "$W/serial.sock" "$W/serial.log" "$W/serial.fifo" &
helper_pid=$!
disown $helper_pid
# Keep the FIFO open for writing in between, so the helper's reader never sees end-of-file mid-test.
exec 9<>"$W/serial.fifo"
boot_t0=$SECONDS
# The taps move to the hosts' namespaces once QEMU holds them (a tap has carrier while a process has it open; QEMU
# opens them after the serial helper has connected).
tap_attached() { [ "$(ip netns exec $NS_BOARD cat /sys/class/net/$1/carrier 2>/dev/null)" = 1 ]; }
if ! wait_until 20 tap_attached olwan || ! wait_until 5 tap_attached ollan; then
	fail "QEMU did not open its taps within 25 s ($(tail -n 2 "$W/qemu.out"))"
	echo "$passed passed, $failed failed"
	exit 1
fi
ip -n $NS_BOARD link set olwan netns $NS_WAN
ip -n $NS_BOARD link set ollan netns $NS_LAN
ip -n $NS_WAN addr add $WAN_PC/24 dev olwan
ip -n $NS_LAN addr add $LAN_HOST/24 dev ollan
for ns in $NS_WAN $NS_LAN; do ip -n $ns link set lo up; done
ip -n $NS_WAN link set olwan up
ip -n $NS_LAN link set ollan up

# 3. The gateway's start line on the serial console: the CLI's greeting, which the gateway writes when it is up.
if wait_until 120 serial_has "OnLan onlan [0-9.]+ .*Type '\?' for help"; then
	pass "start line on the serial console after $((SECONDS - boot_t0)) s (boot to the gateway's CLI)"
	boot_ok=1
else
	fail "no start line on the serial console within 120 s (see $W/serial.log)"
	boot_ok=0
	kill -0 "$qemu_pid" 2>/dev/null || note "qemu exited: $(tail -n 3 "$W/qemu.out")"
	tail -n 5 "$W/serial.log" 2>/dev/null | tr -d '\r' | while read -r l; do note "serial: $l"; done
fi

if [ $boot_ok = 1 ]; then
	# 4. The serial CLI answers.
	mark_serial
	type_lines "show status"
	if wait_until 20 serial_has "Hostname +onlan" && wait_until 5 serial_has "Attention +"; then
		pass "serial CLI answers 'show status' (hostname onlan)"
	else
		fail "serial CLI did not answer 'show status' within 25 s"
	fi

	# 5. Out of the box the LAN is 192.168.1.1/24 and the WAN asks DHCP: the test network is set over the console,
	#    as an administrator would, with a VPN user.
	mark_serial
	type_lines "configure" \
		"set interfaces wan address $WAN_GW/24" \
		"set interfaces lan address $LAN_GW/24" \
		"delete service dhcp-server" \
		"set service dhcp-server range 198.18.0.100-198.18.0.149" \
		"set vpn local-id $WAN_GW" \
		"set vpn pool range 198.18.0.200-198.18.0.220" \
		"set vpn user client@example.net psk \"$PSK\"" \
		"commit" \
		"exit"
	if wait_until 60 serial_has "onlan> $"; then
		if serial_has "error"; then
			fail "configuration over the serial CLI refused: $(serial_since_mark | grep -a error | head -n 3)"
		else
			pass "configuration committed over the serial CLI"
		fi
	else
		fail "no prompt back after commit within 60 s"
	fi

	# 6. A LAN host pings the gateway's LAN address.
	if wait_until 60 ip netns exec $NS_LAN ping -c 1 -W 1 $LAN_GW; then
		pass "LAN host pings the gateway's LAN address $LAN_GW"
	else
		fail "LAN host cannot ping $LAN_GW within 60 s"
	fi

	# 7. A remote PC (strongSwan, kernel-libipsec, in a private mount namespace) connects over the WAN, gets an
	#    address of the LAN segment, and pings the LAN host through the tunnel.
	S=$W/swan
	mkdir -p "$S/swanctl"
	for d in x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private rsa ecdsa bliss pkcs8 pkcs12; do mkdir -p "$S/swanctl/$d"; done
	cat > "$S/strongswan.conf" <<EOF
charon {
  load = random nonce openssl aes sha1 sha2 hmac gcm chapoly curve25519 gmp mgf1 pem pkcs1 pkcs8 x509 pubkey revocation constraints kdf kernel-libipsec kernel-netlink socket-default vici resolve attr
  retransmit_tries = 8
  retransmit_timeout = 4.0
  filelog {
    test {
      path = $S/charon.log
      time_format = %T
      flush_line = yes
      default = 1
      ike = 2
      cfg = 2
    }
  }
  plugins {
    vici { socket = unix://$S/vici.sock }
    resolve { file = $S/resolv.conf }
  }
}
EOF
	cat > "$S/swanctl/swanctl.conf" <<EOF
connections {
  gateway {
    version = 2
    local_addrs = $WAN_PC
    remote_addrs = $WAN_GW
    proposals = aes256gcm16-prfsha256-x25519
    vips = 0.0.0.0
    local { id = client@example.net
            auth = psk }
    remote { id = %any
             auth = psk }
    children {
      lan {
        remote_ts = 198.18.0.0/24
        esp_proposals = aes256gcm16
      }
    }
  }
}
secrets {
  ike-client { id = client@example.net
               secret = "$PSK" }
}
EOF
	swanctl_() { STRONGSWAN_CONF=$S/strongswan.conf SWANCTL_DIR=$S/swanctl swanctl "$@" --uri "unix://$S/vici.sock"; }
	ip netns exec $NS_WAN env STRONGSWAN_CONF="$S/strongswan.conf" \
		unshare --mount --propagation private sh -c 'mount -t tmpfs onlan-img /run && exec /usr/lib/ipsec/charon' \
		>"$S/charon.out" 2>&1 &
	charon_pid=$!
	disown $charon_pid
	vip=""
	if wait_until 20 swanctl_ --stats && swanctl_ --load-all >"$S/load.out" 2>&1; then
		timeout 90 env STRONGSWAN_CONF="$S/strongswan.conf" swanctl --initiate --child lan --timeout 80 \
			--uri "unix://$S/vici.sock" >"$S/initiate.out" 2>&1
		vip=$(swanctl_ --list-sas --raw 2>/dev/null | sed -n 's/.*local-vips=\[\([^] ]*\).*/\1/p' | head -n1)
	fi
	case "$vip" in
		198.18.0.2[01][0-9] | 198.18.0.220)
			pass "strongSwan client got the LAN-segment address $vip over IKEv2"
			if wait_until 30 ip netns exec $NS_WAN ping -c 1 -W 2 $LAN_HOST; then
				pass "remote PC pings the LAN host $LAN_HOST through the tunnel"
			else
				fail "remote PC cannot ping $LAN_HOST through the tunnel within 30 s"
			fi
			;;
		*)
			fail "strongSwan client got no LAN-segment address (got '${vip}'; see $S/charon.log, $S/initiate.out)"
			fail "remote PC pings the LAN host (no tunnel)"
			;;
	esac

	# 8. The button: system_powerdown raises PL061 line 3, gpio-keys reports KEY_POWER, the gateway's button
	#    handling sees a short press (logind is told to ignore the power key, so the board stays up).
	monitor system_powerdown >/dev/null
	sleep 2
	mark_serial
	type_lines "show log 40"
	if wait_until 20 serial_has "board: button pressed"; then
		pass "system_powerdown (PL061 line 3) reaches the gateway's button handling"
	else
		fail "the gateway did not report the button within 20 s of system_powerdown"
		serial_since_mark | grep -a "board:" | head -n 5 | while read -r l; do note "$l"; done
	fi

	# 9. The kernel's own stack is kept off both ports on the board's kernel too (IPv6 off, the ingress drop filter
	#    loaded as a module on demand): the gateway says so in each port's start line.
	mark_serial
	type_lines "show log 200"
	if wait_until 20 serial_has "wan: port eth0 up, .*kernel stack off" && wait_until 5 serial_has "lan: port eth1 up, .*kernel stack off"; then
		pass "the kernel's IP stack is kept off both ports (IPv6 off, ingress drop filter)"
	else
		fail "a port's start line does not say 'kernel stack off'"
		serial_since_mark | grep -a -E "port eth[01] up|kernel" | head -n 4 | while read -r l; do note "$l"; done
	fi

	# 10. The LEDs: QEMU's pl061 trace shows the gateway driving the lines ("setting output N to V"): the power LED's
	#    heartbeat on line 0 goes on and off again and again; the VPN LED, line 2, was lit while the tunnel was up.
	led() { grep -ac "pl061_set_output .* setting output $1 to $2\$" "$W/qemu.log"; }
	if [ "$(led 0 1)" -ge 2 ] && [ "$(led 0 0)" -ge 3 ]; then
		pass "power LED (PL061 line 0) toggles: on $(led 0 1) times, off $(led 0 0) times in QEMU's pl061 trace"
	else
		fail "power LED (PL061 line 0) did not toggle in QEMU's pl061 trace (on $(led 0 1), off $(led 0 0); $W/qemu.log)"
	fi
	if [ -n "$vip" ]; then
		if [ "$(led 2 1)" -ge 1 ]; then pass "VPN LED (PL061 line 2) lit while the tunnel was up"; else fail "VPN LED (PL061 line 2) never lit"; fi
	fi

	# 11. poweroff from the serial CLI: systemd stops everything and QEMU ends with code 0.
	type_lines "poweroff confirm"
	if wait_until 90 bash -c "! kill -0 $qemu_pid 2>/dev/null"; then
		wait "$qemu_pid"
		code=$?
		qemu_pid=""
		if [ $code = 0 ]; then pass "poweroff ends QEMU with code 0"; else fail "QEMU ended with code $code after poweroff"; fi
	else
		fail "QEMU still running 90 s after poweroff"
	fi
else
	for check in "serial CLI answers 'show status'" "configuration over the serial CLI" "LAN host pings the gateway" \
		"strongSwan client gets a LAN-segment address" "remote PC pings the LAN host" "button handling" \
		"kernel's IP stack kept off both ports" "power LED toggles" \
		"poweroff ends QEMU with code 0"; do
		fail "$check: not run (the board did not come up)"
	done
fi

echo "image-test: $((SECONDS - T0)) s in all; logs in $W"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
