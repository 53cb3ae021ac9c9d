#!/usr/bin/env bash
# Installs missing packages (scripts/setup.sh), then configures and builds gongkai.
# Usage: scripts/build.sh [--sanitize] [cmake targets...]   (build dir: build/, or build-asan/ with --sanitize)
# GONGKAI_WERROR=ON in the environment turns warnings into errors (the CI does; .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

build_dir=build
cmake_args=(-DGONGKAI_WERROR="${GONGKAI_WERROR:-OFF}")
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  build_dir=build-asan
  cmake_args+=(-DGONGKAI_SANITIZE=ON -DGONGKAI_BENCH=OFF)
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${cmake_args[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)" "${targets[@]}"
