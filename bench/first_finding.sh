#!/bin/sh
# first_finding.sh - how fast fuzz_schedule finds a program's bug with and
# without the concurrency coverage (fz_cov; DEFERFUZZ_NO_CONC_COV=1 turns
# it off, code coverage stays).
#
# For every program (default: three corpus bug patterns) and each mode,
# runs TRIALS libFuzzer sessions (-seed=1..TRIALS) from one seed input, the
# "keep running" schedule (header only), with an empty corpus, until the
# first crash or MAX_RUNS executions. Prints one JSON line per program and
# mode on stdout:
#   {"bench": "first_finding", "program": .., "conc_cov": true|false,
#    "flags": .., "trials": T, "found": F, "execs": [per trial, null when not found],
#    "median_execs": N|null, "seconds": [per trial]}
# Executions are the measure (independent of machine load); seconds are
# wall time for reference.
#
# Usage: bench/first_finding.sh [PROG.go...]
# Environment: FUZZ_BIN (default build/fuzz-nosan/fuzz/fuzz_schedule, built
# with the fuzz-nosan preset if missing), TRIALS (default 10), MAX_RUNS
# (default 300000), CONC_COV (both, on or off: the modes to run; default
# both), FUZZ_FLAGS (extra libFuzzer flags for every session, split on
# spaces, e.g. "-entropic=0"; echoed in the JSON as "flags").
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${FUZZ_BIN:-"$root/build/fuzz-nosan/fuzz/fuzz_schedule"}
if [ ! -x "$bin" ]; then
  cmake --preset fuzz-nosan -S "$root" >&2
  cmake --build "$root/build/fuzz-nosan" --target fuzz_schedule >&2
fi
[ $# -gt 0 ] || set -- "$root/corpus/programs/close_twice.go" \
  "$root/corpus/programs/pool_close_jobs.go" "$root/corpus/programs/select_stop_lost.go"

case ${CONC_COV:-both} in
  both) modes="on off" ;;
  on | off) modes=$CONC_COV ;;
  *) echo "first_finding.sh: CONC_COV must be both, on or off" >&2; exit 2 ;;
esac

exec python3 - "$bin" "${TRIALS:-10}" "${MAX_RUNS:-300000}" "$modes" "${FUZZ_FLAGS:-}" "$@" <<'EOF'
import json, os, re, shutil, statistics, subprocess, sys, tempfile, time

binary, trials, max_runs = sys.argv[1], int(sys.argv[2]), sys.argv[3]
modes = [m == "on" for m in sys.argv[4].split()]
flags = sys.argv[5].split()
work = tempfile.mkdtemp(prefix="first_finding.")
try:
    seeds = os.path.join(work, "seeds")
    os.makedirs(seeds)
    # DFZ, version 1, raw strategy, no options, kind none, program length 0.
    with open(os.path.join(seeds, "keep-running"), "wb") as f:
        f.write(b"DFZ\x01\x00\x00\x00\x00\x00\x00\x00")
    for prog in sys.argv[6:]:
        for cov in modes:
            execs, secs = [], []
            for t in range(1, trials + 1):
                corpus = os.path.join(work, "corpus")
                shutil.rmtree(corpus, ignore_errors=True)
                os.makedirs(corpus)
                env = dict(os.environ, DEFERFUZZ_PROGRAM=prog)
                env.pop("DEFERFUZZ_NO_CONC_COV", None)
                if not cov:
                    env["DEFERFUZZ_NO_CONC_COV"] = "1"
                t0 = time.monotonic()
                p = subprocess.run([binary, "-seed=%d" % t, "-runs=" + max_runs,
                                    "-print_final_stats=1", "-artifact_prefix=" + work + "/"]
                                   + flags + [corpus, seeds], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, errors="replace")
                secs.append(round(time.monotonic() - t0, 2))
                m = re.search(r"stat::number_of_executed_units:\s*(\d+)", p.stderr)
                crashed = "==deferfuzz== finding" in p.stderr or "deadly signal" in p.stderr
                execs.append(int(m.group(1)) if (m and crashed) else None)
            found = [e for e in execs if e is not None]
            print(json.dumps({"bench": "first_finding", "program": os.path.basename(prog),
                              "conc_cov": cov, "flags": " ".join(flags), "trials": trials, "found": len(found),
                              "execs": execs,
                              "median_execs": statistics.median(found) if found else None,
                              "seconds": secs}), flush=True)
finally:
    shutil.rmtree(work, ignore_errors=True)
EOF
