#!/usr/bin/env bash
# Fills fuzz/corpus/read_return with real returns: the committed fixtures (made by
# LibreOffice, msoffcrypto-tool), the embedded sample .xls, and a few generated returns.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus/read_return
mkdir -p "$corpus"
find tests/fixtures -type f -exec cp {} "$corpus"/ \;
cp input_templates/*.xls input_templates/*.xlsx "$corpus"/
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet --release -- sample --units 4 --seed 9 --out "$tmp" >/dev/null
cp "$tmp"/returns/*.xlsx "$corpus"/
ls "$corpus" | wc -l

# xlsx_parts: a sheet, the shared strings and the styles of real workbooks, split by `@@`
# lines (the fuzz target puts them in a workbook of its own).
parts=fuzz/corpus/xlsx_parts
mkdir -p "$parts"
python3 - "$parts" "$tmp"/returns/*.xlsx tests/fixtures/round3/*.xlsx input_templates/*.xlsx <<'PY'
import os, sys, zipfile
out, n = sys.argv[1], 0
for f in sys.argv[2:]:
    z = zipfile.ZipFile(f)
    names = z.namelist()
    part = lambda p: z.read(p) if p in names else b""
    rest = part("xl/sharedStrings.xml") + b"\n@@\n" + part("xl/styles.xml")
    for s in [x for x in names if x.startswith("xl/worksheets/sheet")]:
        open(os.path.join(out, f"seed{n}"), "wb").write(z.read(s) + b"\n@@\n" + rest)
        n += 1
PY
ls "$parts" | wc -l
