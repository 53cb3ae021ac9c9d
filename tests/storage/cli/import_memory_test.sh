#!/bin/bash
# import-warc streams in bounded memory (issue 12, acceptance: "a 1 GB WARC in < 100 MB RSS"),
# through the binary and through standard input (`import-warc -`), extraction included: a WARC of
# 1 GiB is generated on the fly and piped in, never written to disk. It holds what a portal crawl
# holds: report pages (HTML, distinct, a third gzip-encoded, a fifth chunked) that are classed and
# extracted after the import, with request records beside them, and large attachments (1 MiB of
# random bytes each: incompressible, so every byte goes through the reader, the digest and the
# blob store) that make up most of the bytes. The child's peak RSS (getrusage RUSAGE_CHILDREN,
# which holds only the child: the generator is this script's own Python) must stay under
# MAX_PEAK_KB, and every report must be imported and extracted.
# Usage: import_memory_test.sh GONGKAI [SIZE_MIB=1024]
set -euo pipefail
GONGKAI=$(realpath "$1")
SIZE_MIB=${2:-1024}
# The acceptance bound (100 MB = 97,656 KiB; ru_maxrss is in KiB).
MAX_PEAK_KB=97656
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
printf '[archive]\ndurable_commits = false\n' >import.toml

python3 - "$GONGKAI" "$SIZE_MIB" "$MAX_PEAK_KB" <<'PY'
import gzip, os, random, resource, subprocess, sys, time

gongkai, size_mib, max_peak_kb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
total = size_mib << 20
attachment_bytes = 1 << 20
# One report page (~40 KB) per this many attachments: ~250 reports per GiB to extract (the
# extractor, at ~10 pages/s on a loaded two-core machine, bounds the test's run time).
attachments_per_report = 4
rng = random.Random(12)
words = ["本年度", "政府信息", "依申请公开", "行政复议", "行政诉讼", "主动公开", "规范性文件",
         "财政预算", "决算", "统计数据", "办理情况", "收费减免", "人大代表建议", "政协提案"]

def record(kind, uri, block, n, extra=b""):
    return (b"WARC/1.1\r\nWARC-Type: " + kind + b"\r\nWARC-Record-ID: <urn:uuid:memory-%s-%d>\r\n" % (kind, n) +
            b"WARC-Target-URI: " + uri + b"\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n" + extra +
            b"Content-Type: application/http;msgtype=" + kind + b"\r\n" +
            b"Content-Length: %d\r\n\r\n" % len(block) + block + b"\r\n\r\n")

def request(uri, n):
    host = uri.split(b"/")[2]
    block = b"GET /" + b"/".join(uri.split(b"/")[3:]) + b" HTTP/1.1\r\nHost: " + host + b"\r\n\r\n"
    return record(b"request", uri, block, n)

def report_page(n):
    paras = []
    for p in range(60):
        paras.append("<p>" + "，".join(rng.choice(words) for _ in range(40)) + "（第%d号，第%d段）。</p>" % (n, p))
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>关于2023年度政府信息公开工作的报告（%d）</title></head>"
            "<body><div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/xxgk/\">信息公开</a></div>"
            "<div class=\"article\"><h1>关于2023年度政府信息公开工作的报告（%d）</h1>"
            "<div class=\"info\">发布时间：2024-01-%02d 来源：某某市人民政府办公室</div>%s</div>"
            "<div class=\"footer\">版权所有 某某市人民政府</div></body></html>" % (n, n, 1 + n % 28, "".join(paras))).encode()

def response(n):
    uri = b"http://memory.test/xxgk/report-%d.html" % n
    body = report_page(n)
    headers = b"Content-Type: text/html; charset=utf-8\r\n"
    if n % 3 == 1:
        body = gzip.compress(body, 1)
        headers += b"Content-Encoding: gzip\r\n"
    if n % 5 == 2:
        body = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
        headers += b"Transfer-Encoding: chunked\r\n"
    else:
        headers += b"Content-Length: %d\r\n" % len(body)
    block = b"HTTP/1.1 200 OK\r\n" + headers + b"\r\n" + body
    return request(uri, n) + record(b"response", uri, block, n)

def attachment(n):
    uri = b"http://memory.test/files/attachment-%d.bin" % n
    block = (b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n" +
             b"Content-Length: %d\r\n\r\n" % attachment_bytes + os.urandom(attachment_bytes))
    return record(b"response", uri, block, 1_000_000 + n)

start = time.monotonic()
child = subprocess.Popen([gongkai, "-q", "--config", "import.toml", "import-warc", "-", "--archive", "import.sqlite"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
written, reports, attachments = 0, 0, 0
try:
    while written < total:
        data = response(reports)
        child.stdin.write(data)
        written += len(data)
        reports += 1
        for _ in range(attachments_per_report):
            data = attachment(attachments)
            child.stdin.write(data)
            written += len(data)
            attachments += 1
    child.stdin.close()
except BrokenPipeError:
    pass
out = child.stdout.read().decode()
code = child.wait()
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
seconds = time.monotonic() - start
print(out, end="")
print("piped %d MiB (%d reports, %d attachments of 1 MiB) in %.1f s; peak RSS %d KB (limit %d KB)"
      % (written >> 20, reports, attachments, seconds, peak_kb, max_peak_kb))
if code != 0:
    sys.exit("FAIL: import-warc - exited with %d" % code)
expected = "-: %d records, %d captures imported" % (2 * reports + attachments, reports + attachments)
if expected not in out:
    sys.exit("FAIL: expected '%s'" % expected)
if "extracted %d pages (0 not extractable)" % reports not in out:
    sys.exit("FAIL: expected all %d reports extracted" % reports)
if peak_kb >= max_peak_kb:
    sys.exit("FAIL: peak RSS %d KB is not under %d KB" % (peak_kb, max_peak_kb))
print("PASS: 1 GiB WARC through stdin, extraction included, peak RSS %d KB" % peak_kb)
PY
