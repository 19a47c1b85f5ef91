#!/usr/bin/env bash
# Debian packages the tests use: headless Chromium (browser build test),
# docker-registry (a real OCI registry on loopback), GNU tar and Python 3 (mirrorFS
# archives in every tar dialect), OpenSSL and faketime (RFC 3161 tokens from another
# TSA implementation, with a chosen genTime). Installed only when missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v docker-registry >/dev/null 2>&1 || [ -x /usr/bin/docker-registry ] || need+=(docker-registry)
tar --version 2>/dev/null | grep -q 'GNU tar' || need+=(tar)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v faketime >/dev/null 2>&1 || need+=(faketime)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "==> apt-get install ${need[*]}"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# docker-registry's package starts a system service; the tests start their own on loopback.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl stop docker-registry >/dev/null 2>&1 || true; fi
