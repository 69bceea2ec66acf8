using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Testing;

/// <summary>
/// The result of one scenario test. Invariant: <see cref="Passed"/> exactly when <see cref="Failures"/> is empty;
/// <see cref="CheckedValues"/> counts every expected value compared (several per <c>expect</c> line when it states the
/// quantity in several forms).
/// </summary>
public sealed record ScenarioOutcome(string Test, string Contract, SourceSpan Span, int CheckedValues, ImmutableArray<Diagnostic> Failures)
{
    public bool Passed => Failures.IsEmpty;
}

/// <summary>
/// Runs scenario tests on compiled evaluators: feeds each test's evidence to its contract's evaluator for the test's
/// period (as of the test's <c>as of</c>, else the end of the period in the contract's zone) and compares every
/// expected value exactly (decimal and exact ratios, no floating point). <c>rounded to N places</c> rounds the computed
/// value half away from zero before comparing, and nothing else is rounded. An expectation on a commitment that was not
/// evaluated (not yet supported, outside the effective range, another window kind) fails with the reason (SLA2002).
/// Quantities: downtime = the result's downtime; availability, success rate and value = the measured value;
/// credit = percent of fee and the rounded amount (no credit = 0% and 0); verdict; breaches = incidents whose clock
/// breached; excluded time = the time every exclusion clause excluded (after caps), summed.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>Runs the tests of one file. <paramref name="evaluators"/> maps a contract name to its bound model and evaluator.</summary>
    public static ImmutableArray<ScenarioOutcome> Run(
        SourceText source,
        IEnumerable<BoundScenarioTest> tests,
        IReadOnlyDictionary<string, (BoundContract Model, ICompiledContract Evaluator)> evaluators)
    {
        var outcomes = ImmutableArray.CreateBuilder<ScenarioOutcome>();
        foreach (var test in tests) outcomes.Add(RunOne(source, test, evaluators));
        return outcomes.ToImmutable();
    }

    private static ScenarioOutcome RunOne(SourceText source, BoundScenarioTest test, IReadOnlyDictionary<string, (BoundContract Model, ICompiledContract Evaluator)> evaluators)
    {
        // The binder guarantees a period and a known contract for a file without errors; callers only run such files.
        if (test.Period is not { } period || !evaluators.TryGetValue(test.Contract, out var contract))
            throw new ArgumentException($"test \"{test.Name}\" has no period or names a contract that was not compiled", nameof(evaluators));
        var failures = ImmutableArray.CreateBuilder<Diagnostic>();
        var asOf = test.AsOf ?? ScenarioEvidence.EndOfPeriod(period, contract.Model.Zone);
        var input = ScenarioEvidence.ToInput(test, period, asOf, out var problems);
        foreach (var (evidence, problem) in problems)
            failures.Add(DiagnosticBuilder.EvidenceNotRepresentable(source, evidence.Span, test.Name, problem));
        var evaluation = contract.Evaluator.Evaluate(input);
        var checkedValues = 0;
        foreach (var expectation in test.Expectations)
        {
            var what = Describe(expectation);
            var outcome = Find(evaluation, expectation.Subject, out var kpiTarget);
            checkedValues += expectation.Values.Length;
            if (outcome is null)
            {
                // The binder guarantees the name is an SLA or KPI of the contract: the evaluator did not evaluate it at all.
                failures.Add(DiagnosticBuilder.ExpectationNotEvaluated(source, expectation.Span, test.Name, what,
                    $"the compiled evaluator reports no outcome for {(contract.Model.FindKpi(expectation.Subject) is null ? "sla" : "kpi")} '{expectation.Subject}' (not yet supported)"));
                continue;
            }
            if (outcome.Result is not { } result)
            {
                failures.Add(DiagnosticBuilder.ExpectationNotEvaluated(source, expectation.Span, test.Name, what, outcome.Reason ?? outcome.Kind.ToString()));
                continue;
            }
            var measureUnit = DurationUnitOf(contract.Model, expectation.Subject, kpiTarget);
            var measuredBy = GuaranteeMeasuring(contract.Model, outcome, expectation.Quantity) ?? result;
            foreach (var value in expectation.Values)
            {
                var comparison = Compare(expectation, value, measuredBy, result, measureUnit);
                if (comparison.Missing is { } why)
                    failures.Add(DiagnosticBuilder.ExpectationHasNoSuchQuantity(source, expectation.Span, test.Name, what, why));
                else if (!comparison.Holds)
                    failures.Add(DiagnosticBuilder.ExpectationNotMet(source, expectation.Span, test.Name, what, comparison.Expected, comparison.Actual));
            }
        }
        return new ScenarioOutcome(test.Name, test.Contract, test.Span, checkedValues, failures.ToImmutable());
    }

    private static string Describe(Expectation expectation) => "expect " + expectation.Quantity switch
    {
        ExpectQuantity.SuccessRate => "success rate",
        ExpectQuantity.ExcludedTime => "excluded time",
        var q => q.ToString().ToLowerInvariant(),
    } + " of " + expectation.Subject;

    /// <summary>The SLA outcome, or the KPI's first target outcome (then <paramref name="kpiTarget"/> is its condition).</summary>
    private static CommitmentOutcome? Find(ContractEvaluation evaluation, string subject, out ValueCondition? kpiTarget)
    {
        kpiTarget = null;
        if (evaluation.Slas.FirstOrDefault(o => o.Commitment == subject) is { } sla) return sla;
        if (evaluation.Kpis.FirstOrDefault(k => k.Kpi == subject) is not { } kpi) return null;
        kpiTarget = kpi.Target;
        return kpi.Outcome;
    }

    /// <summary>
    /// Ticks per unit of a duration-valued measured value: the contract's bound (exact ticks) over the evaluator's
    /// bound (a number in the measured value's unit). Null when the measure is not a duration or the unit cannot be told.
    /// </summary>
    private static decimal? DurationUnitOf(BoundContract contract, string subject, ValueCondition? kpiTarget)
    {
        var objective = contract.FindKpi(subject)?.Targets.FirstOrDefault()?.Objective ?? contract.FindSla(subject)?.Guarantees.FirstOrDefault()?.Objective;
        if (objective is not ThresholdObjective { Bound.Value: DurationQuantity bound } || kpiTarget is null) return null;
        var written = kpiTarget.Lower?.Value ?? kpiTarget.Upper?.Value;
        if (written is not { } number || number == 0) return null;
        return bound.Value.BclCompatibleTicks / number;
    }

    private readonly record struct Comparison(bool Holds, string Expected, string Actual, string? Missing = null)
    {
        public static Comparison NoSuch(string why) => new(false, "", "", why);
    }

    /// <summary>
    /// For an SLA of several guarantees, the one guarantee's result a quantity reads: availability, downtime and excluded
    /// time read the availability guarantee, success rate the success-rate guarantee. Null: read the SLA's own result.
    /// </summary>
    private static CommitmentResult? GuaranteeMeasuring(BoundContract contract, CommitmentOutcome outcome, ExpectQuantity quantity)
    {
        if (outcome.Guarantees.IsEmpty || contract.FindSla(outcome.Commitment) is not { } sla) return null;
        Func<Measure, bool>? wanted = quantity switch
        {
            ExpectQuantity.Availability or ExpectQuantity.Downtime or ExpectQuantity.ExcludedTime => m => m is AvailabilityMeasure,
            ExpectQuantity.SuccessRate => m => m is SuccessRateMeasure,
            _ => null,
        };
        if (wanted is null) return null;
        for (var index = 0; index < sla.Guarantees.Length && index < outcome.Guarantees.Length; index++)
            if (sla.Guarantees[index].Objective is ThresholdObjective t && wanted(t.Measure)) return outcome.Guarantees[index];
        return null;
    }

    /// <summary>
    /// Compares one expected value. <paramref name="measured"/> is the result holding the measured value (one guarantee
    /// of several, or the SLA's own); <paramref name="result"/> is the SLA's result (verdict, credit, breaches).
    /// </summary>
    private static Comparison Compare(Expectation expectation, ExpectedValue value, CommitmentResult measured, CommitmentResult result, decimal? durationUnit)
    {
        var places = expectation.RoundedToPlaces;
        switch (expectation.Quantity, value)
        {
            case (ExpectQuantity.Downtime, ExpectedQuantity { Value: DurationQuantity d }):
                return measured.DowntimeSeconds is { } downtime
                    ? CompareDuration(d, downtime * NodaConstants.TicksPerSecond, places)
                    : Comparison.NoSuch($"'{expectation.Subject}' is not measured by downtime");
            case (ExpectQuantity.ExcludedTime, ExpectedQuantity { Value: DurationQuantity d }):
                return measured.DowntimeSeconds is null
                    ? Comparison.NoSuch($"'{expectation.Subject}' is not measured by downtime, so nothing is excluded from it")
                    : CompareDuration(d, measured.Trace.Exclusions.Sum(x => x.ExcludedSeconds) * NodaConstants.TicksPerSecond, places);
            case (ExpectQuantity.Availability or ExpectQuantity.SuccessRate or ExpectQuantity.Value, ExpectedQuantity { Value: PercentQuantity p }):
                if (measured.Measured is not { } ratio) return new(false, p.ToString(), "nothing measured (" + VerdictText(measured.Verdict) + ")");
                if (measured.Unit != ValueUnit.Percent) return Comparison.NoSuch($"'{expectation.Subject}' is not a percentage (its value is {ratio.ToDecimalForDisplay().ToString(CultureInfo.InvariantCulture)})");
                return new(HoldsExactly(ratio.Numerator * 100m, ratio.Denominator, p.Value.Value, places), Written(p.ToString(), places), PercentText(ratio, places));
            case (ExpectQuantity.Breaches, ExpectedQuantity { Value: CountQuantity n }):
            {
                var breaches = result.Trace.Incidents.Count(i => i.Outcome == IncidentOutcome.ClockBreached);
                return new(HoldsExactly(breaches, 1m, n.Value, places), n.ToString(), breaches.ToString(CultureInfo.InvariantCulture));
            }
            case (ExpectQuantity.Value, ExpectedQuantity { Value: CountQuantity n }):
                if (measured.Measured is not { } count) return new(false, n.ToString(), "nothing measured (" + VerdictText(measured.Verdict) + ")");
                return new(HoldsExactly(count.Numerator, count.Denominator, n.Value, places), Written(n.ToString(), places), NumberText(count.Numerator / count.Denominator, places));
            case (ExpectQuantity.Value, ExpectedQuantity { Value: DurationQuantity d }):
                if (measured.Measured is not { } statistic) return new(false, d.ToString(), "nothing measured (" + VerdictText(measured.Verdict) + ")");
                if (durationUnit is not { } unit) return Comparison.NoSuch($"the unit of '{expectation.Subject}''s value is not known to sla test; expect its verdict instead");
                // Measured value in its own unit -> ticks, still exact as a ratio: numerator * unit / denominator.
                return CompareDurationRatio(d, statistic.Numerator * unit, statistic.Denominator, places);
            case (ExpectQuantity.Credit, ExpectedPercentOfFee or ExpectedQuantity { Value: PercentQuantity }):
            {
                var expected = value is ExpectedPercentOfFee f ? f.Value.Value : ((PercentQuantity)((ExpectedQuantity)value).Value).Value.Value;
                // The credit granted, after caps and the minimum, as a percent of the window's fee (exact, before money
                // rounding): "20% of fee = 1600.00 USD" states one amount twice, so a capped 25% tier reads 20%.
                var (numerator, denominator) = result.Credit is { Trace.FeeForWindow: > 0 } c ? (c.ExactAmount * 100m, c.Trace.FeeForWindow) : (0m, 1m);
                return new(HoldsExactly(numerator, denominator, expected, places), Written(expected.ToString(CultureInfo.InvariantCulture) + "% of fee", places),
                    NumberText(numerator / denominator, places) + "% of fee" + (result.Credit is { } tier && tier.PercentOfFee * denominator != numerator
                        ? $" ({tier.PercentOfFee.ToString(CultureInfo.InvariantCulture)}% before caps and minimum)" : ""));
            }
            case (ExpectQuantity.Credit, ExpectedMoney m):
            {
                var amount = result.Credit?.Amount ?? 0m;
                var currency = result.Credit?.Currency ?? m.Value.Currency;
                var holds = currency == m.Value.Currency && HoldsExactly(amount, 1m, m.Value.Amount, places);
                return new(holds, Written(m.Value.ToString(), places), amount.ToString(CultureInfo.InvariantCulture) + " " + currency + (result.Credit is null ? " (no credit)" : ""));
            }
            case (ExpectQuantity.Verdict, ExpectedVerdict v):
            {
                var expected = v.Verdict;
                return new(result.Verdict == expected, VerdictText(expected), VerdictText(result.Verdict));
            }
            default:
                return Comparison.NoSuch($"sla test cannot compare {Kind(value)} with this quantity");
        }
    }

    private static string Kind(ExpectedValue value) => value switch
    {
        ExpectedQuantity { Value: PercentQuantity } => "a percent",
        ExpectedQuantity { Value: DurationQuantity } => "a duration",
        ExpectedQuantity { Value: CountQuantity } => "a number",
        ExpectedMoney => "money",
        ExpectedPercentOfFee => "a percent of fee",
        ExpectedVerdict => "a verdict",
        _ => value.GetType().Name,
    };

    /// <summary>
    /// numerator / denominator equals <paramref name="expected"/>, or rounds to it (half away from zero) at
    /// <paramref name="places"/>: expected - h &lt;= x &lt; expected + h for x &gt;= 0 (mirrored below 0), h = 0.5 x 10^-places.
    /// Cross-multiplied, so no division happens.
    /// </summary>
    internal static bool HoldsExactly(decimal numerator, decimal denominator, decimal expected, int? places)
    {
        if (places is not { } p) return numerator == expected * denominator;
        var half = 0.5m / Pow10(p);
        if (numerator < 0) return HoldsExactly(-numerator, denominator, -expected, places);
        // Round half away from zero of a non-negative value: [expected - h, expected + h).
        return numerator >= (expected - half) * denominator && numerator < (expected + half) * denominator;
    }

    private static decimal Pow10(int places)
    {
        var p = 1m;
        for (var i = 0; i < places; i++) p *= 10m;
        return p;
    }

    private static Comparison CompareDuration(DurationQuantity expected, decimal actualTicks, int? places) =>
        CompareDurationRatio(expected, actualTicks, 1m, places);

    /// <summary>Compares an exact duration (ticks as a ratio) in the expected value's written unit.</summary>
    private static Comparison CompareDurationRatio(DurationQuantity expected, decimal actualTicksNumerator, decimal denominator, int? places)
    {
        var (unitTicks, unitWord) = UnitOf(expected);
        var expectedInUnit = expected.Value.BclCompatibleTicks / unitTicks;
        var holds = HoldsExactly(actualTicksNumerator, denominator * unitTicks, expectedInUnit, places);
        var actualInUnit = actualTicksNumerator / denominator / unitTicks;
        return new(holds, Written(expected.Written, places), NumberText(actualInUnit, places) + " " + unitWord);
    }

    /// <summary>The written unit of a duration literal ("90 minutes" -> ticks per minute).</summary>
    private static (decimal Ticks, string Word) UnitOf(DurationQuantity d)
    {
        var word = d.Written[(d.Written.LastIndexOf(' ') + 1)..];
        decimal ticks = word switch
        {
            "ms" => NodaConstants.TicksPerMillisecond,
            "seconds" or "second" => NodaConstants.TicksPerSecond,
            "minutes" or "minute" => NodaConstants.TicksPerMinute,
            "hours" or "hour" => NodaConstants.TicksPerHour,
            "days" or "day" => NodaConstants.TicksPerDay,
            _ => NodaConstants.TicksPerSecond,
        };
        return (ticks, ticks == NodaConstants.TicksPerSecond && word is not ("seconds" or "second") ? "seconds" : word);
    }

    private static string Written(string expected, int? places) => places is { } p ? $"{expected} (rounded to {p} places)" : expected;

    private static string PercentText(ExactRatio ratio, int? places) => NumberText(ratio.ToPercentForDisplay(), places) + "%";

    /// <summary>An actual value for a message: rounded like the expectation when it is rounded, else up to 10 places.</summary>
    private static string NumberText(decimal value, int? places) =>
        Math.Round(value, places ?? 10, MidpointRounding.AwayFromZero).ToString(places is { } p ? "0." + new string('0', p) : "0.##########", CultureInfo.InvariantCulture).TrimEnd('.');

    private static string VerdictText(Verdict verdict) => verdict switch
    {
        Verdict.Met => "met",
        Verdict.Breached => "breached",
        _ => "not measurable",
    };
}
