#!/usr/bin/env bash
# Fuzzes with libFuzzer under ASan + UBSan for SECONDS (default 600) one of two targets:
# - extract_fuzzer (default): decode + parse + extract + render (extract/fuzz/extract_fuzzer.cc),
#   corpus build-fuzz/corpus, seeded from the gold pages and test data;
# - file_fuzzer: the report-file readers one layer at a time (extract/fuzz/file_fuzzer.cc: zipped
#   DOCX/OFD XML, PDF bodies, wvWare HTML, layout boxes, OLE2 for the DOC helpers), corpus
#   build-fuzz/file-corpus, seeded from tests/extract/data/files with the mode byte each input needs.
# Installs clang and compiler-rt when missing, builds in build-fuzz/. Any crash, leak, UB report or
# input taking longer than 10 s stops it with a non-zero exit and leaves the input as
# build-fuzz/crash-* / timeout-*.
# Usage: scripts/fuzz.sh [SECONDS] [extract_fuzzer|file_fuzzer]
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
target="${2:-extract_fuzzer}"
cmake --build build-fuzz -j"$(nproc)" --target "$target"
if [[ "$target" == file_fuzzer ]]; then
  mkdir -p build-fuzz/file-corpus
  python3 - tests/extract/data/files build-fuzz/file-corpus <<'PY'
import hashlib, io, os, subprocess, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
def seed(mode, data):
    data = bytes([mode]) + data
    if len(data) <= 262144:
        open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb").write(data)
for name in sorted(os.listdir(src)):
    path = os.path.join(src, name)
    raw = open(path, "rb").read()
    if name.startswith("bad-bomb"):
        continue
    seed(0, raw)
    if name.endswith(".docx"):
        seed(1, zipfile.ZipFile(io.BytesIO(raw)).read("word/document.xml"))
    if name.endswith(".ofd"):
        z = zipfile.ZipFile(io.BytesIO(raw))
        seed(2, z.read("Doc_0/Pages/Page_0/Content.xml"))
    if name.endswith(".pdf") and raw.startswith(b"%PDF-"):
        seed(3, raw[raw.index(b"\n") + 1:])
    if name.endswith(".doc") and raw.startswith(b"\xd0\xcf\x11\xe0"):
        seed(6, raw[8:])
        try:
            seed(4, subprocess.run(["wvWare", path], capture_output=True, timeout=20).stdout)
        except (OSError, subprocess.TimeoutExpired):
            pass
seed(5, bytes(range(256)) * 4)
PY
  corpus=file-corpus
else
  mkdir -p build-fuzz/corpus
  cp -n tests/extract/gold/*.html tests/crawler/data/*.html build-fuzz/corpus/ 2>/dev/null || true
  # Report files under the length cap: DOCX, OFD, DOC and the PDFs (the file parsers).
  find tests/extract/data/files -maxdepth 1 -type f \( -name '*.docx' -o -name '*.ofd' -o -name '*.doc' -o -name '*.pdf' \) \
    -size -256k -exec cp -n {} build-fuzz/corpus/ \; 2>/dev/null || true
  corpus=corpus
fi
cd build-fuzz
# fontconfig's process-lifetime cache is not a leak (extract/fuzz/lsan.supp).
export LSAN_OPTIONS="suppressions=$(cd .. && pwd)/extract/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# -timeout: an input slower than 10 s counts as a hang; -rss_limit_mb: a blow-up counts as a crash.
./extract/"$target" -max_total_time="$seconds" -max_len=262144 -timeout=10 -rss_limit_mb=4096 \
  -print_final_stats=1 "$corpus"
