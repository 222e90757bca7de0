#!/usr/bin/env bash
# ci/fuzz.sh - the README's fuzzing command: fuzz the shipped corpus, keep
# what was learned, report what was found.
#
# usage: ci/fuzz.sh [--engine libfuzzer|afl] [--target T] [--seconds N] [--jobs N]
#                   [--sanitize auto|yes|no] [--program P.go]... [--corpus DIR]
#                   [--artifacts DIR] [--minimize new|all|none] [--pgo] [--no-bootstrap]
#
#   --engine     libfuzzer (default) or afl (AFL++, persistent shared-memory mode;
#                fuzz_schedule and fuzz_conformance with deferfuzz's custom mutator)
#   --target     fuzz_schedule, fuzz_conformance, fuzz_parse or all (default all)
#   --seconds    total fuzzing time (default 60), split: all targets 60% schedule,
#                30% conformance, 10% parse. Every run gets at least 1 s (libFuzzer)
#                or 5 s (AFL++); start-up, merging and crash handling (a few
#                seconds per run and per new crash) come on top, and so does
#                the build.
#   --jobs       fuzzing processes at once (default 1): programs of fuzz_schedule
#                in parallel, -jobs/-workers (libFuzzer) or -M/-S (AFL++) otherwise
#   --sanitize   yes: ASan+UBSan build (preset fuzz) for every target; no: no
#                sanitizers (fuzz-nosan); auto (default): fuzz_schedule, which
#                hunts bugs in the programs, runs without (speed), the targets
#                that hunt bugs in deferfuzz itself run with. AFL++ builds
#                without sanitizers (preset afl).
#   --program    fuzz_schedule only these programs (default corpus/programs/*.go)
#   --corpus     where the merged corpora live and grow from run to run
#                (default ARTIFACTS/corpus); one directory per target, one per
#                program under fuzz_schedule/
#   --artifacts  report directory (default artifacts)
#   --minimize   which crashes to minimize: new (default: all but the findings a
#                program declares), all, none
#   --pgo        build the no-sanitizer libFuzzer targets (preset fuzz-nosan:
#                fuzz_schedule by default, every target with --sanitize no;
#                nothing with --sanitize yes or AFL++) with
#                profile-guided optimization trained on the shipped corpus,
#                and link-time optimization (ci/pgo.sh: a second build and a
#                training run first, a few minutes on 2 cores; fuzz_schedule
#                then runs about 20% more executions per second); worth it
#                for long campaigns
#   Relative paths given to --program, --corpus and --artifacts are from the
#   current directory.
#
# What it does: ci/bootstrap.sh; builds the presets it needs (build dirs
# build/$DEFERFUZZ_BUILD_PREFIX<preset>); seed inputs come from
# corpus/programs/*.go (fuzz_seeds, built with the targets), plus the
# corpus directory, plus corpus/parse for fuzz_parse. fuzz_schedule runs once
# per program (DEFERFUZZ_PROGRAM) and keeps going after a finding: every
# finding's dedup key goes to DEFERFUZZ_IGNORE_KEYS and the fuzzer is
# restarted for the rest of the program's time, so one program can give
# several distinct findings. New inputs are merged back minimized
# (-merge=1 / afl-cmin). Every crash is replayed in a fresh process (an
# input that does not crash again is reported as unreproducible: a
# determinism bug), minimized while it keeps its dedup key
# (DEFERFUZZ_FAIL_KEY with -minimize_crash / afl-tmin, then `deferfuzz
# minimize` when the CLI has it) and replayed once more for the reproduce
# command. Results: ARTIFACTS/summary.md, ARTIFACTS/results.sarif (SARIF
# 2.1.0, one result per distinct finding, located at its source site),
# ARTIFACTS/crashes/<target>-<key>/ (input, minimized input, log, program).
#
# A program may declare its known bugs in its first lines, as the shipped
# corpus does: "// bug: close-of-closed" ("// bug: none" for a correct
# one). Exit status: 0 when nothing unexpected was found; 1 when something
# was: a violation, nondeterminism or a crash of deferfuzz itself, or a
# finding a program did not declare; 2 on bad usage or a failed build.
#
# Environment: DEFERFUZZ_BUILD_PREFIX (build dir prefix), BUILD_JOBS
# (compile jobs, default nproc), MINIMIZE_SECONDS (per crash and minimizer,
# default 5), AFL_CUSTOM_MUTATOR_ONLY (0: AFL++'s own stages run on fz
# inputs next to deferfuzz's mutator; by default only the mutator does).
set -euo pipefail
trap 'echo "ci/fuzz.sh: unexpected failure at line $LINENO" >&2' ERR
CALLER=$PWD # relative paths given on the command line are relative to it
SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0") # for usage, after the cd
cd "$(dirname "$0")/.."
ROOT=$PWD

ENGINE=libfuzzer
TARGET=all
FUZZ_SECONDS=60
JOBS=1
SANITIZE=auto
CORPUS=
ARTIFACTS=artifacts
BOOTSTRAP=1
PGO=0
PROGRAMS=()
PREFIX=${DEFERFUZZ_BUILD_PREFIX:-}
BUILD_JOBS=${BUILD_JOBS:-$(nproc)}
MINIMIZE_SECONDS=${MINIMIZE_SECONDS:-5}
MINIMIZE=new

