using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>The compact storage of <see cref="Incident"/> gives back every value it was given, and equality stays that of the properties.</summary>
public sealed class IncidentStorageTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 10, 14, 0);
    private static readonly ImmutableArray<string> Tags = ["db"];

    private static Incident Make(Instant started, Instant? resolved, Instant? detected = null, Instant? acknowledged = null, Instant? responded = null) =>
        new("INC-1", "api", 1, Impact.Outage, started, resolved, "provider", detected, acknowledged, responded, "eu", Tags, true);

    public static TheoryData<string, Instant?> Instants => new()
    {
        { "absent", null },
        { "at the start", Start },
        { "one nanosecond later", Start + Duration.Epsilon },
        { "a year later, odd nanoseconds", Start + Duration.FromDays(365) + Duration.FromNanoseconds(123_456_789) },
        { "273 years later (the largest kept as nanoseconds)", Start + Duration.FromDays(100_000) },
        { "just beyond", Start + Duration.FromDays(100_000) + Duration.Epsilon },
        { "at the end of time", Instant.MaxValue },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void Every_lifecycle_instant_comes_back_and_equal_values_make_equal_records(string why, Instant? at)
    {
        Assert.NotEmpty(why);
        var a = Make(Start, at, at, at, at);
        Assert.Equal((at, at, at, at), (a.Resolved, a.Detected, a.Acknowledged, a.Responded));
        var b = Make(Start, at, at, at, at);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.ToString(), b.ToString());
        Assert.Contains($"Resolved = {at}", a.ToString(), StringComparison.Ordinal);
        var other = Make(Start, at is { } t && t > Start ? t - Duration.Epsilon : Start + Duration.Epsilon);
        Assert.NotEqual(a.Resolved, other.Resolved);
        Assert.NotEqual(a, other);
    }

    [Fact]
    public void Records_with_the_same_offsets_from_different_starts_differ()
    {
        var a = Make(Start, Start + Duration.FromHours(1));
        var b = Make(Start + Duration.FromHours(1), Start + Duration.FromHours(2));
        Assert.NotEqual(a, b);
        Assert.Equal(Start + Duration.FromHours(2), b.Resolved);
        Assert.Equal((1, Impact.Outage, "provider", "eu", true), (a.Severity, a.Impact, a.Cause, a.Region, a.PostmortemCompleted));
        Assert.Equal(Tags, a.Tags);
    }

    [Fact]
    public void A_lifecycle_instant_before_the_start_is_still_refused()
    {
        Assert.Throws<ArgumentException>(() => Make(Start, Start - Duration.Epsilon));
        Assert.Throws<ArgumentException>(() => Make(Start, null, responded: Instant.MinValue));
    }
}
