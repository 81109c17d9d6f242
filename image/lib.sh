# Shared by image/build.sh and image/rootfs.sh (sourced, not run).

# The Debian release and mirror of the image: the mirror apt uses on this machine (deb.debian.org unless a sources
# file says otherwise), with the components the Pi boards need (raspi-firmware and firmware-realtek are in
# non-free-firmware).
SUITE=bookworm
MIRROR=${MIRROR:-$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/*$/\1/p; s/^deb  *\(\[[^]]*\] *\)\{0,1\}\(http[^ ]*\/debian\)\/* .*/\2/p' \
	/etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null | head -n1 || true)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SECURITY_MIRROR:-${MIRROR%/debian}/debian-security}
COMPONENTS="main non-free-firmware"

die() { echo "image: $*" >&2; exit 1; }
say() { echo "image: $*" >&2; }

# conf_values FILE KEY: the words after KEY on each `KEY …` line of FILE (board.conf / image.conf syntax: one
# statement per line, # starts a comment), one line per statement.
conf_values() {
	sed -e 's/#.*//' "$1" | awk -v key="$2" '$1 == key { $1 = ""; sub(/^ +/, ""); print }'
}

# conf_value FILE KEY [DEFAULT]: the single value of KEY, or DEFAULT.
conf_value() {
	local v
	v=$(conf_values "$1" "$2" | tail -n1)
	echo "${v:-${3:-}}"
}

# qemu-user runs the arm64 maintainer scripts: binfmt_misc must be mounted and qemu-aarch64 registered (with the F
# flag, so it works inside the chroot).
ensure_binfmt() {
	[ -e /proc/sys/fs/binfmt_misc/status ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
	if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
		update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || systemctl restart systemd-binfmt 2>/dev/null || true
	fi
	[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || die "qemu-aarch64 is not registered with binfmt_misc (qemu-user-static, binfmt-support)"
}
