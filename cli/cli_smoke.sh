#!/usr/bin/env bash
# cli/cli_smoke.sh DEFERFUZZ GO_EXAMPLES - the deferfuzz command as a user
# runs it: help, run, explore (random, pct and dfs), replay of a printed
# schedule, and the exit codes of DESIGN.md.
set -uo pipefail
df=$1
ex=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "cli_smoke: $*" >&2; exit 1; }

"$df" --help >/dev/null || fail "--help should exit 0"
"$df" run --help | grep -q -- '--schedule' || fail "run --help should describe --schedule"
"$df" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown command should exit 2"
"$df" explore "$ex/close_race.go" --runs x >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --runs should exit 2"

# A program gc rejects: FILE:LINE:COL: message, exit 2.
printf 'package main\n\nfunc main() {\n\tx := 1\n}\n' > "$work/bad.go"
"$df" run "$work/bad.go" 2> "$work/err"; rc=$?
[ $rc -eq 2 ] || fail "bad program: exit $rc, want 2"
grep -q "bad.go:4:2: x declared but not used" "$work/err" || fail "bad program message: $(cat "$work/err")"

# One outcome, the one gc prints (D5).
out=$("$df" run "$ex/defer_loop.go") || fail "defer_loop.go should exit 0"
want=$'open 0\nopen 1\nopen 2\nall open\nclose 2\nclose 1\nclose 0\nback in main'
[ "$out" = "$want" ] || fail "defer_loop.go printed: $out"

# The close race: explore finds the panic, exits 1, and its schedule replays it.
"$df" explore "$ex/close_race.go" --runs 400 --json > "$work/j"; rc=$?
[ $rc -eq 1 ] || fail "explore close_race.go: exit $rc, want 1 (findings)"
grep -q '"send-on-closed"' "$work/j" || fail "explore did not report send-on-closed"
grep -q '"complete": false' "$work/j" || fail "random explore must say complete: false"
sched=$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print([o for o in d["outcomes"] if "send-on-closed" in o["findings"]][0]["schedule"])' "$work/j") \
  || fail "explore --json is not valid JSON"
"$df" run "$ex/close_race.go" --schedule "$sched" > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 2 ] || fail "replayed schedule: exit $rc, want 2"
grep -q '^panic: send on closed channel' "$work/err" || fail "replay did not panic: $(cat "$work/err")"
# --trace: one lane per goroutine, the event and the source line, on stderr;
# byte-identical across runs of the same schedule.
"$df" run "$ex/close_race.go" --schedule "$sched" --trace > /dev/null 2> "$work/t1"
"$df" run "$ex/close_race.go" --schedule "$sched" --trace > /dev/null 2> "$work/t2"
cmp -s "$work/t1" "$work/t2" || fail "--trace differs between two runs of one schedule"
grep -q '^g1 g2 g3 g4 ' "$work/t1" || fail "--trace has no goroutine lanes: $(head -3 "$work/t1")"
grep -Eq 'close\(c1\) +close\(ch\)' "$work/t1" || fail "--trace lacks the close with its source line"
grep -Eq 'panic: send on closed channel +ch <- ' "$work/t1" || fail "--trace lacks the panicking send"
"$df" explore "$ex/close_race.go" --runs 50 --fail-on leak > /dev/null; rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ] || fail "--fail-on: exit $rc"

# pct: every outcome's schedule replays that outcome; bad --depth is usage.
"$df" explore "$ex/close_race.go" --strategy pct --depth 3 --runs 300 --json > "$work/p"; rc=$?
[ $rc -eq 1 ] || fail "explore --strategy pct close_race.go: exit $rc, want 1"
grep -q '"send-on-closed"' "$work/p" || fail "pct did not find send-on-closed"
python3 - "$df" "$ex/close_race.go" "$work/p" <<'PY' || fail "a pct schedule does not replay its outcome"
import json, subprocess, sys
df, prog, path = sys.argv[1:]
for o in json.load(open(path))["outcomes"]:
    r = subprocess.run([df, "run", prog, "--schedule", o["schedule"]], capture_output=True, text=True)
    if (r.stdout, r.stderr, r.returncode) != (o["stdout"], o["stderr"], o["exit_code"]):
        sys.exit("schedule %s: got %r" % (o["schedule"], (r.stdout, r.stderr, r.returncode)))
PY
"$df" explore "$ex/close_race.go" --strategy pct --depth 0 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--depth 0 should exit 2"
"$df" explore "$ex/close_race.go" --depth 2 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--depth without pct should exit 2"
"$df" explore "$ex/close_race.go" --prune none >/dev/null 2>&1; [ $? -eq 2 ] || fail "--prune without dfs should exit 2"
"$df" explore "$ex/close_race.go" --fail-on "" >/dev/null 2>&1; [ $? -eq 2 ] || fail "an empty --fail-on should exit 2"

