#!/usr/bin/env bash
# `gongkai serve` through the binary: loopback by default, serves the fixture archive, stops cleanly
# on SIGTERM and SIGINT (exit 0), refuses a non-loopback bind without --allow-remote or a token
# (exit 2, the message says why), warns and demands the token when remote, exit 1 on a missing archive.
# Usage: serve_cli_test.sh GONGKAI SERVE_FIXTURE
set -euo pipefail
gongkai=$1
fixture=$2
dir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$fixture" "$dir/a.sqlite" http://127.0.0.1:9 >"$dir/ids.json"

# Starts gongkai serve in the background with the given flags; sets $pid and $port (read from its banner).
start() {
  "$gongkai" serve --archive "$dir/a.sqlite" --port 0 "$@" >"$dir/out.txt" 2>"$dir/err.txt" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 300); do
    port=$(sed -n 's|.*pages and API  http://[^:]*:\([0-9]*\)/.*|\1|p' "$dir/out.txt")
    [[ -n "$port" ]] && return 0
    kill -0 "$pid" 2>/dev/null || fail "serve exited early: $(cat "$dir/err.txt")"
    sleep 0.1
  done
  fail "serve did not start"
}

# 1. loopback, pages and API answer, SIGTERM stops it with exit 0
start
grep -q "raw view       http://127.0.0.1:" "$dir/out.txt" || fail "no raw view origin in the banner"
code=$(curl -s -o "$dir/page.html" -w '%{http_code}' "http://127.0.0.1:$port/")
[[ "$code" == 200 ]] || fail "/ answered $code"
grep -q "<form class=\"search\"" "$dir/page.html" || fail "no search form on /"
curl -s "http://127.0.0.1:$port/api/search?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A" | grep -q '"total":31' || fail "api/search total"
ss -ltn | grep "127.0.0.1:$port " >/dev/null || fail "not listening on loopback"
kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
[[ $rc == 0 ]] || fail "SIGTERM: exit $rc"
grep -q "stopped" "$dir/out.txt" || fail "no clean-stop message"

# SIGINT too
start
kill -INT "$pid"
wait "$pid" && rc=0 || rc=$?
[[ $rc == 0 ]] || fail "SIGINT: exit $rc"

# 2. a non-loopback bind needs --allow-remote, then a token
set +e
"$gongkai" serve --archive "$dir/a.sqlite" --port 0 --bind 0.0.0.0 2>"$dir/err.txt"; rc=$?
[[ $rc == 2 ]] || fail "--bind 0.0.0.0 without --allow-remote: exit $rc"
grep -q "allow-remote" "$dir/err.txt" || fail "message does not name --allow-remote: $(cat "$dir/err.txt")"
env -u GONGKAI_SERVE_TOKEN "$gongkai" serve --archive "$dir/a.sqlite" --port 0 --bind 0.0.0.0 --allow-remote 2>"$dir/err.txt"; rc=$?
[[ $rc == 2 ]] || fail "--allow-remote without a token: exit $rc"
grep -q "token" "$dir/err.txt" || fail "message does not name the token: $(cat "$dir/err.txt")"
"$gongkai" serve --archive "$dir/missing.sqlite" --port 0 2>"$dir/err.txt"; rc=$?
[[ $rc == 1 ]] || fail "missing archive: exit $rc"
grep -q "missing.sqlite" "$dir/err.txt" || fail "message does not name the archive: $(cat "$dir/err.txt")"
set -e

# 3. remote with a token from the environment: a warning, and 401 without the token
GONGKAI_SERVE_TOKEN=t0ken-for-test start --bind 0.0.0.0 --allow-remote
grep -q "WARNING" "$dir/err.txt" || fail "no warning for a remote bind"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")
[[ "$code" == 401 ]] || fail "remote without token answered $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer t0ken-for-test" "http://127.0.0.1:$port/")
[[ "$code" == 200 ]] || fail "remote with token answered $code"
kill -TERM "$pid"
wait "$pid" || fail "remote server did not stop cleanly"

# --token-file
echo "file-token" >"$dir/token"
start --bind 0.0.0.0 --allow-remote --token-file "$dir/token"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer file-token" "http://127.0.0.1:$port/api/coverage")
[[ "$code" == 200 ]] || fail "token file: $code"
kill -TERM "$pid"
wait "$pid" || true
echo "serve_cli: ok"
