#!/usr/bin/env bash
# `gongkai discover --json` on the real pages in tests/crawler/data (saved from public repositories):
# exactly their list items in order, their pager, their columns; the anti-bot answer is "other".
# The expected answers (tests/app/discover/*.json) were checked item by item against the pages.
set -u
gongkai=$1
source_dir=$2
data="$source_dir/tests/crawler/data"
expected="$source_dir/tests/app/discover"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

check() {  # NAME FILE URL
  local name=$1 file=$2 url=$3
  if ! "$gongkai" discover "$data/$file" --url "$url" --json >"$tmp/$name.json" 2>"$tmp/err"; then
    echo "FAIL: discover $file exited non-zero:"; cat "$tmp/err"; failures=$((failures + 1)); return
  fi
  if ! diff -u "$expected/$name.json" "$tmp/$name.json"; then
    echo "FAIL: discover $file differs from $name.json"; failures=$((failures + 1))
  fi
}

check real-ordos-trs-listing real-ordos-trs-listing.html http://www.ordos.gov.cn/xxgk/xxgknb/index.html
check real-pingtan-listing real-pingtan-listing.html https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/nlist.htm
check real-jsl-challenge real-jsl-challenge.js http://www.mps.gov.cn/index.html

# Text output names the kind and the reason.
"$gongkai" discover "$data/real-ordos-trs-listing.html" --url http://www.ordos.gov.cn/xxgk/xxgknb/index.html >"$tmp/text"
grep -q '^kind: listing' "$tmp/text" || { echo "FAIL: text output lacks the kind"; failures=$((failures + 1)); }
grep -q '^reason: .*mixed list: 4 of 10' "$tmp/text" || { echo "FAIL: text output lacks the reason"; failures=$((failures + 1)); }
# A missing file is a clear error (exit 1); a URL not in the archive too.
"$gongkai" discover /nonexistent/page.html 2>"$tmp/err"; code=$?
[[ $code -eq 1 ]] && grep -q "cannot read '/nonexistent/page.html'" "$tmp/err" || { echo "FAIL: missing file -> $code"; failures=$((failures + 1)); }

[[ $failures -eq 0 ]] && echo "discover: all checks passed"
exit $((failures > 0))
