#!/usr/bin/env bash
# cli/cli_pack.sh DEFERFUZZ GO_EXAMPLES - deferfuzz pack and unpack as a
# user runs them: every example program is packed with the schedules
# explore finds, unpacked, and the unpacked program (gofmt layout, packs
# to the same bytes) replayed with the printed command gives the same
# stdout, stderr and exit code as the original under the original
# schedule. Then seeds, PCT, --lang/--preempt, generated inputs, and the
# bad inputs that must exit 2 with a clear message.
set -uo pipefail
df=$1
ex=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "cli_pack: $*" >&2; exit 1; }

# run_to PREFIX ARGS...: stdout, stderr and exit code of deferfuzz run.
run_to() {
  local p=$1
  shift
  "$df" run "$@" > "$p.out" 2> "$p.err"
  echo $? > "$p.code"
}

same_run() { # same_run A B what
  cmp -s "$1.out" "$2.out" || fail "$3: stdout differs: $(diff "$1.out" "$2.out" | head -5)"
  cmp -s "$1.err" "$2.err" || fail "$3: stderr differs: $(diff "$1.err" "$2.err" | head -5)"
  cmp -s "$1.code" "$2.code" || fail "$3: exit code $(cat "$1.code") vs $(cat "$2.code")"
}

# program_of FILE: the program part of unpack's output (up to the blank
# line before the "// deferfuzz unpack" comments).
program_of() {
  awk '/^\/\/ deferfuzz unpack /{exit} {print}' "$1" | sed '$d'
}

"$df" pack --help | grep -q -- '--schedule' || fail "pack --help should describe --schedule"
"$df" unpack --help | grep -q -- '--program' || fail "unpack --help should describe --program"
"$df" --help | grep -q '^  pack ' || fail "deferfuzz --help should list pack"
"$df" --help | grep -q '^  unpack ' || fail "deferfuzz --help should list unpack"