# dfs finishes on a small program and says so.
printf 'package main\n\nimport "fmt"\n\nfunc main() {\n\tc := make(chan int)\n\tgo func() { c <- 1 }()\n\tfmt.Println(<-c)\n}\n' > "$work/small.go"
"$df" explore "$work/small.go" --strategy dfs --preempt sync --json > "$work/d"; rc=$?
[ $rc -eq 0 ] || fail "dfs small.go: exit $rc"
grep -q '"complete": true' "$work/d" || fail "dfs should complete: $(cat "$work/d")"
# Every reproduce line of the text report is a command that reproduces its
# outcome, options included (--lang go1.19 --preempt sync change the loop
# variable's sharing and where goroutines switch: the schedule alone replays
# another execution).
# (from a path with a space: the printed command quotes it)
cp "$ex/loopvar.go" "$work/loop var.go"
"$df" explore "$work/loop var.go" --lang go1.19 --preempt sync --runs 30 > "$work/t"; rc=$?
[ $rc -eq 0 ] || fail "explore loopvar.go --lang go1.19 --preempt sync: exit $rc"
python3 - "$df" "$work/t" <<'PY' || fail "a reproduce line of explore does not reproduce its outcome"
import re, shlex, subprocess, sys
df, path = sys.argv[1:]
text = open(path).read()
blocks = re.split(r"\n(?=outcome \d+:)", text)[1:]
assert blocks, "no outcome in the report"
for b in blocks:
    out = re.search(r"  stdout:\n((?:    .*\n)*)", b).group(1)
    want = "".join(line[4:] + "\n" for line in out.splitlines())
    cmd = shlex.split(re.search(r"  reproduce: deferfuzz (.*)", b).group(1))
    r = subprocess.run([df] + cmd, capture_output=True, text=True)
    if r.stdout != want or "diverged" in r.stderr:
        sys.exit("deferfuzz %s: printed %r, want %r; stderr %r" % (" ".join(cmd), r.stdout, want, r.stderr))
PY
"$df" run "$ex/loopvar.go" --max-steps 0 >/dev/null 2> "$work/err"; rc=$?
[ $rc -eq 2 ] || fail "--max-steps 0: exit $rc, want 2"
grep -q "see deferfuzz run --help" "$work/err" || fail "a usage error should point at run --help: $(cat "$work/err")"
# os.Exit(n) exits with the status a shell sees, n & 0xff, in explore's
# outcomes as in run's exit code (gc: os.Exit(263) exits 7, os.Exit(-1) 255)
printf 'package main\n\nimport "os"\n\nfunc main() {\n\tos.Exit(263)\n}\n' > "$work/exit.go"
"$df" run "$work/exit.go"; rc=$?
[ $rc -eq 7 ] || fail "os.Exit(263): run exits $rc, want 7"
"$df" explore "$work/exit.go" --runs 2 --json > "$work/e"
grep -q '"exit_code": 7' "$work/e" || fail "os.Exit(263): explore says $(cat "$work/e")"
sed -i 's/263/-1/' "$work/exit.go"
"$df" explore "$work/exit.go" --runs 2 --json > "$work/e"
grep -q '"exit_code": 255' "$work/e" || fail "os.Exit(-1): explore says $(cat "$work/e")"
# The race checker's vector clocks grow with the square of the goroutines
# alive at once: past DEFERFUZZ_RACE_MAX_MB (default 4096) the run stops
# with a clear message and exit 2, not with the machine out of memory; the
# same program fits the default bound, and a bad bound is a usage error.
cat > "$work/alive.go" <<'GO'
package main

import "sync"

func main() {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < 3000; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
		}()
	}
	close(start)
	wg.Wait()
	println("done")
}
GO
"$df" run "$work/alive.go" --report > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 0 ] || fail "3,000 goroutines alive under the default bound: exit $rc: $(head -c 300 "$work/err")"
for cmd in "run --report" "explore --runs 2"; do
  # shellcheck disable=SC2086
  DEFERFUZZ_RACE_MAX_MB=16 "$df" $cmd "$work/alive.go" > /dev/null 2> "$work/err"; rc=$?
  [ $rc -eq 2 ] || fail "$cmd past DEFERFUZZ_RACE_MAX_MB=16: exit $rc, want 2"
  grep -q '^deferfuzz: the close/send race checker needs more than 16 MiB (DEFERFUZZ_RACE_MAX_MB) at [0-9]* goroutines alive at once' "$work/err" \
    || fail "$cmd past the bound: $(cat "$work/err")"
done
DEFERFUZZ_RACE_MAX_MB=lots "$df" run "$work/alive.go" --report > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'DEFERFUZZ_RACE_MAX_MB=lots: want a number of MiB' "$work/err" \
  || fail "DEFERFUZZ_RACE_MAX_MB=lots: exit $rc: $(cat "$work/err")"
echo "cli_smoke: ok"
