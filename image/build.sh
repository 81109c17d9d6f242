#!/bin/bash
# image/build.sh BOARD [OUT] — out/onlan-BOARD.img.xz, the SD-card image of one board (`make image BOARD=…`).
#
#   MiB 4-260     p1  FAT32 "ONLAN-BOOT"  /boot/firmware, read-only   boot firmware, config.txt, cmdline.txt, kernel, initrd
#   MiB 260-1284  p2  ext4  "onlan-root"  /, read-only                Debian bookworm arm64, onlan, the board profile
#   MiB 1284-1348 p3  ext4  "onlan-data"  /var/lib/onlan, read-write  onlan.conf (+ history), leases, pki/
#
# No mounts and no loop devices: each file system is made from a directory (mkfs.vfat -C + mcopy, mke2fs -d), the
# partition table with sfdisk on the image file, and the file systems copied in with dd. The root file system
# tarball (image/rootfs.sh, minutes) is cached in OUT/cache under a hash of what went into it; everything after it
# (seconds) is done again on each run, so a new onlan binary or board profile needs no new tarball.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
ROOT=$(cd "$HERE/.." && pwd)

[ $# -ge 1 ] || die "usage: image/build.sh BOARD [OUT]"
BOARD=$1
OUT=$(mkdir -p "${2:-$ROOT/out}" && cd "${2:-$ROOT/out}" && pwd)
BOARD_DIR=$ROOT/board/$BOARD
[ -f "$BOARD_DIR/board.conf" ] || die "no board profile board/$BOARD/board.conf (boards: $(cd "$ROOT/board" && ls -d */ | tr -d / | tr '\n' ' '))"
[ -f "$BOARD_DIR/image.conf" ] || die "board $BOARD has no image.conf: no image for it (see README: Flashing the image)"
[ "$(id -u)" = 0 ] || die "needs root (mmdebstrap --mode=root, and file ownership in the image)"

BINARY=${ONLAN_BINARY:-$OUT/linux-arm64/onlan}
CONSOLE=$(conf_value "$BOARD_DIR/board.conf" console)
BOOT_KIND=$(conf_value "$BOARD_DIR/image.conf" boot)
BOOT_MIB=256
ROOT_MIB=1024
DATA_MIB=64
OFFSET_MIB=4

t0=$SECONDS

# 1. The gateway's arm64 binary: published when missing or older than the sources.
if [ ! -x "$BINARY" ] || [ -n "$(find "$ROOT/src" \( -name obj -o -name bin \) -prune -o \( -name '*.cs' -o -name '*.csproj' \) -newer "$BINARY" -print -quit)" ]; then
	say "publishing $BINARY (NativeAOT, linux-arm64)"
	dotnet publish "$ROOT/src/OnLan/OnLan.csproj" -c Release -r linux-arm64 -o "$(dirname "$BINARY")" -nologo -v q \
		>"$OUT/publish-linux-arm64.log" 2>&1 || { cat "$OUT/publish-linux-arm64.log"; die "publish failed"; }
fi
file -b "$BINARY" | grep -q 'ARM aarch64' || die "$BINARY is not an arm64 binary"

# 2. The root file system tarball, cached under a hash of its inputs.
hash=$(cat "$HERE/lib.sh" "$HERE/rootfs.sh" "$HERE/rootfs-kernel.sh" "$BOARD_DIR/image.conf" <(echo "console $CONSOLE") |
	sha256sum | cut -c1-12)
TARBALL=$OUT/cache/rootfs-$BOARD-$hash.tar
if [ -f "$TARBALL" ]; then
	say "root file system: cached $TARBALL"
else
	t=$SECONDS
	rm -f "$TARBALL.part" # left by an interrupted build
	"$HERE/rootfs.sh" "$BOARD" "$TARBALL"
	say "root file system: built in $((SECONDS - t)) s"
	# Older tarballs of this board are stale now.
	find "$OUT/cache" -maxdepth 1 -name "rootfs-$BOARD-*.tar" ! -name "$(basename "$TARBALL")" -delete
fi

t1=$SECONDS
WORK=$OUT/work/$BOARD
rm -rf "$WORK"
mkdir -p "$WORK/root" "$WORK/boot" "$WORK/data"
R=$WORK/root
tar -C "$R" --numeric-owner -xpf "$TARBALL"

# 3. The gateway and its board into the root.
cp -a "$HERE/rootfs/." "$R/"
install -m 0755 "$BINARY" "$R/usr/bin/onlan"
install -d "$R/usr/share/onlan/board/$BOARD" "$R/usr/share/doc/onlan" "$R/var/lib/onlan" "$R/boot/firmware"
install -m 0644 "$BOARD_DIR/board.conf" "$R/usr/share/onlan/board/$BOARD/"
[ ! -f "$BOARD_DIR/factory.conf" ] || install -m 0644 "$BOARD_DIR/factory.conf" "$R/usr/share/onlan/board/$BOARD/"
install -m 0644 "$ROOT/board/factory.conf" "$R/usr/share/onlan/board/"
install -m 0644 "$ROOT/README.md" "$R/usr/share/doc/onlan/"
mkdir -p "$R/etc/systemd/system/onlan.service.d" "$R/etc/systemd/system/multi-user.target.wants"
cat > "$R/etc/systemd/system/onlan.service.d/board.conf" <<EOF
# Written by image/build.sh for board $BOARD: its profile's console is the gateway's terminal.
[Service]
Environment=ONLAN_BOARD=$BOARD
TTYPath=/dev/$CONSOLE
EOF
ln -sf ../onlan.service "$R/etc/systemd/system/multi-user.target.wants/onlan.service"
# No login on the console (the gateway's CLI is there), and no first-boot questions on it.
ln -sf /dev/null "$R/etc/systemd/system/serial-getty@$CONSOLE.service"
ln -sf /dev/null "$R/etc/systemd/system/getty@tty1.service"
ln -sf /dev/null "$R/etc/systemd/system/systemd-firstboot.service"
# Housekeeping that has nothing to do on a read-only root (package lists, dpkg backups, ext4 scrubbing, TRIM).
for unit in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer; do
	ln -sf /dev/null "$R/etc/systemd/system/$unit"
done
# An empty machine-id: systemd makes a new one at each boot in RAM (the root is read-only), and it is not a
# "first boot" that would run presets and prompts.
: > "$R/etc/machine-id"
ln -sf /etc/machine-id "$R/var/lib/dbus/machine-id"
# Directories services expect on the read-only root (logind's StateDirectory).
install -d "$R/var/lib/systemd/linger"

# 4. The boot partition.
case "$BOOT_KIND" in
	raspi-firmware)
		# raspi-firmware's hooks wrote config.txt, cmdline.txt, the firmware, kernel, initrd and device trees here.
		[ -f "$R/boot/firmware/config.txt" ] && [ -f "$R/boot/firmware/cmdline.txt" ] ||
			die "raspi-firmware left no config.txt/cmdline.txt in /boot/firmware"
		cp -a "$R/boot/firmware/." "$WORK/boot/"
		find "$R/boot/firmware" -mindepth 1 -delete
		;;
	kernel)
		vmlinuz=$(ls "$R"/boot/vmlinuz-* | sort -V | tail -n1)
		initrd=$(ls "$R"/boot/initrd.img-* | sort -V | tail -n1)
		cp "$vmlinuz" "$WORK/boot/vmlinuz"
		cp "$initrd" "$WORK/boot/initrd.img"
		echo "console=$CONSOLE,115200 root=LABEL=onlan-root rootwait net.ifnames=0 ipv6.disable=1 ro quiet" \
			"$(conf_values "$BOARD_DIR/image.conf" cmdline | tr '\n' ' ')" | sed 's/ *$//' > "$WORK/boot/cmdline.txt"
		;;
