#!/usr/bin/env python3
"""go_diff.py DEFERFUZZ DIR... - differential test of deferfuzz against gc.

For every Go program in the directories (except files whose first line is
"// deferfuzz: go1.22", which need a newer Go than gc 1.19):

1. build it with `go build` (GO111MODULE=off, private GOCACHE and HOME) and
   run the binary GO_DIFF_RUNS times (default 20) with GOTRACEBACK=none,
   recording stdout, stderr and the exit code of each run;
2. explore it with `deferfuzz explore --lang go1.19 --json`, in stages
   (DFS_STAGES, RANDOM_STAGES, LAST_RESORT below): a DFS with `--preempt
   stmt`, else one with `--preempt sync` (both capped), stopping at the
   first that completes (complete: true); when none completes, random
   schedules, `--runs 20000` at `--preempt stmt` and then at `--preempt
   sync` (few preemptions: the "run on until blocked" schedules gc
   favours); when a gc output is still missing, a long DFS at sync
   granularity. A complete DFS at sync granularity does not see races
   between plain statements, so when gc printed something it did not
   reach, the random stages run too;
3. compare, ignoring findings. If the last stage was a complete DFS with
   exactly one outcome (stdout, stderr, exit code), every gc run must print
   exactly that. Otherwise every distinct gc output must be one of the
   outcomes of the stages that ran (their union: every explored outcome is
   a real outcome, complete or not).

A gc output that deferfuzz did not reach fails the program unless it is
  - an expected difference (EXPECTED_DIFFERENCES: real timing, or what only
    parallel threads can do), checked by the entry's own test: XFAIL;
Violations reported by explore fail the program.

Prints one line per program (PASS, FAIL or XFAIL; the stages that
ran, "(complete)" after the DFS that completed) and, for anything but PASS,
the counts and a diff of every unreached gc output against the closest
outcome; then a summary. Exit 0 when nothing failed, 1 when something did,
77 without go.

Environment: GO_DIFF_RUNS (gc runs per program, default 20), GO_DIFF_JOBS
(programs checked at once, default 2), GO_DIFF_ONLY (only the programs
whose path contains this string), GO_DIFF_VERBOSE (the counts of every
program).
"""

import collections
import concurrent.futures
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

GC_RUNS = int(os.environ.get("GO_DIFF_RUNS", "20"))
JOBS = int(os.environ.get("GO_DIFF_JOBS", "2"))
GC_TIMEOUT = 20          # seconds per gc run
EXPLORE_TIMEOUT = 300    # seconds per explore (each also gets --time)

# Every --runs cap is multiplied by GO_DIFF_SCALE (sanitizer builds run each
# execution many times slower; tests/CMakeLists.txt sets 0.1 there), and
# every stage also stops after a --time budget, a safety net for slow
# machines that only ever shortens a stage.
SCALE = float(os.environ.get("GO_DIFF_SCALE", "1"))


def _stage(name, strategy, preempt, runs, seconds):
    return (name, ["--strategy", strategy, "--preempt", preempt,
                   "--runs", str(max(1, int(runs * SCALE))), "--time", str(seconds)])


DFS_STAGES = (
    _stage("dfs/stmt", "dfs", "stmt", 12000, 60),
    _stage("dfs/sync", "dfs", "sync", 20000, 60),
)
RANDOM_STAGES = (
    _stage("random/stmt", "random", "stmt", 20000, 60),
    _stage("random/sync", "random", "sync", 20000, 60),
)
LAST_RESORT = _stage("dfs/sync-long", "dfs", "sync", 500000, 120)

Outcome = collections.namedtuple("Outcome", "stdout stderr exit_code")


# ---------------------------------------------------------------- exceptions
# Programs whose gc outputs may legitimately be missing from deferfuzz's
# outcomes: path -> (reason, test). A missing gc output is excused (XFAIL)
# only when test(output, explored outcomes) holds. Keep this list short and
# explicit; the corpus programs say so in their header comment too.

def _same_lines_in_some_order(o, explored):
    """Sub-statement interleaving of a data race: gc's goroutines run in
    parallel, so one can read a shared variable, lose the processor and
    print after a goroutine that read it later. deferfuzz interleaves whole
    statements (a read and the print of what it read are one step), so the
    same lines must be an outcome in another order."""
    key = sorted(o.stdout.splitlines())
    return any(e.stderr == o.stderr and e.exit_code == o.exit_code
               and sorted(e.stdout.splitlines()) == key for e in explored)


