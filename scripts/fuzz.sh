#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (preset "fuzz") and runs each one for FUZZ_SECONDS
# (default 60) on a copy of its seed corpus in tests/fuzz/corpus/<target without fuzz_>.
# A crash leaves its input in build-fuzz/crashes/ and makes the script fail: turn it into a
# regression test before fixing it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${FUZZ_SECONDS:-60}"

if [ "${PAYBENCH_SKIP_INSTALL:-0}" != 1 ] && command -v dpkg-query >/dev/null 2>&1; then
  for package in clang libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || {
      sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
      "${sudo[@]}" apt-get install -y -qq "$package" >/dev/null
    }
  done
fi

cd "$root"
cmake --preset fuzz >/dev/null
cmake --build build-fuzz --parallel "$(nproc)"
mkdir -p build-fuzz/crashes
status=0
for fuzzer in build-fuzz/tests/fuzz/fuzz_*; do
  # The glob also matches the AUTOMOC folders (fuzz_*_autogen): only run executable files.
  [ -f "$fuzzer" ] && [ -x "$fuzzer" ] || continue
  name="$(basename "$fuzzer")"
  seeds="tests/fuzz/corpus/${name#fuzz_}"
  work="build-fuzz/corpus/${name#fuzz_}"
  mkdir -p "$work"
  echo "== $name for ${seconds}s"
  if ! "$fuzzer" -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 \
       -artifact_prefix="build-fuzz/crashes/$name-" "$work" "$seeds" 2> "build-fuzz/$name.log"; then
    echo "$name found a crash: see build-fuzz/$name.log and build-fuzz/crashes/" >&2
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^Done" "build-fuzz/$name.log" || true
done
exit $status
