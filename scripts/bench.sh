#!/usr/bin/env bash
# Benchmark `danvan consolidate` at 1,000 / 10,000 / 100,000 returns.
#
# Usage: scripts/bench.sh [SIZES...]          (default: 1000 10000 100000)
#   BENCH_DIR=/tmp/danvan-bench  where generated returns are kept between runs
#   RUNS=3                       runs per size below 100,000 (the median is reported)
#   RUNS_BIG=1                   runs at 100,000 and above
#
# For each size it prints wall time (median, cold: no state or cache), files/s, rows/s and
# peak RSS, the re-run time after one changed file (the cache of the previous run used), and, for the
# same files, the decompression floor: the time `unzip -p` takes to inflate every sheet
# and the shared strings (two processes in parallel, like the two cores danvan uses).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
bench_dir=${BENCH_DIR:-/tmp/danvan-bench}
runs=${RUNS:-3}
runs_big=${RUNS_BIG:-1}

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 2; }
command -v unzip >/dev/null || { echo "needs unzip (apt-get install unzip)"; exit 2; }

cargo build --release --quiet
bin=target/release/danvan
mkdir -p "$bench_dir"
fit=$(mktemp)
trap 'rm -f "$fit"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf 'machine: %s, %s cores, %s\n' "$(uname -m)" "$(nproc)" \
  "$(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//')"
printf '%-8s %5s %10s %10s %12s %10s %10s %8s %10s\n' \
  files runs wall_s files/s rows/s peak_MiB floor_s x_floor inflate_s

for n in "${sizes[@]}"; do
  set_dir="$bench_dir/n$n"
  if [ ! -f "$set_dir/.complete" ]; then
    rm -rf "$set_dir"
    "$bin" sample --units "$n" --seed 2024 --out "$set_dir" >/dev/null
    touch "$set_dir/.complete"
  fi
  k=$runs
  [ "$n" -ge 100000 ] && k=$runs_big
  walls=(); rss=(); rows=0
  for ((i = 0; i < k; i++)); do
    out="$bench_dir/out-$n"
    rm -rf "$out"; mkdir -p "$out"
    /usr/bin/time -v -o "$out/time.txt" "$bin" consolidate "$set_dir/returns" \
      --roster "$set_dir/roster.csv" --as-of 10/01/2025 --quiet \
      --out "$out/tong-hop.xlsx" --json "$out/tong-hop.json" >/dev/null 2>&1 || {
        code=$?; [ $code -le 1 ] || { echo "consolidate failed ($code)"; cat "$out/time.txt"; exit 1; }; }
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(j=1;j<=n;j++) s=s*60+t[j]; print s}' "$out/time.txt")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")")
    rows=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"]["read"])' "$out/tong-hop.json")
  done
  # Re-run after one changed file: the same returns (linked), consolidated once to fill the
  # cache beside the summary, then one return re-saved with other bytes and run again.
  re_dir="$bench_dir/rerun-$n"; re_out="$bench_dir/rerun-out-$n"
  rm -rf "$re_dir" "$re_out"; mkdir -p "$re_dir" "$re_out"
  for f in "$set_dir"/returns/*; do ln -s "$f" "$re_dir/$(basename "$f")"; done
  rerun() {
    /usr/bin/time -f '%e' -o "$re_out/time.txt" "$bin" consolidate "$re_dir" \
      --roster "$set_dir/roster.csv" --as-of 10/01/2025 --quiet \
      --out "$re_out/tong-hop.xlsx" >/dev/null 2>&1 || true
    cat "$re_out/time.txt"
  }
  rerun >/dev/null
  for f in "$re_dir"/*; do first=$(basename "$f"); break; done
  rm "$re_dir/$first"
  python3 - "$set_dir/returns/$first" "$re_dir/$first" <<'PY'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
    for item in z.infolist():
        data = z.read(item.filename)
        if item.filename == "docProps/core.xml":
            data = data.replace(b"</cp:coreProperties>", b"<dc:description>changed</dc:description></cp:coreProperties>")
        out.writestr(item, data)
PY
  rerun_wall=$(rerun)
  wall=$(printf '%s\n' "${walls[@]}" | median)
  peak=$(printf '%s\n' "${rss[@]}" | sort -g | tail -1)
  # Decompression floor: inflate sheet XML and shared strings of every file, nothing else.
  floor_start=$(date +%s.%N)
  find "$set_dir/returns" -name '*.xlsx' -print0 |
    xargs -0 -P "$(nproc)" -n 1 sh -c 'unzip -p -qq "$0" "xl/worksheets/*" xl/sharedStrings.xml >/dev/null 2>&1 || true'
  floor=$(awk -v a="$floor_start" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
  # A second floor without process start-up: inflate the same XML in one process.
  inflate=$(python3 - "$set_dir/returns" <<'PY'
import glob, os, sys, time, zipfile
t = time.time()
for f in glob.glob(os.path.join(sys.argv[1], "*.xlsx")):
    with zipfile.ZipFile(f) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                z.read(name)
print(round(time.time() - t, 2))
PY
)
  awk -v n="$n" -v k="$k" -v w="$wall" -v r="$rows" -v p="$peak" -v f="$floor" -v i="$inflate" 'BEGIN {
    printf "%-8d %5d %10.2f %10.0f %12.0f %10.1f %10.2f %8.2f %10.2f\n", n, k, w, n / w, r / w, p / 1024, f, w / f, i }'
  printf '  walls: %s\n' "${walls[*]}"
  printf '  re-run after 1 changed file (cache): %s s\n' "$rerun_wall"
  echo "$n $wall" >> "$fit"
done
# Least-squares fit wall = fixed + per_file * files over the sizes run.
awk '{ n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
  END { if (n > 1) { b = (n * sxy - sx * sy) / (n * sxx - sx * sx); a = (sy - b * sx) / n;
        printf "fit: wall = %.2f s + %.3f ms x files\n", a, b * 1000 } }' "$fit"
