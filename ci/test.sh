#!/usr/bin/env bash
# ci/test.sh - the README's test command: bootstrap, build with -Werror,
# run every ctest suite in the debug and release builds, in the ASan+UBSan
# build, and under valgrind (label "valgrind"); then a 30-second libFuzzer
# smoke run of every fuzz target (ci/fuzz.sh --seconds 30: ASan+UBSan build,
# fuzzing from the shipped corpus, every crash replayed; it fails on
# anything a program does not declare); then print the summaries.
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

echo "=== fuzz smoke: ci/fuzz.sh --seconds 30"
smoke=build/fuzz-smoke
rm -rf "$smoke"
# A finding that a corpus program does not declare is the program's
# declaration to fix, and 30 seconds of fuzzing reach rare ones only now and
# then: listed, not failed. Anything else unexpected (a violation,
# nondeterminism, a crash of deferfuzz itself, a failed run) fails.
rc=0
ci/fuzz.sh --no-bootstrap --seconds 30 --sanitize yes --minimize none \
  --artifacts "$smoke" --corpus "$smoke/corpus" || rc=$?
new_other=$(grep -c '^| NEW | [^f]' "$smoke/summary.md" 2>/dev/null || true)
new_findings=$(grep '^| NEW | finding ' "$smoke/summary.md" 2>/dev/null || true)
# ... except in a program declared correct (// bug: none): that fails
while IFS='|' read -r _ _ _ _ prog _; do
  prog=${prog// /}
  if [ -n "$prog" ] && head -n 1 "corpus/programs/$prog" 2>/dev/null | grep -q '^// bug: none'; then
    new_other=$((new_other + 1))
  fi
done <<<"$new_findings"
if [ "$rc" -eq 0 ] || { [ "$rc" -eq 1 ] && [ "${new_other:-0}" -eq 0 ] && [ -n "$new_findings" ]; }; then
  if [ -n "$new_findings" ]; then
    echo "fuzz smoke: findings the corpus programs do not declare (fix their // bug: lines):"
    echo "$new_findings"
    summary+=("fuzz smoke (libFuzzer, 30 s): undeclared findings listed above; $smoke/summary.md")
  else
    summary+=("fuzz smoke (libFuzzer, 30 s): nothing unexpected; $smoke/summary.md")
  fi
else
  summary+=("fuzz smoke (libFuzzer, 30 s): FAILED; $smoke/summary.md")
  cat "$smoke/summary.md" 2>/dev/null || true
  printf '%s\n' "${summary[@]}"
  exit 1
fi

# expect_fuzz_sh WANT_RC FILE PATTERN WHAT -- COMMAND...: runs COMMAND with
# its output in $fz_log; fails the tests unless it exits WANT_RC and FILE
# (the log, or a report it wrote) holds PATTERN.
expect_fuzz_sh() {
  local want=$1 file=$2 pattern=$3 what=$4 rc=0
  shift 5
  "$@" >"$fz_log" 2>&1 || rc=$?
  if [ "$rc" -ne "$want" ] || ! grep -q -- "$pattern" "$file" 2>/dev/null; then
    cat "$fz_log"
    [ "$file" = "$fz_log" ] || cat "$file" 2>/dev/null || true
    echo "$what: exit $rc (want $want), or no \"$pattern\" in $file"
    exit 1
  fi
}

echo "=== fuzz_schedule's execution memo under libFuzzer"
# The memo answers inputs that repeat a known execution without running
# them; libFuzzer must not notice. For each program, two sessions with the
# same seed from the same seeds, one with the memo and one without, keep
# the same corpus and reach the same coverage, and the memo answered inputs
# in the first; another with a memo of 1 MiB, which fills and starts afresh
# many times in the session, keeps that corpus too; one with
# DEFERFUZZ_EXEC_MEMO_VERIFY=1 runs every input
# the memo knows all the same and checks the run against it
# (nondeterminism otherwise). string_turns.go compares strings, which the
# interpreter does with memcmp: libFuzzer intercepts it for compare hints,
# which is why fuzz_schedule.options says use_cmp = 0. The sessions take
# that flag, and the build without sanitizers (preset fuzz-nosan, where the
# memo is on by default; the sanitizer builds leave it off).
memo=$(mktemp -d)
cmake --preset fuzz-nosan >/dev/null
cmake --build build/fuzz-nosan --target fuzz_schedule fuzz_seed_inputs >/dev/null
printf 'DFZ\001\000\000\000\000\000\000\000' >"$memo/keep-running"
done_line() { grep -o 'DONE *cov: [0-9]* ft: [0-9]* corp: [0-9]*/[0-9]*[KM]*b' "$1" || true; }
memo_said=()
for prog in corpus/programs/workerpool3.go tests/lang_programs/string_turns.go; do
  name=$(basename "$prog" .go)
  for run in 0 64 1 verify; do
    dir=$memo/$name.$run
    mkdir "$dir"
    if [ -d "build/fuzz-nosan/fuzz/seeds/schedule/$name" ]; then
      cp "build/fuzz-nosan/fuzz/seeds/schedule/$name"/* "$dir/"
    else
      cp "$memo/keep-running" "$dir/"
    fi
    mb=$run verify=0
    if [ $run = verify ]; then mb=64 verify=1; fi
    if ! DEFERFUZZ_EXEC_MEMO_MB=$mb DEFERFUZZ_EXEC_MEMO_VERIFY=$verify DEFERFUZZ_PROGRAM=$prog \
        build/fuzz-nosan/fuzz/fuzz_schedule -seed=3 -runs=40000 -reload=0 -use_cmp=0 \
        -dict=fuzz/fuzz_schedule.dict -max_len=4096 "$dir" >"$dir.log" 2>&1; then
      cat "$dir.log"
      echo "memo: $name, DEFERFUZZ_EXEC_MEMO_MB=$mb DEFERFUZZ_EXEC_MEMO_VERIFY=$verify: the session failed"
      exit 1
    fi
  done
  for mb in 64 1; do
    if [ -z "$(done_line "$memo/$name.0.log")" ] ||
       [ "$(done_line "$memo/$name.0.log")" != "$(done_line "$memo/$name.$mb.log")" ] ||
       ! diff <(ls "$memo/$name.0") <(ls "$memo/$name.$mb") >/dev/null; then
      tail -n 3 "$memo/$name.0.log" "$memo/$name.$mb.log"
      echo "memo: $name: libFuzzer kept another corpus or reached other coverage with a memo of $mb MiB"
      exit 1
    fi
  done
  grep -q 'execution memo: .* [1-9][0-9]* resets' "$memo/$name.1.log" ||
    { cat "$memo/$name.1.log"; echo "memo: $name: a memo of 1 MiB never started afresh"; exit 1; }
  line=$(grep 'execution memo: [1-9]' "$memo/$name.64.log" || true)
  [ -n "$line" ] || { cat "$memo/$name.64.log"; echo "memo: $name: it answered no input"; exit 1; }
  grep -q 'execution memo: [1-9].*were run again all the same' "$memo/$name.verify.log" ||
    { cat "$memo/$name.verify.log"; echo "memo: $name: verify ran no known input again"; exit 1; }
  echo "$name: $line"
  memo_said+=("$name $(echo "$line" | grep -o '[0-9]* of [0-9]* inputs ([0-9.]*%)')")
done
# Under ASan (the smoke run's build) the memo is off unless asked for:
# libFuzzer confirms a suspected leak by running the input again.
mkdir "$memo/asan"
cp "$memo/keep-running" "$memo/asan/"
DEFERFUZZ_PROGRAM=corpus/programs/workerpool3.go build/fuzz/fuzz/fuzz_schedule -seed=1 -runs=300 \
  "$memo/asan" >"$memo/asan.log" 2>&1 || { cat "$memo/asan.log"; echo "memo: the ASan session failed"; exit 1; }
if grep -q 'execution memo:' "$memo/asan.log"; then
  cat "$memo/asan.log"; echo "memo: on by default under ASan"; exit 1
fi
summary+=("execution memo: libFuzzer keeps the same corpus with and without it, and known inputs run again agree with it; answered: ${memo_said[*]}; off under ASan")
rm -rf "$memo"

echo "=== ci/fuzz.sh as a user runs it from elsewhere"
# Relative --program and --artifacts are the caller's, not the checkout's;
# a program that does not load is a usage error (exit 2, its message), not
# "nothing found". The fuzz preset is built by the smoke run above.
elsewhere=$(mktemp -d)
fz_log=$elsewhere/log
printf 'package main\n\nfunc main() { x := }\n' >"$elsewhere/syn.go"
cp corpus/programs/close_twice.go "$elsewhere/ct.go"
expect_fuzz_sh 2 "$fz_log" 'syn.go:3:20: syntax error' "ci/fuzz.sh on a program that does not load" \
  -- env -C "$elsewhere" "$PWD/ci/fuzz.sh" --no-bootstrap --target fuzz_schedule --sanitize yes \
  --program syn.go --seconds 1 --artifacts out
expect_fuzz_sh 0 "$elsewhere/out/summary.md" '| expected | finding | fuzz_schedule | ct.go | close-of-closed' \
  "ci/fuzz.sh --program ct.go from another directory" \
  -- env -C "$elsewhere" "$PWD/ci/fuzz.sh" --no-bootstrap --target fuzz_schedule --sanitize yes \
  --program ct.go --seconds 2 --artifacts out
rm -rf "$elsewhere"
summary+=("ci/fuzz.sh from another directory: relative paths and a bad program handled")

echo "=== ci/reproduce.sh, ci/minimize-corpus.sh and ci/fuzz.sh on odd input"
# What a user hits: crash files cut short, directories, paths with spaces,
# options without their value, runs whose engine never starts.
odd=$(mktemp -d)
fz_log=$odd/log
printf 'DFZ\001' >"$odd/short crash" # a header cut short: fuzz_schedule's, all defaults
expect_fuzz_sh 1 "$fz_log" 'close-of-nil' "ci/reproduce.sh on a cut-off input" \
  -- env -C "$odd" "$PWD/ci/reproduce.sh" "short crash" --program "$PWD/corpus/programs/close_nil_stop.go"
grep -q 'fuzz_schedule_replay' "$fz_log" || { cat "$fz_log"; echo "reproduce.sh: not fuzz_schedule's"; exit 1; }
printf 'DFZ\007xxxxxxxx' >"$odd/v7"
expect_fuzz_sh 2 "$fz_log" 'version 7' "ci/reproduce.sh on another version" -- ci/reproduce.sh "$odd/v7"
expect_fuzz_sh 2 "$fz_log" 'not a readable file' "ci/reproduce.sh on a directory" -- ci/reproduce.sh "$odd"
for script in reproduce.sh minimize-corpus.sh fuzz.sh; do # by a relative path, from elsewhere
  expect_fuzz_sh 0 "$fz_log" "ci/$script" "ci/$script --help from elsewhere" \
    -- env -C "$odd" "$(realpath --relative-to="$odd" "ci/$script")" --help
  if grep -q -E '^(set -|usage\(\)|trap )' "$fz_log"; then cat "$fz_log"; echo "ci/$script --help prints code"; exit 1; fi
done
expect_fuzz_sh 2 "$fz_log" '--engine needs a value' "ci/fuzz.sh --engine without a value" -- ci/fuzz.sh --engine
expect_fuzz_sh 2 "$fz_log" '--target needs a value' "ci/minimize-corpus.sh --target without a value" \
  -- ci/minimize-corpus.sh --target
# minimize-corpus: an OUT with a space, next to a file named OUT.log that is not its own
mkdir -p "$odd/in"
cp corpus/parse/* "$odd/in/"
echo mine >"$odd/m out.log"
expect_fuzz_sh 0 "$fz_log" 'after: ' "ci/minimize-corpus.sh -o 'm out'" \
  -- ci/minimize-corpus.sh --target fuzz_parse -o "$odd/m out" "$odd/in"
[ "$(cat "$odd/m out.log")" = mine ] && [ -n "$(ls "$odd/m out")" ] ||
  { echo "minimize-corpus.sh: OUT empty, or OUT.log clobbered"; exit 1; }
# an engine that never starts is a failure, not "Nothing found" (AFL++ with
# a custom mutator library that is not there aborts at start-up)
expect_fuzz_sh 1 "$odd/out/summary.md" 'no-executions' "ci/fuzz.sh when afl-fuzz does not start" \
  -- env AFL_CUSTOM_MUTATOR_LIBRARY=/nonexistent/mutator.so ci/fuzz.sh --no-bootstrap --engine afl \
  --target fuzz_parse --seconds 5 --artifacts "$odd/out"
rm -rf "$odd"
summary+=("ci/reproduce.sh, ci/minimize-corpus.sh, ci/fuzz.sh: odd input handled")

echo "=== ci/oss-fuzz/build.sh as OSS-Fuzz runs it"
# Set the variables OSS-Fuzz sets, then run every installed target the way
# its run_fuzzer does: each .options key as a flag, the dictionary from
# $OUT, the seed corpus unzipped. None may fail to start or crash.
oss=$(mktemp -d)
OUT=$oss/out CC=clang CFLAGS="-fsanitize=fuzzer-no-link,address -g" \
  LIB_FUZZING_ENGINE=-fsanitize=fuzzer DEFERFUZZ_OSS_BUILD_DIR=build/oss-fuzz-test \
  ci/oss-fuzz/build.sh >"$oss/build.log" 2>&1 || { tail -30 "$oss/build.log"; echo "oss-fuzz build.sh failed"; exit 1; }
n=0
for opt in "$oss"/out/*.options; do
  t=$(basename "$opt" .options)
  flags=()
  while IFS='=' read -r key val; do
    key=${key// /} val=${val# }
    case $key in ''|'['*) ;; dict) flags+=(-dict="$oss/out/$val") ;; *) flags+=(-"$key"="$val") ;; esac
  done <"$opt"
  rm -rf "$oss/corpus" && mkdir "$oss/corpus"
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
    "$oss/out/${t}_seed_corpus.zip" "$oss/corpus"
  if ! (cd "$oss/out" && "./$t" -runs=300 "${flags[@]}" "$oss/corpus") >"$oss/run.log" 2>&1; then
    tail -20 "$oss/run.log"; echo "oss-fuzz: $t fails under run_fuzzer's flags"; exit 1
  fi
  n=$((n + 1))
done
[ "$n" -ge 3 ] || { ls "$oss/out"; echo "oss-fuzz: only $n targets installed"; exit 1; }
rm -rf "$oss"
summary+=("ci/oss-fuzz/build.sh: $n targets installed, each runs its seeds under its .options")

echo "=== ci/pgo.sh and ci/fuzz.sh --pgo"
# The profile-guided build: its training must reach the interpreter, the
# scheduler and the checkers (a profile without their counts optimizes
# nothing), its own check replays every program's seeds, and ci/fuzz.sh
# --pgo fuzzes with it.
ci/pgo.sh --no-bootstrap --target fuzz_schedule
prof=build/fuzz-nosan-pgo/deferfuzz.profdata
for fn in lang__exec_stmt rt__sched_choose observe_routed fz_memo_lookup; do
  if ! llvm-profdata show --function="$fn" "$prof" | grep -q 'Function count: [1-9]'; then
    echo "ci/pgo.sh: the profile has no count for $fn: the training did not run it"
    exit 1
  fi
done
fz_log=build/fuzz-pgo-smoke.log
expect_fuzz_sh 0 build/fuzz-pgo-smoke/summary.md \
  '| expected | finding | fuzz_schedule | close_twice.go | close-of-closed' "ci/fuzz.sh --pgo" \
  -- ci/fuzz.sh --no-bootstrap --pgo --target fuzz_schedule \
  --program corpus/programs/close_twice.go --seconds 2 --artifacts build/fuzz-pgo-smoke
grep -q 'fuzz-nosan-pgo' "$fz_log" || { cat "$fz_log"; echo "ci/fuzz.sh --pgo did not use ci/pgo.sh's build"; exit 1; }
summary+=("ci/pgo.sh: profile trained, optimized seeds replay; ci/fuzz.sh --pgo finds close_twice.go's bug")

echo "=== summary"
printf '%s\n' "${summary[@]}"
