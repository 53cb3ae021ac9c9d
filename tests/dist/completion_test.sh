#!/usr/bin/env bash
# Shell completion (build/dist/gongkai.bash and _gongkai, made by `gongkai completion bash|zsh` at
# build time), driven the way bash drives it: `complete -p` names the function, and calling it with
# COMP_WORDS/COMP_CWORD gives the commands, each command's options (as --help lists them, global
# ones too), the values of an option with a fixed set, and files. zsh: typed into an interactive
# zsh on a pseudo-terminal (zsh_complete.zsh), the same knowledge.
# Usage: completion_test.sh GONGKAI BASH_COMPLETION ZSH_COMPLETION HELP_OPTIONS_PY
set -u
here=$(dirname "$(realpath "$0")")
gongkai=$(realpath "$1")
bash_file=$(realpath "$2")
zsh_file=$(realpath "$3")
help_options=$(realpath "$4")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$gongkai" completion bash | cmp -s - "$bash_file" || fail "$bash_file is not what gongkai prints now"
"$gongkai" completion zsh | cmp -s - "$zsh_file" || fail "$zsh_file is not what gongkai prints now"
"$gongkai" completion fish >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "an unknown shell is not a usage error"

# complete WORD...: the words bash would offer for the last word of "gongkai WORD...".
complete_words() {
  bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=(gongkai "$@"); COMP_CWORD=$(($# ))
    COMP_LINE="gongkai $*"; COMP_POINT=${#COMP_LINE}
    spec=$(complete -p gongkai) || exit 1
    fn=${spec#*-F }; fn=${fn%% *}
    "$fn" gongkai "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_file" "$@" | sort
}
expect() {  # expect "WORDS..." -- EXPECTED...: every expected word offered
  local words=() want
  while [[ $1 != -- ]]; do words+=("$1"); shift; done
  shift
  local got
  got=$(complete_words "${words[@]}")
  for want in "$@"; do
    grep -qxF -- "$want" <<<"$got" || fail "gongkai ${words[*]}<TAB>: '$want' not offered (got: $(echo $got))"
  done
}
refuse() {  # refuse "WORDS..." -- WORD: not offered
  local words=()
  while [[ $1 != -- ]]; do words+=("$1"); shift; done
  complete_words "${words[@]}" | grep -qxF -- "$2" && fail "gongkai ${words[*]}<TAB>: '$2' offered"
}

spec=$(bash --norc -c "source '$bash_file'; complete -p gongkai")
[[ "$spec" == "complete -o filenames -F _gongkai gongkai" ]] || fail "complete -p gongkai: $spec"

expect se -- search serve
refuse se -- export
expect "" -- crawl search export verify completion
refuse "" -- manpage
expect search --s -- --site --sort
expect search --sort "" -- relevance date
expect export --format "" -- jsonl csv warc stats-csv
expect export --encoding g -- gb18030
expect -q export --f -- --format
expect --config x.toml ver -- verify
expect --config x.toml verify --a -- --archive
expect verify --c -- --config
expect completion "" -- bash zsh
touch 5.txt
refuse crawl --max-pages "" -- 5.txt  # a number: nothing offered
touch report-a.html report-b.html
expect discover report- -- report-a.html report-b.html
expect export --out rep -- report-a.html
expect --config rep -- report-a.html

# Every option --help lists for a command is offered after "gongkai COMMAND -".
python3 "$help_options" "$gongkai" >help.txt || fail "cannot read gongkai --help"
while read -r command option; do
  [[ -z "$command" || "$option" != -* ]] && continue
  complete_words "$command" - >"offered.$command" 2>/dev/null
  grep -qxF -- "$option" "offered.$command" || fail "gongkai $command -<TAB>: $option not offered"
done <help.txt
while read -r command option; do
  [[ -n "$command" ]] || { complete_words verify - | grep -qxF -- "$option" || fail "global $option not offered"; }
done <help.txt

if command -v zsh >/dev/null; then
  zsh -n "$zsh_file" || fail "_gongkai does not parse in zsh"
  head -1 "$zsh_file" | grep -qx '#compdef gongkai' || fail "_gongkai lacks #compdef"
  # Typed into an interactive zsh (compinit, the file in fpath) on a pseudo-terminal.
  zsh_expect() {  # zsh_expect KEYS EXTENDED-REGEX...
    local keys=$1 out
    shift
    out=$(timeout 60 zsh -f "$here/zsh_complete.zsh" "$(dirname "$zsh_file")" "$(dirname "$gongkai")" "$keys")
    for want in "$@"; do
      grep -Eq -- "$want" <<<"$out" || { fail "zsh: $(printf %q "$keys"): no $want"; printf '%s\n' "$out" | tail -5; }
    done
  }
  zsh_expect $'gongkai exp\t' '^gongkai export $'
  zsh_expect $'gongkai \t\t' '^verify +-- re-hash every blob' '^completion +-- '
  zsh_expect $'gongkai export --format \t\t' 'jsonl' 'stats-csv' 'wacz'
  zsh_expect $'gongkai -q search --so\t' '^gongkai -q search --sort $'
else
  echo "zsh not installed: only the bash completion is exercised"
fi

[[ $failures -eq 0 ]] && echo "bash completion offers every command and option"
exit $((failures > 0))
