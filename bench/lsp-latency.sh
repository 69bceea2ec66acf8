#!/usr/bin/env bash
# Latency of `sla lsp` through the protocol, as an editor sees it: diagnostics after a change (target 50 ms) and
# completion (target 20 ms) on an example contract, plus hover, definition, outline, semantic tokens and formatting.
# Prints a markdown table (min, median, p95, max, the server's CPU per operation); exit 3 when a p95 misses its target.
# Run from anywhere:  bash bench/lsp-latency.sh        (ROUNDS=300 WARMUP=50 by default; FILE=examples/contracts/x.sla)
# SERVER="path/to/published/sla" measures another build of the server (default: the Release build of src/Cli).
# What is measured and how: bench/LspLatency/Program.cs (header comment) and docs/performance.md ("sla lsp").
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-300}
WARMUP=${WARMUP:-50}
FILE=${FILE:-examples/contracts/storage-and-compute.sla}
SERVER=${SERVER:-dotnet src/Cli/bin/Release/net10.0/sla.dll}

echo "building (Release) src/Cli and bench/LspLatency..." >&2
dotnet build src/Cli -c Release -v q -nologo >/dev/null
dotnet build bench/LspLatency -c Release -v q -nologo >/dev/null
dotnet bench/LspLatency/bin/Release/net10.0/SlaKpiDsl.LspLatency.dll --server "$SERVER" --file "$FILE" --rounds "$ROUNDS" --warmup "$WARMUP"
