#!/usr/bin/env bash
# Issue 13 with issue 11's data, through the binary and HTTP, on an archive crawled from the simulated
# portal (serve_demo_archive.sh): the search's report-year, agency and region filters (page and API)
# agree with `gongkai search` and with each result; the report view shows the statistics tables cell
# for cell as /api/report/<id> (the JSONL export) holds them, with every check's PASS/FAIL/NA, and a
# report breaking the template's rules has the failing rule and its cells marked; coverage per agency
# and report year agrees with `gongkai coverage`; bad filter values are 400s naming the parameter.
# Usage: serve_stats_test.sh GONGKAI DEMO_DIR
set -euo pipefail
gongkai=$1
demo=$2
archive=$demo/demo.sqlite
seeds=$demo/seeds.toml
dir=$(mktemp -d)
pid=
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -f "$archive" ]] || fail "no demo archive at $archive (the serve_demo_archive fixture)"

"$gongkai" serve --archive "$archive" --seeds "$seeds" --port 0 >"$dir/out.txt" 2>"$dir/err.txt" &
pid=$!
port=
for _ in $(seq 1 300); do
  port=$(sed -n 's|.*pages and API  http://[^:]*:\([0-9]*\)/.*|\1|p' "$dir/out.txt")
  [[ -n "$port" ]] && break
  kill -0 "$pid" 2>/dev/null || fail "serve exited early: $(cat "$dir/err.txt")"
  sleep 0.1
done
[[ -n "$port" ]] || fail "serve did not start"

python3 - "$gongkai" "$archive" "$seeds" "http://127.0.0.1:$port" <<'PY'
import json, subprocess, sys, urllib.error, urllib.parse, urllib.request
from html.parser import HTMLParser

gongkai, archive, seeds, base = sys.argv[1:]
failures = []

def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)

def get(path, status=200):
    try:
        with urllib.request.urlopen(base + path) as r:
            code, body = r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        code, body = e.code, e.read().decode()
    check(code == status, f"{path}: status {code}, wanted {status}: {body[:200]}")
    return body

def api(path, status=200):
    return json.loads(get(path, status))

def q(**params):
    return urllib.parse.urlencode(params)

def cli(*args):
    out = subprocess.run([gongkai, *args, "--archive", archive, "-q"], check=True, capture_output=True, text=True)
    return out.stdout

WORDS = "年度报告"
everything = api("/api/search?" + q(q=WORDS, per_page=100))
total = everything["total"]
check(total > 20, f"the demo archive has reports ({total})")

