#!/usr/bin/env bash
# The man page gongkai(1) (build/dist/gongkai.1, made by `gongkai manpage` at build time) against the
# CLI's own --help: every command and every option --help shows is in the page, under its command;
# the page renders with groff without a warning, and is what the binary generates now.
# Usage: man_page_test.sh GONGKAI MANPAGE HELP_OPTIONS_PY [EXIT_CODES_H]
set -u
gongkai=$(realpath "$1")
page=$(realpath "$2")
help_options=$(realpath "$3")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$gongkai" manpage >"$tmp/now.1" || fail "gongkai manpage failed"
cmp -s "$tmp/now.1" "$page" || fail "$page is not what gongkai manpage prints now (stale build?)"

# The page as text, one section per command ("gongkai NAME" headings), roff escapes resolved.
LC_ALL=C.UTF-8 MANWIDTH=200 groff -k -man -Tutf8 -P-cbou -ww "$page" >"$tmp/page.txt" 2>"$tmp/groff.err" ||
  fail "groff cannot render the page"
[[ -s "$tmp/groff.err" ]] && { fail "groff warnings:"; cat "$tmp/groff.err"; }
python3 "$help_options" "$gongkai" >"$tmp/help.txt" || fail "cannot read gongkai --help"
[[ $(wc -l <"$tmp/help.txt") -gt 40 ]] || { fail "too few commands and options read from --help"; cat "$tmp/help.txt"; }
python3 - "$tmp/help.txt" "$tmp/page.txt" <<'PY' || failures=$((failures + 1))
import re, sys
want = [line.rstrip("\n").split(" ", 1) for line in open(sys.argv[1], encoding="utf-8")]
text = open(sys.argv[2], encoding="utf-8").read()
text = text.replace("\u2212", "-").replace("\u2010", "-")  # groff -Tutf8 renders \- as a minus sign
# Split the rendered page at its headings: "GLOBAL OPTIONS", then "   gongkai COMMAND" per command.
parts = {}
glob = re.search(r"^GLOBAL OPTIONS\n(.*?)^COMMANDS\n", text, re.S | re.M)
parts[""] = glob.group(1) if glob else ""
for m in re.finditer(r"^   gongkai ([a-z-]+)\n(.*?)(?=^   gongkai [a-z-]+\n|^EXIT STATUS\n)", text, re.S | re.M):
    parts[m.group(1)] = m.group(2)
missing = []
for command, option in want:
    if command not in parts:
        missing.append(f"command {command!r}")
    elif option and not re.search(r"(^|[\s,])" + re.escape(option) + r"(\b|$)", parts[command], re.M):
        missing.append(f"{command or 'global'}: {option}")
for sec in ("NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "ENVIRONMENT", "FILES", "SEE ALSO"):
    if not re.search("^" + sec + "$", text, re.M):
        missing.append("section " + sec)
for code in ("0", "1", "2", "3", "4", "5", "6", "130"):
    if not re.search(r"^EXIT STATUS\n(.*\n)*?\s+" + code + r"\s", text, re.M):
        missing.append("exit status " + code)
if missing:
    print("FAIL: not in the man page:", *missing, sep="\n  ")
    sys.exit(1)
print(f"{len(want)} commands and options of --help are in the man page")
PY
# The exit codes listed are those of app/exit_codes.h (the page is generated from its constants;
# this checks nothing was added there without a line in the page).
if [[ -n "${4:-}" ]]; then
  for code in $(sed -n 's/.*kExit[A-Za-z]* = \([0-9]*\);.*/\1/p' "$4"); do
    grep -Eq "^\.B $code\$" "$page" || fail "exit code $code of exit_codes.h is not in the page"
  done
fi

[[ $failures -eq 0 ]] && echo "man page matches the CLI"
exit $((failures > 0))
