using CsCheck;

namespace SlaKpiDsl.Import.Tests;

/// <summary>Whatever the bytes of an export, an import returns records and rejections; it never throws (an exception would be exit 2).</summary>
public sealed class NeverThrowsTests
{
    private static readonly (ImportSource Source, string Name, string Text, string Map)[] Samples =
    [
        (ImportSource.PagerDuty, "pd.csv", Fixtures.AnalyticsCsv, Fixtures.PagerDutyMap),
        (ImportSource.PagerDuty, "raw.json", Fixtures.AnalyticsJson, Fixtures.PagerDutyMap),
        (ImportSource.PagerDuty, "incidents.json", Fixtures.RestIncidents, Fixtures.PagerDutyMap),
        (ImportSource.PagerDuty, "log.json", Fixtures.RestLogEntries, Fixtures.PagerDutyMap),
        (ImportSource.Statuspage, "sp.json", Fixtures.StatuspageIncidents, Fixtures.StatuspageMap),
        (ImportSource.Statuspage, "spm.json", Fixtures.StatuspageMaintenances, Fixtures.StatuspageMap),
        (ImportSource.Csv, "jira.csv", Fixtures.JiraCsv, Fixtures.JiraMap),
    ];

    [Fact]
    public void Mutated_exports_never_throw()
    {
        using var scratch = new Scratch();
        var maps = Samples.Select(s => s.Map).Distinct().ToDictionary(m => m, m => ImportMapReader.Read(m, "map.toml").Map!);
        // Each mutation replaces characters with ones the parsers care about: digits, timestamp and JSON punctuation, quotes.
        var mutations = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Char["0189-:TZ+.,;\"\n{}[] x"]).Array[1, 8];
        mutations.Sample(edits =>
        {
            var folder = Guid.NewGuid().ToString("N"); // CsCheck samples on several threads: one folder per sample
            foreach (var (source, name, text, map) in Samples)
            {
                var chars = text.ToCharArray();
                foreach (var (at, c) in edits) chars[at % chars.Length] = c;
                var path = scratch.Write(Path.Combine(folder, name), new string(chars));
                _ = Importer.Map(source, [path], maps[map]);
            }
        }, iter: 300);
    }

    [Fact]
    public void A_row_longer_than_the_csv_readers_limit_is_a_located_rejection_not_an_exception()
    {
        // Sep holds at most 16,777,216 characters in a row; a longer one (or a quote left open over a huge file) threw
        // NotSupportedException out of sla import: exit 2 and a stack trace.
        using var scratch = new Scratch();
        var maps = Samples.Select(s => s.Map).Distinct().ToDictionary(m => m, m => ImportMapReader.Read(m, "map.toml").Map!);
        foreach (var (source, name, text, map) in Samples.Where(s => s.Name.EndsWith(".csv", StringComparison.Ordinal)))
        {
            var lines = text.Split('\n');
            lines[1] += new string('x', 17_000_000);
            var path = scratch.Write(name, string.Join('\n', lines));
            var result = Importer.Map(source, [path], maps[map]);
            var rejection = Assert.Single(result.Sink.Rejections, r => r.Code == "DATA001");
            Assert.Equal(2, rejection.Line);
            Assert.Contains("longer than the CSV reader's limit", rejection.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Random_map_text_never_throws()
    {
        Gen.String[Gen.Char["[]=\"{}.,#\n abcdeflmnorstuvwy0123456789_-"], 0, 200].Sample(text =>
        {
            _ = ImportMapReader.Read("[services]\n" + text, "m.toml");
            _ = ImportMapReader.Read(text, "m.toml");
        }, iter: 2000);
    }
}
