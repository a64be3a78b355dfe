#!/usr/bin/env bash
# Regenerates the committed files made by real tools:
#   input_templates/mau-tra-ve-CD05.xls  — a demo return saved as Excel 97-2003 by LibreOffice
#   input_templates/mau-bao-cao-*.xlsx    — the blank template of the default plan
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "cần LibreOffice (soffice)"; exit 1; }
tmp=$(mktemp -d)
: > input_templates/mau-tra-ve-CD05.xls           # empty: the demo then writes CD05 as .xlsx
cargo run --quiet -- demo --out "$tmp/demo" >/dev/null
src=$(ls "$tmp"/demo/bao-cao-mau/*CD05*.xlsx | head -1)
soffice -env:UserInstallation=file://$tmp/lo --headless --convert-to xls --outdir "$tmp" "$src" >/dev/null
cp "$tmp"/*CD05*.xls input_templates/mau-tra-ve-CD05.xls
cargo run --quiet -- template --out input_templates
rm -rf "$tmp"
echo "Đã tạo lại các tệp mẫu trong input_templates/."
