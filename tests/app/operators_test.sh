#!/usr/bin/env bash
# Issue 15, operators through the binary: time-stamped, levelled log lines; progress of every long
# command (reextract, import-warc, verify, export; crawl's live line too) as a live line with rate and ETA on a
# pseudo-terminal (script) and as log lines without one; --log-file (appended, directory created,
# reopened on SIGHUP); the on_failure hook with the run summary on exit codes 1 and 5.
# Usage: operators_test.sh GONGKAI REPORTS_WARC_PY
set -u
gongkai=$(realpath "$1")
make_warc=$(realpath "$2")
tmp=$(mktemp -d)
hang_pid=
trap '[[ -n $hang_pid ]] && kill $hang_pid 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
stamp='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z (INFO |WARN |ERROR) '

python3 "$make_warc" r.warc 200 || exit 1
A="--archive a.sqlite"
commands=("import-warc $A r.warc" "reextract --all $A" "verify $A" "export --format jsonl --out x.jsonl $A")
names=(import-warc reextract verify export)

for i in "${!commands[@]}"; do
  name=${names[$i]}
  # Not a terminal: log lines, each with a time stamp and a level; no escape codes.
  "$gongkai" ${commands[$i]} >out 2>err || { fail "$name failed: $(cat err)"; continue; }
  grep -Eq "$stamp$name: started" err || { fail "$name: no start log line"; cat err; }
  grep -Eq "$stamp$name: done: [0-9]+ " err || { fail "$name: no done log line"; cat err; }
  grep -q $'\033' err && fail "$name: escape codes without a terminal"
  bad=$(grep -Ev "$stamp" err | grep -v '^export: ' || true)
  [[ -z "$bad" ]] || fail "$name: stderr lines without time stamp and level: $bad"
  # A pseudo-terminal: the live line, redrawn in place, with a rate (and an ETA where the total is known).
  if command -v script >/dev/null; then
    script -qec "$gongkai ${commands[$i]}" /dev/null >tty 2>&1
    grep -q $'\r\033\[K'"$name: " tty || { fail "$name: no live progress line on a terminal"; cat -v tty | head; }
    grep -Eq "$name: [0-9/]+ [a-z]+  [0-9.]+/s" tty || { fail "$name: no rate"; cat -v tty | head; }
    grep -Eq "$stamp" tty && fail "$name: log lines on a terminal"
    script -qec "$gongkai -q ${commands[$i]}" /dev/null >tty 2>&1
    grep -q $'\033\[K' tty && fail "$name -q: progress despite --quiet"
  fi
done
script -qec "$gongkai reextract --all $A" /dev/null >tty 2>&1
grep -Eq 'reextract: [0-9]+/203 bodies  [0-9.]+/s  ETA [0-9]+:[0-9]{2}' tty || { fail "reextract: no ETA"; cat -v tty; }
# TERM=dumb cannot redraw a line: log lines even on a terminal (reextract, and crawl below).
if command -v script >/dev/null; then
  TERM=dumb script -qec "$gongkai reextract --all $A" /dev/null >tty 2>&1
  grep -q $'\033' tty && { fail "reextract: escape codes with TERM=dumb"; cat -v tty | head -3; }
  grep -Eq "${stamp}reextract: done" tty || { fail "reextract: no log lines with TERM=dumb"; cat -v tty | head -3; }
fi
# verify counts what it re-hashes and decompresses against a known total (bodies + texts + the
# checks after them), so its live line has an ETA too.
"$gongkai" verify $A >verify.out 2>/dev/null
checks=$(sed -nE 's/.*: ([0-9]+) bodies re-hashed, [0-9]+ captures, ([0-9]+) extractions checked.*/\1 + \2 + 1/p' verify.out)
checks=$((checks))
script -qec "$gongkai verify $A" /dev/null >tty 2>&1
grep -Eq "verify: $checks/$checks checks  [0-9.]+/s  ETA [0-9]+:[0-9]{2}" tty || { fail "verify: no count of $checks with an ETA"; cat -v tty; }

# --log-file: appended, its directory created; info lines leave stderr; errors go to both.
"$gongkai" --log-file logs/sub/g.log verify $A >out 2>err || fail "verify with --log-file"
"$gongkai" verify $A --log-file logs/sub/g.log >out 2>>err || fail "verify with --log-file after the command"
[[ $(grep -Ec "${stamp}verify: done" logs/sub/g.log) -eq 2 ]] || { fail "log file not appended"; cat logs/sub/g.log; }
[[ -s err ]] && { fail "info lines on stderr despite --log-file"; cat err; }
"$gongkai" --log-file logs/sub/g.log stats --archive missing.sqlite >out 2>err
grep -Eq "${stamp}gongkai: archive missing.sqlite does not exist" err || fail "error not on stderr"
grep -Eq "${stamp}gongkai: archive missing.sqlite does not exist" logs/sub/g.log || fail "error not in the log file"

