using System.Globalization;
using System.Text;

namespace SlaKpiDsl.Benchmarks.Checking;

/// <summary>
/// Generates example-sized, valid contracts (a contract with 1-3 SLAs of different kinds, supporting KPIs, exclusions,
/// credit schedules and a scenario test), deterministic per seed. Used by the checking benchmark, the formatter
/// round-trip test and the parser/binder robustness properties.
/// </summary>
public static class ContractCorpus
{
    private static readonly string[] Zones = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney"];
    private static readonly string[] Currencies = ["USD", "EUR", "GBP", "JPY", "CHF"];

    public static string Contract(int seed)
    {
        var random = new Random(seed);
        var name = $"Generated {seed}";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# generated contract {seed}\ncontract \"{name}\" {{\n");
        text.Append(CultureInfo.InvariantCulture, $"  provider \"Provider {seed % 17}\"\n  customer \"Customer {seed}\"\n");
        var year = 2025 + random.Next(3);
        text.Append(CultureInfo.InvariantCulture, $"  effective {year}-01-01 until {year + 1}-01-01\n");
        text.Append(CultureInfo.InvariantCulture, $"  time zone \"{Zones[random.Next(Zones.Length)]}\"\n");
        text.Append(CultureInfo.InvariantCulture, $"  fee {1000 + random.Next(20000)}.00 {Currencies[random.Next(Currencies.Length)]} per month\n");
        // How to claim: without it the SLAs' claim deadlines draw SLA1045 (the corpus checks clean).
        text.Append(CultureInfo.InvariantCulture, $"  claims contact \"credits@provider{seed % 17}.example\"\n\n");
        var services = random.Next(1, 4);
        for (var s = 0; s < services; s++) text.Append(CultureInfo.InvariantCulture, $"  service svc{s} \"Service {s}\"\n");
        text.Append("  holidays days-off \"Days off\" {\n    holiday ").Append(year).Append("-12-25 \"Christmas\"\n  }\n");

        var slas = random.Next(1, 4);
        var names = new List<string>();
        for (var i = 0; i < slas; i++)
        {
            var service = $"svc{random.Next(services)}";
            var kind = (i + seed) % 3;
            var sla = $"sla{i}";
            names.Add(sla);
            text.Append('\n');
            switch (kind)
            {
                case 0:
                    text.Append(CultureInfo.InvariantCulture, $$"""
                      sla {{sla}} "Availability {{i}}" {
                        clause "{{i + 3}}.1"
                        guarantee availability of {{service}} at least 99.9% per calendar month
                        downtime is incidents on {{service}} with impact outage
                        downtime counts 50% for incidents on {{service}} with impact degraded
                        ignore downtime periods shorter than 1 minute
                        exclude maintenance announced at least 72 hours ahead, at most 4 hours per month
                        exclude incidents caused by customer, force-majeure
                        excluded time counts as available
                        credit 10% of fee when availability below 99.9%
                        credit 25% of fee when availability below 99.0%
                        credit 100% of fee when availability below 95.0%
                        credits capped at 100% of fee per month
                        claim within 30 days after the month ends
                        warn when 75% of downtime budget is used
                      }

                      kpi {{sla}}-buffer "Buffer {{i}}" {
                        target availability of {{service}} at least 99.95% per calendar month
                        supports {{sla}}
                      }

                    """);
                    break;
                case 1:
                    text.Append(CultureInfo.InvariantCulture, $$"""
                      sla {{sla}} "Requests {{i}}" {
                        guarantee success rate of {{service}} requests at least 99.5% per calendar month
                        guarantee p95 latency of {{service}} requests at most 500 ms in at least 99% of 5-minute slices per calendar month
                        credit 10% of fee when any guarantee is breached
                        credits capped at 10% of fee per month
                      }

                      kpi {{sla}}-success "Success {{i}}" {
                        target success rate of {{service}} requests at least 99.9% per calendar month
                        supports {{sla}}
                      }

                    """);
                    break;
                default:
                    text.Append(CultureInfo.InvariantCulture, $$"""
                      sla {{sla}} "Response {{i}}" {
                        guarantee response to severity 1 incidents on {{service}} within 15 minutes, every incident, per calendar month
                        response clock runs during business hours Mon-Fri 08:00-18:00 except holidays days-off
                        credit 5% of fee per breached incident
                        credits capped at 20% of fee per month
                      }

                      kpi {{sla}}-mtta "Acknowledge {{i}}" {
                        target mean time to acknowledge severity 1 incidents on {{service}} at most 5 minutes per calendar month
                        supports {{sla}}
                      }

                    """);
                    break;
            }
        }
        text.Append("}\n\n");
        text.Append(CultureInfo.InvariantCulture, $$"""
            test "quiet month {{seed}}" for "{{name}}" {
              period {{year}}-11
              incident svc0 outage from {{year}}-11-10T09:00Z to {{year}}-11-10T09:30Z severity 2
              expect verdict of {{names[0]}} = met
            }

            """);
        return text.ToString();
    }

    /// <summary>Writes <paramref name="count"/> contracts named gen-0000.sla... into a folder (created if needed).</summary>
    public static void WriteTo(string directory, int count, int firstSeed = 1)
    {
        Directory.CreateDirectory(directory);
        for (var i = 0; i < count; i++)
            File.WriteAllText(Path.Combine(directory, $"gen-{i:0000}.sla"), Contract(firstSeed + i));
    }
}
