using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Benchmarks.Checking;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.Build;
using SlaKpiDsl.Compiler.Emit.CSharp;
using Structure = SlaKpiDsl.Compiler.Tests.Emit.ShapeTests.Structure;

namespace SlaKpiDsl.Compiler.Tests.Emit;

/// <summary>
/// <see cref="ContractFacts.ConfinedToServices"/>: a contract whose facts say it selects incidents or maintenance only on
/// its own services evaluates on <see cref="ContractInputs"/>' per-contract records exactly as on all records (every
/// example, generated contracts and hand-written ones with unscoped selections and selections falling back to the measured services, on data with records of other
/// services); a contract with an unscoped selection is not confined, and would come out differently if it were.
/// </summary>
public sealed class ServiceConfinementTests
{
    private const ServiceConfinedRecords Both = ServiceConfinedRecords.Incidents | ServiceConfinedRecords.Maintenance;
    private const ServiceConfinedRecords All = Both | ServiceConfinedRecords.Requests;

    /// <summary>Unscoped incidents: downtime falls back to the measured service (scoped), the clock and count KPIs do not.</summary>
    private const string UnscopedIncidents = """
        contract "Unscoped incidents" {
          time zone "UTC"
          service api "API"
          sla uptime {
            guarantee availability of api at least 99.9% per calendar month
            downtime is incidents with impact outage
            exclude maintenance
          }
          sla response {
            guarantee response to severity 1 incidents within 15 minutes, every incident, per calendar month
          }
          kpi postmortems "Postmortems" {
            target postmortems completed for severity 1 incidents at least 80% per calendar month
          }
        }
        """;

    /// <summary>Selections without services on two measured services (they fall back to them), an alert KPI (alerts are passed whole).</summary>
    private const string FallbackSelections = """
        contract "Fallback selections" {
          time zone "UTC"
          service api "API"
          service checkout "Checkout"
          sla uptime {
            guarantee availability of api and checkout at least 99.9% per calendar month
            downtime is incidents with impact outage
            downtime counts 50% for incidents on checkout with impact degraded
            exclude maintenance announced at least 24 hours ahead
            exclude incidents caused by customer
          }
          kpi alerts "Alerts" {
            target 95% of alerts on api acknowledged within 5 minutes per calendar month
          }
        }
        """;

    private static readonly Lazy<(ImmutableArray<BoundContract> Contracts, ImmutableArray<ICompiledContract> Evaluators)> Compiled = new(() =>
    {
        var texts = Directory.GetFiles(RepositoryPaths.Examples, "*.sla").Order(StringComparer.Ordinal).Select(p => (Path: p, Text: File.ReadAllText(p)))
            .Concat(Enumerable.Range(1, 60).Select(seed => (Path: $"gen-{seed}.sla", Text: ContractCorpus.Contract(seed))))
            .Append((Path: "unscoped-incidents.sla", Text: UnscopedIncidents))
            .Append((Path: "fallback-selections.sla", Text: FallbackSelections));
        var contracts = texts.SelectMany(t =>
        {
            var check = ContractChecker.Check(t.Path, t.Text);
            Assert.False(check.HasErrors, t.Path + ": " + string.Join("; ", check.Diagnostics));
            return check.Model!.Contracts;
        }).ToImmutableArray();
        var compiled = EvaluatorCompiler.CompileContracts(ContractCompilation.Generate(contracts), EmitTestSupport.Options);
        Assert.True(compiled.Succeeded, EmitTestSupport.Describe(compiled));
        var evaluators = EvaluatorAssembly.Load(compiled.AssemblyBytes!).CreateAll<ICompiledContract>();
        Assert.Equal(contracts.Select(ContractCompilation.SemanticHash), evaluators.Select(e => e.SemanticHash));
        return (contracts, evaluators.ToImmutableArray());
    });

