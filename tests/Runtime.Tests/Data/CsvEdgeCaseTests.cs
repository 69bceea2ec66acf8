using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

public class CsvEdgeCaseTests
{
    [Fact]
    public void An_empty_file_reports_the_missing_columns()
    {
        var (records, log) = DataText.Csv(AlertFormat.Instance, "");
        Assert.Empty(records);
        Assert.Equal(["1 id DATA002", "1 service DATA002", "1 raised DATA002"], DataText.Where(log));
        Assert.Equal("The header has no 'id' column, which every alerts file needs (the file is empty: it has no header row; required: id, service, raised).", log.Errors[0].Message);
    }

    [Fact]
    public void A_header_with_a_repeated_column_is_an_error_not_an_exception()
    {
        var (records, log) = DataText.Csv(AlertFormat.Instance, "id,service,raised,id\nA1,api,2026-11-10T14:00:00Z,A2\n");
        Assert.Empty(records);
        Assert.Equal(["1 - DATA001"], DataText.Where(log));
        Assert.Contains("'id'", log.Errors[0].Message);
    }

    [Fact]
    public void A_header_only_file_has_no_records_and_no_errors()
    {
        var (records, log) = DataText.Csv(AlertFormat.Instance, "id,service,raised,acknowledged\n");
        Assert.Empty(records);
        Assert.False(log.HasErrors);
    }

    [Fact]
    public void Quoted_values_may_hold_commas_quotes_and_newlines_and_line_numbers_stay_right()
    {
        // A newline is read inside quotes, and counts for the next row's line; no incident field keeps one (a region once
        // did, which let a quote left open swallow the next rows: SilentLossTests), so the region's is an error.
        var (records, log) = DataText.Csv(IncidentFormat.Instance, "id,service,severity,impact,started,region\n" +
            "\"INC,1\",api,1,outage,2026-11-10T14:00:00Z,\"us \"\"east\"\", zone\"\n" +
            "INC-2,api,1,outage,2026-11-10T14:00:00Z,\"us\nzone\"\n" +
            "INC-3,api,1,boom,2026-11-10T14:00:00Z,x\n");
        Assert.Equal("INC,1", records[0].Id);
        Assert.Equal("us \"east\", zone", records[0].Region);
        Assert.Equal(["3 region DATA009", "5 impact DATA008"], DataText.Where(log));
    }
}
