using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>When a credit line pays (the contract's <c>credit ... when ...</c> / <c>per breached incident</c> / <c>for the down period</c>).</summary>
public enum CreditTrigger
{
    /// <summary><c>when availability below 99.9%</c>: the measured value lies in <see cref="CreditLine.Condition"/>.</summary>
    MeasuredIn,
    /// <summary><c>when any guarantee is breached</c>.</summary>
    AnyGuaranteeBreached,
    /// <summary><c>per breached incident</c>: once per breached incident.</summary>
    PerBreachedIncident,
    /// <summary><c>credit 10 times the fee for the down period</c>: the fee pro rata for the downtime, times a factor.</summary>
    ForDownPeriod,
}

/// <summary>What one credit line pays: a percent of the window's fee, days of service, a fixed amount, or a fee multiple for the down period.</summary>
public enum CreditPaymentKind
{
    PercentOfFee,
    DaysOfService,
    FixedAmount,
    FeeMultipleForDownPeriod,
}

/// <summary>
/// One credit line as the compiler emits it. Invariants: <see cref="Condition"/> is set exactly for
/// <see cref="CreditTrigger.MeasuredIn"/>; <see cref="Value"/> is non-negative (percent, days, money in the fee's
/// currency, or the multiple); a fee multiple pays for the down period, always (<see cref="CreditTrigger.ForDownPeriod"/>)
/// or only when its condition holds (<c>credit 100 times the fee for the down period when availability below 99.99%</c>).
/// </summary>
public sealed record CreditLine
{
    public CreditLine(string label, CreditTrigger trigger, ValueCondition? condition, CreditPaymentKind payment, decimal value)
    {
        if ((trigger == CreditTrigger.MeasuredIn) != (condition is not null)) throw new ArgumentException("A condition is given exactly for a measured-value tier.", nameof(condition));
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "A credit amount is non-negative.");
        if (trigger == CreditTrigger.ForDownPeriod && payment != CreditPaymentKind.FeeMultipleForDownPeriod)
            throw new ArgumentException("A line for the down period pays a fee multiple.", nameof(payment));
        if (payment == CreditPaymentKind.FeeMultipleForDownPeriod && trigger == CreditTrigger.PerBreachedIncident)
            throw new ArgumentException("A fee multiple is paid for the down period, not per breached incident.", nameof(payment));
        Label = label;
        Trigger = trigger;
        Condition = condition;
        Payment = payment;
        Value = value;
    }

    public string Label { get; }
    public CreditTrigger Trigger { get; }
    public ValueCondition? Condition { get; }
    public CreditPaymentKind Payment { get; }
    public decimal Value { get; }

    /// <summary>The line's own clause citation (<c>clause "3.3": credit ...</c>), or null.</summary>
    public string? Clause { get; init; }

    /// <summary>
    /// A fee multiple prorated over the SLA's measured period (<see cref="CreditFacts.MeasuredSeconds"/>: the window minus
    /// excluded time, Cloudflare's scheduled availability) instead of the calendar window.
    /// </summary>
    public bool OverMeasuredPeriod { get; init; }
}

/// <summary>The facts of one window a credit line may depend on. Invariants: breaches and downtime are non-negative.</summary>
public sealed record CreditFacts(ExactRatio? Measured, bool AnyGuaranteeBreached, int BreachedIncidents, decimal DowntimeSeconds)
{
    public static CreditFacts Of(CommitmentResult result, int breachedIncidents = 0) =>
        new(result.Measured, result.Verdict == Verdict.Breached, breachedIncidents, result.DowntimeSeconds ?? 0m) { MeasuredSeconds = result.MeasuredSeconds };

    /// <summary>The measured period (the denominator) in seconds, for a fee multiple over it; null when there is none.</summary>
    public decimal? MeasuredSeconds { get; init; }
}

