#!/usr/bin/env bash
# Newer-Qt check: builds and tests this tree with Debian trixie's Qt 6.8, gcc 14 and CMake 3.31,
# so the code paths behind QT_VERSION_CHECK that Debian 12's Qt 6.4 never compiles are compiled
# and tested too. Runs as root on a Debian-based host: it makes a minimal trixie root with
# debootstrap when missing, bind-mounts /proc and this tree (at the same path) into it and runs
# `scripts/bootstrap.sh test` there, which installs the build packages and runs CTest.
# Measured on two shared cores: about 4 min to make the root and install the packages (first
# run only), 14-20 min for a full build, under a minute for the suite; a rerun rebuilds only
# what changed. Not in .ci/run: too slow for CI; run it before a release or after touching a
# QT_VERSION_CHECK or anything near Qt HttpServer.
#   scripts/newer-qt-check.sh [ctest arguments]
# Environment: NEWER_QT_ROOT (default: trixie-root beside this tree), NEWER_QT_SUITE (trixie),
#              NEWER_QT_MIRROR (http://deb.debian.org/debian), BUILD_DIR (build-trixie),
#              NEWER_QT_REFRESH=1 to upgrade the root's packages first.
set -euo pipefail

tree="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
suite="${NEWER_QT_SUITE:-trixie}"
chroot_dir="${NEWER_QT_ROOT:-$(dirname "$tree")/$suite-root}"
mirror="${NEWER_QT_MIRROR:-http://deb.debian.org/debian}"
build_dir="${BUILD_DIR:-$tree/build-$suite}"

[ "$(id -u)" -eq 0 ] || { echo "run as root (debootstrap, chroot and mount need it)" >&2; exit 2; }
case "$chroot_dir" in
  "$tree"|"$tree"/*) echo "NEWER_QT_ROOT must be outside the tree" >&2; exit 2 ;;
esac

if [ ! -x "$chroot_dir/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null 2>&1 ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  echo "Making a $suite root in $chroot_dir"
  debootstrap --variant=minbase "$suite" "$chroot_dir" "$mirror"
fi
# apt inside the root resolves names with the host's resolver.
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"

# Mount what is not mounted yet and undo only that on exit.
mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}" || true; done
}
trap cleanup EXIT
bind() {
  mkdir -p "$2"
  mountpoint -q "$2" && return 0
  mount --bind "$1" "$2"
  mounted+=("$2")
}
bind /proc "$chroot_dir/proc"
bind "$tree" "$chroot_dir$tree"

in_root() { chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
if [ "${NEWER_QT_REFRESH:-0}" = 1 ]; then
  in_root apt-get update -qq
  in_root apt-get upgrade -y -qq >/dev/null
fi
# ccache is optional for the build but makes a second run much shorter.
in_root sh -c 'command -v ccache >/dev/null || { apt-get update -qq &&
  apt-get install -y -qq --no-install-recommends ccache >/dev/null; }'

echo "Building and testing in $build_dir with $suite's Qt"
in_root env BUILD_DIR="$build_dir" "$tree/scripts/bootstrap.sh" test "$@"
