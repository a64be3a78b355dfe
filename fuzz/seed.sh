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