    /// <summary>The example data plus generated records on the generated contracts' services and on others, 2025 to 2027.</summary>
    private static readonly Lazy<DataSet> Data = new(() =>
    {
        var load = DataDirectory.Load(Path.Combine(RepositoryPaths.Root, "examples", "data"));
        Assert.True(load.Succeeded);
        var random = new Random(20261129);
        string[] services = ["svc0", "svc1", "svc2", "api", "checkout", "payments", "other"];
        string?[] causes = [null, "customer", "provider", "force-majeure"];
        Instant Around(int year) => Instant.FromUtc(year, 10, 1, 0, 0) + Duration.FromMinutes(random.Next(0, 92 * 24 * 60));
        Instant? Later(Instant start, int maxMinutes, int absentOneIn) => random.Next(absentOneIn) == 0 ? null : start + Duration.FromMinutes(random.Next(1, maxMinutes));
        var incidents = load.Data.Incidents.ToBuilder();
        for (var n = 0; n < 600; n++)
        {
            var started = Around(2025 + random.Next(3));
            incidents.Add(new Incident($"GEN-{n}", services[random.Next(services.Length)], random.Next(1, 4), (Impact)random.Next(4), started,
                Later(started, 600, 12), causes[random.Next(causes.Length)], Later(started, 10, 4), Later(started, 30, 4), Later(started, 60, 4),
                tags: random.Next(3) == 0 ? ["planned"] : [], postmortemCompleted: random.Next(3) switch { 0 => null, 1 => true, _ => false }));
        }
        var maintenance = load.Data.Maintenance.ToBuilder();
        for (var n = 0; n < 80; n++)
        {
            var start = Around(2025 + random.Next(3));
            ImmutableArray<string> on = random.Next(5) == 0 ? [] : [.. services.Where(_ => random.Next(3) == 0)];
            maintenance.Add(new Maintenance($"GEN-M{n}", start - Duration.FromHours(random.Next(1, 200)), start, start + Duration.FromMinutes(random.Next(10, 300)), on));
        }
        var alerts = load.Data.Alerts.ToBuilder();
        for (var n = 0; n < 100; n++)
        {
            var raised = Around(2025 + random.Next(3));
            alerts.Add(new Alert($"GEN-A{n}", services[random.Next(services.Length)], raised, Later(raised, 20, 5)));
        }
        // Request slices on the example services and on others, a minute each in runs, some bad: every request contract has evidence beside other services'.
        var requests = load.Data.Requests.ToBuilder();
        for (var n = 0; n < 40; n++)
        {
            var service = services[random.Next(services.Length)];
            var start = Around(2025 + random.Next(3));
            for (var m = 0; m < 30; m++)
            {
                // Some rows the columns cannot hold, kept whole among the column rows (RequestSliceTable): a count above
                // 2^31 - 1, per-slice percentiles.
                long total = random.Next(40) == 0 ? int.MaxValue + (long)random.Next(1, 1000) : random.Next(0, 200);
                var percentiles = random.Next(15) == 0 ? ImmutableSortedDictionary<int, decimal>.Empty.Add(95, random.Next(100, 900)) : null;
                requests.Add(new RequestSlice(service, start + Duration.FromMinutes(m), Duration.FromMinutes(1), total, total - random.NextInt64(0, total / 3 + 1), percentilesMs: percentiles));
            }
        }
        // A real load never holds two overlapping slices of a service: keep the first of any overlap.
        var kept = new List<RequestSlice>();
        foreach (var slice in requests)
            if (!kept.Any(k => k.Service == slice.Service && k.Start < slice.End && slice.Start < k.End)) kept.Add(slice);
        return load.Data with { Incidents = incidents.ToImmutable(), Maintenance = maintenance.ToImmutable(), Alerts = alerts.ToImmutable(), Requests = [.. kept] };
    });

    private static readonly EvaluationPeriod[] Periods =
        [new(2025, month: 11), new(2026, month: 10), new(2026, month: 11), new(2026, quarter: 4), new(2027, month: 11), new(2027, month: 12)];

    private static readonly Instant[] AsOfs = [Instant.FromUtc(2026, 11, 20, 12, 0), Instant.FromUtc(2028, 1, 1, 6, 0)];