# SIGHUP reopens the log file (logrotate: move, then HUP). A crawl of a host that never answers
# logs a progress line every 0.2 s; the file is moved and the process signalled meanwhile.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $port)); s.listen(16); held = []
while True: held.append(s.accept()[0])
" &
hang_pid=$!
python3 -c "
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(('127.0.0.1', $port), timeout=1).close(); sys.exit(0)
    except OSError: time.sleep(0.05)
sys.exit(1)" || fail "the silent server did not start"
printf '[[seed]]\nname = "hang"\nlisting_urls = ["http://127.0.0.1:%s/ndbg/"]\n' "$port" >seeds.toml
"$gongkai" --log-file logs/crawl.log crawl --seeds seeds.toml --archive c.sqlite --log-interval 0.2 \
  --max-duration 4 >/dev/null 2>&1 &
crawl=$!
sleep 1.5
mv logs/crawl.log logs/crawl.log.1
kill -HUP $crawl
wait $crawl
[[ -s logs/crawl.log.1 ]] || fail "nothing logged before the rotation"
grep -Eq "${stamp}crawl: " logs/crawl.log 2>/dev/null || fail "no new log file after SIGHUP"
# crawl's progress on a pseudo-terminal: the live line (requests, pages, rate) between the run's
# start and end lines.
if command -v script >/dev/null; then
  script -qec "$gongkai crawl --seeds seeds.toml --archive c2.sqlite --max-duration 1.5" /dev/null >tty 2>&1
  grep -Eq $'\r\033\\[K *[0-9]+s  [0-9]+ requests  [0-9]+ pages .* pages/min' tty ||
    { fail "crawl: no live progress line on a terminal"; cat -v tty | head; }
  TERM=dumb script -qec "$gongkai crawl --seeds seeds.toml --archive c2.sqlite --max-duration 1 --log-interval 0.2" \
    /dev/null >tty 2>&1
  grep -q $'\033' tty && { fail "crawl: escape codes with TERM=dumb"; cat -v tty | head -3; }
  grep -Eq "${stamp}crawl: +[0-9]+s  [0-9]+ requests" tty || { fail "crawl: no progress log lines with TERM=dumb"; cat -v tty | head -3; }
fi
kill $hang_pid 2>/dev/null; hang_pid=

# on_failure: run on exit 1 with the summary on stdin and the facts in the environment.
printf '[hooks]\non_failure = "cat > hook.json; echo $GONGKAI_COMMAND $GONGKAI_EXIT_CODE > hook.env"\n' >hook.toml
"$gongkai" --config hook.toml export --archive missing.sqlite >out 2>err
[[ $? -eq 1 ]] || fail "export of a missing archive is not exit 1"
[[ "$(cat hook.env 2>/dev/null)" == "export 1" ]] || fail "on_failure hook: environment"
python3 -c 'import json; d=json.load(open("hook.json")); assert d["exit_code"] == 1 and "missing.sqlite" in d["message"], d' ||
  fail "on_failure hook: the JSON on stdin"
rm -f hook.json hook.env
"$gongkai" --config hook.toml verify $A >out 2>err
[[ -e hook.env ]] && fail "on_failure hook ran on success"

# on_failure on exit 5 (README "How a crawl ends": hosts not crawled): the only host refuses every
# connection, robots.txt stays unreachable after the retries; the hook gets the run's summary.
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >hook5.toml <<EOF
[crawler]
min_delay_ms = 0
max_retries = 1
backoff_base_ms = 10
backoff_max_ms = 50
robots_retry_ms = 50
max_crawl_delay_ms = 0
connect_timeout_ms = 2000
[hooks]
on_failure = "cat > hook.json; echo \$GONGKAI_COMMAND \$GONGKAI_EXIT_CODE > hook.env"
EOF
"$gongkai" --config hook5.toml crawl --url "http://127.0.0.1:$closed/" --archive c5.sqlite >out 2>err
code=$?
[[ $code -eq 5 ]] || { fail "a crawl of a refusing host is exit $code, not 5"; cat out err; }
[[ "$(cat hook.env 2>/dev/null)" == "crawl 5" ]] || fail "on_failure hook on exit 5: environment ($(cat hook.env 2>/dev/null))"
python3 - <<'PY' || fail "on_failure hook on exit 5: the JSON on stdin"
import json
d = json.load(open("hook.json"))
assert d["command"] == "crawl" and d["exit_code"] == 5, d
s = d["summary"]
assert isinstance(s, dict) and "hosts" in s and "stop_reason" in s, d
assert any("127.0.0.1" in h["host"] for h in s["hosts"]) or s.get("notes"), s
PY
grep -Eq "${stamp}on_failure hook ran: " err || { fail "hook run not logged"; cat err; }
rm -f hook.json hook.env

[[ $failures -eq 0 ]] && echo "all operator cases pass"
exit $((failures > 0))
