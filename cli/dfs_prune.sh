#!/usr/bin/env bash
# cli/dfs_prune.sh DEFERFUZZ DIR... - explore --strategy dfs prunes soundly.
#
# For every Go program in the directories (a missing directory is skipped),
# at --preempt sync and --preempt stmt, runs the DFS without pruning
# (--prune none) and with it (--prune sleep, the default) and compares the
# sets of distinct outcomes (stdout, stderr, exit code, findings; counts
# and schedules are ignored):
#   - unpruned DFS complete: the pruned DFS must be complete too and find
#     exactly the same outcomes;
#   - unpruned DFS cut by the cap: every outcome it found must be among
#     those of the pruned DFS (when that one completes);
#   - neither complete: nothing to compare (reported).
# Prints the schedule counts before and after for every program.
#
# Caps: DFS_PRUNE_RUNS executions (default 20000) for each DFS (counts,
# not seconds, so that what is compared does not depend on the machine's
# load; the pruned DFS never needs more executions than the unpruned one,
# aborted ones included) and DFS_PRUNE_TIME seconds (default 120) per
# exploration as a safety net. DFS_PRUNE_GLOB (default *.go) selects the
# files of each directory (the sanitizer builds check fewer programs).
# Programs that do not load are skipped (other tests check that).
set -uo pipefail
df=$1
shift
runs=${DFS_PRUNE_RUNS:-20000}
secs=${DFS_PRUNE_TIME:-120}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v python3 >/dev/null || { echo "dfs_prune: python3 not installed: skipped"; exit 77; }

# compare.py UNPRUNED.json PRUNED.json LABEL: one line of counts; exit 1 on
# a difference that makes the pruning unsound.
cat > "$work/compare.py" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
label = sys.argv[3]
def outcomes(d):
    return {(o["stdout"], o["stderr"], o["exit_code"], tuple(sorted(o["findings"])))
            for o in d["outcomes"]}
sa, sb = outcomes(a), outcomes(b)
line = "%-44s none %7d%s  sleep %7d%s (%d pruned)  outcomes %d / %d" % (
    label, a["schedules"], " complete" if a["complete"] else " cut    ",
    b["schedules"], " complete" if b["complete"] else " cut    ", b.get("pruned", 0),
    len(sa), len(sb))
bad = None
if a["complete"]:
    if not b["complete"]:
        bad = "the unpruned DFS completed, the pruned one did not"
    elif sa != sb:
        bad = "different outcomes"
elif b["complete"]:
    if not sa <= sb:
        bad = "the pruned DFS misses outcomes the unpruned one found"
else:
    line += "  (neither complete: not compared)"
if bad:
    print(line + "  FAIL: " + bad)
    for o in sorted(sa - sb):
        print("    only without pruning: %r" % (o,))
    for o in sorted(sb - sa):
        print("    only with pruning:    %r" % (o,))
    sys.exit(1)
print(line)
EOF

# The option itself: documented, checked, reported.
ex=$(dirname "$0")/../examples/go/close_race.go
"$df" explore --help | grep -q -- '--prune' || { echo "dfs_prune: explore --help lacks --prune"; exit 1; }
"$df" explore "$ex" --strategy dfs --prune bogus >/dev/null 2>&1
[ $? -eq 2 ] || { echo "dfs_prune: --prune bogus should exit 2"; exit 1; }
"$df" explore "$ex" --strategy dfs --preempt sync --json > "$work/p.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["complete"] and d["pruned"] >= 0 else 1)' \
  "$work/p.json" || { echo "dfs_prune: dfs should complete and report pruned: $(cat "$work/p.json")"; exit 1; }

status=0
count=0
compared=0
for dir in "$@"; do
  [ -d "$dir" ] || { echo "dfs_prune: no $dir: skipped"; continue; }
  for f in "$dir"/${DFS_PRUNE_GLOB:-*.go}; do
    [ -e "$f" ] || continue
    for mode in sync stmt; do
      label="$(basename "$dir")/$(basename "$f") $mode"
      "$df" explore "$f" --strategy dfs --preempt "$mode" --prune none --runs "$runs" \
        --time "$secs" --json > "$work/a.json" 2> "$work/a.err"
      rc=$?
      if [ $rc -eq 2 ]; then
        echo "$label: skipped (does not load: $(head -n 1 "$work/a.err"))"
        break
      fi
      "$df" explore "$f" --strategy dfs --preempt "$mode" --prune sleep --runs "$runs" \
        --time "$secs" --json > "$work/b.json" 2> "$work/b.err"
      count=$((count + 1))
      if grep -q 'Sanitizer\|runtime error:' "$work/a.err" "$work/b.err"; then
        echo "$label: FAIL: sanitizer report"
        cat "$work/a.err" "$work/b.err"
        status=1
        continue
      fi
      if ! python3 "$work/compare.py" "$work/a.json" "$work/b.json" "$label"; then
        status=1
      fi
      if python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["complete"] else 1)' \
        "$work/a.json"; then
        compared=$((compared + 1))
      fi
    done
  done
done
echo "dfs_prune: $count explorations, $compared with a complete unpruned DFS to compare exactly"
[ $count -gt 0 ] || { echo "dfs_prune: no programs"; exit 1; }
[ $status -eq 0 ] && echo "dfs_prune: ok"
exit $status
