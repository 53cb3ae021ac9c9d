#!/bin/bash
# A WARC written by Debian's `wget --warc-file` against the simulated portal is imported with
# `gongkai import-warc`, extracted, found by `gongkai search` (3- and 10-character phrases),
# verified clean, and exported again as a WARC that the independent checker accepts.
# Usage: wget_import_test.sh GONGKAI WARC_CHECK_PY
set -euo pipefail
GONGKAI=$(realpath "$1")
CHECK=$(realpath "$2")
command -v wget >/dev/null || { echo "wget not installed (scripts/setup.sh installs it)"; exit 1; }
WORK=$(mktemp -d)
PORTAL_PID=
cleanup() {
  if [ -n "$PORTAL_PID" ]; then kill "$PORTAL_PID" 2>/dev/null || true; wait "$PORTAL_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"

# A free port (the portal's stdout is not line-buffered, so we choose the port): site 0 (TRS, UTF-8)
# listens on 127.0.231.2:PORT. The prefix is this test's own: no other test's portal can take the
# port between the probe below and the portal's bind (they would answer with other sites).
PREFIX=127.0.231
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.231.2", 0)); print(s.getsockname()[1])')
"$GONGKAI" portal --bind-prefix "$PREFIX" --port "$PORT" --duration 300 > portal.out 2>&1 &
PORTAL_PID=$!
SEED="http://$PREFIX.2:$PORT/xxgk/ndbg/index.html"
python3 - "$PORT" <<'PY'
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(("127.0.231.2", int(sys.argv[1])), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit("portal did not start on port " + sys.argv[1])
PY
[ $? -eq 0 ] || { cat portal.out; exit 1; }
echo "seed: $SEED"

# wget exits 8 when some URL answered an error (robots-disallowed links, 404s); the WARC is what counts.
wget -q -r -l 2 --no-parent -e robots=on --warc-file=site --no-warc-keep-log -P mirror "$SEED" || true
[ -s site.warc.gz ] || { echo "wget wrote no WARC"; exit 1; }

A="--archive $WORK/archive.sqlite"
"$GONGKAI" import-warc $A site.warc.gz | tee import.out
grep -Eq 'extracted [1-9][0-9]* pages' import.out

"$GONGKAI" search "年度报告" $A --json > hits3.jsonl
[ "$(wc -l < hits3.jsonl)" -ge 3 ] || { echo "3+-character search found too little"; cat hits3.jsonl; exit 1; }
"$GONGKAI" search "福州市晋安区人民政府" $A --json > hits10.jsonl
[ "$(wc -l < hits10.jsonl)" -ge 1 ] || { echo "10-character search found nothing"; exit 1; }
URL=$(head -1 hits10.jsonl | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["url"])')
# wget writes WARC 1.0's "<uri>" form; the archive keeps the bare URL.
case "$URL" in http://*) ;; *) echo "imported URL kept its brackets: $URL"; exit 1 ;; esac
# grep reads all of its input (no -q): with pipefail, an early exit would SIGPIPE the writer.
"$GONGKAI" show "$URL" $A | grep 'warc:site.warc.gz' >/dev/null
"$GONGKAI" show "$URL" --text $A | grep '福州市晋安区' >/dev/null
"$GONGKAI" runs --json $A | grep 'import-warc\|"files"' >/dev/null
"$GONGKAI" verify $A
"$GONGKAI" export --format warc --out again.warc.gz $A
/usr/bin/python3 "$CHECK" again.warc.gz
"$GONGKAI" export --format jsonl --out reports.jsonl $A
[ "$(wc -l < reports.jsonl)" -ge 3 ]
echo "ok"