usage() {  # exit status: 0 for --help (on stdout), 2 for bad usage (on stderr)
  if [ "${1:-2}" = 0 ]; then
    sed -n '2,/^set -euo/p' "$SELF" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 0
  fi
  sed -n '5,7p' "$SELF" | sed 's/^# \{0,1\}//' >&2
  echo "(ci/fuzz.sh --help says more)" >&2
  exit 2
}
die() { echo "ci/fuzz.sh: $*" >&2; exit 2; }
need() { [ $# -ge 2 ] || die "$1 needs a value"; }  # need "$@": the option has its value

while [ $# -gt 0 ]; do
  case $1 in
    --engine) need "$@"; ENGINE=${2:-}; shift 2 ;;
    --target) need "$@"; TARGET=${2:-}; shift 2 ;;
    --seconds) need "$@"; FUZZ_SECONDS=${2:-}; shift 2 ;;
    --jobs) need "$@"; JOBS=${2:-}; shift 2 ;;
    --sanitize) need "$@"; SANITIZE=${2:-}; shift 2 ;;
    --program) need "$@"; PROGRAMS+=("${2:-}"); shift 2 ;;
    --corpus) need "$@"; CORPUS=${2:-}; shift 2 ;;
    --artifacts) need "$@"; ARTIFACTS=${2:-}; shift 2 ;;
    --minimize) need "$@"; MINIMIZE=${2:-}; shift 2 ;;
    --pgo) PGO=1; shift ;;
    --no-bootstrap) BOOTSTRAP=0; shift ;;
    -h|--help) usage 0 ;;
    *) echo "ci/fuzz.sh: unknown argument $1" >&2; usage ;;
  esac
done
case $ENGINE in libfuzzer|afl) ;; *) die "--engine wants libfuzzer or afl, not '$ENGINE'" ;; esac
case $TARGET in fuzz_schedule|fuzz_conformance|fuzz_parse|all) ;;
  *) die "--target wants fuzz_schedule, fuzz_conformance, fuzz_parse or all, not '$TARGET'" ;; esac
