#!/bin/sh
# memo_check.sh REPLAY MUTANT14_REPLAY SEEDS PROGRAMS - fuzz_schedule's
# execution memo (fz.h fz_memo), run by the replay binary with
# DEFERFUZZ_EXEC_MEMO_MB turning it on (it is off there by default):
#   - every input of a program's seeds run 3 times in a row
#     (DEFERFUZZ_REPLAY_REPEAT) sets the same counters, input by input
#     (counters_hash: every index and value), with the memo as without
#     it, and the memo answers at least the repeats
#     of the inputs without findings: all of them for workerpool3 (2 of
#     every 3 executions), some for pool_close_jobs, whose bug some seeds
#     show (executions with findings always run);
#   - with DEFERFUZZ_EXEC_MEMO_VERIFY=1 the repeats run all the same and
#     agree with the memo;
#   - the runtime of mutant 14 (goroutine ids carry on from one execution
#     to the next: runtime/sched.c) passes unnoticed with the memo off,
#     since nothing within one execution is wrong, and is reported as
#     nondeterminism with it on.
# SEEDS is the build's seeds/schedule directory, PROGRAMS corpus/programs.
set -eu
replay=$1 mutant=$2 seeds=$3 progs=$4
fail() { echo "FAIL: $*" >&2; exit 1; }
field() { sed -n "s/.*\"$1\": \([0-9.]*\)[,}].*/\1/p"; }

for name in workerpool3 pool_close_jobs; do
  run() {
    env DEFERFUZZ_PROGRAM="$progs/$name.go" DEFERFUZZ_FAIL_ON=none DEFERFUZZ_REPLAY_REPEAT=3 \
      DEFERFUZZ_EXEC_MEMO_MB="$1" "$replay" "$seeds/$name" 2>"$err" ||
      { cat "$err" >&2; fail "$name: the replay with DEFERFUZZ_EXEC_MEMO_MB=$1 failed"; }
  }
  err=$(mktemp)
  off=$(run 0)
  on=$(run 16)
  rm -f "$err"
  n=$(echo "$on" | field executions)
  c_off=$(echo "$off" | field counters_per_exec) c_on=$(echo "$on" | field counters_per_exec)
  x_off=$(echo "$off" | sed -n 's/.*"counters_hash": "\([0-9a-f]*\)".*/\1/p')
  x_on=$(echo "$on" | sed -n 's/.*"counters_hash": "\([0-9a-f]*\)".*/\1/p')
  h_off=$(echo "$off" | field memo_hits) h_on=$(echo "$on" | field memo_hits)
  echo "$name: $n executions; counters per execution $c_off without the memo, $c_on with it (hash $x_off, $x_on); $h_on answered by the memo"
  [ -n "$n" ] && [ -n "$c_on" ] && [ -n "$h_on" ] || fail "no JSON line from the replay binary"
  [ -n "$x_on" ] && [ "$x_on" != 0000000000000000 ] || fail "no counters_hash from the replay binary"
  [ "$c_off" = "$c_on" ] && [ "$x_off" = "$x_on" ] ||
    fail "$name: the memo changed the counters an execution sets (hash $x_off without it, $x_on with it)"
  [ "$h_off" = 0 ] || fail "$name: memo hits with DEFERFUZZ_EXEC_MEMO_MB=0"
  case $name in
    workerpool3) [ "$h_on" -ge $((n * 2 / 3)) ] || fail "$name: fewer than the 2 repeats of every input answered" ;;
    *) [ "$h_on" -gt 0 ] && [ "$h_on" -lt $((n * 2 / 3)) ] ||
         fail "$name: expected some inputs (those without findings) answered, not all" ;;
  esac
done

# DEFERFUZZ_EXEC_MEMO_VERIFY=1: every repeat is run all the same and
# checked against the memo.
out=$(env DEFERFUZZ_PROGRAM="$progs/workerpool3.go" DEFERFUZZ_FAIL_ON=none DEFERFUZZ_REPLAY_REPEAT=3 \
  DEFERFUZZ_EXEC_MEMO_MB=16 DEFERFUZZ_EXEC_MEMO_VERIFY=1 "$replay" "$seeds/workerpool3" 2>&1) ||
  fail "verify: a known execution run again disagreed with the memo: $out"
echo "$out" | grep -q 'execution memo: [1-9][0-9]* of .*were run again all the same' ||
  fail "verify: no known execution was run again: $out"

out=$(env DEFERFUZZ_PROGRAM="$progs/workerpool3.go" DEFERFUZZ_FAIL_ON=none DEFERFUZZ_ORACLES=none \
  DEFERFUZZ_EXEC_MEMO_MB=0 "$mutant" "$seeds/workerpool3" 2>&1) ||
  fail "mutant 14 without the memo should pass (nothing within one execution is wrong): $out"
set +e
out=$(env DEFERFUZZ_PROGRAM="$progs/workerpool3.go" DEFERFUZZ_FAIL_ON=none DEFERFUZZ_ORACLES=none \
  DEFERFUZZ_EXEC_MEMO_MB=16 "$mutant" "$seeds/workerpool3" 2>&1)
rc=$?
set -e
echo "$out" | grep '^==deferfuzz==' || true
[ "$rc" -ne 0 ] || fail "mutant 14 with the memo passed"
echo "$out" | grep -q '^==deferfuzz== nondeterminism in fuzz_schedule key=[0-9a-f]\{16\} | the first decision point differs' ||
  fail "mutant 14 with the memo: no nondeterminism report at the first decision"
echo "$out" | grep -q 'this input alone may not show it' ||
  fail "the nondeterminism report does not say the input alone may not show it"
echo "PASS"
