using System.Collections.Immutable;
using CsCheck;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

public class RoundTripTests
{
    private static readonly Gen<Instant> GenInstant =
        Gen.Long[Instant.FromUtc(2000, 1, 1, 0, 0).ToUnixTimeTicks(), Instant.FromUtc(2100, 1, 1, 0, 0).ToUnixTimeTicks()].Select(Instant.FromUnixTimeTicks);

    private static readonly Gen<Instant?> GenLater = Gen.Frequency((1, Gen.Const((Instant?)null)), (3, Gen.Long[0, 10_000_000_000].Select(t => (Instant?)Instant.FromUnixTimeTicks(t))));

    private static readonly Gen<string> GenWord = Gen.String[Gen.Char["abcxyz019-"], 1, 8].Where(w => ContainsOnlyKebab(w));

    private static bool ContainsOnlyKebab(string w) => w[0] != '-' && w[^1] != '-';

    private static readonly Gen<Incident> GenIncident =
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 10], Gen.Int[0, 2].Select(i => new[] { "api", "checkout", "a,b \"quoted\"" }[i]), Gen.Int[0, 99], Gen.Enum<Impact>(), GenInstant,
            Gen.Select(GenLater, GenLater, GenLater, GenLater), Gen.Select(GenWord.Null(), GenWord.Array[0, 3], Gen.Bool.Nullable()),
            (id, service, severity, impact, started, later, extra) =>
            {
                Instant? After(Instant? offset) => offset is { } o ? started + (o - Instant.FromUnixTimeTicks(0)) : null;
                return new Incident(id, service, severity, impact, started, After(later.Item1), extra.Item1, After(later.Item2), After(later.Item3),
                    After(later.Item4), region: null, tags: [.. extra.Item2.Distinct()], postmortemCompleted: extra.Item3);
            });

    [Fact]
    public void Incidents_survive_csv_and_json_lines_round_trips()
    {
        GenIncident.Array[1, 20].Sample(incidents =>
        {
            var unique = incidents.DistinctBy(i => i.Id).ToArray();
            var format = IncidentFormat.Instance;
            var (fromCsv, csvLog) = DataText.Csv(format, DataText.ToCsv(format, unique));
            var (fromJson, jsonLog) = DataText.Jsonl(format, DataText.ToJsonl(format, unique));
            Assert.False(csvLog.HasErrors, csvLog.Format());
            Assert.False(jsonLog.HasErrors, jsonLog.Format());
            Assert.Equal(unique.Select(format.ToValues), fromCsv.Select(format.ToValues));
            Assert.Equal(unique.Select(format.ToValues), fromJson.Select(format.ToValues));
            Assert.Equal(unique.Select(i => i.Started), fromCsv.Select(i => i.Started));
        }, iter: 200);
    }

    [Fact]
    public void A_slice_survives_both_formats_with_histogram_and_percentiles()
    {
        var slice = new RequestSlice("api", Instant.FromUtc(2026, 11, 1, 5, 0), Duration.FromSeconds(90), 10, 7,
            new LatencyHistogram([100, 250], [5, 4, 1]), ImmutableSortedDictionary<int, decimal>.Empty.Add(95, 212.125m));
        var format = RequestSliceFormat.Instance;
        var csv = DataText.ToCsv(format, [slice]);
        Assert.Contains("90s", csv);
        Assert.Contains("le_100=5;le_250=4;inf=1", csv);
        var (back, log) = DataText.Jsonl(format, DataText.ToJsonl(format, DataText.Csv(format, csv).Records));
        Assert.False(log.HasErrors, log.Format());
        Assert.Equal(format.ToValues(slice), format.ToValues(Assert.Single(back)));
    }

    [Fact]
    public void An_unterminated_quote_is_a_data_error_not_an_exception()
    {
        var (records, log) = DataText.Csv(AlertFormat.Instance, "id,service,raised,acknowledged\nA1,\"api,2026-11-10T14:00:00Z,\n");
        Assert.Empty(records);
        Assert.True(log.HasErrors);
        Assert.Equal(2, log.Errors[0].Line);
    }
}
