using System.Text.Json;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;

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

    /// <summary>
    /// The downtime evaluator reading an incident table's columns makes a trace's incident entries, periods and segments
    /// when first read (not while evaluating), once: they, and the trace's JSON, are those of the same incidents evaluated
    /// as objects, with entries or without.
    /// </summary>
    [Fact]
    public void A_trace_made_from_columns_makes_its_incident_entries_and_periods_when_read_and_they_are_the_object_paths()
    {
        var window = new CalendarWindow(WindowKind.RollingDays, DateTimeZone.Utc, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 30), Instant.FromUtc(2026, 11, 1, 0, 0), Instant.FromUtc(2026, 12, 1, 0, 0));
        var incidents = new[]
        {
            new Incident("I1-2", "api", 1, Impact.Outage, T0 + Duration.FromMinutes(20), T0 + Duration.FromMinutes(50)),
            new Incident("I1-1", "api", 1, Impact.Outage, T0, T0 + Duration.FromMinutes(30)),
            new Incident("I1-3", "api", 1, Impact.Outage, T0 + Duration.FromHours(2), null, cause: "customer"),
            new Incident("I1-4", "web", 1, Impact.Outage, T0, T0 + Duration.FromMinutes(5)),
        };
        var asOf = T0 + Duration.FromHours(3);
        var byObjects = Commitment(rule: null);
        var byColumns = Commitment(new IncidentRule([new(["api"], null, null, [Impact.Outage], 1m)], [new("4.9", ["customer"], [])]));

        var eager = new DowntimeEvaluator().Evaluate(byObjects, window, asOf, incidents, []);
        var deferred = new DowntimeEvaluator().Evaluate(byColumns, window, asOf, new IncidentRows(IncidentTable.Of(incidents)), []);

        Assert.Equal(["I1-1", "I1-2", "I1-3"], deferred.Trace.Incidents.Select(i => i.Id));
        Assert.Equal(eager.Trace.Incidents.ToArray(), deferred.Trace.Incidents.ToArray());
        Assert.True(deferred.Trace.Incidents == deferred.Trace.Incidents); // made once
        Assert.True((deferred.Trace with { Clause = "x" }).Incidents == deferred.Trace.Incidents);
        Assert.Equal(TraceJson.Serialize(eager.Trace), TraceJson.Serialize(deferred.Trace));
        Assert.Equal(eager.Trace.Periods.ToArray(), deferred.Trace.Periods.ToArray());
        Assert.Equal(eager.Trace.CountedSegments.ToArray(), deferred.Trace.CountedSegments.ToArray());
        Assert.NotEmpty(deferred.Trace.CountedSegments);
        // A part given later (with) is kept; the others are still the evaluator's.
        var replaced = deferred.Trace with { Incidents = [] };
        Assert.True(replaced.Incidents.IsEmpty);
        Assert.True(replaced.Periods == deferred.Trace.Periods);

        var none = new IncidentRows(IncidentTable.Of([incidents[3]]));
        var empty = new DowntimeEvaluator().Evaluate(byColumns, window, asOf, none, []).Trace;
        Assert.True(empty.Incidents.IsEmpty);
        Assert.Equal(TraceJson.Serialize(new DowntimeEvaluator().Evaluate(byObjects, window, asOf, [incidents[3]], []).Trace), TraceJson.Serialize(empty));

        static DowntimeCommitment Commitment(IncidentRule? rule) =>
            new("availability", "3.1", ValueCondition.AtLeast(99.9m), i => i.Service == "api" && i.Impact == Impact.Outage ? 1m : 0m, Duration.Zero,
                [new IncidentExclusion("4.9", i => i.Cause == "customer")], ExcludedTimeAccounting.CountsAsAvailable, MeasuredPeriodBasis.CalendarWindow,
                null, null, rule);
    }
}
