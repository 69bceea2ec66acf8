using System.Collections.Immutable;
using System.Globalization;
using SlaKpiDsl.Compiler.Semantics.Credits;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;

namespace SlaKpiDsl.Compiler.Semantics.Binding;

public sealed partial class Binder
{
    private sealed class CreditsBuilder
    {
        public ImmutableArray<CreditTierClause>.Builder Tiers { get; } = ImmutableArray.CreateBuilder<CreditTierClause>();
        public ImmutableArray<CreditCap>.Builder Caps { get; } = ImmutableArray.CreateBuilder<CreditCap>();
        public bool Cumulative { get; set; }
        public MinimumCreditClause? Minimum { get; set; }
        public ClaimDeadlineClause? Claim { get; set; }
    }

    private void BindCredit(CreditClauseSyntax credit, ContractScope scope, CreditsBuilder credits)
    {
        var amount = BindAmount(credit.Amount, scope, "a credit");
        CreditCondition? condition = credit.Trigger switch
        {
            null when credit.Amount is FeeMultipleForDownPeriodSyntax => new ForDownPeriod(),
            null => MissingTrigger(credit),
            PerBreachedIncidentTriggerSyntax => new PerBreachedIncident(),
            WhenTriggerSyntax { Condition: AnyGuaranteeBreachedConditionSyntax } => new AnyGuaranteeBreached(),
            WhenTriggerSyntax { Condition: MeasuredValueConditionSyntax measured } => BindMeasuredCondition(measured),
            _ => throw new InvalidOperationException($"Unexpected credit trigger {credit.Trigger.GetType().Name}."),
        };
        if (amount is null || condition is null) return;
        credits.Tiers.Add(new CreditTierClause(condition, amount, credit.Span) { Clause = credit.Reference?.Number.Value });
    }

    /// <summary>
    /// A cap per window, per a longer period, or rolling (<c>in any 12 consecutive months</c>: 2 to 120 months, in percent
    /// of the fee or money, on an SLA measured per month with a fee per month; SLA0161 otherwise).
    /// </summary>
    private CreditCap? BindCap(CreditCapClauseSyntax cap, ContractScope scope)
    {
        var limit = BindAmount(cap.Limit, scope, "a cap");
        int? months = null;
        if (cap.RollingMonths is { } literal)
        {
            months = BindPositiveInteger(literal, "months of a rolling cap", 120);
            if (months is null) return null;
            if (months < 2)
            {
                Report(DiagnosticBuilder.ValueOutOfRange(_source, literal.Span, $"any {literal.Text} consecutive months", "a rolling cap spans 2 to 120 months (one month is 'per month')"));
                return null;
            }
            if (limit is not (PercentOfFee or FixedAmount))
            {
                Report(DiagnosticBuilder.RollingCapNotMonthly(_source, cap.Span, "its limit is a percent of the fee or an amount of money"));
                return null;
            }
            if (scope.Fee is { Per: not (FeePeriod.Month or FeePeriod.BillingCycle) } fee)
            {
                Report(DiagnosticBuilder.RollingCapNotMonthly(_source, cap.Span, $"the fee is per month (this contract's is per {fee.Per.ToString().ToLowerInvariant()})"));
                return null;
            }
        }
        return limit is null ? null : new CreditCap(limit, cap.Per, cap.Span) { Clause = cap.Reference?.Number.Value, RollingMonths = months };
    }

    private CreditCondition? MissingTrigger(CreditClauseSyntax credit)
    {
        Report(DiagnosticBuilder.MissingClause(_source, credit.Span, "this credit", "a condition: 'when availability below 99.9%', 'when any guarantee is breached' or 'per breached incident'"));
        return null;
    }

    private CreditAmount? BindAmount(CreditAmountSyntax amount, ContractScope scope, string what)
    {
        var fee = scope.Fee;
        return BindAmount(amount, fee, scope.FeeStated, what);
    }

