#!/bin/sh
# fuzz_exec.sh - fuzz_schedule's executions per second on one program
# (default corpus/programs/workerpool3.go, the issue's 3-goroutine worker
# pool), under each engine, without an engine, and against the engines'
# own floor measured in the same run:
#   - libfuzzer: the fuzz-nosan build (no sanitizers), TRIALS sessions of
#     RUNS executions each (-seed=1..TRIALS, and the flags of
#     fuzz_schedule.options: its dictionary, use_cmp=0, ...) from the
#     program's shipped seed inputs; exec/s = RUNS / CPU seconds (user + system) of the session,
#     start-up included (a few milliseconds), and RUNS / wall seconds;
#     memo_answered is the share of the inputs that the execution memo
#     answered without running them (fuzz_schedule.c), and
#     executed_per_cpu_sec the rate of the executions that did run;
#   - libfuzzer_no_memo: the same without the memo (DEFERFUZZ_EXEC_MEMO_MB=0);
#   - libfuzzer_pgo (unless PGO=0): the same with ci/pgo.sh's build
#     (profile-guided and link-time optimization);
#     the three take their trials in turns so that all meet the same
#     machine, and the last two report their rate over libfuzzer's per
#     trial and the median of that (median_ratio);
#   - replay: the release build's fuzz_schedule_replay running the corpus
#     the first session grew, every input REPEAT times
#     (DEFERFUZZ_REPLAY_REPEAT): the target's own cost, fz_cov included,
#     without an engine; it also reports counters_per_exec, the mean number
#     of coverage counters an execution sets (the features the engine must
#     process after every input);
#   - libfuzzer_floor: bench/fuzz_floor.c, a target that only sets that many
#     counters (rounded), built with clang -O2 -fsanitize=fuzzer and run
#     like fuzz_schedule: libFuzzer's own cost at fuzz_schedule's feature
#     density. fuzz_schedule cannot be faster than this under libFuzzer.
#   - afl, afl_no_memo, afl_floor (when afl-fuzz and afl-clang-fast are
#     installed, and AFL_SECS is not 0): the afl preset's fuzz_schedule
#     with deferfuzz's custom mutator alone (as ci/fuzz.sh runs it), with
#     and without the execution memo (afl-fuzz hides the target's output:
#     the share it answered is not known), and fuzz_floor.c
#     built with afl-clang-fast (the persistent-mode round trip of an
#     empty target), TRIALS sessions of
#     AFL_SECS seconds each (afl-fuzz -V, -s 1..TRIALS); exec/s =
#     execs_done / wall seconds of the session as fuzzer_stats gives them
#     (the target runs in a process afl-fuzz never waits for, so its CPU
#     time cannot be collected here); the three take their sessions in
#     turns.
# Prints one JSON line per measure on stdout:
#   {"bench": "fuzz_exec", "engine": "libfuzzer"|"libfuzzer_no_memo"|"libfuzzer_pgo"|"replay"|
#    "replay_no_cov"|"replay_bare"|"libfuzzer_floor"|"afl"|"afl_no_memo"|"afl_floor", "program": ..,
#    "exec_per_cpu_sec": [per trial] (not for afl*), "exec_per_wall_sec":
#    [per trial], "best": .., "median": ..}
# (best and median of exec_per_cpu_sec, of exec_per_wall_sec for afl*),
# and one line with engine "budget": the issue's goal (100,000 exec/s, 10
# us per execution) against the medians, in microseconds per execution:
# libfuzzer_us (per input libFuzzer ran, the share memo_answered of them
# answered by the execution memo without running), libfuzzer_no_memo_us
# (every input run), floor_us (libFuzzer alone at fuzz_schedule's feature
# density), target_us (the replay's: the target alone) split into
# fz_cov_us, checkers_us and interpreter_and_runtime_us. libfuzzer_us need
# not be floor_us + target_us: the inputs libFuzzer runs while mutating are
# not the corpus it keeps, the floor's features are all rare (the entropic
# schedule's costliest case), and the engine and the target share caches.
# CPU seconds, not wall seconds, are the measure where there is one: on a
# virtual machine whose hypervisor steals time (top's "st"; up to 50% here)
# wall-clock rates swing by a factor of two between identical runs.
# Compare runs made in the same session, never figures of different
# machines; the floors are there to make one run self-contained.
#
# Usage: bench/fuzz_exec.sh [PROG.go]
# Environment: RUNS (default 200000), TRIALS (default 3), REPEAT (default
# 100), AFL_SECS (default 20; 0 skips AFL++), PGO (default 1; 0 skips
# libfuzzer_pgo and its build).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
prog=${1:-"$root/corpus/programs/workerpool3.go"}
name=$(basename "$prog" .go)
nosan="$root/build/fuzz-nosan"
release="$root/build/release"
afl="$root/build/afl"
afl_secs=${AFL_SECS:-20}
if [ ! -f "$nosan/build.ninja" ]; then cmake --preset fuzz-nosan -S "$root" >&2; fi
cmake --build "$nosan" --target fuzz_schedule >&2
pgo_bin=
if [ "${PGO:-1}" != 0 ]; then
  "$root/ci/pgo.sh" --no-bootstrap --target fuzz_schedule >&2
  pgo_bin=$root/build/${DEFERFUZZ_BUILD_PREFIX:-}fuzz-nosan-pgo/fuzz/fuzz_schedule
