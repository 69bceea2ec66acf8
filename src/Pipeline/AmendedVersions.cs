using System.Collections.Immutable;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// Puts the versions of each amended contract back together after compiling (or loading from the cache): the compiler
/// makes one contract per version (numbered, carried in each evaluator's facts, consecutive in the batch), and every
/// command evaluates the contract as one <see cref="AmendedContract"/>.
/// </summary>
public static class AmendedVersions
{
    /// <summary>The evaluators with each run of versions of one contract made one, and for each the index of its last version in <paramref name="evaluators"/>.</summary>
    public static (ImmutableArray<ICompiledContract> Evaluators, ImmutableArray<int> Last) Group(ImmutableArray<ICompiledContract> evaluators)
    {
        if (!evaluators.Any(e => e.Facts?.Version is not null)) return (evaluators, [.. Enumerable.Range(0, evaluators.Length)]);
        var grouped = ImmutableArray.CreateBuilder<ICompiledContract>();
        var last = ImmutableArray.CreateBuilder<int>();
        for (var i = 0; i < evaluators.Length;)
        {
            if (evaluators[i].Facts?.Version is not { Number: 0 } first)
            {
                grouped.Add(evaluators[i]);
                last.Add(i);
                i++;
                continue;
            }
            var j = i + 1;
            while (j < evaluators.Length && evaluators[j].Facts?.Version is { } v && v.Contract == first.Contract && v.Number == j - i) j++;
            grouped.Add(new AmendedContract([.. evaluators[i..j]]));
            last.Add(j - 1);
            i = j;
        }
        return (grouped.ToImmutable(), last.ToImmutable());
    }
}
