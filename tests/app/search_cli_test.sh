#!/usr/bin/env bash
# Issue 15, search through the binary: the total of all matches ("20 of 603"), paging with
# --offset through every match (no hidden cap), full-width/half-width folding, the query syntax
# (AND, OR, -word, "phrase", title:), --sort date, --json with rank and total, NO_COLOR.
# Usage: search_cli_test.sh GONGKAI REPORTS_WARC_PY
set -u
gongkai=$(realpath "$1")
make_warc=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

python3 "$make_warc" reports.warc 600 || { echo "cannot write the WARC"; exit 1; }
"$gongkai" import-warc --archive a.sqlite reports.warc >/dev/null 2>&1 || { echo "import failed"; exit 1; }
A="--archive a.sqlite"

# count QUERY... : prints the number of hits on stdout (--json lines) of a search
count() { "$gongkai" search "$@" $A --limit 0 --json 2>/dev/null | wc -l; }

# The total counts every match, the page what is shown; every one of 600 is reachable.
"$gongkai" search 特此公告 $A >out 2>err
[[ $(grep -c '^[0-9]*\. ' out) -eq 20 ]] || fail "default page is not 20 hits"
grep -q '^20 of 600 reports (1-20); next: --offset 20$' err || { fail "total line"; cat err; }
: >all
for offset in 0 250 500; do
  "$gongkai" search 特此公告 $A --offset $offset --limit 250 --json >>all 2>/dev/null
done
[[ $(python3 -c 'import json,sys; print(len({json.loads(l)["url"] for l in open("all")}))') -eq 600 ]] ||
  fail "paging did not reach all 600 matches"
grep -q '"rank":600,' all || fail "the last rank is not 600"
grep -q '"total":600' all || fail "json lines carry no total"
[[ $(count 特此公告) -eq 600 ]] || fail "--limit 0 is not all"

# Full-width and half-width forms are the same
[[ $(count '(二)部分公开') -eq 2 ]] || fail "(二)部分公开 should find both forms"
[[ $(count '（二）部分公开') -eq 2 ]] || fail "（二）部分公开 should find both forms"
[[ $(count '２０２２年政府') -eq 1 ]] || fail "２０２２年政府"
[[ $(count '2022年政府') -eq 1 ]] || fail "2022年政府 should find ２０２２年"
[[ $(count 'pdf附件') -eq 1 ]] || fail "pdf附件 should find ＰＤＦ附件"

# Syntax: words ANDed (two unquoted words are no usage error), OR, -word, "phrase", title:
[[ $(count 年度报告 行政复议) -eq 1 ]] || fail "AND"
[[ $(count 行政复议 OR 行政诉讼) -eq 2 ]] || fail "OR"
[[ $(count 年度报告 -植树) -eq 2 ]] || fail "-word"
[[ $(count '"annual report"') -eq 1 ]] || fail "phrase"
[[ $(count '"report annual"') -eq 0 ]] || fail "phrase order"
[[ $(count 'title:年度报告') -eq 2 ]] || fail "title: (the notice has 年度报告 in its text only)"
[[ $(count '年度报告') -eq 3 ]] || fail "年度报告 anywhere"
"$gongkai" search 年度报告 OR $A >out 2>err
[[ $? -eq 2 ]] && grep -q 'OR needs a term on each side' err || fail "dangling OR is a usage error naming OR"
"$gongkai" search 年度报告 --sitee x $A >out 2>err
[[ $? -eq 2 ]] && grep -q 'not expected: --sitee' err || fail "unknown option"

# --sort date: newest first
"$gongkai" search 'title:年度报告 OR 植树' $A --sort date --json 2>/dev/null |
  python3 -c 'import json,sys; print(" ".join(json.loads(l)["published"] for l in sys.stdin))' >dates
[[ "$(cat dates)" == "2023-01-31 2022-03-01 2022-01-20" ]] || { fail "--sort date"; cat dates; }
"$gongkai" search 年度报告 --sort size $A >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "--sort size must be refused"

# Highlighting: brackets when not a terminal; no escape codes on a pseudo-terminal with NO_COLOR
"$gongkai" search 部分公开 $A >out 2>/dev/null
grep -q '\[部分公开\]' out || fail "brackets around matches"
if command -v script >/dev/null; then
  NO_COLOR=1 script -qec "$gongkai search 部分公开 $A" /dev/null >tty.out 2>&1
  grep -q $'\033\\[1;31m' tty.out && fail "NO_COLOR ignored"
  TERM=dumb script -qec "$gongkai search 部分公开 $A" /dev/null >tty.out 2>&1
  grep -q $'\033\\[1;31m' tty.out && fail "TERM=dumb ignored"
  TERM=xterm script -qec "$gongkai search 部分公开 $A" /dev/null >tty.out 2>&1
  grep -q $'\033\\[1;31m' tty.out || fail "no colour on a terminal"
fi

"$gongkai" search --help >help.out
grep -q 'title:' help.out && grep -q ' OR ' help.out || fail "--help documents the syntax"

[[ $failures -eq 0 ]] && echo "all search CLI cases pass"
exit $((failures > 0))
