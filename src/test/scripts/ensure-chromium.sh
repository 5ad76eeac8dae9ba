#!/usr/bin/env bash
# Run by `mvn verify` before the integration tests: BrowserIT drives Debian's headless Chromium
# (playwright-core downloads no browser). Installs it with apt-get when missing and we are root.
set -euo pipefail
browser="${SWITCHBOARD_CHROMIUM:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing; installing the Debian package 'chromium'"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$browser" ] && exit 0
fi
echo "Chromium is not installed at $browser; the browser tests (BrowserIT) need it." >&2
echo "Install it as root with: apt-get update && apt-get install -y chromium" >&2
exit 1
