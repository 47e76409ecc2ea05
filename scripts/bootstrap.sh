#!/usr/bin/env bash
# One entry point for people and CI:
#   scripts/bootstrap.sh run    install what is missing, build, start the GUI on the sample
#                               workspace with its embedded demo gateway
#   scripts/bootstrap.sh test   install what is missing, build, run every test through CTest
# Environment: BUILD_DIR (default build), BUILD_TYPE (default RelWithDebInfo),
#              PAYBENCH_SKIP_INSTALL=1 to never call the package manager,
#              PAYBENCH_EXTRA_PACKAGES="a b" for Debian packages to install besides the build's.
set -euo pipefail

mode="${1:-}"
case "$mode" in
  run|test|build) shift ;;
  *) echo "usage: scripts/bootstrap.sh run|test|build [paybench arguments]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
build_type="${BUILD_TYPE:-RelWithDebInfo}"

# Debian 12 / Ubuntu 24.04 packages the build and the tests need.
debian_packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev qt6-tools-dev
  qt6-l10n-tools qt6-qpa-plugins libqt6sql6-sqlite qtkeychain-qt6-dev libssl-dev libgl-dev
  libqt6opengl6-dev zlib1g-dev
)

install_missing() {
  [ "${PAYBENCH_SKIP_INSTALL:-0}" = 1 ] && return 0
  case "$(uname -s)" in
    Linux)
      if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "Not a Debian-based system: install CMake, Ninja, Qt 6.4+ (Core Network HttpServer" \
             "Widgets Sql Test Charts), QtKeychain for Qt 6 and OpenSSL 3 yourself." >&2
        return 0
      fi
      local missing=()
      # PAYBENCH_EXTRA_PACKAGES: more packages a caller needs, e.g. .ci/run's lint tools.
      local wanted=("${debian_packages[@]}")
      read -r -a extra <<<"${PAYBENCH_EXTRA_PACKAGES:-}"
      wanted+=("${extra[@]}")
      for package in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
          missing+=("$package")
      done
      [ ${#missing[@]} -eq 0 ] && return 0
      echo "Installing missing packages: ${missing[*]}"
      local sudo=()
      [ "$(id -u)" -eq 0 ] || sudo=(sudo)
      "${sudo[@]}" apt-get update -qq
      DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
      ;;
    Darwin)
      command -v brew >/dev/null 2>&1 || { echo "Install Homebrew first (https://brew.sh)." >&2; exit 1; }
      brew list qt qtkeychain openssl@3 cmake ninja >/dev/null 2>&1 ||
        brew install qt qtkeychain openssl@3 cmake ninja
      export CMAKE_PREFIX_PATH="$(brew --prefix qt);$(brew --prefix qtkeychain);$(brew --prefix openssl@3)"
      ;;
    *)
      echo "On Windows use the commands in README.md (Qt online installer, vcpkg for OpenSSL" \
           "and QtKeychain)." >&2
      ;;
  esac
}

configure_and_build() {
  local generator=()
  command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
  cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE="$build_type" \
    ${PAYBENCH_CMAKE_ARGS:-}
  cmake --build "$build_dir" --parallel "$(nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)"
}

install_missing
configure_and_build

case "$mode" in
  run)
    exec "$build_dir/ui/paybench/paybench" "$@"
    ;;
  test)
    cd "$build_dir"
    # In parallel: most suites wait on loopback sockets and timers, not on the CPU.
    exec ctest --output-on-failure --timeout 600 --parallel "$(nproc 2>/dev/null || echo 2)" "$@"
    ;;
  build)
    ;;
esac
