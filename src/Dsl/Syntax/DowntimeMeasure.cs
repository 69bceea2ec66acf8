using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Syntax;

/// <summary><c>downtime of api</c>: downtime as a duration budget (<c>downtime of api at most 43 minutes per calendar
/// month</c>). Added by CHECK for lint SLA1008 (a fixed-minutes monthly budget differs across month lengths).</summary>
public sealed record DowntimeMeasureSyntax(ImmutableArray<IdentifierSyntax> Services, SourceSpan Span) : MeasureSyntax(Span);
