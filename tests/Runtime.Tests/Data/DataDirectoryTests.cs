using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Runtime.Tests.Data;

public sealed class DataDirectoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sla-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);

    [Fact]
    public void Absent_kinds_are_empty_and_present_ones_load_in_either_format()
    {
        Write("incidents.jsonl", "{\"id\":\"I1\",\"service\":\"api\",\"severity\":1,\"impact\":\"outage\",\"started\":\"2026-11-10T14:00:00Z\"}\n");
        Write("alerts.csv", "id,service,raised,acknowledged\nA1,api,2026-11-10T14:00:00Z,\n");
        Write("README.md", "not data");
        var load = DataDirectory.Load(_dir);
        Assert.True(load.Succeeded, load.Log.Format());
        Assert.Single(load.Data.Incidents);
        Assert.Single(load.Data.Alerts);
        Assert.Empty(load.Data.Maintenance);
        Assert.Empty(load.Data.Requests);
        Assert.Equal(2, load.FilesRead.Length);
    }

    [Fact]
    public void Two_files_of_one_kind_and_a_misspelt_file_name_are_errors()
    {
        Write("incidents.csv", "id,service,severity,impact,started\n");
        Write("incidents.jsonl", "");
        Write("incident.csv", "");
        var load = DataDirectory.Load(_dir, new DataLoadOptions { Lenient = true });
        Assert.False(load.Succeeded);
        Assert.Equal([DataErrorCodes.UnknownFile, DataErrorCodes.ConflictingFiles], load.Log.Errors.Select(e => e.Code));
        Assert.EndsWith("incident.csv", load.Log.Errors[0].File);
    }

    [Fact]
    public void A_row_longer_than_the_csv_readers_limit_is_a_located_error_not_an_exception()
    {
        // Sep holds at most 16,777,216 characters in a row: a longer quoted field threw NotSupportedException (exit 2).
        Write("incidents.csv", "id,service,severity,impact,started,resolved,title\n" +
            "I1,api,1,outage,2026-11-10T14:00:00Z,2026-11-10T15:00:00Z,ok\n" +
            "I2,api,1,outage,2026-11-10T14:00:00Z,,\"" + new string('x', 17_000_000) + "\"\n");
        Write("maintenance.csv", "id,announced,start,end,services\n" +
            "M" + new string('y', 17_000_000) + ",2026-11-01T00:00:00Z,2026-11-05T02:00:00Z,2026-11-05T05:00:00Z,api\n");
        var load = DataDirectory.Load(_dir);
        Assert.False(load.Succeeded);
        Assert.Contains(load.Log.Errors, e => e.Code == DataErrorCodes.MalformedRow && e.File.EndsWith("incidents.csv", StringComparison.Ordinal) && e.Line == 3 && e.Message.Contains("longer than the CSV reader's limit", StringComparison.Ordinal));
        Assert.Contains(load.Log.Errors, e => e.Code == DataErrorCodes.MalformedRow && e.File.EndsWith("maintenance.csv", StringComparison.Ordinal) && e.Line == 2);
    }

    [Fact]
    public void One_row_left_out_and_one_more_error_are_said_in_the_singular()
    {
        Write("incidents.csv", "id,service,severity,impact,started,resolved\n" +
            "I1,api,1,outage,2026-11-10T14:00:00Z,2026-11-10T15:00:00Z\n" +
            "I2,api,1,boom,2026-11-10T14:00:00Z,\n");
        var one = DataDirectory.Load(_dir).Log.Format();
        Assert.Contains("1 row left out: 1 x DATA008 (UnknownEnumeration);", one, StringComparison.Ordinal);
        Write("incidents.csv", "id,service,severity,impact,started,resolved\n" +
            "I2,api,1,boom,2026-11-10T14:00:00Z,\n" +
            "I3,api,1,boom,2026-11-10T14:00:00Z,\n");
        var two = DataDirectory.Load(_dir).Log.Format(maxPrinted: 1);
        Assert.Contains("... and 1 more error.", two, StringComparison.Ordinal);
        Assert.Contains("2 rows left out:", two, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_loads_fail_on_any_bad_row_and_lenient_loads_count_what_they_left_out()
    {
        Write("incidents.csv", "id,service,severity,impact,started,resolved\n" +
            "I1,api,1,outage,2026-11-10T14:00:00Z,2026-11-10T15:00:00Z\n" +
            "I2,api,1,outage,2026-11-10T14:00:00,\n" +
            "I3,api,1,boom,2026-11-10T14:00:00Z,\n" +
            "I1,api,1,outage,2026-11-10T14:00:00Z,\n");
        var strict = DataDirectory.Load(_dir);
        Assert.False(strict.Succeeded);
        Assert.Equal(3, strict.Log.ErrorCount);

        var lenient = DataDirectory.Load(_dir, new DataLoadOptions { Lenient = true });
        Assert.True(lenient.Succeeded);
        Assert.Equal(["I1"], lenient.Data.Incidents.Select(i => i.Id));
        Assert.Equal(3, lenient.Log.RowsLeftOut);
        Assert.Equal(1, lenient.Log.RowsLeftOutByCode[DataErrorCodes.TimestampWithoutOffset]);
        Assert.Equal(1, lenient.Log.RowsLeftOutByCode[DataErrorCodes.UnknownEnumeration]);
        Assert.Equal(1, lenient.Log.RowsLeftOutByCode[DataErrorCodes.DuplicateId]);
        Assert.Contains("3 rows left out: 1 x DATA005 (TimestampWithoutOffset); 1 x DATA008 (UnknownEnumeration); 1 x DATA010 (DuplicateId);", lenient.Log.Format());
    }

    [Fact]
    public void A_lenient_load_still_fails_when_a_file_lacks_a_required_column()
    {
        Write("alerts.csv", "id,service\nA1,api\n");
        var load = DataDirectory.Load(_dir, new DataLoadOptions { Lenient = true });
        Assert.False(load.Succeeded);
        Assert.Equal(DataErrorCodes.MissingColumn, Assert.Single(load.Log.Errors).Code);
    }

    [Fact]
    public void A_missing_directory_is_an_io_exception_not_a_data_error() =>
        Assert.Throws<DirectoryNotFoundException>(() => DataDirectory.Load(Path.Combine(_dir, "nope")));
}

public class DataErrorLogTests
{
    [Fact]
    public void Codes_are_unique_and_well_formed()
    {
        var codes = DataErrorCodes.All.Select(c => c.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^DATA[0-9]{3}$", c));
        Assert.Equal(codes.Count, DataErrorCodes.All.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void Formatting_prints_the_first_errors_then_says_how_many_more()
    {
        var log = new DataErrorLog(maxKept: 10);
        for (var i = 1; i <= 250; i++) log.Add(new DataError("f.csv", i, "started", DataErrorCodes.InvalidTimestamp, "bad"));
        var lines = log.Format(maxPrinted: 5).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Equal("f.csv(1): error DATA004: [started] bad", lines[0]);
        Assert.Equal("... and 245 more errors.", lines[5]);
        Assert.Equal(250, log.ErrorCount);
        Assert.Equal(10, log.Errors.Count);
        Assert.Equal(250, log.ErrorsByCode[DataErrorCodes.InvalidTimestamp]);
    }
}
