#!/usr/bin/env bash
# Issue 15, the CLI through the binary: an unknown command is named with the nearest one
# suggested; global options work after the command; --json on stats, show, runs and search;
# errors speak words (no status class names); the README's exit code table is app/exit_codes.h.
# Usage: cli_usage_test.sh GONGKAI REPORTS_WARC_PY SOURCE_DIR
set -u
gongkai=$(realpath "$1")
make_warc=$(realpath "$2")
src=$(realpath "$3")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run CODE PATTERN ARGS...: exit code CODE and stderr matching PATTERN (grep -E)
run() {
  local code=$1 pattern=$2
  shift 2
  "$gongkai" "$@" >out 2>err
  local got=$?
  if [[ $got -ne $code ]] || ! grep -Eq -- "$pattern" err; then
    fail "gongkai $* -> exit $got (want $code), stderr:"; cat err
  fi
  if grep -Eq '(NotFound|IOError|Corruption|InvalidArgument): |terminate called|what\(\)' err; then
    fail "gongkai $*: internal names in the message:"; cat err
  fi
}

run 2 "unknown command 'serach'; did you mean 'search'\?" serach 年度报告
run 2 "unknown command 'exprot'; did you mean 'export'\?" exprot --format csv
run 2 "unknown command 'frobnicate'" frobnicate
run 2 "gongkai: .*not expected: --bogus" runs --bogus
run 2 "Run 'gongkai search --help'" search --limit abc x
run 1 "archive nowhere.sqlite does not exist \(give --archive PATH" stats --archive nowhere.sqlite
run 1 "archive nowhere.sqlite does not exist" search x --archive nowhere.sqlite
run 1 "archive nowhere.sqlite does not exist" serve --archive nowhere.sqlite --port 0 --duration 1
run 1 "archive nowhere.sqlite does not exist" coverage --archive nowhere.sqlite

python3 "$make_warc" r.warc 2 && "$gongkai" import-warc --archive a.sqlite r.warc >/dev/null 2>&1 || { echo "import failed"; exit 1; }

# Global options after the command: -q silences the total line, --config is read.
"$gongkai" search 年度报告 --archive a.sqlite -q >out 2>err
[[ -s out && ! -s err ]] || fail "-q after the command"
printf '[archive]\npath = "a.sqlite"\n' >c.toml
"$gongkai" runs --config c.toml >out 2>err || fail "--config after the command: $(cat err)"
grep -q 'extracted=5' out || fail "--config after the command not used"
printf '[crawler\n' >bad.toml
run 2 "bad.toml:1" stats --config bad.toml

# --json everywhere: each output is JSON with the expected fields.
json() { python3 -c "import json,sys; d=[json.loads(l) for l in sys.stdin]; print($1)"; }
[[ $("$gongkai" stats --json --archive a.sqlite | json 'd[0]["total"]["reports"]') -eq 5 ]] || fail "stats --json"
[[ $("$gongkai" runs --json --archive a.sqlite | json 'len(d)') -eq 1 ]] || fail "runs --json"
url=http://a.gov.test/r/1.html
[[ $("$gongkai" show $url --json --archive a.sqlite | json 'd[0]["extraction"]["published"]') == 2023-01-31 ]] ||
  fail "show --json published"
"$gongkai" show $url --json --text --archive a.sqlite | json 'd[0]["extraction"]["text"]' | grep -q 行政复议 ||
  fail "show --json --text has no text"
[[ $("$gongkai" show $url --json --history --archive a.sqlite | json 'len(d[0]["history"])') -eq 1 ]] ||
  fail "show --json --history"
"$gongkai" show $url --json --archive a.sqlite | json 'd[0]["capture"]["fetched_at"]' | grep -Eq 'Z$' ||
  fail "capture times end in Z"
[[ $("$gongkai" search 年度报告 --json --archive a.sqlite 2>/dev/null | json 'd[0]["total"]') -eq 3 ]] || fail "search --json"

# The README's exit code table and app/exit_codes.h name the same codes.
codes_h=$(grep -Eo 'kExit[A-Za-z]+ = [0-9]+' "$src/app/exit_codes.h" | grep -Eo '[0-9]+$' | sort -n | tr '\n' ' ')
codes_md=$(sed -n '/^### Exit codes/,/^## /p' "$src/README.md" | grep -Eo '^\| [0-9]+ ' | grep -Eo '[0-9]+' | sort -n | tr '\n' ' ')
[[ "$codes_h" == "$codes_md" ]] || fail "exit codes: exit_codes.h has '$codes_h', README '$codes_md'"

[[ $failures -eq 0 ]] && echo "all CLI usage cases pass"
exit $((failures > 0))
