using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Reports.Mapping;

/// <summary>
/// How the contract words one SLA: its title, its guarantee as written ("availability at least 99.9%"), each guarantee
/// on its own (in the order written, for an SLA of several). What each credit line pays comes from the trace's typed
/// payment (<see cref="TraceExplanation.TierAmount"/>), not from here.
/// </summary>
public sealed record CommitmentWording(string? Title, string TargetText, ImmutableArray<string> GuaranteeTexts = default)
{
    /// <summary>An SLA's wording from its guarantees' typed terms (the compiler's facts), worded by <see cref="Words.Guarantee"/>.</summary>
    public static CommitmentWording Of(string? title, ImmutableArray<GuaranteeTerms> guarantees)
    {
        ImmutableArray<string> texts = [.. guarantees.Select(Words.Guarantee)];
        return new CommitmentWording(title, string.Join("; ", texts), texts);
    }

    /// <summary>
    /// The window the SLA is measured per (with its parameter: a billing cycle's start day, a rolling window's days),
    /// when all its guarantees share one; a statement for another period says which statement reports the SLA.
    /// </summary>
    public (SlaKpiDsl.Runtime.Time.WindowKind Kind, int? Parameter)? MeasuredPer { get; init; }
}

/// <summary>
/// What a statement needs about the contract that an evaluation does not carry (it comes from the semantic model).
/// Invariant: the contract name is the evaluation's; null provider/customer means the contract does not name them.
/// </summary>
public sealed record StatementContext(
    string ContractName,
    string? Provider,
    string? Customer,
    LocalDate? EffectiveFrom,
    LocalDate? EffectiveUntil,
    DateTimeZone Zone,
    string? Currency,
    string RoundingMode,
    ImmutableDictionary<string, CommitmentWording> Commitments,
    StatementFooter Footer)
{
    /// <summary>The contract's claims clause (contact, portal, reference); null when it states none.</summary>
    public ClaimInstructions? Claim { get; init; }

    /// <summary>An amended contract's versions (the evaluator's facts), named on the statement; empty for a contract never amended.</summary>
    public ImmutableArray<Runtime.Evaluation.ContractVersion> Versions { get; init; } = [];

    /// <summary>
    /// The incident records the contract was evaluated on: a ledger names each incident's service, severity, impact and
    /// title from them. Empty: the ledger shows what the trace holds only.
    /// </summary>
    public ImmutableArray<Incident> Incidents { get; init; } = [];
}

/// <summary>
/// Maps a contract's evaluation for one period to the customer statement. Reads only <see cref="ContractEvaluation.Slas"/>:
/// <see cref="ContractEvaluation.Kpis"/> is internal and is never read here (a test proves no KPI text reaches the PDF).
/// Numbers come from the trace unchanged; the only arithmetic is display (percent with enough places to show the
/// verdict honestly) and seconds summed in the ledger, which must equal the evaluator's downtime (checked).
/// </summary>
public static class StatementMapping
{
    public const string NotStated = "not stated in the contract";

