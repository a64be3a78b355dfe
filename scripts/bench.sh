#!/usr/bin/env bash
# Benchmark `danvan consolidate` at 2,000 and 100,000 returns (or the sizes given).
#
# Usage: scripts/bench.sh [SIZES...]          (default: 2000 100000)
#   BENCH_DIR=/tmp/danvan-bench  where generated returns are kept between runs
#   RUNS=3                       runs per size below 100,000 (the median is reported)
#   RUNS_BIG=1                   runs at 100,000 and above
#   BIN=path/to/danvan           the build measured (default: this tree's release build)
#
# For each size it prints, medians of RUNS: the cold run (no state or cache) with its wall time,
# files/s, rows/s and peak memory summed over danvan and its worker processes (sampled every
# 0.1 s by scripts/rss-tree.py); a re-run with nothing changed and a re-run after one changed
# file (the cache and state of the previous run used), each with its share of the cold run;
# and, for the same files, the single-core inflate floor (one process inflating every sheet
# and the shared strings, nothing else), measured right after each cold run, with the median of
# the cold runs' multiples of their own floor.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 100000)
bench_dir=$(realpath -m "${BENCH_DIR:-/tmp/danvan-bench}")
runs=${RUNS:-3}
runs_big=${RUNS_BIG:-1}

command -v python3 >/dev/null || { echo "needs python3"; exit 2; }

# BIN=path/to/danvan measures another build (an earlier one, to compare) instead.
if [ -n "${BIN:-}" ]; then
  bin=$(realpath "$BIN")
else
  cargo build --release --quiet
  bin=target/release/danvan
fi
mkdir -p "$bench_dir"
fit=$(mktemp)
trap 'rm -f "$fit"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf 'machine: %s, %s cores, %s\n' "$(uname -m)" "$(nproc)" \
  "$(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//')"
printf '%-8s %5s %8s %8s %10s %9s %8s %6s %9s %8s %8s %6s %8s\n' \
  files runs cold_s files/s rows/s peak_MiB rerun_s share change_s share peak_MiB floor_s x_floor

# One run of consolidate into the folder $2 from $1 (extra flags after): "wall_s peak_kib".
run() {
  local src=$1 out=$2; shift 2
  python3 scripts/rss-tree.py "$out/run.txt" -- "$bin" consolidate "$src" \
    --roster "$set_dir/roster.csv" --as-of 10/01/2025 --quiet \
    --out "$out/tong-hop.xlsx" --json "$out/tong-hop.json" "$@" >/dev/null 2>&1
  read -r wall peak code < "$out/run.txt"
  [ "$code" -le 1 ] || { echo "consolidate failed ($code)" >&2; exit 1; }
  echo "$wall $peak"
}

# The single-core inflate floor of the returns in $1: one process inflating the sheet XML and
# the shared strings of every file, nothing else (seconds).
inflate_floor() {
  python3 - "$1" <<'PY'
import glob, os, sys, time, zipfile
t = time.time()
for f in glob.glob(os.path.join(sys.argv[1], "*.xlsx")):
    with zipfile.ZipFile(f) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                z.read(name)
print(round(time.time() - t, 3))
PY
}

for n in "${sizes[@]}"; do
  set_dir="$bench_dir/n$n"
  if [ ! -f "$set_dir/.complete" ]; then
    rm -rf "$set_dir"
    "$bin" sample --units "$n" --seed 2024 --out "$set_dir" >/dev/null
    touch "$set_dir/.complete"
  fi
  k=$runs
  [ "$n" -ge 100000 ] && k=$runs_big
  colds=(); peaks=(); floors=(); x_floors=(); reruns=(); rpeaks=(); changes=(); cpeaks=(); rows=0
  # The same returns hard-linked into a folder of their own (plain files, as a unit's are),
  # where one file is changed per run.
  re_dir="$bench_dir/rerun-$n"
  rm -rf "$re_dir"; mkdir -p "$re_dir"
  cp -rl "$set_dir/returns/." "$re_dir/"
  # The links written out before anything is timed (at 100,000 files the first cold run
  # otherwise shares the disk with their write-back: 46 s instead of 31 s).
  sync
  for f in "$re_dir"/*; do first=$(basename "$f"); break; done
  for ((i = 0; i < k; i++)); do
    out="$bench_dir/out-$n"
    rm -rf "$out"; mkdir -p "$out"
    rm -f "$re_dir/$first"; ln "$set_dir/returns/$first" "$re_dir/$first"
    read -r w p < <(run "$re_dir" "$out"); colds+=("$w"); peaks+=("$p")
    # The floor right after each cold run, and the run's multiple of it: the machine's speed
    # drifts (15% within an hour here), a ratio taken pair by pair much less.
    f=$(inflate_floor "$set_dir/returns"); floors+=("$f")
    x_floors+=("$(awk -v c="$w" -v f="$f" 'BEGIN { printf "%.3f", c / f }')")
    rows=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"]["read"])' "$out/tong-hop.json")
    read -r w p < <(run "$re_dir" "$out"); reruns+=("$w"); rpeaks+=("$p")
    # One return re-saved with other bytes (its figures unchanged), then run again.
    rm "$re_dir/$first"
    python3 - "$set_dir/returns/$first" "$re_dir/$first" "$i" <<'PY'
import sys, zipfile
src, dst, i = sys.argv[1], sys.argv[2], sys.argv[3]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
    for item in z.infolist():
        data = z.read(item.filename)
        if item.filename == "docProps/core.xml":
            data = data.replace(b"</cp:coreProperties>", b"<dc:description>changed " + i.encode() + b"</dc:description></cp:coreProperties>")
        out.writestr(item, data)
PY
    read -r w p < <(run "$re_dir" "$out"); changes+=("$w"); cpeaks+=("$p")
  done
  rm -f "$re_dir/$first"; ln "$set_dir/returns/$first" "$re_dir/$first"
  cold=$(printf '%s\n' "${colds[@]}" | median)
  rerun=$(printf '%s\n' "${reruns[@]}" | median)
  change=$(printf '%s\n' "${changes[@]}" | median)
  peak=$(printf '%s\n' "${peaks[@]}" | median)
  rpeak=$(printf '%s\n' "${rpeaks[@]}" "${cpeaks[@]}" | median)
  floor=$(printf '%s\n' "${floors[@]}" | median)
  x_floor=$(printf '%s\n' "${x_floors[@]}" | median)
  awk -v n="$n" -v k="$k" -v c="$cold" -v r="$rows" -v p="$peak" -v re="$rerun" -v ch="$change" \
      -v rp="$rpeak" -v f="$floor" -v xf="$x_floor" 'BEGIN {
    printf "%-8d %5d %8.2f %8.0f %10.0f %9.1f %8.2f %6.2f %9.2f %8.2f %8.1f %6.2f %8.2f\n",
      n, k, c, n / c, r / c, p / 1024, re, re / c, ch, ch / c, rp / 1024, f, xf }'
  printf '  cold: %s\n  re-run: %s\n  one changed: %s\n  floor: %s\n  cold / floor: %s\n' \
    "${colds[*]}" "${reruns[*]}" "${changes[*]}" "${floors[*]}" "${x_floors[*]}"
  echo "$n $cold" >> "$fit"
done
# Least-squares fit wall = fixed + per_file * files over the sizes run.
awk '{ n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
  END { if (n > 1) { b = (n * sxy - sx * sy) / (n * sxx - sx * sx); a = (sy - b * sx) / n;
        printf "fit: cold = %.2f s + %.3f ms x files\n", a, b * 1000 } }' "$fit"
