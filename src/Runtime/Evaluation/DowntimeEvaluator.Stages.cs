using System.Collections.Immutable;
using System.Runtime.InteropServices;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

// The downtime evaluator's stages, in the order of docs/semantics.md: weight, union, minimum period, clip, exclusions
// with caps, beyond-cap downtime, accounting and denominator, incident traces; then the concluding step.
public sealed partial class DowntimeEvaluator
{
    private CommitmentResult Run(
        DowntimeCommitment c, CalendarWindow window, Instant asOf, int n,
        IReadOnlyList<TimeExclusion> timeExclusions, IReadOnlyList<Deployment>? deployments, FeeTerms? fee, TraceDetail detail,
        ImmutableArray<EvaluationWarning>.Builder warnings, ImmutableArray<IncidentTrace>.Builder? incidentTraces,
        Dictionary<string, (decimal Seconds, ImmutableArray<string>.Builder Ids)>? incidentClauseTotals,
        Func<CommitmentTrace>? deferDetail = null)
    {
        var ws = window.StartTicks;
        var we = window.EndTicks;

        // Weight: rank the distinct weights, heaviest first (contracts have a handful).
        _weights.Clear();
        for (var k = 0; k < n; k++)
            if (!_weights.Contains(_itemWeight[k])) _weights.Add(_itemWeight[k]);
        _weights.Sort((a, b) => b.CompareTo(a));
        for (var k = 0; k < n; k++) _itemRank[k] = _weights.IndexOf(_itemWeight[k]);
        var weightTable = _weights.ToArray();
        // Items in start order (after the weight table, which keeps the first-seen form of each weight): the union need not
        // sort its starts and the incident traces come out chronological. Nothing below depends on the items' order otherwise.
        SortItemsByStart(n);

        // Union (weighted) over all data: periods crossing the window edge are judged whole.
        EnsureSegments(2 * n + 2);
        Span<int> active = stackalloc int[Math.Max(1, weightTable.Length)];
        var segCount = IntervalKernels.WeightedUnion(_itemStart.AsSpan(0, n), _itemEnd.AsSpan(0, n), _itemRank.AsSpan(0, n), weightTable.Length,
            _evTime, _evCode, active, _aS, _aE, _aR);

        // Minimum-period filter on merged periods, before exclusions.
        var periodTraces = detail == TraceDetail.Full ? ImmutableArray.CreateBuilder<DowntimePeriodTrace>() : null;
        var minTicks = c.MinimumPeriod.BclCompatibleTicks;
        var kept = segCount;
        if (minTicks > 0)
        {
            Array.Copy(_aS, _bS, segCount); Array.Copy(_aE, _bE, segCount); Array.Copy(_aR, _bR, segCount);
            kept = IntervalKernels.DropPeriodsShorterThan(_bS.AsSpan(0, segCount), _bE.AsSpan(0, segCount), _bR.AsSpan(0, segCount), minTicks);
            if (periodTraces is not null)
            {
                var dropped = IntervalKernels.Subtract(_aS.AsSpan(0, segCount), _aE.AsSpan(0, segCount), _aR.AsSpan(0, segCount),
                    _bS.AsSpan(0, kept), _bE.AsSpan(0, kept), _cS, _cE, _cR);
                AddPeriodTraces(periodTraces, _cS, _cE, _cR, dropped, ws, we, weightTable, droppedFlag: true);
            }
            Array.Copy(_bS, _aS, kept); Array.Copy(_bE, _aE, kept); Array.Copy(_bR, _aR, kept);
        }
        // The kept periods (sorted, disjoint) answer "below the minimum period?" for each incident by binary search.
        var (keptS, keptE) = minTicks > 0 && incidentTraces is not null ? (_aS[..kept], _aE[..kept]) : (null, null);

        // Clip to the window, then to the measured basis.
        var cnt = IntervalKernels.ClipInPlace(_aS.AsSpan(0, kept), _aE.AsSpan(0, kept), _aR.AsSpan(0, kept), ws, we);
        var baseCount = BuildBase(c.Basis, window, deployments, out var deployedTicks);
        if (c.Basis == MeasuredPeriodBasis.DeployedTime)
        {
            EnsureSegments(cnt + baseCount + 2);
            cnt = IntervalKernels.Intersect(_aS.AsSpan(0, cnt), _aE.AsSpan(0, cnt), _aR.AsSpan(0, cnt), _baseS.AsSpan(0, baseCount), _baseE.AsSpan(0, baseCount), _bS, _bE, _bR);
            Swap();
        }
        // Kept periods are traced inside the measured basis, so they add up to the downtime before exclusions (a ledger's invariant).
        if (periodTraces is not null) AddPeriodTraces(periodTraces, _aS, _aE, _aR, cnt, ws, we, weightTable, droppedFlag: false);
        var beforeExclusions = IntervalKernels.WeightedTicks(_aS.AsSpan(0, cnt), _aE.AsSpan(0, cnt), _aR.AsSpan(0, cnt), weightTable);

        // Time exclusions, clause by clause (earlier clauses take the credit for overlapping time); caps chronological.
        var exclusionTraces = ImmutableArray.CreateBuilder<ExclusionTrace>();
        var excludedSegments = periodTraces is null ? null : ImmutableArray.CreateBuilder<ExcludedDowntimeTrace>();
        if (incidentClauseTotals is not null)
            foreach (var (clause, tot) in incidentClauseTotals.OrderBy(p => p.Key, StringComparer.Ordinal))
                exclusionTraces.Add(new ExclusionTrace(clause, ExclusionKind.Incident, tot.Seconds, null, 0m, tot.Seconds, 0m, tot.Ids.ToImmutable()));
        var xallCount = 0;
        List<long>? beyondS = null, beyondE = null;
        foreach (var x in timeExclusions)
        {
            var m = x.Starts.Length;
            EnsureExclusion(m + baseCount + xallCount + 2);
            Array.Copy(x.Starts, _xS, m);
            Array.Copy(x.Ends, _xE, m);
            m = IntervalKernels.UnionInPlace(_xS.AsSpan(0, m), _xE.AsSpan(0, m));
            var clipped = IntervalKernels.Intersect(_xS.AsSpan(0, m), _xE.AsSpan(0, m), default, _baseS.AsSpan(0, baseCount), _baseE.AsSpan(0, baseCount), _xS.AsSpan(m), _xE.AsSpan(m), default);
            m = MoveDown(m, clipped);
            var inWindow = IntervalKernels.TotalTicks(_xS.AsSpan(0, m), _xE.AsSpan(0, m));
            long[]? fullS = null, fullE = null;
            if (x.BeyondCapCountsAsDowntime && x.CapPerWindow is not null) { fullS = _xS[..m]; fullE = _xE[..m]; }
            if (x.CapPerWindow is { } cap)
            {
                m = IntervalKernels.CapChronologicallyInPlace(_xS.AsSpan(0, m), _xE.AsSpan(0, m), cap.BclCompatibleTicks);
            }
            var excludedTicks = IntervalKernels.TotalTicks(_xS.AsSpan(0, m), _xE.AsSpan(0, m));
            if (excludedTicks < inWindow)
                warnings.Add(new ExclusionBeyondCap(x.Clause, TimeMath.Seconds(inWindow - excludedTicks), TimeMath.Seconds(x.CapPerWindow!.Value.BclCompatibleTicks), x.BeyondCapCountsAsDowntime));
            if (fullS is not null && fullE is not null)
            {
                // The clause's own time beyond its cap (the service was down for it): full minus capped.
                var outS = new long[fullS.Length + m];
                var outE = new long[fullS.Length + m];
                var k = IntervalKernels.Subtract(fullS, fullE, default, _xS.AsSpan(0, m), _xE.AsSpan(0, m), outS, outE, default);
                for (var i = 0; i < k; i++) { (beyondS ??= new()).Add(outS[i]); (beyondE ??= new()).Add(outE[i]); }
            }
            EnsureSegments(cnt + m + 2);
            var removedCount = IntervalKernels.Intersect(_aS.AsSpan(0, cnt), _aE.AsSpan(0, cnt), _aR.AsSpan(0, cnt), _xS.AsSpan(0, m), _xE.AsSpan(0, m), _cS, _cE, _cR);
            var removed = IntervalKernels.WeightedTicks(_cS.AsSpan(0, removedCount), _cE.AsSpan(0, removedCount), _cR.AsSpan(0, removedCount), weightTable);
            for (var i = 0; i < removedCount && excludedSegments is not null; i++)
                excludedSegments.Add(new ExcludedDowntimeTrace(TimeMath.Instant(_cS[i]), TimeMath.Instant(_cE[i]), weightTable[_cR[i]], x.Clause));
            cnt = IntervalKernels.Subtract(_aS.AsSpan(0, cnt), _aE.AsSpan(0, cnt), _aR.AsSpan(0, cnt), _xS.AsSpan(0, m), _xE.AsSpan(0, m), _bS, _bE, _bR);
            Swap();
            exclusionTraces.Add(new ExclusionTrace(x.Clause, x.Kind, TimeMath.Seconds(inWindow),
                x.CapPerWindow is { } cp ? TimeMath.Seconds(cp.BclCompatibleTicks) : null,
                TimeMath.Seconds(inWindow - excludedTicks), TimeMath.Seconds(excludedTicks), TimeMath.Seconds(removed), x.Evidence));
            Array.Copy(_xS, 0, _xallS, xallCount, m);
            Array.Copy(_xE, 0, _xallE, xallCount, m);
            xallCount += m;
        }
        xallCount = IntervalKernels.UnionInPlace(_xallS.AsSpan(0, xallCount), _xallE.AsSpan(0, xallCount));
        var excludedAll = IntervalKernels.TotalTicks(_xallS.AsSpan(0, xallCount), _xallE.AsSpan(0, xallCount));

        // Beyond-cap time of clauses that say so is downtime at full weight, unless another clause excludes it.
        if (beyondS is not null && beyondE is not null)
            cnt = AddBeyondCapDowntime(cnt, beyondS, beyondE, xallCount, ref weightTable);

        // Accounting and denominator.
        var downtime = IntervalKernels.WeightedTicks(_aS.AsSpan(0, cnt), _aE.AsSpan(0, cnt), _aR.AsSpan(0, cnt), weightTable);
        var countedSegments = ImmutableArray<DowntimePeriodTrace>.Empty;
        if (periodTraces is not null)
        {
            var segments = ImmutableArray.CreateBuilder<DowntimePeriodTrace>(cnt);
            for (var i = 0; i < cnt; i++)
                segments.Add(new DowntimePeriodTrace(TimeMath.Instant(_aS[i]), TimeMath.Instant(_aE[i]), TimeMath.Seconds(_aE[i] - _aS[i]), weightTable[_aR[i]], false));
            countedSegments = segments.MoveToImmutable();
        }
        var baseTicks = c.Basis == MeasuredPeriodBasis.DeployedTime ? deployedTicks : we - ws;
        var removedFromTotal = c.Accounting == ExcludedTimeAccounting.RemovedFromMeasuredPeriod ? excludedAll : 0;
        var measuredTicks = baseTicks - removedFromTotal;
        var denominator = DescribeDenominator(c, window, baseTicks, removedFromTotal, measuredTicks);

        // Incident trace: what part of each incident is in the final downtime.
        var sortedIncidentTraces = ImmutableArray<IncidentTrace>.Empty;
        if (incidentTraces is not null)
        {
            // Exact size first (incidents clipped away leave no trace), so the sorted array becomes the result as is.
            var total = incidentTraces.Count;
            for (var k = 0; k < n; k++)
                if (Math.Min(_itemEnd[k], we) > Math.Max(_itemStart[k], ws)) total++;
            var traces = new IncidentTrace[total];
            EnsureTraceKeys(total);
            var t = 0;
            // Every trace's start was made from ticks in this class, so its tick count orders it exactly as the Instant does.
            foreach (var excluded in incidentTraces) { _traceKeys[t] = excluded.Start.ToUnixTimeTicks(); traces[t++] = excluded; }
            for (var k = 0; k < n; k++)
            {
                var s = Math.Max(_itemStart[k], ws);
                var e = Math.Min(_itemEnd[k], we);
                if (e <= s) continue;
                var counted = OverlapTicks(_aS, _aE, cnt, s, e);
                IncidentOutcome outcome;
                if (counted > 0) outcome = IncidentOutcome.Counted;
                else if (c.Basis == MeasuredPeriodBasis.DeployedTime && OverlapTicks(_baseS, _baseE, baseCount, s, e) == 0) outcome = IncidentOutcome.OutsideMeasuredPeriod;
                else if (keptS is not null && OverlapTicks(keptS, keptE!, keptS.Length, s, e) == 0) outcome = IncidentOutcome.BelowMinimumPeriod;
                else outcome = IncidentOutcome.ExcludedByTime;
                _traceKeys[t] = s;
                traces[t++] = new IncidentTrace(_itemId[k], outcome, TimeMath.Instant(s), TimeMath.Instant(e), _itemOpen[k], TimeMath.Seconds(e - s), _itemWeight[k], TimeMath.Seconds(counted), null);
            }
            // Chronological, then by id: a stable order for statements and golden files. The counted part is in start order already.
            SortByStartThenId(_traceKeys.AsSpan(0, total), traces, incidentTraces.Count);
            sortedIncidentTraces = ImmutableCollectionsMarshal.AsImmutableArray(traces);
        }

        return Conclude(c, window, asOf, downtime, measuredTicks, beforeExclusions, fee, warnings, sortedIncidentTraces, periodTraces, exclusionTraces, denominator,
            countedSegments, excludedSegments?.ToImmutable() ?? [], deferDetail);
    }

