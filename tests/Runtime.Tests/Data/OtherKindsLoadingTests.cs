using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

public class OtherKindsLoadingTests
{
    [Fact]
    public void Maintenance_rows_load_and_a_window_ending_before_it_starts_is_an_error()
    {
        var (records, log) = DataText.Csv(MaintenanceFormat.Instance,
            "id,announced,start,end,services\n" +
            "M1,2026-11-16T12:00:00Z,2026-11-22T07:00:00Z,2026-11-22T09:00:00Z,api;checkout\n" +
            "M2,2026-11-16T12:00:00Z,2026-11-22T07:00:00Z,2026-11-22T06:00:00Z,api\n" +
            "M3,,2026-11-22T07:00:00Z,2026-11-22T08:00:00Z,\n" +
            "M4,2026-11-16T12:00:00Z,2026-11-22T07:00:00Z,2026-11-22T08:00:00Z,api;;checkout\n");
        Assert.Equal(["3 end DATA007", "4 announced DATA003", "5 services DATA009"], DataText.Where(log));
        var m = Assert.Single(records);
        Assert.Equal(["api", "checkout"], m.Services.ToArray());
        Assert.Equal(Duration.FromHours(6 * 24 - 5), m.Notice);
    }

    [Fact]
    public void An_alert_acknowledged_before_it_was_raised_is_an_error()
    {
        var (records, log) = DataText.Csv(AlertFormat.Instance,
            "id,service,raised,acknowledged\n" +
            "A1,api,2026-11-10T14:00:00Z,2026-11-10T14:03:00Z\n" +
            "A2,api,2026-11-10T14:00:00Z,2026-11-10T13:59:59Z\n" +
            "A3,api,2026-11-10T14:00:00Z,\n");
        Assert.Equal(["3 acknowledged DATA007"], DataText.Where(log));
        Assert.Equal(["A1", "A3"], records.Select(r => r.Id));
        Assert.Null(records[1].Acknowledged);
    }

    [Fact]
    public void Request_slice_errors_name_the_field()
    {
        const string header = "service,start,length,total,good,histogram,p95_ms\n";
        var (records, log) = DataText.Csv(RequestSliceFormat.Instance, header +
            /* 2 */ "api,2026-11-10T14:00:00Z,5m,100,99,le_100=90;le_250=9;inf=1,180.5\n" +
            /* 3 */ "api,2026-11-10T14:05:00Z,5m,100,101,,\n" +                                 // good > total
            /* 4 */ "api,2026-11-10T14:10:00Z,5m,-1,0,,\n" +                                    // negative total
            /* 5 */ "api,2026-11-10T14:15:00Z,5 minutes,100,99,,\n" +                           // bad length
            /* 6 */ "api,2026-11-10T14:20:00Z,5m,100,99,le_250=90;le_100=9;inf=1,\n" +           // bounds not increasing
            /* 7 */ "api,2026-11-10T14:25:00Z,5m,100,99,le_100=90;le_250=9,\n" +                 // no overflow bucket
            /* 8 */ "api,2026-11-10T14:30:00Z,5m,100,99,le_100=90;le_250=9;inf=2,\n" +           // counts 101, total 100
            /* 9 */ "api,2026-11-10T14:00:00Z,5m,100,99,,\n" +                                   // same service and start as line 2
            /* 10 */ "api,2026-11-10T14:35:00Z,5m,100,99,,fast\n");                              // p95 not a number
        Assert.Equal(
        [
            "3 good DATA011", "4 total DATA011", "5 length DATA017", "6 histogram DATA012", "7 histogram DATA012",
            "8 histogram DATA012", "9 start DATA010", "10 p95_ms DATA011",
        ], DataText.Where(log));
        var slice = Assert.Single(records);
        Assert.Equal(Duration.FromMinutes(5), slice.Length);
        Assert.Equal([100L, 250L], slice.Histogram!.UpperBoundsMs.ToArray());
        Assert.Equal([90L, 9L, 1L], slice.Histogram.Counts.ToArray());
        Assert.Equal(180.5m, slice.PercentilesMs[95]);
    }

    [Fact]
    public void Consecutive_slices_share_one_bounds_array()
    {
        var (records, _) = DataText.Csv(RequestSliceFormat.Instance, "service,start,length,total,good,histogram\n" +
            "api,2026-11-10T14:00:00Z,5m,10,10,le_100=10;inf=0\napi,2026-11-10T14:05:00Z,5m,10,10,le_100=9;inf=1\n");
        Assert.True(records[0].Histogram!.UpperBoundsMs == records[1].Histogram!.UpperBoundsMs);
    }

    [Fact]
    public void Deployments_may_be_open_and_may_not_end_before_they_start()
    {
        var (records, log) = DataText.Csv(DeploymentFormat.Instance, "id,service,start,end\n" +
            "d1,compute,2026-11-10T00:00:00Z,\nd2,compute,2026-11-10T00:00:00Z,2026-11-09T00:00:00Z\n");
        Assert.Equal(["3 end DATA007"], DataText.Where(log));
        Assert.Null(Assert.Single(records).End);
    }

    [Theory]
    [InlineData("60s", 60)]
    [InlineData("1m", 60)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    public void Slice_lengths_read_with_their_unit(string text, int seconds)
    {
        Assert.True(RequestSliceFormat.TryParseLength(text, out var length));
        Assert.Equal(Duration.FromSeconds(seconds), length);
    }

    [Theory]
    [InlineData("0m")]    // not positive
    [InlineData("5")]     // no unit
    [InlineData("5d")]    // unknown unit
    [InlineData("-5m")]   // sign
    [InlineData("PT5M")]  // ISO durations are not the format
    public void Slice_lengths_without_a_positive_count_and_unit_are_rejected(string text) =>
        Assert.False(RequestSliceFormat.TryParseLength(text, out _));
}
