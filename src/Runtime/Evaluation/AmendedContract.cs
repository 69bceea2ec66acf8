using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// An amended contract as one evaluator: the evaluators of its versions (each compiled with its own terms and the
/// effective range in which it may judge, see below), and for each SLA and KPI the outcome(s) of the version(s) in force
/// over the period's window, by the rule each amendment states (docs/semantics.md, "Amendments").
/// <para>
/// Invariants (the compiler makes the versions so): versions are in date order, each carrying its
/// <see cref="ContractFacts.Version"/>; version N's effective range starts at its own effective date (version 0 at the
/// contract's start) and ends at version N+1's effective date when N+1 splits by days, else at the contract's end (its
/// terms then judge whole windows that start before N+1 takes over).
/// </para>
/// </summary>
public sealed class AmendedContract : ICompiledContract
{
    private readonly ImmutableArray<ICompiledContract> versions;

    public AmendedContract(ImmutableArray<ICompiledContract> versions)
    {
        if (versions.Length < 2) throw new ArgumentException("An amended contract has at least two versions.", nameof(versions));
        var facts = versions.Select(v => v.Facts?.Version ?? throw new ArgumentException($"evaluator '{v.ContractName}' carries no version", nameof(versions))).ToArray();
        for (var i = 0; i < facts.Length; i++)
        {
            if (facts[i].Number != i || facts[i].Contract != facts[0].Contract) throw new ArgumentException("Versions of one contract, numbered 0, 1, ... in order.", nameof(versions));
            if (i > 1 && facts[i].Effective <= facts[i - 1].Effective) throw new ArgumentException("Amendments in date order.", nameof(versions));
            if (i > 0 && facts[i].Effective is null) throw new ArgumentException("An amendment has an effective date.", nameof(versions));
        }
        this.versions = versions;
        var first = versions[0].Facts!;
        var last = versions[^1].Facts!;
        ContractName = facts[0].Contract;
        SemanticHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("+", versions.Select(v => v.SemanticHash)))));
        Facts = last with
        {
            EffectiveStart = first.EffectiveStart,
            Titles = versions.SelectMany(v => v.Facts!.Titles).GroupBy(t => t.Key, StringComparer.Ordinal)
                .ToImmutableDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
            Services = [.. versions.SelectMany(v => v.Facts!.Services).Distinct(StringComparer.Ordinal)],
            ConfinedToServices = versions.Select(v => v.Facts!.ConfinedToServices).Aggregate((a, b) => a & b),
            ReadsRequestTable = versions.All(v => v.Facts!.ReadsRequestTable),
            ReadsIncidentTable = versions.All(v => v.Facts!.ReadsIncidentTable),
            Version = null,
            Versions = [.. facts],
        };
    }

    public string ContractName { get; }
    public string SemanticHash { get; }
    public ContractFacts Facts { get; }

    /// <summary>The evaluators of the versions, in date order.</summary>
    public ImmutableArray<ICompiledContract> Versions => versions;

    public ContractEvaluation Evaluate(EvaluationInput input)
    {
        var evaluations = versions.Select(v => v.Evaluate(input)).ToArray();
        var slas = Combine(evaluations.Select(e => e.Slas.Select(o => (o.Commitment, o)).ToArray()).ToArray(), (o, part) => o with { Part = part }, o => o, everyPart: true);
        return new ContractEvaluation(ContractName, input.Period, input.AsOf, slas) { Kpis = CombineKpis(evaluations.Select(e => e.Kpis)) };
    }

    public ImmutableArray<KpiOutcome> EvaluateKpis(EvaluationInput input) => CombineKpis(versions.Select(v => v.EvaluateKpis(input)).ToArray());

    /// <summary>Each KPI from the latest version with a part of its window (see <see cref="Combine{T}"/>).</summary>
    private ImmutableArray<KpiOutcome> CombineKpis(IEnumerable<ImmutableArray<KpiOutcome>> perVersion) =>
        Combine(perVersion.Select(kpis => kpis.Select(k => (k.Kpi, k)).ToArray()).ToArray(), (k, part) => k with { Outcome = k.Outcome with { Part = part } }, k => k.Outcome, everyPart: false);

    /// <summary>
    /// For each name (in the order of first appearance, earlier versions first), the items of the versions whose part of
    /// the window is not empty; when more than one version has a part, each item is marked with its version. Without
    /// <paramref name="everyPart"/> (KPIs: internal targets without credit, one per name in every report) only the latest
    /// part's item, marked, judged on that part's days.
    /// </summary>
    private ImmutableArray<T> Combine<T>((string Name, T Item)[][] perVersion, Func<T, ContractVersion, T> markPart, Func<T, CommitmentOutcome> outcomeOf, bool everyPart)
    {
        var names = perVersion.SelectMany(v => v.Select(x => x.Name)).Distinct(StringComparer.Ordinal).ToList();
        var result = ImmutableArray.CreateBuilder<T>();
        foreach (var name in names)
        {
            var items = perVersion.Select(v => v.Where(x => x.Name == name).Select(x => x.Item).FirstOrDefault()).ToArray();
            var window = items.Where(i => i is not null).Select(i => outcomeOf(i!).Result?.Trace.CalendarWindow).FirstOrDefault(w => w is not null);
            if (window is null)
            {
                // Nothing evaluated (outside every range, a period of another kind, not supported): the latest version's word for it.
                result.Add(items.Last(i => i is not null)!);
                continue;
            }
            var parts = Parts(window.FirstDate, window.EndDate);
            var judging = Enumerable.Range(0, items.Length).Where(i => parts[i] && items[i] is not null).ToList();
            var split = judging.Count > 1;
            if (!everyPart && split) judging = [judging[^1]];
            foreach (var i in judging)
            {
                var item = items[i]!;
                result.Add(split ? markPart(item, Facts.Versions[i]) : item);
            }
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// Which versions judge some days of the window of local dates [<paramref name="first"/>, <paramref name="end"/>):
    /// amendment N takes over at its effective date when it splits by days; when it starts from the next window, at the
    /// window's start if it was in force then, else not in this window at all. Later amendments never take back days
    /// an earlier rule left to earlier terms (the take-over dates are made non-decreasing).
    /// </summary>
    public bool[] Parts(LocalDate first, LocalDate end)
    {
        var n = Facts.Versions.Length;
        var starts = new LocalDate[n + 1];
        starts[0] = first;
        for (var k = 1; k < n; k++)
        {
            var version = Facts.Versions[k];
            var from = version.Effective!.Value;
            var at = version.Rule == StraddlingRule.SplitByDays ? from : from <= first ? first : from < end ? end : from;
            starts[k] = at < starts[k - 1] ? starts[k - 1] : at;
        }
        starts[n] = end;
        var parts = new bool[n];
        for (var k = 0; k < n; k++)
        {
            var s = starts[k] > first ? starts[k] : first;
            var e = starts[k + 1] < end ? starts[k + 1] : end;
            parts[k] = s < e;
        }
        return parts;
    }
}
