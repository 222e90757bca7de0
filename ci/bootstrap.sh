#!/usr/bin/env bash
# ci/bootstrap.sh - installs every Debian 12 package deferfuzz needs.
# Idempotent: when everything is present it only checks and returns.
set -euo pipefail

PACKAGES=(
  clang libclang-rt-14-dev lld-14 lld llvm
  cmake ninja-build pkg-config make gcc
  libcriterion-dev valgrind
  afl++ libboost-context-dev
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user
  golang-go gccgo
  python3
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
echo "bootstrap: done"
