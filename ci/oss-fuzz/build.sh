#!/bin/bash -eu
# ci/oss-fuzz/build.sh - builds deferfuzz's fuzz targets the way OSS-Fuzz
# and ClusterFuzzLite do: with their $CC, $CFLAGS and $LIB_FUZZING_ENGINE,
# into $OUT, from the checkout in $SRC/deferfuzz (or the current
# directory). Test it here by setting the variables yourself, e.g.
#
#   SRC=$PWD/.. OUT=/tmp/out CC=clang \
#   CFLAGS="-fsanitize=address,fuzzer-no-link -g" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer ci/oss-fuzz/build.sh
#
# Writes, for each target T: $OUT/T, T.dict, T.options and
# T_seed_corpus.zip. fuzz_schedule needs a program: it is installed once per
# corpus program P as $OUT/fuzz_schedule_P with $OUT/fuzz_schedule_P.go next
# to it (the target reads <its own path>.go when DEFERFUZZ_PROGRAM is unset),
# for the programs that declare "// bug: none" only: the others are the
# corpus's bug patterns, whose declared findings crash the target on its
# first seeds, and OSS-Fuzz cannot pass the DEFERFUZZ_IGNORE_KEYS with which
# ci/fuzz.sh fuzzes them past those.
#
# The engine: AFL++ when OSS-Fuzz says so ($FUZZING_ENGINE=afl) or $CC is
# afl-* (fuzz_schedule's concurrency counters then go to AFL++'s map; with
# afl-clang-fast, afl-clang-lto or afl-cc its runtime is left
# uninstrumented, as in the afl preset), else libFuzzer.
cd "${SRC:-$PWD/..}/deferfuzz" 2>/dev/null || cd "$(dirname "$0")/../.."
: "${OUT:?set OUT}" "${CC:?set CC}" "${LIB_FUZZING_ENGINE:?set LIB_FUZZING_ENGINE}"
CFLAGS=${CFLAGS:-}
build=${DEFERFUZZ_OSS_BUILD_DIR:-build/oss-fuzz}
engine=libfuzzer
case "${FUZZING_ENGINE:-}:$(basename "$CC")" in
  afl:* | *:afl-*) engine=afl ;;
esac
mkdir -p "$OUT"
gen=()
command -v ninja >/dev/null 2>&1 && gen=(-G Ninja)
cmake -S . -B "$build" "${gen[@]}" \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDEFERFUZZ_TESTS=OFF -DDEFERFUZZ_BENCH=OFF -DDEFERFUZZ_EXAMPLES=OFF -DDEFERFUZZ_WERROR=OFF \
  -DDEFERFUZZ_FUZZ_ENGINE=$engine -DDEFERFUZZ_FUZZ_LINK="$LIB_FUZZING_ENGINE"
cmake --build "$build" --target fuzz_parse fuzz_schedule fuzz_conformance fuzz_seed_inputs

zipdir() { # zipdir DIR ZIP: every file of DIR, flat
  rm -f "$2"
  python3 - "$1" "$2" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, 'w') as z:
    for root, _, files in os.walk(src):
        for f in sorted(files):
            if f != 'stamp':
                z.write(os.path.join(root, f), arcname=os.path.relpath(os.path.join(root, f), src).replace('/', '_'))
PY
}

for t in fuzz_parse fuzz_conformance; do
  cp "$build/fuzz/$t" "$OUT/$t"
  cp fuzz/$t.dict fuzz/$t.options "$OUT/"
done
zipdir corpus/parse "$OUT/fuzz_parse_seed_corpus.zip"
zipdir "$build/fuzz/seeds/conformance" "$OUT/fuzz_conformance_seed_corpus.zip"
for prog in corpus/programs/*.go; do
  bugs=$(head -n 5 "$prog" | sed -n 's#^// *bug: *##p' | head -n 1)
  [ "$bugs" = none ] || continue
  stem=$(basename "$prog" .go)
  t=fuzz_schedule_$stem
  cp "$build/fuzz/fuzz_schedule" "$OUT/$t"
  cp "$prog" "$OUT/$t.go"
  cp fuzz/fuzz_schedule.dict "$OUT/$t.dict"
  # run_fuzzer passes every option as a flag: the dictionary by its new name
  sed "s#^dict = fuzz_schedule\.dict\$#dict = $t.dict#" fuzz/fuzz_schedule.options >"$OUT/$t.options"
  grep -qx "dict = $t.dict" "$OUT/$t.options" || { echo "build.sh: no dict line in fuzz_schedule.options" >&2; exit 1; }
  zipdir "$build/fuzz/seeds/schedule/$stem" "$OUT/${t}_seed_corpus.zip"
done
echo "oss-fuzz build: $(ls "$OUT" | grep -vc '\.') targets in $OUT"
