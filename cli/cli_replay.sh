#!/usr/bin/env bash
# cli/cli_replay.sh DEFERFUZZ GO_EXAMPLES - deferfuzz replay and minimize on
# fuzzer inputs (fuzz/fz.h) as a user meets them: a crash file in hand.
set -uo pipefail
df=$1
ex=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "cli_replay: $*" >&2; exit 1; }

# mkinput OUT STRATEGY_BYTE OPTIONS_BYTE KIND PROGRAM_FILE|"" SCHEDULE_HEX
mkinput() {
  python3 - "$@" <<'PY'
import struct, sys
out, strat, opt, kind, prog, sched = sys.argv[1:7]
src = open(prog, 'rb').read() if prog else b''
data = b'DFZ' + bytes([1, int(strat), int(opt), int(kind)]) + struct.pack('<I', len(src)) + src
data += bytes.fromhex(sched)
open(out, 'wb').write(data)
PY
}

"$df" replay --help | grep -q -- '--program' || fail "replay --help should describe --program"
"$df" minimize --help | grep -q -- '-o OUT' || fail "minimize --help should describe -o"

# A close race found by a PRNG-strategy input: search a seed that fails.
python3 - "$ex/close_race.go" "$work" <<'PY'
import struct, sys
src = open(sys.argv[1], 'rb').read()
for seed in range(1, 401):
    data = b'DFZ' + bytes([1, 1, 0, 1]) + struct.pack('<I', len(src)) + src + struct.pack('<Q', seed)
    open('%s/seed-%d' % (sys.argv[2], seed), 'wb').write(data)
PY
found=""
for seed in $(seq 1 400); do
  "$df" replay "$work/seed-$seed" > "$work/out" 2>&1; rc=$?
  if [ $rc -eq 1 ]; then found=$seed; cp "$work/seed-$seed" "$work/in"; break; fi
  [ $rc -eq 0 ] || fail "replay exit $rc: $(tail -5 "$work/out")"
done
[ -n "$found" ] || fail "no failing seed among 400"
"$df" replay "$work/in" > "$work/out" 2>&1; rc=$?
[ $rc -eq 1 ] || fail "replay of the failing input: exit $rc"
grep -q '^=== program: ' "$work/out" || fail "replay prints no program header"
grep -q 'func main()' "$work/out" || fail "replay does not print the program"
grep -q '^g1 g2 g3 g4 ' "$work/out" || fail "replay prints no goroutine lanes"
grep -q '^finding ' "$work/out" || fail "replay prints no finding"
cmd=$(grep -A1 '^=== reproduce ===' "$work/out" | tail -n1)
sched=$(printf '%s\n' "$cmd" | grep -o 'd1:[^ ]*')
[ -n "$sched" ] || fail "no schedule in the reproduce line: $cmd"
# the input holds close_race.go verbatim, so the schedule replays on it
"$df" run "$ex/close_race.go" --schedule "$sched" --report > /dev/null 2> "$work/run"
f1=$(grep '^finding ' "$work/out" | sed 's/ at [^ ]*//g' | cut -d: -f1 | sort -u)
f2=$(grep '^finding ' "$work/run" | sed 's/ at [^ ]*//g' | cut -d: -f1 | sort -u)
[ "$f1" = "$f2" ] || fail "run --schedule gave other findings: [$f1] vs [$f2]"

# replay is deterministic: twice the same bytes
"$df" replay "$work/in" > "$work/out2" 2>&1
cmp -s "$work/out" "$work/out2" || fail "two replays of one input differ"

# minimize: still fails with the same finding id, not larger
"$df" minimize "$work/in" -o "$work/min" > "$work/mlog" 2>&1 || fail "minimize failed: $(cat "$work/mlog")"
"$df" replay "$work/min" > "$work/mout" 2>&1; rc=$?
[ $rc -eq 1 ] || fail "minimized input: exit $rc, want 1"
id=$(sed -n 's/.*fails with \([a-z-]*\)$/\1/p' "$work/mlog" | head -n1)
[ -n "$id" ] || fail "minimize did not say what fails: $(cat "$work/mlog")"
grep -q "^finding $id:" "$work/mout" || fail "minimized input lost $id"
read -r d0 d1 < <(sed -n 's/^  decisions *\([0-9]*\) -> \([0-9]*\)$/\1 \2/p' "$work/mlog")
read -r l0 l1 < <(sed -n 's/^  program lines *\([0-9]*\) -> \([0-9]*\)$/\1 \2/p' "$work/mlog")
[ "$d1" -le "$d0" ] && [ "$l1" -lt "$l0" ] || fail "minimize did not shrink: $(cat "$work/mlog")"
# the minimized program is gofmt-formatted Go that loads
sed -n '/^=== program/,/^--- interleaving/p' "$work/mout" | sed '1d;$d' > "$work/min.go"
"$df" run "$work/min.go" > /dev/null 2>&1; rc=$?
[ $rc -ne 2 ] || [ -s "$work/min.go" ] || fail "minimized program does not load"
if command -v gofmt > /dev/null 2>&1; then
  sed '$d' "$work/min.go" > "$work/min2.go"   # drop the blank line before the timeline
  [ -z "$(gofmt -l "$work/min2.go")" ] || fail "minimized program is not gofmt-formatted"
