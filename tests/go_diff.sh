#!/bin/sh
# go_diff.sh DEFERFUZZ DIR... - differential test against real Go: every Go
# program in the directories is built with gc (go build) and run 20 times
# with GOTRACEBACK=none; each distinct output (stdout, stderr, exit code)
# must be one of the outcomes `deferfuzz explore --lang go1.19` finds, and
# exactly the one outcome when a complete DFS finds only one. The work is
# done by go_diff.py beside this script (see its docstring). Files whose
# first line is "// deferfuzz: go1.22" are skipped. Exits 77 (ctest:
# skipped) without go. PASS/FAIL/XFAIL: see go_diff.py.
command -v go >/dev/null 2>&1 || { echo "go not installed: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: skipped"; exit 77; }
[ $# -ge 2 ] || { echo "usage: $0 DEFERFUZZ DIR..." >&2; exit 2; }
exec python3 "$(dirname "$0")/go_diff.py" "$@"