case $SANITIZE in auto|yes|no) ;; *) die "--sanitize wants auto, yes or no" ;; esac
case $MINIMIZE in new|all|none) ;; *) die "--minimize wants new, all or none" ;; esac
[[ $FUZZ_SECONDS =~ ^[1-9][0-9]*$ ]] || die "--seconds wants a positive integer"
[[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "--jobs wants a positive integer"
from_caller() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$CALLER/$1" ;; esac; }
prog_path() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$ROOT/$1" ;; esac; }
if [ ${#PROGRAMS[@]} -eq 0 ]; then
  PROGRAMS=(corpus/programs/*.go)
else
  # Programs are kept relative to ROOT when they are inside it (as the
  # shipped corpus is: reports name them so), absolute otherwise.
  for i in "${!PROGRAMS[@]}"; do
    p=$(from_caller "${PROGRAMS[$i]}")
    [ -f "$p" ] || die "no program ${PROGRAMS[$i]}"
    p=$(cd "$(dirname "$p")" && pwd)/$(basename "$p")
    case $p in "$ROOT"/*) p=${p#"$ROOT"/} ;; esac
    PROGRAMS[$i]=$p
  done
fi
for p in "${PROGRAMS[@]}"; do [ -f "$p" ] || die "no program $p"; done
# Given directories are relative to where the command was run; the default
# ones live in the checkout.
[ "$ARTIFACTS" = artifacts ] || ARTIFACTS=$(from_caller "$ARTIFACTS")
[ -z "$CORPUS" ] || CORPUS=$(from_caller "$CORPUS")
mkdir -p "$ARTIFACTS"
ARTIFACTS=$(cd "$ARTIFACTS" && pwd)
CORPUS=${CORPUS:-$ARTIFACTS/corpus}
mkdir -p "$CORPUS"
CORPUS=$(cd "$CORPUS" && pwd)

T0=$(date +%s)
# Progress goes to stderr (stdout of helpers carries values).
say() { printf '[%4ds] %s\n' "$(( $(date +%s) - T0 ))" "$*" >&2; }

if [ "$TARGET" = all ]; then
  TARGETS=(fuzz_schedule fuzz_conformance fuzz_parse)
else
  TARGETS=("$TARGET")
fi

# ------------------------------------------------------------ build

[ "$BOOTSTRAP" = 1 ] && ci/bootstrap.sh

preset_of() {  # target -> configure preset
  if [ "$ENGINE" = afl ]; then echo afl; return; fi
  case $SANITIZE in
    yes) echo fuzz ;;
    no) echo fuzz-nosan ;;
    auto) if [ "$1" = fuzz_schedule ]; then echo fuzz-nosan; else echo fuzz; fi ;;
  esac
}
pgo_preset() { [ "$PGO" = 1 ] && [ "$1" = fuzz-nosan ]; }  # built by ci/pgo.sh?
presetdir_of() {  # preset -> build dir (ci/pgo.sh's for fuzz-nosan with --pgo)
  if pgo_preset "$1"; then echo "$ROOT/build/${PREFIX}$1-pgo"; else echo "$ROOT/build/$PREFIX$1"; fi
}
builddir_of() { presetdir_of "$(preset_of "$1")"; }

declare -A BUILT=()
for t in "${TARGETS[@]}"; do
  preset=$(preset_of "$t")
  dir=$(builddir_of "$t")
  BUILT[$preset]+=" $t ${t}_replay"
  # AFL++'s structure-aware custom mutator for the fz-input targets
  if [ "$ENGINE" = afl ] && [ "$t" != fuzz_parse ]; then BUILT[$preset]+=" deferfuzz_afl_mutator"; fi
done
for preset in "${!BUILT[@]}"; do
  dir=$(presetdir_of "$preset")
  if pgo_preset "$preset"; then
    say "build: preset $preset with profile-guided optimization (ci/pgo.sh) in ${dir#"$ROOT"/}"
    targets=()
    # shellcheck disable=SC2086
    for x in ${BUILT[$preset]} deferfuzz; do targets+=(--target "$x"); done
    ci/pgo.sh --no-bootstrap --preset "$preset" "${targets[@]}" || die "ci/pgo.sh failed"
    continue
  fi
  say "build: preset $preset in ${dir#"$ROOT"/} (${BUILT[$preset]# })"
  if ! cmake --preset "$preset" -B "$dir" >"$ROOT/build/.fuzz-configure-$PREFIX$preset.log" 2>&1; then
    cat "$ROOT/build/.fuzz-configure-$PREFIX$preset.log" >&2
    die "configure of preset $preset failed"
  fi
  log=$ROOT/build/.fuzz-build-$PREFIX$preset.log
  # shellcheck disable=SC2086
  if ! cmake --build "$dir" --parallel "$BUILD_JOBS" --target ${BUILT[$preset]} fuzz_seed_inputs \
       >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "build of preset $preset failed (log: ${log#"$ROOT"/})"
  fi
  # The CLI only adds `deferfuzz minimize` to crash minimization.
  cmake --build "$dir" --parallel "$BUILD_JOBS" --target deferfuzz >>"$log" 2>&1 ||
    say "warning: the deferfuzz CLI does not build in $preset; crashes are minimized without it"
done

# Every program must load before any fuzzing: the target would only exit
# at start-up, with no input and no crash (a bad usage, not a finding).
if [[ " ${TARGETS[*]} " == *" fuzz_schedule "* ]]; then
  for p in "${PROGRAMS[@]}"; do
    if ! err=$(DEFERFUZZ_PROGRAM=$(prog_path "$p") \
               "$(builddir_of fuzz_schedule)/fuzz/fuzz_schedule_replay" /dev/null 2>&1 >/dev/null); then
      echo "$err" >&2
      die "$p does not load: nothing fuzzed"
    fi
  done
fi

# Sanitizer reports end in abort(), so that replays name the input.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:symbolize=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-abort_on_error=1:print_stacktrace=1:halt_on_error=1}

WORK=$ROOT/build/${PREFIX}fuzz-work
rm -rf "$WORK"
mkdir -p "$WORK" "$ARTIFACTS/crashes"
RESULTS=$WORK/results.tsv   # kind target program key id site expected crash_dir message repro
RUNS=$WORK/runs.tsv         # target program seconds execs execs_per_sec corpus_before corpus_after
: >"$RESULTS"
: >"$RUNS"
rm -rf "$ARTIFACTS"/crashes/*

# ------------------------------------------------------------ helpers

# The ids a program declares in "// bug: ..." (first 5 lines): "none", ids, or "".
declared_bugs() { head -n 5 "$1" | sed -n 's#^// *bug: *##p' | head -n 1; }

is_expected() {  # target program id -> 0 when the program declares it
  [ "$1" = fuzz_schedule ] || return 1
  local bugs
  bugs=" $(declared_bugs "$2") "
  [[ $bugs == *" $3 "* ]]
}

count_files() { find "$1" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | wc -l; }

# Replays one input in a fresh process; prints its "==deferfuzz==" line, or
# the sanitizer's summary, or nothing when it passes.
replay_line() {  # target program input [env...]
  local t=$1 prog=$2 input=$3; shift 3
  local bin
  bin=$(builddir_of "$t")/fuzz/${t}_replay
  local penv=()
  [ -n "$prog" ] && penv=(DEFERFUZZ_PROGRAM="$(prog_path "$prog")")
  local out
  out=$(env "${penv[@]}" "$@" "$bin" "$input" 2>&1 >/dev/null || true)
  { grep -m1 '^==deferfuzz== ' <<<"$out" \
      || grep -m1 -E '^SUMMARY: |ERROR: (Address|Undefined|Leak)Sanitizer' <<<"$out" \
      || grep -m1 -E 'runtime error:|fuzz_replay: the input that crashed' <<<"$out"; } |
    sed "s#$ROOT/##g" || true
}

# Fields of a "==deferfuzz== KIND ID at SITE key=K | MESSAGE | reproduce: CMD" line.
line_kind() { awk '{print $2}' <<<"$1"; }
line_key() {
  local k
  k=$(grep -o 'key=[0-9a-f]*' <<<"$1" | head -n1 | cut -d= -f2)
  if [ -z "$k" ]; then k=$(printf '%s' "$1" | sha1sum | cut -c1-16); fi
  echo "$k"
}
line_id() {
  case $(line_kind "$1") in
    finding|violation) awk '{print $3}' <<<"$1" ;;
    *) awk '{print $2}' <<<"$1" ;;
  esac
}
# (the site may hold spaces: it ends at " key=<16 hex> | ", a form the
# message after it does not take)
line_site() { sed -n 's/^==deferfuzz== finding [^ ]* at \(.*\) key=[0-9a-f]\{16\} | .*/\1/p' <<<"$1"; }
line_message() { awk -F' [|] ' '{print $2}' <<<"$1"; }
line_repro() { awk -F' [|] reproduce: ' '{print $2}' <<<"$1"; }

# Minimizes a crash while it keeps its key; prints the path of the result.
minimize() {  # target program input key dir kind id
  local t=$1 prog=$2 input=$3 key=$4 dir=$5 kind=$6 id=$7
  local bin
  bin=$(builddir_of "$t")/fuzz/$t
  local best=$input
  local envs=(DEFERFUZZ_FAIL_KEY="$key")
  [ -n "$prog" ] && envs+=(DEFERFUZZ_PROGRAM="$(prog_path "$prog")")
  if [ "$ENGINE" = libfuzzer ]; then
    (cd "$dir" && env "${envs[@]}" timeout "$MINIMIZE_SECONDS" "$bin" -minimize_crash=1 \
       -runs=20000 -max_total_time="$MINIMIZE_SECONDS" -exact_artifact_path="$dir/input.min" \
       "$input" || true) >"$dir/minimize.log" 2>&1
  else
    env "${envs[@]}" AFL_NO_UI=1 ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 \
      timeout "$MINIMIZE_SECONDS" afl-tmin -i "$input" \
      -o "$dir/input.min" -- "$bin" >"$dir/minimize.log" 2>&1 || true
  fi
  if [ -s "$dir/input.min" ] && [ "$(line_key "$(replay_line "$t" "$prog" "$dir/input.min")")" = "$key" ]; then
    best=$dir/input.min
  fi
  # The CLI's structure-aware minimizer (fewest decisions and preemptions).
  local cli
  cli=$(builddir_of "$t")/cli/deferfuzz
  if [ "$t" != fuzz_parse ] && "$cli" minimize --help >/dev/null 2>&1; then
    local args=("$best" -o "$dir/input.min2")
    [ -n "$prog" ] && args+=(--program "$(prog_path "$prog")")
    [ "$kind" = finding ] && args+=(--fail-on "$id")
    if timeout "$MINIMIZE_SECONDS" "$cli" minimize "${args[@]}" >>"$dir/minimize.log" 2>&1 &&
       [ -s "$dir/input.min2" ] &&
       [ "$(line_key "$(replay_line "$t" "$prog" "$dir/input.min2")")" = "$key" ]; then
      best=$dir/input.min2
    fi
  fi
  echo "$best"
}

# Records one crash input: replay, dedup, minimize, replay for the report.
# ignore is the DEFERFUZZ_IGNORE_KEYS the input crashed under.
SEEN_KEYS=$WORK/seen_keys
: >"$SEEN_KEYS"
record_crash() {  # target program input log ignore -> prints the key
  local t=$1 prog=$2 input=$3 log=$4 ignore=${5:-}
  local line kind key id
  case $(basename "$input") in
    startup-*)
      line="==deferfuzz== crash in $t | at start-up, before any input: $(grep -m1 -E '^==deferfuzz== |^SUMMARY: ' "$log")"
      ;;
    timeout-*|oom-*|slow-unit-*)
      line="==deferfuzz== $(basename "$input" | cut -d- -f1) in $t | $(grep -m1 -E 'ERROR: libFuzzer' "$log" 2>/dev/null || echo "resource limit")"
      ;;
    *) line=$(replay_line "$t" "$prog" "$input" DEFERFUZZ_IGNORE_KEYS="$ignore") ;;
  esac
  if [ -z "$line" ]; then
    # It crashed under the fuzzer but not again: timeouts, out-of-memory,
    # or nondeterminism across processes.
    local what
    what=$(grep -m1 -E '^==[0-9]+== ERROR: libFuzzer|^==deferfuzz== |SUMMARY' "$log" 2>/dev/null || true)
    line="==deferfuzz== unreproducible in $t | ${what:-$(basename "$input")} does not crash when replayed"
  fi
  kind=$(line_kind "$line")
  case $kind in finding|violation|nondeterminism|generator|unreproducible|timeout|oom|slow) ;;
    *) kind=crash ;; esac
  key=$(line_key "$line")
  id=$(line_id "$line")
  [ "$kind" = crash ] && id=crash
  echo "$key"
  grep -qx "$t $key" "$SEEN_KEYS" && return 0
  echo "$t $key" >>"$SEEN_KEYS"
  local dir=$ARTIFACTS/crashes/$t-$key
  mkdir -p "$dir"
  cp "$input" "$dir/input"
  [ -f "$log" ] && cp "$log" "$dir/fuzz.log"
  local expected=no
  if [ "$kind" = finding ] && is_expected "$t" "$prog" "$id"; then expected=yes; fi
  local final=$dir/input
  case $kind:$(basename "$input") in unreproducible:*|timeout:*|oom:*|slow:*|*:startup-*) ;; *)
    if [ "$MINIMIZE" = all ] || { [ "$MINIMIZE" = new ] && [ "$expected" = no ]; }; then
      final=$(minimize "$t" "$prog" "$dir/input" "$key" "$dir" "$kind" "$id")
      [ "$final" != "$dir/input" ] && cp "$final" "$dir/minimized"
    fi
    local again
    again=$(replay_line "$t" "$prog" "$final" DEFERFUZZ_DUMP_DIR="$dir" DEFERFUZZ_FAIL_KEY="$key")
    [ -n "$again" ] && line=$again
    local bin
    bin=$(builddir_of "$t")/fuzz/${t}_replay
    local penv=()
    [ -n "$prog" ] && penv=(DEFERFUZZ_PROGRAM="$(prog_path "$prog")")
    # (|| true keeps the subshell from exec'ing: its "Aborted" goes to the
    # log; and a crash, the expected outcome, does not trip set -e.)
    (env "${penv[@]}" DEFERFUZZ_DUMP_DIR="$dir" DEFERFUZZ_FAIL_KEY="$key" "$bin" "$final" || true) \
      >"$dir/replay.log" 2>&1
    ;;
  esac
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$t" "${prog:--}" "$key" "$id" \
    "$(line_site "$line")" "$expected" "${dir#"$ROOT"/}" "$(line_message "$line" | tr '\t' ' ')" \
    "$(line_repro "$line" | tr '\t' ' ')" >>"$RESULTS"
  local label=NEW
  [ "$expected" = yes ] && label=expected
  say "  $t${prog:+ $(basename "$prog" .go)}: $kind $id ($label) ${dir#"$ROOT"/}"
}