/// <summary>
/// The credit of one window from any mix of credit lines (generalises <see cref="CreditCalculator.Tiered"/>): each line
/// that holds is worth its exact amount; the most valuable holding line applies (first listed on a tie), or the sum of
/// all holding lines when cumulative; then the window's caps and minimum, then rounding once.
/// A day of service is the window's fee / its local days; a fee multiple pays factor x fee x downtime / window length.
/// </summary>
public static class CreditSchedule
{
    public static CreditDecision Decide(ImmutableArray<CreditLine> lines, bool cumulative, CreditFacts facts, FeeTerms fee, CreditLimits limits, CalendarWindow window)
    {
        var candidates = ImmutableArray.CreateBuilder<TierCandidateTrace>(lines.Length);
        var matched = ImmutableArray.CreateBuilder<string>();
        decimal total = 0;
        CreditLine? best = null;
        decimal bestAmount = 0;
        foreach (var line in lines)
        {
            var holds = Holds(line, facts);
            var amount = holds ? Amount(line, facts, fee, window) : 0m;
            candidates.Add(new TierCandidateTrace(line.Label, Describe(line), PercentOf(holds ? amount : Amount(line, facts with { BreachedIncidents = Math.Max(1, facts.BreachedIncidents) }, fee, window), fee), holds)
            {
                Payment = line.Payment,
                Trigger = line.Trigger,
                Value = line.Value,
                Clause = line.Clause,
            });
            if (!holds) continue;
            if (cumulative) { matched.Add(line.Label); total += amount; }
            else if (best is null || amount > bestAmount) { best = line; bestAmount = amount; }
        }
        if (!cumulative && best is not null) { matched.Add(best.Label); total = bestAmount; }
        var note = matched.Count == 0
            ? CreditCalculator.NoTierMatched
            : cumulative ? $"cumulative: {matched.Count} credit lines hold" : $"most valuable holding credit line: {best!.Label}";
        var basis = lines.All(l => l.Trigger == CreditTrigger.MeasuredIn) ? CreditBasis.Tiers : CreditBasis.CreditLines;
        return CreditCalculator.Finish(basis, candidates.ToImmutable(), matched.ToImmutable(), note, PercentOf(total, fee), total, fee, limits, window);
    }

    /// <summary>Replaces a result's credit (and its trace's credit) with <paramref name="credit"/>; a breach without credit is warned about.</summary>
    public static CommitmentResult WithCredit(CommitmentResult result, CreditDecision credit)
    {
        var warnings = result.Warnings;
        if (credit.Trace.Matched.IsEmpty && result.Verdict == Verdict.Breached)
            warnings = warnings.Add(new BreachWithoutCredit(NoCreditReason.NoCreditLineHolds));
        return result with { Credit = credit, Warnings = warnings, Trace = result.Trace with { Credit = credit.Trace, Warnings = warnings } };
    }

    private static bool Holds(CreditLine line, CreditFacts facts) => line.Trigger switch
    {
        CreditTrigger.MeasuredIn => facts.Measured is { } m && line.Condition!.Holds(m),
        CreditTrigger.AnyGuaranteeBreached => facts.AnyGuaranteeBreached,
        CreditTrigger.PerBreachedIncident => facts.BreachedIncidents > 0,
        _ => facts.DowntimeSeconds > 0,
    };

    private static decimal Amount(CreditLine line, CreditFacts facts, FeeTerms fee, CalendarWindow window)
    {
        var once = line.Payment switch
        {
            CreditPaymentKind.PercentOfFee => line.Value * fee.FeeForWindow / 100m,
            CreditPaymentKind.DaysOfService => fee.FeeForWindow * line.Value / WindowFees.Days(window),
            CreditPaymentKind.FixedAmount => line.Value,
            // Fee for the down period: prorated over the calendar window, or over the measured period when the line says so.
            _ when line.OverMeasuredPeriod => facts.MeasuredSeconds is > 0m and var measured ? line.Value * fee.FeeForWindow * facts.DowntimeSeconds / measured : 0m,
            _ => line.Value * fee.FeeForWindow * facts.DowntimeSeconds * TimeMath.TicksPerSecond / window.Length.BclCompatibleTicks,
        };
        return line.Trigger == CreditTrigger.PerBreachedIncident ? once * facts.BreachedIncidents : once;
    }

    private static decimal PercentOf(decimal amount, FeeTerms fee) => fee.FeeForWindow == 0 ? 0 : amount * 100m / fee.FeeForWindow;

    private static string Describe(CreditLine line) => line.Trigger switch
    {
        CreditTrigger.MeasuredIn => line.Condition!.Describe(),
        CreditTrigger.AnyGuaranteeBreached => "any guarantee breached",
        CreditTrigger.PerBreachedIncident => "per breached incident",
        _ => $"{line.Value} x fee for the down period" + (line.OverMeasuredPeriod ? " over the measured period" : ""),
    };
}

