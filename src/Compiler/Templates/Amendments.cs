using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Templates;

/// <summary>An amendment as written, with the file it is written in.</summary>
public sealed record AmendmentSource(AmendmentSyntax Syntax, SourceText Source);

/// <summary>
/// Amendments of order forms and of contracts written in full: each amendment (in date order) is the order form with its
/// values set again, its deviations of the kinds the amendment overrides replaced, and its additions (a full contract: its
/// blocks' clauses of the kinds overridden replaced, additions appended, see <see cref="FullVersion"/>); each version is
/// checked as an order form or a contract (so every error and lint finding lands on what the user wrote, in the form,
/// the contract or the amendment, and is reported once) and becomes a contract of its own
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
        var current = form;
        Versions(form.Name, form.Source, form.NameSpan, original, result.Expanded!, amendments, result.Diagnostics, fromTemplate: true, contracts, origins, diagnostics, amendment =>
        {
            current = Amend(current, amendment);
            return OrderForms.Check(current, templates);
        });
    }

    /// <summary>
    /// The contracts of the contracts written in full in a file and their amendments: a contract no amendment names as it
    /// was bound; an amended one as its versions (see <see cref="FullVersion"/>), or none when an amendment has errors
    /// (reported where it is written). <paramref name="diagnostics"/> holds the file's findings so far (a version's lint
    /// finding the contract already has is not repeated).
    /// </summary>
    public static ImmutableArray<BoundContract> ApplyToFull(ParseResult parse, IEnumerable<BoundContract> bound, TemplateLibrary templates,
        ImmutableDictionary<string, ContractOrigin>.Builder origins, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var contracts = ImmutableArray.CreateBuilder<BoundContract>();
        var source = parse.Source;
        var syntaxes = parse.Root.Members.OfType<ContractSyntax>().ToList();
        foreach (var contract in bound)
        {
            var amendments = templates.AmendmentsOf(contract.Name);
            var syntax = syntaxes.FirstOrDefault(s => s.Name.Value == contract.Name);
            if (amendments.Count == 0 || syntax is null)
            {
                contracts.Add(contract);
                continue;
            }
            var applied = new List<AmendmentSource>();
            // The contract's own findings (another contract of the file may word one the same way).
            var own = diagnostics.Where(d => ReferenceEquals(d.Source, source) && d.Span.Start >= syntax.Span.Start && d.Span.Start < syntax.Span.End).ToImmutableArray();
            Versions(contract.Name, source, syntax.Name.Span, contract, source, amendments, own, fromTemplate: false, contracts, origins, diagnostics, amendment =>
            {
                applied.Add(amendment);
                return FullVersion(syntax, source, applied);
            });
        }
        return contracts.ToImmutable();
    }

    /// <summary>Identity of an error, to report a version's error once when an earlier version (or the base) already does.</summary>
    private static (string, string, int, int, string) Key(Diagnostic d) => (d.Code, d.Source.Path, d.Span.Start, d.Span.Length, d.Message);

    /// <summary>
    /// The versions of one contract: <paramref name="next"/> makes the version an amendment brings (applied in date order);
    /// each version's errors and lint findings are reported where they are written, once (a finding the base version or an
    /// earlier version reports is not repeated; the amendment's deviations are worded by SLA1095, not SLA1075).
    /// </summary>
    private static void Versions(string contractName, SourceText source, SourceSpan nameSpan, BoundContract original, SourceText originalText,
        IReadOnlyList<AmendmentSource> amendments, ImmutableArray<Diagnostic> baseFindings, bool fromTemplate, ImmutableArray<BoundContract>.Builder contracts,
        ImmutableDictionary<string, ContractOrigin>.Builder origins, ImmutableArray<Diagnostic>.Builder diagnostics, Func<AmendmentSource, OrderFormResult> next)
    {
        var versions = new List<(BoundContract Contract, AmendmentSource? Amendment, SourceText Expanded)> { (original, null, originalText) };
        var dates = new Dictionary<LocalDate, AmendmentSource>();
        // A finding is the same finding when its code and words are (a clause the amendment rewrote moves it, not changes it);
        // an error, when also its place is.
        var reportedErrors = baseFindings.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Key).ToHashSet();
        var reportedFindings = baseFindings.Where(d => d.Severity != DiagnosticSeverity.Error).Select(d => (d.Code, d.Message)).ToHashSet();
        var failed = false;
        foreach (var amendment in amendments.OrderBy(a => a.Syntax.Effective.Value))
        {
            var syntax = amendment.Syntax;
            var date = LocalDate.FromDateOnly(syntax.Effective.Value);
            if (CheckBody(amendment).Any()) { failed = true; continue; } // reported where the amendment is written
            if (dates.TryGetValue(date, out var other))
            {
                diagnostics.Add(DiagnosticBuilder.AmendmentsOnOneDate(amendment.Source, syntax.Effective.Span, contractName, date.ToString("yyyy-MM-dd", null),
                    other.Source.Path, other.Source.GetPosition(other.Syntax.Span.Start).Line));
                failed = true;
                continue;
            }
            dates[date] = amendment;
            if ((original.EffectiveStart is { } start && date <= start) || (original.EffectiveEnd is { } end && date >= end))
            {
                diagnostics.Add(DiagnosticBuilder.AmendmentOutsideTerm(amendment.Source, syntax.Effective.Span, date.ToString("yyyy-MM-dd", null), contractName, Term(original)));
                failed = true;
                continue;
            }
            var checkedVersion = next(amendment);
            // The version's errors and lint findings (in the form, the template, the contract or the amendment), each once; the
            // amendment's deviations are worded by SLA1095 at the contract's name, not again by SLA1075. A finding outside the
            // amendment that the earlier terms do not have says which version has it.
            var fresh = new List<(string, string)>();
            foreach (var d in checkedVersion.Diagnostics.Where(x => x.Code != "SLA1075"))
            {
                if (d.Severity == DiagnosticSeverity.Error ? !reportedErrors.Add(Key(d)) : reportedFindings.Contains((d.Code, d.Message))) continue;
                if (d.Severity != DiagnosticSeverity.Error) fresh.Add((d.Code, d.Message));
                var inAmendment = ReferenceEquals(d.Source, amendment.Source) && d.Span.Start >= syntax.Span.Start && d.Span.Start < syntax.Span.End;
                diagnostics.Add(inAmendment ? d : d with { Message = $"as amended from {date.ToString("yyyy-MM-dd", null)}: {d.Message}" });
            }
            reportedFindings.UnionWith(fresh);
            if (checkedVersion.Contract is not { } version) { failed = true; continue; }
            if (version.EffectiveStart != original.EffectiveStart)
            {
                diagnostics.Add(DiagnosticBuilder.AmendmentMovesStart(amendment.Source, syntax.Effective.Span, original.EffectiveStart?.ToString("yyyy-MM-dd", null) ?? "none", version.EffectiveStart?.ToString("yyyy-MM-dd", null) ?? "none"));
                failed = true;
                continue;
            }
            if (version.EffectiveEnd is { } newEnd && date >= newEnd)
            {
                diagnostics.Add(DiagnosticBuilder.AmendmentOutsideTerm(amendment.Source, syntax.Effective.Span, date.ToString("yyyy-MM-dd", null), contractName, Term(version)));
                failed = true;
                continue;
            }
            // In words at the contract's name, as an order form's deviations are (SLA1075): where a reviewer of the contract reads it.
            diagnostics.Add(DiagnosticBuilder.AmendmentInWords(source, nameSpan, contractName, date.ToString("yyyy-MM-dd", null),
                syntax.SplitByDays ? "straddling windows split by days" : "new terms from the next window", Describe(syntax, amendment.Source)));
            versions.Add((version, amendment, checkedVersion.Expanded!));
        }
        if (failed) return;
        var last = versions[^1].Contract;
        for (var k = 0; k < versions.Count; k++)
        {
            var (contract, amendment, expanded) = versions[k];
            LocalDate? from = k == 0 ? original.EffectiveStart : LocalDate.FromDateOnly(amendment!.Syntax.Effective.Value);
            var following = k + 1 < versions.Count ? versions[k + 1].Amendment : null;
            LocalDate? until = following is not null && following.Syntax.SplitByDays ? LocalDate.FromDateOnly(following.Syntax.Effective.Value) : last.EffectiveEnd;
            var rule = amendment is null || !amendment.Syntax.SplitByDays ? StraddlingRule.FromNextWindow : StraddlingRule.SplitByDays;
            var name = ContractVersion.EvaluatorName(contractName, k);
            var made = contract with
            {
                Name = name,
                EffectiveStart = from,
                EffectiveEnd = until,
                Version = new ContractVersion(contractName, k, from, rule, fromTemplate),
            };
            contracts.Add(made);
            origins[name] = amendment is null
                ? new ContractOrigin(source, nameSpan, expanded)
                : new ContractOrigin(amendment.Source, amendment.Syntax.Contract.Span, expanded);
        }
    }

    /// <summary>
    /// A contract written in full as amended by <paramref name="applied"/> (in date order, the last the version's own):
    /// each <c>override sla/kpi NAME</c> replaces that block's clauses of the kinds it states, <c>add to</c> appends its
    /// clauses, new sla and kpi blocks join the contract (and later amendments may change them). The text is the contract's
    /// own with the changed blocks written clause by clause (each copied from the file it is written in, so every finding
    /// maps back to it); it is checked as any contract. A full contract has no parameters: a <c>set</c> line is refused
    /// (SLA0266), as is a deviation of a block the contract lacks (SLA0271).
    /// </summary>
    private static OrderFormResult FullVersion(ContractSyntax contract, SourceText source, IReadOnlyList<AmendmentSource> applied)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var latest = applied[^1];
        foreach (var setting in latest.Syntax.Settings)
            diagnostics.Add(DiagnosticBuilder.AmendmentOfFullContract(latest.Source, setting.Name.Span, contract.Name.Value, setting.Name.Name));
        static string BlockKey(ClauseSyntax b) => b switch { SlaSyntax s => $"sla {s.Name.Name}", KpiSyntax k => $"kpi {k.Name.Name}", _ => "" };
        static ImmutableArray<ClauseSyntax> Inner(ClauseSyntax b) => b switch { SlaSyntax s => s.Clauses, KpiSyntax k => k.Clauses, _ => [] };
        var blocks = contract.Clauses.Where(c => c is SlaSyntax or KpiSyntax).ToList();
        var clauses = new Dictionary<string, List<(SourceText Source, ClauseSyntax Clause)>>(StringComparer.Ordinal);
        foreach (var block in blocks) clauses.TryAdd(BlockKey(block), [.. Inner(block).Select(c => (source, c))]);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var added = new List<(ClauseSyntax Block, SourceText Source, bool Own)>();
        foreach (var amendment in applied)
        {
            foreach (var deviation in amendment.Syntax.Deviations)
            {
                var key = $"{deviation.Keyword} {deviation.Block.Name}";
                if (!clauses.TryGetValue(key, out var list))
                {
                    if (ReferenceEquals(amendment, latest))
                        diagnostics.Add(DiagnosticBuilder.AmendmentUnknownBlock(amendment.Source, deviation.Block.Span, deviation.Keyword, deviation.Block.Name, contract.Name.Value,
                            clauses.Keys.Where(b => b.StartsWith(deviation.Keyword + " ", StringComparison.Ordinal)).Select(b => b[(deviation.Keyword.Length + 1)..])));
                    continue;
                }
                touched.Add(key);
                var stated = deviation.Clauses.Select(c => (amendment.Source, c)).ToList();
                if (deviation.Kind == AllowanceKind.Addition)
                {
                    list.AddRange(stated);
                    continue;
                }
                // Override: the clauses of each kind stated stand where the block's first clause of that kind stood (else at its end).
                var byKind = stated.GroupBy(c => OrderForms.Kind(amendment.Source, c.Item2), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
                var replaced = new List<(SourceText Source, ClauseSyntax Clause)>();
                foreach (var clause in list)
                {
                    var kind = OrderForms.Kind(clause.Source, clause.Clause);
                    if (!byKind.TryGetValue(kind, out var replacement)) replaced.Add(clause);
                    else if (replacement.Count > 0)
                    {
                        replaced.AddRange(replacement);
                        byKind[kind] = [];
                    }
                }
                replaced.AddRange(stated.Where(c => byKind.TryGetValue(OrderForms.Kind(amendment.Source, c.Item2), out var left) && left.Count > 0));
                list.Clear();
                list.AddRange(replaced);
            }
            foreach (var block in amendment.Syntax.Clauses.Where(c => c is SlaSyntax or KpiSyntax))
                added.Add((block, amendment.Source, clauses.TryAdd(BlockKey(block), [.. Inner(block).Select(c => (amendment.Source, c))])));
        }
        if (diagnostics.Count > 0) return new(null, diagnostics.ToImmutable(), null);

        var text = new ExpandedText(source, source, contract.Name.Span);
        var cursor = contract.Span.Start;
        foreach (var block in blocks.Where(b => touched.Contains(BlockKey(b))))
        {
            text.Copy(source, new SourceSpan(cursor, block.Span.Start - cursor));
            WriteBlock(text, block, source, clauses[BlockKey(block)]);
            cursor = block.Span.End;
        }
        var close = source.Text.LastIndexOf('}', contract.Span.End - 1);
        text.Copy(source, new SourceSpan(cursor, close - cursor));
        foreach (var (block, blockSource, own) in added)
        {
            text.Synthetic("\n");
            // A block whose name the contract already has is copied as written: the checker reports the name twice, in the amendment.
            if (own) WriteBlock(text, block, blockSource, clauses[BlockKey(block)]);
            else text.Copy(blockSource, block.Span);
        }
        text.Synthetic("\n}\n");
        var expanded = text.ToSource(source.Path);
        var result = ContractChecker.Check(expanded);
        foreach (var d in result.Diagnostics) diagnostics.Add(text.Map(d).Diagnostic);
        var made = result.HasErrors ? null : result.Model?.Contracts.SingleOrDefault();
        return new(made, diagnostics.ToImmutable(), expanded);
    }

    /// <summary>An sla or kpi block with the clauses given: its header as written (up to its brace), each clause copied from its file.</summary>
    private static void WriteBlock(ExpandedText text, ClauseSyntax block, SourceText blockSource, IEnumerable<(SourceText Source, ClauseSyntax Clause)> clauses)
    {
        var (name, title) = block switch { SlaSyntax s => (s.Name, s.Title), KpiSyntax k => (k.Name, k.Title), _ => throw new InvalidOperationException("not a block") };
        var brace = blockSource.Text.IndexOf('{', title?.Span.End ?? name.Span.End);
        text.Copy(blockSource, new SourceSpan(block.Span.Start, brace + 1 - block.Span.Start));
        text.Synthetic("\n");
        foreach (var (clauseSource, clause) in clauses)
        {
            text.Copy(clauseSource, clause.Reference is { } r ? r.Span.Cover(clause.Span) : clause.Span);
            text.Synthetic("\n");
        }
        text.Synthetic("}");
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
