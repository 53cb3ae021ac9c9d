#!/usr/bin/env zsh -f
# Types a command line into an interactive zsh on a pseudo-terminal (zpty) with the completion
# function in its fpath, and prints what zsh shows: the completed line and the listing of matches,
# escape codes removed. Usage: zsh -f zsh_complete.zsh FPATH_DIR BIN_DIR 'gongkai export --format <TAB><TAB>'
# (a literal tab in the line presses TAB).
zmodload zsh/zpty || exit 1
fdir=$1 bindir=$2 keys=$3
zpty z zsh -f -i
zpty -w z "PS1='' RPROMPT=''; fpath=($fdir \$fpath); autoload -U compinit; compinit -u -D; \
zstyle ':completion:*' menu no; setopt nobeep; LISTMAX=1000; PATH=$bindir:\$PATH"
zpty -w z "print COMPLETION-READY"
zpty -r z line '*COMPLETION-READY*' || exit 1
zpty -w -n z "$keys"
# Read until zsh has been quiet for 1.5 s (at most 20 s).
out= idle=0
for i in {1..100}; do
  if zpty -r -t z chunk; then
    out+=$chunk idle=0
  else
    (( idle++ >= 7 )) && break
    sleep 0.2
  fi
done
zpty -d z
print -r -- "$out" | sed -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e 's/\r/\n/g'