    /// <summary>
    /// Sorts traces by start tick (the long keys, moved with them), then each run of equal starts by ordinal id: the order
    /// of comparing (Start, Id), without comparing Instants or strings where the ticks differ. When the traces from
    /// <paramref name="ascendingFrom"/> on are already in start order (as the evaluator makes them), only the ones before
    /// it are sorted, and the two runs are merged.
    /// </summary>
    private static void SortByStartThenId(Span<long> keys, IncidentTrace[] traces, int ascendingFrom)
    {
        var items = traces.AsSpan(0, keys.Length);
        if (!IsAscending(keys))
        {
            if (ascendingFrom > 0 && ascendingFrom < keys.Length && IsAscending(keys[ascendingFrom..]))
            {
                keys[..ascendingFrom].Sort(items[..ascendingFrom]);
                Merge(keys, items, ascendingFrom);
            }
            else keys.Sort(items);
        }
        for (var i = 0; i < keys.Length;)
        {
            var j = i + 1;
            while (j < keys.Length && keys[j] == keys[i]) j++;
            if (j - i > 1) items[i..j].Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
            i = j;
        }
    }

    /// <summary>Merges the ascending runs [0, split) and [split, end) of <paramref name="keys"/> in place (items move with their keys).</summary>
    private static void Merge(Span<long> keys, Span<IncidentTrace> items, int split)
    {
        var headKeys = keys[..split].ToArray();
        var headItems = items[..split].ToArray();
        int a = 0, b = split, o = 0;
        while (a < headKeys.Length && b < keys.Length)
        {
            if (keys[b] < headKeys[a]) { keys[o] = keys[b]; items[o++] = items[b++]; }
            else { keys[o] = headKeys[a]; items[o++] = headItems[a++]; }
        }
        while (a < headKeys.Length) { keys[o] = headKeys[a]; items[o++] = headItems[a++]; }
    }

