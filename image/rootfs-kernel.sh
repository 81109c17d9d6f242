#!/bin/bash
# mmdebstrap's customize hook of image/rootfs.sh: $1 is the new root. Steps 2-4 of rootfs.sh's comment (initramfs
# module list, raspi-firmware and its settings, then the kernel), with the board's data in ONLAN_* variables.
set -euo pipefail
R=$1
in_root() { chroot "$R" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }
install() { in_root apt-get -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confold -y -q install "$@" >/dev/null; }

# 2. The initramfs: only the modules the board needs to find its root (the rest load from the root later).
mkdir -p "$R/etc/initramfs-tools/conf.d"
cat > "$R/etc/initramfs-tools/conf.d/onlan.conf" <<'EOF'
# OnLan image: only the modules in /etc/initramfs-tools/modules (MODULES=most under qemu-user takes ~8x longer and
# makes a 30 MB initrd for a board that boots from one device).
MODULES=list
COMPRESS=gzip
EOF
{
	echo "# OnLan image: what the initramfs needs to mount the root file system on this board."
	for m in $ONLAN_MODULES; do echo "$m"; done
} > "$R/etc/initramfs-tools/modules"

# 3. The Pi's boot firmware and the files it generates config.txt and cmdline.txt from.
if [ "$ONLAN_BOOT" = raspi-firmware ]; then
	install raspi-firmware
	cat > "$R/etc/default/raspi-firmware" <<EOF
# OnLan image (written by image/rootfs-kernel.sh after raspi-firmware was installed).
# The root is found by its label (partition 2 of the SD card or eMMC, whatever the device is called).
ROOTPART=LABEL=onlan-root
# The serial console: the board profile's console line, 115200 baud. No tty0: the board has no screen, and the
# gateway's console is this serial port.
CONSOLES="$ONLAN_CONSOLE,115200"
KERNEL_ARCH=arm64
CMA=64M
EOF
	printf '%s\n' "# OnLan image: config.txt lines of board/<name>/image.conf." "$ONLAN_CONFIG_TXT" > "$R/etc/default/raspi-firmware-custom"
	echo "$ONLAN_CMDLINE" > "$R/etc/default/raspi-extra-cmdline"
fi

# 4. The kernel, last: its postinst runs update-initramfs (and raspi-firmware's hooks) once, with all of the above.
# shellcheck disable=SC2086
install linux-image-arm64 $ONLAN_PACKAGES

# The image keeps no package lists or downloaded packages.
in_root apt-get clean
