#!/usr/bin/env bash
# Issue 16.6, bad input through the binary: messages name the input in words (a capture id out of
# range, a directory given to extract, an empty file given as archive), random bytes are refused
# as binary by extract, and results that cannot be written to stdout are an error (exit 1).
# Usage: bad_input_test.sh GONGKAI REPORTS_WARC_PY
set -u
gongkai=$(realpath "$1")
make_warc=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run CODE PATTERN ARGS...: exit code CODE, stderr matching PATTERN, no internal names
run() {
  local code=$1 pattern=$2
  shift 2
  "$gongkai" "$@" >out 2>err
  local got=$?
  if [[ $got -ne $code ]] || ! grep -Eq -- "$pattern" err; then
    fail "gongkai $* -> exit $got (want $code), stderr:"; cat err
  fi
  if grep -Eq 'stoll|basic_filebuf|SELECT |no such table|(NotFound|IOError|Corruption|InvalidArgument): |please report' err; then
    fail "gongkai $*: an internal message:"; cat err
  fi
}

python3 "$make_warc" r.warc 1 && "$gongkai" import-warc --archive a.sqlite r.warc >/dev/null 2>&1 || exit 1
A="--archive a.sqlite"

run 2 "'99999999999999999999' is not a capture id" show 99999999999999999999 $A
run 1 "capture 424242|no capture" show 424242 $A
mkdir pages
run 1 "'pages' is a directory" extract pages
run 1 "'nothere.html' does not exist" extract nothere.html
python3 -c 'import random; random.seed(16); open("random.bin","wb").write(bytes(random.getrandbits(8) for _ in range(100000)))'
run 1 "random.bin: binary data \([0-9]+ control bytes" extract random.bin
: >empty.sqlite
for cmd in "search 年度报告" "show 1" "stats" "runs" "export --format csv"; do
  run 1 "archive empty.sqlite is empty \(no gongkai tables\)" $cmd --archive empty.sqlite
done
[[ -s empty.sqlite ]] && fail "the empty file was written to"

# Write errors on stdout
if [[ -w /dev/full ]]; then
  for cmd in "search 年度报告" "show 1" "show 1 --text" "stats" "runs" "export --format jsonl"; do
    "$gongkai" $cmd $A >/dev/full 2>err
    code=$?
    [[ $code -eq 1 ]] && grep -Eq 'cannot write the output|writing the export failed' err || { fail "$cmd >/dev/full -> exit $code"; cat err; }
  done
fi

# Extraction memory stays under 10x the input, even for 16 MB of the densest markup (one element
# per 16 bytes; Gumbo alone took 28x before the element cap) and for a 16 MB table.
python3 - "$gongkai" <<'PY' || fail "extraction memory above 10x the input"
import os, resource, subprocess, sys
pages = {"dense.html": "<span>字</span>" * (1 << 20), "table.html": "<tr><td>1</td><td>2</td></tr>" * 550000}
for name, body in pages.items():
    with open(name, "w") as f:
        f.write('<html><head><meta charset="utf-8"><title>t</title></head><body><table>' + body + "</table></body></html>")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.argv[1], "extract", name, "--format", "json"], stdout=subprocess.DEVNULL, check=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    ratio = peak / os.path.getsize(name)
    print("%s: %.1f MB in, peak %.1f MB (%.1fx)" % (name, os.path.getsize(name) / 1e6, peak / 1e6, ratio))
    if ratio > 10:
        sys.exit(1)
PY

[[ $failures -eq 0 ]] && echo "all bad-input cases pass"
exit $((failures > 0))
