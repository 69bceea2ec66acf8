using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Tests.Properties;

/// <summary>
/// Rolling caps (<c>in any N consecutive months</c>) and contract-year caps, evaluated month by month over two years by
/// the compiled evaluator, agree with a brute-force oracle on generated data, with and without a credits ledger. The
/// oracle knows nothing of the evaluator: it counts each month's outage minutes, picks the tier from the contract's text,
/// and grants months oldest first: used(m) = ledger(m) + the sum of granted and ledger credits of the earlier months
/// that share the cap with m; granted(m) = min(credit(m), max(0, cap - used(m))) (docs/semantics.md, Credits).
/// </summary>
public sealed class CreditCapChainOracleProperties
{
    private const string Text = """
        contract "Caps" {
          effective 2025-01-01 until 2027-01-01
          time zone "UTC"
          fee 1000.00 USD per month
          service api "API"
          sla rolling "Rolling twelve" {
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            credit 10% of fee when availability below 99.9%
            credit 25% of fee when availability below 99.0%
            clause "9.1": credits capped at 5% of fee in any 12 consecutive months
          }
          sla quarterly "Rolling three" {
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            credit 10% of fee when availability below 99.9%
            credit 25% of fee when availability below 99.0%
            credits capped at 300.00 USD in any 3 consecutive months
          }
          sla yearly "Contract year" {
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents on api with impact outage
            credit 10% of fee when availability below 99.9%
            credit 25% of fee when availability below 99.0%
            credits capped at 700.00 USD per contract year
          }
        }

        """;

    /// <summary>Each SLA's cap: the amount, and whether an earlier month shares it with a later one (month indexes from 2025-01).</summary>
    private static readonly (string Sla, decimal Cap, Func<int, int, bool> Shares)[] Caps =
    [
        ("rolling", 0.05m * 1000m * 12, (i, m) => m - i < 12),
        ("quarterly", 300m, (i, m) => m - i < 3),
        ("yearly", 700m, (i, m) => i / 12 == m / 12),
    ];

    private static readonly Lazy<ICompiledContract> Contract = new(() =>
    {
        var check = ContractChecker.Check(new SourceText("caps.sla", Text));
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        var compiled = ContractCompilation.Compile(check.Model!.Contracts);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        return compiled.Contracts[0];
    });

