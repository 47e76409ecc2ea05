#!/usr/bin/env bash
# Style gate: clang-format over every C++ file (fails on any difference), and with --tidy
# clang-tidy (the root .clang-tidy, warnings as errors) over the sources of a configured build.
# clang-tidy takes about 15 s a file on two cores, so CI runs the format check only; run
# `scripts/lint.sh --tidy [FILES...]` before a release or on the files you changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mapfile -t sources < <(git ls-files '*.cpp' '*.h')
echo "clang-format: ${#sources[@]} files"
clang-format --dry-run -Werror "${sources[@]}"

if [ "${1:-}" = "--tidy" ]; then
  shift
  build_dir="${BUILD_DIR:-$root/build}"
  [ -f "$build_dir/compile_commands.json" ] || { echo "configure $build_dir first" >&2; exit 2; }
  if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(git ls-files 'app/*.cpp' 'ui/*.cpp'); fi
  echo "clang-tidy: ${#files[@]} files"
  printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build_dir" --quiet
fi
