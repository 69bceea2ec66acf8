#!/usr/bin/env bash
# `sla import` of 1,000,000 PagerDuty-shaped incidents (Analytics raw incidents CSV, every documented column) against
# `sla evaluate` loading the same 1,000,000 rows from the project's own incidents.csv (the file the import wrote).
# Issue 14's bar: the import takes at most 2x the load. Prints min and median wall and CPU of whole processes, the
# load phase of evaluate (SLA_TIMINGS=1), the machine's load average and CPU model.
# Run from anywhere:  bash bench/import-vs-load.sh        (RUNS=3 by default; ROWS=1000000)
# What the rows mean: docs/performance.md, "`sla import`".
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
ROWS=${ROWS:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building sla (Release)..." >&2
dotnet build src/Cli -c Release -v q -nologo >/dev/null
sla=src/Cli/bin/Release/net10.0/sla
export SLA_CACHE_DIR="$work/cache"

echo "generating $ROWS PagerDuty Analytics rows..." >&2
python3 - "$ROWS" "$work" <<'PY'
import random, sys, datetime
rows, work = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20261101)
services = ["Checkout API", "Payments Gateway", "Search", "Public Website", "Mobile Backend", "Notifications", "Identity"]
teams = ["Payments", "Platform", "Growth", "Identity"]
prios = ["SEV-1", "SEV-2", "SEV-3", "SEV-4", ""]
header = ("id,incident_number,description,created_at,resolved_at,service_id,service_name,team_id,team_name,escalation_policy_id,"
          "escalation_policy_name,urgency,priority_id,priority_name,priority_order,major,seconds_to_first_ack,seconds_to_engage,"
          "seconds_to_mobilize,seconds_to_resolve,engaged_seconds,engaged_user_count,escalation_count,assignment_count,auto_resolved,"
          "business_hour_interruptions,off_hour_interruptions,sleep_hour_interruptions,snoozed_seconds,user_defined_effort_seconds,"
          "resolved_by_user_id,resolved_by_user_name")
start = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
with open(f"{work}/pagerduty.csv", "w") as f:
    f.write(header + "\n")
    for i in range(rows):
        created = start + datetime.timedelta(seconds=rnd.randrange(30 * 86400))
        duration = rnd.randrange(60, 4 * 3600)
        ack = rnd.randrange(0, min(duration, 1800))
        s = rnd.randrange(len(services)); t = rnd.randrange(len(teams)); p = rnd.choice(prios)
        urgency = "high" if p in ("SEV-1", "SEV-2") or rnd.random() < 0.3 else "low"
        resolved = created + datetime.timedelta(seconds=duration)
        f.write(f"Q{i:013d},{100000 + i},\"Alert {i}, synthetic\",{created.strftime('%Y-%m-%dT%H:%M:%SZ')},{resolved.strftime('%Y-%m-%dT%H:%M:%SZ')},"
                f"PSVC{s:03d},{services[s]},PTEAM{t:02d},{teams[t]},PEP{s:04d},{services[s]} On-Call,{urgency},"
                f"{'PPRI' + p[-1] if p else ''},{p},{p[-1] if p else ''},{'true' if p == 'SEV-1' else 'false'},{ack},{ack + 60},{ack + 30},{duration},"
                f"{duration // 2},{rnd.randrange(1, 4)},{rnd.randrange(0, 3)},1,false,1,0,0,0,,PUSER{t:02d},Responder {t}\n")
with open(f"{work}/pagerduty.toml", "w") as f:
    f.write("[services]\n" + "".join(f'"{s}" = "{s.lower().replace(" ", "-")}"\n' for s in services))
    f.write('[priorities]\n"SEV-1" = 1\n"SEV-2" = 2\n"SEV-3" = 3\n"SEV-4" = 4\n')
    f.write("[teams]\n" + "".join(f'"{t}" = "team-{t.lower()}"\n' for t in teams))
with open(f"{work}/contract.sla", "w") as f:
    f.write('contract "Bench" {\n  time zone "UTC"\n  fee 1000.00 USD per month\n  service checkout-api "Checkout API"\n'
            '  sla availability "A" {\n    guarantee availability of checkout-api at least 99.9% per calendar month\n'
            '    downtime is incidents on checkout-api with impact outage\n    credit 10% of fee when availability below 99.9%\n  }\n}\n')
PY
mkdir -p "$work/data0"
ls -l "$work/pagerduty.csv" | awk '{printf "input: %.0f MB\n", $5 / 1e6}' >&2

measure() { # command... -> "wall_ms cpu_ms"
  /usr/bin/time -f '%e %U %S' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  awk '{printf "%.0f %.0f\n", $1 * 1000, ($2 + $3) * 1000}' "$work/t"
}
stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.0f | %.0f", v[1], m}'; }

# The evaluator is compiled once (cached); every measured evaluate then loads the data afresh: the data snapshot
# cache (*.sladata beside the evaluator cache) is emptied before each run, so the run reads and validates the CSV.
"$sla" evaluate "$work/contract.sla" --data "$work/data0" --period 2026-11 --as-of 2026-12-01T00:00:00Z >/dev/null 2>&1 || true
drop_snapshots() { find "$work/cache" -name '*.sladata' -delete 2>/dev/null || true; }

load_start=$(cut -d' ' -f1 /proc/loadavg)
iw=(); ic=(); ew=(); ec=()
for i in $(seq "$RUNS"); do
  read -r w c < <(measure "$sla" import pagerduty "$work/pagerduty.csv" --map "$work/pagerduty.toml" -o "$work/data" --overwrite)
  iw+=("$w"); ic+=("$c")
  drop_snapshots
  read -r w c < <(measure "$sla" evaluate "$work/contract.sla" --data "$work/data" --period 2026-11 --as-of 2026-12-01T00:00:00Z)
  ew+=("$w"); ec+=("$c")
done
load_end=$(cut -d' ' -f1 /proc/loadavg)
echo "| $ROWS incidents (ms) | wall min | wall median | CPU min | CPU median | runs |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
printf '| sla import pagerduty (Analytics CSV -> incidents.csv) | %s | %s | %s |\n' "$(stats "${iw[@]}")" "$(stats "${ic[@]}")" "$RUNS"
printf '| sla evaluate, whole process, evaluator cached, data loaded afresh from the incidents.csv the import wrote | %s | %s | %s |\n' "$(stats "${ew[@]}")" "$(stats "${ec[@]}")" "$RUNS"
echo
echo "phases of one evaluate run (SLA_TIMINGS=1, evaluator cached, data snapshot cache cold):"
drop_snapshots
SLA_TIMINGS=1 "$sla" evaluate "$work/contract.sla" --data "$work/data" --period 2026-11 --as-of 2026-12-01T00:00:00Z 2>&1 >/dev/null | sed 's/^/    /'
echo
echo "load average (1 min) $load_start at the start, $load_end at the end; $(nproc) cores; $(lscpu | sed -n 's/^Model name: *//p'); $(date -u +%Y-%m-%dT%H:%MZ)"
