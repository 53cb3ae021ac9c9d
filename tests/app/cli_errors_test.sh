#!/usr/bin/env bash
# Bad input to the CLI gets one clear message on stderr and the documented non-zero exit, never a trace.
set -u
gongkai=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0

# expect CODE PATTERN -- ARGS...: exit code CODE and stderr matching PATTERN (grep -E).
expect() {
  local code=$1 pattern=$2
  shift 3
  "$gongkai" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [[ $got -ne $code ]] || ! grep -Eq -- "$pattern" "$tmp/err"; then
    echo "FAIL: gongkai $* -> exit $got (want $code), stderr:"; cat "$tmp/err"
    failures=$((failures + 1))
  elif grep -Eq 'terminate called|Aborted|Segmentation|#0 ' "$tmp/err"; then
    echo "FAIL: gongkai $* printed a crash"; failures=$((failures + 1))
  fi
}

expect 2 'subcommand' -- 
expect 2 'unknown-flag|not expected|following argument' -- --unknown-flag config
expect 2 'nonexistent' -- --config /nonexistent/config.toml config
printf '[crawler]\nmin_delay_ms = 10\nmin_dleay_ms = 5\n' > bad.toml
expect 2 "bad.toml:3: key 'crawler.min_dleay_ms': unknown key" -- --config bad.toml config
printf '[archive]\nzstd_level = "high"\n' > bad2.toml
expect 2 "bad2.toml:2: key 'archive.zstd_level': must be an integer" -- --config bad2.toml config
printf '[crawler\n' > broken.toml
expect 2 'broken.toml:1' -- --config broken.toml config
# ./config.toml is picked up when present
cp bad.toml config.toml
expect 2 "config.toml:3: key 'crawler.min_dleay_ms'" -- config
rm config.toml

"$gongkai" config >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: gongkai config with defaults"; failures=$((failures + 1)); }
grep -q '^crawler.min_delay_ms = 3000$' "$tmp/out" || { echo "FAIL: default not printed"; failures=$((failures + 1)); }
"$gongkai" --help >/dev/null || { echo "FAIL: --help"; failures=$((failures + 1)); }

[[ $failures -eq 0 ]] && echo "all CLI error cases pass"
exit $((failures > 0))
