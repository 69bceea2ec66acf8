using System.Runtime.CompilerServices;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// When a request slice is down by its error rate: "error rate above X%" (<see cref="AtLeast"/> false) or "at least X%",
/// with at least <see cref="MinRequests"/> requests. The same integer comparisons as <see cref="RequestMetrics.IsDown"/>
/// and <see cref="RequestMetrics.IsDownAtLeast"/> (one rule, decoded once instead of per slice).
/// </summary>
public readonly struct ErrorRateRule
{
    private readonly long mantissa, multiplier;
    private readonly bool integer, small;

    public ErrorRateRule(decimal percent, bool atLeast, long minRequests)
    {
        Percent = percent;
        AtLeast = atLeast;
        MinRequests = minRequests;
        integer = RequestMetrics.IntegerPercent(percent, out mantissa, out multiplier);
        // Both factors below 2^31 in magnitude: with counts below 2^31 the products stay below 2^62, exact in a long.
        small = integer && multiplier <= int.MaxValue && mantissa >= -int.MaxValue && mantissa <= int.MaxValue;
    }

    public decimal Percent { get; }
    public bool AtLeast { get; }
    public long MinRequests { get; }

    /// <summary>Down with these counts (<paramref name="bad"/> = total - good).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the by-column kernels' row loops
    public bool IsDown(long bad, long total)
    {
        if (total < MinRequests || total <= 0) return false;
        var sign = small && (ulong)bad <= int.MaxValue && (ulong)total <= int.MaxValue
            ? (bad * multiplier).CompareTo(mantissa * total)
            : integer ? ((Int128)bad * multiplier).CompareTo((Int128)mantissa * total) : (bad * 100m).CompareTo(Percent * total);
        return AtLeast ? sign >= 0 : sign > 0;
    }

    public bool IsDown(RequestSlice slice) => IsDown(slice.Bad, slice.Total);
}

/// <summary>
/// Request-slice kernels over a <see cref="RequestSliceTable"/>'s columns: one service's rows read by column, no
/// <see cref="RequestSlice"/> made per slice. Invariant: each gives exactly what its object counterpart in
/// <see cref="RequestMetrics"/> gives on the same service's slices as objects in file order (a service whose rows are not
/// in start order, or hold a row kept whole finer than a tick, is handed to that counterpart on its objects).
/// </summary>
public static class RequestKernels
{
    /// <summary><see cref="RequestMetrics.DownRuns(IReadOnlyList{RequestSlice}, Func{RequestSlice, bool}, int, decimal, Instant?)"/> on the slices of <paramref name="service"/> in <paramref name="table"/>.</summary>
    // Fully optimized from the first call: one call runs a service's whole row loop, so tiering would leave it as
    // quick-compiled code (with its callees not inlined) for most of a fleet's evaluation.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DowntimeEvidence DownRuns(RequestSliceTable table, string service, ErrorRateRule rule, int minConsecutive, decimal weight = 1m, Instant? asOf = null)
    {
        if (minConsecutive < 1) throw new ArgumentOutOfRangeException(nameof(minConsecutive));
        var rows = table.RowsOf(service);
        long asOfTicks = long.MaxValue;
        if (asOf is { } a)
        {
            asOfTicks = a.ToUnixTimeTicks();
            if (Instant.FromUnixTimeTicks(asOfTicks) != a) return OnObjects(table, service, rule, minConsecutive, weight, asOf);
        }
        List<string>? ids = null;
        List<long>? starts = null, ends = null;
        List<EvaluationWarning>? notes = null;
        var segment = 0;
        var previousStart = long.MinValue;
        long runStart = 0, runEnd = 0;
        var runLength = 0;
        foreach (var row in rows)
        {
            var r = table.Read(row, ref segment);
            if (!r.TickExact) return OnObjects(table, service, rule, minConsecutive, weight, asOf);
            // As-of: a slice starting at or after as-of is not yet known (RequestMetrics.KnownAt).
            if (r.Start >= asOfTicks) continue;
            // Not in start order: the object kernel sorts them (stable); so does it here, on the objects.
            if (r.Start < previousStart) return OnObjects(table, service, rule, minConsecutive, weight, asOf);
            previousStart = r.Start;
            var down = r.Whole is { } whole ? rule.IsDown(whole) : rule.IsDown(r.Bad, r.Total);
            if (down && runLength > 0 && r.Start == runEnd) { runEnd = r.End; runLength++; continue; }
            if (runLength > 0) Close();
            if (down) { runStart = r.Start; runEnd = r.End; runLength = 1; }
        }
        if (runLength > 0) Close();
        var count = ids?.Count ?? 0;
        return new DowntimeEvidence(ids?.ToArray() ?? [], starts?.ToArray() ?? [], ends?.ToArray() ?? [], Enumerable.Repeat(weight, count).ToArray())
        {
            Notes = notes is null ? [] : [.. notes],
        };

        void Close()
        {
            // Open at as-of: the slice that would continue the run starts at or after as-of, so it is not yet known.
            var open = minConsecutive > 1 && asOf is not null && runEnd >= asOfTicks;
            var start = Instant.FromUnixTimeTicks(runStart);
            if (runLength >= minConsecutive)
            {
                (ids ??= []).Add($"down-run:{start}..{Instant.FromUnixTimeTicks(runEnd)} ({runLength} intervals)");
                (starts ??= []).Add(runStart);
                (ends ??= []).Add(runEnd);
                if (open) (notes ??= []).Add(new DownRunOpen(start, asOf!.Value, runLength, minConsecutive, Counted: true));
            }
            else if (open)
                (notes ??= []).Add(new DownRunOpen(start, asOf!.Value, runLength, minConsecutive, Counted: false));
            runLength = 0;
        }
    }

    private static DowntimeEvidence OnObjects(RequestSliceTable table, string service, ErrorRateRule rule, int minConsecutive, decimal weight, Instant? asOf) =>
        RequestMetrics.DownRuns(table.SlicesOf([service]), rule.IsDown, minConsecutive, weight, asOf);

    /// <summary>Whether any slice of <paramref name="service"/> starts in <paramref name="window"/>.</summary>
    public static bool AnyStartsIn(RequestSliceTable table, string service, CalendarWindow window) => AnyStartsIn(table, service, window, out _, out _);

    /// <summary>
    /// <see cref="AnyStartsIn(RequestSliceTable, string, CalendarWindow)"/>; when there is none (every start was seen), also
    /// the service's first and last start (<paramref name="first"/> after <paramref name="last"/> when it has no slice).
    /// Meaningless when the answer is yes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AnyStartsIn(RequestSliceTable table, string service, CalendarWindow window, out Instant first, out Instant last)
    {
        first = Instant.MaxValue;
        last = Instant.MinValue;
        var segment = 0;
        foreach (var row in table.RowsOf(service))
        {
            var r = table.Read(row, ref segment);
            var start = r.Whole?.Start ?? Instant.FromUnixTimeTicks(r.Start);
            if (window.Contains(start)) return true;
            if (start < first) first = start;
            if (start > last) last = start;
        }
        return false;
    }
}
