#!/bin/bash
# Exports stream in bounded memory (issue 12.5: "a 10 GB archive exports with flat RSS"), through the
# binary: synthetic archives of 2,000 and 30,000 captures (storage_export_fixture: reports with
# extractions, identical-payload and 304 revisits, redirect hops), each exported as warc, cdxj, wacz,
# jsonl and csv in a child process whose peak RSS (getrusage RUSAGE_CHILDREN) is read. From 2,000 to
# 30,000 captures (15 times as many), each export's peak may grow only by what bounded caches take
# as they fill: SQLite's page cache (2 MB), the loaded zstd dictionaries (at most 64 of each kind),
# so CACHES_KB; cdxj and wacz also hold one CDXJ run (CdxjIndex::kDefaultRunBytes, 8 MiB) before
# spilling it. Before this bound, exports kept every body written and every CDXJ line: from 2,000
# to 30,000 captures warc grew by 13.6 MB, cdxj by 23.6 MB, wacz by 21.7 MB (export_rss_bench), all
# of which this test fails. The 30,000-capture CDXJ, sorted by spilled runs, must be sorted bytewise
# with one line per response and revisit. The test asserts memory, never time.
# Usage: export_memory_test.sh GONGKAI STORAGE_EXPORT_FIXTURE
set -euo pipefail
GONGKAI=$(realpath "$1")
FIXTURE=$(realpath "$2")
# Measured growth with the bound: warc 4.3-5.2 MB (2 MB of it the page cache), jsonl 1.6, csv 2.2.
CACHES_KB=8192
RUN_KB=8192
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fail() { echo "FAIL: $*"; exit 1; }

# Peak RSS in KB of a command run as a child; its output is discarded, a failure fails the test.
peak_kb() {
  python3 -c '
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
if done.returncode != 0:
    sys.exit("command failed (%d): %s" % (done.returncode, " ".join(sys.argv[1:])))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

for n in 2000 30000; do
  "$FIXTURE" "a$n.sqlite" "$n" || fail "fixture of $n captures"
done

declare -A peak
for format in warc cdxj wacz jsonl csv; do
  for n in 2000 30000; do
    mkdir -p "out-$format-$n"
    peak[$format-$n]=$(peak_kb "$GONGKAI" -q export --format "$format" --out "out-$format-$n/x.$format" \
                        --archive "a$n.sqlite") || fail "export --format $format of $n captures"
  done
  small=${peak[$format-2000]}
  large=${peak[$format-30000]}
  margin=$CACHES_KB
  [[ $format == cdxj || $format == wacz ]] && margin=$((CACHES_KB + RUN_KB))
  echo "$format: peak RSS ${small} KB at 2,000 captures, ${large} KB at 30,000 (+$((large - small)), allowed +$margin)"
  ((large - small <= margin)) ||
    fail "$format: peak RSS grew by $((large - small)) KB from 2,000 to 30,000 captures (allowed $margin)"
  [[ $format == cdxj ]] || rm -rf "out-$format-2000" "out-$format-30000"
done

# The external sort's output: sorted bytewise, one line per response and revisit record (CDXJ leaves
# out requests, conversions and the warcinfo).
index=out-cdxj-30000/x.cdxj
LC_ALL=C sort -c "$index" || fail "the CDXJ index of 30,000 captures is not sorted"
lines=$(wc -l <"$index")
records=$(python3 -c '
import gzip, sys
count = 0
for name in sys.argv[1:]:
    with gzip.open(name, "rb") as f:
        for line in f:
            if line in (b"WARC-Type: response\r\n", b"WARC-Type: revisit\r\n"):
                count += 1
print(count)' out-cdxj-30000/*.warc.gz)
[[ $lines -eq $records && $lines -ge 30000 ]] ||
  fail "the CDXJ index has $lines lines for $records response and revisit records"
echo "PASS: export memory flat from 2,000 to 30,000 captures; CDXJ of $lines lines sorted"