    private static readonly int[] OutageMinutes = [0, 0, 0, 10, 44, 45, 50, 200, 446, 447, 600];
    private static readonly decimal[] LedgerAmounts = [0m, 50.00m, 123.45m, 400.00m];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Month_by_month_over_two_years_the_evaluator_grants_what_the_oracle_grants(bool withLedger)
    {
        var disagreements = new List<string>();
        for (var seed = 1; seed <= 12; seed++)
        {
            var random = new Random(seed * 7919 + (withLedger ? 1 : 0));
            var outages = Enumerable.Range(0, 24).Select(_ => OutageMinutes[random.Next(OutageMinutes.Length)]).ToArray();
            var incidents = ImmutableArray.CreateBuilder<Incident>();
            for (var m = 0; m < 24; m++)
            {
                if (outages[m] == 0) continue;
                var start = Instant.FromUtc(2025 + m / 12, m % 12 + 1, 10, 10, 0);
                incidents.Add(new Incident($"INC-{m}", "api", 1, Impact.Outage, start, start + Duration.FromMinutes(outages[m]), "provider", null, null, null, null, [], null));
            }
            var ledger = ImmutableArray.CreateBuilder<LedgerCredit>();
            if (withLedger)
            {
                for (var m = 0; m < 24; m++)
                {
                    var month = new YearMonth(2025 + m / 12, m % 12 + 1);
                    foreach (var (sla, _, _) in Caps)
                        if (random.Next(5) == 0) ledger.Add(new LedgerCredit($"CN-{sla}-{m}", "Caps", sla, month, LedgerAmounts[random.Next(LedgerAmounts.Length)], "USD"));
                    // Lines of another contract or another SLA never count.
                    if (random.Next(4) == 0) ledger.Add(new LedgerCredit($"OTHER-{m}", "Another contract", "rolling", month, 999m, "USD"));
                    if (random.Next(4) == 0) ledger.Add(new LedgerCredit($"NOSLA-{m}", "Caps", "no-such-sla", month, 999m, "USD"));
                }
            }
            foreach (var (sla, cap, shares) in Caps)
            {
                var expected = Oracle(outages, ledger.Where(l => l.Contract == "Caps" && l.Sla == sla).ToList(), cap, shares);
                for (var m = 0; m < 24; m++)
                {
                    var period = new EvaluationPeriod(2025 + m / 12, month: m % 12 + 1);
                    var input = new EvaluationInput(period, Instant.FromUtc(2027, 6, 1, 0, 0), incidents.ToImmutable(), [], [], [], []) { CreditsLedger = ledger.ToImmutable() };
                    var outcome = Contract.Value.Evaluate(input).Slas.Single(o => o.Commitment == sla);
                    var actual = outcome.Result?.Credit?.ExactAmount;
                    if (actual != expected[m]) disagreements.Add($"seed {seed}, {sla}, {period}: evaluator {actual}, oracle {expected[m]}");
                }
            }
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [Fact]
    public void A_ledger_line_that_changes_a_cap_is_cited_in_the_trace()
    {
        // 2025-03: 600 minutes of 44,640 is 98.65...% < 99.0%: 25% = 250.00. The 3-month cap of 300.00 already holds the
        // ledger's 123.45 of 2025-02: 176.55 is left, and the trace names the ledger line.
        var start = Instant.FromUtc(2025, 3, 10, 10, 0);
        var input = new EvaluationInput(new EvaluationPeriod(2025, month: 3), Instant.FromUtc(2027, 6, 1, 0, 0),
            [new Incident("INC-1", "api", 1, Impact.Outage, start, start + Duration.FromMinutes(600), "provider", null, null, null, null, [], null)], [], [], [], [])
        {
            CreditsLedger = [new LedgerCredit("CN-7", "Caps", "quarterly", new YearMonth(2025, 2), 123.45m, "USD")],
        };
        var result = Contract.Value.Evaluate(input).Slas.Single(o => o.Commitment == "quarterly").Result!;
        Assert.Equal(176.55m, result.Credit!.ExactAmount);
        var cap = Assert.Single(result.Credit.Trace.Caps);
        Assert.Contains("credits ledger: CN-7", cap.Rule, StringComparison.Ordinal);
        Assert.StartsWith("credits capped at 300.00 USD in any 3 consecutive months", cap.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ledger_line_in_another_currency_is_said_not_dropped()
    {
        var input = new EvaluationInput(new EvaluationPeriod(2025, month: 3), Instant.FromUtc(2027, 6, 1, 0, 0), [], [], [], [], [])
        {
            CreditsLedger = [new LedgerCredit("CN-EUR", "Caps", "rolling", new YearMonth(2025, 2), 10m, "EUR")],
        };
        var result = Contract.Value.Evaluate(input).Slas.Single(o => o.Commitment == "rolling").Result!;
        Assert.Contains(result.Warnings, w => w is LedgerLineInOtherCurrency { Reference: "CN-EUR", Currency: "EUR" });
    }

    /// <summary>Each month's granted credit, from the text alone.</summary>
    private static decimal[] Oracle(int[] outages, List<LedgerCredit> ledger, decimal cap, Func<int, int, bool> shares)
    {
        var granted = new decimal[24];
        var ledgerOf = new decimal[24];
        foreach (var l in ledger) ledgerOf[(l.Month.Year - 2025) * 12 + l.Month.Month - 1] += l.Amount;
        for (var m = 0; m < 24; m++)
        {
            var minutes = CalendarSystem.Iso.GetDaysInMonth(2025 + m / 12, m % 12 + 1) * 1440;
            var down = outages[m];
            // availability = (minutes - down) / minutes; below 99.0% <=> 100 x down > minutes; below 99.9% <=> 1000 x down > minutes.
            var credit = 100 * down > minutes ? 250m : 1000 * down > minutes ? 100m : 0m;
            var used = ledgerOf[m];
            for (var i = 0; i < m; i++)
                if (shares(i, m)) used += granted[i] + ledgerOf[i];
            granted[m] = Math.Min(credit, Math.Max(0m, cap - used));
        }
        return granted;
    }
}