    public static StatementDocument Map(ContractEvaluation evaluation, StatementContext context)
    {
        if (evaluation.ContractName != context.ContractName)
            throw new ArgumentException($"Context for '{context.ContractName}' given for evaluation of '{evaluation.ContractName}'.", nameof(context));
        var period = Period(evaluation, context);
        var lines = ImmutableArray.CreateBuilder<CommitmentLine>();
        var ledgers = ImmutableArray.CreateBuilder<DowntimeLedger>();
        var clockLedgers = ImmutableArray.CreateBuilder<ClockLedger>();
        var credits = ImmutableArray.CreateBuilder<StatementCreditLine>();
        LocalDate? claimDeadline = null;
        string? currency = context.Currency;
        var fees = new SortedSet<decimal>();
        // Built on the first ledger that lists an incident (most statements of a large batch list none).
        var records = new Lazy<Dictionary<string, Incident>>(() => RecordsById(context.Incidents), LazyThreadSafetyMode.None);
        foreach (var outcome in evaluation.Slas)
        {
            // A window split by an amendment: each version's part is a line of its own, worded with that version's terms.
            var key = outcome.Commitment;
            var wording = context.Commitments.GetValueOrDefault(outcome.Part is { } part ? $"{key}#{part.Number}" : key);
            var name = wording?.Title ?? outcome.Commitment;
            if (outcome.Part is { } p && outcome.Result is { } pr)
            {
                var words = Words.Part(p, pr.Trace.WindowStart.InZone(context.Zone).Date, pr.Trace.WindowEnd.InZone(context.Zone).Date);
                key = $"{key} ({words})";
                name = $"{name} ({words})";
            }
            if (outcome.Result is not { } r)
            {
                lines.Add(new CommitmentLine(key, name, outcome.Clause ?? "", wording?.TargetText ?? "see the contract", "-", StatementVerdict.NotEvaluated, "-",
                    NotEvaluatedNote(outcome, wording, evaluation.Period)));
                continue;
            }
            lines.Add(Line(outcome, r, name, wording, key));
            // An empty measured period (e.g. nothing deployed) has no value and so no ledger; the line says why.
            if (r.Trace.Denominator is { MeasuredSeconds: > 0 }) ledgers.Add(Ledger(r with { Commitment = key }, context.Zone, WindowLabel(r.Trace, context.Zone, period), records));
            if (ClockLedgerOf(r with { Commitment = key }, wording, context.Zone) is { } clockLedger) clockLedgers.Add(clockLedger);
            if (r.Credit is { } fee) fees.Add(fee.Trace.FeeForWindow);
            if (r.Credit is { HasCredit: true } c)
            {
                currency ??= c.Currency;
                var (tier, basis) = CreditWords(r, c);
                credits.Add(new StatementCreditLine(key, tier, c.PercentOfFee, c.Amount, c.Currency,
                    [.. c.Trace.Caps.Select(cap => $"{(cap.Clause is null ? "" : $"clause {cap.Clause}: ")}{cap.Rule}: {Words.MoneyAmount(cap.Before, c.Trace.MinorUnits)} -> {Words.Money(cap.After, c.Currency)}")], basis,
                    c.GrantedPercentOfFee)
                {
                    Computation = new CreditComputation(c.Trace.FeeForWindow, c.Trace.AmountBeforeCaps, c.ExactAmount, Words.Rounding(c.Trace.Rounding)),
                });
                if (outcome.ClaimDeadline is { } d && (claimDeadline is null || d.LastDay < claimDeadline)) claimDeadline = d.LastDay;
            }
        }
        // One fee for every commitment's window is the statement's fee; different fees (a quarterly and a monthly window) stay per line.
        var creditSummary = new CreditSummary(currency ?? "USD", credits.ToImmutable(), claimDeadline, context.RoundingMode)
        {
            FeeForWindow = fees.Count == 1 ? fees.Min : null,
            Claim = context.Claim,
        };
        return new StatementDocument(
            new Party(context.Provider ?? "Provider " + NotStated),
            new Party(context.Customer ?? "Customer " + NotStated),
            new ContractInfo(context.ContractName, context.EffectiveFrom, context.EffectiveUntil) { Terms = context.Versions.IsEmpty ? null : Words.Terms(context.Versions) },
            period,
            lines.ToImmutable(),
            ledgers.ToImmutable(),
            creditSummary,
            context.Footer,
            evaluation.AsOf,
            clockLedgers.ToImmutable());
    }

    /// <summary>
    /// The statement period is the window the evaluator measured: when every evaluated SLA measured one window (a
    /// contract effective or ending mid-month measures the part of the month inside its term), that window; otherwise
    /// the calendar period cut to the contract's term, the evaluator's own rule. Its length is elapsed time.
    /// </summary>
    public static StatementPeriod Period(ContractEvaluation evaluation, StatementContext context)
    {
        var calendar = Period(evaluation.Period, context.Zone);
        var windows = evaluation.Slas.Where(o => o.Result is not null)
            .Select(o => (o.Result!.Trace.WindowStart, o.Result.Trace.WindowEnd)).Distinct().ToList();
        if (windows.Count == 1)
            return Measured(calendar.Label, context.Zone, windows[0].WindowStart.InZone(context.Zone).LocalDateTime, windows[0].WindowEnd.InZone(context.Zone).LocalDateTime);
        var start = context.EffectiveFrom is { } from && from.AtMidnight() > calendar.StartLocal ? from.AtMidnight() : calendar.StartLocal;
        var end = context.EffectiveUntil is { } until && until.AtMidnight() < calendar.EndLocal ? until.AtMidnight() : calendar.EndLocal;
        return end > start && (start != calendar.StartLocal || end != calendar.EndLocal) ? Measured(calendar.Label, context.Zone, start, end) : calendar;
    }

