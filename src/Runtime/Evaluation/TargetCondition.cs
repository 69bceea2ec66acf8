using NodaTime;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// The target a measurement was judged against, as a value: a bound or band on the measured value, every incident's
/// clock within a limit, or every guarantee of an SLA met. Documents word it from these fields (Reports.Wording); the
/// trace's <see cref="MeasurementTrace.Target"/> text is <see cref="Describe"/>, for JSON readers only, never parsed back.
/// </summary>
public abstract record TargetCondition
{
    private TargetCondition() { }

    /// <summary>The trace text: "&gt;= 99.9%", "every incident within 15 minutes", "every guarantee met (2)".</summary>
    public abstract string Describe();

    /// <summary>A bound or band on the measured value (<see cref="ValueCondition"/>).</summary>
    public sealed record Bounded(ValueCondition Condition) : TargetCondition
    {
        public override string Describe() => Condition.Describe();
    }

    /// <summary>Every qualifying incident's clock stops within <see cref="Limit"/>; the value is the number that did not.</summary>
    public sealed record EveryIncidentWithin(Duration Limit) : TargetCondition
    {
        public override string Describe() => $"every incident within {MeasureResults.ReadableDuration(Limit)}";
    }

    /// <summary>Each of <see cref="Guarantees"/> guarantees met; the value is the number breached.</summary>
    public sealed record EveryGuaranteeMet(int Guarantees) : TargetCondition
    {
        public override string Describe() => $"every guarantee met ({Guarantees})";
    }
}