    [Fact]
    public void Every_contract_evaluates_on_its_own_services_records_exactly_as_on_all_records()
    {
        var (_, evaluators) = Compiled.Value;
        var data = Data.Value;
        var narrowed = 0;
        foreach (var asOf in AsOfs)
        {
            var inputs = new ContractInputs(new EvaluationInput(Periods[0], asOf, data.Incidents, data.Maintenance, data.Alerts, data.Requests, data.Deployments));
            foreach (var evaluator in evaluators)
            {
                var own = inputs.For(evaluator.Facts);
                // A generated evaluator reads the request slices from columns made of the same objects (RequestKernels).
                Assert.NotNull(own.RequestTable);
                if (own.Incidents.Length < data.Incidents.Length) narrowed++;
                foreach (var period in Periods)
                    Assert.Equal(Structure.Of(evaluator.Evaluate(inputs.Whole with { Period = period })), Structure.Of(evaluator.Evaluate(own with { Period = period })));
            }
        }
        // The comparison means something: most contracts really were evaluated on fewer records.
        Assert.True(narrowed > evaluators.Length, $"only {narrowed} of {2 * evaluators.Length} runs got fewer incidents");
    }

    [Fact]
    public void Every_contract_evaluates_on_incidents_from_columns_exactly_as_on_the_objects()
    {
        // The columnar path (IncidentTable): the same contracts, the incidents stored in columns and made into objects per
        // contract from them; every evaluation must equal the one on all records as objects.
        var (_, evaluators) = Compiled.Value;
        var data = Data.Value;
        var table = IncidentTable.Of(data.Incidents);
        foreach (var asOf in AsOfs)
        {
            var whole = new EvaluationInput(Periods[0], asOf, data.Incidents, data.Maintenance, data.Alerts, data.Requests, data.Deployments);
            var columns = new ContractInputs(whole with { Incidents = [] }, table);
            foreach (var evaluator in evaluators)
            {
                var own = columns.For(evaluator.Facts);
                foreach (var period in Periods)
                    Assert.Equal(Structure.Of(evaluator.Evaluate(whole with { Period = period })), Structure.Of(evaluator.Evaluate(own with { Period = period })));
            }
        }
    }

    [Fact]
    public void Every_contract_evaluates_on_request_slices_from_columns_exactly_as_on_the_objects()
    {
        // The columnar path for request slices (RequestSliceTable, with the incidents in columns too): a generated evaluator
        // gets the table and no slice objects (ReadsRequestTable: the error-rate rules read it by column, RequestKernels;
        // request measures make their services' objects from it); every evaluation must equal the one on all records.
        var (_, evaluators) = Compiled.Value;
        var data = Data.Value;
        var incidents = IncidentTable.Of(data.Incidents);
        var requests = RequestSliceTable.Of(data.Requests);
        var narrowed = 0;
        foreach (var asOf in AsOfs)
        {
            var whole = new EvaluationInput(Periods[0], asOf, data.Incidents, data.Maintenance, data.Alerts, data.Requests, data.Deployments);
            var columns = new ContractInputs(whole with { Incidents = [], Requests = [] }, incidents, requests);
            foreach (var evaluator in evaluators)
            {
                var own = columns.For(evaluator.Facts);
                Assert.True(evaluator.Facts!.ReadsRequestTable, evaluator.ContractName);
                Assert.Same(requests, own.RequestTable);
                Assert.Empty(own.Requests);
                if (evaluator.Facts.ConfinedToServices.HasFlag(ServiceConfinedRecords.Requests)) narrowed++;
                foreach (var period in Periods)
                    Assert.Equal(Structure.Of(evaluator.Evaluate(whole with { Period = period })), Structure.Of(evaluator.Evaluate(own with { Period = period })));
            }
        }
        Assert.True(narrowed > evaluators.Length, $"only {narrowed} runs were confined for requests");
        // Rows kept whole are among the column rows.
        Assert.True(requests.ColumnBytes > requests.Count * 24L, "no row kept whole");
        Assert.Contains(evaluators, e => e.Facts!.ConfinedToServices.HasFlag(ServiceConfinedRecords.Requests) && e.Facts.Services.Any(s => data.Requests.Any(r => r.Service == s)));
    }

