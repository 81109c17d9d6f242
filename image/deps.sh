#!/bin/bash
# image/deps.sh PACKAGE… — installs the Debian packages `make image` and `make image-test` need that are missing
# (the list is IMAGE_APT_PACKAGES in the Makefile), quietly, as `make deps` does for the rest.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "image: not root; make image and make image-test need root" >&2; exit 1; }
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "image: installing$missing"
	apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq)
	"${apt[@]}" update >/dev/null
	# shellcheck disable=SC2086
	"${apt[@]}" install -y --no-install-recommends $missing >/dev/null
fi
