#!/usr/bin/env bash
# examples/aarch64_check.sh SRCDIR NATIVE_BIN - cross-builds the runtime with
# its aarch64 assembly switch and the producer/consumer example, runs it
# under qemu-aarch64, and requires byte-identical output to the native
# build: same schedules, same outcomes, on both architectures.
set -euo pipefail
src=$1
native=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rt="$src/runtime"
aarch64-linux-gnu-gcc -O2 -std=c11 -static -Wall -Wextra -Werror -I"$rt" -DRT_MUTANT=0 \
  "$rt"/value.c "$rt"/choice.c "$rt"/stack.c "$rt"/coro.c "$rt"/sched.c "$rt"/defer.c \
  "$rt"/chan.c "$rt"/select.c "$rt"/sync.c "$rt"/trace.c "$rt"/switch_aarch64.S \
  "$src"/examples/prodcons.c -o "$work/prodcons_aarch64"
qemu-aarch64 "$work/prodcons_aarch64" 500 > "$work/a64.txt"
"$native" 500 > "$work/native.txt"
if ! cmp -s "$work/a64.txt" "$work/native.txt"; then
  echo "aarch64 output differs from the native build:" >&2
  diff "$work/native.txt" "$work/a64.txt" >&2 || true
  exit 1
fi
echo "aarch64: $(grep -c '^outcome' "$work/a64.txt") outcomes over 500 seeds, identical to native"