    private static StatementPeriod Measured(string label, DateTimeZone zone, LocalDateTime start, LocalDateTime end)
    {
        var elapsed = zone.AtLeniently(end).ToInstant() - zone.AtLeniently(start).ToInstant();
        if (elapsed.BclCompatibleTicks % NodaConstants.TicksPerMinute != 0)
            throw new InvalidOperationException($"Period {label} in {zone.Id} is not a whole number of minutes ({elapsed}).");
        return new StatementPeriod(label, zone.Id, start, end, elapsed.BclCompatibleTicks / NodaConstants.TicksPerMinute)
        {
            OffsetChanges = OffsetChanges(zone, zone.AtLeniently(start).ToInstant(), zone.AtLeniently(end).ToInstant()),
        };
    }

    /// <summary>True when the zone's UTC offset is not the same throughout [start, end) (a daylight-saving change inside it).</summary>
    public static bool OffsetChanges(DateTimeZone zone, Instant start, Instant end) =>
        zone.GetZoneIntervals(new Interval(start, end)).Select(i => i.WallOffset).Distinct().Count() > 1;

    /// <summary>The calendar period in the contract's zone; its length is elapsed time between the local midnights.</summary>
    public static StatementPeriod Period(EvaluationPeriod period, DateTimeZone zone)
    {
        LocalDate start, end;
        string label;
        if (period.Month is { } m)
        {
            start = new LocalDate(period.Year, m, 1);
            end = start.PlusMonths(1);
            label = start.ToString("MMMM uuuu", CultureInfo.InvariantCulture);
        }
        else if (period.Quarter is { } q)
        {
            start = new LocalDate(period.Year, (q - 1) * 3 + 1, 1);
            end = start.PlusMonths(3);
            label = $"Q{q} {period.Year}";
        }
        else
        {
            start = new LocalDate(period.Year, 1, 1);
            end = start.PlusYears(1);
            label = period.Year.ToString(CultureInfo.InvariantCulture);
        }
        var elapsed = zone.AtStartOfDay(end).ToInstant() - zone.AtStartOfDay(start).ToInstant();
        if (elapsed.BclCompatibleTicks % NodaConstants.TicksPerMinute != 0)
            throw new InvalidOperationException($"Period {label} in {zone.Id} is not a whole number of minutes ({elapsed}).");
        return new StatementPeriod(label, zone.Id, start.AtMidnight(), end.AtMidnight(), elapsed.BclCompatibleTicks / NodaConstants.TicksPerMinute)
        {
            OffsetChanges = OffsetChanges(zone, zone.AtStartOfDay(start).ToInstant(), zone.AtStartOfDay(end).ToInstant()),
        };
    }

    /// <summary>
    /// Why a line has no figure, for the customer. An SLA measured per another window than the statement's period says
    /// which statement reports it (from the contract's window, not the evaluator's message for the command line).
    /// </summary>
    private static string NotEvaluatedNote(CommitmentOutcome outcome, CommitmentWording? wording, EvaluationPeriod period) => outcome.Kind switch
    {
        OutcomeKind.OutsideEffectiveRange => "not evaluated: " + outcome.Reason,
        OutcomeKind.PeriodMismatch when wording?.MeasuredPer is { } per => "not in this statement: " + Words.CoveringStatements(per.Kind, per.Parameter, period),
        OutcomeKind.PeriodMismatch => "not evaluated: " + outcome.Reason,
        _ => "not evaluated by this version of the evaluator (" + outcome.Reason + "); no figure is stated and no credit is computed for it",
    };