fi
if [ ! -f "$release/build.ninja" ]; then
  cmake -S "$root" -B "$release" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build "$release" --target fuzz_schedule_replay fuzz_seed_inputs >&2
if [ "$afl_secs" != 0 ] && command -v afl-fuzz >/dev/null && command -v afl-clang-fast >/dev/null; then
  if [ ! -f "$afl/build.ninja" ]; then cmake --preset afl -S "$root" >&2; fi
  cmake --build "$afl" --target fuzz_schedule deferfuzz_afl_mutator >&2
else
  if [ "$afl_secs" != 0 ]; then echo "fuzz_exec.sh: no afl-fuzz or afl-clang-fast: AFL++ skipped" >&2; fi
  afl_secs=0
fi

exec python3 - "$nosan/fuzz/fuzz_schedule" "$release/fuzz/fuzz_schedule_replay" \
  "$release/fuzz/seeds/schedule/$name" "$prog" "${RUNS:-200000}" "${TRIALS:-3}" \
  "${REPEAT:-100}" "$root/bench/fuzz_floor.c" "$afl" "$afl_secs" "$pgo_bin" <<'EOF'
import json, os, re, resource, shutil, statistics, subprocess, sys, tempfile, time


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

fuzzer, replay, seeds, prog, runs, trials, repeat, floor_src, afl, afl_secs, pgo = sys.argv[1:12]
runs, trials, afl_secs = int(runs), int(trials), int(afl_secs)
if not os.path.isdir(seeds) or not os.listdir(seeds):
    sys.exit("fuzz_exec.sh: no seed inputs for %s in %s (is it in corpus/programs/?)"
             % (prog, seeds))
env = dict(os.environ, DEFERFUZZ_PROGRAM=prog)
env.pop("DEFERFUZZ_NO_CONC_COV", None)
work = tempfile.mkdtemp(prefix="fuzz_exec.")
name = os.path.basename(prog)


def report(engine, cpu_rates, wall_rates, **extra):
    d = {"bench": "fuzz_exec", "engine": engine, "program": name}
    d.update(extra)
    if cpu_rates:
        d["exec_per_cpu_sec"] = cpu_rates
    d["exec_per_wall_sec"] = wall_rates
    best_of = cpu_rates or wall_rates
    d.update({"best": max(best_of), "median": statistics.median(best_of)})
    print(json.dumps(d), flush=True)


def run(what, argv, env):
    p = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, errors="replace")
    if p.returncode != 0:
        sys.exit("fuzz_exec.sh: %s failed (exit %d):\n%s" % (what, p.returncode, p.stderr[-2000:]))
    return p


MEMO = re.compile(r"execution memo: (\d+) of (\d+) inputs")


