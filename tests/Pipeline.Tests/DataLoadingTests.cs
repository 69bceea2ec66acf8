using System.Security.Cryptography;
using System.Text;

namespace SlaKpiDsl.Pipeline.Tests;

/// <summary>The data step: records with the hash of exactly the bytes parsed; problems as values.</summary>
public class DataLoadingTests
{
    /// <summary>The footer's definition, computed here independently: each data file in name order as name, length, bytes.</summary>
    private static string SeparateSha256(string directory, IEnumerable<string> names)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(Path.Combine(directory, name));
            sha.AppendData(Encoding.UTF8.GetBytes($"{name}\n{bytes.Length}\n"));
            sha.AppendData(bytes);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    [Fact]
    public void HashOfTheExamplesEqualsASeparateSha256OfTheirFiles()
    {
        using var scratch = new Scratch();
        var loaded = DataLoading.Load(Scratch.ExampleData, scratch.Services());
        Assert.Empty(loaded.Problems);
        var expected = SeparateSha256(Scratch.ExampleData, ["alerts.jsonl", "deployments.csv", "incidents.csv", "maintenance.csv", "requests.csv"]);
        Assert.Equal(expected, loaded.Value!.Sha256);
    }

    [Fact]
    public void A_credits_ledger_is_read_and_folded_into_the_data_hash()
    {
        // The statement's data hash covers the ledger: SHA-256 over "evidence-hash\ncredits.csv\nlength\n" + its bytes.
        using var scratch = new Scratch();
        var data = Path.Combine(scratch.Directory, "data");
        Directory.CreateDirectory(data);
        File.Copy(Path.Combine(Scratch.ExampleData, "incidents.csv"), Path.Combine(data, "incidents.csv"));
        var evidence = DataLoading.Load(data, scratch.Services()).Value!;
        Assert.Empty(evidence.CreditsLedger);
        var ledger = "reference,contract,sla,window,amount,currency\nCN-1,Shopfront - Checkout Platform,availability,2026-10,12.50,USD\n";
        File.WriteAllText(Path.Combine(data, "credits.csv"), ledger);
        var loaded = DataLoading.Load(data, scratch.Services());
        Assert.Empty(loaded.Problems);
        var credit = Assert.Single(loaded.Value!.CreditsLedger);
        Assert.Equal(("CN-1", 12.50m, "USD"), (credit.Reference, credit.Amount, credit.Currency));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var bytes = Encoding.UTF8.GetBytes(ledger);
        sha.AppendData(Encoding.UTF8.GetBytes($"{evidence.Sha256}\ncredits.csv\n{bytes.Length}\n"));
        sha.AppendData(bytes);
        Assert.Equal(Convert.ToHexStringLower(sha.GetHashAndReset()), loaded.Value.Sha256);
        // Another amount is another hash.
        File.WriteAllText(Path.Combine(data, "credits.csv"), ledger.Replace("12.50", "12.51", StringComparison.Ordinal));
        Assert.NotEqual(loaded.Value.Sha256, DataLoading.Load(data, scratch.Services()).Value!.Sha256);
    }

    [Fact]
    public void A_load_asked_not_to_hash_has_the_same_records_and_no_hash_even_with_a_credits_ledger()
    {
        using var scratch = new Scratch();
        var data = Path.Combine(scratch.Directory, "data");
        Directory.CreateDirectory(data);
        foreach (var name in new[] { "incidents.csv", "maintenance.csv", "alerts.jsonl" }) File.Copy(Path.Combine(Scratch.ExampleData, name), Path.Combine(data, name));
        File.WriteAllText(Path.Combine(data, "credits.csv"), "reference,contract,sla,window,amount,currency\nCN-1,Shopfront - Checkout Platform,availability,2026-10,12.50,USD\n");
        var uncached = scratch.Services() with { Cache = () => null };
        var hashed = DataLoading.Load(data, uncached).Value!;
        var unhashed = DataLoading.Load(data, uncached, SlaKpiDsl.Runtime.Data.DataLoadOptions.Default with { Hashed = false }).Value!;

        Assert.NotNull(hashed.Sha256);
        Assert.Null(unhashed.Sha256);
        string Json(object records) => System.Text.Json.JsonSerializer.Serialize(records);
        Assert.Equal(Json(hashed.Data.IncidentTable!.ToImmutableArray()), Json(unhashed.Data.IncidentTable!.ToImmutableArray()));
        Assert.Equal(Json(hashed.Data with { IncidentTable = null }), Json(unhashed.Data with { IncidentTable = null }));
        Assert.Equal(Json(hashed.CreditsLedger), Json(unhashed.CreditsLedger));
        Assert.Single(unhashed.CreditsLedger);
    }

