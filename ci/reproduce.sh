#!/usr/bin/env bash
# ci/reproduce.sh FILE [--program PROG.go] - reproduce a fuzzer crash
# locally: builds the ASan + UBSan preset, runs FILE once through the
# target's replay binary under the sanitizers (the crash as the fuzzer
# saw it), then `deferfuzz replay FILE`: the program as Go source, the
# interleaving as one lane per goroutine, the verdict and the command that
# reproduces it. Which target: a DFZ input (magic and version, even cut
# short) with a program is fuzz_conformance's; a schedule-only one is
# fuzz_schedule's (its program from --program or $DEFERFUZZ_PROGRAM);
# anything else is fuzz_parse's (Go source bytes).
# Exit code: for DFZ inputs, deferfuzz replay's (0 nothing, 1 findings,
# 3 violations), or 3 when the replay binary crashed and deferfuzz replay
# found nothing (a sanitizer report: a deferfuzz bug); for fuzz_parse
# inputs 0, or 1 when the replay crashed; 2 on bad usage, an unreadable
# file, an input of another version or a failed build.
set -uo pipefail
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
die() { echo "reproduce.sh: $*" >&2; exit 2; }
file="" program="${DEFERFUZZ_PROGRAM:-}"
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --program) [ $# -ge 2 ] || die "--program needs a value"; program=$2; shift 2 ;;
    -*) echo "reproduce.sh: unknown option $1" >&2; exit 2 ;;
    *) [ -z "$file" ] || { echo "reproduce.sh: one file only" >&2; exit 2; }; file=$1; shift ;;
  esac
done
[ -n "$file" ] || { usage >&2; exit 2; }
[ -f "$file" ] && [ -r "$file" ] || die "cannot read $file (not a readable file)"
file=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
if [ -n "$program" ]; then
  [ -f "$program" ] || die "no program $program"
  program=$(cd "$(dirname "$program")" && pwd)/$(basename "$program")
fi
# fuzz/fz.h: magic "DFZ", version byte (1); the kind byte (offset 6, 0 when
# the header is cut short) says whether a program follows.
kind=$(python3 - "$file" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
if len(d) < 4 or d[:3] != b'DFZ':
    print('parse')
elif d[3] != 1:
    print('version %d' % d[3])
elif (d[6] if len(d) > 6 else 0) % 3 == 0:
    print('schedule')
else:
    print('conformance')
PY
) || die "cannot read $file"
case $kind in version*)
  die "$file is a deferfuzz input of ${kind}; this checkout reads version 1" ;;
esac
[ "$kind" != schedule ] || [ -n "$program" ] ||
  die "$file holds only a schedule: give --program PROG.go"
cd "$(dirname "$0")/.."
ci/bootstrap.sh >/dev/null
echo "=== building the asan preset (clang, ASan + UBSan)"
cmake --preset asan >/dev/null && cmake --build --preset asan >/dev/null || exit 2
bin=build/asan
echo "=== fuzz_${kind}_replay under ASan + UBSan"
if [ "$kind" = schedule ]; then
  DEFERFUZZ_PROGRAM=$program "$bin/fuzz/fuzz_schedule_replay" "$file"; rc=$?
else
  "$bin/fuzz/fuzz_${kind}_replay" "$file"; rc=$?
fi
echo "=== the replay binary exited with $rc ($([ $rc -eq 0 ] && echo 'no crash' || echo 'crashed'))"
if [ "$kind" = parse ]; then [ $rc -eq 0 ] && exit 0 || exit 1; fi
echo "=== deferfuzz replay"
args=("$file")
[ -n "$program" ] && args+=(--program "$program")
"$bin/cli/deferfuzz" replay "${args[@]}"; r=$?
if [ $r -eq 0 ] && [ $rc -ne 0 ]; then
  echo "=== the replay binary crashed, deferfuzz replay found nothing: see the sanitizer report above" >&2
  exit 3
fi
exit $r
