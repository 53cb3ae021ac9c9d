#!/usr/bin/env bash
# Installs what is missing, builds gongkai and runs `gongkai demo`: a crawl of the simulated
# government portal on loopback into ./demo-archive/, fully offline. Run it again to see the
# incremental path (conditional GETs, 304s, nothing re-stored).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh gongkai
exec build/gongkai demo "$@"
