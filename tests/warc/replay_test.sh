#!/bin/bash
# The WACZ export replayed in ReplayWeb.page (issue 12 acceptance): the simulated portal crawled
# (`gongkai demo`), exported as WACZ, and replay/replay_test.mjs opens it in ReplayWeb.page served
# from loopback in Debian's headless chromium; three reports are loaded by their URL and their titles
# must appear, and no request may leave loopback. ReplayWeb.page and playwright-core are pinned in
# replay/package-lock.json and installed into the build directory with `npm ci` when missing.
# Usage: replay_test.sh GONGKAI BUILD_DIR
set -euo pipefail
GONGKAI=$(realpath "$1")
BUILD_DIR=$(realpath "$2")
SRC=$(cd "$(dirname "$0")/replay" && pwd)
NODE_DIR=$BUILD_DIR/wacz-replay
command -v node >/dev/null || { echo "node is not installed"; exit 1; }
command -v chromium >/dev/null || { echo "chromium is missing: run scripts/setup.sh"; exit 1; }
mkdir -p "$NODE_DIR"
if ! cmp -s "$SRC/package-lock.json" "$NODE_DIR/package-lock.json" || [[ ! -d "$NODE_DIR/node_modules/replaywebpage" ]]; then
  cp "$SRC/package.json" "$SRC/package-lock.json" "$NODE_DIR/"
  (cd "$NODE_DIR" && npm ci --no-audit --no-fund --silent)
fi
cp "$SRC/replay_test.mjs" "$NODE_DIR/"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# A free port base for the demo's 8 sites (127.0.1.2-8, ports base..base+7).
BASE=$(python3 "$(dirname "$SRC")/demo_port_base.py")
"$GONGKAI" demo --archive demo.sqlite --port-base "$BASE" >demo.out 2>&1 || { cat demo.out; exit 1; }
"$GONGKAI" -q export --format wacz --out export.wacz --archive demo.sqlite

# Three reports whose archived page shows its title (replay/pick_pages.py says why not all).
python3 "$SRC/pick_pages.py" export.wacz pages.json
node "$NODE_DIR/replay_test.mjs" "$WORK/export.wacz" "$WORK/pages.json" "$BUILD_DIR/wacz-replay-screenshots"
