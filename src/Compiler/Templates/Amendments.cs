using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Templates;

/// <summary>An amendment as written, with the file it is written in.</summary>
public sealed record AmendmentSource(AmendmentSyntax Syntax, SourceText Source);

/// <summary>
/// Amendments of order forms: each amendment (in date order) is the order form with its values set again, its
/// deviations of the kinds the amendment overrides replaced, and its additions; each version is checked as an order form
/// (so every error lands on what the user wrote, in the form or in the amendment) and becomes a contract of its own
/// (<see cref="ContractVersion.EvaluatorName"/>) carrying its <see cref="ContractVersion"/> and the effective range in
/// which it judges (see <see cref="AmendedContract"/>): from its effective date (version 0 from the contract's start)
/// until the next amendment's date when that one splits straddling windows by days, else until the contract's end.
/// </summary>
internal static class Amendments
{
    /// <summary>Clause kinds of an amendment's body besides settings and deviations: only new sla and kpi blocks.</summary>
    public static IEnumerable<Diagnostic> CheckBody(AmendmentSource amendment) =>
        amendment.Syntax.Clauses.Where(c => c is not SlaSyntax and not KpiSyntax)
            .Select(c => DiagnosticBuilder.AmendmentClauseNotAllowed(amendment.Source, c.Span, OrderForms.Kind(amendment.Source, c)));

