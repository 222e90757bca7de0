#!/usr/bin/env bash
# ci/test.sh - the README's test command: bootstrap, build with -Werror,
# run every ctest suite in the debug and release builds, in the ASan+UBSan
# build, and under valgrind (label "valgrind"), then print ctest's summaries.
set -euo pipefail
cd "$(dirname "$0")/.."

ci/bootstrap.sh

summary=()
run_preset() {
  local preset=$1; shift
  echo "=== configure + build: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "=== ctest: $preset $*"
  local log
  log=$(mktemp)
  if ctest --test-dir "build/$preset" --output-on-failure --timeout 900 "$@" 2>&1 | tee "$log"; then
    summary+=("$preset $*: $(grep -E 'tests passed' "$log" | tail -n1)")
  else
    summary+=("$preset $*: FAILED: $(grep -E 'tests passed|tests failed' "$log" | tail -n1)")
    rm -f "$log"
    printf '%s\n' "${summary[@]}"
    exit 1
  fi
  rm -f "$log"
}

run_preset dev -LE valgrind -j2
run_preset release -LE valgrind -j2
run_preset asan -j2
run_preset dev -L valgrind -j2

echo "=== summary"
printf '%s\n' "${summary[@]}"
