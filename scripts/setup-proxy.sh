#!/usr/bin/env bash
# Install Debian's nginx for `make serve` and the proxy tests when it is missing. It is only ever
# run as a child process with a config in a temporary folder (scripts/serve.py), never as a service.
set -euo pipefail
NGINX="${NGINX:-/usr/sbin/nginx}"
if [ -x "$NGINX" ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "error: $NGINX is missing and cannot be installed here (needs root and apt-get);" \
       "install Debian's 'nginx-light' (or 'nginx') package, or set NGINX to an nginx binary" >&2
  exit 1
fi
echo "Installing Debian's nginx for the proxy..."
apt-get update -qq
# Installing starts no service where policy-rc.d forbids it; where it does not, stop the one started.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null \
  || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
[ -x "$NGINX" ] || { echo "error: nginx installed but $NGINX is not there" >&2; exit 1; }
