using System.Globalization;
using SlaKpiDsl.Compiler.Rules;
using SlaKpiDsl.Compiler.Semantics.Credits;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.LanguageServer.Protocol;

namespace SlaKpiDsl.LanguageServer.Features;

/// <summary>
/// Quick fixes for the lint rules whose fix is known, each one text edit (an inserted line or block):
/// SLA1006 states the zone the contract already means (<c>time zone "UTC"</c>); SLA1005 adds a cap of 100% of the fee
/// per window (the most a credit should reach; the author lowers it); SLA1001 adds a KPI that supports the SLA with a
/// buffer (half the unmet share of an at-least percent, 80% of an at-most duration or number); SLA1007 adds a tier for
/// the gap paying what the tier just above it pays (the smaller credit; the author decides).
/// </summary>
public static class QuickFixes
{
    public static IReadOnlyList<CodeAction> For(OpenDocument document, int start, int end)
    {
        var actions = new List<CodeAction>();
        if (document.Check is not { Model: { } model } check) return actions;
        var text = document.Text;
        foreach (var diagnostic in document.Diagnostics)
        {
            if (diagnostic.Span.End < start || diagnostic.Span.Start > end) continue;
            var contractSyntax = check.Parse.Root.Contracts.FirstOrDefault(c => c.Span.Start <= diagnostic.Span.Start && diagnostic.Span.Start < c.Span.End);
            var contract = model.Contracts.FirstOrDefault(c => c.Name == contractSyntax?.Name.Value);
            if (contractSyntax is null || contract is null) continue;
            var sla = contractSyntax.Slas.FirstOrDefault(s => s.Span.Start <= diagnostic.Span.Start && diagnostic.Span.Start < s.Span.End);
            var fix = diagnostic.Code switch
            {
                TimeZoneUnstatedRule.RuleCode => StateTimeZone(text, contractSyntax),
                CreditsWithoutCapRule.RuleCode when sla is not null && contract.Fee is not null => AddCap(text, sla),
                SlaWithoutSupportingKpiRule.RuleCode when sla is not null => AddKpi(text, contractSyntax, contract, sla),
                CreditTierGapRule.RuleCode when sla is not null => CloseGap(text, contract, sla, diagnostic.Span),
                _ => null,
            };
            if (fix is null) continue;
            var (title, offset, insert) = fix.Value;
            var range = document.Lines.RangeOf(offset, offset);
            actions.Add(new CodeAction(title, "quickfix", [Conversions.ToLsp(document, diagnostic)],
                new WorkspaceEdit(new Dictionary<string, IReadOnlyList<TextEdit>> { [document.Uri] = [new TextEdit(range, insert)] }))
            { IsPreferred = true });
        }
        return actions;
    }

    private static (string, int, string)? StateTimeZone(string text, ContractSyntax contract)
    {
        var lineEnd = LineEnd(text, contract.Span.Start);
        var indent = contract.Clauses.Length > 0 ? IndentOf(text, contract.Clauses[0].Span.Start) : IndentOf(text, contract.Span.Start) + "  ";
        return ("State the time zone: time zone \"UTC\" (what the contract means now)", lineEnd, $"\n{indent}time zone \"UTC\"");
    }

    private static (string, int, string)? AddCap(string text, SlaSyntax sla)
    {
        var lastCredit = sla.Clauses.OfType<CreditClauseSyntax>().LastOrDefault();
        if (lastCredit is null) return null;
        var at = LineEnd(text, lastCredit.Span.End - 1);
        return ($"Add a cap: credits capped at 100% of fee (per window) to sla '{sla.Name.Name}'", at, $"\n{IndentOf(text, lastCredit.Span.Start)}credits capped at 100% of fee");
    }

