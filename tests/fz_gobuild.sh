#!/bin/sh
# fz_gobuild.sh DEFERFUZZ [N] - gc accepts what the program generator makes:
# N (default 40) generator inputs of fixed pseudo-random bytes, each
# unpacked to Go source with `deferfuzz unpack`, must be gofmt-clean and
# build with `go build` (gc 1.19 rules, GO111MODULE=off, a private cache).
# Exits 77 (ctest: skipped) without go or python3.
df=$1
n=${2:-40}
command -v go >/dev/null 2>&1 || { echo "go not installed: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export GOCACHE="$tmp/cache" HOME="$tmp" GOPATH="$tmp/gopath" GO111MODULE=off GOFLAGS=
# Inputs: header "DFZ" v1, raw strategy, generated kind, the program length,
# then the generator bytes (lengths from a few bytes to 2 KB).
python3 - "$tmp" "$n" <<'PY' || exit 1
import random, struct, sys
out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(20240611)
for i in range(n):
    size = rng.choice([8, 32, 128, 512, 2048])
    prog = bytes(rng.randrange(256) for _ in range(rng.randrange(size)))
    head = b"DFZ" + bytes([1, 0, 0, 2]) + struct.pack("<I", len(prog))
    with open("%s/in%03d.dfz" % (out, i), "wb") as f:
        f.write(head + prog)
PY
status=0
built=0
for f in "$tmp"/in*.dfz; do
  d="$tmp/$(basename "$f" .dfz)"
  mkdir -p "$d"
  if ! "$df" unpack "$f" -o "$d/main.go" >"$tmp/log" 2>&1; then
    echo "FAIL: deferfuzz unpack $f"
    cat "$tmp/log"
    status=1
    continue
  fi
  if command -v gofmt >/dev/null 2>&1 && [ -n "$(gofmt -l "$d/main.go")" ]; then
    echo "FAIL: not gofmt-formatted: $d/main.go"
    gofmt -d "$d/main.go" | head -40
    status=1
  fi
  if ! (cd "$d" && go build -o "$d/prog" main.go) >"$tmp/log" 2>&1; then
    echo "FAIL: go build rejects a generated program:"
    cat "$tmp/log"
    cat -n "$d/main.go"
    status=1
    continue
  fi
  built=$((built + 1))
done
echo "fz_gobuild: $built of $n generated programs built with $(go env GOVERSION)"
exit $status
