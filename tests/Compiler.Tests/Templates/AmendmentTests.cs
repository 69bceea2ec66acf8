using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Formatting;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Tests.Templates;

/// <summary>
/// Amendments of order forms and of contracts written in full (docs/semantics.md 6b): parsed and formatted back unchanged, each version compiled with the
/// range it judges, and a window straddling the effective date judged by the amendment's rule: by hand-computed cases
/// and by a minute-by-minute oracle on generated incidents, amendment dates and rules, for windows entirely before,
/// straddling and entirely after the change.
/// </summary>
public class AmendmentTests
{
    /// <summary>A master schedule in UTC: monthly availability of api against $target, 10% below it, 25% below 99.0%, capped at 25%.</summary>
    private const string Template = """
        template schedule "Master schedule" {
          parameter fee money
          parameter target percent default 99.9%, at least 99.0%, at most 99.99%

          provider "Example Cloud Inc."
          effective 2026-01-01 until 2027-01-01
          time zone "UTC"
          fee $fee per month
          service api "Public API"

          sla availability "Availability" {
            guarantee availability of api at least $target per calendar month
            downtime is incidents on api with impact outage
            credit 10% of fee when availability below $target
            credit 25% of fee when availability below 99.0%
            credits capped at 25% of fee per month
          }

          kpi buffer "Buffer" {
            target availability of api at least 99.995% per calendar month
            supports availability
          }
        }

        contract "Customer" from template schedule {
          customer "Customer Ltd"
          set fee = 3000.00 USD
        }

        """;

    private static string Amendment(LocalDate effective, bool split, decimal fee, decimal target) =>
        $"amendment of \"Customer\" effective {effective:yyyy-MM-dd}, {(split ? "straddling windows split by days" : "new terms from the next window")} {{\n" +
        $"  set fee = {fee.ToString("0.00", CultureInfo.InvariantCulture)} USD\n" +
        $"  set target = {target.ToString(CultureInfo.InvariantCulture)}%\n}}\n";

    private static (AmendedContract Contract, CompiledContracts Compiled) Compile(string text)
    {
        var check = ContractChecker.Check(new SourceText("amended.sla", text));
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        var compiled = ContractCompilation.Compile(check.Model!.Contracts);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        return (new AmendedContract(compiled.Contracts), compiled);
    }

    private static Incident Outage(int n, Instant from, Instant to) => new($"INC-{n}", "api", 1, Impact.Outage, from, to, "provider", null, null, null, null, [], null);

    private static ImmutableArray<CommitmentOutcome> Availability(AmendedContract contract, int month, ImmutableArray<Incident> incidents) =>
        [.. contract.Evaluate(new EvaluationInput(new EvaluationPeriod(2026, month), Instant.FromUtc(2027, 6, 1, 0, 0), incidents, [], [], [], [])).Slas
            .Where(o => o.Commitment == "availability")];

    [Fact]
    public void An_amendment_formats_to_itself_and_parses_to_its_parts()
    {
        var text = Amendment(new LocalDate(2026, 3, 11), split: true, 6000m, 99.99m);
        var parse = ContractParser.Parse(new SourceText("a.sla", text));
        Assert.Empty(parse.Diagnostics);
        var amendment = Assert.IsType<AmendmentSyntax>(Assert.Single(parse.Root.Members));
        Assert.Equal("Customer", amendment.Contract.Value);
        Assert.Equal(new DateOnly(2026, 3, 11), amendment.Effective.Value);
        Assert.True(amendment.SplitByDays);
        Assert.Equal(["fee", "target"], amendment.Settings.Select(s => s.Name.Name));
        Assert.Equal(text, ContractFormatter.Format(parse).Text);
        var other = Amendment(new LocalDate(2026, 3, 11), split: false, 6000m, 99.99m);
        Assert.Equal(other, ContractFormatter.Format(new SourceText("b.sla", other)).Text);
    }

    [Fact]
    public void An_amendment_without_its_rule_is_a_located_syntax_error()
    {
        var parse = ContractParser.Parse(new SourceText("a.sla", "amendment of \"Customer\" effective 2026-03-11 {\n  set fee = 1.00 USD\n}\n"));
        var error = Assert.Single(parse.Diagnostics);
        Assert.Equal("SLA0003", error.Code);
        Assert.Equal((1, 45), (error.Source.GetPosition(error.Span.Start).Line, error.Source.GetPosition(error.Span.Start).Column));
    }