def _second_crash(o, explored):
    """Two goroutines crash at once: gc prints an outcome's crash and then a
    second fatal error (with goroutine traces when it is a runtime throw,
    even under GOTRACEBACK=none); deferfuzz runs one goroutine at a time and
    the first crash ends the program."""
    return any(e.stdout == o.stdout and e.exit_code == o.exit_code and e.stderr
               and o.stderr.startswith(e.stderr)
               and o.stderr[len(e.stderr):].startswith(("fatal error: ", "panic: "))
               for e in explored)


def _one_of(*outputs):
    return lambda o, explored: tuple(o) in outputs


_LOOPVAR = ("data race on the Go 1.19 loop variable: a goroutine reads i, "
            "is descheduled inside the statement and prints after one that "
            "read i later ('3' before '0')", _same_lines_in_some_order)
def _sleep_tie_real_time(o, explored):
    """dfs_sleep_tie.go under real time: a woken sleeper may print and send
    before the equal time.After fires, and on a loaded machine a sleeper may
    not print before main's last time.Sleep(1ms) ends. Any output that Go
    allows: exactly one of "first a", "first b", "timeout", after the
    matching "X woke"; each sleeper's line at most once."""
    lines = o.stdout.splitlines()
    ends = [l for l in lines if l in ("first a", "first b", "timeout")]
    if o.stderr or o.exit_code or len(ends) != 1 or len(set(lines)) != len(lines) \
            or not set(lines) <= {"a woke", "b woke", ends[0]}:
        return False
    if ends[0] == "timeout":
        return True
    woke = ends[0][len("first "):] + " woke"
    return woke in lines and lines.index(woke) < lines.index(ends[0])


_RECOVER_CHILD = (
    "real timing: main's time.Sleep(10ms) is meant to let the child panic "
    "first; on a loaded machine gc can wake main before the child ran or "
    "before it reported its panic: main prints 'main finished' and returns "
    "(exit 0 and the panic is lost, or exit 2 when the child was already "
    "panicking: P2). deferfuzz's virtual clock advances only when every "
    "goroutine is blocked",
    _one_of(("main finished\n", "", 0),
            ("child's defer runs\nmain finished\n", "", 0),
            ("main finished\nchild's defer runs\n", "", 0),
            ("child's defer runs\nmain finished\n", "panic: child failed\n", 2),
            ("main finished\nchild's defer runs\n", "panic: child failed\n", 2)))

EXPECTED_DIFFERENCES = {
    "corpus/programs/timeout_race.go": (
        "real timing: the worker's time.Sleep(10ms) and main's time.After(10ms) "
        "are due at the same instant; gc sometimes wakes the worker and takes "
        "its send a few microseconds before the timeout fires, deferfuzz's "
        "virtual clock fires both timers at once (the timeout wins)",
        _one_of(("got data\nmain returns\n", "", 0))),
    "corpus/programs/double_unlock.go": (
        "two goroutines crash at once: the bad Unlock leaves the mutex state "
        "at -1 and the other goroutine's Lock throws 'sync: inconsistent "
        "mutex state' while the first prints its fatal error",
        _second_crash),
    "tests/lang_programs/dfs_sleep_tie.go": (
        "real timing: two sleepers and main's time.After are due at the same "
        "instant; gc sometimes runs a woken sleeper up to its send before the "
        "timeout fires, deferfuzz's virtual clock fires the timers together "
        "(the program documents that the timeout then wins); on a loaded "
        "machine a sleeper can also miss main's final 1ms sleep",
        _sleep_tie_real_time),
    "examples/go/loopvar.go": _LOOPVAR,
    "corpus/programs/pitfall_loopvar.go": _LOOPVAR,
    "tests/lang_programs/loopvar_goroutines.go": _LOOPVAR,
    "examples/go/recover_child.go": _RECOVER_CHILD,
    "corpus/programs/pitfall_recover_child.go": _RECOVER_CHILD,
}

# ---------------------------------------------------------------- helpers

