#!/usr/bin/env bash
# Compile, cache and `sla evaluate` costs as whole processes, several runs each; prints a markdown table (min, median).
# Run from anywhere:  bash bench/compile-and-cache.sh            (RUNS=5 by default; RUNS=3 QUICK=1 skips the 1M run)
# What each row runs is in docs/performance.md ("Roslyn compile and cache"). Set SLA_TIMINGS=1 on any sla command
# to see its phases on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
BIG_RUNS=${BIG_RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building (Release) and publishing sla with ReadyToRun..." >&2
dotnet build bench/CompileAndCache -c Release -v q -nologo >/dev/null
dotnet build src/Cli -c Release -v q -nologo >/dev/null
dotnet publish src/Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/sla-r2r" -v q -nologo >/dev/null
probe="dotnet bench/CompileAndCache/bin/Release/net10.0/SlaKpiDsl.CompileAndCache.dll"
sla_dll="dotnet src/Cli/bin/Release/net10.0/sla.dll"
sla_r2r="$work/sla-r2r/sla"
evaluate_args="evaluate examples/contracts --data examples/data --period 2026-11 --as-of 2026-12-01T06:00:00Z"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# stats VALUES... -> "min | median"
stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.0f | %.0f", v[1], m}'; }
row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3"; }
wall() { local t0; t0=$(now_ms); "$@" >/dev/null 2>&1; echo $(( $(now_ms) - t0 )); }
key() { grep -m1 "^$1=" | cut -d= -f2; }

echo "| what (ms) | min | median | runs |"
echo "| --- | ---: | ---: | ---: |"

cold=(); hit=()
for i in $(seq "$RUNS"); do
  rm -rf "$work/one"
  cold+=("$(wall $probe one "$work/one" 7)")
  hit+=("$(wall $probe one "$work/one" 7)")
done
row "cold compile, one contract: fresh process, empty cache (whole process)" "$(stats "${cold[@]}")" "$RUNS"
row "cache hit, one contract: fresh process, check + load (whole process)" "$(stats "${hit[@]}")" "$RUNS"

first=(); second=()
for i in $(seq "$RUNS"); do
  out=$($probe warm 7 8)
  first+=("$(echo "$out" | key first-compile-ms)"); second+=("$(echo "$out" | key second-compile-ms)")
done
row "compile of the first contract in a process (in-process, Roslyn cold)" "$(stats "${first[@]}")" "$RUNS"
row "warm compile: a second contract in the same process" "$(stats "${second[@]}")" "$RUNS"

export SLA_CACHE_DIR="$work/sla-cache"
$sla_dll $evaluate_args >/dev/null
$sla_r2r $evaluate_args >/dev/null
# BEFORE=/path/to/older/checkout (built with dotnet build src/Cli -c Release) adds its sla.dll for comparison.
if [[ -n "${BEFORE:-}" ]]; then
  before_dll="dotnet $BEFORE/src/Cli/bin/Release/net10.0/sla.dll"
  $before_dll $evaluate_args >/dev/null
  z=(); for i in $(seq "$RUNS"); do z+=("$(wall $before_dll $evaluate_args)"); done
  row "sla evaluate examples, warm cache: dotnet sla.dll of \$BEFORE" "$(stats "${z[@]}")" "$RUNS"
fi
a=(); b=(); c=(); d=()
for i in $(seq "$RUNS"); do
  a+=("$(wall $sla_dll $evaluate_args)")
  b+=("$(wall "$sla_r2r" $evaluate_args)")
  c+=("$(wall dotnet run -c Release --project src/Cli --no-launch-profile -- $evaluate_args)")
  d+=("$(wall $sla_dll --version)")
done
row "sla evaluate examples, warm cache: dotnet sla.dll (build output)" "$(stats "${a[@]}")" "$RUNS"
row "sla evaluate examples, warm cache: published sla (ReadyToRun)" "$(stats "${b[@]}")" "$RUNS"
row "sla evaluate examples, warm cache: dotnet run -c Release --project src/Cli" "$(stats "${c[@]}")" "$RUNS"
row "baseline: dotnet sla.dll --version" "$(stats "${d[@]}")" "$RUNS"
unset SLA_CACHE_DIR

check=(); batch=()
for i in $(seq "$BIG_RUNS"); do
  out=$($probe batch 1000)
  check+=("$(echo "$out" | key check-ms)"); batch+=("$(echo "$out" | key compile-ms)")
done
row "check 1,000 generated contracts (in-process, before compile)" "$(stats "${check[@]}")" "$BIG_RUNS"
row "batch compile of 1,000 contracts, one assembly, cold process (in-process)" "$(stats "${batch[@]}")" "$BIG_RUNS"

if [[ -z "${QUICK:-}" ]]; then
  hitk=(); evalk=(); gen=(); group=()
  $probe evaluate "$work/big" 1000 1000000 >/dev/null # first run compiles; the timed runs hit the cache
  for i in $(seq "$BIG_RUNS"); do
    out=$($probe evaluate "$work/big" 1000 1000000)
    hitk+=("$(echo "$out" | key compile-ms)"); gen+=("$(echo "$out" | key generate-data-ms)"); group+=("$(echo "$out" | key group-by-service-ms)"); evalk+=("$(echo "$out" | key evaluate-ms)")
  done
  row "1,000 contracts from the cache (in-process: hash models, load, instantiate)" "$(stats "${hitk[@]}")" "$BIG_RUNS"
  row "generate 1,000,000 incidents in memory (not part of evaluation)" "$(stats "${gen[@]}")" "$BIG_RUNS"
  row "group the incidents by service, one input per contract" "$(stats "${group[@]}")" "$BIG_RUNS"
  row "evaluate 1,000 contracts over 1,000,000 incidents (one thread)" "$(stats "${evalk[@]}")" "$BIG_RUNS"
fi
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
