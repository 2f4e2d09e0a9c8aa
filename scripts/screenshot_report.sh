#!/usr/bin/env bash
# Screenshot akhbar's HTML report with headless Chromium (Debian's `chromium` package:
# apt-get install chromium fonts-noto-core), to look at what a person sees.
#
#   scripts/screenshot_report.sh [WAREHOUSE] [OUT.png]
#
# Writes the report beside the warehouse (akhbar report), then the PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
warehouse="${1:-akhbar.duckdb}"
png="${2:-${warehouse%.duckdb}-report.png}"
html="${warehouse%.duckdb}-report.html"
command -v chromium >/dev/null || { echo "needs chromium: apt-get install chromium fonts-noto-core" >&2; exit 2; }
.venv/bin/akhbar report --warehouse "$warehouse" --out "$html"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# No network for the browser: the report is self-contained.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size=1100,2600 \
  --virtual-time-budget=10000 --screenshot="$(realpath -m "$png")" \
  "file://$(realpath "$html")" 2>/dev/null
echo "screenshot written to $png"
