#!/usr/bin/env bash
# Process-level Roslyn/cache costs that BenchmarkDotNet cannot show (it warms the process up):
#   cold: a fresh process compiles one contract (Roslyn loaded and JIT-compiled from scratch), cache emptied each run;
#   hit:  a fresh process finds the entry on disk, verifies it, loads it and instantiates the evaluator (no Roslyn).
# Needs hyperfine (apt-get install hyperfine). Run from the repository root:
#   bash bench/SlaKpiDsl.Benchmarks/Emit/measure-process.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
dotnet build tests/CacheProbe -c Release -v q -nologo >/dev/null
probe=tests/CacheProbe/bin/Release/net10.0/SlaKpiDsl.CacheProbe.dll
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
hyperfine --warmup 2 --runs 10 --export-markdown /dev/stdout \
  --prepare "rm -rf '$cache/cold'" \
  -n "cold compile (fresh process, empty cache)" "dotnet exec $probe '$cache/cold' 'Acme Corp'"
dotnet exec "$probe" "$cache/hit" 'Acme Corp' >/dev/null
hyperfine --warmup 2 --runs 20 --export-markdown /dev/stdout \
  -n "cache hit (fresh process)" "dotnet exec $probe '$cache/hit' 'Acme Corp'" \
  -n "baseline: dotnet exec of the probe's usage error" "dotnet exec $probe || true"
