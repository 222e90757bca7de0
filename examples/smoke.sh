#!/usr/bin/env bash
# examples/smoke.sh BIN - the producer/consumer example must be deterministic
# (two runs over the same seeds print the same report) and must reach both
# the clean ending and the close/send race (C6) within 300 seeds.
set -euo pipefail
bin=$1
a=$("$bin" 300)
b=$("$bin" 300)
[ "$a" = "$b" ] || { echo "smoke: two runs over the same seeds differ" >&2; exit 1; }
grep -q 'panic: send on closed channel' <<<"$a" || { echo "smoke: race never reached" >&2; exit 1; }
grep -q 'exit code 0 (return)' <<<"$a" || { echo "smoke: clean ending never reached" >&2; exit 1; }
seed=$(grep -m1 -B6 'panic: send on closed channel' <<<"$a" | sed -n 's/.*reproduce with --seed \([0-9]*\).*/\1/p' | tail -n1)
[ -n "$seed" ] || { echo "smoke: no reproducing seed printed" >&2; exit 1; }
set +e
out=$("$bin" --seed "$seed" 2>&1)
rc=$?
set -e
[ $rc -eq 2 ] || { echo "smoke: --seed $seed exited $rc, want 2" >&2; exit 1; }
grep -q 'panic: send on closed channel' <<<"$out" || { echo "smoke: --seed $seed did not reproduce" >&2; exit 1; }
echo "smoke: ok (seed $seed reproduces the race)"
