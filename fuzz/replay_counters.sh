#!/bin/sh
# replay_counters.sh REPLAY SEEDS_DIR PROG.go - the replay binary runs the
# concurrency coverage as the engines do and reports the counters an
# execution set (counters_per_exec in its DEFERFUZZ_REPLAY_REPEAT line):
# more than a few for a program with goroutines and channels, exactly 0
# with DEFERFUZZ_NO_CONC_COV=1, and over a directory the mean of what each
# input sets alone (the counters are cleared after every execution, as an
# engine does; features left over from the previous input would raise it).
set -eu
replay=$1 seeds=$2 prog=$3
per_exec() { # REPEAT PATH
  env DEFERFUZZ_PROGRAM="$prog" DEFERFUZZ_FAIL_ON=none DEFERFUZZ_REPLAY_REPEAT="$1" "$replay" "$2" |
    sed -n 's/.*"counters_per_exec": \([0-9.]*\)}.*/\1/p'
}
all=$(per_exec 2 "$seeds")
off=$(DEFERFUZZ_NO_CONC_COV=1 per_exec 1 "$seeds")
each=$(for f in "$seeds"/*; do per_exec 1 "$f"; done | awk '{ s += $1; n++ } END { if (n) printf "%.3f", s / n }')
echo "counters per execution: $all; mean of the inputs run alone: $each; without fz_cov: $off"
awk -v all="$all" -v each="$each" -v off="$off" 'BEGIN {
  if (all == "" || off == "" || each == "") { print "FAIL: no counters_per_exec in the replay output"; exit 1 }
  if (all + 0 < 10) { print "FAIL: fewer than 10 counters per execution with fz_cov"; exit 1 }
  d = all - each; if (d < 0) d = -d
  if (d > 0.06) { print "FAIL: a directory sets more or fewer counters than its inputs alone"; exit 1 }
  if (off + 0 != 0) { print "FAIL: counters set without fz_cov"; exit 1 }
}'