    private static (string, int, string)? AddKpi(string text, ContractSyntax contractSyntax, BoundContract contract, SlaSyntax sla)
    {
        var guarantee = sla.Clauses.OfType<GuaranteeClauseSyntax>().FirstOrDefault();
        if (guarantee?.Objective is not ThresholdObjectiveSyntax { Bound: var bound } objective) return null;
        var buffered = Buffered(bound);
        if (buffered is null) return null;
        var digits = bound.Value switch
        {
            PercentLiteralSyntax p => p.Text,
            DurationLiteralSyntax d => d.Text,
            NumberLiteralSyntax n => n.Text,
            _ => null,
        };
        if (digits is null) return null;
        // The objective as written, with the bound's digits replaced by the buffered value.
        var objectiveText = text[objective.Span.Start..bound.Value.Span.Start] + buffered + text[(bound.Value.Span.Start + digits.Length)..objective.Span.End];
        var window = text[guarantee.Window.Span.Start..guarantee.Window.Span.End];
        var name = sla.Name.Name + "-early-warning";
        for (var n = 2; contract.FindKpi(name) is not null || contract.FindSla(name) is not null; n++) name = $"{sla.Name.Name}-early-warning-{n}";
        var indent = IndentOf(text, sla.Span.Start);
        var inner = indent + (sla.Clauses.Length > 0 ? IndentOf(text, sla.Clauses[0].Span.Start)[indent.Length..] : "  ");
        var closing = contractSyntax.Span.End - 1; // the contract's closing brace
        var lineStart = LineStart(text, closing);
        var block = $"\n{indent}kpi {name} \"Early warning for {sla.Name.Name}\" {{\n{inner}target {objectiveText} {window}\n{inner}supports {sla.Name.Name}\n{indent}}}\n";
        // Inserted before the line that holds the contract's closing brace (or before the brace when it ends a clause line).
        return text[lineStart..closing].Trim().Length == 0
            ? ($"Add a supporting KPI '{name}' with a buffer ({buffered} against {digits})", lineStart, block[1..])
            : ($"Add a supporting KPI '{name}' with a buffer ({buffered} against {digits})", closing, block);
    }

    /// <summary>A stricter bound: half the unmet share for an at-least/above percent; 80% for an at-most/below duration or number.</summary>
    private static string? Buffered(ComparisonSyntax bound) => (bound.Operator, bound.Value) switch
    {
        (ComparisonOperator.AtLeast or ComparisonOperator.Above, PercentLiteralSyntax p) when p.Value < 100m => Decimal(p.Value + (100m - p.Value) / 2m),
        (ComparisonOperator.AtMost or ComparisonOperator.Below, DurationLiteralSyntax d) when d.Value > 0m => Decimal(d.Value * 0.8m),
        (ComparisonOperator.AtMost or ComparisonOperator.Below, NumberLiteralSyntax n) when n.Value > 0m => Decimal(n.Value * 0.8m),
        _ => null,
    };

    private static (string, int, string)? CloseGap(string text, BoundContract contract, SlaSyntax slaSyntax, Dsl.Text.SourceSpan at)
    {
        var sla = contract.FindSla(slaSyntax.Name.Name);
        if (sla is null) return null;
        var tiers = sla.Credits.Tiers.Where(t => t.Condition is MeasuredIn).ToList();
        foreach (var group in tiers.GroupBy(t => ((MeasuredIn)t.Condition).Subject == TierSubject.SuccessRate).Select(g => g.ToList()))
        {
            var analysis = CreditScheduleAnalysis.Analyse([.. group.Select(t => new TierCondition(((MeasuredIn)t.Condition).Label, ((MeasuredIn)t.Condition).Range, 0m))]);
            foreach (var gap in analysis.Gaps)
            {
                var above = group[gap.Above];
                if (above.Span != at && !(above.Span.Start <= at.Start && at.End <= above.Span.End)) continue;
                var clause = slaSyntax.Clauses.OfType<CreditClauseSyntax>().FirstOrDefault(c => c.Span.Start == above.Span.Start || (c.Span.Start <= above.Span.Start && above.Span.Start < c.Span.End));
                if (clause is null) return null;
                var condition = (MeasuredIn)above.Condition;
                var measure = condition.Subject switch
                {
                    TierSubject.SuccessRate => "success rate",
                    TierSubject.Uptime => "uptime",
                    _ => "availability",
                };
                var range = gap.Uncovered;
                var low = range.LowInclusive ? $"at least {Decimal(range.LowValue)}%" : $"above {Decimal(range.LowValue)}%";
                var high = range.HighInclusive ? $"at most {Decimal(range.HighValue)}%" : $"below {Decimal(range.HighValue)}%";
                var words = range.LowValue == PercentRange.Minimum && range.LowInclusive ? $"{measure} {high}" : $"{measure} {high} and {low}";
                var amount = text[clause.Amount.Span.Start..clause.Amount.Span.End];
                var line = $"credit {amount} when {words}";
                return ($"Close the gap: {line}", LineEnd(text, clause.Span.End - 1), $"\n{IndentOf(text, clause.Span.Start)}{line}");
            }
        }
        return null;
    }

    private static string Decimal(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static int LineEnd(string text, int offset)
    {
        var i = Math.Max(0, offset);
        while (i < text.Length && text[i] is not ('\n' or '\r')) i++;
        return i;
    }

    private static int LineStart(string text, int offset)
    {
        var i = offset;
        while (i > 0 && text[i - 1] is not ('\n' or '\r')) i--;
        return i;
    }

    private static string IndentOf(string text, int offset)
    {
        var start = LineStart(text, offset);
        var i = start;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        return text[start..i];
    }
}
