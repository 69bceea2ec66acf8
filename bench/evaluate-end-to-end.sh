#!/usr/bin/env bash
# `sla evaluate` of the examples as whole processes, warm caches (evaluators and data snapshot), published ReadyToRun.
# Prints min and median of wall time and of process CPU (user + sys), then one run's SLA_TIMINGS phases and the load.
# Run from anywhere:  bash bench/evaluate-end-to-end.sh          (RUNS=10 by default)
#   BEFORE_SLA=/path/to/published/sla bash bench/evaluate-end-to-end.sh   interleaves runs of an older published binary
# What the rows mean: docs/performance.md, "`sla evaluate` end to end".
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "publishing sla (ReadyToRun)..." >&2
dotnet publish src/Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/sla" -v q -nologo >/dev/null
args=(evaluate examples/contracts --data examples/data --period 2026-11 --as-of 2026-12-01T06:00:00Z)
export SLA_CACHE_DIR="$work/cache"

# measure BINARY -> "wall_ms cpu_ms"
measure() {
  /usr/bin/time -f '%e %U %S' -o "$work/t" "$1" "${args[@]}" >/dev/null 2>&1
  awk '{printf "%.0f %.0f\n", $1 * 1000, ($2 + $3) * 1000}' "$work/t"
}
stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.0f | %.0f", v[1], m}'; }

binaries=("$work/sla/sla")
names=("this tree")
if [[ -n "${BEFORE_SLA:-}" ]]; then binaries+=("$BEFORE_SLA"); names+=("\$BEFORE_SLA"); fi
for b in "${binaries[@]}"; do "$b" "${args[@]}" >/dev/null; "$b" "${args[@]}" >/dev/null; done # fill both caches

declare -A wall cpu
load_start=$(cut -d' ' -f1 /proc/loadavg)
for i in $(seq "$RUNS"); do
  for k in "${!binaries[@]}"; do
    read -r w c < <(measure "${binaries[$k]}")
    wall[$k]="${wall[$k]:-} $w"; cpu[$k]="${cpu[$k]:-} $c"
  done
done
load_end=$(cut -d' ' -f1 /proc/loadavg)

echo "| sla evaluate examples, warm caches (ms) | wall min | wall median | CPU min | CPU median | runs |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for k in "${!binaries[@]}"; do
  # shellcheck disable=SC2086
  printf '| %s | %s | %s | %s |\n' "${names[$k]}" "$(stats ${wall[$k]})" "$(stats ${cpu[$k]})" "$RUNS"
done
echo
echo "phases of one run of this tree (SLA_TIMINGS=1):"
SLA_TIMINGS=1 "$work/sla/sla" "${args[@]}" 2>&1 >/dev/null | sed 's/^/    /'
echo
echo "load average (1 min) $load_start at the start, $load_end at the end; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