fi

# The preemption pass never ends with more forced switches than it began
# with: close_race.go's send-on-closed under a schedule found by a user (it
# ended with 6 preemptions from 3 when a flip to "keep" was taken without
# counting the preemptions it moved later).
"$df" pack "$ex/close_race.go" --schedule d1:0000000000000001111000000000000000 -o "$work/pre.dfz" \
  > /dev/null || fail "pack close_race.go"
"$df" minimize "$work/pre.dfz" -o "$work/pre.min" --fail-on send-on-closed > "$work/plog" 2>&1 ||
  fail "minimize pre.dfz: $(cat "$work/plog")"
read -r p0 p1 < <(sed -n 's/^  preemptions *\([0-9]*\) -> \([0-9]*\)$/\1 \2/p' "$work/plog")
[ -n "${p1:-}" ] && [ "$p1" -le "$p0" ] || fail "minimize added preemptions: $(cat "$work/plog")"
"$df" replay "$work/pre.min" --fail-on send-on-closed > /dev/null 2>&1; rc=$?
[ $rc -eq 1 ] || fail "minimized pre.dfz: exit $rc, want 1 (send-on-closed)"

# an input that does not fail cannot be minimized
mkinput "$work/ok" 0 0 1 "$ex/defer_loop.go" ""
"$df" replay "$work/ok" > /dev/null 2>&1; rc=$?
[ $rc -eq 0 ] || fail "defer_loop replay: exit $rc, want 0"
"$df" minimize "$work/ok" -o "$work/x" > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'does not fail' "$work/err" || fail "minimize of a passing input: exit $rc"

# an output that cannot be written is refused before the work, not after
"$df" minimize "$work/in" -o "$work/no/such/dir/x" > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'cannot create it' "$work/err" ||
  fail "minimize -o into a missing directory: exit $rc $(cat "$work/err")"

# schedule-only inputs need their program
mkinput "$work/sched" 0 0 0 "" "0102030405"
"$df" replay "$work/sched" > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 2 ] && grep -q -- '--program' "$work/err" || fail "schedule-only input without program: exit $rc"
"$df" replay "$work/sched" --program "$ex/close_race.go" > "$work/out" 2>&1; rc=$?
[ $rc -le 1 ] || fail "schedule-only input with --program: exit $rc"
grep -q "deferfuzz run $ex/close_race.go --schedule d1:" "$work/out" || fail "reproduce line for --program"
DEFERFUZZ_PROGRAM="$ex/close_race.go" "$df" replay "$work/sched" > /dev/null 2>&1; rc=$?
[ $rc -le 1 ] || fail "DEFERFUZZ_PROGRAM: exit $rc"

# bad files: clear message, exit 2
printf 'hello world, not an input' > "$work/bad"
"$df" replay "$work/bad" > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'not a deferfuzz input' "$work/err" || fail "foreign file: exit $rc $(cat "$work/err")"
printf 'DFZ\007\000\000\001\000\000\000\000' > "$work/v7"
"$df" replay "$work/v7" > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'version 7' "$work/err" || fail "version 7: exit $rc $(cat "$work/err")"
printf 'DF' > "$work/short"
"$df" replay "$work/short" > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 2 ] || fail "truncated file: exit $rc"
# A cut input (a fuzzer runs those too): replayed as the targets read it,
# with a warning that says how it was cut.
mkinput "$work/full" 0 0 1 "$ex/close_race.go" ""
head -c 60 "$work/full" > "$work/cut"
"$df" replay "$work/cut" > /dev/null 2> "$work/err"
grep -q 'warning: truncated deferfuzz input: the header claims [0-9]* program bytes, 49 are there' \
  "$work/err" || fail "a cut input should be replayed with a warning: $(cat "$work/err")"
"$df" replay "$work/nonexistent" > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "missing file: exit $rc"
echo "cli_replay: ok (failing seed $found; decisions $d0 -> $d1, lines $l0 -> $l1)"
