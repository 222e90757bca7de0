#!/bin/sh
# first_finding.sh - how fast fuzz_schedule finds a program's bug, with and
# without the concurrency coverage (fz_cov; DEFERFUZZ_NO_CONC_COV=1 turns
# it off, code coverage stays), under libFuzzer or AFL++.
#
# For every program (default: three corpus bug patterns) and each mode,
# runs TRIALS fuzzing sessions from one seed input, the "keep running"
# schedule (header only), with an empty corpus, until the first crash:
#   - ENGINE=libfuzzer (default): the fuzz-nosan build, -seed=1..TRIALS, at
#     most MAX_RUNS executions, -reload=0 (no other process writes to the
#     corpus; a reload every second would make sessions depend on time)
#     and -use_cmp=0 as fuzz_schedule.options says;
#     the executions are libFuzzer's count when it
#     stopped at the crash;
#   - ENGINE=afl: the afl preset's build and custom mutator, the way
#     ci/fuzz.sh runs it (AFL_CUSTOM_MUTATOR_ONLY=1 unless the environment
#     says 0), -s 1..TRIALS, AFL_BENCH_UNTIL_CRASH, at most MAX_SECS
#     seconds; the executions are those in the name of the first crash file
#     (afl-fuzz stops only after the queue entry it was fuzzing).
# Prints one JSON line per program and mode on stdout:
#   {"bench": "first_finding", "engine": .., "program": .., "conc_cov": true|false,
#    "memo": "default"|"on"|"off", "flags": .., "trials": T, "found": F,
#    "execs": [per trial, null when not found], "median_execs": N|null,
#    "seconds": [per trial], "cpu_seconds": [per trial],
#    "median_cpu_seconds": (of the trials that found it)}
# Executions are the measure of the search (independent of machine load);
# CPU seconds (user + system of the engine and what it ran and waited for)
# say what they cost; seconds are wall time for reference. The execution
# memo (MEMO) changes the cost, not the search: with libFuzzer the
# executions to the finding are the same with and without it.
#
# Usage: bench/first_finding.sh [PROG.go...]
# Environment: ENGINE (libfuzzer or afl), FUZZ_BIN (default
# build/fuzz-nosan/fuzz/fuzz_schedule, or build/afl/fuzz/fuzz_schedule; built
# with its preset if missing), TRIALS (default 10), MAX_RUNS (default
# 300000), MAX_SECS (afl; default 120), CONC_COV (both, on or off: the
# modes to run; default both), FUZZ_FLAGS (extra flags for every session,
# split on spaces, e.g. "-entropic=0"; echoed in the JSON as "flags"),
# MEMO (default, on, off or both: fuzz_schedule's execution memo as the
# build has it, or DEFERFUZZ_EXEC_MEMO_MB=64 or 0; default: as the build
# has it; it needs the concurrency coverage, so coverage off runs with the
# memo off; "memo" in the JSON says which).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
engine=${ENGINE:-libfuzzer}
case $engine in
  libfuzzer) preset=fuzz-nosan ;;
  afl) preset=afl ;;
  *) echo "first_finding.sh: ENGINE must be libfuzzer or afl" >&2; exit 2 ;;
esac
bin=${FUZZ_BIN:-"$root/build/$preset/fuzz/fuzz_schedule"}
if [ -z "${FUZZ_BIN:-}" ]; then
  [ -f "$root/build/$preset/build.ninja" ] || cmake --preset $preset -S "$root" >&2
  cmake --build "$root/build/$preset" --target fuzz_schedule >&2
  [ $engine = libfuzzer ] || cmake --build "$root/build/$preset" --target deferfuzz_afl_mutator >&2
fi
mutator=$(dirname "$bin")/libdeferfuzz_afl_mutator.so
[ $# -gt 0 ] || set -- "$root/corpus/programs/close_twice.go" \
  "$root/corpus/programs/pool_close_jobs.go" "$root/corpus/programs/select_stop_lost.go"

case ${CONC_COV:-both} in
  both) modes="on off" ;;
  on | off) modes=$CONC_COV ;;
  *) echo "first_finding.sh: CONC_COV must be both, on or off" >&2; exit 2 ;;
esac
case ${MEMO:-default} in
  both) memo_modes="on off" ;;
  on | off | default) memo_modes=${MEMO:-default} ;;
  *) echo "first_finding.sh: MEMO must be default, both, on or off" >&2; exit 2 ;;
esac

exec python3 - "$bin" "${TRIALS:-10}" "${MAX_RUNS:-300000}" "$modes" "${FUZZ_FLAGS:-}" \
  "$engine" "$mutator" "${MAX_SECS:-120}" "$memo_modes" "$@" <<'EOF'