    private CommitmentResult Conclude(DowntimeCommitment c, CalendarWindow window, Instant asOf, decimal downtime, long measuredTicks, decimal beforeExclusions,
        FeeTerms? fee, ImmutableArray<EvaluationWarning>.Builder warnings, ImmutableArray<IncidentTrace> incidentTraces,
        ImmutableArray<DowntimePeriodTrace>.Builder? periodTraces, ImmutableArray<ExclusionTrace>.Builder exclusionTraces, DenominatorTrace denominator,
        ImmutableArray<DowntimePeriodTrace> countedSegments, ImmutableArray<ExcludedDowntimeTrace> excludedSegments,
        Func<CommitmentTrace>? deferDetail = null)
    {
        // The concluding step every measure shares: verdict, credit, budget, next tier.
        ExactRatio? measured = measuredTicks > 0 ? new ExactRatio(measuredTicks - downtime, measuredTicks) : null;
        var verdict = MeasureConclusion.Judge(measured, c.Target);
        if (verdict == Verdict.NotMeasurable) warnings.Add(new MeasuredPeriodEmpty());

        var credit = MeasureConclusion.TieredCredit(c.Credits, fee, measured, verdict, window, warnings, nameTheGap: true);

        var budget = measured is null ? null : MeasureConclusion.DowntimeBudget(c.Target, c.Credits, window, asOf, downtime, measuredTicks, fee);
        var budgetWarning = MeasureConclusion.BudgetWarning(budget, c.WarnAtBudgetPercent);
        if (budgetWarning is not null) warnings.Add(budgetWarning);

        var measurement = MeasurementTrace.Of("availability", TimeMath.Normalize(measured?.Numerator ?? 0), TimeMath.Normalize(measured?.Denominator ?? 0),
            measured?.ToPercentForDisplay() ?? 0, new TargetCondition.Bounded(c.Target), verdict, TimeMath.Seconds(downtime)) with { Kind = MeasureKind.Availability };
        if (beforeExclusions != downtime && exclusionTraces.Count == 0)
            throw new InvalidOperationException("Downtime changed without an exclusion: a kernel bug.");
        var trace = new CommitmentTrace(c.Commitment, c.Clause, window.Label, window.Start, window.End, asOf,
            incidentTraces,
            periodTraces?.DrainToImmutable() ?? ImmutableArray<DowntimePeriodTrace>.Empty,
            exclusionTraces.ToImmutable(), denominator, measurement, credit?.Trace, warnings.ToImmutable())
        { CalendarWindow = window, CountedSegments = countedSegments, ExcludedSegments = excludedSegments, DetailMadeBy = deferDetail };
        return new CommitmentResult(c.Commitment, c.Clause, window.Label, measured, ValueUnit.Percent, TimeMath.Seconds(downtime), TimeMath.Seconds(measuredTicks),
            verdict, budget, credit, trace.Warnings, trace);
    }

