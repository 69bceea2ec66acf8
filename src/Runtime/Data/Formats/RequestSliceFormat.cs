using System.Collections.Immutable;
using System.Globalization;
using NodaTime;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>requests.csv / requests.jsonl: request counts (and optionally latency) of one service over one time slice.</summary>
public sealed class RequestSliceFormat : RecordFormat<RequestSlice>
{
    public static RequestSliceFormat Instance { get; } = new();

    private const int Service = 0, Start = 1, Length = 2, Total = 3, Good = 4, Histogram = 5, FirstPercentile = 6;

    /// <summary>The per-slice percentile columns: p50_ms, p90_ms, p95_ms, p99_ms.</summary>
    public static ImmutableArray<int> Percentiles { get; } = [50, 90, 95, 99];

    private RequestSliceFormat() : base(DataKind.Requests, "requests",
    [
        Required("service", FieldKind.Text, "Service id."),
        Required("start", FieldKind.Timestamp, "Slice start (inclusive)."),
        Required("length", FieldKind.Text, "Slice length: a positive whole number with unit s, m or h (60s, 1m, 5m, 1h)."),
        Required("total", FieldKind.Integer, "Valid requests in the slice (>= 0)."),
        Required("good", FieldKind.Integer, "Successful requests, 0 <= good <= total."),
        Optional("histogram", FieldKind.Histogram, "Latency histogram of all the slice's requests: le_100=..;le_250=..;inf=.. (counts sum to total)."),
        Optional("p50_ms", FieldKind.Decimal, "Median latency of the slice in ms (compare per slice only, never average)."),
        Optional("p90_ms", FieldKind.Decimal, "90th percentile latency in ms."),
        Optional("p95_ms", FieldKind.Decimal, "95th percentile latency in ms."),
        Optional("p99_ms", FieldKind.Decimal, "99th percentile latency in ms."),
    ], "service and start")
    {
    }

    internal override RequestSlice? Build(FieldRow row, RowContext c)
    {
        var service = c.RequiredText(row[Service], "service", intern: true);
        var start = c.RequiredInstant(row[Start], "start");
        var length = ParseLength(row[Length], c);
        var total = c.RequiredInteger(row[Total], "total");
        var good = c.RequiredInteger(row[Good], "good");
        if (!c.RowHasErrors && good > total)
            c.Error("good", DataErrorCodes.NumberOutOfRange, $"good ({good}) is more than total ({total}).");
        LatencyHistogram? histogram = null;
        var histogramValue = row[Histogram];
        if (!histogramValue.IsEmpty)
        {
            histogram = c.Histograms.Parse(histogramValue, out var problem);
            if (histogram is null)
                c.Error("histogram", DataErrorCodes.InvalidHistogram, problem!);
            else if (!c.RowHasErrors && HistogramText.Sum(histogram) != total)
                c.Error("histogram", DataErrorCodes.InvalidHistogram, $"The histogram counts {HistogramText.Sum(histogram)} requests but total is {total}.");
        }
        ImmutableSortedDictionary<int, decimal>? percentiles = null;
        for (var i = 0; i < Percentiles.Length; i++)
        {
            var name = Fields[FirstPercentile + i].Name;
            if (c.OptionalDecimal(row[FirstPercentile + i], name) is { } value)
                percentiles = (percentiles ?? ImmutableSortedDictionary<int, decimal>.Empty).Add(Percentiles[i], value);
        }
        if (c.RowHasErrors) return null;
        return new RequestSlice(service, start, length, total, good, histogram, percentiles);
    }

    internal static Duration ParseLength(ReadOnlySpan<char> value, RowContext c)
    {
        if (value.IsEmpty)
        {
            c.Error("length", DataErrorCodes.MissingValue, "'length' is required (e.g. 1m, 5m, 60s).");
            return Duration.FromMinutes(1);
        }
        if (TryParseLength(value, out var length)) return length;
        c.Error("length", DataErrorCodes.InvalidDuration, $"'{value}' is not a positive whole number of s, m or h (e.g. 1m, 5m, 60s).");
        return Duration.FromMinutes(1);
    }

    public static bool TryParseLength(ReadOnlySpan<char> value, out Duration length)
    {
        length = default;
        if (value.Length < 2) return false;
        var unitSeconds = value[^1] switch { 's' => 1L, 'm' => 60L, 'h' => 3600L, _ => 0L };
        if (unitSeconds == 0 || !long.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 1_000_000)
            return false;
        length = Duration.FromSeconds(n * unitSeconds);
        return true;
    }

    public static string FormatLength(Duration length)
    {
        var seconds = (long)length.TotalSeconds;
        if (Duration.FromSeconds(seconds) != length) throw new ArgumentException("Slice lengths are whole seconds.", nameof(length));
        return seconds % 3600 == 0 ? $"{seconds / 3600}h" : seconds % 60 == 0 ? $"{seconds / 60}m" : $"{seconds}s";
    }

    internal override (string Field, string Id, Instant At) Key(RequestSlice record) => ("start", record.Service, record.Start);

    public override bool Overlaps(RequestSlice record, Interval range) => Touches(record.Start, record.End, range);

    public override string?[] ToValues(RequestSlice r)
    {
        var values = new string?[Fields.Length];
        values[Service] = r.Service;
        values[Start] = InstantText.Format(r.Start);
        values[Length] = FormatLength(r.Length);
        values[Total] = r.Total.ToString(CultureInfo.InvariantCulture);
        values[Good] = r.Good.ToString(CultureInfo.InvariantCulture);
        values[Histogram] = r.Histogram is null ? null : HistogramText.Format(r.Histogram);
        for (var i = 0; i < Percentiles.Length; i++)
            values[FirstPercentile + i] = r.PercentilesMs.TryGetValue(Percentiles[i], out var p) ? p.ToString(CultureInfo.InvariantCulture) : null;
        return values;
    }
}
