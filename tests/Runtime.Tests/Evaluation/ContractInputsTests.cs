using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

public sealed class ContractInputsTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 1, 0, 0);

    private static EvaluationInput Input(ImmutableArray<RequestSlice> requests) =>
        new(new EvaluationPeriod(2026, month: 11), T0 + Duration.FromDays(30), [], [], [], requests, []);

    private static ImmutableArray<RequestSlice> Interleaved() =>
        [.. Enumerable.Range(0, 30).Select(k => new RequestSlice(k % 3 == 0 ? "api" : k % 3 == 1 ? "web" : "db", T0 + Duration.FromMinutes(k), Duration.FromMinutes(1), 100 + k, 100))];

    private static ContractFacts Facts(bool readsRequestTable, params string[] services) =>
        new(null, null, "UTC", null, null, ImmutableDictionary<string, string?>.Empty, [.. services]) { ReadsRequestTable = readsRequestTable };

    [Fact]
    public void Request_columns_made_ahead_are_the_ones_every_column_reading_contract_gets()
    {
        var slices = Interleaved();
        var inputs = new ContractInputs(Input(slices));

        inputs.PrepareRequestColumns();
        var table = inputs.For(Facts(readsRequestTable: true, "api")).RequestTable;
        inputs.Prepare([Facts(readsRequestTable: true, "api"), Facts(readsRequestTable: true, "web"), null]);

        Assert.NotNull(table);
        Assert.Same(table, inputs.For(Facts(readsRequestTable: true, "web")).RequestTable);
        Assert.Empty(inputs.For(Facts(readsRequestTable: true, "web")).Requests);
        Assert.Equal(slices.Length, table.Count);
        Assert.Equal(["api", "db", "web"], table.RowsByService().Keys.Order(StringComparer.Ordinal));
        // A contract that reads the slices as objects still gets them all, and no table.
        var asObjects = inputs.For(Facts(readsRequestTable: false, "api"));
        Assert.Null(asObjects.RequestTable);
        Assert.Equal(slices, asObjects.Requests);
    }

    [Fact]
    public void Without_request_slices_nothing_is_made_ahead()
    {
        var inputs = new ContractInputs(Input([]));

        inputs.PrepareRequestColumns();

        Assert.Null(inputs.For(Facts(readsRequestTable: true, "api")).RequestTable);
    }
}