    private static CommitmentLine Line(CommitmentOutcome outcome, CommitmentResult r, string name, CommitmentWording? wording, string key)
    {
        var notes = CustomerNotes(r.CustomerWarnings);
        if (outcome.Guarantees.IsEmpty) return Single(key, r, name, outcome.Clause ?? "", wording?.TargetText, notes);
        // Several guarantees: each has its own line; this line counts the breached ones (breached if any is).
        var guarantees = ImmutableArray.CreateBuilder<CommitmentLine>(outcome.Guarantees.Length);
        for (var i = 0; i < outcome.Guarantees.Length; i++)
        {
            var g = outcome.Guarantees[i];
            var text = wording is { GuaranteeTexts: { IsDefault: false } texts } && i < texts.Length ? texts[i] : null;
            guarantees.Add(Single($"{key}/{i + 1}", g, g.Trace.Measurement.Measure, g.Clause ?? "", text, CustomerNotes(g.CustomerWarnings)));
        }
        var target = $"each of the {outcome.Guarantees.Length} guarantees below; breached if any is";
        return new CommitmentLine(key, name, outcome.Clause ?? "", target, OutcomeWording.Measured(outcome) ?? "-", VerdictOf(r.Verdict), "-",
            // The guarantees' own warnings are on their lines.
            string.Join("; ", CustomerNotes(r.CustomerWarnings.Where(w => w is not GuaranteeWarning))))
        { Guarantees = guarantees.ToImmutable() };
    }

    /// <summary>A result's customer warnings worded for the statement (durations in minutes).</summary>
    private static List<string> CustomerNotes(IEnumerable<EvaluationWarning> warnings) => warnings.Select(w => Words.Warning(w, WarningStyle.Customer)).ToList();

    /// <summary>One guarantee's line: its value and margin, or for an every-incident clock the late incidents and the slowest clock.</summary>
    private static CommitmentLine Single(string key, CommitmentResult r, string name, string clause, string? targetText, List<string> notes)
    {
        var shownTarget = targetText ?? Words.Target(r.Trace.Measurement);
        var verdict = VerdictOf(r.Verdict);
        if (OutcomeWording.IsIncidentClock(r))
        {
            var measured = OutcomeWording.Measured(CommitmentOutcome.Evaluated(r)) ?? "-";
            if (OutcomeWording.Slowest(r) is { } slowest) notes.Insert(0, "slowest clock: " + slowest);
            return new CommitmentLine(key, name, clause, shownTarget, measured, verdict, "-", string.Join("; ", notes));
        }
        if (r.Measured is not { } value)
            return new CommitmentLine(key, name, clause, shownTarget, "no value", verdict, "-", string.Join("; ", notes));
        var bound = r.Trace.Measurement.Bound;
        var margin = Words.Margin(value, bound) is { } m ? m + (r.Unit == ValueUnit.Percent ? " pp" : "") : "-";
        return new CommitmentLine(key, name, clause, shownTarget, Words.Measured(value, r.Unit, bound), verdict, margin, string.Join("; ", notes));
    }

    private static StatementVerdict VerdictOf(Verdict verdict) => verdict switch
    {
        Verdict.Met => StatementVerdict.Met,
        Verdict.Breached => StatementVerdict.Breached,
        _ => StatementVerdict.NotEvaluated,
    };

    /// <summary>The clocks of an every-incident guarantee with a late incident; null when none was late (the line says so).</summary>
    private static ClockLedger? ClockLedgerOf(CommitmentResult r, CommitmentWording? wording, DateTimeZone zone)
    {
        if (!OutcomeWording.IsIncidentClock(r) || !r.Trace.Incidents.Any(i => i.Outcome == IncidentOutcome.ClockBreached)) return null;
        OffsetDateTime Local(Instant i) => i.InZone(zone).ToOffsetDateTime();
        var clocks = r.Trace.Incidents
            .Where(i => i.Outcome is IncidentOutcome.ClockMet or IncidentOutcome.ClockBreached or IncidentOutcome.ClockPending)
            .Select(i => new LedgerIncident(i.Id, Local(i.Start), Local(i.End), i.Seconds, 1m, IncidentOutcomeText(i)))
            .ToImmutableArray();
        return new ClockLedger(r.Commitment, wording?.TargetText ?? Words.Target(r.Trace.Measurement), clocks);
    }

