#!/usr/bin/env bash
# tests/valgrind.sh BIN [ARGS...] - runs a Criterion suite under memcheck.
# Criterion runs each test in a child process whose exit status does not
# reach ctest, so the verdict comes from valgrind's logs: any error or
# definite leak in any process fails the run.
set -u
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
valgrind --quiet --trace-children=yes --trace-children-skip="*/go,*/gofmt,*/go-build*,/usr/lib/go*" \
  --error-exitcode=99 --leak-check=full \
  --errors-for-leak-kinds=definite --log-file="$logdir/vg.%p" "$@"
rc=$?
bad=0
for f in "$logdir"/vg.*; do
  if [ -s "$f" ]; then
    cat "$f" >&2
    bad=1
  fi
done
if [ $rc -ne 0 ] || [ $bad -ne 0 ]; then
  echo "valgrind.sh: FAILED (exit $rc, errors in logs: $bad)" >&2
  exit 1
fi
exit 0
