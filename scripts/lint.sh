#!/usr/bin/env bash
# Style gate, fails on any finding:
#   scripts/lint.sh                    clang-format (root .clang-format) over every C++ file
#   scripts/lint.sh --tidy [FILES...]  the same, then clang-tidy (root .clang-tidy, warnings as
#                                      errors; tests/.clang-tidy drops the static analyzer) over
#                                      FILES or every app/, ui/ and tests/ source
# --tidy needs a built tree (BUILD_DIR, default build): compile_commands.json and the moc/uic
# headers. .ci/run runs it after `scripts/bootstrap.sh test`. The whole pass costs about 23 CPU
# minutes (127 files, 3.5-5 s of each just parsing Qt headers, the static analyzer about a third
# of the rest), so about 12 minutes on two free cores; the fuzz targets are left out because only
# the `fuzz` preset compiles them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mapfile -t sources < <(git ls-files '*.cpp' '*.h')
echo "clang-format: ${#sources[@]} files"
clang-format --dry-run -Werror "${sources[@]}"

if [ "${1:-}" = "--tidy" ]; then
  shift
  build_dir="${BUILD_DIR:-$root/build}"
  [ -f "$build_dir/compile_commands.json" ] || { echo "build $build_dir first" >&2; exit 2; }
  if [ $# -gt 0 ]; then
    files=("$@")
  else
    mapfile -t files < <(git ls-files 'app/*.cpp' 'ui/*.cpp' 'tests/*.cpp' ':!tests/fuzz/*')
  fi
  echo "clang-tidy: ${#files[@]} files"
  # One file per clang-tidy so the queues stay even; xargs exits non-zero if any run fails. The
  # build's -Werror would make clang's pedantic complaint about Qt Test's own variadic macros
  # (QTEST_APPLESS_MAIN, QSKIP with one argument) an error. sed drops clang-tidy 14's
  # "N warnings generated." lines, which --quiet keeps.
  printf '%s\n' "${files[@]}" |
    xargs -P "$(nproc)" -n 1 clang-tidy -p "$build_dir" --quiet \
      --extra-arg=-Wno-gnu-zero-variadic-macro-arguments 2>&1 |
    sed '/^[0-9]* warnings\{0,1\}\( and [0-9]* errors\{0,1\}\)\{0,1\} generated\.$/d'
fi
