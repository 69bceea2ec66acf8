using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// Evaluates a <see cref="DowntimeCommitment"/> for one service in one window. Order of operations (docs/semantics.md):
/// qualify (incident exclusions) -> weight -> weighted union over all data -> minimum-period filter -> clip to the window
/// (and deployed time) -> time exclusions with caps, chronologically, in clause order -> accounting -> denominator ->
/// exact ratio -> verdict -> tier -> caps -> rounding once.
/// <para>
/// An instance owns reusable scratch buffers so evaluating thousands of services allocates little; it is not thread-safe:
/// use one instance per thread. Each thread also keeps the buffers of its last evaluation (grown to its largest input)
/// and lends them to the next instance on that thread, so evaluators made per call (as generated code does) do not grow
/// new buffers for every contract. Intervals are NodaTime ticks (100 ns) internally; results are exact decimals.
/// </para>
/// <para>
/// The class is in three files: this one takes the input (incident records or downtime evidence) into the workspace;
/// <c>DowntimeEvaluator.Workspace.cs</c> holds the reusable scratch buffers; <c>DowntimeEvaluator.Stages.cs</c> runs the
/// stages in the order above and ends with the concluding step every measure shares (<see cref="MeasureConclusion"/>:
/// verdict, credit, budget, next tier).
/// </para>
/// </summary>
public sealed partial class DowntimeEvaluator
{
    /// <summary>
    /// Evaluates from incident records (the compiled <see cref="DowntimeCommitment.Weight"/> qualifies and weighs them) and,
    /// when given, <paramref name="alsoDown"/>: evidence of another downtime definition of the same SLA (any-of: a time
    /// down by either is down, counted once by the union; each run is traced beside the incidents).
    /// </summary>
    public CommitmentResult Evaluate(
        DowntimeCommitment commitment,
        CalendarWindow window,
        Instant asOf,
        IReadOnlyList<Incident> incidents,
        IReadOnlyList<TimeExclusion> timeExclusions,
        IReadOnlyList<Deployment>? deployments = null,
        FeeTerms? fee = null,
        TraceDetail detail = TraceDetail.Full,
        DowntimeEvidence? alsoDown = null)
    {
        var worker = Borrow();
        try
        {
            return worker.EvaluateIncidents(commitment, window, asOf, incidents, timeExclusions, deployments, fee, detail, alsoDown);
        }
        finally
        {
            Park(worker, incidents.Count + (alsoDown?.Count ?? 0));
        }
    }

    /// <summary>
    /// As the overload on incident records, on <paramref name="incidents"/>: rows of an incident table are read by column
    /// when the commitment carries its rule as data (<see cref="DowntimeCommitment.ByColumn"/>), else made into objects.
    /// Read by column, a full trace's incident entries, periods and segments are made when one of them is first read
    /// (<see cref="CommitmentTrace.Incidents"/>, ...), by evaluating again on the same inputs (which the trace keeps), not
    /// while evaluating: a fleet's evaluation whose numbers alone are taken makes no object per incident or period.
    /// </summary>
    public CommitmentResult Evaluate(
        DowntimeCommitment commitment,
        CalendarWindow window,
        Instant asOf,
        IncidentRows incidents,
        IReadOnlyList<TimeExclusion> timeExclusions,
        IReadOnlyList<Deployment>? deployments = null,
        FeeTerms? fee = null,
        TraceDetail detail = TraceDetail.Full,
        DowntimeEvidence? alsoDown = null)
    {
        if (incidents.Table is null || commitment.ByColumn is not { } rule)
            return Evaluate(commitment, window, asOf, incidents.Materialize(), timeExclusions, deployments, fee, detail, alsoDown);
        if (detail != TraceDetail.Full)
            return EvaluateRowsNow(commitment, window, asOf, incidents, rule, timeExclusions, deployments, fee, alsoDown, detail, deferDetail: null);
        // The summary now; the full trace's detail when it is read, on the same inputs (the lists copied: a caller may
        // reuse its own; the incident table and the rest are immutable).
        TimeExclusion[] exclusionsNow = [.. timeExclusions];
        Deployment[]? deploymentsNow = deployments is null ? null : [.. deployments];
        return EvaluateRowsNow(commitment, window, asOf, incidents, rule, timeExclusions, deployments, fee, alsoDown, TraceDetail.Summary,
            () => new DowntimeEvaluator().EvaluateRowsNow(commitment, window, asOf, incidents, rule, exclusionsNow, deploymentsNow, fee, alsoDown, TraceDetail.Full, deferDetail: null).Trace);
    }