    /// <summary>
    /// March 2026 (31 days, UTC) with a 120-minute outage on 5 March and a 30-minute one on 20 March; the form (3,000.00
    /// USD, 99.9%) amended from 11 March (6,000.00 USD, 99.99%).
    /// </summary>
    [Fact]
    public void Split_by_days_each_version_judges_its_own_days_on_its_share_of_the_fee()
    {
        var (contract, compiled) = Compile(Template + Amendment(new LocalDate(2026, 3, 11), split: true, 6000m, 99.99m));
        using var _ = compiled;
        ImmutableArray<Incident> incidents = [Outage(1, Instant.FromUtc(2026, 3, 5, 10, 0), Instant.FromUtc(2026, 3, 5, 12, 0)),
            Outage(2, Instant.FromUtc(2026, 3, 20, 0, 0), Instant.FromUtc(2026, 3, 20, 0, 30))];
        var march = Availability(contract, 3, incidents);
        Assert.Equal(2, march.Length);
        // 1-10 March: 14,400 min, 120 down: 99.1667% < 99.9% -> 10% of 3,000.00 x 10/31 = 96.774... -> 96.77.
        Assert.Equal(0, march[0].Part!.Number);
        Assert.Equal(14_400m * 60, march[0].Result!.MeasuredSeconds);
        Assert.Equal(96.77m, march[0].Result!.Credit!.Amount);
        // 11-31 March: 30,240 min, 30 down: 99.9008% < 99.99% -> 10% of 6,000.00 x 21/31 = 406.4516... -> 406.45.
        Assert.Equal(1, march[1].Part!.Number);
        Assert.Equal(30_240m * 60, march[1].Result!.MeasuredSeconds);
        Assert.Equal(406.45m, march[1].Result!.Credit!.Amount);
        // February, entirely before: the form alone, whole fee. April, entirely after: the amendment alone, whole fee.
        var february = Assert.Single(Availability(contract, 2, [Outage(3, Instant.FromUtc(2026, 2, 2, 0, 0), Instant.FromUtc(2026, 2, 2, 1, 0))]));
        Assert.Null(february.Part);
        Assert.Equal(300.00m, february.Result!.Credit!.Amount);
        var april = Assert.Single(Availability(contract, 4, [Outage(4, Instant.FromUtc(2026, 4, 2, 0, 0), Instant.FromUtc(2026, 4, 2, 0, 10))]));
        Assert.Null(april.Part);
        Assert.Equal(600.00m, april.Result!.Credit!.Amount); // 10 of 43,200 min: 99.977% < 99.99%
    }

    [Fact]
    public void From_the_next_window_the_straddling_window_is_judged_whole_by_the_earlier_terms()
    {
        var (contract, compiled) = Compile(Template + Amendment(new LocalDate(2026, 3, 11), split: false, 6000m, 99.99m));
        using var _ = compiled;
        ImmutableArray<Incident> incidents = [Outage(1, Instant.FromUtc(2026, 3, 5, 10, 0), Instant.FromUtc(2026, 3, 5, 12, 0)),
            Outage(2, Instant.FromUtc(2026, 3, 20, 0, 0), Instant.FromUtc(2026, 3, 20, 0, 30))];
        // March: 150 of 44,640 min = 99.664% < 99.9% -> 10% of 3,000.00 = 300.00, by the form's terms.
        var march = Assert.Single(Availability(contract, 3, incidents));
        Assert.Null(march.Part);
        Assert.Equal(44_640m * 60, march.Result!.MeasuredSeconds);
        Assert.Equal(300.00m, march.Result!.Credit!.Amount);
        // April: the amended terms (10 min down of 43,200: 99.977% < 99.99%) -> 10% of 6,000.00.
        var april = Assert.Single(Availability(contract, 4, [Outage(4, Instant.FromUtc(2026, 4, 2, 0, 0), Instant.FromUtc(2026, 4, 2, 0, 10))]));
        Assert.Equal(600.00m, april.Result!.Credit!.Amount);
        // An amendment on the first of a month: both rules agree, the month is the amendment's.
        var (onFirst, compiledOnFirst) = Compile(Template + Amendment(new LocalDate(2026, 4, 1), split: false, 6000m, 99.99m));
        using var __ = compiledOnFirst;
        Assert.Equal(600.00m, Assert.Single(Availability(onFirst, 4, [Outage(4, Instant.FromUtc(2026, 4, 2, 0, 0), Instant.FromUtc(2026, 4, 2, 0, 10))])).Result!.Credit!.Amount);
    }

    /// <summary>
    /// The oracle: minute by minute over each month of 2026, the versions in force by the rule, each part's downtime,
    /// availability, tier, cap and prorated fee, rounded half away from zero to cents; compared with the compiled versions
    /// combined by <see cref="AmendedContract"/>, for generated incidents, effective dates, rules, fees and targets.
    /// </summary>
    [Fact]
    public void Both_rules_agree_with_a_minute_by_minute_oracle_on_generated_data() =>
        AgreeWithOracle(20261115, (effective, split, fee, target) => Template + Amendment(effective, split, fee, target), setsFee: true);