    /// <summary>
    /// The tier as the contract words it and what it pays. A measured-value tier is its band (">= 99.0% and < 99.9%");
    /// a tier on breaches is its wording ("any guarantee is breached", "per breached incident: 2 x 5%"); a credit that
    /// is not a percent of the fee (days of service, a fixed amount, a fee multiple) shows that amount, not a percent.
    /// </summary>
    private static (string Tier, string Basis) CreditWords(CommitmentResult r, CreditDecision c)
    {
        var trace = c.Trace;
        // After a cap or a minimum the granted percent is shown with the tier's beside it (as evaluate shows it).
        var percent = c.Limited ? $"{Words.Rounded(c.GrantedPercentOfFee, 4)}% (tier {Words.Rounded(c.PercentOfFee, 4)}%)" : Words.Plain(c.PercentOfFee) + "%";
        if (trace.Basis == CreditBasis.PerBreach)
        {
            var breaches = r.Measured is { } m && m.Denominator != 0 ? m.Numerator / m.Denominator : 0m;
            var each = breaches == 0 ? c.PercentOfFee : c.PercentOfFee / breaches;
            return ($"per breached incident: {Words.Plain(breaches)} x {Words.Plain(each)}%", percent);
        }
        if (trace.Matched.IsEmpty) return (trace.Note, percent);
        var matched = trace.Matched.Select(label => trace.Candidates.FirstOrDefault(t => t.Label == label)).ToList();
        // What each tier pays, worded from the trace's typed payment (as explain words it), never parsed from text.
        var amounts = matched.Select(t => t is null ? null : TraceExplanation.TierAmount(t, trace)).ToList();
        // A tier that cites its own clause is named with it ("clause 3.3: < 99.9%"), as an exclusion's ledger line is.
        var tier = string.Join(" + ", matched.Select((t, i) => t is null ? trace.Matched[i] : (t.Clause is null ? "" : $"clause {t.Clause}: ") + TierText(t, amounts[i], r)));
        var allPercent = matched.All(t => t is null || t.Payment == CreditPaymentKind.PercentOfFee);
        var basis = allPercent ? percent : string.Join(" + ", amounts.Select(a => a ?? "see the contract"));
        return (tier, basis);
    }

    private static string TierText(TierCandidateTrace t, string? amount, CommitmentResult r)
    {
        if (t.Band is { Unit: ValueUnit.Percent } band) return Words.Band(band);
        if (t.Trigger == CreditTrigger.PerBreachedIncident && r.Measured is { } m && m.Denominator != 0)
            return $"per breached incident: {Words.Plain(m.Numerator / m.Denominator)} x {amount ?? "the amount per incident"}";
        if (t.Trigger == CreditTrigger.ForDownPeriod && r.DowntimeSeconds is { } down) return $"for the down period ({Words.Duration(down)})";
        return t.Label;
    }

    /// <summary>The records by id (the data's ids are unique: DATA rules; the first is kept should one repeat).</summary>
    private static Dictionary<string, Incident> RecordsById(ImmutableArray<Incident> incidents)
    {
        var byId = new Dictionary<string, Incident>(incidents.IsDefault ? 0 : incidents.Length, StringComparer.Ordinal);
        if (!incidents.IsDefault)
            foreach (var incident in incidents) byId.TryAdd(incident.Id, incident);
        return byId;
    }

