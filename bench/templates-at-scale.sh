#!/usr/bin/env bash
# Issue 17 item 7: a template with a CUSTOMERS-row customers table beside the same fleet as CUSTOMERS separate .sla
# files (each the template written out by hand for that row), checked, then evaluated for November 2026 over
# examples/data from a cold evaluator cache, then again warm. Prints wall and CPU time (user + sys) and peak memory.
#   bench/templates-at-scale.sh [DIR]        (default /tmp/templates-at-scale; generated files are never committed)
#   CUSTOMERS=1000 bench/templates-at-scale.sh DIR   a smaller fleet when the machine is busy
# SLA="dotnet /path/to/sla.dll" runs another build. Both fleets say the same thing: the script compares their
# evaluation tables (contract lines and results; only file paths may differ) and fails when they differ.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${1:-/tmp/templates-at-scale}"
CUSTOMERS="${CUSTOMERS:-10000}"
if [ -z "${SLA:-}" ]; then
  dotnet build src/Cli -c Release -v q -nologo >/dev/null
  SLA="dotnet src/Cli/bin/Release/net10.0/sla.dll"
fi
rm -rf "$DIR"; mkdir -p "$DIR/table" "$DIR/files"
cp examples/templates/master.sla "$DIR/table/master.sla"

# Row i: fee, zone, target and services vary; start/end fixed; response and window left at their defaults.
awk -v n="$CUSTOMERS" -v table="$DIR/table/customers.orders.csv" -v files="$DIR/files" '
  BEGIN { while ((getline line < "examples/templates/master.sla") > 0) tpl[++lines] = line }
  function value(i, name) {
    if (name == "fee") return sprintf("%d.00 USD", 100 + (i % 50) * 37)
    if (name == "start") return "2026-01-01"
    if (name == "end") return "2027-01-01"
    if (name == "zone") return (i % 3 == 0) ? "Europe/Berlin" : ((i % 3 == 1) ? "America/New_York" : "UTC")
    if (name == "target") return (i % 4 == 0) ? "99.95%" : ((i % 4 == 1) ? "99.9%" : "99.5%")
    if (name == "covered") return (i % 2 == 0) ? "api and checkout" : "api"
    if (name == "response") return "15 minutes"
    if (name == "money-rounding") return "half-away-from-zero"
    if (name == "window") return "month"
  }
  BEGIN {
    print "contract,template,customer,fee,start,end,zone,target,covered" > table
    for (i = 1; i <= n; i++) {
      name = sprintf("Customer %05d - API", i)
      printf "%s,master,Customer %05d Ltd,%s,%s,%s,%s,%s,%s\n", name, i, value(i, "fee"), value(i, "start"), value(i, "end"),
        value(i, "zone"), value(i, "target"), value(i, "covered") > table
      file = sprintf("%s/customer-%05d.sla", files, i)
      printf "contract \"%s\" {\n  customer \"Customer %05d Ltd\"\n", name, i > file
      inside = 0
      for (l = 1; l <= lines; l++) {
        line = tpl[l]
        if (line ~ /^template /) { inside = 1; continue }
        if (!inside || line ~ /^  parameter / || line ~ /^ *allow /) continue
        while (match(line, /\$[a-z][a-z-]*/)) {
          v = value(i, substr(line, RSTART + 1, RLENGTH - 1))
          if (substr(line, RSTART + 1, RLENGTH - 1) == "zone") v = "\"" v "\""
          line = substr(line, 1, RSTART - 1) v substr(line, RSTART + RLENGTH)
        }
        print line > file
      }
      close(file)
    }
  }'

args=(--data examples/data --period 2026-11 --as-of 2026-12-01T06:00:00Z)
run() { # label, then the command's arguments
  local label=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$DIR/t" $SLA "$@" > "$DIR/$label.out" 2> "$DIR/$label.err" || { tail -5 "$DIR/$label.err"; exit 1; }
  awk -v l="$label" '{printf "| %s | %.1f | %.1f | %.0f |\n", l, $1, $2 + $3, $4 / 1024}' "$DIR/t"
}
echo "$CUSTOMERS customers; load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "| run | wall s | CPU s | peak MB |"
echo "| --- | ---: | ---: | ---: |"
for fleet in table files; do
  run "check-$fleet" check "$DIR/$fleet"
  export SLA_CACHE_DIR="$DIR/cache-$fleet"
  rm -rf "$SLA_CACHE_DIR"
  run "evaluate-$fleet-cold" evaluate "$DIR/$fleet" "${args[@]}"
  run "evaluate-$fleet-warm" evaluate "$DIR/$fleet" "${args[@]}"
done
# The two fleets' results must agree: the tables without the lines that name files.
if diff <(grep -v "$DIR" "$DIR/evaluate-table-warm.out") <(grep -v "$DIR" "$DIR/evaluate-files-warm.out") > "$DIR/diff.txt"; then
  echo "the table's and the files' evaluations agree ($(grep -c '^contract ' "$DIR/evaluate-table-warm.out") contracts)"
else
  echo "the table's and the files' evaluations DIFFER: $DIR/diff.txt"; head -20 "$DIR/diff.txt"; exit 1
fi
