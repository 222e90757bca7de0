#!/usr/bin/env bash
# ci/minimize-corpus.sh [--engine libfuzzer|afl] --target T [--program P.go]
#                       -o OUT IN_DIR... - the smallest corpus with the same
# coverage: libFuzzer's -merge=1 (set-cover merge with --set-cover), or
# afl-cmin with --engine afl, over every file of the IN_DIRs, into OUT
# (created; must be empty or absent). fuzz_schedule needs its program
# (--program or $DEFERFUZZ_PROGRAM). Prints the file count and bytes before
# and after. Builds what it needs (preset fuzz-nosan, or afl).
set -euo pipefail
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }
engine=libfuzzer target="" program="${DEFERFUZZ_PROGRAM:-}" out="" setcover=0
ins=()
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --engine) engine=${2:?}; shift 2 ;;
    --target) target=${2:?}; shift 2 ;;
    --program) program=${2:?}; shift 2 ;;
    --set-cover) setcover=1; shift ;;
    -o) out=${2:?}; shift 2 ;;
    -*) echo "minimize-corpus.sh: unknown option $1" >&2; exit 2 ;;
    *) ins+=("$(cd "$1" && pwd)") || { echo "minimize-corpus.sh: no directory $1" >&2; exit 2; }; shift ;;
  esac
done
case $engine in libfuzzer|afl) ;; *) echo "minimize-corpus.sh: --engine libfuzzer|afl" >&2; exit 2 ;; esac
case $target in fuzz_schedule|fuzz_conformance|fuzz_parse) ;;
  *) echo "minimize-corpus.sh: --target fuzz_schedule|fuzz_conformance|fuzz_parse" >&2; exit 2 ;; esac
[ -n "$out" ] && [ ${#ins[@]} -gt 0 ] || { usage >&2; exit 2; }
if [ "$target" = fuzz_schedule ]; then
  [ -n "$program" ] || { echo "minimize-corpus.sh: fuzz_schedule needs --program" >&2; exit 2; }
  export DEFERFUZZ_PROGRAM; DEFERFUZZ_PROGRAM=$(cd "$(dirname "$program")" && pwd)/$(basename "$program")
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
[ -z "$(ls -A "$out")" ] || { echo "minimize-corpus.sh: $out is not empty" >&2; exit 2; }
cd "$(dirname "$0")/.."
ci/bootstrap.sh >/dev/null
preset=$([ "$engine" = afl ] && echo afl || echo fuzz-nosan)
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target "$target" >/dev/null
bin=build/$preset/fuzz/$target
stats() { find "$@" -type f ! -name stamp | { n=0; b=0; while read -r f; do n=$((n + 1)); b=$((b + $(stat -c %s "$f"))); done; echo "$n files, $b bytes"; }; }
echo "minimize-corpus: $target, before: $(stats "${ins[@]}")"
# crashing inputs must not stop the merge: findings are expected in corpora
export DEFERFUZZ_FAIL_ON=none
if [ "$engine" = libfuzzer ]; then
  flag=-merge=1
  [ $setcover -eq 1 ] && flag=-set_cover_merge=1
  "$bin" $flag "$out" "${ins[@]}" > "$out.log" 2>&1 || { tail -20 "$out.log" >&2; exit 1; }
else
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  k=0
  for d in "${ins[@]}"; do
    find "$d" -type f ! -name stamp | while read -r f; do cp "$f" "$tmp/in-$k-$(basename "$f")"; done
    k=$((k + 1))
  done
  rmdir "$out"
  AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_ALLOW_TMP=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    afl-cmin -i "$tmp" -o "$out" -- "$bin" > "$out.log" 2>&1 || { tail -20 "$out.log" >&2; exit 1; }
fi
rm -f "$out.log"
echo "minimize-corpus: $target, after:  $(stats "$out") in $out"
