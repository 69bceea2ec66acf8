using System.Collections.Concurrent;
using System.Text;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>
/// The chunk parsers' fast paths agree with their general paths byte for byte: the fixed-width timestamps
/// (<see cref="InstantText.TryFixedWidthSeconds"/> in <see cref="Utf8InstantReader"/>) with <see cref="InstantText.TryParse"/>
/// on generated and on one-byte-damaged texts, and the usual requests.csv column order (read field after field) with
/// another column order (split, then checked) on the same lines, valid and damaged. A line either path refuses goes
/// through Sep, which reports it with its file, line and field: the same located error whichever path refused it.
/// </summary>
public sealed class ChunkParserFastPathTests
{
    private static readonly string[] FixedWidth =
    [
        "2026-11-10T14:05:09Z", "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "0002-01-01T00:00:00Z", "9998-12-31T23:59:59Z",
        "2026-11-10T14:05:09+05:30", "2026-11-10T00:00:00-05:00", "2026-03-01T00:00:00+18:00", "2026-03-01T00:00:00-18:00", "2026-11-10T14:05:09+00:00",
    ];

    /// <summary>Each text, then every one-byte change of it (another byte in each place, a byte left out, a byte put in).</summary>
    private static IEnumerable<string> WithDamage(IEnumerable<string> texts)
    {
        const string replacements = "0123456789:-+TtZz. ,\r\"x/";
        foreach (var text in texts)
        {
            yield return text;
            for (var i = 0; i < text.Length; i++)
            {
                foreach (var c in replacements)
                    if (c != text[i]) yield return text[..i] + c + text[(i + 1)..];
                yield return text.Remove(i, 1);
                yield return text.Insert(i, "0");
                yield return text.Insert(i, ":");
            }
            yield return text + "0";
            yield return text + "Z";
        }
    }

    private static bool InReaderYears(Instant instant) => instant.InUtc().Year is >= 2 and <= 9998;

