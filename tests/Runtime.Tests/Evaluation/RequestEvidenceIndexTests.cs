using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Runtime.Tests.Evaluation;

public sealed class RequestEvidenceIndexTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 1, 0, 0);

    private static ImmutableArray<RequestSlice> Interleaved() =>
        [.. Enumerable.Range(0, 30).Select(k => new RequestSlice(k % 3 == 0 ? "api" : k % 3 == 1 ? "web" : "db", T0 + Duration.FromMinutes(k), Duration.FromMinutes(1), 100 + k, 100))];

    [Fact]
    public void Selecting_services_gives_exactly_the_slices_a_filter_gives_in_file_order()
    {
        var all = Interleaved();
        foreach (string[] services in new[] { new[] { "api" }, ["web"], ["api", "db"], ["db", "web", "api"], ["missing"], ["api", "missing"] })
        {
            var expected = all.Where(s => services.Contains(s.Service)).ToArray();
            Assert.Equal(expected, RequestEvidence.OfServices(all, services));
        }
        Assert.Equal(all.Where(s => s.Service == "web"), RequestEvidence.Of(all, "web"));
        Assert.Equal(RequestEvidence.Of((IEnumerable<RequestSlice>)all, "db"), RequestEvidence.Of(all, "db"));
    }

    [Fact]
    public void A_caller_changing_its_result_never_changes_what_the_next_caller_gets()
    {
        var all = Interleaved();
        var first = RequestEvidence.OfServices(all, "api");
        Array.Reverse(first);
        RequestEvidence.Of(all, "api").Clear();

        Assert.Equal(all.Where(s => s.Service == "api"), RequestEvidence.OfServices(all, "api"));
    }

    [Fact]
    public void Another_loaded_array_with_the_same_services_gets_its_own_slices()
    {
        var a = Interleaved();
        ImmutableArray<RequestSlice> b = [new RequestSlice("api", T0, Duration.FromMinutes(1), 7, 7)];
        Assert.Equal(10, RequestEvidence.OfServices(a, "api").Length);
        Assert.Equal(7, Assert.Single(RequestEvidence.OfServices(b, "api")).Total);
        Assert.Empty(RequestEvidence.OfServices([], "api"));
    }

    [Fact]
    public void An_array_of_one_services_slices_gives_them_all_and_a_copy()
    {
        // What a contract confined to its service gets (ContractInputs): its own slices only, read without an index.
        ImmutableArray<RequestSlice> own = [.. Interleaved().Where(s => s.Service == "web")];
        var slices = RequestEvidence.Of(own, "web");
        Assert.Equal(own, slices);
        slices.Clear();
        Assert.Equal(own, RequestEvidence.OfServices(own, "web"));
        Assert.Empty(RequestEvidence.Of(own, "api"));
    }
}