    [Fact]
    public void Contracts_that_read_incidents_by_column_evaluate_on_generated_rows_exactly_as_on_the_objects()
    {
        // The downtime kernel (DowntimeEvaluator on IncidentRows, the commitment's IncidentRule): a contract whose facts say
        // ReadsIncidentTable gets its services' rows and no objects. Generated rounds on its services and others, in no
        // order of service or start, overlapping, some open, some ending before they start at as-of, some kept whole
        // (an affected share, a title, a resolution a fraction of a second after a whole second) among the column rows;
        // every evaluation must equal the one on all records as objects (results, traces with incident ids, warnings).
        var (_, evaluators) = Compiled.Value;
        var byColumn = evaluators.Where(e => e.Facts!.ReadsIncidentTable).ToList();
        Assert.True(byColumn.Count >= 10, $"only {byColumn.Count} contracts read incidents by column");
        var services = byColumn.SelectMany(e => e.Facts!.Services).Distinct(StringComparer.Ordinal).Append("other").ToArray();
        string?[] causes = [null, "customer", "provider", "force-majeure", "third-party"];
        string[][] tagSets = [[], ["planned"], ["planned", "db"], ["db"]];
        var data = Data.Value;
        var kernelRuns = 0;
        for (var round = 0; round < 3; round++)
        {
            var random = new Random(1207 + round);
            Instant Around(int year) => Instant.FromUtc(year, 10, 1, 0, 0) + Duration.FromSeconds(random.NextInt64(0, 92L * 24 * 3600));
            var incidents = new List<Incident>();
            for (var n = 0; n < 1500; n++)
            {
                var started = Around(2025 + random.Next(3));
                Instant? resolved = random.Next(10) == 0 ? null : started + Duration.FromSeconds(random.Next(0, 40_000));
                if (resolved is { } r && random.Next(25) == 0) resolved = r + Duration.FromMilliseconds(random.Next(1, 1000));
                var incident = new Incident($"R{round}-{n}", services[random.Next(services.Length)], random.Next(0, 5), (Impact)random.Next(4), started, resolved,
                    causes[random.Next(causes.Length)], tags: [.. tagSets[random.Next(tagSets.Length)]]);
                incident = random.Next(20) switch
                {
                    0 => incident with { AffectedShare = random.Next(1, 100) / 100m },
                    1 => incident with { Title = "kept whole " + n },
                    _ => incident,
                };
                incidents.Add(incident);
            }
            var all = incidents.ToImmutableArray();
            var table = IncidentTable.Of(all);
            Assert.True(table.ColumnBytes > table.Count * 200L / 20, "no row kept whole");
            foreach (var asOf in AsOfs)
            {
                var whole = new EvaluationInput(Periods[0], asOf, all, data.Maintenance, data.Alerts, data.Requests, data.Deployments);
                var columns = new ContractInputs(whole with { Incidents = [] }, table);
                foreach (var evaluator in byColumn)
                {
                    var own = columns.For(evaluator.Facts);
                    Assert.NotNull(own.IncidentRows);
                    Assert.Empty(own.Incidents);
                    if (own.IncidentRows!.Count > 0) kernelRuns++;
                    foreach (var period in Periods)
                        Assert.Equal(Structure.Of(evaluator.Evaluate(whole with { Period = period })), Structure.Of(evaluator.Evaluate(own with { Period = period })));
                }
            }
        }
        Assert.True(kernelRuns > byColumn.Count, $"only {kernelRuns} runs had incidents by column");
    }

    [Fact]
    public void A_contract_that_reads_incidents_by_column_reads_no_incident_records()
    {
        // ReadsIncidentTable is a promise that the generated code never reads EvaluationInput.Incidents (it would see none).
        var (contracts, evaluators) = Compiled.Value;
        var sources = ContractCompilation.Generate(contracts);
        int flagged = 0, kernel = 0;
        foreach (var (evaluator, source) in evaluators.Zip(sources))
        {
            if (!evaluator.Facts!.ReadsIncidentTable) continue;
            flagged++;
            Assert.DoesNotContain("input.Incidents", source.Text, StringComparison.Ordinal);
            if (source.Text.Contains("IncidentSource.Of(input)", StringComparison.Ordinal)) kernel++;
        }
        Assert.True(kernel >= 10, $"{flagged} flagged, {kernel} with incident downtime");
        // And a contract that reads records otherwise (an incident KPI) is not flagged.
        Assert.False(evaluators.Single(e => e.ContractName == "Unscoped incidents").Facts!.ReadsIncidentTable);
    }