/// <summary>
/// The fee of a window. Rule (docs/semantics.md, Credits): a window clipped by the contract's effective range pays the
/// fee prorated by local calendar days (fee x days in range / days in the period), so a day of service is the same
/// amount in a clipped and a whole window. A fee stated per a shorter period than the window is multiplied (a monthly
/// fee over a quarter is 3 fees).
/// </summary>
public static class WindowFees
{
    /// <summary>Local calendar days of the (possibly clipped) window; clip points are local midnights.</summary>
    public static int Days(CalendarWindow window) => window.IsClipped
        ? Period.Between(window.Start.InZone(window.Zone).Date, StartDateOfEnd(window), PeriodUnits.Days).Days
        : window.CalendarDays;

    /// <summary><paramref name="feePerWindow"/> for a whole window; prorated by days for a clipped one.</summary>
    public static decimal For(decimal feePerWindow, CalendarWindow window) =>
        window.IsClipped ? feePerWindow * Days(window) / window.CalendarDays : feePerWindow;

    private static LocalDate StartDateOfEnd(CalendarWindow window)
    {
        var local = window.End.InZone(window.Zone);
        // A clip at a local midnight: the end date itself; otherwise the day the end falls in counts as begun.
        return local.TimeOfDay == LocalTime.Midnight ? local.Date : local.Date.PlusDays(1);
    }
}

/// <summary>
/// Caps of exclusions and credits stated per a period longer than the measurement window (<c>at most 10 hours per
/// year</c> on a quarterly SLA, <c>credits capped at 100% of fee per contract year</c>): what is left of the cap when the
/// window starts, the earlier part of the cap period having consumed its share chronologically.
/// </summary>
public static class LongerPeriodCaps
{
    /// <summary>
    /// The exclusion <paramref name="clause"/> with its cap reduced by the clause's own time between
    /// <paramref name="capPeriodStart"/> and the window's start (chronological consumption over the whole cap period).
    /// </summary>
    public static TimeExclusion RemainingFor(TimeExclusion clause, Duration capPerPeriod, Instant capPeriodStart, CalendarWindow window)
    {
        var s = (long[])clause.Starts.Clone();
        var e = (long[])clause.Ends.Clone();
        var n = IntervalKernels.UnionInPlace(s, e);
        n = IntervalKernels.ClipInPlace(s.AsSpan(0, n), e.AsSpan(0, n), default, capPeriodStart.ToUnixTimeTicks(), window.StartTicks);
        var used = Duration.FromTicks(IntervalKernels.TotalTicks(s.AsSpan(0, n), e.AsSpan(0, n)));
        var remaining = used >= capPerPeriod ? Duration.Zero : capPerPeriod - used;
        return new TimeExclusion(clause.Clause, clause.Kind, clause.Starts, clause.Ends, remaining, clause.Evidence, clause.BeyondCapCountsAsDowntime);
    }

    /// <summary>
    /// Applies a cap over a period of several windows (a contract year) to this window's credit: the earlier windows'
    /// exact credits (after their own caps) consume the cap first; this window gets at most what is left.
    /// </summary>
    public static CommitmentResult CapCredit(CommitmentResult result, IEnumerable<decimal> earlierExactCredits, decimal capAmount, string rule, string? clause = null)
    {
        if (result.Credit is not { } credit) return result;
        var used = earlierExactCredits.Sum();
        var left = Math.Max(capAmount - used, 0m);
        if (credit.ExactAmount <= left) return result;
        var rounded = MoneyRounding.Round(left, credit.Currency, credit.Trace.Rounding);
        var trace = credit.Trace with
        {
            Caps = credit.Trace.Caps.Add(new CapTrace($"{rule} ({used} {credit.Currency} already credited earlier in the period)", credit.ExactAmount, left) { Clause = clause }),
            ExactAmount = left,
            Amount = rounded,
        };
        var capped = credit with { ExactAmount = left, Amount = rounded, Trace = trace, GrantedPercentOfFee = CreditDecision.PercentOf(left, credit.Trace.FeeForWindow) };
        return result with { Credit = capped, Trace = result.Trace with { Credit = trace } };
    }
}