npacked=0
for prog in "$ex"/*.go; do
  name=$(basename "$prog" .go)
  "$df" explore "$prog" --runs 200 --json > "$work/$name.json"
  rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 1 ] || fail "explore $name: exit $rc"
  python3 -c 'import json,sys
for o in json.load(open(sys.argv[1]))["outcomes"][:4]:
    print(o["schedule"])' "$work/$name.json" > "$work/$name.scheds" || fail "explore --json of $name"
  k=0
  while read -r sched; do
    k=$((k + 1))
    b="$work/$name.$k"
    "$df" pack "$prog" --schedule "$sched" -o "$b.dfz" > /dev/null || fail "pack $name --schedule $sched"
    "$df" unpack "$b.dfz" > "$b.txt" || fail "unpack $name.$k"
    program_of "$b.txt" > "$b.go"
    grep -q '^package main$' "$b.go" || fail "unpack $name.$k printed no program"
    # the program text round-trips: packing the unpacked program gives the
    # same input, unpacking that the same text, and gofmt has nothing to say
    "$df" pack "$b.go" --schedule "$sched" -o "$b.again.dfz" > /dev/null || fail "re-pack $name.$k"
    cmp -s "$b.dfz" "$b.again.dfz" || fail "$name.$k: the unpacked program packs to other bytes"
    "$df" unpack "$b.again.dfz" > "$b.again.txt" || fail "unpack again $name.$k"
    cmp -s "$b.txt" <(sed "s|$b.again.dfz|$b.dfz|" "$b.again.txt") ||
      fail "$name.$k: unpack is not stable"
    if command -v gofmt > /dev/null 2>&1; then
      [ -z "$(gofmt -l "$b.go")" ] || fail "$name.$k: the unpacked program is not gofmt-formatted"
    fi
    # the printed command replays the original execution
    taken=$(sed -n 's|^// schedule: ||p' "$b.txt")
    [ -n "$taken" ] || fail "$name.$k: no // schedule: line"
    cmd=$(sed -n 's|^// run: ||p' "$b.txt")
    [ -n "$cmd" ] || fail "$name.$k: no // run: line"
    [[ $cmd == "deferfuzz run PROG.go --schedule "* ]] || fail "$name.$k: run line: $cmd"
    run_to "$b.orig" "$prog" --schedule "$sched"
    cmd=${cmd#deferfuzz run PROG.go }
    eval "run_to \"\$b.unpacked\" \"\$b.go\" $cmd" # as a shell reads the pasted line
    same_run "$b.orig" "$b.unpacked" "$name.$k (replay of the unpacked program)"
    npacked=$((npacked + 1))
  done < "$work/$name.scheds"
done
[ $npacked -ge 9 ] || fail "only $npacked packed inputs"

p="$ex/close_race.go"

# -o FILE writes the program and the comments, and prints the comments.
"$df" pack "$p" -o "$work/plain.dfz" > /dev/null || fail "pack without a schedule"
"$df" unpack "$work/plain.dfz" -o "$work/plain.go" > "$work/plain.txt" || fail "unpack -o"
grep -q "^// run: deferfuzz run $work/plain.go --schedule d1:" "$work/plain.txt" ||
  fail "unpack -o: the run line should name the output: $(cat "$work/plain.txt")"
grep -q '^package main$' "$work/plain.go" || fail "unpack -o wrote no program"
run_to "$work/plain.orig" "$p"
run_to "$work/plain.unp" "$work/plain.go"
same_run "$work/plain.orig" "$work/plain.unp" "no schedule: keep running"

# --seed: a PRNG input, replayed by the schedule and by --seed.
"$df" pack "$p" --seed 7 -o "$work/seed.dfz" > /dev/null || fail "pack --seed"
"$df" unpack "$work/seed.dfz" -o "$work/seed.go" > "$work/seed.txt" || fail "unpack seed"
grep -q '^// strategy: prng seed 7$' "$work/seed.txt" || fail "seed: $(cat "$work/seed.txt")"
grep -q "^// or:  deferfuzz run $work/seed.go --seed 7$" "$work/seed.txt" || fail "seed: no --seed line"
run_to "$work/seed.orig" "$p" --seed 7
run_to "$work/seed.unp" "$work/seed.go" --schedule "$(sed -n 's|^// schedule: ||p' "$work/seed.txt")"
same_run "$work/seed.orig" "$work/seed.unp" "--seed 7"

# --pct-seed: deterministic, with depth and k in the strategy line.
"$df" pack "$p" --pct-seed 5 --depth 2 --pct-k 30 -o "$work/pct.dfz" > /dev/null || fail "pack --pct-seed"
"$df" unpack "$work/pct.dfz" > "$work/pct1.txt" || fail "unpack pct"
"$df" unpack "$work/pct.dfz" > "$work/pct2.txt" || fail "unpack pct"
cmp -s "$work/pct1.txt" "$work/pct2.txt" || fail "pct: unpack is not deterministic"
grep -q '^// strategy: pct seed 5 depth 2 k 30$' "$work/pct1.txt" || fail "pct: $(cat "$work/pct1.txt")"

# --lang and --preempt are stored and given back in the command.
lv="$ex/loopvar.go"
"$df" pack "$lv" --lang go1.19 --preempt sync -o "$work/lv.dfz" > /dev/null || fail "pack --lang"
"$df" unpack "$work/lv.dfz" -o "$work/lv.go" > "$work/lv.txt" || fail "unpack lv"
grep -q -- '--preempt sync --lang go1.19$' "$work/lv.txt" || fail "lang/preempt: $(cat "$work/lv.txt")"
run_to "$work/lv.orig" "$lv" --lang go1.19 --preempt sync
cmd=$(sed -n 's|^// run: deferfuzz run ||p' "$work/lv.txt")
eval "run_to \"\$work/lv.unp\" $cmd"
same_run "$work/lv.orig" "$work/lv.unp" "go1.19, preempt sync"

# A generated-kind input unpacks to the generated program.
printf 'DFZ\001\000\000\002\010\000\000\000\001\002\003\004\005\006\007\010' > "$work/gen.dfz"
"$df" unpack "$work/gen.dfz" -o "$work/gen.go" > "$work/gen.txt" || fail "unpack a generated input"
grep -q 'generated program' "$work/gen.txt" || fail "gen: $(cat "$work/gen.txt")"
"$df" run "$work/gen.go" > /dev/null 2> "$work/err"
! grep -q 'gen.go:[0-9]*:[0-9]*: ' "$work/err" || fail "the generated program does not load"

# A schedule-only input needs --program.
printf 'DFZ\001\000\000\000\000\000\000\000\001\001' > "$work/none.dfz"
"$df" unpack "$work/none.dfz" > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "schedule-only input without --program should exit 2"
grep -q -- '--program' "$work/err" || fail "schedule-only: $(cat "$work/err")"
"$df" unpack "$work/none.dfz" --program "$p" > "$work/none.txt" || fail "unpack --program"
grep -q '^// schedule: d1:' "$work/none.txt" || fail "--program: no schedule line"

# Bad usage and bad inputs: exit 2 with a message.
expect2() { # expect2 PATTERN what ARGS...
  local pat=$1 what=$2
  shift 2
  "$df" "$@" > /dev/null 2> "$work/err"
  local rc=$?
  [ $rc -eq 2 ] || fail "$what: exit $rc, want 2"
  grep -q -- "$pat" "$work/err" || fail "$what: message: $(cat "$work/err")"
}
expect2 'needs -o' "pack without -o" pack "$p"
expect2 'No such file' "pack to an unwritable place" pack "$p" -o "$work/no/such/dir/x.dfz"
expect2 '0..255' "an index above 255" pack "$p" --schedule 'd1:0(300)1' -o "$work/x.dfz"
expect2 'exclude' "--seed with --schedule" pack "$p" --seed 1 --schedule d1:0 -o "$work/x.dfz"
expect2 'depth' "--depth out of range" pack "$p" --pct-seed 1 --depth 17 -o "$work/x.dfz"
expect2 'no program' "pack without a program" pack -o "$work/x.dfz"
[ ! -e "$work/x.dfz" ] || fail "a refused pack must not write its output"
printf 'package main\n\nfunc main() {\n\tx := 1\n}\n' > "$work/bad.go"
expect2 'declared but not used' "pack of a program gc rejects" pack "$work/bad.go" -o "$work/x.dfz"
head -c 20 "$work/plain.dfz" > "$work/trunc.dfz"
expect2 'truncated deferfuzz input: the header claims' "a cut-off file" unpack "$work/trunc.dfz"
head -c 7 "$work/plain.dfz" > "$work/trunc2.dfz"
expect2 'shorter than the 11-byte header' "a cut-off header" unpack "$work/trunc2.dfz"
expect2 'not a deferfuzz input (no DFZ header)' "a Go file" unpack "$p"
: > "$work/empty.dfz"
expect2 'not a deferfuzz input' "an empty file" unpack "$work/empty.dfz"
{ printf 'DFZ\007'; tail -c +5 "$work/plain.dfz"; } > "$work/v7.dfz"
expect2 'input version 7, this deferfuzz reads version 1' "another version" unpack "$work/v7.dfz"
expect2 'No such file' "a missing file" unpack "$work/missing.dfz"
expect2 'unknown option' "an unknown option" unpack "$work/plain.dfz" --frobnicate
# a source input whose program does not load: shown, then refused
{ printf 'DFZ\001\000\000\001\005\000\000\000'; printf 'junk!'; } > "$work/junk.dfz"
expect2 'does not load' "a program that does not load" unpack "$work/junk.dfz"
# -o naming the input would destroy it (pack: the program and its // bug:
# lines; unpack: the crash file): refused before anything is written
cp "$p" "$work/self.go"
expect2 'is the input file' "pack -o its own program" pack "$work/self.go" -o "$work/self.go"
grep -q '^package main' "$work/self.go" || fail "pack -o its own program overwrote it"
cp "$work/plain.dfz" "$work/self.dfz"
expect2 'is the input file' "unpack -o its own input" unpack "$work/self.dfz" -o "$work/self.dfz"
cmp -s "$work/plain.dfz" "$work/self.dfz" || fail "unpack -o its own input overwrote it"
expect2 'is a directory' "unpack -o a directory" unpack "$work/plain.dfz" -o "$work"
echo "cli_pack: ok ($npacked example inputs)"
