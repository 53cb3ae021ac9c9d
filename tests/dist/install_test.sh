#!/usr/bin/env bash
# `cmake --install` into a temporary DESTDIR: the tree GNUInstallDirs gives (binary, man page, bash
# and zsh completion, systemd service and timer, sysusers.d and logrotate entries, example
# configuration, seed lists, documentation); the installed binary runs and accepts the installed
# example configuration; man finds the page; and the installed units pass `systemd-analyze verify`
# (with the DESTDIR as --root, so the unit's ExecStart must name the installed binary).
# Usage: install_test.sh BUILD_DIR
set -u
build=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

dest=$tmp/root
DESTDIR=$dest cmake --install "$build" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; echo "FAIL: cmake --install"; exit 1; }
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
root=$dest$prefix
for f in bin/gongkai share/man/man1/gongkai.1 share/bash-completion/completions/gongkai \
  share/zsh/site-functions/_gongkai lib/systemd/system/gongkai-crawl.service \
  lib/systemd/system/gongkai-crawl.timer lib/sysusers.d/gongkai.conf share/doc/gongkai/README.md \
  share/doc/gongkai/docs/archive-format.md share/doc/gongkai/examples/config.toml \
  share/doc/gongkai/examples/logrotate share/gongkai/seeds/README.md share/gongkai/seeds/yunnan.toml; do
  [[ -s "$root/$f" ]] || fail "not installed: $prefix/$f"
done
[[ -x "$root/bin/gongkai" ]] || fail "the installed binary is not executable"
[[ -e "$root/share/gongkai/seeds/simulated" ]] && fail "the simulated portal's seeds were installed"
grep -q "gongkai-crawl.service" "$tmp/install.log" || fail "install log does not list the unit"

# The installed binary runs, on its own (no build tree).
version=$(cd "$tmp" && "$root/bin/gongkai" --version) || fail "installed gongkai --version"
grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+$' <<<"$version" || fail "installed gongkai --version: $version"
(cd "$tmp" && "$root/bin/gongkai" --help | grep -q '^  crawl ') || fail "installed gongkai --help"
# The example configuration is valid and reads the installed seed lists.
config=$root/share/doc/gongkai/examples/config.toml
(cd "$tmp" && "$root/bin/gongkai" --config "$config" config >"$tmp/config.out" 2>&1) ||
  { fail "the installed example configuration is refused"; cat "$tmp/config.out"; }
grep -q "dir = \"$prefix/share/gongkai/seeds\"" "$config" || fail "example [seeds] dir is not the installed seeds"

# man finds the installed page (MANPATH as for a prefix man reads by default).
MANPATH=$root/share/man MANWIDTH=100 man -P cat gongkai 2>"$tmp/man.err" | grep -q '^EXIT STATUS' ||
  { fail "man gongkai does not show the installed page"; cat "$tmp/man.err"; }
# The installed bash completion is what the binary generates.
bash --norc -c "source '$root/share/bash-completion/completions/gongkai' && complete -p gongkai" >/dev/null ||
  fail "installed bash completion does not register"

# The units: ExecStart names the installed binary; the recipe's settings are there.
unit=$root/lib/systemd/system/gongkai-crawl.service
grep -qx "ExecStart=$prefix/bin/gongkai .*crawl.*" "$unit" || fail "ExecStart does not name $prefix/bin/gongkai"
for line in User=gongkai StateDirectory=gongkai LogsDirectory=gongkai WorkingDirectory=/var/lib/gongkai \
  Type=oneshot "SuccessExitStatus=5 130" TimeoutStartSec=7h; do
  grep -qxF "$line" "$unit" || fail "unit lacks $line"
done
if ! command -v systemd-analyze >/dev/null; then
  fail "systemd-analyze is missing (scripts/setup.sh installs the systemd package)"
else
  # --root resolves unit dependencies (sysinit.target, timers.target) inside the DESTDIR: give it
  # the system's own units there.
  mkdir -p "$dest/usr/lib/systemd"
  cp -rn /usr/lib/systemd/system "$dest/usr/lib/systemd/"
  verify() { MANPATH=$root/share/man systemd-analyze verify --root="$dest" gongkai-crawl.service gongkai-crawl.timer; }
  verify >"$tmp/verify.out" 2>&1 || fail "systemd-analyze verify failed"
  [[ -s "$tmp/verify.out" ]] && { fail "systemd-analyze verify complains:"; cat "$tmp/verify.out"; }
  # The README's `systemd-sysusers` step: the installed entry creates the unit's User= and Group=.
  mkdir -p "$dest/etc" && cp /etc/passwd /etc/group "$dest/etc/"
  systemd-sysusers --root="$dest" "$root/lib/sysusers.d/gongkai.conf" >/dev/null 2>&1 ||
    fail "systemd-sysusers refuses the installed entry"
  grep -q '^gongkai:x:[0-9]*:[0-9]*:.*:/var/lib/gongkai:' "$dest/etc/passwd" || fail "systemd-sysusers made no gongkai user"
  grep -q '^gongkai:' "$dest/etc/group" || fail "systemd-sysusers made no gongkai group"
  # The check is real: without the binary, or with a wrong key, it complains.
  mv "$root/bin/gongkai" "$tmp/gongkai.moved"
  verify >"$tmp/verify.out" 2>&1 && fail "systemd-analyze verify passes without the binary"
  mv "$tmp/gongkai.moved" "$root/bin/gongkai"
  sed -i 's/^Type=oneshot$/Type=oneshot\nTimeoutStart=1/' "$unit"
  verify >"$tmp/verify.out" 2>&1
  grep -q "Unknown key" "$tmp/verify.out" || fail "systemd-analyze verify does not see a wrong key"
fi

[[ $failures -eq 0 ]] && echo "cmake --install: tree, binary, man page, completion and units are right"
exit $((failures > 0))