    /// <summary>The column path of <see cref="Evaluate(DowntimeCommitment, CalendarWindow, Instant, IncidentRows, IReadOnlyList{TimeExclusion}, IReadOnlyList{Deployment}?, FeeTerms?, TraceDetail, DowntimeEvidence?)"/> on a borrowed worker.</summary>
    private CommitmentResult EvaluateRowsNow(DowntimeCommitment commitment, CalendarWindow window, Instant asOf, IncidentRows incidents, IncidentRule rule,
        IReadOnlyList<TimeExclusion> timeExclusions, IReadOnlyList<Deployment>? deployments, FeeTerms? fee, DowntimeEvidence? alsoDown,
        TraceDetail detail, Func<CommitmentTrace>? deferDetail)
    {
        var worker = Borrow();
        try
        {
            return worker.EvaluateRows(commitment, window, asOf, incidents, rule, timeExclusions, deployments, fee, detail, alsoDown, deferDetail);
        }
        finally
        {
            Park(worker, incidents.Count + (alsoDown?.Count ?? 0));
        }
    }

    /// <summary>Evaluates from downtime evidence that is not incident records (e.g. down-minute runs from request slices).</summary>
    public CommitmentResult Evaluate(
        DowntimeCommitment commitment,
        CalendarWindow window,
        Instant asOf,
        DowntimeEvidence evidence,
        IReadOnlyList<TimeExclusion> timeExclusions,
        IReadOnlyList<Deployment>? deployments = null,
        FeeTerms? fee = null,
        TraceDetail detail = TraceDetail.Full)
    {
        var worker = Borrow();
        try
        {
            return worker.EvaluateEvidence(commitment, window, asOf, evidence, timeExclusions, deployments, fee, detail);
        }
        finally
        {
            Park(worker, evidence.Count);
        }
    }

    private CommitmentResult EvaluateIncidents(
        DowntimeCommitment commitment,
        CalendarWindow window,
        Instant asOf,
        IReadOnlyList<Incident> incidents,
        IReadOnlyList<TimeExclusion> timeExclusions,
        IReadOnlyList<Deployment>? deployments,
        FeeTerms? fee,
        TraceDetail detail,
        DowntimeEvidence? alsoDown)
    {
        var asOfTicks = asOf.ToUnixTimeTicks();
        var n = 0;
        var warnings = ImmutableArray.CreateBuilder<EvaluationWarning>();
        var excludedIncidents = detail == TraceDetail.Full ? ImmutableArray.CreateBuilder<IncidentTrace>() : null;
        Dictionary<string, (decimal Seconds, ImmutableArray<string>.Builder Ids)>? incidentClauseTotals = null;
        for (var i = 0; i < incidents.Count; i++)
            TakeIncident(commitment, window, asOf, asOfTicks, incidents[i], ref n, warnings, excludedIncidents, ref incidentClauseTotals);
        return RunWithAlsoDown(commitment, window, asOf, asOfTicks, n, timeExclusions, deployments, fee, detail, alsoDown, warnings, excludedIncidents, incidentClauseTotals);
    }

