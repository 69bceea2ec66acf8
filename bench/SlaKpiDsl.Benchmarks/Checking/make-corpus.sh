#!/usr/bin/env bash
# Writes N example-sized contracts into a folder for timing `sla check` as a CLI run (process start included):
# the example contracts and the clean golden cases, copied round-robin under distinct names.
# Usage: bench/SlaKpiDsl.Benchmarks/Checking/make-corpus.sh /tmp/gen 1000
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=${1:?folder}; count=${2:-1000}
mkdir -p "$out"
mapfile -t sources < <(ls examples/contracts/*.sla tests/cases/good/*.sla | sort)
for ((i = 0; i < count; i++)); do
  cp "${sources[i % ${#sources[@]}]}" "$out/contract-$(printf %04d "$i").sla"
done
echo "$count contracts in $out"
