using NodaTime;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// How a measurement window that straddles an amendment's effective date is judged (docs/semantics.md, "Amendments").
/// The amendment states it; there is no default.
/// </summary>
public enum StraddlingRule
{
    /// <summary>
    /// <c>new terms from the next window</c>: a window that starts before the effective date is judged whole by the
    /// earlier terms; the amended terms judge every window that starts on or after it.
    /// </summary>
    FromNextWindow,

    /// <summary>
    /// <c>straddling windows split by days</c>: each version judges its own days of the window with its own target over
    /// its own minutes, and its credit is on its share of the fee (prorated by local days, as a clipped window's fee is).
    /// The window's credit is the sum of the parts' credits.
    /// </summary>
    SplitByDays,
}

/// <summary>
/// One version of an amended contract, carried in the facts of the evaluator compiled for it. Invariants:
/// <see cref="Number"/> 0 is the terms as first signed (its <see cref="Effective"/> is the contract's start, or null when
/// it states none) and its <see cref="Rule"/> is meaningless; version N &gt; 0 is the N-th amendment in date order, in
/// force from <see cref="Effective"/> (a local date, in the contract's zone), taking over from version N-1 by
/// <see cref="Rule"/>. <see cref="Contract"/> is the contract's name as the customer knows it (every version's evaluator
/// has a name of its own, so the batch compiles them side by side).
/// </summary>
public sealed record ContractVersion(string Contract, int Number, LocalDate? Effective, StraddlingRule Rule, bool FromTemplate)
{
    /// <summary>The evaluator name of version <paramref name="number"/> of <paramref name="contract"/> (version 0 keeps the contract's own name).</summary>
    public static string EvaluatorName(string contract, int number) => number == 0 ? contract : $"{contract} (amendment {number})";
}
