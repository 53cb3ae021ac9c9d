#!/usr/bin/env bash
# Fuzzes decode + parse + extract + render (extract/fuzz/extract_fuzzer.cc) with libFuzzer under
# ASan + UBSan for SECONDS (default 600). Installs clang and compiler-rt when missing, builds in
# build-fuzz/, keeps the corpus in build-fuzz/corpus (seeded from the gold pages and test data).
# Any crash, leak, UB report or input taking longer than 10 s stops it with a non-zero exit and
# leaves the input as build-fuzz/crash-* / timeout-*.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
bash scripts/setup.sh
missing=()
for pkg in clang libclang-rt-dev; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGONGKAI_FUZZ=ON \
  -DGONGKAI_TESTS=OFF -DGONGKAI_BENCH=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target extract_fuzzer
mkdir -p build-fuzz/corpus
cp -n tests/extract/gold/*.html tests/crawler/data/*.html build-fuzz/corpus/ 2>/dev/null || true
# Report files under the length cap: DOCX, OFD, DOC and the PDFs (the file parsers).
find tests/extract/data/files -maxdepth 1 -type f \( -name '*.docx' -o -name '*.ofd' -o -name '*.doc' -o -name '*.pdf' \) \
  -size -256k -exec cp -n {} build-fuzz/corpus/ \; 2>/dev/null || true
cd build-fuzz
# -timeout: an input slower than 10 s counts as a hang; -rss_limit_mb: a blow-up counts as a crash.
./extract/extract_fuzzer -max_total_time="$seconds" -max_len=262144 -timeout=10 -rss_limit_mb=4096 \
  -print_final_stats=1 corpus
