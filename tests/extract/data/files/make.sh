#!/usr/bin/env bash
# Regenerates the file fixtures in this directory (see make.py for what each file is and how it is made).
# Run by hand, once, on a machine with LibreOffice: the results are committed; the build never runs this.
#   apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk   # generation only, not in setup.sh
set -euo pipefail
cd "$(dirname "$0")"
export HOME="${TMPDIR:-/tmp}/gongkai-lo-home"   # LibreOffice keeps a profile there
python3 make.py
ls -l *.pdf *.docx *.doc *.ofd
