#!/usr/bin/env bash
# Our pipeline beside a DuckDB SQL peer on the same generated fleet (issue 6). Prints the whole table by itself.
#   bench/peer-duckdb.sh [--with-10m] [--with-50m] [--sizes "10k 1m ..."] [--reps N] [--dir DIR] [--clean]
# Sizes 10k and 1M incidents by default (a few minutes on a quiet 2-core machine); --with-10m adds 10M (1.4 GB of CSV),
# --with-50m adds 50M after it (about 7 GB of incidents CSV, 9 GB with the alerts: 9.5 GB free under DIR is checked first); --sizes names them
# outright (10k, 1m, 10m, 50m). The fleets are generated once under DIR, default /tmp/peer; never commit them;
# --clean deletes the fleets of 10m and above at the end. The first run of each size is a warm-up (page cache,
# and at the very first run the cold Roslyn compile of 1,000 contracts, reported separately); then REPS timed runs of
# each side, the median is reported. The 10k fleet is checked first: every customer's downtime, availability, tier and
# credit must be identical on both sides, or the script stops.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=/tmp/peer; REPS=3; SIZES="10k 1m"; CLEAN=0
while [ $# -gt 0 ]; do
  case "$1" in
    --with-10m) SIZES="$SIZES 10m" ;;
    --with-50m) SIZES="$SIZES 50m" ;;
    --sizes) SIZES="$2"; shift ;;
    --clean) CLEAN=1 ;;
    --reps) REPS="$2"; shift ;;
    --dir) DIR="$2"; shift ;;
    *) echo "usage: $0 [--with-10m] [--with-50m] [--sizes \"10k 1m ...\"] [--reps N] [--dir DIR] [--clean]" >&2; exit 2 ;;
  esac; shift
done
count() { case "$1" in 10k) echo 10000 ;; 1m) echo 1000000 ;; 10m) echo 10000000 ;; 50m) echo 50000000 ;; *) echo "unknown size $1" >&2; exit 2 ;; esac; }
# The check below runs on the 10k fleet: it is always generated.
case " $SIZES " in *" 10k "*) ;; *) SIZES="10k $SIZES" ;; esac

dotnet build bench/SlaKpiDsl.PeerBench -c Release -v q -nologo >/dev/null
PB=bench/SlaKpiDsl.PeerBench/bin/Release/net10.0/peer-bench
mkdir -p "$DIR"
df -h "$DIR" | tail -1 >&2
case " $SIZES " in *" 50m "*)
  if [ ! -f "$DIR/50m/fleet.txt" ] && [ "$(df -k --output=avail "$DIR" | tail -1)" -lt 9500000 ]; then
    echo "50m needs about 9 GB (incidents 7 GB, alerts, requests) and less than 9.5 GB is free under $DIR" >&2; exit 2
  fi ;;
esac
OUT="$DIR/results.txt"; : > "$OUT"
for s in $SIZES; do
  if [ ! -f "$DIR/$s/fleet.txt" ]; then echo "generating $s ..." >&2; $PB gen "$DIR/$s" --incidents "$(count $s)" --customers 1000 >&2; fi
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "warm-up (the first ever run compiles 1,000 contracts into the evaluator cache: cold compile) ..." >&2
$PB ours "$DIR/10k" 2>/dev/null | sed 's/^RESULT /RESULT size=warmup /' >> "$OUT"
echo "checking 10k: ours against DuckDB ..." >&2
$PB check "$DIR/10k" >&2   # exits non-zero (and set -e stops us) on any difference
for s in $SIZES; do
  files=("$DIR/$s"/contracts/*.sla "$DIR/$s/data/incidents.csv" "$DIR/$s/data/maintenance.csv")
  cat "${files[@]}" > /dev/null; $PB ours "$DIR/$s" >/dev/null 2>&1; $PB duckdb "$DIR/$s" >/dev/null 2>&1   # warm-up
  for r in $(seq "$REPS"); do
    echo "$s run $r/$REPS (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    $PB floor "$DIR/$s" | sed "s/^RESULT /RESULT size=$s /" >> "$OUT"
    $PB ours "$DIR/$s" 2>/dev/null | sed "s/^RESULT /RESULT size=$s /" >> "$OUT"
    $PB duckdb "$DIR/$s" 2>/dev/null | sed "s/^RESULT /RESULT size=$s /" >> "$OUT"
    $PB duckdb "$DIR/$s" --phases 2>/dev/null | sed "s/^RESULT side=duckdb /RESULT size=$s side=duckdb-phases /" >> "$OUT"
    echo "RESULT size=$s side=load load1=$(cut -d' ' -f1 /proc/loadavg)" >> "$OUT"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ "$CLEAN" = 1 ]; then for s in 10m 50m; do if [ -d "$DIR/$s" ]; then rm -rf "${DIR:?}/$s"; echo "deleted $DIR/$s" >&2; fi; done; fi
python3 - "$OUT" <<'PY'
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
w = rows.get(("warmup", "ours"))
if w: print(f"warm-up run: contract compile/cache {float(w[0]['compile_s']):.1f} s (cold Roslyn compile of 1,000 contracts when the cache was empty)")
print()
print("| incidents | input MB | read floor s | ours e2e s (cpu s) | ours load s | ours compute s | ours peak MB | DuckDB e2e s (cpu s) | DuckDB load s | DuckDB compute s | DuckDB peak MB | DuckDB / ours | ours / floor | load avg |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for size in ["10k", "1m", "10m", "50m"]:
    if (size, "ours") not in rows: continue
    mb = med(size, "floor", "bytes") / 1e6
    fl, o, d = med(size, "floor", "total_s"), med(size, "ours", "total_s"), med(size, "duckdb", "total_s")
    loads = [float(r["load1"]) for r in rows[(size, "load")]]
    print(f"| {size} | {mb:.0f} | {fl:.3f} | {o:.2f} ({med(size,'ours','cpu_s'):.2f}) | {med(size,'ours','load_s'):.2f} | {med(size,'ours','compute_s'):.2f} | {med(size,'ours','peak_mb'):.0f} "
          f"| {d:.2f} ({med(size,'duckdb','cpu_s'):.2f}) | {med(size,'duckdb-phases','load_s'):.2f} | {med(size,'duckdb-phases','compute_s'):.2f} | {med(size,'duckdb','peak_mb'):.0f} "
          f"| {d/o:.2f} | {o/fl:.0f} | {min(loads):.1f}-{max(loads):.1f} |")
print()
print("ours e2e = find the 1,000 contracts in the evaluator cache by their texts (parse+bind+compile on a miss), load the evaluators, load incidents+maintenance CSV, group by service, evaluate (process start excluded, both sides).")
print("DuckDB e2e = one SQL query over read_csv of the same two files; its load/compute = CREATE TABLE from the CSVs / the same query on the tables.")
PY