    /// <summary>Qualifies, weighs and takes one incident record into the items (or the incident-clause totals when an exclusion applies).</summary>
    private void TakeIncident(DowntimeCommitment commitment, CalendarWindow window, Instant asOf, long asOfTicks, Incident inc, ref int n,
        ImmutableArray<EvaluationWarning>.Builder warnings, ImmutableArray<IncidentTrace>.Builder? excludedIncidents,
        ref Dictionary<string, (decimal Seconds, ImmutableArray<string>.Builder Ids)>? incidentClauseTotals)
    {
        var w = commitment.Weight(inc);
        if (w <= 0) return;
        var s = inc.Started.ToUnixTimeTicks();
        // State of knowledge at as-of: open incidents run until as-of, nothing after as-of is known.
        var e = inc.Resolved is { } r ? Math.Min(r.ToUnixTimeTicks(), asOfTicks) : asOfTicks;
        if (e <= s) { CheckWeight(commitment, w, inc.Id); return; }
        string? excludedBy = null;
        foreach (var x in commitment.IncidentExclusions)
            if (x.Applies(inc)) { excludedBy = x.Clause; break; }
        Take(window, asOf, inc.Id, s, e, inc.Resolved is null, w, excludedBy, commitment, ref n, warnings, excludedIncidents, ref incidentClauseTotals);
    }

    private static void CheckWeight(DowntimeCommitment commitment, decimal w, IncidentRef id)
    {
        if (w > 1) throw new InvalidOperationException($"The weight rule of {commitment.Commitment} gave {w} for incident {id.Text}; weights are fractions in (0, 1] (an emitter bug).");
    }

    /// <summary>
    /// One qualifying incident (weight <paramref name="w"/> &gt; 0, interval [s, e) cut at as-of and not empty): an item of
    /// the union, or, excluded by an incident clause, time and an id in that clause's totals and the trace.
    /// </summary>
    private void Take(CalendarWindow window, Instant asOf, IncidentRef id, long s, long e, bool open, decimal w, string? excludedBy, DowntimeCommitment commitment, ref int n,
        ImmutableArray<EvaluationWarning>.Builder warnings, ImmutableArray<IncidentTrace>.Builder? excludedIncidents,
        ref Dictionary<string, (decimal Seconds, ImmutableArray<string>.Builder Ids)>? incidentClauseTotals)
    {
        CheckWeight(commitment, w, id);
        var cs = Math.Max(s, window.StartTicks);
        var ce = Math.Min(e, window.EndTicks);
        if (excludedBy is not null)
        {
            if (ce > cs)
            {
                incidentClauseTotals ??= new();
                var sec = TimeMath.Seconds(ce - cs);
                if (!incidentClauseTotals.TryGetValue(excludedBy, out var tot)) tot = (0m, ImmutableArray.CreateBuilder<string>());
                tot.Ids.Add(id.Text);
                incidentClauseTotals[excludedBy] = (tot.Seconds + sec, tot.Ids);
                excludedIncidents?.Add(new IncidentTrace(id, IncidentOutcome.ExcludedByIncidentClause, TimeMath.Instant(cs), TimeMath.Instant(ce), open, sec, w, 0m, excludedBy));
            }
            return;
        }
        if (open && ce > cs)
            warnings.Add(new OpenIncidentCounted(id.Text, asOf));
        EnsureItems(n + 1);
        _itemStart[n] = s;
        _itemEnd[n] = e;
        _itemWeight[n] = w;
        _itemId[n] = id;
        _itemOpen[n] = open;
        n++;
    }

