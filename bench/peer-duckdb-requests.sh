#!/usr/bin/env bash
# The request-slice counterpart of bench/peer-duckdb.sh (issue 19): Google-template availability from per-minute request
# slices (a minute is down above X% errors with at least N requests; only runs of at least R down minutes count; tiers,
# cap, rounding), our pipeline beside a DuckDB SQL peer on the same requests.csv. Prints the whole table by itself.
#   bench/peer-duckdb-requests.sh [--customers "100 1000"] [--reps N] [--dir DIR] [--clean]
# Fleets of 100 customers (4.32M slices, 180 MB of CSV) and 1,000 customers (43.2M slices, 1.8 GB), 43,200 minutes
# each, generated once under DIR (default /tmp/peer-requests; never commit them); --clean deletes them at the end.
# Each fleet is checked first (every customer's downtime, availability, tier and credit identical on both sides, or the
# script stops), then a warm-up of each side, then REPS interleaved timed runs; medians are reported.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=/tmp/peer-requests; REPS=3; CUSTOMERS="100 1000"; CLEAN=0
while [ $# -gt 0 ]; do
  case "$1" in
    --customers) CUSTOMERS="$2"; shift ;;
    --reps) REPS="$2"; shift ;;
    --dir) DIR="$2"; shift ;;
    --clean) CLEAN=1 ;;
    *) echo "usage: $0 [--customers \"100 1000\"] [--reps N] [--dir DIR] [--clean]" >&2; exit 2 ;;
  esac; shift
done

dotnet build bench/SlaKpiDsl.PeerBench -c Release -v q -nologo >/dev/null
PB=bench/SlaKpiDsl.PeerBench/bin/Release/net10.0/peer-bench
mkdir -p "$DIR"
df -h "$DIR" | tail -1 >&2
OUT="$DIR/results.txt"; : > "$OUT"
for c in $CUSTOMERS; do
  if [ ! -f "$DIR/c$c/fleet.txt" ]; then echo "generating $c customers x 43,200 minutes ..." >&2; $PB gen-requests "$DIR/c$c" --customers "$c" >&2; fi
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for c in $CUSTOMERS; do
  echo "checking $c customers: ours against DuckDB ..." >&2
  $PB check "$DIR/c$c" | tee -a "$DIR/check.txt" >&2   # exits non-zero (and set -e stops us) on any difference
  cat "$DIR/c$c"/contracts/*.sla "$DIR/c$c/data/requests.csv" > /dev/null; $PB ours "$DIR/c$c" >/dev/null 2>&1; $PB duckdb "$DIR/c$c" >/dev/null 2>&1   # warm-up
  for r in $(seq "$REPS"); do
    echo "$c customers run $r/$REPS (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    $PB floor "$DIR/c$c" | sed "s/^RESULT /RESULT size=$c /" >> "$OUT"
    $PB ours "$DIR/c$c" 2>/dev/null | sed "s/^RESULT /RESULT size=$c /" >> "$OUT"
    $PB duckdb "$DIR/c$c" 2>/dev/null | sed "s/^RESULT /RESULT size=$c /" >> "$OUT"
    $PB duckdb "$DIR/c$c" --phases 2>/dev/null | sed "s/^RESULT side=duckdb /RESULT size=$c side=duckdb-phases /" >> "$OUT"
    echo "RESULT size=$c side=load load1=$(cut -d' ' -f1 /proc/loadavg)" >> "$OUT"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "$OUT" $CUSTOMERS <<'PY'
import sys, statistics, collections, platform, os
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    if not line.startswith("RESULT "): continue
    kv = dict(p.split("=", 1) for p in line.split()[1:])
    rows[(kv["size"], kv["side"])].append(kv)
def med(size, side, key):
    vals = [float(r[key]) for r in rows.get((size, side), []) if key in r]
    return statistics.median(vals) if vals else float("nan")
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print(f"machine: {cpu}, {os.cpu_count()} cores; medians; load average (1 min) during the runs in the last column")
print()
print("| customers | slices | input MB | read floor s | ours e2e s (cpu s) | ours load s | ours compute s | ours peak MB | DuckDB e2e s (cpu s) | DuckDB load s | DuckDB compute s | DuckDB peak MB | DuckDB / ours | ours / floor | load avg |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for size in sys.argv[2:]:
    if (size, "ours") not in rows: continue
    mb = med(size, "floor", "bytes") / 1e6
    fl, o, d = med(size, "floor", "total_s"), med(size, "ours", "total_s"), med(size, "duckdb", "total_s")
    loads = [float(r["load1"]) for r in rows[(size, "load")]]
    print(f"| {size} | {int(size) * 43200:,} | {mb:.0f} | {fl:.3f} | {o:.2f} ({med(size,'ours','cpu_s'):.2f}) | {med(size,'ours','load_s'):.2f} | {med(size,'ours','compute_s'):.2f} | {med(size,'ours','peak_mb'):.0f} "
          f"| {d:.2f} ({med(size,'duckdb','cpu_s'):.2f}) | {med(size,'duckdb-phases','load_s'):.2f} | {med(size,'duckdb-phases','compute_s'):.2f} | {med(size,'duckdb','peak_mb'):.0f} "
          f"| {d/o:.2f} | {o/fl:.0f} | {min(loads):.1f}-{max(loads):.1f} |")
print()
print("ours e2e = find the contracts in the evaluator cache by their texts (compile on a miss), load requests.csv, evaluate every contract on its service's slices (process start excluded, both sides).")
print("DuckDB e2e = one SQL query over read_csv of requests.csv; its load/compute = CREATE TABLE from the CSV / the same query on the table.")
PY
if [ "$CLEAN" = 1 ]; then for c in $CUSTOMERS; do if [ -d "$DIR/c$c" ]; then rm -rf "${DIR:?}/c$c"; echo "deleted $DIR/c$c" >&2; fi; done; fi