# Records a run that executed nothing, with its engine logs.
record_norun() {  # target program workdir
  local t=$1 prog=$2 w=$3
  local key dir why
  key=$(printf 'no-executions %s %s' "$t" "$prog" | sha1sum | cut -c1-16)
  dir=$ARTIFACTS/crashes/$t-$key
  mkdir -p "$dir"
  cp "$w"/*.log "$dir/" 2>/dev/null || true
  why=$(cat "$w"/fuzz.*.log "$w"/afl.*.log 2>/dev/null | sed 's/\x1b\[[0-9;]*[a-zA-Z]//g' |
    grep -m1 -a -E 'PROGRAM ABORT|ERROR|error|[Ff]ail' | tr '\t' ' ' || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' no-executions "$t" "${prog:--}" "$key" \
    no-executions "" no "${dir#"$ROOT"/}" "the engine ran no input${why:+: $why}" "" >>"$RESULTS"
  say "  $t${prog:+ $(basename "$prog" .go)}: no-executions (NEW) ${dir#"$ROOT"/}"
}

# Crashes the seeds already show: replayed one by one until none is left,
# each key then ignored. Prints the ignore list.
triage_seeds() {  # target program seeds_dir
  local t=$1 prog=$2 seeds=$3 ignore=
  local bin
  bin=$(builddir_of "$t")/fuzz/${t}_replay
  local n=0
  while [ $n -lt 32 ]; do
    n=$((n + 1))
    local out penv=()
    [ -n "$prog" ] && penv=(DEFERFUZZ_PROGRAM="$(prog_path "$prog")")
    out=$(env "${penv[@]}" DEFERFUZZ_IGNORE_KEYS="$ignore" "$bin" "$seeds" 2>&1 >/dev/null) && break
    local input
    input=$(sed -n 's/^fuzz_replay: the input that crashed: //p' <<<"$out" | head -n1)
    [ -n "$input" ] || break
    printf '%s\n' "$out" >"$WORK/seedcrash.log"
    local key
    key=$(record_crash "$t" "$prog" "$input" "$WORK/seedcrash.log" "$ignore" | head -n1)
    # Only deferfuzz's own crashes can be ignored; stop at anything else.
    grep -q '^==deferfuzz== ' <<<"$out" || break
    ignore=${ignore:+$ignore,}$key
  done
  echo "$ignore"
}

# ------------------------------------------------------------ one campaign

# Fuzzes one target (and program) for secs seconds from the seed and
# corpus directories, records crashes, merges the corpus back.
campaign() {  # target program secs seeds...
  local t=$1 prog=$2 secs=$3; shift 3
  local seeds=("$@")
  local name=$t${prog:+-$(basename "$prog" .go)}
  if [[ $name == *[^A-Za-z0-9._-]* ]]; then # neither engine quotes the paths it passes on
    name=${name//[^A-Za-z0-9._-]/_}_$(printf '%s' "$prog" | sha1sum | cut -c1-8)
  fi
  local w=$WORK/$name
  local corpus=$CORPUS/$t${prog:+/$(basename "$prog" .go)}
  mkdir -p "$w/new" "$w/crashes" "$corpus"
  # libFuzzer does not quote the paths of the command lines it runs (-jobs,
  # -merge): the corpus, maybe --corpus "with spaces", by a link in $w
  ln -sfn "$corpus" "$w/corpus"
  local bdir bin
  bdir=$(builddir_of "$t")
  bin=$bdir/fuzz/$t
  local before
  before=$(count_files "$corpus")
  local penv=()
  [ -n "$prog" ] && penv=(DEFERFUZZ_PROGRAM="$(prog_path "$prog")")

  # Seeds that crash already.
  local ignore=
  for s in "${seeds[@]}" "$corpus"; do
    [ -d "$s" ] || continue
    local more
    more=$(triage_seeds "$t" "$prog" "$s" | tail -n1)
    [ -n "$more" ] && ignore=${ignore:+$ignore,}$more
  done

  local start end execs=0 rate=0 i=0
  start=$(date +%s)
  end=$((start + secs))
  if [ "$ENGINE" = libfuzzer ]; then
    local dict opts=() par=()
    dict=$bdir/fuzz/$t.dict
    [ -f "$dict" ] && opts+=(-dict="$dict")
    # the target's .options (OSS-Fuzz's format): every flag but the
    # dictionary (its path is given above) and the timeout (set below)
    local key val
    while IFS='=' read -r key val; do
      key=${key// /} val=${val# }
      case $key in ''|'['*|dict|timeout) ;; *) opts+=(-"$key"="$val") ;; esac
    done < <(grep -v '^#' "$bdir/fuzz/$t.options" 2>/dev/null || true)
    if [ "$JOBS" -gt 1 ] && [ -z "$prog" ]; then par=(-jobs="$JOBS" -workers="$JOBS"); fi
    while :; do
      local left=$((end - $(date +%s)))
      if [ $left -lt 1 ]; then
        [ $i -eq 0 ] || break
        left=1 # every campaign fuzzes at least once
      fi
      i=$((i + 1))
      local log=$w/fuzz.$i.log
      local ncrash
      ncrash=$(count_files "$w/crashes")
      (cd "$w" && env "${penv[@]}" DEFERFUZZ_IGNORE_KEYS="$ignore" \
        "$bin" -max_total_time="$left" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$w/crashes/" "${opts[@]}" "${par[@]}" "$w/new" "$w/corpus" "${seeds[@]}" || true) >"$log" 2>&1
      # With -jobs, each worker writes fuzz-N.log and the parent copies it
      # into its own output too: executions are counted from the workers'.
      local e wlogs=("$w"/fuzz-*.log)
      if [ -f "${wlogs[0]}" ]; then
        e=$(cat "${wlogs[@]}" | sed -n 's/^stat::number_of_executed_units: *//p' | awk '{s+=$1} END {print s+0}')
      else
        e=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | awk '{s+=$1} END {print s+0}')
      fi
      for f in "${wlogs[@]}"; do [ -f "$f" ] && cat "$f" >>"$log" && rm -f "$f"; done
      execs=$((execs + e))
      if [ "$(count_files "$w/crashes")" -le "$ncrash" ]; then
        # No crash input, yet a sanitizer or deferfuzz error: the target
        # failed outside any input (start-up, merge of the seeds).
        if grep -q -E '^==deferfuzz== |^SUMMARY: ' "$log" && [ "$e" -eq 0 ]; then
          cp "$log" "$w/crashes/startup-$i"
          record_crash "$t" "$prog" "$w/crashes/startup-$i" "$log" "$ignore" >/dev/null
        fi
        break
      fi
      # A new crash: record it, ignore its key, go on with the time left.
      local newest key
      newest=$(ls -t "$w/crashes" | head -n1)
      key=$(record_crash "$t" "$prog" "$w/crashes/$newest" "$log" "$ignore" | head -n1)
      grep -q '^==deferfuzz== ' "$log" || break  # a sanitizer crash: no way around it
      [[ ",$ignore," == *",$key,"* ]] && break    # the same again: give up
      ignore=${ignore:+$ignore,}$key
    done
    local took=$(( $(date +%s) - start ))
    [ $took -gt 0 ] && rate=$((execs / took))
    # Merge: the old corpus and what this run found, minimized.
    rm -rf "$w/merged"
    mkdir -p "$w/merged"
    (cd "$w" && env "${penv[@]}" DEFERFUZZ_IGNORE_KEYS="$ignore" DEFERFUZZ_FAIL_ON=none \
      "$bin" -merge=1 -artifact_prefix="$w/crashes/merge-" "${opts[@]}" "$w/merged" "$w/corpus" "$w/new" || true) >"$w/merge.log" 2>&1
  else
    local aflin=$w/in
    mkdir -p "$aflin"
    for s in "${seeds[@]}" "$corpus"; do
      [ -d "$s" ] && find "$s" -maxdepth 1 -type f ! -name '.*' -exec cp -t "$aflin" {} + 2>/dev/null
    done
    [ "$(count_files "$aflin")" -gt 0 ] || printf 'DFZ\001' >"$aflin/empty"
    local dict
    dict=$bdir/fuzz/$t.dict
    local secs_afl=$secs
    [ "$secs_afl" -ge 5 ] || secs_afl=5
    local aflenv=(AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_FAST_CAL=1
                  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CRASHES=1 AFL_ALLOW_TMP=1
                  ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0)
    # fz inputs (not fuzz_parse's Go text): structure-aware mutation and
    # trimming (fuzz/afl_mutator.c) instead of AFL++'s own stages, whose
    # byte flips mostly break the header, and whose havoc count on a fast
    # small input is in the tens of thousands (reverse_turns.go's panic:
    # median 1,958 executions this way, 66,601 with AFL++'s stages too;
    # bench/first_finding.sh ENGINE=afl). AFL_CUSTOM_MUTATOR_ONLY=0 in the
    # environment brings AFL++'s stages back.
    [ "$t" = fuzz_parse ] ||
      aflenv+=(AFL_CUSTOM_MUTATOR_LIBRARY="$bdir/fuzz/libdeferfuzz_afl_mutator.so")
    if [ "${AFL_CUSTOM_MUTATOR_ONLY:-1}" = 0 ]; then
      # afl-fuzz takes the variable being set, to anything, as yes
      aflenv=(-u AFL_CUSTOM_MUTATOR_ONLY "${aflenv[@]}")
    elif [ "$t" != fuzz_parse ]; then
      aflenv+=(AFL_CUSTOM_MUTATOR_ONLY=1)
    fi
    local pids=() j
    for j in $(seq 1 "$([ -z "$prog" ] && echo "$JOBS" || echo 1)"); do
      local role=-M; [ "$j" -gt 1 ] && role=-S
      env "${aflenv[@]}" "${penv[@]}" DEFERFUZZ_IGNORE_KEYS="$ignore" \
        afl-fuzz -i "$aflin" -o "$w/afl" $role "f$j" -V "$secs_afl" -x "$dict" -t 10000 \
        -- "$bin" >"$w/afl.$j.log" 2>&1 &
      pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || true; done
    local took=$(( $(date +%s) - start ))
    execs=$({ cat "$w"/afl/f*/fuzzer_stats 2>/dev/null || true; } |
      sed -n 's/^execs_done *: *//p' | awk '{s+=$1} END {print s+0}')
    if [ ! -f "$w/afl/f1/fuzzer_stats" ]; then
      say "$t${prog:+ $(basename "$prog" .go)}: afl-fuzz did not start: $(grep -m1 -a 'PROGRAM ABORT' "$w/afl.1.log" | sed 's/\x1b\[[0-9;]*[a-zA-Z]//g')"
    fi
    [ $took -gt 0 ] && rate=$((execs / took))
    local c
    for c in "$w"/afl/f*/crashes/id:*; do
      [ -f "$c" ] || continue
      record_crash "$t" "$prog" "$c" "$w/afl.1.log" "$ignore" >/dev/null
    done
    rm -rf "$w/merged"
    if ls "$w"/afl/f*/queue/id:* >/dev/null 2>&1; then
      mkdir -p "$w/queue"
      cp "$w"/afl/f*/queue/id:* "$w/queue/" 2>/dev/null || true
      find "$corpus" -maxdepth 1 -type f ! -name '.*' -exec cp -t "$w/queue" {} + 2>/dev/null || true
      env "${penv[@]}" DEFERFUZZ_FAIL_ON=none AFL_ALLOW_TMP=1 \
        afl-cmin -i "$w/queue" -o "$w/merged" -- "$bin" >"$w/merge.log" 2>&1 || true
    fi
  fi
  if [ -d "$w/merged" ] && [ "$(count_files "$w/merged")" -gt 0 ]; then
    rm -rf "$corpus"
    mkdir -p "$corpus"
    find "$w/merged" -maxdepth 1 -type f ! -name '.*' -exec cp -t "$corpus" {} +
  fi
  # A run that executed nothing did not fuzz: the engine failed to start
  # (bad flags, a fork server timeout, a target that exits at once). A
  # crash input explains it; anything else is reported, never "nothing found".
  if [ "$execs" -eq 0 ] && [ "$(count_files "$w/crashes")" -eq 0 ] &&
     ! ls "$w"/afl/f*/crashes/id:* >/dev/null 2>&1; then
    record_norun "$t" "$prog" "$w"
  fi
  local after
  after=$(count_files "$corpus")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "${prog:--}" "$(( $(date +%s) - start ))" "$execs" "$rate" \
    "$before" "$after" >>"$RUNS"
  say "$t${prog:+ $(basename "$prog" .go)}: $(( $(date +%s) - start ))s, $execs execs ($rate/s), corpus $before -> $after"
}

