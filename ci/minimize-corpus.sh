#!/usr/bin/env bash
# ci/minimize-corpus.sh [--engine libfuzzer|afl] --target T [--program P.go]
#                       -o OUT IN_DIR... - the smallest corpus with the same
# coverage: libFuzzer's -merge=1 (set-cover merge with --set-cover), or
# afl-cmin with --engine afl, over every file of the IN_DIRs, into OUT
# (created; must be empty or absent). fuzz_schedule needs its program
# (--program or $DEFERFUZZ_PROGRAM). Prints the file count and bytes before
# and after. Builds what it needs (preset fuzz-nosan, or afl). Exit code:
# 0 done, 1 the merge failed (its log's tail on stderr), 2 bad usage or a
# failed build.
set -euo pipefail
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
die() { echo "minimize-corpus.sh: $*" >&2; exit 2; }
need() { [ $# -ge 2 ] || die "$1 needs a value"; }
engine=libfuzzer target="" program="${DEFERFUZZ_PROGRAM:-}" out="" setcover=0
ins=()
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --engine) need "$@"; engine=$2; shift 2 ;;
    --target) need "$@"; target=$2; shift 2 ;;
    --program) need "$@"; program=$2; shift 2 ;;
    --set-cover) setcover=1; shift ;;
    -o) need "$@"; out=$2; shift 2 ;;
    -*) die "unknown option $1" ;;
    *) [ -d "$1" ] || die "no directory $1"; ins+=("$(cd "$1" && pwd)"); shift ;;
  esac
done
case $engine in libfuzzer|afl) ;; *) echo "minimize-corpus.sh: --engine libfuzzer|afl" >&2; exit 2 ;; esac
case $target in fuzz_schedule|fuzz_conformance|fuzz_parse) ;;
  *) echo "minimize-corpus.sh: --target fuzz_schedule|fuzz_conformance|fuzz_parse" >&2; exit 2 ;; esac
[ -n "$out" ] && [ ${#ins[@]} -gt 0 ] || { usage >&2; exit 2; }
if [ "$target" = fuzz_schedule ]; then
  [ -n "$program" ] || die "fuzz_schedule needs --program"
  [ -f "$program" ] || die "no program $program"
  export DEFERFUZZ_PROGRAM; DEFERFUZZ_PROGRAM=$(cd "$(dirname "$program")" && pwd)/$(basename "$program")
fi
[ ! -e "$out" ] || [ -d "$out" ] || die "$out is not a directory"
[ ! -d "$out" ] || [ -z "$(ls -A "$out")" ] || die "$out is not empty"
mkdir -p "$out" || die "cannot create $out"
out=$(cd "$out" && pwd)
log=$(mktemp); trap 'rm -f "$log"' EXIT # the engine's output, shown on failure
cd "$(dirname "$0")/.."
ci/bootstrap.sh >/dev/null || die "ci/bootstrap.sh failed"
preset=$([ "$engine" = afl ] && echo afl || echo fuzz-nosan)
cmake --preset "$preset" >/dev/null || die "cmake --preset $preset failed"
cmake --build --preset "$preset" --target "$target" >/dev/null || die "the build failed"
bin=build/$preset/fuzz/$target
stats() { find "$@" -type f ! -name stamp | { n=0; b=0; while read -r f; do n=$((n + 1)); b=$((b + $(stat -c %s "$f"))); done; echo "$n files, $b bytes"; }; }
echo "minimize-corpus: $target, before: $(stats "${ins[@]}")"
# crashing inputs must not stop the merge: findings are expected in corpora
export DEFERFUZZ_FAIL_ON=none
# Neither engine quotes paths on the command lines it builds (libFuzzer's
# merge runs itself again; afl-cmin is a shell script): the merge works in
# a temp dir, on copies of the inputs named in-<dir>-<n>, and its result
# is moved into OUT.
tmp=$(mktemp -d); trap 'rm -rf "$tmp" "$log"' EXIT
mkdir "$tmp/in"
k=0
for d in "${ins[@]}"; do
  n=0
  while IFS= read -r -d '' f; do
    n=$((n + 1))
    cp "$f" "$tmp/in/in-$k-$n"
  done < <(find "$d" -type f ! -name stamp -print0)
  k=$((k + 1))
done
if [ "$engine" = libfuzzer ]; then
  flag=-merge=1
  [ $setcover -eq 1 ] && flag=-set_cover_merge=1
  mkdir "$tmp/out"
  "$bin" $flag "$tmp/out" "$tmp/in" >"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
else
  AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_ALLOW_TMP=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    afl-cmin -i "$tmp/in" -o "$tmp/out" -- "$bin" >"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
fi
find "$tmp/out" -maxdepth 1 -type f ! -name '.*' -exec mv -t "$out" {} +
echo "minimize-corpus: $target, after:  $(stats "$out") in $out"
