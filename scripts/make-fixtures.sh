#!/usr/bin/env bash
# Regenerates the committed files made by real tools:
#   input_templates/mau-tra-ve-CD05.xls  — a demo return saved as Excel 97-2003 by LibreOffice
#   input_templates/mau-bao-cao-*.xlsx    — the blank template of the default plan
#   tests/fixtures/resaved-libreoffice.xlsx  — that return re-saved as .xlsx by LibreOffice
#   tests/fixtures/converted-libreoffice.ods — the same, saved as .ods by LibreOffice
#   tests/fixtures/encrypted-libreoffice.xls — the same, saved as .xls with password "matkhau"
#   tests/fixtures/encrypted-msoffcrypto.xlsx — the .xlsx encrypted by msoffcrypto-tool (Agile)
# Needs LibreOffice (soffice, python3-uno) and `pip install msoffcrypto-tool`.
# Usage: scripts/make-fixtures.sh [--keep-xls]   (--keep-xls: reuse the committed .xls)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "cần LibreOffice (soffice)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "${1:-}" != "--keep-xls" ]; then
  : > input_templates/mau-tra-ve-CD05.xls           # empty: the demo then writes CD05 as .xlsx
  cargo run --quiet -- demo --out "$tmp/demo" >/dev/null
  src=$(ls "$tmp"/demo/bao-cao-mau/*CD05*.xlsx | head -1)
  /usr/bin/python3 scripts/lo_save.py "$src" input_templates/mau-tra-ve-CD05.xls "MS Excel 97"
fi
xls=input_templates/mau-tra-ve-CD05.xls
mkdir -p tests/fixtures
/usr/bin/python3 scripts/lo_save.py "$xls" tests/fixtures/resaved-libreoffice.xlsx "Calc MS Excel 2007 XML"
/usr/bin/python3 scripts/lo_save.py "$xls" tests/fixtures/converted-libreoffice.ods "calc8"
/usr/bin/python3 scripts/lo_save.py "$xls" tests/fixtures/encrypted-libreoffice.xls "MS Excel 97" matkhau
msoffcrypto-tool -e -p matkhau tests/fixtures/resaved-libreoffice.xlsx tests/fixtures/encrypted-msoffcrypto.xlsx
cargo run --quiet -- template --out input_templates
echo "Đã tạo lại các tệp mẫu trong input_templates/ và tests/fixtures/."