def options_flags(binary):
    """The flags of the target's .options file (as ci/fuzz.sh and OSS-Fuzz
    pass them), the dictionary beside the binary."""
    flags, path = [], binary + ".options"
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                k, eq, v = line.partition("=")
                if not eq or line.lstrip().startswith("#"):
                    continue
                k, v = k.strip(), v.strip()
                if k == "dict":
                    v = os.path.join(os.path.dirname(binary), v)
                flags.append("-%s=%s" % (k, v))
    return flags


def libfuzzer_trial(engine, binary, env, t, rates, hits):
    corpus = os.path.join(work, "%s%d" % (engine, t))
    shutil.copytree(seeds, corpus)
    t0, c0 = time.monotonic(), cpu()
    p = run(engine, [binary, "-seed=%d" % t, "-runs=%d" % runs] + options_flags(binary) +
            [corpus], env)
    secs, csecs = time.monotonic() - t0, cpu() - c0
    rates[0].append(round(runs / csecs))
    rates[1].append(round(runs / secs))
    m = MEMO.search(p.stderr)
    hits.append(round(int(m.group(1)) / max(1, int(m.group(2))), 3) if m else 0.0)
    print("%s trial %d: %d exec per CPU second, %d per wall second, %.1f%% answered by the "
          "execution memo" % (engine, t, rates[0][-1], rates[1][-1], 100 * hits[-1]),
          file=sys.stderr, flush=True)
    return corpus


def libfuzzer(engine, binary, env, **extra):
    rates, hits, kept = ([], []), [], None
    for t in range(1, trials + 1):
        corpus = libfuzzer_trial(engine, binary, env, t, rates, hits)
        kept = kept or corpus
    report(engine, rates[0], rates[1], runs=runs, **extra)
    return kept, statistics.median(rates[0])


def libfuzzer_group(members):
    """Trials of several (engine, binary, env) taken in turns, so that a
    slow spell of the machine hits all of them: each one's rates, the
    share of inputs the execution memo answered, and the rate over the
    first member's per trial. Returns the first member's first corpus and
    the median rate of each member."""
    res = [(([], []), []) for _ in members]
    kept = None
    for t in range(1, trials + 1):
        for (engine, binary, env), (rates, hits) in zip(members, res):
            corpus = libfuzzer_trial(engine, binary, env, t, rates, hits)
            kept = kept or corpus
    medians = []
    for i, ((engine, _, _), (rates, hits)) in enumerate(zip(members, res)):
        extra = {"runs": runs, "memo_answered": hits,
                 "executed_per_cpu_sec": [round(r * (1 - h)) for r, h in zip(rates[0], hits)]}
        if i:
            ratios = [round(y / x, 3) for x, y in zip(res[0][0][0], rates[0])]
            extra.update({"ratio_to_" + members[0][0]: ratios,
                          "median_ratio": statistics.median(ratios)})
        report(engine, rates[0], rates[1], **extra)
        medians.append(statistics.median(rates[0]))
    return kept, medians, statistics.median(res[0][1])


def afl_fuzz(members):
    """Sessions of several (engine, binary, env, mutator) taken in turns,
    TRIALS each."""
    rates = [[] for _ in members]
    for t in range(1, trials + 1):
        for (engine, binary, env, mutator), wall_rates in zip(members, rates):
            aenv = dict(env, AFL_NO_UI="1", AFL_SKIP_CPUFREQ="1", AFL_NO_AFFINITY="1",
                        AFL_FAST_CAL="1", AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES="1",
                        AFL_SKIP_CRASHES="1", AFL_ALLOW_TMP="1")
            if mutator:  # as ci/fuzz.sh runs fz inputs
                aenv.update(AFL_CUSTOM_MUTATOR_LIBRARY=mutator, AFL_CUSTOM_MUTATOR_ONLY="1")
            out = os.path.join(work, "%s%d" % (engine, t))
            run(engine, ["afl-fuzz", "-s", str(t), "-i", seeds, "-o", out, "-V", str(afl_secs),
                         "-t", "10000", "--", binary], aenv)
            st = {}
            with open(os.path.join(out, "default", "fuzzer_stats")) as f:
                for line in f:
                    k, _, v = line.partition(":")
                    st[k.strip()] = v.strip()
            execs, secs = int(st["execs_done"]), max(1, int(st["run_time"]))
            wall_rates.append(round(execs / secs))
            print("%s trial %d: %d exec per wall second" % (engine, t, wall_rates[-1]),
                  file=sys.stderr, flush=True)
    for (engine, _, _, _), wall_rates in zip(members, rates):
        report(engine, [], wall_rates, seconds=afl_secs)