    private CreditAmount? BindAmount(CreditAmountSyntax amount, Fee? fee, bool feeStated, string what)
    {
        switch (amount)
        {
            case PercentOfFeeSyntax percent:
            {
                var value = BindPercent(percent.Percent);
                if (value is null) return null;
                if (fee is null)
                {
                    if (feeStated) return null; // the fee line itself is wrong and reported
                    Report(DiagnosticBuilder.MoneyCreditWithoutFee(_source, amount.Span, $"{what} of {percent.Percent.Text}% of fee"));
                    return null;
                }
                return new PercentOfFee(value.Value);
            }
            case DaysOfServiceSyntax days:
            {
                var count = BindPositiveInteger(days.Days, "days of service");
                if (count is null) return null;
                if (fee is null)
                {
                    if (feeStated) return null; // the fee line itself is wrong and reported
                    Report(DiagnosticBuilder.MoneyCreditWithoutFee(_source, amount.Span, $"{what} of {days.Days.Text} days of service"));
                    return null;
                }
                return new DaysOfService(count.Value);
            }
            case FixedAmountSyntax fixedAmount:
                return BindMoneyInFeeCurrency(fixedAmount.Money, fee) is { } money ? new FixedAmount(money) : null;
            case FeeMultipleForDownPeriodSyntax multiple:
                if (multiple.Factor.Value <= 0m || multiple.Factor.Value > 1000m)
                {
                    Report(DiagnosticBuilder.ValueOutOfRange(_source, multiple.Factor.Span, $"factor {multiple.Factor.Text}", "must be more than zero and at most 1000"));
                    return null;
                }
                if (fee is null)
                {
                    if (feeStated) return null; // the fee line itself is wrong and reported
                    Report(DiagnosticBuilder.MoneyCreditWithoutFee(_source, amount.Span, $"{what} of {multiple.Factor.Text} times the fee"));
                    return null;
                }
                return new FeeMultipleForDownPeriod(multiple.Factor.Value, multiple.OverMeasuredPeriod);
            default:
                throw new InvalidOperationException($"Unexpected amount syntax {amount.GetType().Name}.");
        }
    }

    private static string SubjectWord(TierSubject subject) => subject switch
    {
        TierSubject.Availability => "availability",
        TierSubject.Uptime => "uptime",
        _ => "success rate",
    };

    private static string OperatorWords(ComparisonOperator op) => op switch
    {
        ComparisonOperator.AtLeast => "at least",
        ComparisonOperator.AtMost => "at most",
        ComparisonOperator.Above => "above",
        _ => "below",
    };

    /// <summary>Intersects the written bounds into one exact range: <c>at most 99.9% and above 99.0%</c> is (99.0, 99.9].</summary>
    private MeasuredIn? BindMeasuredCondition(MeasuredValueConditionSyntax condition)
    {
        var low = Cut.Before(PercentRange.Minimum);
        var high = Cut.AfterValue(PercentRange.Maximum);
        var words = new List<string>();
        foreach (var bound in condition.Bounds)
        {
            if (bound.Value is not PercentLiteralSyntax percentLiteral)
            {
                WrongKind(bound.Value, SubjectWord(condition.Subject), "a percent");
                return null;
            }
            if (BindPercent(percentLiteral) is not { } percent) return null;
            var value = percent.Value;
            switch (bound.Operator)
            {
                case ComparisonOperator.Below: high = Cut.Min(high, Cut.Before(value)); break;
                case ComparisonOperator.AtMost: high = Cut.Min(high, Cut.AfterValue(value)); break;
                case ComparisonOperator.Above: low = Cut.Max(low, Cut.AfterValue(value)); break;
                default: low = Cut.Max(low, Cut.Before(value)); break;
            }
            words.Add($"{OperatorWords(bound.Operator)} {percentLiteral.Text}%");
        }
        var label = $"{SubjectWord(condition.Subject)} {string.Join(" and ", words)}";
        if (low >= high)
        {
            Report(DiagnosticBuilder.CreditTierMatchesNothing(_source, condition.Span, label));
            return null;
        }
        return new MeasuredIn(condition.Subject, new PercentRange(low, high), label);
    }