esac

# 5. The data partition: the board's factory configuration, as a factory reset would leave it.
factory=$BOARD_DIR/factory.conf
[ -f "$factory" ] || factory=$ROOT/board/factory.conf
{
	echo "set system board $BOARD"
	cat "$factory"
} > "$WORK/data/onlan.conf"
chmod 0600 "$WORK/data/onlan.conf"
chmod 0700 "$WORK/data"

# 6. File systems and the partition table.
# The root partition has a fixed size, so every image has the same layout and an upgrade can rewrite partitions
# 1 and 2 (the first $((OFFSET_MIB + BOOT_MIB + ROOT_MIB)) MiB of the card) and keep the data partition.
root_mib_used=$(( $(du -sk --apparent-size "$R" | cut -f1) / 1024 ))
[ $((root_mib_used * 6 / 5 + 64)) -le $ROOT_MIB ] || die "the root file system ($root_mib_used MiB) does not fit in $ROOT_MIB MiB"
IMG=$OUT/onlan-$BOARD.img
rm -f "$IMG" "$IMG.xz" "$WORK"/*.fs
mkfs.vfat -C -F 32 -n ONLAN-BOOT -i 0x4f4e4c4e "$WORK/boot.fs" $((BOOT_MIB * 1024)) >/dev/null
mcopy -s -p -m -i "$WORK/boot.fs" "$WORK/boot"/* ::/
# No lazy initialisation: the board's first boot would write the inode tables of the read-only root.
truncate -s "${ROOT_MIB}M" "$WORK/root.fs"
truncate -s "${DATA_MIB}M" "$WORK/data.fs"
mke2fs -q -t ext4 -L onlan-root -d "$R" -E lazy_itable_init=0,lazy_journal_init=0 -m 0 "$WORK/root.fs" "${ROOT_MIB}M"
mke2fs -q -t ext4 -L onlan-data -d "$WORK/data" -E lazy_itable_init=0,lazy_journal_init=0 "$WORK/data.fs" "${DATA_MIB}M"
total=$((OFFSET_MIB + BOOT_MIB + ROOT_MIB + DATA_MIB))
truncate -s "${total}M" "$IMG"
sfdisk --quiet "$IMG" <<EOF
label: dos
label-id: 0x4f4e4c4e
unit: sectors
start=$((OFFSET_MIB * 2048)), size=$((BOOT_MIB * 2048)), type=c, bootable
start=$(((OFFSET_MIB + BOOT_MIB) * 2048)), size=$((ROOT_MIB * 2048)), type=83
start=$(((OFFSET_MIB + BOOT_MIB + ROOT_MIB) * 2048)), size=$((DATA_MIB * 2048)), type=83
EOF
dd if="$WORK/boot.fs" of="$IMG" bs=1M seek=$OFFSET_MIB conv=notrunc,sparse status=none
dd if="$WORK/root.fs" of="$IMG" bs=1M seek=$((OFFSET_MIB + BOOT_MIB)) conv=notrunc,sparse status=none
dd if="$WORK/data.fs" of="$IMG" bs=1M seek=$((OFFSET_MIB + BOOT_MIB + ROOT_MIB)) conv=notrunc,sparse status=none
rm -f "$WORK"/*.fs
say "image assembled in $((SECONDS - t1)) s: $IMG (${total} MiB: boot $BOOT_MIB, root $ROOT_MIB, data $DATA_MIB)"

# IMAGE_XZ=0 (the image test) keeps only the raw image; xz -1 is ~3x faster than the default for ~10 % more.
[ "${IMAGE_XZ:-1}" != 0 ] || exit 0
t2=$SECONDS
xz -T0 -1 -k -f "$IMG"
say "compressed in $((SECONDS - t2)) s: $IMG.xz ($(du -h "$IMG.xz" | cut -f1)); total $((SECONDS - t0)) s"
