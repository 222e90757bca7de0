#!/bin/sh
# fuzz_exec.sh - fuzz_schedule's executions per second on one program
# (default corpus/programs/workerpool3.go, the issue's 3-goroutine worker
# pool), with the engine and without it:
#   - libfuzzer: the fuzz-nosan build (no sanitizers), TRIALS sessions of
#     RUNS executions each (-seed=1..TRIALS) from the program's shipped seed
#     inputs; exec/s = RUNS / CPU seconds (user + system) of the session,
#     start-up included (a few milliseconds), and RUNS / wall seconds;
#   - replay: the release build's fuzz_schedule_replay running the corpus
#     the first session grew, every input REPEAT times
#     (DEFERFUZZ_REPLAY_REPEAT): the target's own cost, without libFuzzer's
#     bookkeeping.
# Prints one JSON line per measure on stdout:
#   {"bench": "fuzz_exec", "engine": "libfuzzer"|"replay", "program": ..,
#    "exec_per_cpu_sec": [per trial], "exec_per_wall_sec": [per trial],
#    "best": .., "median": ..}   (best and median of exec_per_cpu_sec)
# CPU seconds, not wall seconds, are the measure: on a virtual machine
# whose hypervisor steals time (top's "st"; up to 50% here) wall-clock
# rates swing by a factor of two between identical runs. Compare runs made
# in the same session, never figures of different machines.
#
# Usage: bench/fuzz_exec.sh [PROG.go]
# Environment: RUNS (default 200000), TRIALS (default 3), REPEAT (default
# 100).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
prog=${1:-"$root/corpus/programs/workerpool3.go"}
name=$(basename "$prog" .go)
nosan="$root/build/fuzz-nosan"
release="$root/build/release"
if [ ! -f "$nosan/build.ninja" ]; then cmake --preset fuzz-nosan -S "$root" >&2; fi
cmake --build "$nosan" --target fuzz_schedule >&2
if [ ! -f "$release/build.ninja" ]; then
  cmake -S "$root" -B "$release" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build "$release" --target fuzz_schedule_replay fuzz_seed_inputs >&2

exec python3 - "$nosan/fuzz/fuzz_schedule" "$release/fuzz/fuzz_schedule_replay" \
  "$release/fuzz/seeds/schedule/$name" "$prog" "${RUNS:-200000}" "${TRIALS:-3}" \
  "${REPEAT:-100}" <<'EOF'
import json, os, resource, shutil, statistics, subprocess, sys, tempfile, time


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

fuzzer, replay, seeds, prog, runs, trials, repeat = sys.argv[1:8]
runs, trials = int(runs), int(trials)
if not os.path.isdir(seeds) or not os.listdir(seeds):
    sys.exit("fuzz_exec.sh: no seed inputs for %s in %s (is it in corpus/programs/?)"
             % (prog, seeds))
env = dict(os.environ, DEFERFUZZ_PROGRAM=prog)
env.pop("DEFERFUZZ_NO_CONC_COV", None)
work = tempfile.mkdtemp(prefix="fuzz_exec.")
name = os.path.basename(prog)
try:
    def report(engine, cpu_rates, wall_rates, **extra):
        d = {"bench": "fuzz_exec", "engine": engine, "program": name}
        d.update(extra)
        d.update({"exec_per_cpu_sec": cpu_rates, "exec_per_wall_sec": wall_rates,
                  "best": max(cpu_rates), "median": statistics.median(cpu_rates)})
        print(json.dumps(d), flush=True)

    cpu_rates, wall_rates, kept = [], [], None
    for t in range(1, trials + 1):
        corpus = os.path.join(work, "corpus%d" % t)
        shutil.copytree(seeds, corpus)
        t0, c0 = time.monotonic(), cpu()
        p = subprocess.run([fuzzer, "-seed=%d" % t, "-runs=%d" % runs, corpus], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           errors="replace")
        secs, csecs = time.monotonic() - t0, cpu() - c0
        if p.returncode != 0:
            sys.exit("fuzz_exec.sh: fuzz_schedule failed (exit %d):\n%s"
                     % (p.returncode, p.stderr[-2000:]))
        cpu_rates.append(round(runs / csecs))
        wall_rates.append(round(runs / secs))
        kept = kept or corpus
        print("libfuzzer trial %d: %d exec per CPU second, %d per wall second"
              % (t, cpu_rates[-1], wall_rates[-1]), file=sys.stderr, flush=True)
    report("libfuzzer", cpu_rates, wall_rates, runs=runs)
    cpu_rates, wall_rates = [], []
    execs = len(os.listdir(kept)) * int(repeat)
    for t in range(trials):
        t0, c0 = time.monotonic(), cpu()
        p = subprocess.run([replay, kept], env=dict(env, DEFERFUZZ_REPLAY_REPEAT=repeat),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           errors="replace")
        secs, csecs = time.monotonic() - t0, cpu() - c0
        if p.returncode != 0:
            sys.exit("fuzz_exec.sh: fuzz_schedule_replay failed (exit %d):\n%s"
                     % (p.returncode, p.stderr[-2000:]))
        cpu_rates.append(round(execs / csecs))
        wall_rates.append(round(execs / secs))
    report("replay", cpu_rates, wall_rates, inputs=len(os.listdir(kept)), repeat=int(repeat))
finally:
    shutil.rmtree(work, ignore_errors=True)
EOF
