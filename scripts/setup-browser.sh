#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when it is missing. Playwright drives this
# binary; `playwright install` cannot download browsers here and is never used.
set -euo pipefail
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "error: $CHROMIUM is missing and cannot be installed here (needs root and apt-get);" \
       "install Debian's 'chromium' package, or set CHROMIUM to a Chromium binary" >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
[ -x "$CHROMIUM" ] || { echo "error: chromium installed but $CHROMIUM is not there" >&2; exit 1; }