    private CreditTerms FinishCredits(CreditsBuilder credits, IEnumerable<BoundObjective> guarantees, string slaName)
    {
        var measures = guarantees.Select(g => g.Objective).OfType<ThresholdObjective>().Select(t => t.Measure).ToList();
        var tiers = credits.Tiers.ToImmutable();
        foreach (var tier in tiers)
        {
            if (tier.Condition is not MeasuredIn measured) continue;
            var guaranteed = measured.Subject == TierSubject.SuccessRate
                ? measures.Any(m => m is SuccessRateMeasure)
                : measures.Any(m => m is AvailabilityMeasure);
            if (!guaranteed) Report(DiagnosticBuilder.CreditMeasureNotGuaranteed(_source, tier.Span, SubjectWord(measured.Subject), slaName));
        }
        var objectives = guarantees.Select(g => g.Objective).ToList();
        foreach (var tier in tiers)
        {
            // A credit per breached incident needs an every-incident clock; a fee multiple for the down period (with or
            // without a `when` condition) needs availability.
            if (tier.Condition is PerBreachedIncident && !objectives.OfType<IncidentClockObjective>().Any(c => c.EveryIncident))
                Report(DiagnosticBuilder.CreditMeasureNotGuaranteed(_source, tier.Span, "breached incidents (an 'every incident' response or resolution guarantee)", slaName));
            if (tier.Amount is FeeMultipleForDownPeriod && !measures.Any(m => m is AvailabilityMeasure))
                Report(DiagnosticBuilder.CreditMeasureNotGuaranteed(_source, tier.Span, "the down period (an availability guarantee)", slaName));
        }
        if (!credits.Cumulative)
        {
            foreach (var group in MeasuredTierGroups(tiers)) ReportScheduleErrors(group);
        }
        // A rolling cap counts months: every guarantee is measured per month (a calendar month or a monthly billing cycle).
        foreach (var cap in credits.Caps.Where(c => c.RollingMonths is not null))
        {
            if (guarantees.Any(g => g.Window is not { Kind: global::SlaKpiDsl.Runtime.Time.WindowKind.CalendarMonth or global::SlaKpiDsl.Runtime.Time.WindowKind.BillingCycle }))
                Report(DiagnosticBuilder.RollingCapNotMonthly(_source, cap.Span, "the SLA is measured per calendar month or per billing cycle"));
        }
        return new CreditTerms(tiers, credits.Cumulative, credits.Caps.ToImmutable(), credits.Minimum, credits.Claim);
    }

    /// <summary>Measured tiers grouped by what they measure (availability and uptime are the same measure).</summary>
    internal static IEnumerable<IReadOnlyList<(CreditTierClause Tier, MeasuredIn Condition)>> MeasuredTierGroups(ImmutableArray<CreditTierClause> tiers) =>
        tiers.Where(t => t.Condition is MeasuredIn)
            .Select(t => (Tier: t, Condition: (MeasuredIn)t.Condition))
            .GroupBy(t => t.Condition.Subject == TierSubject.SuccessRate)
            .Select(g => (IReadOnlyList<(CreditTierClause, MeasuredIn)>)g.ToList());

    /// <summary>The comparable size of a tier's credit: percent of fee or a fixed amount; other kinds are not compared.</summary>
    internal static decimal? ComparableCredit(CreditAmount amount) => amount switch
    {
        PercentOfFee percent => percent.Percent.Value,
        _ => null,
    };

    private void ReportScheduleErrors(IReadOnlyList<(CreditTierClause Tier, MeasuredIn Condition)> group)
    {
        // Overlaps are judged on every tier; monotonicity only among tiers whose credits compare (percent of fee).
        var conditions = group.Select(t => new TierCondition(t.Condition.Label, t.Condition.Range, ComparableCredit(t.Tier.Amount) ?? 0m)).ToList();
        var findings = CreditScheduleAnalysis.Analyse(conditions);
        foreach (var overlap in findings.Overlaps)
        {
            var second = group[overlap.Second];
            Report(DiagnosticBuilder.CreditTiersOverlap(_source, second.Tier.Span, group[overlap.First].Condition.Label, second.Condition.Label, overlap.Shared.Describe(SubjectWord(second.Condition.Subject))));
        }
        foreach (var inversion in findings.Inversions)
        {
            var worse = group[inversion.Worse];
            var better = group[inversion.Better];
            if (ComparableCredit(worse.Tier.Amount) is not { } worseCredit || ComparableCredit(better.Tier.Amount) is not { } betterCredit) continue;
            Report(DiagnosticBuilder.CreditTiersNotMonotonic(_source, worse.Tier.Span, worse.Condition.Label, Format(worseCredit) + "% of fee", better.Condition.Label, Format(betterCredit) + "% of fee"));
        }
    }

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
