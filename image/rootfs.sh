#!/bin/bash
# image/rootfs.sh BOARD TARBALL — the board's Debian root file system as a tarball (mmdebstrap, arm64, bookworm).
#
# What is in it: Debian minbase, systemd, udev, dbus (for logind), libgpiod2 and libssl3 (the gateway's GPIO and
# crypto), the kernel and its initramfs, and for the Pi boards Debian's raspi-firmware with the boot partition's
# contents in /boot/firmware. Not in it: the gateway itself, its unit and the board files (image/build.sh adds those,
# so a new binary does not rebuild this).
#
# The order matters for time and for dpkg:
#   1. mmdebstrap installs everything but the kernel;
#   2. initramfs-tools is told MODULES=list with the board's few modules (the default, MODULES=most, runs depmod
#      and copies hundreds of modules under qemu-user: ~24 min instead of ~3);
#   3. raspi-firmware is installed, then its /etc/default files are written (a package's own configuration files go
#      in after the package, or dpkg stops at a conffile prompt);
#   4. the kernel goes in last, so update-initramfs and raspi-firmware's kernel hooks run once, with that
#      configuration.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

[ $# -eq 2 ] || die "usage: image/rootfs.sh BOARD TARBALL"
BOARD=$1
TARBALL=$2
ROOT=$(cd "$HERE/.." && pwd)
BOARD_DIR=$ROOT/board/$BOARD
IMAGE_CONF=$BOARD_DIR/image.conf
[ -f "$IMAGE_CONF" ] || die "board $BOARD has no image.conf"

export ONLAN_BOOT ONLAN_PACKAGES ONLAN_MODULES ONLAN_CONSOLE ONLAN_CONFIG_TXT ONLAN_CMDLINE
ONLAN_BOOT=$(conf_value "$IMAGE_CONF" boot)
ONLAN_PACKAGES=$(conf_values "$IMAGE_CONF" packages | tr '\n' ' ')
ONLAN_MODULES=$(conf_values "$IMAGE_CONF" initramfs-modules | tr '\n' ' ')
ONLAN_CONSOLE=$(conf_value "$BOARD_DIR/board.conf" console)
ONLAN_CONFIG_TXT=$(conf_values "$IMAGE_CONF" config.txt)
# raspi-firmware's cmdline.txt has root=, console=, rootwait and net.ifnames=0 (interface names as the kernel gives
# them: the profiles say eth0, eth1); added: no IPv6 on the ports (a kernel address would answer neighbour
# discovery beside the gateway) and the root read-only (raspi-firmware writes rw; the last word wins).
ONLAN_CMDLINE="ipv6.disable=1 ro quiet $(conf_values "$IMAGE_CONF" cmdline | tr '\n' ' ')"

case "$ONLAN_BOOT" in
	kernel | raspi-firmware) ;;
	*) die "board/$BOARD/image.conf: boot must be kernel or raspi-firmware, not '$ONLAN_BOOT'" ;;
esac
[ -n "$ONLAN_CONSOLE" ] || die "board/$BOARD/board.conf names no console"

ensure_binfmt
mkdir -p "$(dirname "$TARBALL")"
say "root file system for $BOARD (Debian $SUITE arm64 from $MIRROR)"

sources=(
	"deb $MIRROR $SUITE $COMPONENTS"
	"deb $MIRROR $SUITE-updates $COMPONENTS"
	"deb $SECURITY_MIRROR $SUITE-security $COMPONENTS"
)

mmdebstrap --mode=root --format=tar --arch=arm64 --variant=minbase --quiet \
	--aptopt='Acquire::Retries "3"' \
	--aptopt='APT::Install-Recommends "false"' \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/info/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--include=systemd,systemd-sysv,udev,kmod,dbus,initramfs-tools,libgpiod2,libssl3 \
	--customize-hook="\"$HERE/rootfs-kernel.sh\" \"\$1\"" \
	"$SUITE" "$TARBALL.part" "${sources[@]}"
mv "$TARBALL.part" "$TARBALL"
