#!/usr/bin/env bash
# Runs browser/serve_browser_test.mjs: installs the pinned playwright-core (package-lock.json) into the
# build directory with `npm ci` when missing, and needs Debian's chromium (scripts/setup.sh).
# Usage: serve_browser_test.sh GONGKAI SERVE_FIXTURE BUILD_DIR [DEMO_DIR]
set -euo pipefail
gongkai=$(realpath "$1")
fixture=$(realpath "$2")
build_dir=$3
src_dir=$(cd "$(dirname "$0")/browser" && pwd)
work=$build_dir/serve-browser
mkdir -p "$work"
if ! command -v chromium >/dev/null; then
  echo "chromium is missing: run scripts/setup.sh" >&2
  exit 1
fi
if ! cmp -s "$src_dir/package-lock.json" "$work/package-lock.json" || [[ ! -d "$work/node_modules/playwright-core" ]]; then
  cp "$src_dir/package.json" "$src_dir/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --silent)
fi
cp "$src_dir/serve_browser_test.mjs" "$work/"
cd "$work"
demo=${4:+$(realpath "$4")}
exec node serve_browser_test.mjs "$gongkai" "$fixture" "$work/tmp" "$build_dir/serve-screenshots" $demo