    /// <summary>
    /// The window a ledger measured, in words: the statement's period label when the window is the period, else its days
    /// ("1 Nov 2026 to 14 Nov 2026": a part of a window split by an amendment, or a contract that starts or ends inside
    /// the period), so that "the whole of" never names more time than was measured.
    /// </summary>
    private static string WindowLabel(CommitmentTrace trace, DateTimeZone zone, StatementPeriod period)
    {
        var (start, end) = (trace.WindowStart.InZone(zone).LocalDateTime, trace.WindowEnd.InZone(zone).LocalDateTime);
        if (start == period.StartLocal && end == period.EndLocal) return period.Label;
        var last = end.TimeOfDay == NodaTime.LocalTime.Midnight ? end.Date.PlusDays(-1) : end.Date;
        return start.TimeOfDay == NodaTime.LocalTime.Midnight && end.TimeOfDay == NodaTime.LocalTime.Midnight
            ? (start.Date == last ? $"{start.Date:d MMM yyyy}" : $"{start.Date:d MMM yyyy} to {last:d MMM yyyy}")
            : $"{Words.Date(start.Date)} {Words.Time(start)} to {Words.Date(end.Date)} {Words.Time(end)}";
    }

    private static DowntimeLedger Ledger(CommitmentResult r, DateTimeZone zone, string periodLabel, Lazy<Dictionary<string, Incident>> records)
    {
        var trace = r.Trace;
        OffsetDateTime Local(Instant i) => i.InZone(zone).ToOffsetDateTime();
        var incidents = trace.Incidents
            .Select(i =>
            {
                var record = records.Value.GetValueOrDefault(i.Id);
                return new LedgerIncident(i.Id, Local(i.Start), Local(i.End), i.Seconds, Weight(i.Weight), IncidentOutcomeText(i, trace.ExcludedSegments, DeployedBasis(trace), positioned: !trace.CountedSegments.IsEmpty))
                {
                    Service = record?.Service,
                    Severity = record?.Severity,
                    Impact = record is null ? null : IncidentFormat.FormatImpact(record.Impact),
                    Title = record?.Title,
                    CountedSeconds = i.CountedSeconds,
                };
            })
            .ToImmutableArray();
        var periods = trace.Periods.Select(p => new LedgerPeriod(Local(p.Start), Local(p.End), p.Seconds, Weight(p.Weight), p.Dropped,
                [.. trace.Incidents.Where(i => i.Start < p.End && p.Start < i.End && i.Outcome is IncidentOutcome.Counted or IncidentOutcome.BelowMinimumPeriod or IncidentOutcome.ExcludedByTime)
                    .Select(i => i.Id).Distinct()]))
            .ToImmutableArray();
        var exclusions = trace.Exclusions.Select(x => new LedgerExclusion(ExclusionText(x), x.Clause, x.ExcludedSeconds, x.DowntimeRemovedSeconds)).ToImmutableArray();
        var denominator = trace.Denominator!;
        // The timeline covers the local days of the commitment's own window (a quarterly SLA's ledger spans its quarter).
        // A trace without segment positions (a summary trace, a hand-built one) has no timeline; otherwise its totals
        // must be the ledger's (the ledger's Timeline setter checks), a difference being a bug never shipped.
        var ledger = new DowntimeLedger(r.Commitment, incidents, periods, exclusions, denominator.MeasuredSeconds, MeasuredPeriodWording.Sentence(denominator, periodLabel));
        var positioned = !trace.CountedSegments.IsEmpty || !trace.ExcludedSegments.IsEmpty || ledger is { DowntimeSeconds: 0, DowntimeRemovedSeconds: 0 };
        if (positioned)
            ledger = ledger with { Timeline = DowntimeTimeline.From(trace, zone, trace.WindowStart.InZone(zone).Date, (trace.WindowEnd - Duration.Epsilon).InZone(zone).Date) };
        // The ledger must add up to the evaluator's downtime: a difference is a bug in the mapping or the trace, never shipped.
        if (trace.Measurement.DowntimeSeconds is { } downtime && ledger.DowntimeSeconds != downtime)
            throw new InvalidOperationException($"Ledger of '{r.Commitment}' adds up to {ledger.DowntimeSeconds} s but the evaluation counted {downtime} s.");
        return ledger;
    }

    private static decimal Weight(decimal w) => Math.Clamp(w, 0m, 1m);

    /// <summary>Whether a trace measures against deployed time (the incident's time outside it is not counted).</summary>
    internal static bool DeployedBasis(CommitmentTrace trace) => trace.Denominator?.Kind is DenominatorKind.DeployedTime or DenominatorKind.DeployedTimeMinusExcluded;

