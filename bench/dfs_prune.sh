#!/bin/sh
# dfs_prune.sh - what sleep-set pruning buys `deferfuzz explore --strategy dfs`.
#
# For every program (default: examples/go/*.go), at --preempt stmt and sync,
# runs the DFS twice in the same build: with pruning (--prune sleep, the
# default) and without (--prune none, the baseline), each capped at RUNS
# executions and SECONDS seconds. Prints one JSON line per program and
# granularity on stdout:
#   {"bench": "dfs_prune", "program": .., "preempt": "stmt"|"sync",
#    "pruned":   {"schedules": N, "complete": bool, "outcomes": N, "seconds": S},
#    "unpruned": {"schedules": N, "complete": bool, "outcomes": N, "seconds": S},
#    "same_outcomes": bool|null}
# same_outcomes compares the two outcome sets (stdout, stderr, exit code)
# when both DFS completed, null otherwise. seconds is wall time from a
# monotonic clock (python's time.monotonic) around each process.
#
# Usage: bench/dfs_prune.sh [PROG.go...]
# Environment: DEFERFUZZ (the binary, default build/release/cli/deferfuzz,
# built if missing), RUNS (default 1000000), SECONDS_CAP (default 120).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${DEFERFUZZ:-"$root/build/release/cli/deferfuzz"}
if [ ! -x "$bin" ]; then
  cmake -S "$root" -B "$root/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  cmake --build "$root/build/release" --target deferfuzz >&2
fi
[ $# -gt 0 ] || set -- "$root"/examples/go/*.go

exec python3 - "$bin" "${RUNS:-1000000}" "${SECONDS_CAP:-120}" "$@" <<'EOF'
import json, subprocess, sys, time

binary, runs, cap = sys.argv[1], sys.argv[2], sys.argv[3]

def dfs(prog, preempt, prune):
    t0 = time.monotonic()
    p = subprocess.run([binary, "explore", prog, "--strategy", "dfs", "--json",
                        "--preempt", preempt, "--prune", prune,
                        "--runs", runs, "--time", cap],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    secs = time.monotonic() - t0
    if p.returncode not in (0, 1):
        sys.exit("dfs_prune.sh: %s --preempt %s --prune %s exited %d"
                 % (prog, preempt, prune, p.returncode))
    d = json.loads(p.stdout)
    outs = set((o["stdout"], o["stderr"], o["exit_code"]) for o in d["outcomes"])
    return {"schedules": d["schedules"], "complete": bool(d["complete"]),
            "outcomes": len(outs), "seconds": round(secs, 3)}, outs

for prog in sys.argv[4:]:
    for preempt in ("stmt", "sync"):
        a, oa = dfs(prog, preempt, "sleep")
        b, ob = dfs(prog, preempt, "none")
        same = oa == ob if a["complete"] and b["complete"] else None
        print(json.dumps({"bench": "dfs_prune", "program": prog.split("/")[-1],
                          "preempt": preempt, "pruned": a, "unpruned": b,
                          "same_outcomes": same}), flush=True)
EOF
