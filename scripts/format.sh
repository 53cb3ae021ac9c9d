#!/usr/bin/env bash
# Formats every C++ source and header with the checked-in .clang-format.
#   bash scripts/format.sh           rewrite files in place
#   bash scripts/format.sh --check   list unformatted files and exit 1 if there are any
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mapfile -t files < <(git ls-files '*.cc' '*.h')
if [[ "${1:-}" == "--check" ]]; then
  clang-format --dry-run --Werror "${files[@]}"
else
  clang-format -i "${files[@]}"
fi