/// <summary>Post-measurement steps a contract may state: rounding of the measured value before comparison, several budget warnings.</summary>
public static class MeasuredValueSteps
{
    /// <summary>
    /// <c>round measured value to N places</c>: the percent is rounded (stated mode) and the verdict is taken on the
    /// rounded value; the exact value stays in a warning line. Credits are decided afterwards on the rounded value.
    /// </summary>
    public static CommitmentResult RoundPercent(CommitmentResult result, int places, MoneyRoundingMode mode, ValueCondition target)
    {
        if (result.Measured is not { } exact) return result;
        var percent = MoneyRounding.RoundTo(exact.ToPercentForDisplay(), places, mode);
        var rounded = new ExactRatio(percent, 100m);
        var verdict = target.Holds(rounded) ? Verdict.Met : Verdict.Breached;
        var warnings = result.Warnings.Add(new MeasuredValueRounded(places, mode, percent, exact.Numerator, exact.Denominator));
        var measurement = result.Trace.Measurement with
        {
            Numerator = rounded.Numerator,
            Denominator = rounded.Denominator,
            PercentForDisplay = percent,
            Verdict = verdict,
        };
        return result with { Measured = rounded, Verdict = verdict, Warnings = warnings, Trace = result.Trace with { Measurement = measurement, Warnings = warnings } };
    }

    /// <summary>Adds a line to the result's warnings (a clause the measure cannot honour is said, not skipped).</summary>
    public static CommitmentResult Note(CommitmentResult result, EvaluationWarning note)
    {
        var warnings = result.Warnings.Add(note);
        return result with { Warnings = warnings, Trace = result.Trace with { Warnings = warnings } };
    }

    /// <summary>
    /// Every <c>warn when P% of downtime budget is used</c> threshold that is reached gets a line, the highest first
    /// (a threshold is reached when used x 100 &gt;= P x budget, exact).
    /// </summary>
    public static CommitmentResult WarnAtBudgetShares(CommitmentResult result, params decimal[] thresholds)
    {
        if (result.Budget is not { } budget || budget.BudgetSeconds < 0) return result;
        var added = ImmutableArray.CreateBuilder<EvaluationWarning>();
        if (budget.UsedSeconds > budget.BudgetSeconds && thresholds.Length > 0)
            added.Add(new DowntimeBudgetExceeded(budget.UsedSeconds, budget.BudgetSeconds, null));
        foreach (var t in thresholds.OrderByDescending(t => t))
            if (budget.UsedSeconds * 100m >= t * budget.BudgetSeconds)
                added.Add(new DowntimeBudgetShareUsed(t, budget.UsedSeconds, budget.BudgetSeconds));
        if (added.Count == 0) return result;
        // Budget thresholds are the provider's operational signal: the statement leaves them out (WarningAudience.Provider).
        var warnings = result.Warnings.AddRange(added);
        return result with { Warnings = warnings, Trace = result.Trace with { Warnings = warnings } };
    }
}

/// <summary>Time exclusions built from incident records (an incident exclusion with a cap, or on downtime found from request data).</summary>
public static class IncidentTimeExclusion
{
    /// <summary>The intervals of the incidents the predicate selects ([started, min(resolved, as-of))), as excluded time.</summary>
    public static TimeExclusion From(string clause, IEnumerable<Data.Incident> incidents, Func<Data.Incident, bool> predicate, Instant asOf, Duration? capPerWindow)
    {
        var s = new List<long>();
        var e = new List<long>();
        var ids = ImmutableArray.CreateBuilder<string>();
        foreach (var i in incidents)
        {
            if (!predicate(i)) continue;
            var end = i.Resolved is { } r && r < asOf ? r : asOf;
            if (end <= i.Started) continue;
            s.Add(i.Started.ToUnixTimeTicks());
            e.Add(end.ToUnixTimeTicks());
            ids.Add(i.Id);
        }
        return new TimeExclusion(clause, ExclusionKind.Incident, s.ToArray(), e.ToArray(), capPerWindow, ids.ToImmutable());
    }
}

/// <summary>Maintenance exclusions over an availability of several services.</summary>
public static class MaintenanceExclusion
{
    /// <summary>Maintenance that covers any of <paramref name="services"/> and satisfies the clause's predicate.</summary>
    public static TimeExclusion ForServices(string clause, IEnumerable<Data.Maintenance> maintenance, ImmutableArray<string> services, Func<Data.Maintenance, bool> predicate, Duration? capPerWindow)
    {
        var s = new List<long>();
        var e = new List<long>();
        var ids = ImmutableArray.CreateBuilder<string>();
        foreach (var m in maintenance)
        {
            if (!services.Any(m.Covers) || !predicate(m)) continue;
            s.Add(m.Start.ToUnixTimeTicks());
            e.Add(m.End.ToUnixTimeTicks());
            ids.Add(m.Id);
        }
        return new TimeExclusion(clause, ExclusionKind.Maintenance, s.ToArray(), e.ToArray(), capPerWindow, ids.ToImmutable());
    }
}