    [Fact]
    public void UncachedLoadHasTheSameRecordsAndHashAsTheSnapshotLoad()
    {
        using var scratch = new Scratch();
        var uncached = DataLoading.Load(Scratch.ExampleData, scratch.Services() with { Cache = () => null }).Value!;
        var hashed = uncached.Data;
        DataLoading.Load(Scratch.ExampleData, scratch.Services()); // stores the snapshot
        Assert.Equal(uncached.Sha256, DataLoading.Load(Scratch.ExampleData, scratch.Services()).Value!.Sha256); // a hit
        var cached = DataLoading.Load(Scratch.ExampleData, scratch.Services()).Value!.Data;
        // Records hold ImmutableArray fields (reference equality): compare their JSON.
        string Json(object records) => System.Text.Json.JsonSerializer.Serialize(records);
        // Incidents come in columns, from the parse and from the snapshot alike (no objects in the data set).
        Assert.Empty(hashed.Incidents);
        Assert.Empty(cached.Incidents);
        Assert.Equal(Json(cached.IncidentTable!.ToImmutableArray()), Json(hashed.IncidentTable!.ToImmutableArray()));
        Assert.Equal(Json(cached.Maintenance), Json(hashed.Maintenance));
        Assert.Equal(Json(cached.Alerts), Json(hashed.Alerts));
        Assert.Equal(Json(cached.Requests), Json(hashed.Requests));
        Assert.Equal(Json(cached.Deployments), Json(hashed.Deployments));
        Assert.NotEqual(0, hashed.IncidentTable.Count);
    }

    [Fact]
    public void Evaluate_reads_the_incidents_in_columns_and_makes_no_incident_objects_for_a_contract_that_reads_the_table()
    {
        using var scratch = new Scratch();
        var request = new EvaluationRequest([Scratch.ExampleContracts], Scratch.ExampleData, new Runtime.Evaluation.EvaluationPeriod(2026, month: 11),
            NodaTime.Instant.FromUtc(2026, 12, 1, 6, 0));
        using var run = EvaluationRun.Open(request, scratch.Services()).Value!;
        var byColumn = run.Runs.Where(r => r.Facts.ReadsIncidentTable).ToList();
        Assert.NotEmpty(byColumn);
        foreach (var r in byColumn)
        {
            Assert.Empty(r.Input.Incidents);
            Assert.NotNull(r.Input.IncidentRows!.Table);
        }
        // What lists incidents (statements, reports) gets the contract's records made from the columns.
        Assert.Contains(byColumn, r => !r.Input.IncidentObjects().IsEmpty);
    }

    [Fact]
    public void Incidents_on_a_service_no_contract_declares_are_counted_over_the_columns()
    {
        using var scratch = new Scratch();
        var data = scratch.Folder("data");
        foreach (var file in Directory.GetFiles(Scratch.ExampleData)) File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        File.AppendAllText(Path.Combine(data, "incidents.csv"),
            "INC-9001,apii,2,degraded,provider,2026-11-14T03:00:00Z,,,,2026-11-14T04:30:00Z,us-east-1,,\n" +
            "INC-9002,apii,2,degraded,provider,2026-11-15T03:00:00Z,,,,2026-11-15T04:30:00Z,us-east-1,,\n");
        var request = new EvaluationRequest([Scratch.ExampleContracts], data, new Runtime.Evaluation.EvaluationPeriod(2026, month: 11), NodaTime.Instant.FromUtc(2026, 12, 1, 6, 0));
        var opened = EvaluationRun.Open(request, scratch.Services());
        using var run = opened.Value!;
        Assert.NotNull(run);
        Assert.Contains(opened.Problems, p => p.Message.Contains("2 incidents on service 'apii', which no contract declares", StringComparison.Ordinal)
            && p.Message.Contains("(did you mean 'api'?)", StringComparison.Ordinal));
    }

    [Fact]
    public void ChangingOneByteChangesTheHash()
    {
        using var scratch = new Scratch();
        var folder = scratch.Folder("data");
        var csv = "id,service,severity,impact,cause,started,detected,acknowledged,responded,resolved,region,tags,postmortem_completed\ninc-1,api,1,outage,provider,2026-11-03T10:00:00Z,2026-11-03T10:01:00Z,2026-11-03T10:02:00Z,2026-11-03T10:05:00Z,2026-11-03T10:30:00Z,us-east-1,,true\n";
        File.WriteAllText(Path.Combine(folder, "incidents.csv"), csv);
        var first = DataLoading.Load(folder, scratch.Services());
        Assert.Empty(first.Problems);
        Assert.Equal(SeparateSha256(folder, ["incidents.csv"]), first.Value!.Sha256);
        File.WriteAllText(Path.Combine(folder, "incidents.csv"), csv.Replace("10:30:00Z", "10:31:00Z"));
        var second = DataLoading.Load(folder, scratch.Services()).Value!;
        Assert.NotEqual(first.Value.Sha256, second.Sha256);
        Assert.Equal(SeparateSha256(folder, ["incidents.csv"]), second.Sha256);
    }

