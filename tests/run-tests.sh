#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line: "N passed, N failed[, N skipped]".
# Exit code: 0 when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
config="${1:-Release}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if [ "$(id -u)" != 0 ]; then
  echo "################################################################################"
  echo "# NOT ROOT: the network-namespace tests (real ports, strongSwan) will be SKIPPED. #"
  echo "# Run 'sudo make test' for the whole suite.                                      #"
  echo "################################################################################"
fi

# Namespaces left by a test process that was killed (its Dispose never ran): their names end in the creator's
# pid and a counter (onlan-<role>-<pid>-<n>); remove those whose creator is gone.
if [ "$(id -u)" = 0 ] && command -v ip >/dev/null; then
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^onlan-[a-z0-9]+-[0-9]+-[0-9]+$'); do
    creator=$(echo "$ns" | awk -F- '{print $(NF-1)}')
    if ! kill -0 "$creator" 2>/dev/null; then
      { ip netns pids "$ns" | xargs -r kill -9; } 2>/dev/null || true
      ip netns del "$ns" 2>/dev/null && echo "removed stale network namespace $ns"
    fi
  done
fi

dotnet test Firmware.sln -c "$config" --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) {
      v = $(i+1); gsub(/,/, "", v)
      if ($i == "Failed:") f += v; else if ($i == "Passed:") p += v; else if ($i == "Skipped:") s += v
    }
  }
  END { print p+0, f+0, s+0 }' "$log")

if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
  echo "dotnet test exited with $status without a failed test (build or runner problem): counting it as a failure"
  failed=1
fi

# The image boot test (make image-test: the qemu-virt SD-card image on an emulated board, 11 checks) as root, unless
# ONLAN_IMAGE_TEST=0. It builds the image first when it is missing (about 5 minutes), then boots it (about 1 minute).
if [ "$(id -u)" = 0 ] && [ "${ONLAN_IMAGE_TEST:-1}" != 0 ]; then
  image_log=$(mktemp)
  make -s image-test 2>&1 | tee "$image_log"
  image_status=${PIPESTATUS[0]}
  read -r image_passed image_failed < <(awk '/^[0-9]+ passed, [0-9]+ failed/ { p = $1; f = $3 } END { print p+0, f+0 }' "$image_log")
  if [ "$image_status" != 0 ] && [ "$image_failed" = 0 ]; then
    echo "make image-test exited with $image_status without a failed check: counting it as a failure"
    image_failed=1
  fi
  rm -f "$image_log"
  passed=$((passed + image_passed))
  failed=$((failed + image_failed))
elif [ "$(id -u)" != 0 ]; then
  echo "NOTE: the image boot test (make image-test) was SKIPPED: it needs root."
  skipped=$((skipped + 1))
else
  echo "NOTE: the image boot test (make image-test) was SKIPPED: ONLAN_IMAGE_TEST=0."
fi
# CI shows only the tail of the output: repeat each failed test's name and the first line of its message here, so
# the last lines say what failed (at most 10, each cut to 300 characters).
if [ "$failed" != 0 ]; then
  awk '
    /^ +Failed [^ ]/ { name = $0; sub(/^ +Failed /, "", name); want = 1; next }
    want && /^ +Error Message:/ { getline msg; gsub(/^ +/, "", msg); print "FAILED " name ": " substr(msg, 1, 300); want = 0; n++ }
    n >= 10 { exit }' "$log"
fi
if [ "$skipped" != 0 ]; then
  echo "NOTE: $skipped test(s) SKIPPED (see the SKIPPED lines above)."
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