    private int AddBeyondCapDowntime(int cnt, List<long> beyondS, List<long> beyondE, int xallCount, ref decimal[] weightTable)
    {
        var bs = beyondS.ToArray();
        var be = beyondE.ToArray();
        var nb = IntervalKernels.UnionInPlace(bs, be);
        var os = new long[nb + xallCount];
        var oe = new long[nb + xallCount];
        nb = IntervalKernels.Subtract(bs.AsSpan(0, nb), be.AsSpan(0, nb), default, _xallS.AsSpan(0, xallCount), _xallE.AsSpan(0, xallCount), os, oe, default);
        if (nb == 0) return cnt;
        if (weightTable.Length == 0 || weightTable[0] != 1m)
        {
            // Weights are at most 1, so 1 becomes the heaviest rank and every existing rank moves down by one.
            weightTable = [1m, .. weightTable];
            for (var i = 0; i < cnt; i++) _aR[i]++;
        }
        var total = cnt + nb;
        EnsureSegments(2 * total + 2);
        // Arrays of their own: the items (the incidents) are still needed for the incident traces.
        var starts = new long[total];
        var ends = new long[total];
        var ranks = new int[total];
        for (var i = 0; i < cnt; i++) { starts[i] = _aS[i]; ends[i] = _aE[i]; ranks[i] = _aR[i]; }
        for (var i = 0; i < nb; i++) { starts[cnt + i] = os[i]; ends[cnt + i] = oe[i]; ranks[cnt + i] = 0; }
        Span<int> active = stackalloc int[weightTable.Length];
        return IntervalKernels.WeightedUnion(starts, ends, ranks, weightTable.Length, _evTime, _evCode, active, _aS, _aE, _aR);
    }