    [Fact]
    public void The_fixed_width_timestamps_and_the_general_grammar_agree_on_generated_and_damaged_texts()
    {
        // Generated: every hour, minute and second pattern at both forms over dates across the years the readers take.
        var generated = new List<string>();
        var random = new Random(20261207);
        for (var i = 0; i < 2_000; i++)
        {
            var at = Instant.FromUnixTimeSeconds(random.NextInt64(-62_000_000_000L, 253_000_000_000L));
            var offset = Offset.FromSeconds(random.Next(-18 * 60, 18 * 60 + 1) * 60);
            generated.Add(i % 2 == 0
                ? at.InUtc().ToString("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'", null)
                : at.WithOffset(offset).ToString("uuuu'-'MM'-'dd'T'HH':'mm':'sso<m>", null));
        }
        var shared = new Utf8InstantReader(); // one reader over every text: its date cache is hit and missed
        var fastTaken = 0;
        foreach (var text in WithDamage(FixedWidth).Concat(generated))
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            var status = InstantText.TryParse(text, null, out var expected);
            var fresh = new Utf8InstantReader();
            var okFresh = fresh.TryUnixTicks(bytes, out var ticksFresh);
            var okShared = shared.TryUnixTicks(bytes, out var ticksShared);
            Assert.True(okFresh == okShared && ticksFresh == ticksShared, text);
            if (okFresh)
            {
                Assert.True(status == InstantParseStatus.Ok, text);
                Assert.Equal(expected.ToUnixTimeTicks(), ticksFresh);
            }
            else
                Assert.False(status == InstantParseStatus.Ok && InReaderYears(expected), $"{text}: InstantText accepts it, the byte reader does not");
            // Where the fixed-width path answers, it answers as the general grammar does.
            if (bytes.Length >= 10 && InstantText.TryDigits<byte>(bytes, 0, 4, out var year) && year is >= 2 and <= 9998 && bytes[4] == '-' && bytes[7] == '-'
                && InstantText.TryDigits<byte>(bytes, 5, 2, out var month) && month is >= 1 and <= 12
                && InstantText.TryDigits<byte>(bytes, 8, 2, out var day) && day >= 1 && day <= CalendarSystem.Iso.GetDaysInMonth(year, month)
                && InstantText.TryFixedWidthSeconds(bytes, InstantText.DaysFromCivil(year, month, day), out var seconds))
            {
                fastTaken++;
                Assert.True(status == InstantParseStatus.Ok, text);
                Assert.Equal(expected.ToUnixTimeTicks(), seconds * NodaConstants.TicksPerSecond);
            }
        }
        Assert.True(fastTaken >= 2_000 + FixedWidth.Length, $"the fixed-width path answered {fastTaken} times");
    }

    private const string UsualHeader = "service,start,length,total,good";

    private static readonly string[] ValidLines =
    [
        "svc-0,2026-11-01T00:00:00Z,1m,1700,1697",
        "svc 1,2026-10-31T19:01:00-05:00,60s,0,0",
        "svc-0,2026-11-01T00:02:00.5Z,2h,2147483647,2147483647",
        "a,2026-11-01T00:03Z,1000000s,10,9",
        "svc-0,2026-11-01T00:04:00+05:30,1m,0010,007",
    ];

    /// <summary>The chunk parser over one line under <paramref name="header"/>: whether it answers, and the row it appends.</summary>
    private static (bool Ok, string Row) Parse(string header, string line)
    {
        var names = header.Split(',');
        var columnOfSlot = RequestSliceFormat.Instance.Fields.Select(f => Array.IndexOf(names, f.Name)).ToArray();
        var parser = new RequestChunkParser(columnOfSlot, names.Length, new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
        var builder = new RequestSliceSegment.Builder();
        var ok = parser.TryParse(Encoding.Latin1.GetBytes(line + "\n"), builder);
        if (!ok) return (false, "");
        var segment = builder.Build();
        Assert.Equal(1, segment.Count);
        var s = segment.Get(0);
        return (true, $"{s.Service}|{s.Start}|{s.Length}|{s.Total}|{s.Good}");
    }

    /// <summary>The chunk parser over a chunk of lines under <paramref name="header"/>: whether it answers, and the rows it appends.</summary>
    private static (bool Ok, string Rows) ParseChunk(string header, IEnumerable<string> lines, string newline)
    {
        var names = header.Split(',');
        var columnOfSlot = RequestSliceFormat.Instance.Fields.Select(f => Array.IndexOf(names, f.Name)).ToArray();
        var parser = new RequestChunkParser(columnOfSlot, names.Length, new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
        var builder = new RequestSliceSegment.Builder();
        if (!parser.TryParse(Encoding.Latin1.GetBytes(string.Join(newline, lines) + newline), builder)) return (false, "");
        var segment = builder.Build();
        return (true, string.Join("\n", Enumerable.Range(0, segment.Count).Select(i => segment.Get(i)).Select(s => $"{s.Service}|{s.Start}|{s.Length}|{s.Total}|{s.Good}")));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Runs_of_one_service_and_services_that_extend_each_other_read_as_in_another_order(string newline)
    {
        // The usual order compares a row's service with the last one before searching for its comma.
        string[] services = ["api", "api", "api-2", "api", "ap", "ap", "a pi", "a pi", "api", "x", "x"];
        var lines = services.Select((service, i) => $"{service},2026-11-01T00:{i:D2}:00Z,1m,{100 + i},{90 + i}").ToList();
        lines.Insert(5, ""); // a blank line
        foreach (var damaged in new[] { "", "api ,2026-11-01T01:00:00Z,1m,1,1", "api,2026-11-01T01:00:00Z,1m,1,1,", "api\"x,2026-11-01T01:00:00Z,1m,1,1", "api,,2026-11-01T01:00:00Z,1m,1,1" })
        {
            var chunk = damaged.Length == 0 ? lines : [.. lines, damaged];
            var usual = ParseChunk(UsualHeader, chunk, newline);
            var other = ParseChunk("good,total,length,start,service", chunk.Select(l => l.Length == 0 ? l : Reordered(l, 0)), newline);
            Assert.Equal(other, usual);
            Assert.Equal(damaged.Length == 0, usual.Ok);
        }
        // The rows are Sep's.
        var clean = lines;
        var rows = ParseChunk(UsualHeader, clean, newline);
        Assert.True(rows.Ok);
        var log = new DataErrorLog();
        var slices = DataFile.ReadCsv(RequestSliceFormat.Instance, new StringReader(UsualHeader + newline + string.Join(newline, clean) + newline), "requests.csv", log).ToList();
        Assert.False(log.HasErrors, log.Format());
        Assert.Equal(string.Join("\n", slices.Select(s => $"{s.Service}|{s.Start}|{s.Length}|{s.Total}|{s.Good}")), rows.Rows);
    }

    /// <summary>The same fields in another order (good, total, length, start, service): the general path.</summary>
    private static string Reordered(string line, int extra)
    {
        var fields = line.Split(',');
        if (fields.Length != 5 + extra) return "x" + line; // a line with another column count: refused by both, keep it so
        return string.Join(",", new[] { fields[4], fields[3], fields[2], fields[1], fields[0] }.Concat(fields.Skip(5)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(",histogram,p99_ms")]
    public void The_usual_request_column_order_accepts_and_refuses_the_lines_another_order_does(string optional)
    {
        var extra = optional.Count(c => c == ',');
        var usualHeader = UsualHeader + optional;
        var otherHeader = "good,total,length,start,service" + optional;
        var lines = WithDamage(ValidLines.Select(l => l + new string(',', extra))).Concat(["svc-0,2026-11-01T00:00:00Z,1m,1,2", " svc,2026-11-01T00:00:00Z,1m,1,1",
            "svc ,2026-11-01T00:00:00Z,1m,1,1", "svc\u00e9,2026-11-01T00:00:00Z,1m,1,1", "svc-0,2026-11-01T00:00:00Z,1m,2147483648,1"]).ToList();
        var accepted = 0;
        foreach (var line in lines)
        {
            var reordered = Reordered(line, extra);
            // A trailing \r is a line end to both paths (the CRLF tests cover it); moved to the end by the reordering it would be one only there.
            if (line.EndsWith('\r') || reordered.EndsWith('\r')) continue;
            var usual = Parse(usualHeader, line);
            var other = Parse(otherHeader, reordered);
            Assert.True(usual == other, $"'{line}': usual order {usual}, other order {other}");
            if (!usual.Ok) continue;
            accepted++;
            // An accepted line is one Sep reads without an error into the same slice.
            var log = new DataErrorLog();
            var slices = DataFile.ReadCsv(RequestSliceFormat.Instance, new StringReader(usualHeader + "\n" + line + "\n"), "requests.csv", log).ToList();
            Assert.False(log.HasErrors, line + ": " + log.Format());
            Assert.Equal(usual.Row, $"{slices[0].Service}|{slices[0].Start}|{slices[0].Length}|{slices[0].Total}|{slices[0].Good}");
        }
        Assert.True(accepted >= ValidLines.Length, $"{accepted} lines accepted");
    }
}
