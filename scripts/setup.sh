#!/usr/bin/env bash
# Installs the Debian 12 packages gongkai needs to build, test and run — only the missing ones.
# Idempotent and quick when everything is present. Needs root (or sudo) only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ca-certificates
  libcurl4-openssl-dev libgumbo-dev libxml2-dev libsqlite3-dev libcpp-httplib-dev
  libzstd-dev zlib1g-dev libuchardet-dev libre2-dev
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libssl-dev wget python3
  libpoppler-cpp-dev
  libzip-dev
  libtesseract-dev
  tesseract-ocr-chi-sim
  tesseract-ocr-eng
  wv
  antiword
  catdoc
  libicu-dev
  libgoogle-perftools-dev
  chromium chromium-driver
  libbrotli-dev
  clang-format
  systemd
  groff-base
  man-db
  zsh
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
