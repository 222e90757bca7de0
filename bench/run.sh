#!/bin/sh
# run.sh - builds deferfuzz in Release (build/release/) and runs every
# benchmark, printing one JSON line per benchmark on stdout. Progress and
# warnings from the benches go to stderr. Benchmarks are not ctest tests.
#
# Usage: bench/run.sh [EXECUTIONS]   (passed to bench_exec, run three times:
# with no oracle, with the findings checkers only (--findings-only, as
# fuzz_schedule runs them) and with every checker (--oracles, as
# fuzz_conformance runs them); default 1000000), then bench_goroutines
# (cost per goroutine at 100 and 1,000 goroutines runnable at once)
# Environment: BUILD_DIR overrides build/release.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-"$root/build/release"}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
cmake --build "$build" --target bench_switch bench_exec bench_goroutines >&2

"$build/bench/bench_switch"
"$build/bench/bench_exec" "$@"
"$build/bench/bench_exec" --findings-only "$@"
"$build/bench/bench_exec" --oracles "$@"
"$build/bench/bench_goroutines"
