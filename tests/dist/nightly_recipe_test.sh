#!/usr/bin/env bash
# The README's nightly recipes, followed against the simulated portal (`gongkai portal`, loopback):
# - cron: the README's crontab line, word for word, with /srv/gongkai and /usr/local/bin standing
#   for a temporary directory and a DESTDIR installation, in cron's bare environment; logs/ does
#   not exist beforehand;
# - systemd: the installed gongkai-crawl.service's ExecStart in its WorkingDirectory, with the
#   example configuration installed as the README says; its exit status must be one the unit
#   counts as success.
# Each must leave an archive with reports, a log file of time-stamped, levelled lines, and
# print the run summary.
# Usage: nightly_recipe_test.sh BUILD_DIR README
set -u
build=$(realpath "$1")
readme=$(realpath "$2")
tmp=$(mktemp -d)
portal_pid=
trap '[[ -n $portal_pid ]] && kill $portal_pid 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
stamp='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z (INFO |WARN |ERROR) '

dest=$tmp/root
DESTDIR=$dest cmake --install "$build" >install.log 2>&1 || { cat install.log; echo "FAIL: cmake --install"; exit 1; }
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
gongkai=$dest$prefix/bin/gongkai

# The simulated portal; one site without a Crawl-delay is the night's seed list.
"$gongkai" portal --port 0 --duration 600 >portal.out 2>portal.err &
portal_pid=$!
for _ in $(seq 100); do grep -q 'robots=' portal.out 2>/dev/null && break; sleep 0.1; done
site=$(grep -E 'robots=(rules|empty) ' portal.out | head -1 | awk '{print $1}')
[[ -n "$site" ]] || { cat portal.out portal.err; echo "FAIL: the portal did not start"; exit 1; }
hostport=$(sed -E 's|^https?://([^/]+)/.*|\1|' <<<"$site")
seeds() {
  mkdir -p "$1"
  printf '[[seed]]\nname = "recipe"\nurls = ["http://%s/"]\nallowed_hosts = ["%s"]\nmin_delay_ms = 20\n' \
    "$hostport" "$hostport" >"$1/recipe.toml"
}
# The installed example configuration, made quick for a test: short gaps, few pages.
example=$dest$prefix/share/doc/gongkai/examples/config.toml
quick() {
  sed -e 's/^min_delay_ms = .*/min_delay_ms = 20/' -e 's/^max_pages_per_host = .*/max_pages_per_host = 40/' \
    -e "s|^dir = .*|dir = \"$1\"|" "$example"
}
# The archive's report count.
reports() { "$gongkai" stats --json --archive "$1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"]["reports"])'; }

# ---- cron ----
line=$(sed -n '/^```cron$/,/^```$/p' "$readme" | grep -Ev '^(#|```)' | grep gongkai)
[[ $(wc -l <<<"$line") -eq 1 ]] || fail "README: not exactly one crontab line: $line"
command=$(awk '{for (i = 6; i <= NF; i++) printf "%s%s", $i, (i < NF ? " " : "")}' <<<"$line")
grep -q '^cd /srv/gongkai && /usr/local/bin/gongkai ' <<<"$command" || fail "README crontab line changed shape: $command"
command=${command//\/usr\/local\/bin\/gongkai/$gongkai}
command=${command//\/srv\/gongkai/$tmp/srv}
mkdir -p srv && quick seeds >srv/config.toml && seeds srv/seeds
env -i HOME="$tmp" LOGNAME=cron PATH=/usr/bin:/bin SHELL=/bin/sh /bin/sh -c "$command" >cron.mail 2>&1
code=$?
[[ $code -eq 0 ]] || { fail "the crontab line ended with exit $code"; cat cron.mail; }
[[ -s srv/logs/crawl.log ]] || fail "cron: no logs/crawl.log"
grep -Eq "${stamp}crawl: " srv/logs/crawl.log || { fail "cron: log lines without time stamp and level"; head srv/logs/crawl.log; }
grep -Evq "$stamp" srv/logs/crawl.log && { fail "cron: a log line without time stamp"; grep -Ev "$stamp" srv/logs/crawl.log | head -3; }
grep -q '^Run 1' cron.mail || { fail "cron: the run summary is not in what cron mails"; cat cron.mail; }
[[ $(reports srv/archive/gongkai.sqlite 2>/dev/null || echo 0) -gt 0 ]] || fail "cron: no reports in srv/archive/gongkai.sqlite"

# ---- systemd ----
unit=$dest$prefix/lib/systemd/system/gongkai-crawl.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
workdir=$(sed -n 's/^WorkingDirectory=//p' "$unit")
success=$(sed -n 's/^SuccessExitStatus=//p' "$unit")
state=$tmp/var/lib/gongkai logs=$tmp/var/log/gongkai etc=$tmp/etc/gongkai
[[ "$workdir" == /var/lib/gongkai ]] || fail "unit: WorkingDirectory=$workdir"
grep -q -- "--config /etc/gongkai/config.toml " <<<"$exec_start" || fail "unit: ExecStart does not read /etc/gongkai/config.toml"
grep -q -- "--log-file /var/log/gongkai/crawl.log" <<<"$exec_start" || fail "unit: ExecStart does not log to /var/log/gongkai"
# The README's steps: the example configuration installed as /etc/gongkai/config.toml.
grep -q 'install -D -m 644 /usr/local/share/doc/gongkai/examples/config.toml /etc/gongkai/config.toml' "$readme" ||
  fail "README: the configuration step changed"
grep -q 'systemctl enable --now gongkai-crawl.timer' "$readme" || fail "README: the timer step changed"
mkdir -p "$state" "$logs"  # StateDirectory=, LogsDirectory=
quick "$tmp/seeds" >example.toml && seeds "$tmp/seeds"
install -D -m 644 example.toml "$etc/config.toml"
run=${exec_start//\/etc\/gongkai/$etc}
run=${run//\/var\/log\/gongkai/$logs}
run=${run//$prefix\/bin\/gongkai/$gongkai}
(cd "$state" && env -i PATH=/usr/bin:/bin /bin/sh -c "$run" >unit.out 2>unit.err)
code=$?
[[ " 0 $success " == *" $code "* ]] || { fail "ExecStart ended with $code, not 0 or one of SuccessExitStatus=$success"; cat unit.err; }
mv "$state/unit.out" "$state/unit.err" . 2>/dev/null
grep -q '^Run 1' unit.out || { fail "unit: no run summary for the journal"; cat unit.out; }
grep -Eq "${stamp}crawl: " "$logs/crawl.log" || fail "unit: nothing logged to /var/log/gongkai/crawl.log"
[[ $(reports "$state/archive/gongkai.sqlite" 2>/dev/null || echo 0) -gt 0 ]] || fail "unit: no reports in /var/lib/gongkai/archive"

[[ $failures -eq 0 ]] && echo "the README's cron and systemd recipes work as written"
exit $((failures > 0))
