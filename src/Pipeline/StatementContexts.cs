using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Templating;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.CSharp;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// The facts a statement takes from the contract itself (parties, effective range, zone, currency, rounding wording,
/// each SLA's title, guarantees and credit amounts as written), from its semantic model.
/// </summary>
public static class StatementContexts
{
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The facts a statement takes from the contract itself.</summary>
    public static StatementContext Context(BoundContract contract, StatementFooter footer) => new(
        contract.Name,
        contract.Provider,
        contract.Customer,
        contract.EffectiveStart,
        contract.EffectiveEnd,
        contract.Zone,
        contract.Fee?.Amount.Currency,
        Words.RoundingRule(contract.Rounding, contract.Fee?.Amount.Currency, contract.RoundingStated),
        contract.Slas.ToImmutableDictionary(s => s.Name, Wording),
        footer)
    {
        Claim = contract.ClaimChannel is { } c ? new ClaimInstructions(c.Contact, c.Portal, c.Reference) : null,
    };

    /// <summary>The wording of each SLA of each earlier version of an amended contract, keyed "NAME#N" (a split window's part judged by version N).</summary>
    public static IEnumerable<KeyValuePair<string, CommitmentWording>> PartWordings(IEnumerable<BoundContract> versions) =>
        versions.Where(v => v.Version is not null).SelectMany(v => v.Slas.Select(s => KeyValuePair.Create($"{s.Name}#{v.Version!.Number}", Wording(s))));

    private static CommitmentWording Wording(BoundSla sla) => CommitmentWording.Of(sla.Title, [.. sla.Guarantees.Select(Terms)]) with
    {
        MeasuredPer = sla.Guarantees.Select(g => g.Window).Distinct().ToList() is [{ } window] ? (window.Kind, window.Parameter) : null,
    };

    /// <summary>A guarantee's bound terms as values; Words makes the contract's sentence from them.</summary>
    internal static GuaranteeTerms Terms(BoundObjective objective) => objective.Objective switch
    {
        ThresholdObjective t => new ThresholdTerms(t.Measure.Name, t.Bound.Operator, Bound(t.Bound.Value), t.Slices?.Share.Value, t.Slices?.SliceLength),
        IncidentClockObjective c => new ClockTerms(c.Kind, new IncidentScope(c.Incidents.SeverityLow, c.Incidents.SeverityHigh, c.Incidents.Services, c.Incidents.Impacts),
            c.Within, c.RequiredShare?.Value),
        AlertAcknowledgementObjective a => new AlertTerms(a.Share.Value, a.Services, a.Within),
        _ => new UnwordedTerms(),
    };

    private static GuaranteeBound Bound(Quantity quantity) => quantity switch
    {
        PercentQuantity p => new GuaranteeBound.Percent(p.Value.Value),
        DurationQuantity d => new GuaranteeBound.Duration(d.Value, d.Written),
        CountQuantity c => new GuaranteeBound.Count(c.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "A quantity kind without a bound."),
    };

    /// <summary>
    /// SLA0130 for each contract whose <see cref="Slug"/> an earlier contract of the run already has (located at its
    /// name, naming the other): writing both would leave one file and two "wrote" lines.
    /// </summary>
    public static ImmutableArray<PipelineProblem> SharedFileNames(IReadOnlyList<CheckedContract> contracts, string suffix)
    {
        var problems = ImmutableArray.CreateBuilder<PipelineProblem>();
        var first = new Dictionary<string, CheckedContract>(StringComparer.Ordinal);
        foreach (var contract in contracts)
        {
            var slug = Slug(contract.Contract.Name);
            if (first.TryAdd(slug, contract)) continue;
            var earlier = first[slug];
            problems.Add(PipelineProblem.Located(DiagnosticBuilder.ContractFileNameShared(contract.Source, contract.NameSpan, contract.Contract.Name,
                earlier.Contract.Name, earlier.Source.Path, earlier.Source.GetPosition(earlier.NameSpan.Start).Line, slug + suffix)));
        }
        return problems.ToImmutable();
    }

    /// <summary>A file name part: lower-case ASCII letters and digits, other runs become one '-'.</summary>
    public static string Slug(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        // A name without ASCII letters (株式会社) still needs a stable, distinct file name.
        return slug.Length > 0 ? slug : "contract-" + Sha256(name)[..12];
    }
}
