#!/usr/bin/env bash
# The dashboard's browser tests: Debian's chromium and Playwright for Python (never a downloaded browser build).
#
#   eval "$(.ci/browser.sh)"     # prints `export MIGRATE_TEST_BROWSER=1` on stdout, logs on stderr
set -euo pipefail
log() { echo "browser.sh: $*" >&2; }
if ! command -v chromium >/dev/null; then
    log "installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq chromium >&2
fi
if ! python3 -c 'import playwright.sync_api' 2>/dev/null; then
    log "installing playwright for Python (its browsers are not downloaded; the tests launch $(command -v chromium))"
    python3 -m pip install -q playwright >&2
fi
echo "export MIGRATE_TEST_BROWSER=1"
echo "export MIGRATE_TEST_CHROMIUM=$(command -v chromium)"