    [Fact]
    public void An_evaluator_that_does_not_read_the_table_gets_the_slices_as_objects()
    {
        // A hand-written evaluator reads EvaluationInput.Requests itself: without ReadsRequestTable it gets objects made
        // from the columns (all slices, or its services' when confined for requests), never the table.
        var data = Data.Value;
        var requests = RequestSliceTable.Of(data.Requests);
        var inputs = new ContractInputs(new EvaluationInput(Periods[0], AsOfs[0], [], [], [], [], []), incidents: null, requests);
        var facts = new ContractFacts(null, null, "UTC", null, null, ImmutableDictionary<string, string?>.Empty, ["api"]);
        var own = inputs.For(facts);
        Assert.Null(own.RequestTable);
        static object Key(RequestSlice r) => (r.Service, r.Start, r.Length, r.Total, r.Good, r.Histogram is null, r.PercentilesMs.Count);
        Assert.Equal(data.Requests.Select(Key), own.Requests.Select(Key));
        var confined = inputs.For(facts with { ConfinedToServices = ServiceConfinedRecords.Requests });
        Assert.Null(confined.RequestTable);
        Assert.Equal(data.Requests.Where(r => r.Service == "api").Select(Key), confined.Requests.Select(Key));
        Assert.NotEmpty(confined.Requests);
        var byColumn = inputs.For(facts with { ReadsRequestTable = true });
        Assert.Same(requests, byColumn.RequestTable);
        Assert.Empty(byColumn.Requests);
    }

    [Fact]
    public void The_facts_say_which_kinds_are_confined()
    {
        var (contracts, evaluators) = Compiled.Value;
        ServiceConfinedRecords Of(string name) => evaluators.Single(e => e.ContractName == name).Facts!.ConfinedToServices;
        Assert.Equal(All, Of("Shopfront - Checkout Platform"));
        Assert.Equal(ServiceConfinedRecords.Maintenance | ServiceConfinedRecords.Requests, Of("Unscoped incidents"));
        Assert.Equal(All, Of("Fallback selections"));
        // saas-api's postmortem KPI selects severity 1 incidents on any service.
        Assert.False(Of("Acme Corp - Premium API").HasFlag(ServiceConfinedRecords.Incidents));
        // Every generated corpus contract names the service of each selection.
        Assert.All(evaluators.Where(e => e.ContractName.StartsWith("Generated ", StringComparison.Ordinal)), e => Assert.Equal(All, e.Facts!.ConfinedToServices));
        // The compiled facts are what the compiler derives (shapes carry the flag like any other fact).
        Assert.All(contracts.Zip(evaluators), p => Assert.Equal(ContractEmitter.Facts(p.First), p.Second.Facts));
    }

    [Fact]
    public void An_unscoped_selection_would_come_out_differently_on_its_services_records_only()
    {
        // Why the flag must be false here: forcing the partition changes the result (the test data has severity 1
        // incidents on other services in the period).
        var (_, evaluators) = Compiled.Value;
        var evaluator = evaluators.Single(e => e.ContractName == "Unscoped incidents");
        var data = Data.Value;
        var whole = new EvaluationInput(new EvaluationPeriod(2026, month: 11), AsOfs[1], data.Incidents, data.Maintenance, data.Alerts, data.Requests, data.Deployments);
        var forced = new ContractInputs(whole).For(evaluator.Facts! with { ConfinedToServices = Both });
        Assert.NotEqual(Structure.Of(evaluator.Evaluate(whole)), Structure.Of(evaluator.Evaluate(forced)));
        Assert.Same(whole, new ContractInputs(whole).For(evaluator.Facts! with { ConfinedToServices = ServiceConfinedRecords.None, ReadsRequestTable = false }));
    }
}