    /// <summary>
    /// The contracts of an order form and its amendments: the form's own contract (as version 0 when amended) and one per
    /// amendment; their diagnostics are added to <paramref name="diagnostics"/>. Without amendments, the form's contract unchanged.
    /// </summary>
    public static void Apply(OrderFormInput form, OrderFormResult result, TemplateLibrary templates, ImmutableArray<BoundContract>.Builder contracts,
        ImmutableDictionary<string, ContractOrigin>.Builder origins, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var amendments = templates.AmendmentsOf(form.Name);
        if (result.Contract is not { } original) return;
        if (amendments.Count == 0)
        {
            contracts.Add(original);
            origins[original.Name] = new ContractOrigin(form.Source, form.NameSpan, result.Expanded!);
            return;
        }
        var versions = new List<(BoundContract Contract, AmendmentSource? Amendment, SourceText Expanded)> { (original, null, result.Expanded!) };
        var dates = new Dictionary<LocalDate, AmendmentSource>();
        var current = form;
        var failed = false;
        foreach (var amendment in amendments.OrderBy(a => a.Syntax.Effective.Value))
        {
            var syntax = amendment.Syntax;
            var date = LocalDate.FromDateOnly(syntax.Effective.Value);
            if (CheckBody(amendment).Any()) { failed = true; continue; } // reported where the amendment is written
            if (dates.TryGetValue(date, out var other))
            {
                diagnostics.Add(DiagnosticBuilder.AmendmentsOnOneDate(amendment.Source, syntax.Effective.Span, form.Name, date.ToString("yyyy-MM-dd", null),
                    other.Source.Path, other.Source.GetPosition(other.Syntax.Span.Start).Line));
                failed = true;
                continue;
            }
            dates[date] = amendment;
            if ((original.EffectiveStart is { } start && date <= start) || (original.EffectiveEnd is { } end && date >= end))
            {
                diagnostics.Add(DiagnosticBuilder.AmendmentOutsideTerm(amendment.Source, syntax.Effective.Span, date.ToString("yyyy-MM-dd", null), form.Name, Term(original)));
                failed = true;
                continue;
            }
            current = Amend(current, amendment);
            var checkedVersion = OrderForms.Check(current, templates);
            // The version's errors (in the form, the template or the amendment); its other findings are the form's, reported with
            // it, or the amendment's deviations, which SLA1095 words at the form's name.
            diagnostics.AddRange(checkedVersion.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            if (checkedVersion.Contract is not { } version) { failed = true; continue; }
            if (version.EffectiveStart != original.EffectiveStart)
            {
                diagnostics.Add(DiagnosticBuilder.AmendmentMovesStart(amendment.Source, syntax.Effective.Span, original.EffectiveStart?.ToString("yyyy-MM-dd", null) ?? "none", version.EffectiveStart?.ToString("yyyy-MM-dd", null) ?? "none"));
                failed = true;
                continue;
            }
            if (version.EffectiveEnd is { } newEnd && date >= newEnd)
            {
                diagnostics.Add(DiagnosticBuilder.AmendmentOutsideTerm(amendment.Source, syntax.Effective.Span, date.ToString("yyyy-MM-dd", null), form.Name, Term(version)));
                failed = true;
                continue;
            }
            // In words at the order form's name, as its deviations are (SLA1075): where a reviewer of the form reads it.
            diagnostics.Add(DiagnosticBuilder.AmendmentInWords(form.Source, form.NameSpan, form.Name, date.ToString("yyyy-MM-dd", null),
                syntax.SplitByDays ? "straddling windows split by days" : "new terms from the next window", Describe(syntax, amendment.Source)));
            versions.Add((version, amendment, checkedVersion.Expanded!));
        }
        if (failed) return;
        var last = versions[^1].Contract;
        for (var k = 0; k < versions.Count; k++)
        {
            var (contract, amendment, expanded) = versions[k];
            LocalDate? from = k == 0 ? original.EffectiveStart : LocalDate.FromDateOnly(amendment!.Syntax.Effective.Value);
            var next = k + 1 < versions.Count ? versions[k + 1].Amendment : null;
            LocalDate? until = next is not null && next.Syntax.SplitByDays ? LocalDate.FromDateOnly(next.Syntax.Effective.Value) : last.EffectiveEnd;
            var rule = amendment is null || !amendment.Syntax.SplitByDays ? StraddlingRule.FromNextWindow : StraddlingRule.SplitByDays;
            var name = ContractVersion.EvaluatorName(form.Name, k);
            var made = contract with
            {
                Name = name,
                EffectiveStart = from,
                EffectiveEnd = until,
                Version = new ContractVersion(form.Name, k, from, rule, true),
            };
            contracts.Add(made);
            origins[name] = amendment is null
                ? new ContractOrigin(form.Source, form.NameSpan, expanded)
                : new ContractOrigin(amendment.Source, amendment.Syntax.Contract.Span, expanded);
        }
    }

    private static string Term(BoundContract contract) =>
        $"{contract.EffectiveStart?.ToString("yyyy-MM-dd", null) ?? "no start"} until {contract.EffectiveEnd?.ToString("yyyy-MM-dd", null) ?? "no end"}";

    /// <summary>The form as amended: values set again, the form's deviation clauses of kinds the amendment overrides left out, the amendment's changes after.</summary>
    private static OrderFormInput Amend(OrderFormInput form, AmendmentSource amendment)
    {
        var syntax = amendment.Syntax;
        var set = syntax.Settings.Select(s => s.Name.Name).ToHashSet(StringComparer.Ordinal);
        var overridden = syntax.Deviations.Where(d => d.Kind == AllowanceKind.Override)
            .SelectMany(d => d.Clauses.Select(c => (Key: $"{d.Keyword} {d.Block.Name}", Kind: OrderForms.Kind(amendment.Source, c))))
            .ToHashSet();
        DeviationSyntax Keep(DeviationSyntax d, SourceText source) =>
            d.Kind == AllowanceKind.Override ? d with { Clauses = [.. d.Clauses.Where(c => !overridden.Contains(($"{d.Keyword} {d.Block.Name}", OrderForms.Kind(source, c))))] } : d;
        return form with
        {
            Values = [.. form.Values.Where(v => !set.Contains(v.Name)),
                .. syntax.Settings.Select(s => new OrderFormValue(s.Name.Name, s.Name.Span, s.Value.Text, s.Value.Span) { In = amendment.Source })],
            Deviations = [.. form.Deviations.Select(d => Keep(d, form.Source)).Where(d => d.Clauses.Length > 0)],
            Amended = [.. form.Amended.Select(a => (Keep(a.Deviation, a.Source), a.Source)).Where(a => a.Item1.Clauses.Length > 0),
                .. syntax.Deviations.Select(d => (d, amendment.Source))],
            AmendedBlocks = [.. form.AmendedBlocks, .. syntax.Clauses.Where(c => c is SlaSyntax or KpiSyntax).Select(c => (c, amendment.Source))],
        };
    }

    /// <summary>What an amendment changes, in words (SLA1095).</summary>
    private static string Describe(AmendmentSyntax syntax, SourceText source)
    {
        static string Words(string text) => string.Join(' ', text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        var parts = new List<string>();
        parts.AddRange(syntax.Settings.Select(s => $"{s.Name.Name} = {s.Value.Text}"));
        parts.AddRange(syntax.Deviations.Select(d => $"{(d.Kind == AllowanceKind.Override ? "in" : "added to")} {d.Keyword} {d.Block.Name}: " +
            string.Join("; ", d.Clauses.Select(c => "'" + Words(source.GetText(c.Span)) + "'"))));
        parts.AddRange(syntax.Clauses.Select(c => c switch { SlaSyntax s => $"adds sla '{s.Name.Name}'", KpiSyntax k => $"adds kpi '{k.Name.Name}'", _ => "" }).Where(p => p.Length > 0));
        return parts.Count == 0 ? "nothing (the amendment changes no value or clause)" : string.Join(", ", parts);
    }
}
