#!/usr/bin/env python3
"""reextract_bench: `gongkai reextract` pages/s on 1 and 2 cores beside single-core extraction.

Builds an archive of COPIES x (the pages under --pages), each copy a distinct body (a comment
appended), by importing a WARC written here; then times, RUNS times each and takes medians:
  extract  `gongkai extract --bench PAGES --repeat COPIES`: decode+parse+extract, one core, no archive
  jobs=1   `gongkai reextract --all --jobs 1`: read + decompress + extract + compress + index + write
  jobs=2   `gongkai reextract --all --jobs 2`
and prints the issue's ratio, reextract(2 jobs) / (2 x single-core extract), and the scaling
reextract(2 jobs) / (2 x reextract(1 job)). By default every body already has an extraction of
this version with the same output (the search index is left alone); with --fresh the extractions
and the index are emptied before each reextract, so every output is new and indexed (the cost of a
first extraction, or of a version whose output changed everywhere). Standard library only.

Usage: bench/storage/reextract_bench.py [--gongkai build/gongkai] [--pages tests/extract/gold]
                                        [--copies 150] [--runs 3] [--work DIR] [--fresh]
"""
import argparse
import gzip
import hashlib
import base64
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def warc_record(headers, block):
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return gzip.compress(head.encode() + block + b"\r\n\r\n", compresslevel=1)


def write_warc(path, pages, copies):
    """One response record per (copy, page); returns the number of records."""
    n = 0
    with open(path, "wb") as out:
        out.write(warc_record([("WARC-Type", "warcinfo"),
                               ("WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-000000000000>"),
                               ("WARC-Date", "2026-01-01T00:00:00Z"),
                               ("Content-Type", "application/warc-fields")], b"software: reextract_bench\r\n"))
        for copy in range(copies):
            for name, body in pages:
                body = body + f"\n<!-- reextract_bench copy {copy} -->\n".encode()
                http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body)) + body
                digest = "sha1:" + base64.b32encode(hashlib.sha1(http).digest()).decode()
                n += 1
                uid = "%08x-0000-4000-8000-%012x" % (copy, n)
                out.write(warc_record([("WARC-Type", "response"), ("WARC-Record-ID", f"<urn:uuid:{uid}>"),
                                       ("WARC-Date", "2026-01-01T00:00:01Z"),
                                       ("WARC-Target-URI", f"http://bench{copy % 50}.gov.test/c{copy}/{name}"),
                                       ("Content-Type", "application/http; msgtype=response"),
                                       ("WARC-Block-Digest", digest)], http))
    return n


def forget_extractions(archive):
    """Empties the extractions and the search index (contentless: 'delete-all'), keeping captures."""
    db = sqlite3.connect(archive)
    db.executescript("""
        UPDATE reports SET extraction_id = NULL;
        DELETE FROM extractions;
        INSERT INTO report_fts_title(report_fts_title) VALUES('delete-all');
        INSERT INTO report_fts_passage(report_fts_passage) VALUES('delete-all');
        DELETE FROM report_fts_passage_key;
        DELETE FROM report_fts_holding;
        DELETE FROM meta WHERE key LIKE 'reextract_all_started_at_ms:%';
    """)
    db.commit()
    db.close()


def run(cmd):
    start = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"reextract_bench: {' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return seconds, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gongkai", default=os.path.join(REPO, "build", "gongkai"))
    parser.add_argument("--pages", default=os.path.join(REPO, "tests", "extract", "gold"))
    parser.add_argument("--copies", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=None, help="directory for the archive (default: a temp dir)")
    parser.add_argument("--fresh", action="store_true", help="empty extractions and index before each reextract")
    args = parser.parse_args()

    pages = []
    for root, _, files in os.walk(args.pages):
        for f in sorted(files):
            if f.endswith((".html", ".htm")):
                with open(os.path.join(root, f), "rb") as fh:
                    pages.append((f, fh.read()))
    if not pages:
        sys.exit(f"reextract_bench: no .html/.htm files under {args.pages}")
    work = args.work or tempfile.mkdtemp(prefix="reextract-bench-")
    os.makedirs(work, exist_ok=True)
    archive = os.path.join(work, "bench.sqlite")
    for suffix in ("", "-wal", "-shm", ".lock"):
        if os.path.exists(archive + suffix):
            os.remove(archive + suffix)
    warc = os.path.join(work, "bench.warc.gz")
    records = write_warc(warc, pages, args.copies)
    seconds, _ = run([args.gongkai, "import-warc", warc, "--archive", archive])
    print(f"archive: {records} pages ({len(pages)} files x {args.copies} copies, "
          f"{sum(len(b) for _, b in pages) * args.copies / 1e6:.1f} MB) imported in {seconds:.1f} s")

    rates = {"extract": [], "jobs=1": [], "jobs=2": []}
    for _ in range(args.runs):
        _, out = run([args.gongkai, "extract", "--bench", args.pages, "--repeat", str(args.copies)])
        match = re.search(r"pages_per_s=([0-9.]+)", out)
        if not match:
            sys.exit(f"reextract_bench: unexpected extract --bench output: {out!r}")
        rates["extract"].append(float(match.group(1)))
        for jobs in (1, 2):
            if args.fresh:
                forget_extractions(archive)
            seconds, out = run([args.gongkai, "reextract", "--all", "--jobs", str(jobs), "--archive", archive])
            match = re.search(r"(\d+) extracted", out)
            extracted = int(match.group(1)) if match else 0
            if extracted != records:
                sys.exit(f"reextract_bench: reextract extracted {extracted} of {records}: {out!r}")
            rates[f"jobs={jobs}"].append(records / seconds)
    for name, values in rates.items():
        print(f"{name:8} pages_per_s median={statistics.median(values):.1f} runs=" +
              ",".join(f"{v:.1f}" for v in values))
    extract, one, two = (statistics.median(rates[k]) for k in ("extract", "jobs=1", "jobs=2"))
    print(f"ratio reextract(2 jobs) / (2 x single-core extract) = {two / (2 * extract):.3f}  (target >= 0.80)")
    print(f"scaling reextract(2 jobs) / (2 x reextract(1 job)) = {two / (2 * one):.3f}")
    print(f"mode: {'fresh (every output new and indexed)' if args.fresh else 'same output (index untouched)'}; "
          f"cores: {os.cpu_count()}, load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
