#!/usr/bin/env bash
# ci/reproduce.sh FILE [--program PROG.go] - reproduce a fuzzer crash
# locally: builds the ASan + UBSan preset, runs FILE once through the
# target's replay binary under the sanitizers (the crash as the fuzzer
# saw it), then `deferfuzz replay FILE`: the program as Go source, the
# interleaving as one lane per goroutine, the verdict and the command that
# reproduces it. Which target: a DFZ input with a program is
# fuzz_conformance's; a schedule-only one is fuzz_schedule's (its program
# from --program or $DEFERFUZZ_PROGRAM); anything else is fuzz_parse's.
# Exit code: the replay's (0 nothing, 1 findings, 3 violations, 2 usage).
set -uo pipefail
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
file="" program="${DEFERFUZZ_PROGRAM:-}"
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --program) program=${2:?--program needs a value}; shift 2 ;;
    -*) echo "reproduce.sh: unknown option $1" >&2; exit 2 ;;
    *) [ -z "$file" ] || { echo "reproduce.sh: one file only" >&2; exit 2; }; file=$1; shift ;;
  esac
done
[ -n "$file" ] || { usage >&2; exit 2; }
[ -r "$file" ] || { echo "reproduce.sh: cannot read $file" >&2; exit 2; }
file=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
[ -z "$program" ] || program=$(cd "$(dirname "$program")" && pwd)/$(basename "$program")
cd "$(dirname "$0")/.."
ci/bootstrap.sh >/dev/null
echo "=== building the asan preset (clang, ASan + UBSan)"
cmake --preset asan >/dev/null && cmake --build --preset asan >/dev/null || exit 2
bin=build/asan
kind=$(python3 - "$file" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
if len(d) < 11 or d[:3] != b'DFZ':
    print('parse')
elif d[6] % 3 == 0:
    print('schedule')
else:
    print('conformance')
PY
)
echo "=== fuzz_${kind}_replay under ASan + UBSan"
if [ "$kind" = schedule ]; then
  [ -n "$program" ] || { echo "reproduce.sh: $file holds only a schedule: give --program PROG.go" >&2; exit 2; }
  DEFERFUZZ_PROGRAM=$program "$bin/fuzz/fuzz_schedule_replay" "$file"; rc=$?
else
  "$bin/fuzz/fuzz_${kind}_replay" "$file"; rc=$?
fi
echo "=== the replay binary exited with $rc ($([ $rc -eq 0 ] && echo 'no crash' || echo 'crashed'))"
[ "$kind" = parse ] && exit $rc
echo "=== deferfuzz replay"
args=("$file")
[ -n "$program" ] && args+=(--program "$program")
"$bin/cli/deferfuzz" replay "${args[@]}"
