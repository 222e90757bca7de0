#!/bin/sh
# lang_gobuild.sh DIR... - every Go program in the directories must compile
# with the real Go toolchain (go build). Files whose first line is
# "// deferfuzz: go1.22" need a newer Go than Debian's 1.19 and are skipped
# when the installed go is older. Exits 77 (ctest: skipped) without go.
command -v go >/dev/null 2>&1 || { echo "go not installed: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export GOCACHE="$tmp/cache" HOME="$tmp" GOPATH="$tmp/gopath" GO111MODULE=off GOFLAGS=
minor=$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
status=0
count=0
for dir in "$@"; do
  [ -d "$dir" ] || continue
  for f in "$dir"/*.go; do
    [ -e "$f" ] || continue
    if head -n 1 "$f" | grep -q '^// deferfuzz: go1.22' && [ "${minor:-0}" -lt 22 ]; then
      echo "skip (needs go1.22): $f"
      continue
    fi
    count=$((count + 1))
    if ! (cd "$(dirname "$f")" && go build -o "$tmp/prog" "$(basename "$f")") >"$tmp/log" 2>&1; then
      echo "FAIL: $f"
      cat "$tmp/log"
      status=1
    fi
  done
done
echo "$count programs built"
exit $status