    /// <summary>
    /// A contract written in full, amended by overriding its SLA's guarantee and credit clauses (its fee is not a
    /// parameter, so it stays): under each straddling rule, the same oracle as an order form's amendment.
    /// </summary>
    [Fact]
    public void A_full_contract_amended_under_both_rules_agrees_with_the_oracle()
    {
        AgreeWithOracle(20261207, (effective, split, _, target) => FullContract + FullAmendment(effective, split, target), setsFee: false);
    }

    /// <summary>The order form of <see cref="Template"/> written in full.</summary>
    private const string FullContract = """
        contract "Customer" {
          customer "Customer Ltd"
          provider "Example Cloud Inc."
          effective 2026-01-01 until 2027-01-01
          time zone "UTC"
          fee 3000.00 USD per month
          service api "Public API"

          sla availability "Availability" {
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            credit 10% of fee when availability below 99.9%
            credit 25% of fee when availability below 99.0%
            credits capped at 25% of fee per month
          }

          kpi buffer "Buffer" {
            target availability of api at least 99.995% per calendar month
            supports availability
          }
        }

        """;

    private static string FullAmendment(LocalDate effective, bool split, decimal target) =>
        $"amendment of \"Customer\" effective {effective:yyyy-MM-dd}, {(split ? "straddling windows split by days" : "new terms from the next window")} {{\n" +
        $"  override sla availability {{\n" +
        $"    guarantee availability of api at least {target.ToString(CultureInfo.InvariantCulture)}% per calendar month\n" +
        $"    credit 10% of fee when availability below {target.ToString(CultureInfo.InvariantCulture)}%\n" +
        $"    credit 25% of fee when availability below 99.0%\n  }}\n}}\n";