    /// <summary>
    /// The part of a counted incident (within the window) neither counted nor removed by a time exclusion: time outside
    /// the measured period (before a deployment, after it ended). The excluded segments are merged first, so time two
    /// clauses both exclude is taken once.
    /// </summary>
    internal static decimal Uncovered(IncidentTrace i, ImmutableArray<ExcludedDowntimeTrace> excluded)
    {
        var overlaps = excluded.IsDefaultOrEmpty ? [] : excluded
            .Select(x => (Start: x.Start > i.Start ? x.Start : i.Start, End: x.End < i.End ? x.End : i.End))
            .Where(x => x.Start < x.End).OrderBy(x => x.Start).ToList();
        var excludedTicks = 0L;
        Instant? runStart = null, runEnd = null;
        foreach (var (start, end) in overlaps)
        {
            if (runEnd is { } re && start <= re)
            {
                if (end > re) runEnd = end;
                continue;
            }
            if (runStart is { } rs) excludedTicks += (runEnd!.Value - rs).BclCompatibleTicks;
            (runStart, runEnd) = (start, end);
        }
        if (runStart is { } last) excludedTicks += (runEnd!.Value - last).BclCompatibleTicks;
        return Math.Max(0m, i.Seconds - i.CountedSeconds - excludedTicks / (decimal)NodaConstants.TicksPerSecond);
    }

    /// <summary>
    /// What happened to an incident, naming the clause that excluded its time: an incident clause's own, or for time
    /// removed by a time exclusion (maintenance, a weekly window) the clauses whose excluded downtime overlaps it.
    /// </summary>
    private static string IncidentOutcomeText(IncidentTrace i, ImmutableArray<ExcludedDowntimeTrace> excluded = default, bool deployedBasis = false, bool positioned = false)
    {
        var clauses = excluded.IsDefaultOrEmpty || i.Outcome is not (IncidentOutcome.Counted or IncidentOutcome.ExcludedByTime)
            ? ""
            : string.Join(" and ", excluded.Where(x => x.Start < i.End && i.Start < x.End).Select(x => x.Clause).Distinct(StringComparer.Ordinal));
        var text = i.Outcome switch
        {
            IncidentOutcome.Counted when i.CountedSeconds < i.Seconds => $"counted in part: {Words.Duration(i.CountedSeconds)}"
                + (clauses.Length > 0 ? $"; time excluded by clause {clauses}" : "")
                // Only a full trace places its counted and excluded time; a summary one cannot tell the rest apart.
                + (positioned && Uncovered(i, excluded) is > 0 and var outside
                    ? $"; {Words.Duration(outside)} outside the {(deployedBasis ? "deployed (measured) time" : "measured period")}"
                    : ""),
            IncidentOutcome.Counted => "counted",
            IncidentOutcome.ExcludedByTime => clauses.Length > 0 ? $"excluded by clause {clauses}" : "inside excluded time",
            IncidentOutcome.ExcludedByIncidentClause => "excluded by clause " + (i.Clause ?? "?"),
            IncidentOutcome.BelowMinimumPeriod => "shorter than the minimum period: not counted",
            IncidentOutcome.OutsideMeasuredPeriod => "outside the measured period",
            IncidentOutcome.ClockMet => "within the time limit",
            IncidentOutcome.ClockBreached => "over the time limit",
            _ => "clock running at the statement date",
        };
        return i.Open ? text + "; still open at the statement date" : text;
    }

    private static string ExclusionText(ExclusionTrace x)
    {
        var what = x.Kind switch
        {
            ExclusionKind.Maintenance => "maintenance",
            ExclusionKind.Incident => "incidents",
            _ => "recurring time window",
        };
        var text = x.Evidence.IsEmpty ? what : $"{what}: {string.Join(", ", x.Evidence)}";
        if (x.CapSeconds is { } cap) text += $" (at most {Words.Duration(cap)} in this period" + (x.BeyondCapSeconds > 0 ? $"; {Words.Duration(x.BeyondCapSeconds)} beyond the cap not excluded)" : ")");
        return text;
    }

}
