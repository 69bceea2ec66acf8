using System.Text.Json;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

/// <summary>
/// A trace entry that refers to its incident by table row (<see cref="IncidentRef"/>: no id string made while evaluating)
/// reads, compares, hashes and serializes exactly as one made with the id's text.
/// </summary>
public sealed class IncidentTraceTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 3, 10, 0);

    [Theory]
    [InlineData("I12-3456")] // split into a prefix and a number in the columns
    [InlineData("inc-007")]  // a leading zero: kept as bytes
    public void A_trace_holding_a_table_row_is_the_trace_holding_its_id_text(string id)
    {
        var table = IncidentTable.Of([new Incident("I1-1", "api", 1, Impact.Outage, T0, T0 + Duration.FromMinutes(5)),
            new Incident(id, "api", 1, Impact.Outage, T0, T0 + Duration.FromMinutes(9))]);
        var segmentIndex = 0;
        var segment = table.SegmentOf(1, ref segmentIndex, out var row);
        var byRow = new IncidentTrace(new IncidentRef(segment, row), IncidentOutcome.Counted, T0, T0 + Duration.FromMinutes(9), false, 540m, 1m, 540m, null);
        var byText = new IncidentTrace(id, IncidentOutcome.Counted, T0, T0 + Duration.FromMinutes(9), false, 540m, 1m, 540m, null);

        Assert.Equal(id, byRow.Id);
        Assert.Equal(byText, byRow);
        Assert.Equal(byText.GetHashCode(), byRow.GetHashCode());
        Assert.NotEqual(byText with { CountedSeconds = 539m }, byRow);
        Assert.NotEqual(byText with { Id = "I1-1" }, byRow);
        var json = JsonSerializer.Serialize(byRow, TraceJson.Options);
        Assert.Equal(JsonSerializer.Serialize(byText, TraceJson.Options), json);
        Assert.StartsWith("{\"id\":\"" + id + "\"", json.Replace(" ", "").Replace("\n", "").Replace("\r", ""), StringComparison.OrdinalIgnoreCase);
    }
}
