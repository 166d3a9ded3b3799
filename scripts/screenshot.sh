#!/usr/bin/env bash
# A screenshot of an HTML report as headless Chromium draws it.
#
#   scripts/screenshot.sh REPORT.html OUT.png [WIDTH,HEIGHT]     (default 1400,2200)
#
# Needs chromium (Debian's `chromium` package) or $CHROMIUM. The page loads nothing from the
# network; the browser runs with a throwaway profile.
set -euo pipefail
report=${1:?usage: scripts/screenshot.sh REPORT.html OUT.png [WIDTH,HEIGHT]}
out=${2:?usage: scripts/screenshot.sh REPORT.html OUT.png [WIDTH,HEIGHT]}
size=${3:-1400,2200}
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$browser" ] || { echo "screenshot.sh: no chromium found (apt-get install chromium, or set CHROMIUM)" >&2; exit 2; }
[ -f "$report" ] || { echo "screenshot.sh: $report: no such file" >&2; exit 2; }
abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
case $out in /*) ;; *) out=$PWD/$out ;; esac
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless=new --disable-gpu --no-sandbox --hide-scrollbars --no-first-run \
  --user-data-dir="$profile" --window-size="$size" --virtual-time-budget=3000 \
  --screenshot="$out" "file://$abs" 2>/dev/null
[ -s "$out" ] || { echo "screenshot.sh: no screenshot was written" >&2; exit 1; }
echo "$out"