# ------------------------------------------------------------ the plan

share() {  # target -> seconds for it
  if [ ${#TARGETS[@]} -eq 1 ]; then echo "$FUZZ_SECONDS"; return; fi
  case $1 in
    fuzz_schedule) echo $((FUZZ_SECONDS * 60 / 100)) ;;
    fuzz_conformance) echo $((FUZZ_SECONDS * 30 / 100)) ;;
    fuzz_parse) echo $((FUZZ_SECONDS * 10 / 100)) ;;
  esac
}
atleast() { if [ "$1" -lt "$2" ]; then echo "$2"; else echo "$1"; fi; }

say "engine $ENGINE, targets ${TARGETS[*]}, ${FUZZ_SECONDS}s, $JOBS job(s), corpus ${CORPUS#"$ROOT"/}"
for t in "${TARGETS[@]}"; do
  secs=$(share "$t")
  seeds_root=$(builddir_of "$t")/fuzz/seeds
  case $t in
    fuzz_schedule)
      per=$(atleast $((secs / ${#PROGRAMS[@]})) 1)
      say "fuzz_schedule: ${#PROGRAMS[@]} program(s), ${per}s each"
      for prog in "${PROGRAMS[@]}"; do
        stem=$(basename "$prog" .go)
        seeds=()
        [ -d "$seeds_root/schedule/$stem" ] && seeds+=("$seeds_root/schedule/$stem")
        [ -d "corpus/regressions/schedule/$stem" ] && seeds+=("$ROOT/corpus/regressions/schedule/$stem")
        if [ "$JOBS" -gt 1 ]; then
          while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
          campaign "$t" "$prog" "$per" "${seeds[@]}" &
        else
          campaign "$t" "$prog" "$per" "${seeds[@]}"
        fi
      done
      wait
      ;;
    fuzz_conformance)
      campaign "$t" "" "$(atleast "$secs" 1)" "$seeds_root/conformance" "$ROOT/corpus/regressions/conformance"
      ;;
    fuzz_parse)
      campaign "$t" "" "$(atleast "$secs" 1)" "$ROOT/corpus/parse" "$ROOT/corpus/regressions/parse"
      ;;
  esac
done

# ------------------------------------------------------------ report

rc=0
# fuzz_schedule's execution memo is on in the builds without ASan unless
# DEFERFUZZ_EXEC_MEMO_MB=0: the summary then says what its execs count.
memo_note=0
if [ "$(preset_of fuzz_schedule)" != fuzz ] && [ "${DEFERFUZZ_EXEC_MEMO_MB:-64}" != 0 ]; then
  memo_note=1
fi
MEMO_NOTE=$memo_note \
python3 - "$ROOT" "$ARTIFACTS" "$RESULTS" "$RUNS" "$ENGINE" "$FUZZ_SECONDS" "$(( $(date +%s) - T0 ))" <<'PY' || rc=$?
import json, os, sys, urllib.parse

root, artifacts, results_tsv, runs_tsv, engine, budget, took = sys.argv[1:8]
FIELDS = ["kind", "target", "program", "key", "id", "site", "expected", "dir", "message", "repro"]
results = [dict(zip(FIELDS, l.rstrip("\n").split("\t"))) for l in open(results_tsv) if l.strip()]
runs = [l.rstrip("\n").split("\t") for l in open(runs_tsv) if l.strip()]

DESCRIPTIONS = {
    "panic": "An unrecovered panic ends the program.",
    "send-on-closed": "A send on a closed channel panics.",
    "close-of-closed": "A channel is closed twice.",
    "close-of-nil": "A nil channel is closed.",
    "negative-waitgroup": "A WaitGroup counter goes negative.",
    "unlock-of-unlocked": "A mutex that is not locked is unlocked (fatal error).",
    "deadlock": "Every goroutine is blocked.",
    "leak": "A goroutine is still blocked when the program ends.",
    "skipped-cleanup": "A deferred call never runs.",
    "close-send-race": "A close and a send on one channel are not ordered by happens-before.",
    "budget-exhausted": "The execution ran out of its step budget.",
    "violation": "deferfuzz broke Go's semantics (a bug in deferfuzz, not in the program).",
    "nondeterminism": "One input gave two different executions (a bug in deferfuzz).",
    "generator": "A generated program does not load (a bug in deferfuzz's generator).",
    "unreproducible": "A crash did not happen again when replayed (nondeterminism or a resource limit).",
    "crash": "The fuzz target crashed outside the oracles (sanitizer report, signal).",
    "no-executions": "A fuzzing run executed no input: the engine failed to start.",
}

def rule_of(r):
    return r["id"] if r["kind"] == "finding" else r["kind"]

def unexpected(r):
    return not (r["kind"] == "finding" and r["expected"] == "yes")

def artifact(path):
    """A SARIF artifactLocation: relative to the checkout when inside it,
    else an absolute file URI (not "../.."); percent-encoded either way."""
    if os.path.isabs(path):
        if os.path.commonpath([path, root]) != root:
            return {"uri": "file://" + urllib.parse.quote(path)}
        path = os.path.relpath(path, root)
    return {"uri": urllib.parse.quote(path), "uriBaseId": "%SRCROOT%"}

def location(r):
    site = r["site"]
    if site and site.count(":") >= 2:
        path, line, col = site.rsplit(":", 2)
        try:
            return path, int(line), int(col)
        except ValueError:
            pass
    prog = os.path.join(root, r["dir"], "prog.go")
    if os.path.exists(prog):
        return prog, 1, 1
    if r["program"] != "-":
        return r["program"], 1, 1
    return "fuzz/%s.c" % r["target"], 1, 1

# ---- SARIF 2.1.0
rules = sorted({rule_of(r) for r in results})
sarif_results = []
for r in results:
    path, line, col = location(r)
    sarif_results.append({
        "ruleId": rule_of(r),
        "ruleIndex": rules.index(rule_of(r)),
        "level": "error" if unexpected(r) else "note",
        "message": {"text": r["message"] or rule_of(r)},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact(path),
            "region": {"startLine": line, "startColumn": col}}}],
        "partialFingerprints": {"deferfuzzKey/v1": r["key"]},
        "properties": {"target": r["target"], "expected": r["expected"] == "yes",
                       "reproduce": r["repro"], "artifacts": r["dir"]},
    })
