#!/usr/bin/env bash
# Builds dist/danvan.exe for the district office's Windows PCs: Rust's x86_64-pc-windows-gnu
# target linked by Debian's mingw-w64, C runtime and winpthread static, stripped.
# Installs what it needs (the rustup target, mingw-w64). Usage: scripts/build-windows.sh
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-pc-windows-gnu
if ! rustup target list --installed | grep -qx "$target"; then
  rustup target add "$target"
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq mingw-w64 >/dev/null
fi
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
# One self-contained file: no libgcc/libwinpthread DLL beside it.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-C target-feature=+crt-static -C link-args=-static"
cargo build --release --target "$target" --bin danvan
mkdir -p dist
x86_64-w64-mingw32-strip -o dist/danvan.exe "target/$target/release/danvan.exe"
# Only DLLs every Windows has.
allowed='^(kernel32|ntdll|advapi32|bcrypt|bcryptprimitives|ws2_32|userenv|shell32|user32|ole32|oleaut32|msvcrt|api-ms-win-[a-z0-9-]+|crypt32|secur32|synchronization|psapi|iphlpapi|dbghelp|powrprof|shlwapi|combase|pdh)\.dll$'
bad=$(x86_64-w64-mingw32-objdump -p dist/danvan.exe | awk '/DLL Name:/ {print tolower($3)}' | grep -Ev "$allowed" || true)
if [ -n "$bad" ]; then
  echo "dist/danvan.exe needs DLLs a plain Windows does not have: $bad" >&2
  exit 1
fi
size=$(stat -c %s dist/danvan.exe)
echo "dist/danvan.exe: $((size / 1024 / 1024)) MiB; DLLs: $(x86_64-w64-mingw32-objdump -p dist/danvan.exe | awk '/DLL Name:/ {printf "%s ", $3}')"