    /// <summary>
    /// The incidents of <paramref name="incidents"/> read by column (the commitment's <see cref="DowntimeCommitment.ByColumn"/>
    /// rule; a row kept whole through its delegates): the same items, totals, trace and warnings, in the same order, as
    /// <see cref="EvaluateIncidents"/> on the same incidents as objects; ids are carried as rows (<see cref="IncidentRef"/>) and
    /// made as text only where a warning, an incident clause's totals or a reader of the trace needs them.
    /// </summary>
    private CommitmentResult EvaluateRows(
        DowntimeCommitment commitment,
        CalendarWindow window,
        Instant asOf,
        IncidentRows incidents,
        IncidentRule rule,
        IReadOnlyList<TimeExclusion> timeExclusions,
        IReadOnlyList<Deployment>? deployments,
        FeeTerms? fee,
        TraceDetail detail,
        DowntimeEvidence? alsoDown,
        Func<CommitmentTrace>? deferDetail)
    {
        var table = incidents.Table!;
        var asOfTicks = asOf.ToUnixTimeTicks();
        var n = 0;
        var warnings = ImmutableArray.CreateBuilder<EvaluationWarning>();
        var excludedIncidents = detail == TraceDetail.Full ? ImmutableArray.CreateBuilder<IncidentTrace>() : null;
        Dictionary<string, (decimal Seconds, ImmutableArray<string>.Builder Ids)>? incidentClauseTotals = null;
        var segmentIndex = 0;
        for (var k = 0; k < incidents.Count; k++)
        {
            var segment = table.SegmentOf(incidents.RowAt(k), ref segmentIndex, out var row);
            if (segment.IsWhole(row))
            {
                TakeIncident(commitment, window, asOf, asOfTicks, segment.Whole(row), ref n, warnings, excludedIncidents, ref incidentClauseTotals);
                continue;
            }
            var w = rule.Weight(segment, row);
            if (w <= 0) continue;
            var s = segment.StartedTicks(row);
            var open = !segment.TryResolvedTicks(row, out var resolved);
            var e = open ? asOfTicks : Math.Min(resolved, asOfTicks);
            if (e <= s) { CheckWeight(commitment, w, new IncidentRef(segment, row)); continue; }
            Take(window, asOf, new IncidentRef(segment, row), s, e, open, w, rule.ExcludedBy(segment, row), commitment, ref n, warnings, excludedIncidents, ref incidentClauseTotals);
        }
        return RunWithAlsoDown(commitment, window, asOf, asOfTicks, n, timeExclusions, deployments, fee, detail, alsoDown, warnings, excludedIncidents, incidentClauseTotals, deferDetail);
    }

    private CommitmentResult RunWithAlsoDown(DowntimeCommitment commitment, CalendarWindow window, Instant asOf, long asOfTicks, int n,
        IReadOnlyList<TimeExclusion> timeExclusions, IReadOnlyList<Deployment>? deployments, FeeTerms? fee, TraceDetail detail, DowntimeEvidence? alsoDown,
        ImmutableArray<EvaluationWarning>.Builder warnings, ImmutableArray<IncidentTrace>.Builder? excludedIncidents,
        Dictionary<string, (decimal Seconds, ImmutableArray<string>.Builder Ids)>? incidentClauseTotals,
        Func<CommitmentTrace>? deferDetail = null)
    {
        if (alsoDown is not null)
        {
            warnings.AddRange(alsoDown.Notes);
            for (var i = 0; i < alsoDown.Count; i++)
            {
                var e = Math.Min(alsoDown.Ends[i], asOfTicks);
                if (e <= alsoDown.Starts[i]) continue;
                EnsureItems(n + 1);
                _itemStart[n] = alsoDown.Starts[i];
                _itemEnd[n] = e;
                _itemWeight[n] = alsoDown.Weights[i];
                _itemId[n] = alsoDown.Ids[i];
                _itemOpen[n] = false;
                n++;
            }
        }
        return Run(commitment, window, asOf, n,
            timeExclusions, deployments, fee, detail, warnings, excludedIncidents, incidentClauseTotals, deferDetail);
    }

    private CommitmentResult EvaluateEvidence(
        DowntimeCommitment commitment,
        CalendarWindow window,
        Instant asOf,
        DowntimeEvidence evidence,
        IReadOnlyList<TimeExclusion> timeExclusions,
        IReadOnlyList<Deployment>? deployments,
        FeeTerms? fee,
        TraceDetail detail)
    {
        var asOfTicks = asOf.ToUnixTimeTicks();
        var n = 0;
        for (var i = 0; i < evidence.Count; i++)
        {
            var e = Math.Min(evidence.Ends[i], asOfTicks);
            if (e <= evidence.Starts[i]) continue;
            EnsureItems(n + 1);
            _itemStart[n] = evidence.Starts[i];
            _itemEnd[n] = e;
            _itemWeight[n] = evidence.Weights[i];
            _itemId[n] = evidence.Ids[i];
            _itemOpen[n] = false;
            n++;
        }
        var warnings = ImmutableArray.CreateBuilder<EvaluationWarning>();
        warnings.AddRange(evidence.Notes);
        return Run(commitment, window, asOf, n,
            timeExclusions, deployments, fee, detail, warnings, null, null);
    }
}