/// <summary>Request data selected for a request-defined downtime rule, with a note when there is none in the window.</summary>
public static class RequestEvidence
{
    /// <summary>The slices of <paramref name="service"/>; all of them, so runs crossing the window edge are judged whole.</summary>
    public static List<Data.RequestSlice> Of(IEnumerable<Data.RequestSlice> requests, string service) =>
        requests.Where(r => r.Service == service).ToList();

    /// <summary>The same as the enumerable overload, from the per-service index of the loaded slices (what generated evaluators call with <c>input.Requests</c>).</summary>
    public static List<Data.RequestSlice> Of(ImmutableArray<Data.RequestSlice> requests, string service) => [.. IndexedOf(requests, service)];

    /// <summary>
    /// The slices of any of <paramref name="services"/>, in file order, as a new array the caller may keep. One service is
    /// read from the per-service index of <paramref name="requests"/> (built once per loaded array, so the KPI trend's
    /// earlier windows and several KPIs on one service do not scan every slice again); several are one ordered scan.
    /// </summary>
    public static Data.RequestSlice[] OfServices(ImmutableArray<Data.RequestSlice> requests, params string[] services)
    {
        if (services.Length == 1) return [.. IndexedOf(requests, services[0])];
        var selected = new List<Data.RequestSlice>();
        foreach (var slice in requests)
            if (Array.IndexOf(services, slice.Service) >= 0) selected.Add(slice);
        return [.. selected];
    }

    // Keyed by the loaded array itself: immutable, so the index stays right for as long as the array lives.
    private static readonly ConditionalWeakTable<Data.RequestSlice[], Dictionary<string, Data.RequestSlice[]>> ServiceIndex = new();

    /// <summary>The index's own array of one service's slices, in file order: never handed out (callers get copies).</summary>
    private static Data.RequestSlice[] IndexedOf(ImmutableArray<Data.RequestSlice> requests, string service)
    {
        if (ImmutableCollectionsMarshal.AsArray(requests) is not { Length: > 0 } array) return [];
        // An array of this service's slices only (a contract's own slices, ContractInputs): itself, without an index.
        if (OnlyOf(array, service)) return array;
        var index = ServiceIndex.GetValue(array, static all =>
        {
            var lists = new Dictionary<string, List<Data.RequestSlice>>(StringComparer.Ordinal);
            foreach (var slice in all)
            {
                if (!lists.TryGetValue(slice.Service, out var list)) lists[slice.Service] = list = [];
                list.Add(slice);
            }
            return lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        });
        return index.TryGetValue(service, out var slices) ? slices : [];
    }

