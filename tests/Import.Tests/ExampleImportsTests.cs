using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Import.Tests;

/// <summary>
/// examples/data/imports/ holds real-shaped exports with their maps, and the examples' own data files come back from
/// them: imports/incident-db-dump.csv (a database dump, generic CSV) gives examples/data/incidents.csv, and
/// imports/statuspage-scheduled-maintenances.json gives examples/data/maintenance.csv, record for record.
/// </summary>
public sealed class ExampleImportsTests
{
    private static string Examples
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SlaKpiDsl.sln"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "examples", "data");
        }
    }

    private static string Imports => Path.Combine(Examples, "imports");

    private static List<string?[]> Values<T>(RecordFormat<T> format, IEnumerable<T> records) where T : class =>
        [.. records.Select(format.ToValues).OrderBy(v => v[0], StringComparer.Ordinal)];

    [Fact]
    public void The_incident_database_dump_regenerates_the_example_incidents()
    {
        using var scratch = new Scratch();
        var result = Importer.Run(new ImportRequest(ImportSource.Csv, [Path.Combine(Imports, "incident-db-dump.csv")], Path.Combine(Imports, "incident-db-dump.toml"), scratch.Path("data")));
        Assert.True(result.Succeeded, string.Join("\n", result.Rejections.Concat(result.MapErrors)));
        var log = new DataErrorLog();
        var expected = DataFile.ReadIncidents(Path.Combine(Examples, "incidents.csv"), log).ToList();
        var written = DataFile.ReadIncidents(scratch.Path("data/incidents.csv"), log).ToList();
        Assert.False(log.HasErrors, log.Format());
        Assert.Equal(Values(IncidentFormat.Instance, expected), Values(IncidentFormat.Instance, written));
    }

    [Fact]
    public void The_statuspage_scheduled_maintenances_regenerate_the_example_maintenance()
    {
        using var scratch = new Scratch();
        var result = Importer.Run(new ImportRequest(ImportSource.Statuspage, [Path.Combine(Imports, "statuspage-scheduled-maintenances.json")], Path.Combine(Imports, "statuspage.toml"), scratch.Path("data")));
        Assert.True(result.Succeeded, string.Join("\n", result.Rejections.Concat(result.MapErrors)));
        var log = new DataErrorLog();
        var expected = DataFile.ReadMaintenance(Path.Combine(Examples, "maintenance.csv"), log).ToList();
        var written = DataFile.ReadMaintenance(scratch.Path("data/maintenance.csv"), log).ToList();
        Assert.False(log.HasErrors, log.Format());
        Assert.Equal(Values(MaintenanceFormat.Instance, expected), Values(MaintenanceFormat.Instance, written));
    }

    [Fact]
    public void The_pagerduty_sample_imports_with_its_map()
    {
        using var scratch = new Scratch();
        var result = Importer.Run(new ImportRequest(ImportSource.PagerDuty, [Path.Combine(Imports, "pagerduty-analytics-incidents.csv")], Path.Combine(Imports, "pagerduty.toml"), scratch.Path("data")));
        Assert.True(result.Succeeded, string.Join("\n", result.Rejections.Concat(result.MapErrors)));
        Assert.Equal(2, result.Incidents.Length);
        Assert.Equal(1, result.Tally.LeftOutByMapCounts["service 'Internal Tools'"]);
    }
}
