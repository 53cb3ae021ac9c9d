#!/bin/bash
# import-warc memory and speed on a large WARC: generates a plain WARC of SIZE_MB megabytes (10,000
# records of ~100 KB HTML each per GB, every body distinct, a third of them gzip-encoded, one record
# in fifty a revisit) and imports it with --no-extract, printing the file size, records, wall time
# and peak RSS (GNU time). The import streams, so peak RSS stays flat whatever the size.
# Usage: warc_import_bench.sh GONGKAI [SIZE_MB=1024] [WORK_DIR=mktemp]
set -euo pipefail
GONGKAI=$(realpath "$1")
SIZE_MB=${2:-1024}
WORK=${3:-$(mktemp -d)}
mkdir -p "$WORK"
cd "$WORK"
python3 - "$SIZE_MB" big.warc <<'PY'
import gzip, sys
size_mb, path = int(sys.argv[1]), sys.argv[2]
para = ("<p>本年度，本机关依法公开政府信息，办理依申请公开事项，未发生行政复议和行政诉讼。" * 20 + "</p>\n").encode()
written, n = 0, 0
with open(path, "wb") as out:
    while written < size_mb * 1024 * 1024:
        body = b"<html><head><title>report %d</title></head><body>" % n + para * 40 + b"<p>%d</p></body></html>" % n
        headers = b"Content-Type: text/html; charset=utf-8\r\n"
        if n % 3 == 1:
            body = gzip.compress(body, 1)
            headers += b"Content-Encoding: gzip\r\n"
        kind = b"revisit" if n % 50 == 49 else b"response"
        block = b"HTTP/1.1 200 OK\r\n" + headers + b"Content-Length: %d\r\n\r\n" % len(body) + (b"" if kind == b"revisit" else body)
        record = (b"WARC/1.1\r\nWARC-Type: " + kind + b"\r\nWARC-Record-ID: <urn:uuid:bench-%d>\r\n" % n +
                  b"WARC-Target-URI: http://bench.test/r/%d.html\r\n" % n +
                  b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http;msgtype=response\r\n" +
                  b"Content-Length: %d\r\n\r\n" % len(block) + block + b"\r\n\r\n")
        out.write(record)
        written += len(record)
        n += 1
print("generated %s: %d MB, %d records" % (path, written >> 20, n))
PY
printf '[archive]\ndurable_commits = false\n' > bench.toml
/usr/bin/time -v "$GONGKAI" --config bench.toml import-warc big.warc --no-extract --archive "$WORK/bench.sqlite" \
  > import.out 2> time.err || { cat import.out time.err; exit 1; }
cat import.out
grep -E "Elapsed \(wall|Maximum resident" time.err
ls -l bench.sqlite | awk '{print "archive bytes: " $5}'
