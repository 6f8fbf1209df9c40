#!/bin/sh
# The proof of what a reader sees: every built page in headless Chromium at 1280 and 390 px, light and
# dark, as full-page PNGs in _screenshots/ (git-ignored), plus print and keyboard-focus shots, and
# axe-core on each combination. Fails when a page logs a console error, fails to load a resource, is
# wider than the phone screen, when reader.js misbehaves, or on any axe violation.
#
#   Scripts/screenshots.sh [SITE_DIR] [OUT_DIR]      (defaults: _site and _screenshots)
#
# Build the site first (`make site`). Needs Debian's chromium (`apt-get install -y chromium`) and
# python3 with pip: axe-core's axe.min.js comes from PyPI's axe-playwright-python wheel, fetched once
# into .build/axe/.
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
axe=.build/axe/axe.min.js
if [ ! -f "$axe" ]; then
    mkdir -p .build/axe
    python3 -m pip download --quiet --no-deps --dest .build/axe axe-playwright-python
    python3 - <<'PY'
import glob, zipfile
wheel = sorted(glob.glob(".build/axe/axe_playwright_python-*.whl"))[-1]
with zipfile.ZipFile(wheel) as archive:
    name = next(n for n in archive.namelist() if n.endswith("/axe.min.js"))
    open(".build/axe/axe.min.js", "wb").write(archive.read(name))
PY
fi
exec python3 Scripts/screenshots.py "$site" "$out" --axe "$axe"
