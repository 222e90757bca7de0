#!/bin/bash -eu
# ClusterFuzzLite build step: the same build as OSS-Fuzz's.
exec "$SRC/deferfuzz/ci/oss-fuzz/build.sh"
