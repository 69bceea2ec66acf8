using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// The compact text form of a <see cref="LatencyHistogram"/>: <c>le_100=120;le_250=30;le_1000=4;inf=1</c>, one
/// <c>le_&lt;ms&gt;=count</c> per bucket bound in increasing order and a final <c>inf=count</c> overflow bucket.
/// Consecutive slices usually share their bounds, so the parser reuses the previous bounds array when equal.
/// </summary>
public sealed class HistogramText
{
    private ImmutableArray<long> _lastBounds = [];

    public static string Format(LatencyHistogram histogram)
    {
        var text = new StringBuilder();
        for (var i = 0; i < histogram.UpperBoundsMs.Length; i++)
            text.Append(CultureInfo.InvariantCulture, $"le_{histogram.UpperBoundsMs[i]}={histogram.Counts[i]};");
        text.Append(CultureInfo.InvariantCulture, $"inf={histogram.Counts[^1]}");
        return text.ToString();
    }

    /// <summary>Parses the text, or returns null with a message saying what is wrong.</summary>
    public LatencyHistogram? Parse(ReadOnlySpan<char> text, out string? problem)
    {
        problem = null;
        Span<long> bounds = stackalloc long[64];
        Span<long> counts = stackalloc long[65];
        var n = 0;
        var sawOverflow = false;
        foreach (var range in text.Split(';'))
        {
            var item = text[range].Trim();
            if (sawOverflow) { problem = "'inf=' must be the last bucket."; return null; }
            var eq = item.IndexOf('=');
            if (eq < 0) { problem = $"'{item}' is not 'le_<ms>=<count>' or 'inf=<count>'."; return null; }
            var key = item[..eq];
            if (!long.TryParse(item[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            { problem = $"The count in '{item}' is not a non-negative whole number."; return null; }
            if (key.SequenceEqual("inf"))
            {
                counts[n] = count;
                sawOverflow = true;
                continue;
            }
            if (!key.StartsWith("le_") || !long.TryParse(key[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var bound) || bound <= 0)
            { problem = $"'{key}' is not a bucket bound 'le_<positive ms>'."; return null; }
            if (n == bounds.Length) { problem = $"More than {bounds.Length} buckets."; return null; }
            if (n > 0 && bound <= bounds[n - 1]) { problem = $"Bucket bounds must increase: le_{bound} follows le_{bounds[n - 1]}."; return null; }
            bounds[n] = bound;
            counts[n] = count;
            n++;
        }
        if (n == 0) { problem = "A histogram needs at least one 'le_<ms>=<count>' bucket."; return null; }
        if (!sawOverflow) { problem = "A histogram ends with the overflow bucket 'inf=<count>' (write inf=0 when empty)."; return null; }
        if (!_lastBounds.AsSpan().SequenceEqual(bounds[..n])) _lastBounds = [.. bounds[..n]];
        return new LatencyHistogram(_lastBounds, [.. counts[..(n + 1)]]);
    }

    /// <summary>Sum of all bucket counts (a histogram covers every request of its slice, or only the good ones: see docs/data.md).</summary>
    public static long Sum(LatencyHistogram histogram)
    {
        long sum = 0;
        foreach (var c in histogram.Counts) sum += c;
        return sum;
    }
}
