#!/bin/bash
# The crawl lock holds on the database file, not on its name (issue 17, "a real lock"): while a
# crawl runs, a second crawl through the same path, a symlink or a hard link exits 4 and writes
# nothing; afterwards a writer refuses the file while it has a second hard link.
# Usage: lock_test.sh GONGKAI
set -uo pipefail
GONGKAI=$(realpath "$1")
WORK=$(mktemp -d)
PREFIX=127.0.233
source "$(dirname "$0")/portal_lib.sh"
CRAWL_PID=
cleanup() {
  if [ -n "$CRAWL_PID" ]; then kill "$CRAWL_PID" 2>/dev/null || true; wait "$CRAWL_PID" 2>/dev/null || true; fi
  stop_portal
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

start_portal 3000 || exit 1
"$GONGKAI" crawl --seeds seed.toml --archive "$WORK/a/archive.sqlite" --progress none --max-duration 120 \
  > first.out 2> first.err &
CRAWL_PID=$!
wait_for_run "$WORK/a/archive.sqlite" || { cat first.err; exit 1; }

# expect_locked NAME PATH: a second crawl through PATH exits 4, naming the holder.
expect_locked() {
  "$GONGKAI" crawl --seeds seed.toml --archive "$2" --progress none --max-duration 5 > "$1.out" 2> "$1.err"
  local code=$?
  [ $code -eq 4 ] || { fail "second crawl via $1 exited $code, want 4"; cat "$1.err"; }
  grep -q "pid $CRAWL_PID" "$1.err" || { fail "second crawl via $1 does not name pid $CRAWL_PID"; cat "$1.err"; }
}
expect_locked same "$WORK/a/archive.sqlite"
ln -s "$WORK/a/archive.sqlite" "$WORK/symlink.sqlite"
expect_locked symlink "$WORK/symlink.sqlite"
mkdir -p "$WORK/b"
ln "$WORK/a/archive.sqlite" "$WORK/b/hardlink.sqlite"
expect_locked hardlink "$WORK/b/hardlink.sqlite"
[ -e "$WORK/b/hardlink.sqlite-wal" ] && fail "the refused crawl created a write-ahead log beside the hard link"

kill -TERM "$CRAWL_PID"; wait "$CRAWL_PID"; code=$?; CRAWL_PID=
[ $code -eq 130 ] || [ $code -eq 0 ] || [ $code -eq 5 ] || { fail "first crawl exited $code"; cat first.err; }

# No crawl runs now, but the file still has two names: writers refuse it, readers still read.
"$GONGKAI" crawl --seeds seed.toml --archive "$WORK/a/archive.sqlite" --progress none --max-duration 5 \
  > again.out 2> again.err
code=$?
[ $code -eq 1 ] || fail "crawl of a file with two hard links exited $code, want 1"
grep -q "2 hard links" again.err || { fail "no hard-link message"; cat again.err; }
"$GONGKAI" runs --archive "$WORK/a/archive.sqlite" > runs.out || fail "runs (a reader) refused the file"
rm "$WORK/b/hardlink.sqlite"
"$GONGKAI" verify --archive "$WORK/a/archive.sqlite" > verify.out || { fail "verify after the lock test"; cat verify.out; }

[ $failures -eq 0 ] && echo "lock: same path, symlink and hard link all refused with exit 4"
exit $((failures > 0))