# --- report year: the year covered, not the publication year; the same total as gongkai search ---
years = {}
for page in range(1, (total + 99) // 100 + 1):
    for r in api("/api/search?" + q(q=WORDS, per_page=100, page=page))["results"]:
        years.setdefault(r["report_year"], []).append(r)
check(None not in years or len(years) > 1, "results carry their report year")
for year in sorted(y for y in years if y):
    got = api("/api/search?" + q(q=WORDS, report_year=year, per_page=100))
    check(got["total"] == len(years[year]), f"report_year={year}: total {got['total']} != {len(years[year])}")
    check(all(r["report_year"] == year for r in got["results"]), f"report_year={year}: a result of another year")
    want = cli("search", WORDS, "--report-year", str(year), "--json", "--limit", "0").splitlines()
    check(len(want) == got["total"], f"report_year={year}: serve {got['total']}, gongkai search {len(want)}")
    check(any((r["published"] or "")[:4] != str(year) for r in got["results"]),
          f"report_year={year}: the year is not just the publication year")

# --- agency: part of the publishing body's name ---
agencies = sorted({r["agency"] for rs in years.values() for r in rs if r["agency"]})
check(len(agencies) >= 3, f"results carry their agency ({agencies})")
for part in ["通化市", "晋宁区人民政府"]:
    got = api("/api/search?" + q(q=WORDS, agency=part, per_page=100))
    want = cli("search", WORDS, "--agency", part, "--json", "--limit", "0").splitlines()
    check(got["total"] > 0 and got["total"] == len(want), f"agency={part}: serve {got['total']}, gongkai search {len(want)}")
    check(all(part in r["agency"] for r in got["results"]), f"agency={part}: a result of another agency")
both = api("/api/search?" + q(q=WORDS, agency="通化市", report_year=2022, per_page=100))
check(both["total"] > 0 and all(r["report_year"] == 2022 and "通化市" in r["agency"] for r in both["results"]),
      "agency and report_year together")

# --- region: the region of the seed that reached the report (seeds.toml) ---
fujian = api("/api/search?" + q(q=WORDS, region="福建省", per_page=100))
jilin = api("/api/search?" + q(q=WORDS, region="吉林省通化市", per_page=100))
check(fujian["total"] > 0 and all(r["region"].startswith("福建省") for r in fujian["results"]), "region=福建省")
check({urllib.parse.urlsplit(r["url"]).hostname for r in fujian["results"]} <= {"127.0.1.2", "127.0.1.4"},
      "region=福建省: only the Fujian sites' reports")
check(jilin["total"] > 0 and all(r["region"] == "吉林省通化市" and "127.0.1.3" in r["url"] for r in jilin["results"]),
      "region=吉林省通化市")
check(api("/api/search?" + q(q=WORDS, region="海南省"))["total"] == 0, "a region without reports: 0")
per_region = sum(api("/api/search?" + q(q=WORDS, region=r))["total"]
                 for r in ["福建省", "吉林省", "云南省", "新疆维吾尔自治区", "示例省", "测试省"])
check(per_region == total, f"the regions partition the reports: {per_region} != {total}")
paged = api("/api/search?" + q(q=WORDS, region="福建省", per_page=5, page=2))
check(paged["total"] == fujian["total"] and [r["id"] for r in paged["results"]] ==
      [r["id"] for r in fujian["results"][5:10]], "region results page like the others")
page = get("/search?" + q(q=WORDS, region="福建省", report_year=2022))
check('<option selected>福建省</option>' in page, "the page's region filter keeps its value")
check('name="report_year"' in page and 'value="2022"' in page, "the page's report-year filter keeps its value")
check(f'共 <b>{api("/api/search?" + q(q=WORDS, region="福建省", report_year=2022))["total"]}</b>' in page,
      "the page's total is the API's")

# --- the report view: statistics tables cell for cell, checks ---
class Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.checks, self.failing = {}, {}, set()
        self._field = self._rule = None
        self._td = 0
        self._text = ""
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "data-field" in a:
            self._field, self._text = a["data-field"], ""
            if "fail" in a.get("class", "").split():
                self.failing.add(a["data-field"])
        if tag == "tr" and "data-rule" in a:
            self._rule, self._td = a["data-rule"], 0
        if tag == "td" and self._rule:
            self._td += 1
            self._text = ""
    def handle_data(self, data):
        self._text += data
    def handle_endtag(self, tag):
        if tag == "td" and self._field:
            self.cells[self._field] = self._text
            self._field = None
        elif tag == "td" and self._rule and self._td == 2:
            self.checks[self._rule] = self._text
        elif tag == "tr":
            self._rule = None

def shown(value):
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value)

with_stats = [r for rs in years.values() for r in rs if r["statistics"]]
check(len(with_stats) >= 5, f"reports with statistics ({len(with_stats)})")
editions = set()
failing_seen = False
for r in with_stats:
    report = api(f"/api/report/{r['id']}")
    stats = report["statistics"]
    editions.add(stats["edition"])
    check(stats["edition"] == r["statistics"]["edition"], f"report {r['id']}: edition in search and report")
    html = get(f"/report/{r['id']}")
    check(f"<th>地区 region</th><td>{r['region']}</td>" in html and f"<th>报告年度 report year</th><td>{r['report_year']}</td>" in html
          and f"<th>机关 agency</th><td>{r['agency']}</td>" in html, f"report {r['id']}: region, report year, agency shown")
    parsed = Cells()
    parsed.feed(html)
    for field, value in stats["cells"].items():
        got = parsed.cells.get(field)
        if value is None:
            check(got in ("/", ""), f"report {r['id']}: {field} null shown as {got!r}")
        else:
            check(got == shown(value), f"report {r['id']}: {field} = {value} shown as {got!r}")
    for field in set(parsed.cells) - set(stats["cells"]):
        check(parsed.cells[field] == "·", f"report {r['id']}: {field} not read but shows {parsed.cells[field]!r}")
    for c in stats["checks"]:
        check(parsed.checks.get(c["rule"]) == c["status"], f"report {r['id']}: check {c['rule']} {c['status']} shown as {parsed.checks.get(c['rule'])}")
    fails = [c for c in stats["checks"] if c["status"] == "FAIL"]
    check(r["statistics"]["failed_checks"] == len(fails), f"report {r['id']}: failed_checks in search")
    if fails:
        failing_seen = True
        named = {cell for c in fails for cell in c.get("cells", [])}
        check(named and named <= parsed.failing | (named - set(parsed.cells)),
              f"report {r['id']}: the failing cells {sorted(named)} are marked ({sorted(parsed.failing)})")
        check(parsed.failing <= named, f"report {r['id']}: only failing cells are marked")