    private static bool OnlyOf(Data.RequestSlice[] slices, string service)
    {
        foreach (var slice in slices)
            if (!string.Equals(slice.Service, service, StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>
    /// Down runs of each service judged on that service's own slices (runs never mix services), as one body of evidence:
    /// the evaluator's union then counts a time once however many services were down.
    /// </summary>
    public static DowntimeEvidence DownRunsOf(IEnumerable<Data.RequestSlice> requests, ImmutableArray<string> services, Func<Data.RequestSlice, bool> isDown, int minConsecutive, Instant? asOf = null) =>
        Merge(services.Select(service => (service, RequestMetrics.DownRuns(Of(requests, service), isDown, minConsecutive, asOf: asOf))).ToList());

    private static DowntimeEvidence Merge(List<(string Service, DowntimeEvidence Runs)> parts) =>
        new DowntimeEvidence(
            parts.SelectMany(p => p.Runs.Ids.Select(id => p.Service + " " + id)).ToArray(),
            parts.SelectMany(p => p.Runs.Starts).ToArray(),
            parts.SelectMany(p => p.Runs.Ends).ToArray(),
            parts.SelectMany(p => p.Runs.Weights).ToArray())
        {
            Notes = [.. parts.SelectMany(p => p.Runs.Notes.Select(note => (EvaluationWarning)new ServiceWarning(p.Service, note)))],
        };

    // What generated evaluators call: the whole input, so that request slices held in columns (EvaluationInput.RequestTable)
    // are read there (by column for the error-rate rules) and slices held as objects as before; either gives the same result.

    /// <summary>The slices of <paramref name="service"/>, as objects, in file order (from the table when the input has one).</summary>
    public static List<Data.RequestSlice> Of(EvaluationInput input, string service) =>
        input.RequestTable is { } table ? [.. RequestTableMemo.Of(table).SlicesOf(table, [service])] : Of(input.Requests, service);

    /// <summary>The slices of any of <paramref name="services"/> (every slice when none is named), as objects, in file order.</summary>
    public static IReadOnlyList<Data.RequestSlice> OfServices(EvaluationInput input, params string[] services) =>
        input.RequestTable is { } table
            ? RequestTableMemo.Of(table).SlicesOf(table, services)
            : (services.Length == 0 ? input.Requests : OfServices(input.Requests, services));

    /// <summary>Down runs of one service's slices by <paramref name="rule"/> (<see cref="RequestMetrics.DownRuns(IReadOnlyList{Data.RequestSlice}, Func{Data.RequestSlice, bool}, int, decimal, Instant?)"/> at the input's as-of), by column when the input has a table.</summary>
    public static DowntimeEvidence DownRuns(EvaluationInput input, string service, ErrorRateRule rule, int minConsecutive) =>
        input.RequestTable is { } table
            ? RequestTableMemo.Of(table).DownRuns(table, service, rule, minConsecutive, input.AsOf)
            : RequestMetrics.DownRuns(Of(input.Requests, service), rule.IsDown, minConsecutive, asOf: input.AsOf);

    /// <summary>As <see cref="DownRunsOf(IEnumerable{Data.RequestSlice}, ImmutableArray{string}, Func{Data.RequestSlice, bool}, int, Instant?)"/>: each service's runs on its own slices, as one body of evidence.</summary>
    public static DowntimeEvidence DownRunsOf(EvaluationInput input, ImmutableArray<string> services, ErrorRateRule rule, int minConsecutive) =>
        Merge(services.Select(service => (service, DownRuns(input, service, rule, minConsecutive))).ToList());

    /// <summary>Adds a warning for each service with no slice starting in the window.</summary>
    public static CommitmentResult NoteMissing(CommitmentResult result, EvaluationInput input, ImmutableArray<string> services, CalendarWindow window)
    {
        if (input.RequestTable is not { } table) return NoteMissing(result, input.Requests, services, window);
        foreach (var service in services)
            if (!RequestTableMemo.Of(table).AnyStartsIn(table, service, window))
                result = MeasuredValueSteps.Note(result, new NoRequestData(service, window.Label));
        return result;
    }

    /// <summary>Adds a warning when no slice of the service starts in the window (the one-service form: downtime from request data is then zero by absence of evidence).</summary>
    public static CommitmentResult NoteMissing(CommitmentResult result, EvaluationInput input, string service, CalendarWindow window)
    {
        if (input.RequestTable is not { } table) return NoteMissing(result, Of(input.Requests, service), service, window);
        if (RequestTableMemo.Of(table).AnyStartsIn(table, service, window)) return result;
        var warnings = result.Warnings.Add(new NoRequestData(service, window.Label));
        return result with { Warnings = warnings, Trace = result.Trace with { Warnings = warnings } };
    }

    /// <summary>The deployments of the measured services (the deployed-time denominator).</summary>
    public static List<Data.Deployment> DeploymentsOf(IEnumerable<Data.Deployment> deployments, ImmutableArray<string> services) =>
        deployments.Where(d => services.Contains(d.Service)).ToList();

    /// <summary>Adds a warning for each service with no slice starting in the window.</summary>
    public static CommitmentResult NoteMissing(CommitmentResult result, IEnumerable<Data.RequestSlice> requests, ImmutableArray<string> services, CalendarWindow window)
    {
        foreach (var service in services)
            if (!requests.Any(s => s.Service == service && window.Contains(s.Start)))
                result = MeasuredValueSteps.Note(result, new NoRequestData(service, window.Label));
        return result;
    }

    /// <summary>Adds a warning when no slice of the service starts in the window: downtime from request data is then zero by absence of evidence.</summary>
    public static CommitmentResult NoteMissing(CommitmentResult result, IReadOnlyList<Data.RequestSlice> slices, string service, CalendarWindow window)
    {
        if (slices.Any(s => window.Contains(s.Start))) return result;
        var warnings = result.Warnings.Add(new NoRequestData(service, window.Label));
        return result with { Warnings = warnings, Trace = result.Trace with { Warnings = warnings } };
    }
}
