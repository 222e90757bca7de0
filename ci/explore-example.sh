#!/usr/bin/env bash
# ci/explore-example.sh [SEEDS] - the runtime's C API at work, without the
# Go front end: builds the release preset and explores the producer/consumer
# example (examples/prodcons.c) over SEEDS schedules (default 1000),
# printing every distinct outcome with its count and a reproducing seed.
# (The README's main job is ci/fuzz.sh.)
set -euo pipefail
cd "$(dirname "$0")/.."
ci/bootstrap.sh
cmake --preset release >/dev/null
cmake --build --preset release --target example_prodcons
exec build/release/examples/example_prodcons "${1:-1000}"