_PC = re.compile(r"pc=0x[0-9a-f]+")


def norm(o):
    """Addresses in [signal ...] lines and traces are never the same."""
    return Outcome(o.stdout, _PC.sub("pc=0x?", o.stderr), o.exit_code)


def show(o):
    return "stdout=%r stderr=%r exit=%d" % (o.stdout, o.stderr, o.exit_code)


def dump(o):
    lines = ["exit code %d" % o.exit_code, "stdout:"]
    lines += ["  " + l for l in o.stdout.splitlines()]
    lines += ["stderr:"]
    lines += ["  " + l for l in o.stderr.splitlines()]
    return lines


def diff_lines(a, b, a_name, b_name):
    return ["    " + l for l in difflib.unified_diff(dump(a), dump(b), a_name, b_name,
                                                      lineterm="")]


def closest(explored, o):
    return max(explored, key=lambda e: difflib.SequenceMatcher(
        None, "\n".join(dump(e)), "\n".join(dump(o))).ratio())


def repo_relative(path):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = os.path.abspath(path)
    return os.path.relpath(p, root) if p.startswith(root + os.sep) else path


def gc_runs(binary):
    env = dict(os.environ, GOTRACEBACK="none")
    seen = collections.Counter()
    for _ in range(GC_RUNS):
        try:
            r = subprocess.run([binary], env=env, stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=GC_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, "gc binary ran longer than %ds" % GC_TIMEOUT
        seen[norm(Outcome(r.stdout.decode("utf-8", "replace"),
                          r.stderr.decode("utf-8", "replace"),
                          r.returncode))] += 1
    return seen, None


def explore(deferfuzz, prog, args):
    cmd = [deferfuzz, "explore", prog, "--lang", "go1.19", "--json"] + args
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=EXPLORE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "%s: ran longer than %ds" % (" ".join(cmd), EXPLORE_TIMEOUT)
    if r.returncode not in (0, 1, 3):
        return None, "%s: exit code %d\n%s" % (" ".join(cmd), r.returncode,
                                              r.stderr.decode("utf-8", "replace"))
    try:
        d = json.loads(r.stdout)
    except ValueError as e:
        return None, "%s: bad JSON (%s)" % (" ".join(cmd), e)
    outs = collections.Counter()
    for o in d["outcomes"]:
        outs[norm(Outcome(o["stdout"], o["stderr"], o["exit_code"]))] += o["count"]
    return {"complete": bool(d["complete"]), "schedules": d["schedules"],
            "violations": d["violations"], "outcomes": outs}, None


# ---------------------------------------------------------------- the check

def check(deferfuzz, prog, binary, tmp):
    """Returns (status, mode, message lines)."""
    gc, err = gc_runs(binary)
    if err:
        return "FAIL", "-", ["  " + err]
    rel = repo_relative(prog)
    expected = EXPECTED_DIFFERENCES.get(rel)

    explored = collections.Counter()
    violations = []
    schedules = 0
    stages = []
    complete = None    # (stage name, result) of the first complete DFS

    def run(name, args):
        nonlocal complete, schedules
        r, e = explore(deferfuzz, prog, args)
        if e:
            return e
        stages.append(name)
        explored.update(r["outcomes"])
        violations.extend(r["violations"])
        schedules += r["schedules"]
        if r["complete"] and complete is None:
            complete = (name, r)
        return None

    def unmatched(excused=False):
        """gc outputs no stage found (excused: nor an expected difference)."""
        return [o for o in gc if o not in explored
                and not (excused and expected and expected[1](o, explored))]

    # 1. DFS, statement then sync granularity, until one completes.
    for name, args in DFS_STAGES:
        err = run(name, args)
        if err:
            return "FAIL", name, ["  " + err]
        if complete:
            break
    # 2. No complete DFS, or a complete one at sync granularity that misses
    # a gc output (races between plain statements are outside it): random.
    if complete is None or (complete[0] == "dfs/sync" and unmatched()):
        for name, args in RANDOM_STAGES:
            err = run(name, args)
            if err:
                return "FAIL", name, ["  " + err]
    # 3. Still missing: a much longer DFS at sync granularity.
    if complete is None and unmatched(excused=True):
        err = run(*LAST_RESORT)
        if err:
            return "FAIL", LAST_RESORT[0], ["  " + err]

    # The stages that ran; "(complete)" marks the DFS that completed.
    mode = ",".join(s + ("(complete)" if complete and s == complete[0] else "")
                    for s in stages)
    single = complete is not None and stages[-1] == complete[0] and len(explored) == 1
    missing = unmatched()

    msg = ["  gc (%d runs): %d distinct; deferfuzz (%s, %d schedules%s): %d outcomes"
           % (GC_RUNS, len(gc), mode, schedules,
              ", a DFS completed" if complete else "", len(explored))]
    if violations:
        msg.append("  deferfuzz reported violations: %s" % json.dumps(violations))

    # Classify what is missing.
    variant_outcomes = None
    verdicts = []
    for o in missing:
        if expected and expected[1](o, explored):
            verdicts.append(("XFAIL", expected[0]))
            continue
        verdicts.append(("FAIL", None))

    for o, (v, reason) in zip(missing, verdicts):
        if single:
            (want,) = explored
            msg.append("  gc printed (%d of %d runs) something else than the one "
                       "outcome of the complete DFS:" % (gc[o], GC_RUNS))
            msg += diff_lines(want, o, "deferfuzz", "gc")
        else:
            msg.append("  gc output (%d of %d runs) is not among deferfuzz's outcomes: %s"
                       % (gc[o], GC_RUNS, show(o)))
            msg += diff_lines(closest(explored, o), o, "deferfuzz (closest outcome)", "gc")
        msg.append("  => " + v + (": " + reason if reason else ""))

    kinds = set(v for v, _ in verdicts)
    if violations or "FAIL" in kinds:
        return "FAIL", mode, msg
    for status in ("XFAIL",):
        if status in kinds:
            return status, mode, msg
    return "PASS", mode, msg


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: go_diff.py DEFERFUZZ DIR...\n")
        return 2
    deferfuzz = os.path.abspath(argv[1])
    if shutil.which("go") is None:
        print("go not installed: skipped")
        return 77
    only = os.environ.get("GO_DIFF_ONLY", "")
    progs = []
    for d in argv[2:]:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if not name.endswith(".go") or only not in p:
                continue
            with open(p, encoding="utf-8") as f:
                if f.readline().startswith("// deferfuzz: go1.22"):
                    print("SKIP  %-18s %s (needs go1.22)" % ("-", p))
                    continue
            progs.append(p)

    start = time.time()
    tmp = tempfile.mkdtemp(prefix="go_diff.")
    env = dict(os.environ, GOCACHE=os.path.join(tmp, "cache"), HOME=tmp,
               GOPATH=os.path.join(tmp, "gopath"), GO111MODULE="off", GOFLAGS="")
    # Warm the build cache once (the packages of the subset), so that
    # parallel builds do not compile them twice.
    subprocess.run(["go", "build", "errors", "fmt", "os", "runtime", "sync", "time"],
                   env=env, stdin=subprocess.DEVNULL, capture_output=True)

    def one(item):
        i, p = item
        t0 = time.time()
        binary = os.path.join(tmp, "prog%d" % i)
        b = subprocess.run(["go", "build", "-o", binary, os.path.basename(p)],
                           cwd=os.path.dirname(p) or ".", env=env,
                           stdin=subprocess.DEVNULL, capture_output=True)
        if b.returncode != 0:
            r = ("FAIL", "-", ["  go build failed:", b.stderr.decode("utf-8", "replace")])
        else:
            r = check(deferfuzz, p, binary, os.path.join(tmp, "v%d" % i))
        return r + (time.time() - t0,)

    counts = collections.Counter()
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
            for p, (status, mode, msg, secs) in zip(progs, pool.map(one, enumerate(progs))):
                counts[status] += 1
                print("%-5s %-18s %s (%.1fs)" % (status, mode, p, secs))
                if status != "PASS" or os.environ.get("GO_DIFF_VERBOSE"):
                    print("\n".join(msg))
                sys.stdout.flush()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("go_diff: %d programs: %d PASS, %d XFAIL (expected difference), "
          "%d FAIL; %.0fs"
          % (len(progs), counts["PASS"], counts["XFAIL"],
             counts["FAIL"], time.time() - start))
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
