using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data.Examples;

public class ExampleDataTests
{
    [Fact]
    public void The_committed_requests_file_is_what_the_generator_writes()
    {
        var log = new DataErrorLog();
        var incidents = DataFile.ReadIncidents(Path.Combine(RepositoryPaths.ExampleData, "incidents.csv"), log).ToList();
        Assert.False(log.HasErrors, log.Format());
        var writer = new StringWriter();
        DataFile.WriteCsv(RequestSliceFormat.Instance, ExampleRequestGenerator.Generate(incidents), writer);
        var path = Path.Combine(RepositoryPaths.ExampleData, "requests.csv");
        if (RepositoryPaths.UpdateGolden) File.WriteAllText(path, writer.ToString());
        Assert.True(File.Exists(path), "Run with UPDATE_GOLDEN=1 to generate examples/data/requests.csv.");
        Assert.True(writer.ToString() == File.ReadAllText(path), "examples/data/requests.csv differs from the generator; rerun with UPDATE_GOLDEN=1 and review the diff.");
    }

    [Fact]
    public void The_example_directory_loads_without_errors()
    {
        var load = DataDirectory.Load(RepositoryPaths.ExampleData);
        Assert.True(load.Succeeded, load.Log.Format());
        Assert.Equal(0, load.Log.ErrorCount);
        Assert.Equal(29, load.Data.Incidents.Length);
        Assert.Equal(5, load.Data.Maintenance.Length);
        Assert.Equal(25, load.Data.Alerts.Length);
        Assert.Equal(6, load.Data.Deployments.Length);
        // api: 5-minute slices over 61 days and 5 hours; platform: 1-minute slices over the same span.
        Assert.Equal((61 * 24 + 5) * 12, load.Data.Requests.Count(r => r.Service == "api"));
        Assert.Equal((61 * 24 + 5) * 60, load.Data.Requests.Count(r => r.Service == "platform"));
        Assert.Equal(5, load.FilesRead.Length);
    }

    [Fact]
    public void The_example_directory_stays_small()
    {
        var bytes = Directory.EnumerateFiles(RepositoryPaths.ExampleData, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(bytes < 8_000_000, $"examples/data is {bytes} bytes; keep it under 8 MB.");
    }

    [Fact]
    public void The_planted_platform_minutes_have_the_documented_error_rates()
    {
        var log = new DataErrorLog();
        var slices = DataFile.ReadRequestSlices(Path.Combine(RepositoryPaths.ExampleData, "requests.csv"), log)
            .Where(s => s.Service == "platform").ToDictionary(s => s.Start);
        bool Down(Instant minute) => slices[minute] is var s && s.Total >= 2000 && s.Bad * 10 > s.Total;
        var t = Instant.FromUtc(2026, 10, 13, 14, 0);
        Assert.False(Down(t - Duration.FromMinutes(1)));
        for (var i = 0; i < 15; i++) Assert.True(Down(t + Duration.FromMinutes(i)), $"minute {i}");
        Assert.False(Down(t + Duration.FromMinutes(15)));
        Assert.Equal(2000, slices[t + Duration.FromMinutes(5)].Total);
        var e = Instant.FromUtc(2026, 11, 25, 12, 0);
        Assert.False(Down(e + Duration.FromMinutes(9)));                // exactly 10%: not above
        Assert.Equal(240, slices[e + Duration.FromMinutes(9)].Bad);
        Assert.True(Down(e + Duration.FromMinutes(8)) && Down(e + Duration.FromMinutes(10)));
        Assert.False(Down(Instant.FromUtc(2026, 11, 7, 7, 2)));         // 50% errors, 1500 requests
    }
}