    private static DenominatorTrace DescribeDenominator(DowntimeCommitment c, CalendarWindow window, long baseTicks, long removed, long measured)
    {
        var windowSec = TimeMath.Seconds(window.EndTicks - window.StartTicks);
        var deployed = c.Basis == MeasuredPeriodBasis.DeployedTime ? TimeMath.Seconds(baseTicks) : (decimal?)null;
        var kind = (c.Basis, c.Accounting) switch
        {
            (MeasuredPeriodBasis.CalendarWindow, ExcludedTimeAccounting.CountsAsAvailable) => DenominatorKind.CalendarWindow,
            (MeasuredPeriodBasis.CalendarWindow, _) => DenominatorKind.WindowMinusExcluded,
            (_, ExcludedTimeAccounting.CountsAsAvailable) => DenominatorKind.DeployedTime,
            _ => DenominatorKind.DeployedTimeMinusExcluded,
        };
        var derivation = $"{(deployed is null ? $"window {window.Label} = {windowSec} s" : $"deployed time in window {window.Label} = {deployed} s")}"
            + (c.Accounting == ExcludedTimeAccounting.RemovedFromMeasuredPeriod ? $" - excluded {TimeMath.Seconds(removed)} s" : " (excluded time counts as available)")
            + $" = {TimeMath.Seconds(measured)} s";
        return new DenominatorTrace(kind, windowSec, deployed, TimeMath.Seconds(removed), TimeMath.Seconds(measured), derivation);
    }

