using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using NodaTime.Text;

using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Wording;

/// <summary>What the trace does not carry but its reader needs: the contract's zone, the commitment's title, the claim deadline.</summary>
public sealed record ExplanationContext(DateTimeZone Zone, string? Title = null, ClaimDeadline? ClaimDeadline = null);

/// <summary>
/// Renders a <see cref="CommitmentTrace"/> as sentences a contract manager reads (<c>sla explain</c>; the one place the
/// wording lives). Every number is a field of the trace, formatted, never recomputed: durations in exact minutes and
/// seconds, instants in the contract's zone with their UTC offset, money in the currency's minor unit. The only derived
/// number is the margin to a single-bound target (<see cref="TargetMargin"/>, exact from the trace's ratio). Unknown
/// shapes (outcomes, exclusion kinds, measures, credit bases a later emitter adds) fall back to a generic sentence built
/// from the same fields, so nothing in a trace is left unsaid.
/// </summary>
public static class TraceExplanation
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private const decimal TicksPerSecond = NodaConstants.TicksPerSecond;

    public static ImmutableArray<string> Lines(CommitmentTrace trace, ExplanationContext context)
    {
        var lines = ImmutableArray.CreateBuilder<string>();
        var zone = context.Zone;
        lines.Add(Header(trace, context));
        lines.Add($"Window {Words.Local(trace.WindowStart, zone)} to {Words.Local(trace.WindowEnd, zone)}; evaluated as of {Words.Local(trace.AsOf, zone)}.");
        Incidents(trace, zone, lines);
        Overlaps(trace, zone, lines);
        foreach (var x in trace.Exclusions) lines.Add(Exclusion(x));
        if (trace.Denominator is { } d) lines.Add(Denominator(d));
        lines.AddRange(Measurement(trace));
        if (trace.Credit is { } credit) lines.AddRange(Credit(credit, trace.Measurement));
        if (context.ClaimDeadline is { } claim && trace.Credit is { Amount: > 0 })
            lines.Add($"Claim by {Words.Date(claim.LastDay)} (the right expires at {Words.Local(claim.Expires, zone)}).");
        foreach (var warning in trace.Warnings) lines.Add($"Note: {Words.Warning(warning).TrimEnd('.')}.");
        return lines.ToImmutable();
    }

    private static string Header(CommitmentTrace trace, ExplanationContext context)
    {
        var name = context.Title ?? trace.Commitment;
        var clause = trace.Clause is null ? "" : $" (clause {trace.Clause})";
        var length = trace.Denominator is { } d ? $": {Words.Duration(d.WindowSeconds)}" : "";
        var transitions = Transitions(context.Zone, trace.WindowStart, trace.WindowEnd);
        var note = transitions.Count == 0 ? "" : $" ({string.Join("; ", transitions)})";
        return $"{name}{clause}, {(trace.CalendarWindow is { } window ? Words.PeriodName(window) : trace.Window)} in {context.Zone.Id}{length}{note}.";
    }

    /// <summary>Each change of UTC offset inside the window: why a month is not 30 x 1,440 minutes.</summary>
    private static List<string> Transitions(DateTimeZone zone, Instant start, Instant end)
    {
        var result = new List<string>();
        if (end <= start) return result;
        foreach (var interval in zone.GetZoneIntervals(start, end))
        {
            if (!interval.HasStart || interval.Start <= start) continue;
            var previous = zone.GetZoneInterval(interval.Start - NodaTime.Duration.Epsilon);
            var what = interval.Savings > Offset.Zero ? "DST began" : previous.Savings > Offset.Zero ? "DST ended" : "the UTC offset changed";
            var before = previous.WallOffset;
            var date = interval.Start.InZone(zone).Date.ToString("yyyy-MM-dd", Invariant);
            result.Add($"{what} on {date}: {Words.Utc(before)} to {Words.Utc(interval.WallOffset)}");
        }
        return result;
    }

    private static void Incidents(CommitmentTrace trace, DateTimeZone zone, ImmutableArray<string>.Builder lines)
    {
        foreach (var i in trace.Incidents)
        {
            var when = Range(i.Start, i.End, zone);
            var open = i.Open ? " (still open at as-of)" : "";
            var weight = i.Weight == 1m ? "" : $", counts at {Words.Number(i.Weight * 100m)}%";
            switch (i.Outcome)
            {
                case IncidentOutcome.Counted:
                    var rest = trace.Denominator?.Kind is DenominatorKind.DeployedTime or DenominatorKind.DeployedTimeMinusExcluded ? "excluded time or outside the deployed time" : "excluded time";
                    var part = i.CountedSeconds == i.Seconds ? "" : $"; {Words.Duration(i.CountedSeconds)} of it in the final downtime (the rest is {rest})";
                    lines.Add($"Counted: {i.Id} {when}{open}, {Words.Duration(i.Seconds)}{weight}{part}.");
                    break;
                case IncidentOutcome.ExcludedByIncidentClause:
                    lines.Add($"Excluded: {i.Id} (clause {i.Clause ?? "unnamed"}) {when}{open}, {Words.Duration(i.Seconds)}.");
                    break;
                case IncidentOutcome.ExcludedByTime:
                    lines.Add($"Excluded: {i.Id} {when}{open}, {Words.Duration(i.Seconds)}, lies wholly in excluded time (see the exclusions below).");
                    break;
                case IncidentOutcome.BelowMinimumPeriod:
                    lines.Add($"Ignored: {i.Id} {when}, {Words.Duration(i.Seconds)}: its downtime period is shorter than the contract's minimum period.");
                    break;
                case IncidentOutcome.OutsideMeasuredPeriod:
                    lines.Add($"Not counted: {i.Id} {when}, {Words.Duration(i.Seconds)}: outside the measured (deployed) period.");
                    break;
                case IncidentOutcome.ClockMet:
                    lines.Add($"Clock met: {i.Id} {when}, {Words.Duration(i.Seconds)}.");
                    break;
                case IncidentOutcome.ClockBreached:
                    lines.Add($"Clock breached: {i.Id} {when}{open}, {Words.Duration(i.Seconds)}.");
                    break;
                case IncidentOutcome.ClockPending:
                    lines.Add($"Clock still running at as-of: {i.Id} {when}, {Words.Duration(i.Seconds)} so far.");
                    break;
                default:
                    lines.Add($"{i.Outcome}: {i.Id} {when}{open}, {Words.Duration(i.Seconds)}{weight}, {Words.Duration(i.CountedSeconds)} counted{(i.Clause is null ? "" : $" (clause {i.Clause})")}.");
                    break;
            }
        }
    }

    /// <summary>Counted incidents that share a merged downtime period (counted once), and periods that are not 1:1 with an incident line.</summary>
    private static void Overlaps(CommitmentTrace trace, DateTimeZone zone, ImmutableArray<string>.Builder lines)
    {
        foreach (var p in trace.Periods)
        {
            var inside = trace.Incidents
                .Where(i => i.Start < p.End && p.Start < i.End && i.Outcome is IncidentOutcome.Counted or IncidentOutcome.BelowMinimumPeriod)
                .Select(i => i.Id).ToList();
            var weight = p.Weight == 1m ? "" : $" at weight {Words.Number(p.Weight * 100m)}%";
            if (p.Dropped)
            {
                if (inside.Count == 0) lines.Add($"Ignored: downtime period {Range(p.Start, p.End, zone)}, {Words.Duration(p.Seconds)}: shorter than the contract's minimum period.");
                else if (inside.Count > 1) lines.Add($"Ignored together: {Join(inside)} form one period {Range(p.Start, p.End, zone)}, {Words.Duration(p.Seconds)}, still shorter than the minimum period.");
            }
            else if (inside.Count > 1)
                lines.Add($"Overlap: {Join(inside)} overlap; merged into one period {Range(p.Start, p.End, zone)}, {Words.Duration(p.Seconds)}{weight}, counted once.");
            else if (inside.Count == 0 && !trace.Incidents.Any(i => i.Start < p.End && p.Start < i.End && i.Outcome == IncidentOutcome.ExcludedByTime))
                lines.Add($"Downtime period {Range(p.Start, p.End, zone)}, {Words.Duration(p.Seconds)}{weight} (from evidence other than incidents).");
        }
    }

    /// <summary>An exclusion's label is its clause number and wording ("3.2 exclude maintenance ...") or, when the contract
    /// does not number it, the wording alone: only a numbered label reads as "clause ...".</summary>
    private static string ExclusionLabel(string? label) =>
        string.IsNullOrWhiteSpace(label) ? "unnumbered clause" : char.IsDigit(label[0]) ? $"clause {label}" : label;

    private static string Exclusion(ExclusionTrace x)
    {
        var evidence = x.Evidence.IsDefaultOrEmpty ? "" : $" ({Join(x.Evidence)})";
        var what = x.Kind switch
        {
            ExclusionKind.Maintenance => "maintenance",
            ExclusionKind.Incident => "excluded incidents",
            _ => "excluded hours",
        };
        if (x.TimeInWindowSeconds == 0 && x.ExcludedSeconds == 0)
            return $"Exclusion ({ExclusionLabel(x.Clause)}): {what}{evidence}, none of it in the measured window; nothing excluded.";
        var cap = x.CapSeconds is { } c
            ? $"; capped at {Words.Duration(c)} in this window: {Words.Duration(x.ExcludedSeconds)} excluded{(x.BeyondCapSeconds > 0 ? $", {Words.Duration(x.BeyondCapSeconds)} beyond the cap not excluded" : "")}"
            : x.ExcludedSeconds == x.TimeInWindowSeconds ? ", all of it excluded" : $"; {Words.Duration(x.ExcludedSeconds)} excluded";
        // An excluded incident's own time is never downtime; what it removes from other evidence (failed probes, request
        // slices) is, and is named, or the downtime periods listed above do not add up to the downtime.
        var removed = x.Kind == ExclusionKind.Incident && x.DowntimeRemovedSeconds == 0 ? "" : $"; it removed {Words.Duration(x.DowntimeRemovedSeconds)} of downtime";
        return $"Exclusion ({ExclusionLabel(x.Clause)}): {what}{evidence}, {Words.Duration(x.TimeInWindowSeconds)} in the window{cap}{removed}.";
    }

    private static string Denominator(DenominatorTrace d) => d.Kind switch
    {
        DenominatorKind.CalendarWindow => $"Measured period: the whole window, {Words.Duration(d.MeasuredSeconds)}{(d.ExcludedSecondsRemoved == 0 ? " (excluded time counts as available)" : "")}.",
        DenominatorKind.WindowMinusExcluded => $"Measured period: the window {Words.Duration(d.WindowSeconds)} minus {Words.Duration(d.ExcludedSecondsRemoved)} of excluded time = {Words.Duration(d.MeasuredSeconds)}.",
        DenominatorKind.DeployedTime => $"Measured period: deployed time {Words.Duration(d.DeployedSeconds ?? d.MeasuredSeconds)} of the window's {Words.Duration(d.WindowSeconds)} = {Words.Duration(d.MeasuredSeconds)}.",
        _ => $"Measured period: deployed time {Words.Duration(d.DeployedSeconds ?? d.MeasuredSeconds)} minus {Words.Duration(d.ExcludedSecondsRemoved)} of excluded time = {Words.Duration(d.MeasuredSeconds)}.",
    };

    private static IEnumerable<string> Measurement(CommitmentTrace trace)
    {
        var m = trace.Measurement;
        if (m.Verdict == Verdict.NotMeasurable || m.Denominator <= 0)
        {
            yield return $"{Capitalised(m.Measure)}: nothing to measure in this window; target {Words.Target(m)}, no verdict and no credit.";
            yield break;
        }
        var value = new ExactRatio(m.Numerator, m.Denominator);
        var shown = ValueText(m, value);
        if (m.DowntimeSeconds is { } downtime && trace.Denominator is { } d)
            yield return $"Downtime {Words.Duration(downtime)} of {Words.Duration(d.MeasuredSeconds)} => {shown} (exact {Words.Number(m.Numerator / TicksPerSecond)} s / {Words.Number(m.Denominator / TicksPerSecond)} s available).";
        else if (m.Kind == MeasureKind.SuccessRate)
            yield return $"Success rate: {Words.Number(m.Numerator)} good of {Words.Number(m.Denominator)} requests => {shown} (exact {Words.Number(m.Numerator)}/{Words.Number(m.Denominator)}).";
        else if (m.Condition is TargetCondition.EveryIncidentWithin)
            yield return $"Breached incidents: {Words.Number(m.Numerator / m.Denominator)}.";
        else
        {
            // A whole value needs no exact fraction beside it (decimal remainder is exact).
            var whole = m.Numerator % m.Denominator == 0;
            yield return $"{Capitalised(m.Measure)}: {shown}{(whole ? "" : $" (exact {Fraction(m.Numerator, m.Denominator)})")}.";
        }
        yield return $"Target {Words.Target(m)}: {VerdictText(m, value)}.";
    }

    /// <summary>The value by the one display rule (<see cref="Words.Measured"/>): a percent for a percent target, else the plain value.</summary>
    private static string ValueText(MeasurementTrace m, ExactRatio value) =>
        Words.Measured(value, m.Bound?.Unit ?? ValueUnit.Plain, m.Bound);

    private static string VerdictText(MeasurementTrace m, ExactRatio value)
    {
        if (TargetMargin.Of(value, m.Bound) is not { } margin) return Words.Verdict(m.Verdict);
        var unit = margin.Percent ? " points" : "";
        var distance = Words.Margin(value, m.Bound)!.TrimStart('+', '-');
        return m.Verdict switch
        {
            Verdict.Met when margin.Points.Numerator == 0 => "met, exactly at the bound",
            Verdict.Met => $"met with {distance}{unit} to spare",
            Verdict.Breached when margin.Points.Numerator == 0 => "breached, exactly at the (exclusive) bound",
            Verdict.Breached => $"breached by {distance}{unit}",
            _ => Words.Verdict(m.Verdict),
        };
    }

    private static IEnumerable<string> Credit(CreditTrace c, MeasurementTrace m)
    {
        var money = (decimal amount) => Words.MoneyAmount(amount, c.MinorUnits) + " " + c.Currency;
        var measured = m.Denominator > 0 ? ValueText(m, new ExactRatio(m.Numerator, m.Denominator)) : "no value";
        if (c.Basis == CreditBasis.Tiers)
        {
            if (c.Matched.IsEmpty)
            {
                yield return $"No credit tier holds for {measured} ({c.Note}): no credit.";
                foreach (var t in c.Candidates) yield return $"  tier '{t.Label}'{OfClause(t.Clause)} ({TierCondition(t)}, {TierAmount(t, c)}) does not hold.";
                yield break;
            }
            foreach (var t in c.Candidates.Where(t => c.Matched.Contains(t.Label)))
                yield return $"Credit tier '{t.Label}'{OfClause(t.Clause)} ({TierAmount(t, c)}) applies because {measured} {(t.Band is { Lower: not null, Upper: not null } ? "is " : "")}{TierCondition(t)}.";
            var others = c.Candidates.Where(t => !c.Matched.Contains(t.Label)).ToList();
            if (others.Count > 0)
                yield return $"Not applied: {string.Join(", ", others.Select(t => $"'{t.Label}' ({TierCondition(t)}{(t.Holds ? ", holds but is less severe" : "")})"))}.";
            if (c.Matched.Length > 1) yield return $"The tiers add up ({c.Note}).";
            // A tier written as a percent of the fee is shown as that multiplication; any other amount as what it pays.
            yield return c.Candidates.Where(t => c.Matched.Contains(t.Label)).All(t => t.Payment == CreditPaymentKind.PercentOfFee)
                ? $"{Words.Number(c.PercentOfFee)}% x {money(c.FeeForWindow)} = {money(c.AmountBeforeCaps)}."
                : $"Credit before caps: {money(c.AmountBeforeCaps)} ({Words.Number(c.PercentOfFee)}% of the fee of {money(c.FeeForWindow)}).";
        }
        else if (c.Basis == CreditBasis.PerBreach)
            yield return $"Credit per breached incident: {c.Note} = {Words.Number(c.PercentOfFee)}% x {money(c.FeeForWindow)} = {money(c.AmountBeforeCaps)}.";
        else
        {
            foreach (var t in c.Candidates.Where(t => c.Matched.Contains(t.Label) && t.Clause is not null))
                yield return $"Credit line '{t.Label}'{OfClause(t.Clause)} pays {TierAmount(t, c)}.";
            yield return $"Credit ({TraceJson.Identifier(c.Basis)}): {c.Note}; {Words.Number(c.PercentOfFee)}% of {money(c.FeeForWindow)} = {money(c.AmountBeforeCaps)}.";
        }
        foreach (var cap in c.Caps) yield return $"Then {cap.Rule}{(cap.Clause is null ? "" : $" (clause {cap.Clause})")}: {money(cap.Before)} -> {money(cap.After)}.";
        yield return c.ExactAmount == c.Amount
            ? $"Credit: {money(c.Amount)}."
            : $"Credit: exact {Words.Number(c.ExactAmount)} {c.Currency}, rounded once ({Words.Rounding(c.Rounding)}, {c.MinorUnits} decimals) to {money(c.Amount)}.";
    }

    /// <summary>numerator/denominator in lowest terms, exactly (decimals scaled to integers first): 25845000000000/25956000000000 is 8615/8652.</summary>
    public static string Fraction(decimal numerator, decimal denominator)
    {
        var scale = Math.Max(numerator.Scale, denominator.Scale);
        var n = Scaled(numerator, scale);
        var d = Scaled(denominator, scale);
        var g = System.Numerics.BigInteger.GreatestCommonDivisor(n, d);
        if (g.IsZero) g = System.Numerics.BigInteger.One;
        return $"{n / g}/{d / g}";
    }

    private static System.Numerics.BigInteger Scaled(decimal value, int scale)
    {
        var bits = decimal.GetBits(value);
        var mantissa = (new System.Numerics.BigInteger((uint)bits[2]) << 64) | (new System.Numerics.BigInteger((uint)bits[1]) << 32) | new System.Numerics.BigInteger((uint)bits[0]);
        if (value < 0) mantissa = -mantissa;
        return mantissa * System.Numerics.BigInteger.Pow(10, scale - value.Scale);
    }

    private static string Range(Instant start, Instant end, DateTimeZone zone)
    {
        var s = start.InZone(zone);
        var e = end.InZone(zone);
        return s.Date == e.Date && s.Offset == e.Offset
            ? $"{s.Date.ToString("yyyy-MM-dd", Invariant)} {Words.Time(s.LocalDateTime)}-{Words.Time(e.LocalDateTime)} ({Words.Utc(s.Offset)})"
            : $"{Words.Local(start, zone)} to {Words.Local(end, zone)}";
    }

    private static string Join(IEnumerable<string> ids)
    {
        var list = ids.ToList();
        return list.Count <= 1 ? string.Join("", list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }

    /// <summary>" of clause 3.3" for a line that cites its clause; nothing otherwise.</summary>
    private static string OfClause(string? clause) => clause is null ? "" : $" of clause {clause}";

    /// <summary>What a tier pays as the contract writes it: "10% of fee", "2.00 GBP", "3 days of service", "10 times the fee for the down period".</summary>
    public static string TierAmount(TierCandidateTrace t, CreditTrace c) => t.Payment switch
    {
        CreditPaymentKind.FixedAmount => Words.MoneyAmount(t.Value, c.MinorUnits) + " " + c.Currency,
        CreditPaymentKind.DaysOfService => Words.Count(t.Value, "day") + " of service",
        CreditPaymentKind.FeeMultipleForDownPeriod => $"{Words.Number(t.Value)} times the fee for the down period",
        _ => $"{Words.Number(t.Value)}% of fee",
    };

    /// <summary>A tier's condition from its band when it has one; a credit line's own wording otherwise.</summary>
    private static string TierCondition(TierCandidateTrace t) => t.Band is { } band ? Words.Condition(band) : t.Condition;

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
