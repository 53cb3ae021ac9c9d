# Shared by the CLI tests here: start the simulated portal on this test's own loopback prefix and
# write a seed file for its site 0. Source it after setting GONGKAI, WORK and PREFIX (three octets,
# unique per test so that no other test's portal answers).
PORTAL_PID=
stop_portal() {
  if [ -n "$PORTAL_PID" ]; then kill "$PORTAL_PID" 2>/dev/null || true; wait "$PORTAL_PID" 2>/dev/null || true; fi
}

# start_portal MIN_DELAY_MS: portal in the background, seed file $WORK/seed.toml for site 0.
start_portal() {
  PORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('$PREFIX.2', 0)); print(s.getsockname()[1])")
  "$GONGKAI" portal --bind-prefix "$PREFIX" --port "$PORT" --duration 600 > "$WORK/portal.out" 2>&1 &
  PORTAL_PID=$!
  python3 - "$PREFIX.2" "$PORT" <<'PY' || { cat "$WORK/portal.out"; return 1; }
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit("portal did not start on port " + sys.argv[2])
PY
  cat > "$WORK/seed.toml" <<TOML
[[seed]]
name = "test site"
region = "simulated"
listing_urls = ["http://$PREFIX.2:$PORT/xxgk/ndbg/index.html"]
allowed_hosts = ["$PREFIX.2:$PORT"]
min_delay_ms = $1
TOML
}

# wait_for_run ARCHIVE: until the archive has a run (a crawl takes its lock before it begins one).
wait_for_run() {
  python3 - "$1" <<'PY'
import sqlite3, sys, time, os
for _ in range(600):
    try:
        if os.path.exists(sys.argv[1]):
            db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=5)
            if db.execute("SELECT count(*) FROM runs").fetchone()[0] > 0:
                sys.exit(0)
    except sqlite3.Error:
        pass
    time.sleep(0.05)
sys.exit("no run appeared in " + sys.argv[1])
PY
}
