#!/usr/bin/env bash
# Issue 15, researchers through the binary: `export --format csv --bom` starts with the UTF-8 BOM,
# `--encoding gb18030` is the same table in GB18030, and every time carries its zone: a Chinese
# portal's local publication time +08:00, a date stays a date, fetch times end in Z.
# Usage: researchers_test.sh GONGKAI REPORTS_WARC_PY
set -u
gongkai=$(realpath "$1")
make_warc=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

python3 - "$make_warc" <<'PY' || exit 1
import importlib.util, sys
spec = importlib.util.spec_from_file_location("w", sys.argv[1]); w = importlib.util.module_from_spec(spec)
spec.loader.exec_module(w)
with open("r.warc", "wb") as out:
    for url, title, date, body in w.FIXED:
        w.record(out, url, w.page(title, date, body))
    w.record(out, "http://c.gov.test/r/9.html", w.page("某区2022年政府信息公开工作年度报告", "2023-01-15 09:30",
                                                     "全年主动公开政府信息八百条。依申请公开二十件。"))
PY
"$gongkai" import-warc --archive a.sqlite r.warc >/dev/null 2>&1 || { echo "import failed"; exit 1; }
A="--archive a.sqlite -q"

"$gongkai" export --format csv --bom $A >bom.csv || fail "export --bom"
[[ "$(head -c 3 bom.csv | od -An -tx1 | tr -d ' ')" == "efbbbf" ]] || fail "no UTF-8 BOM"
"$gongkai" export --format csv $A >plain.csv || fail "export csv"
[[ "$(head -c 3 plain.csv | od -An -tx1 | tr -d ' ')" != "efbbbf" ]] || fail "BOM without --bom"
"$gongkai" export --format csv --encoding gb18030 $A >gb.csv || fail "export --encoding gb18030"
python3 - <<'PY' || fail "the GB18030 CSV is not the UTF-8 CSV re-encoded"
import sys
gb, utf8 = open("gb.csv", "rb").read(), open("plain.csv", "rb").read()
sys.exit(0 if gb != utf8 and gb.decode("gb18030") == utf8.decode("utf-8") and "２０２２".encode("gb18030") in gb else 1)
PY
"$gongkai" export --format jsonl --bom $A >/dev/null 2>err; [[ $? -eq 2 ]] || fail "--bom on jsonl must be a usage error"

# Time zones: +08:00 on local publication times, a date as a date, Z on fetch times.
grep -q ',2023-01-15T09:30:00+08:00,' plain.csv || { fail "csv: published without +08:00"; cat plain.csv; }
grep -q ',2023-01-31,' plain.csv || fail "csv: a date is not a date"
grep -Eq ',2023-02-01T08:00:00Z,' plain.csv || fail "csv: fetched_at without Z"
"$gongkai" export --format jsonl $A | grep -q '"published":"2023-01-15T09:30:00+08:00"' || fail "jsonl published"
"$gongkai" search 八百条 --json $A | grep -q '"published":"2023-01-15T09:30:00+08:00"' || fail "search published"
"$gongkai" show http://c.gov.test/r/9.html --json $A | grep -q '"published":"2023-01-15T09:30:00+08:00"' ||
  fail "show published"

[[ $failures -eq 0 ]] && echo "all researcher cases pass"
exit $((failures > 0))
