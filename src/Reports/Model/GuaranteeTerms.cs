using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Dsl.Syntax;

namespace SlaKpiDsl.Reports.Model;

/// <summary>
/// A guarantee's terms as the compiler bound them, handed to documents as values (never as a sentence): the one wording
/// module (<see cref="Wording.Words.Guarantee(GuaranteeTerms)"/>) makes the contract's sentence from them.
/// </summary>
public abstract record GuaranteeTerms;

/// <summary>The bound of a threshold: a percent, a count, or a duration with its literal as the contract wrote it ("500 ms").</summary>
public abstract record GuaranteeBound
{
    public sealed record Percent(decimal Value) : GuaranteeBound;
    public sealed record Count(decimal Value) : GuaranteeBound;
    public sealed record Duration(NodaTime.Duration Value, string Written) : GuaranteeBound;
}

/// <summary><c>p95 latency at most 500 ms in at least 99% of 5-minute slices</c>: <see cref="SliceSharePercent"/> and <see cref="SliceLength"/> are both set or both null.</summary>
public sealed record ThresholdTerms(string Measure, ComparisonOperator Operator, GuaranteeBound Bound, decimal? SliceSharePercent = null, Duration? SliceLength = null) : GuaranteeTerms;

/// <summary>Which incidents a clock covers: a severity range, services and impacts (empty: any).</summary>
public sealed record IncidentScope(int? SeverityLow, int? SeverityHigh, ImmutableArray<string> Services, ImmutableArray<string> Impacts);

/// <summary><c>response to severity 1 incidents on api within 15 minutes</c>, every incident (<see cref="RequiredSharePercent"/> null) or a share of them.</summary>
public sealed record ClockTerms(ClockKind Kind, IncidentScope Incidents, Duration Within, decimal? RequiredSharePercent) : GuaranteeTerms;

/// <summary><c>95% of alerts on api acknowledged within 5 minutes</c>.</summary>
public sealed record AlertTerms(decimal SharePercent, ImmutableArray<string> Services, Duration Within) : GuaranteeTerms;

/// <summary>A guarantee no document words on its own: the reader is sent to the contract.</summary>
public sealed record UnwordedTerms : GuaranteeTerms;