check(editions == {"2019", "2021"}, f"both editions shown ({editions})")
check(failing_seen, "a report breaking the template's rules")

# --- coverage per agency and report year: as `gongkai coverage` counts it ---
coverage = api("/api/coverage")
want = json.loads(subprocess.run([gongkai, "coverage", "--format", "json", "--seeds", seeds, "--archive", archive, "-q"],
                                 check=True, capture_output=True, text=True).stdout)
served = {}
for a in coverage["agencies"]:
    for year, row in a["report_years"].items():
        served[(a["agency"], None if year == "unknown" else int(year))] = (row["reports"], row["tables_found"], row["checks_passed"], tuple(row["failed_rules"]))
expected = {(w["agency"], w["report_year"]): (w["reports"], w["tables_found"], w["checks_passed"], tuple(w["failed_rules"])) for w in want}
check(served == expected, f"agency coverage differs from gongkai coverage: {set(served.items()) ^ set(expected.items())}")
regions = {a["agency"]: a["region"] for a in coverage["agencies"]}
check(regions.get("通化市人民政府") == "吉林省通化市", f"region of an expected agency ({regions.get('通化市人民政府')})")
check(any(k.startswith("通化市人民政府") and k != "通化市人民政府" and v == "吉林省通化市" for k, v in regions.items()),
      "an agency that is no seed gets its seed's region")
missing = [(a["agency"], y) for a in coverage["agencies"] for y in a["missing_report_years"]]
check(missing and all(served[m][0] == 0 for m in missing), "missing report years are those without a report")
check(coverage["agency_years"]["without_report"] == len(missing), "agency_years.without_report")
fujian_cov = api("/api/coverage?" + q(region="福建省"))
check(sorted(a["agency"] for a in fujian_cov["agencies"]) ==
      sorted(a["agency"] for a in coverage["agencies"] if (a["region"] or "").startswith("福建省")) and fujian_cov["agencies"],
      "coverage?region=福建省: the Fujian agencies, all of them")
full = {a["agency"]: a for a in coverage["agencies"]}
check(all(a == full[a["agency"]] for a in fujian_cov["agencies"]), "coverage?region=: each agency's years as unfiltered")
page = get("/coverage?" + q(region="福建省"))
check("福州市晋安区人民政府" in page and "<td>通化市人民政府</td>" not in page and "<option selected>福建省</option>" in page,
      "the coverage page filtered by region")
check("region" in api("/api/coverage?region=%FF", 400).get("error", ""), "coverage: invalid region is a 400")
html = get("/coverage")
check("reports per report year" in html, "a chart of reports per report year")
check("per agency and report year" in html and html.count('class="y missing"') == len(missing),
      "the coverage page marks each agency-year without a report")

# --- bad filter values: 400 naming the parameter ---
for params, name in [({"q": WORDS, "report_year": "abc"}, "report_year"),
                     ({"q": WORDS, "report_year": "3000"}, "report_year"),
                     ({"q": WORDS, "agency": "机" * 200}, "agency"),
                     ({"q": WORDS, "region": "省" * 200}, "region")]:
    err = api("/api/search?" + q(**params), 400)
    check(name in err.get("error", ""), f"{params}: the error names {name}: {err}")
err = api("/api/search?q=%E5%B9%B4&region=%FF%FE", 400)
check("region" in err.get("error", ""), f"invalid UTF-8 region: {err}")

print(f"serve_stats: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
PY
kill -TERM "$pid"
wait "$pid" || fail "serve did not stop cleanly"
pid=
echo "serve_stats: ok"