    [Fact]
    public void A_full_contracts_amendment_that_sets_a_value_or_names_a_missing_block_is_a_located_error()
    {
        var amendment = "amendment of \"Customer\" effective 2026-06-01, new terms from the next window {\n  set fee = 10.00 USD\n  add to sla latency {\n    credits capped at 10% of fee per month\n  }\n}\n";
        var text = FullContract + amendment;
        var check = ContractChecker.Check(new SourceText("full.sla", text));
        var errors = check.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Equal(["SLA0266", "SLA0271"], errors.Select(e => e.Code).Order());
        var set = errors.Single(e => e.Code == "SLA0266");
        Assert.Equal("fee", text.Substring(set.Span.Start, set.Span.Length));
        Assert.Contains("written in full", set.Message, StringComparison.Ordinal);
        var block = errors.Single(e => e.Code == "SLA0271");
        Assert.Equal("latency", text.Substring(block.Span.Start, block.Span.Length));
        Assert.Contains("availability", block.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(check.Model!.Contracts, c => c.Name.StartsWith("Customer", StringComparison.Ordinal));
    }

    [Fact]
    public void An_amended_version_reports_its_own_lint_findings_in_the_amendment_once()
    {
        // The base has no credit cap (SLA1005 once, at the base); the amendment adds an sla without a cap or a supporting kpi.
        var full = FullContract.Replace("    credits capped at 25% of fee per month\n", "", StringComparison.Ordinal);
        var amendment = "amendment of \"Customer\" effective 2026-06-01, straddling windows split by days {\n" +
                        "  sla backup \"Backup\" {\n    guarantee availability of api at least 99.0% per calendar month\n" +
                        "    downtime is incidents on api with impact outage\n    credit 5% of fee when availability below 99.0%\n  }\n}\n";
        var text = full + amendment;
        var check = ContractChecker.Check(new SourceText("full.sla", text));
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        var amendmentStart = text.IndexOf("amendment of", StringComparison.Ordinal);
        var inAmendment = check.Diagnostics.Where(d => d.Span.Start >= amendmentStart).ToList();
        var inBase = check.Diagnostics.Where(d => d.Span.Start < amendmentStart).ToList();
        Assert.Single(inBase, d => d.Code == "SLA1005");
        Assert.Contains(inAmendment, d => d.Code == "SLA1005");
        Assert.Contains(inAmendment, d => d.Code == "SLA1001");
        Assert.Equal(check.Diagnostics.Length, check.Diagnostics.Select(d => (d.Code, d.Span, d.Message)).Distinct().Count());
        Assert.Equal(["Customer", "Customer (amendment 1)"], check.Model!.Contracts.Select(c => c.Name));
    }

    private static void AgreeWithOracle(int seed, Func<LocalDate, bool, decimal, decimal, string> source, bool setsFee)
    {
        var random = new Random(seed);
        for (var round = 0; round < 6; round++)
        {
            var effective = new LocalDate(2026, 1, 1).PlusDays(random.Next(1, 364));
            var split = round % 2 == 0; // each rule in every other round (a random draw gave the order form's seed one rule only)
            var fee = random.Next(1, 100) * 100m;
            decimal[] targets = [99.5m, 99.9m, 99.95m, 99.99m];
            var target = targets[random.Next(targets.Length)];
            var (contract, compiled) = Compile(source(effective, split, fee, target));
            if (!setsFee) fee = 3000m;
            using var _ = compiled;
            var start = Instant.FromUtc(2026, 1, 1, 0, 0);
            var incidents = Enumerable.Range(0, 40).Select(i =>
            {
                var from = start + Duration.FromMinutes(random.Next(0, 365 * 1440));
                return Outage(i, from, from + Duration.FromMinutes(random.Next(1, 600)));
            }).ToImmutableArray();
            var down = new bool[365 * 1440];
            foreach (var incident in incidents)
                for (var m = (int)(incident.Started - start).TotalMinutes; m < (int)(incident.Resolved!.Value - start).TotalMinutes && m < down.Length; m++) down[m] = true;
            for (var month = 1; month <= 12; month++)
            {
                var expected = Oracle(month, down, effective, split, (3000m, 99.9m), (fee, target));
                var actual = Availability(contract, month, incidents);
                var context = $"round {round}: effective {effective}, {(split ? "split" : "next window")}, fee {fee}, target {target}, month {month}";
                Assert.True(expected.Count == actual.Length, context);
                for (var i = 0; i < expected.Count; i++)
                {
                    // One part: no mark (the fee and target in the credit tell the version); several: each marked with its version.
                    Assert.True(expected.Count == 1 ? actual[i].Part is null : actual[i].Part?.Number == expected[i].Version, context);
                    Assert.True(expected[i].MeasuredMinutes * 60 == actual[i].Result!.MeasuredSeconds, context);
                    Assert.True(expected[i].DownMinutes * 60 == actual[i].Result!.DowntimeSeconds, $"{context}: downtime {expected[i].DownMinutes} min, evaluated {actual[i].Result!.DowntimeSeconds} s");
                    Assert.True(expected[i].Credit == (actual[i].Result!.Credit?.Amount ?? 0m), $"{context}: credit {expected[i].Credit}, evaluated {actual[i].Result!.Credit?.Amount}");
                }
            }
        }
    }

    private sealed record OraclePart(int Version, long MeasuredMinutes, long DownMinutes, decimal Credit);

    private static List<OraclePart> Oracle(int month, bool[] downMinutes, LocalDate effective, bool split, (decimal Fee, decimal Target) form, (decimal Fee, decimal Target) amended)
    {
        var first = new LocalDate(2026, month, 1);
        var end = first.PlusMonths(1);
        var days = Period.Between(first, end, PeriodUnits.Days).Days;
        // The days each version judges: split at the effective date, or the whole window to whoever was in force at its start.
        List<(int Version, LocalDate From, LocalDate Until)> parts = split
            ? [(0, first, effective < end ? (effective > first ? effective : first) : end), (1, effective > first ? (effective < end ? effective : end) : first, end)]
            : [effective <= first ? (1, first, end) : (0, first, end)];
        var result = new List<OraclePart>();
        foreach (var (version, from, until) in parts.Where(p => p.From < p.Until))
        {
            var (fee, target) = version == 0 ? form : amended;
            var startMinute = (from.AtMidnight().InUtc().ToInstant() - Instant.FromUtc(2026, 1, 1, 0, 0)).TotalMinutes;
            var endMinute = (until.AtMidnight().InUtc().ToInstant() - Instant.FromUtc(2026, 1, 1, 0, 0)).TotalMinutes;
            long down = 0;
            for (var m = (long)startMinute; m < (long)endMinute; m++)
                if (downMinutes[m]) down++;
            var measured = (long)(endMinute - startMinute);
            var percent = (measured - down) * 100m < 99.0m * measured ? 25m : (measured - down) * 100m < target * measured ? 10m : 0m;
            var partDays = Period.Between(from, until, PeriodUnits.Days).Days;
            var share = fee * partDays / days;
            var credit = Math.Min(percent, 25m) * share / 100m;
            result.Add(new OraclePart(version, measured, down, Math.Round(credit, 2, MidpointRounding.AwayFromZero)));
        }
        return result;
    }
}
