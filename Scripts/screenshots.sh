#!/bin/sh
# Screenshots of every page of the built site: desktop (1280 px) and phone (390 px) widths, light and
# dark, as full-page PNGs in _screenshots/ (git-ignored). Fails when a page logs a console error, fails
# to load a resource, or is wider than the phone screen.
#
#   Scripts/screenshots.sh [SITE_DIR] [OUT_DIR]      (defaults: _site and _screenshots)
#
# Build the site first (`make site`). Needs Debian's chromium (`apt-get install -y chromium`).
set -eu
cd "$(dirname "$0")/.."
site="${1:-_site}"
out="${2:-_screenshots}"
if [ ! -f "$site/index.html" ]; then
    echo "screenshots: $site/index.html not found; run 'make site' first" >&2
    exit 2
fi
if ! command -v chromium >/dev/null 2>&1; then
    echo "screenshots: chromium not found; install it with: apt-get install -y chromium" >&2
    exit 2
fi
exec python3 Scripts/screenshots.py "$site" "$out"