    private int BuildBase(MeasuredPeriodBasis basis, CalendarWindow window, IReadOnlyList<Deployment>? deployments, out long total)
    {
        if (basis == MeasuredPeriodBasis.CalendarWindow)
        {
            _baseS[0] = window.StartTicks;
            _baseE[0] = window.EndTicks;
            total = window.EndTicks - window.StartTicks;
            return 1;
        }
        var list = deployments ?? throw new ArgumentException("A deployed-time denominator needs deployment records.", nameof(deployments));
        if (_baseS.Length < list.Count) { _baseS = new long[list.Count * 2]; _baseE = new long[list.Count * 2]; }
        for (var i = 0; i < list.Count; i++)
        {
            _baseS[i] = list[i].Start.ToUnixTimeTicks();
            // Still deployed: deployed until the window's end (the measured period is the window's, not as-of's).
            _baseE[i] = list[i].End?.ToUnixTimeTicks() ?? window.EndTicks;
        }
        var n = IntervalKernels.UnionInPlace(_baseS.AsSpan(0, list.Count), _baseE.AsSpan(0, list.Count));
        n = IntervalKernels.ClipInPlace(_baseS.AsSpan(0, n), _baseE.AsSpan(0, n), default, window.StartTicks, window.EndTicks);
        total = IntervalKernels.TotalTicks(_baseS.AsSpan(0, n), _baseE.AsSpan(0, n));
        return n;
    }

    private static void AddPeriodTraces(ImmutableArray<DowntimePeriodTrace>.Builder into, long[] s, long[] e, int[] r, int count, long ws, long we, decimal[] weights, bool droppedFlag)
    {
        for (var i = 0; i < count; i++)
        {
            var cs = Math.Max(s[i], ws);
            var ce = Math.Min(e[i], we);
            if (ce <= cs) continue;
            into.Add(new DowntimePeriodTrace(TimeMath.Instant(cs), TimeMath.Instant(ce), TimeMath.Seconds(ce - cs), weights[r[i]], droppedFlag));
        }
        if (!droppedFlag) SortByStart(into);
    }

    /// <summary>
    /// Orders period traces by start. The dropped and the kept periods are each sorted and all are disjoint, so the starts
    /// are distinct and the order is unique; when the dropped ones all come first (often: none) nothing moves.
    /// </summary>
    private static void SortByStart(ImmutableArray<DowntimePeriodTrace>.Builder traces)
    {
        var ascending = true;
        for (var i = 1; i < traces.Count && ascending; i++)
            ascending = traces[i - 1].Start <= traces[i].Start;
        if (ascending) return;
        var items = traces.ToArray();
        var keys = new long[items.Length];
        for (var i = 0; i < items.Length; i++) keys[i] = items[i].Start.ToUnixTimeTicks();
        Array.Sort(keys, items);
        traces.Clear();
        traces.AddRange(items);
    }

    private static long OverlapTicks(long[] starts, long[] ends, int count, long s, long e)
    {
        // First interval ending after s (binary search), then walk while intervals start before e.
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ends[mid] <= s) lo = mid + 1; else hi = mid;
        }
        long total = 0;
        for (var i = lo; i < count && starts[i] < e; i++) total += Math.Min(ends[i], e) - Math.Max(starts[i], s);
        return total;
    }
}
