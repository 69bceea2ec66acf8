using NodaTime;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Wording;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>The contract's guarantee sentence is worded by Words from typed terms (the pipeline hands values, not text).</summary>
public sealed class GuaranteeWordingTests
{
    public static readonly (GuaranteeTerms Terms, string Expected)[] Rows =
    [
        // A percent as written (its scale kept).
        (new ThresholdTerms("success rate", ComparisonOperator.AtLeast, new GuaranteeBound.Percent(99.950m)), "success rate at least 99.950%"),
        // A duration bound keeps the contract's literal; slices in minutes.
        (new ThresholdTerms("p95 latency", ComparisonOperator.AtMost, new GuaranteeBound.Duration(Duration.FromMilliseconds(500), "500 ms"), 99m, Duration.FromMinutes(5)),
            "p95 latency at most 500 ms in at least 99% of 5-minute slices"),
        (new ThresholdTerms("incident count", ComparisonOperator.Below, new GuaranteeBound.Count(3)), "incident count below 3"),
        (new ClockTerms(ClockKind.Response, new IncidentScope(1, 1, ["api"], []), Duration.FromMinutes(15), null), "response to severity 1 incidents on api within 15 min, every incident"),
        (new ClockTerms(ClockKind.Resolution, new IncidentScope(1, 2, [], ["outage"]), Duration.FromHours(4), 90m), "resolution to severity 1-2 incidents with impact outage within 240 min for at least 90% of incidents"),
        (new AlertTerms(95m, ["api", "db"], Duration.FromMinutes(5)), "95% of alerts on api and db acknowledged within 5 min"),
        (new UnwordedTerms(), "as worded in the contract"),
    ];

    public static TheoryData<int> RowIndexes() => [.. Enumerable.Range(0, Rows.Length)];

    [Theory]
    [MemberData(nameof(RowIndexes))]
    public void A_guarantee_is_worded_from_its_terms(int row) => Assert.Equal(Rows[row].Expected, Words.Guarantee(Rows[row].Terms));
}