try:
    members = [("libfuzzer", fuzzer, env),
               ("libfuzzer_no_memo", fuzzer, dict(env, DEFERFUZZ_EXEC_MEMO_MB="0"))]
    if pgo:
        members.append(("libfuzzer_pgo", pgo, env))
    kept, medians, answered = libfuzzer_group(members)
    lf, lf_no_memo = medians[0], medians[1]
    execs = len(os.listdir(kept)) * int(repeat)

    def replay_rates(engine, extra_env):
        cpu_rates, wall_rates, per_exec = [], [], []
        for t in range(trials):
            t0, c0 = time.monotonic(), cpu()
            p = run("fuzz_schedule_replay", [replay, kept],
                    dict(env, DEFERFUZZ_REPLAY_REPEAT=repeat, **extra_env))
            secs, csecs = time.monotonic() - t0, cpu() - c0
            cpu_rates.append(round(execs / csecs))
            wall_rates.append(round(execs / secs))
            per_exec.append(json.loads(p.stdout.strip().splitlines()[-1])["counters_per_exec"])
        report(engine, cpu_rates, wall_rates, inputs=len(os.listdir(kept)), repeat=int(repeat),
               counters_per_exec=statistics.median(per_exec))
        return statistics.median(cpu_rates), statistics.median(per_exec)

    full, per_exec = replay_rates("replay", {})
    no_cov, _ = replay_rates("replay_no_cov", {"DEFERFUZZ_NO_CONC_COV": "1"})
    bare, _ = replay_rates("replay_bare", {"DEFERFUZZ_NO_CONC_COV": "1",
                                           "DEFERFUZZ_ORACLES": "none"})
    k = round(per_exec)

    floor = os.path.join(work, "fuzz_floor")
    run("clang (fuzz_floor.c)", ["clang", "-O2", "-fsanitize=fuzzer", "-DFLOOR_K=%d" % k,
                                 floor_src, "-o", floor], os.environ)
    _, floor_rate = libfuzzer("libfuzzer_floor", floor, os.environ, counters=k)

    # The goal's 10 us per execution against the medians (CPU time): the
    # floor is libFuzzer alone at this feature density, the replays the
    # target alone, layer by layer.
    def us(rate):
        return round(1e6 / rate, 2)
    print(json.dumps({
        "bench": "fuzz_exec", "engine": "budget", "program": name, "goal_exec_per_sec": 100000,
        "goal_us_per_exec": 10.0, "libfuzzer_us": us(lf), "memo_answered": answered,
        "libfuzzer_no_memo_us": us(lf_no_memo), "floor_us": us(floor_rate),
        "target_us": us(full), "fz_cov_us": round(us(full) - us(no_cov), 2),
        "checkers_us": round(us(no_cov) - us(bare), 2),
        "interpreter_and_runtime_us": us(bare)}), flush=True)

    if afl_secs:
        floor_afl = os.path.join(work, "fuzz_floor_afl")
        run("afl-clang-fast (fuzz_floor.c)",
            ["afl-clang-fast", "-O2", "-fsanitize=fuzzer", floor_src, "-o", floor_afl],
            dict(os.environ, AFL_QUIET="1"))
        target = os.path.join(afl, "fuzz", "fuzz_schedule")
        mutator = os.path.join(afl, "fuzz", "libdeferfuzz_afl_mutator.so")
        afl_fuzz([("afl", target, env, mutator),
                  ("afl_no_memo", target, dict(env, DEFERFUZZ_EXEC_MEMO_MB="0"), mutator),
                  ("afl_floor", floor_afl, os.environ, None)])
finally:
    shutil.rmtree(work, ignore_errors=True)
EOF