    [Fact]
    public void BadRowsAreADataProblemWithFileAndLine()
    {
        using var scratch = new Scratch();
        var folder = scratch.Folder("data");
        File.WriteAllText(Path.Combine(folder, "incidents.csv"), "id,service,severity,impact,cause,started,detected,acknowledged,responded,resolved,region,tags,postmortem_completed\ninc-1,api,1,outage,provider,not-a-time,2026-11-03T10:01:00Z,2026-11-03T10:02:00Z,2026-11-03T10:05:00Z,2026-11-03T10:30:00Z,us-east-1,,true\n");
        foreach (var outcome in new[] { DataLoading.Load(folder, scratch.Services() with { Cache = () => null }), DataLoading.Load(folder, scratch.Services()) })
        {
            Assert.Null(outcome.Value);
            var problem = Assert.Single(outcome.Problems);
            Assert.Equal(ProblemKind.Error, problem.Kind);
            Assert.Contains("incidents.csv", problem.ToString());
            Assert.Contains("incidents.csv(2)", problem.ToString());
        }
    }

    [Fact]
    public void MissingDirectoryIsAProblem()
    {
        using var scratch = new Scratch();
        var outcome = DataLoading.Load("/no/such/folder", scratch.Services());
        Assert.Equal("error: no such data directory: '/no/such/folder'", Assert.Single(outcome.Problems).ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ADataFileThatCannotBeReadIsAnErrorNamingItNotAnException(bool cached)
    {
        using var scratch = new Scratch();
        var data = Path.Combine(scratch.Directory, "data");
        Directory.CreateDirectory(data);
        foreach (var file in Directory.GetFiles(Scratch.ExampleData, "*.csv")) File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        // A dangling link where a data file should be: listed by the folder, unreadable when opened.
        File.Delete(Path.Combine(data, "alerts.csv"));
        File.CreateSymbolicLink(Path.Combine(data, "alerts.csv"), Path.Combine(scratch.Directory, "no-such-target.csv"));
        var services = cached ? scratch.Services() : scratch.Services() with { Cache = () => null };
        var outcome = DataLoading.Load(data, services);
        Assert.Null(outcome.Value);
        var problem = Assert.Single(outcome.Problems).ToString();
        Assert.StartsWith($"error: cannot read the data in '{data}':", problem, StringComparison.Ordinal);
        Assert.Contains("alerts.csv", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_load_narrowed_to_some_kinds_reads_and_hashes_only_their_files()
    {
        // The peer benchmark's load: incidents (the downtime kernel's columns) and maintenance, not alerts, requests or deployments.
        using var scratch = new Scratch();
        var options = Runtime.Data.DataLoadOptions.Default with
        {
            Kinds = [Runtime.Data.Formats.DataKind.Incidents, Runtime.Data.Formats.DataKind.Maintenance],
            IncidentColumns = Runtime.Data.IncidentColumns.DowntimeKernel,
        };
        var loaded = DataLoading.Load(Scratch.ExampleData, scratch.Services(), options);
        Assert.Empty(loaded.Problems);
        var data = loaded.Value!.Data;
        Assert.Equal(SeparateSha256(Scratch.ExampleData, ["incidents.csv", "maintenance.csv"]), loaded.Value.Sha256);
        var whole = DataLoading.Load(Scratch.ExampleData, scratch.Services() with { Cache = () => null }).Value!.Data;
        Assert.Equal(whole.IncidentTable!.Count, data.IncidentTable!.Count);
        Assert.Equal(whole.Maintenance.Select(m => m.Id), data.Maintenance.Select(m => m.Id));
        Assert.True(whole.Alerts.Length > 0 && whole.Requests.Length > 0 && whole.Deployments.Length > 0);
        Assert.Empty(data.Alerts);
        Assert.Empty(data.Requests);
        Assert.Empty(data.Deployments);
    }

    [Fact]
    public void Request_slices_in_columns_are_the_slices_the_object_load_reads()
    {
        using var scratch = new Scratch();
        var options = Runtime.Data.DataLoadOptions.Default with { Kinds = [Runtime.Data.Formats.DataKind.Requests], RequestsInColumns = true };
        var loaded = DataLoading.Load(Scratch.ExampleData, scratch.Services(), options).Value!;
        Assert.Equal(SeparateSha256(Scratch.ExampleData, ["requests.csv"]), loaded.Sha256);
        Assert.Empty(loaded.Data.Requests);
        var objects = DataLoading.Load(Scratch.ExampleData, scratch.Services() with { Cache = () => null }).Value!.Data.Requests;
        Assert.Equal(objects.Select(s => (s.Service, s.Start, s.Length, s.Total, s.Good)), loaded.Data.RequestTable!.ToImmutableArray().Select(s => (s.Service, s.Start, s.Length, s.Total, s.Good)));
    }
}
