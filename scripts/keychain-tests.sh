#!/usr/bin/env bash
# Runs the keychain suite against a real Secret Service: gnome-keyring in a private D-Bus
# session (dbus-run-session), unlocked with a throwaway password, so its tests run instead of
# skipping. Needs gnome-keyring and dbus (.ci/run installs them) and a built tree (BUILD_DIR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
export HOME="$(mktemp -d)" # the keyring files of this run only
trap 'rm -rf "$HOME"' EXIT
dbus-run-session -- bash -c '
  set -euo pipefail
  printf ci-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  cd "$1"
  PAYBENCH_SECRET_BACKEND=keychain ctest -R secrets_keychain_store --output-on-failure
  # A skip would mean no keychain answered: that is a failure here.
  ! ./tests/secrets/secrets_keychain_store 2>&1 | grep -q "no keychain answers here"
' keychain-tests "$build_dir"