import glob, json, os, re, resource, shutil, statistics, subprocess, sys, tempfile, time

binary, trials, max_runs = sys.argv[1], int(sys.argv[2]), sys.argv[3]
modes = [m == "on" for m in sys.argv[4].split()]
flags = sys.argv[5].split()
engine, mutator, max_secs = sys.argv[6], sys.argv[7], sys.argv[8]
memo_modes = sys.argv[9].split()
work = tempfile.mkdtemp(prefix="first_finding.")


def libfuzzer(t, env, corpus, seeds):
    p = subprocess.run([binary, "-seed=%d" % t, "-runs=" + max_runs, "-print_final_stats=1",
                        "-reload=0", "-use_cmp=0",
                        "-artifact_prefix=" + work + "/"] + flags + [corpus, seeds],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                       errors="replace")
    m = re.search(r"stat::number_of_executed_units:\s*(\d+)", p.stderr)
    crashed = "==deferfuzz== finding" in p.stderr or "deadly signal" in p.stderr
    return int(m.group(1)) if (m and crashed) else None


def afl(t, env, out, seeds):
    env = dict(env, AFL_NO_UI="1", AFL_SKIP_CPUFREQ="1", AFL_NO_AFFINITY="1", AFL_FAST_CAL="1",
               AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES="1", AFL_ALLOW_TMP="1",
               AFL_BENCH_UNTIL_CRASH="1", AFL_CUSTOM_MUTATOR_LIBRARY=mutator)
    env.setdefault("AFL_CUSTOM_MUTATOR_ONLY", "1")
    if env["AFL_CUSTOM_MUTATOR_ONLY"] == "0":
        del env["AFL_CUSTOM_MUTATOR_ONLY"]
    subprocess.run(["afl-fuzz", "-s", str(t), "-i", seeds, "-o", out, "-V", max_secs, "-t",
                    "10000"] + flags + ["--", binary], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    found = [int(m.group(1)) for c in glob.glob(os.path.join(out, "default", "crashes", "id:*"))
             for m in [re.search(r",execs:(\d+)", c)] if m]
    return min(found) if found else None


try:
    seeds = os.path.join(work, "seeds")
    os.makedirs(seeds)
    # DFZ, version 1, raw strategy, no options, kind none, program length 0.
    with open(os.path.join(seeds, "keep-running"), "wb") as f:
        f.write(b"DFZ\x01\x00\x00\x00\x00\x00\x00\x00")
    def cpu():
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    # The memo holds the concurrency coverage's counters: without fz_cov
    # there is none, so coverage off runs with the memo off.
    runs_of = []
    for p in sys.argv[10:]:
        for c in modes:
            for m in memo_modes:
                r = (p, c, m if c else "off")
                if r not in runs_of:
                    runs_of.append(r)
    for prog, cov, memo in runs_of:
            execs, secs, cpus = [], [], []
            for t in range(1, trials + 1):
                corpus = os.path.join(work, "corpus")
                shutil.rmtree(corpus, ignore_errors=True)
                if engine == "libfuzzer":
                    os.makedirs(corpus)
                env = dict(os.environ, DEFERFUZZ_PROGRAM=prog)
                env.pop("DEFERFUZZ_NO_CONC_COV", None)
                if not cov:
                    env["DEFERFUZZ_NO_CONC_COV"] = "1"
                env.pop("DEFERFUZZ_EXEC_MEMO_MB", None)
                if memo != "default":
                    env["DEFERFUZZ_EXEC_MEMO_MB"] = "64" if memo == "on" else "0"
                t0, c0 = time.monotonic(), cpu()
                execs.append((libfuzzer if engine == "libfuzzer" else afl)(t, env, corpus, seeds))
                secs.append(round(time.monotonic() - t0, 2))
                cpus.append(round(cpu() - c0, 3))
            found = [e for e in execs if e is not None]
            found_cpu = [c for e, c in zip(execs, cpus) if e is not None]
            print(json.dumps({"bench": "first_finding", "engine": engine,
                              "program": os.path.basename(prog), "conc_cov": cov, "memo": memo,
                              "flags": " ".join(flags), "trials": trials, "found": len(found),
                              "execs": execs,
                              "median_execs": statistics.median(found) if found else None,
                              "seconds": secs, "cpu_seconds": cpus,
                              "median_cpu_seconds":
                                  statistics.median(found_cpu) if found_cpu else None}),
                  flush=True)
finally:
    shutil.rmtree(work, ignore_errors=True)
EOF
