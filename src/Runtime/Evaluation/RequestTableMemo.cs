using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// What the request kernels found on one <see cref="RequestSliceTable"/>, kept beside it for as long as it lives: a KPI
/// trend evaluates the same contract on the same table for several earlier periods, and several KPIs of one contract read
/// the same service's slices, so each pure result over the whole table (it does not depend on the period) is computed once.
/// Invariant: every entry is exactly what its kernel returns for its key on this table (the table is never changed once
/// built); entries are immutable or never written by their readers.
/// </summary>
internal sealed class RequestTableMemo
{
    private static readonly ConditionalWeakTable<RequestSliceTable, RequestTableMemo> Memos = new();

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DowntimeEvidence> _downRuns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StartBounds> _startBounds = new(StringComparer.Ordinal);
    // Slices as objects can be many: held weakly (a large array lives until a full collection, so the KPIs of one
    // evaluation and its trend's periods share it; memory pressure frees it and the next reader makes it again).
    private readonly Dictionary<string, WeakReference<RequestSlice[]>> _slices = new(StringComparer.Ordinal);

    public static RequestTableMemo Of(RequestSliceTable table) => Memos.GetValue(table, static _ => new RequestTableMemo());

    /// <summary><see cref="RequestKernels.DownRuns"/> on the table (weight 1, at <paramref name="asOf"/>), computed once per key.</summary>
    public DowntimeEvidence DownRuns(RequestSliceTable table, string service, ErrorRateRule rule, int minConsecutive, Instant asOf)
    {
        // Text keys and class values: no generic instantiation over a value type to JIT-compile on a cache hit.
        var (percent, minRequests, runs) = (rule.Percent.ToString(CultureInfo.InvariantCulture), rule.MinRequests.ToString(CultureInfo.InvariantCulture),
            minConsecutive.ToString(CultureInfo.InvariantCulture));
        var key = $"{service}\n{(rule.AtLeast ? ">=" : ">")}{percent}\n{minRequests}\n{runs}\n{Exact(asOf)}";
        lock (_lock)
            if (_downRuns.TryGetValue(key, out var known)) return known;
        var found = RequestKernels.DownRuns(table, service, rule, minConsecutive, asOf: asOf);
        lock (_lock) _downRuns.TryAdd(key, found);
        return found;
    }

    /// <summary>
    /// <see cref="RequestKernels.AnyStartsIn"/>, answered without a scan when an earlier scan of the service found no start in
    /// its window and so saw every start: a window that ends before the first or starts after the last holds none.
    /// </summary>
    public bool AnyStartsIn(RequestSliceTable table, string service, CalendarWindow window)
    {
        StartBounds? known;
        lock (_lock) _startBounds.TryGetValue(service, out known);
        if (known is not null && (window.End <= known.First || window.Start > known.Last)) return false;
        if (RequestKernels.AnyStartsIn(table, service, window, out var first, out var last)) return true;
        lock (_lock) _startBounds[service] = new StartBounds(first, last);
        return false;
    }

    /// <summary><see cref="RequestSliceTable.SlicesOf"/> (every slice when <paramref name="services"/> is empty), shared while it lives.</summary>
    public IReadOnlyList<RequestSlice> SlicesOf(RequestSliceTable table, string[] services)
    {
        var key = string.Join("\n", services);
        lock (_lock)
            if (_slices.TryGetValue(key, out var weak) && weak.TryGetTarget(out var kept)) return ImmutableCollectionsMarshal.AsImmutableArray(kept);
        var slices = services.Length == 0 ? table.ToImmutableArray() : table.SlicesOf(services);
        var array = ImmutableCollectionsMarshal.AsArray(slices) ?? [];
        lock (_lock) _slices[key] = new WeakReference<RequestSlice[]>(array);
        return slices;
    }

    /// <summary>Every start of a service seen by a scan: the first and the last (first after last when it has no slice).</summary>
    private sealed record StartBounds(Instant First, Instant Last);

    /// <summary>An instant to the nanosecond, as key text (ticks, then the nanoseconds below a tick).</summary>
    private static string Exact(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        return ticks.ToString(CultureInfo.InvariantCulture) + "+" + (instant - Instant.FromUnixTimeTicks(ticks)).ToInt64Nanoseconds().ToString(CultureInfo.InvariantCulture);
    }
}