sarif = {
    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
    "version": "2.1.0",
    "runs": [{
        "tool": {"driver": {
            "name": "deferfuzz",
            "rules": [{"id": k, "shortDescription": {"text": DESCRIPTIONS.get(k, k)},
                       "defaultConfiguration": {"level": "error"}} for k in rules]}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": "file://" + urllib.parse.quote(root.rstrip("/")) + "/"}},
        "results": sarif_results,
    }],
}
with open(os.path.join(artifacts, "results.sarif"), "w") as f:
    json.dump(sarif, f, indent=2)
    f.write("\n")

# ---- summary.md
bad = [r for r in results if unexpected(r)]
out = []
out.append("# deferfuzz fuzzing summary\n")
out.append("Engine %s, budget %ss, took %ss. %d distinct result(s), %d unexpected.\n"
           % (engine, budget, took, len(results), len(bad)))
out.append("## Results\n")
if not results:
    out.append("Nothing found.\n")
else:
    out.append("| | kind | target | program | id | site | reproduce |")
    out.append("|---|---|---|---|---|---|---|")
    for r in sorted(results, key=lambda r: (not unexpected(r), r["target"], r["program"], r["id"])):
        mark = "NEW" if unexpected(r) else "expected"
        prog = os.path.basename(r["program"]) if r["program"] != "-" else "-"
        repro = ("`%s`" % r["repro"]) if r["repro"] else "see `%s/`" % r["dir"]
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            mark, r["kind"], r["target"], prog, r["id"], r["site"] or "-", repro.replace("|", "\\|")))
    out.append("")
    for r in results:
        out.append("- `%s` %s: %s (input: `%s/`)" % (r["key"], r["id"], r["message"].replace("|", "\\|"), r["dir"]))
    out.append("")
out.append("## Runs\n")
out.append("| target | program | seconds | execs | exec/s | corpus before | corpus after |")
out.append("|---|---|---|---|---|---|---|")
for t, p, s, e, rate, b, a in runs:
    out.append("| %s | %s | %s | %s | %s | %s | %s |" % (t, os.path.basename(p) if p != "-" else "-", s, e, rate, b, a))
out.append("")
if os.environ.get("MEMO_NOTE") == "1" and any(r[0] == "fuzz_schedule" for r in runs):
    out.append("fuzz_schedule's execs count the inputs its execution memo answered without "
               "running them (they repeat an execution already run; see the README's fuzzing section).")
    out.append("")
with open(os.path.join(artifacts, "summary.md"), "w") as f:
    f.write("\n".join(out))
print("\n".join(out))
sys.exit(1 if bad else 0)
PY
say "report: ${ARTIFACTS#"$ROOT"/}/summary.md, ${ARTIFACTS#"$ROOT"/}/results.sarif"
exit $rc
