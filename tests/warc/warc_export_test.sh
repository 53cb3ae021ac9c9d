#!/bin/bash
# The WARC, CDXJ and WACZ exports checked by an independent reader (warcio.js from npm, pinned in
# package.json), through the binary, on a real crawl: the simulated portal crawled twice (`gongkai
# demo`: redirects, 304 revisits, a reset and a cut body), then:
#  - full and --since WARC exports: every record parses, block and payload digests verify, every
#    revisit carries Refers-To-Target-URI/-Date and a payload digest and resolves (the --since one
#    against the full export), conversion records refer to responses, redirect hops are present,
#    the broken-off transfer carries WARC-Truncated;
#  - record ids differ between two archives (the export re-imported into a second archive);
#  - CDXJ with rotated WARC files: sorted, every offset/length lands on the record it names;
#  - WACZ: archive/ stored not deflated, every sha256 and size in datapackage.json matches;
#  - import-warc: a second import adds no capture; damage in the middle keeps later records and
#    exits 6; a truncated .warc.gz exits 6; - reads stdin; ESC/LF in a target URI never comes back;
#  - export --out refuses a directory and a device and deletes nothing.
# Usage: warc_export_test.sh GONGKAI TESTS_WARC_DIR   (npm ci runs there when node_modules is missing)
set -euo pipefail
GONGKAI=$(realpath "$1")
HERE=$(realpath "$2")
command -v node >/dev/null || { echo "node is not installed"; exit 1; }
if [ ! -d "$HERE/node_modules/warcio" ]; then (cd "$HERE" && npm ci --no-audit --no-fund >/dev/null); fi
CHECK="node $HERE/warc_check.mjs"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fail() { echo "FAIL: $*"; exit 1; }
captures() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from captures").fetchone()[0])' "$1"; }

# A free port base for the demo's 8 sites (127.0.1.2-8, ports base..base+7).
BASE=$(python3 "$HERE/demo_port_base.py")
A="--archive $WORK/a.sqlite"
"$GONGKAI" demo $A --port-base "$BASE" > demo1.out 2>&1 || { cat demo1.out; fail "first demo crawl"; }
SINCE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1
"$GONGKAI" demo $A --port-base "$BASE" > demo2.out 2>&1 || { cat demo2.out; fail "second demo crawl"; }

# Full and --since WARC exports.
"$GONGKAI" export --format warc --out full.warc.gz $A
$CHECK warc full.warc.gz --ids-out ids-a.txt > full.json
cat full.json
python3 - full.json <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
assert c["revisits"] > 0, "no revisit records"
assert c["conversions"] > 0, "no conversion records"
assert c["redirects"] > 0 and c["redirects_followed"] == c["redirects"], "redirect hops missing: %r" % c
assert c["truncated"] > 0, "no WARC-Truncated record"
PY
# (grep reads all of its input, no -q: with pipefail an early exit would SIGPIPE zcat.)
zcat full.warc.gz > full.warc
grep -a -A12 'WARC-Target-URI: .*/truncated/' full.warc | grep -a 'WARC-Truncated: disconnect' > /dev/null \
  || fail "the reset transfer is not marked WARC-Truncated"
grep -a '^seed: http' full.warc > /dev/null || fail "warcinfo names no seeds"
grep -a '^robots: obey' full.warc > /dev/null || fail "warcinfo names no robots policy"
"$GONGKAI" export --format warc --since "$SINCE" --out since.warc.gz $A
$CHECK warc since.warc.gz --resolve-with full.warc.gz > since.json
python3 -c 'import json,sys; c=json.load(open("since.json")); assert c["revisits"] > 0, c' || fail "--since export has no revisits"

# A second archive (the export imported) has other record ids; importing it twice adds nothing.
B="--archive $WORK/b.sqlite"
"$GONGKAI" import-warc full.warc.gz $B --no-extract > import1.out
"$GONGKAI" import-warc full.warc.gz $B --no-extract > import2.out
grep -q ' 0 captures imported' import2.out || { cat import2.out; fail "a second import added captures"; }
n1=$(captures b.sqlite)
"$GONGKAI" export --format warc --out b.warc.gz $B
$CHECK warc b.warc.gz --ids-out ids-b.txt > /dev/null
[ -z "$(sort ids-a.txt ids-b.txt | uniq -d)" ] || fail "two archives share record ids"

