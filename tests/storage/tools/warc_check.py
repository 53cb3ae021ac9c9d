#!/usr/bin/python3
"""An independent WARC 1.1 reader (standard library only) used by the storage tests.

Usage: warc_check.py FILE.warc.gz [--expect-empty]
Checks that every record is its own gzip member, that the first record is a warcinfo, that every
record has the mandatory fields, a correct Content-Length, WARC-Block-Digest and (for responses and
revisits) WARC-Payload-Digest, that WARC-Refers-To / WARC-Concurrent-To / WARC-Warcinfo-ID name
records in the file, and that conversion records are JSON. Prints one summary line
("records=N warcinfo=1 request=.. response=.. revisit=.. conversion=..") and exits 0, or prints the
problems and exits 1.
"""
import base64
import hashlib
import json
import sys
import zlib

MANDATORY = ("WARC-Record-ID", "WARC-Date", "WARC-Type", "Content-Length")
PROFILES = {
    "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
    "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
}


def gzip_members(data):
    """Yields the decompressed content of each gzip member."""
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data)
        if not d.eof:
            raise ValueError("truncated gzip member")
        yield out
        data = d.unused_data


def parse_record(raw):
    head, sep, rest = raw.partition(b"\r\n\r\n")
    if not sep:
        raise ValueError("record header does not end")
    lines = head.split(b"\r\n")
    if lines[0] not in (b"WARC/1.1", b"WARC/1.0"):
        raise ValueError("bad version line %r" % lines[0])
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        fields[name.decode().strip().lower()] = value.decode("utf-8").strip()
    length = int(fields["content-length"])
    block = rest[:length]
    if len(block) != length or rest[length:] != b"\r\n\r\n":
        raise ValueError("block length or record trailer wrong")
    return fields, block


def digest(algorithm_value, data):
    algorithm, _, value = algorithm_value.partition(":")
    h = hashlib.new(algorithm)
    h.update(data)
    return base64.b32encode(h.digest()).decode() == value


def http_payload(block):
    head, sep, body = block.partition(b"\r\n\r\n")
    return body if sep else b""


def main(argv):
    path = argv[1]
    expect_empty = "--expect-empty" in argv
    problems = []
    records = []
    with open(path, "rb") as f:
        data = f.read()
    try:
        for raw in gzip_members(data):
            records.append(parse_record(raw))
    except (ValueError, KeyError, zlib.error) as e:
        problems.append("record %d: %s" % (len(records) + 1, e))
    ids = {fields.get("warc-record-id") for fields, _ in records}
    counts = {}
    for i, (fields, block) in enumerate(records, 1):
        kind = fields.get("warc-type", "?")
        counts[kind] = counts.get(kind, 0) + 1
        for name in MANDATORY:
            if name.lower() not in fields:
                problems.append("record %d (%s): no %s" % (i, kind, name))
        if i == 1 and kind != "warcinfo":
            problems.append("first record is %s, not warcinfo" % kind)
        if "warc-block-digest" not in fields or not digest(fields["warc-block-digest"], block):
            problems.append("record %d (%s): bad WARC-Block-Digest" % (i, kind))
        if kind == "response":
            if not digest(fields.get("warc-payload-digest", "sha1:"), http_payload(block)):
                problems.append("record %d: bad WARC-Payload-Digest" % i)
        if kind == "revisit":
            if fields.get("warc-profile") not in PROFILES:
                problems.append("record %d: unknown revisit profile" % i)
            if fields.get("warc-profile", "").endswith("identical-payload-digest") and \
                    "warc-refers-to" not in fields:
                problems.append("record %d: identical-payload-digest revisit without WARC-Refers-To" % i)
        if kind == "conversion":
            try:
                json.loads(block.decode("utf-8"))
            except ValueError:
                problems.append("record %d: conversion block is not JSON" % i)
            if "warc-refers-to" not in fields:
                problems.append("record %d: conversion without WARC-Refers-To" % i)
        for ref in ("warc-refers-to", "warc-concurrent-to", "warc-warcinfo-id"):
            if ref in fields and fields[ref] not in ids:
                problems.append("record %d: %s names a record not in the file" % (i, ref))
        if kind in ("request", "response", "revisit") and "warc-target-uri" not in fields:
            problems.append("record %d: no WARC-Target-URI" % i)
    # Every identical-payload revisit's payload digest must equal its original's.
    by_id = {fields.get("warc-record-id"): fields for fields, _ in records}
    for i, (fields, _) in enumerate(records, 1):
        if fields.get("warc-profile", "").endswith("identical-payload-digest"):
            original = by_id.get(fields.get("warc-refers-to"), {})
            if original.get("warc-payload-digest") != fields.get("warc-payload-digest"):
                problems.append("record %d: payload digest differs from the record it refers to" % i)
    if expect_empty and set(counts) - {"warcinfo"}:
        problems.append("expected only a warcinfo record, found %s" % counts)
    if not records:
        problems.append("no records")
    summary = " ".join("%s=%d" % (k, v) for k, v in sorted(counts.items()))
    print("records=%d %s" % (len(records), summary))
    for p in problems:
        print("PROBLEM: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