# CDXJ beside rotated WARC files.
mkdir cdx
"$GONGKAI" export --format cdxj --out cdx/index.cdxj --max-warc-bytes 200000 $A
[ "$(ls cdx/*.warc.gz | wc -l)" -ge 2 ] || fail "no WARC rotation at --max-warc-bytes"
$CHECK cdxj cdx/index.cdxj cdx
$CHECK warc cdx/*.warc.gz > /dev/null
"$GONGKAI" export --format cdxj --no-gzip --out cdx/plain.cdxj $A
[ "$(head -c 8 cdx/plain.warc)" = "WARC/1.1" ] || fail "--no-gzip did not write a plain WARC"
$CHECK cdxj cdx/plain.cdxj cdx

# WACZ.
"$GONGKAI" export --format wacz --out a.wacz $A
mkdir wacz
python3 - a.wacz wacz <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for info in z.infolist():
    if info.filename.startswith("archive/"):
        assert info.compress_type == zipfile.ZIP_STORED, info.filename + " is deflated"
names = set(z.namelist())
for need in ("indexes/index.cdxj", "pages/pages.jsonl", "datapackage.json", "datapackage-digest.json"):
    assert need in names, need + " missing"
z.extractall(sys.argv[2])
PY
$CHECK wacz wacz
$CHECK cdxj wacz/indexes/index.cdxj wacz/archive

# import-warc: damage in the middle, truncation, stdin, control bytes in a URI.
python3 - full.warc.gz <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
mid = bytearray(data)
for i in range(len(data) // 2, len(data) // 2 + 32):
    mid[i] ^= 0x55
open("damaged.warc.gz", "wb").write(bytes(mid))
open("truncated.warc.gz", "wb").write(data[: len(data) - 3000])
block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Evil: a\nInjected: yes\r\n\r\n<p>x</p>"
rec = (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:esc>\r\n"
       b"WARC-Target-URI: http://evil.test/\x1b]0;owned\x07\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
       b"Content-Type: application/http;msgtype=response\r\nContent-Length: " + str(len(block)).encode() +
       b"\r\n\r\n" + block + b"\r\n\r\n")
open("evil.warc", "wb").write(rec)
PY
set +e
"$GONGKAI" import-warc damaged.warc.gz --archive "$WORK/c.sqlite" --no-extract > damaged.out 2> damaged.err
rc=$?
set -e
[ "$rc" -eq 6 ] || { cat damaged.out damaged.err; fail "damage exited $rc, not 6"; }
n_damaged=$(captures c.sqlite)
[ "$n_damaged" -gt $((n1 / 2 + 10)) ] || fail "records after the damage were lost ($n_damaged of $n1)"
set +e
"$GONGKAI" import-warc truncated.warc.gz --archive "$WORK/d.sqlite" --no-extract > /dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 6 ] || fail "a truncated .warc.gz exited $rc"
"$GONGKAI" import-warc - --archive "$WORK/e.sqlite" --no-extract < full.warc.gz > stdin.out
[ "$(captures e.sqlite)" -eq "$n1" ] || fail "stdin import differs"
"$GONGKAI" import-warc evil.warc --archive "$WORK/f.sqlite" --no-extract > /dev/null
"$GONGKAI" export --format warc --out evil-again.warc --no-gzip --archive "$WORK/f.sqlite"
"$GONGKAI" export --format csv --archive "$WORK/f.sqlite" > evil.csv
if grep -aq $'\x1b' evil-again.warc evil.csv; then fail "an ESC from an imported URI came back out"; fi
if grep -aq '^Injected: yes' evil-again.warc; then fail "a bare LF in a header became a header line"; fi
$CHECK warc evil-again.warc > /dev/null

# export --out refuses a directory and a device, and deletes nothing.
mkdir existing_dir
touch existing_dir/keep
set +e
"$GONGKAI" export --format csv --out existing_dir $A 2> dir.err
rc_dir=$?
"$GONGKAI" export --format warc --out /dev/null $A 2> dev.err
rc_dev=$?
set -e
[ "$rc_dir" -ne 0 ] && [ -f existing_dir/keep ] || fail "export to a directory: exit $rc_dir"
[ "$rc_dev" -ne 0 ] && [ -c /dev/null ] || fail "export to a device: exit $rc_dev"
grep -q 'directory' dir.err && grep -q 'device' dev.err || { cat dir.err dev.err; fail "unclear refusal"; }
[ -z "$(ls -A . | grep partial)" ] || fail "a temporary file was left behind"
echo "ok"
