using System.Globalization;
using System.Text;
using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Credits;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.LanguageServer.Protocol;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.LanguageServer.Features;

/// <summary>
/// Hover: on a name, what it declares; on a clause, its grammar and meaning from docs/language.md, plus computed facts:
/// a guarantee or target on availability gets its downtime budget in minutes for the current window (the window that
/// holds "now" in the contract's zone, or the first effective one when now is outside the contract), a credit tier its
/// bounds and any gap next to it.
/// </summary>
public static class HoverText
{
    public static Hover? At(Workspace workspace, OpenDocument document, int offset, Instant now)
    {
        var index = document.Index;
        if (index is null) return null;
        var text = new StringBuilder();
        if (index.At(offset) is { } symbol)
        {
            var resolved = Navigation.Resolve(workspace, document, symbol);
            var declaration = Navigation.Declarations(workspace, document, resolved).FirstOrDefault();
            text.Append(CultureInfo.InvariantCulture, $"**{KindWord(resolved.Kind)} `{resolved.Name}`**");
            var title = Title(workspace, document, resolved);
            if (title is not null) text.Append(CultureInfo.InvariantCulture, $": {title}");
            text.Append(CultureInfo.InvariantCulture, $"\n\nin contract \"{resolved.Contract}\"");
            if (declaration is null) text.Append("\n\nnot declared in this contract");
            return new Hover(new MarkupContent("markdown", text.ToString()), Conversions.RangeOf(document, symbol.Span));
        }
        if (index.ClauseAt(offset) is not { } clause) return null;
        var keyword = Keyword(document.Text, clause);
        if (keyword is null) return null;
        foreach (var line in LanguageDocs.Grammar(keyword)) text.Append("```\n").Append(line).Append("\n```\n");
        if (LanguageDocs.Explanation(keyword) is { } explanation) text.Append(CultureInfo.InvariantCulture, $"\n{explanation.Text}\n\n*docs/language.md, {explanation.Heading}*\n");
        var model = document.Check?.Model;
        var contract = model?.Contracts.FirstOrDefault(c => c.Span.Start <= clause.Span.Start && clause.Span.End <= c.Span.End);
        if (contract is not null)
        {
            foreach (var fact in Facts(contract, clause, now)) text.Append("\n---\n").Append(fact).Append('\n');
        }
        return text.Length == 0 ? null : new Hover(new MarkupContent("markdown", text.ToString().Trim()), Conversions.RangeOf(document, clause.Span));
    }

    /// <summary>The computed facts about a clause of a bound contract.</summary>
    public static IEnumerable<string> Facts(BoundContract contract, SyntaxNode clause, Instant now)
    {
        if (clause is GuaranteeClauseSyntax or TargetClauseSyntax)
        {
            var objective = contract.Slas.SelectMany(s => s.Guarantees).Concat(contract.Kpis.SelectMany(k => k.Targets))
                .FirstOrDefault(o => o.Span.Start <= clause.Span.Start && clause.Span.Start < o.Span.End || clause.Span.Start <= o.Span.Start && o.Span.Start < clause.Span.End);
            if (objective is not null && DowntimeBudget(contract, objective, now) is { } budget) yield return budget;
        }
        if (clause is CreditClauseSyntax)
        {
            foreach (var sla in contract.Slas)
            {
                var tiers = sla.Credits.Tiers;
                var tier = tiers.FirstOrDefault(t => t.Span.Start <= clause.Span.Start && clause.Span.Start < t.Span.End || clause.Span.Start <= t.Span.Start && t.Span.Start < clause.Span.End);
                if (tier is null) continue;
                foreach (var fact in TierFacts(tiers, tier)) yield return fact;
            }
        }
    }

    /// <summary>
    /// "Downtime budget: 99.9% of November 2026 in America/New_York (721 hours = 43,260 minutes) = 43.26 minutes": the
    /// unmet share of the window's real length (a DST month has an hour more or less), exactly.
    /// </summary>
    public static string? DowntimeBudget(BoundContract contract, BoundObjective objective, Instant now)
    {
        if (objective.Objective is not ThresholdObjective { Measure: AvailabilityMeasure, Bound: { Operator: ComparisonOperator.AtLeast or ComparisonOperator.Above, Value: PercentQuantity percent } }) return null;
        if (objective.Window is not { } window) return null;
        var zone = contract.Zone;
        var today = now.InZone(zone).Date;
        if (contract.EffectiveStart is { } start && today < start) today = start;
        if (contract.EffectiveEnd is { } end && today >= end) today = contract.EffectiveStart ?? end.PlusDays(-1);
        var calendarWindow = window.Kind == WindowKind.RollingDays
            ? WindowCalendar.RollingDays(zone, window.Parameter!.Value, today)
            : WindowCalendar.Containing(window.Kind, zone, today, window.Parameter ?? 1);
        var minutes = (decimal)calendarWindow.Length.TotalTicks / NodaConstants.TicksPerMinute;
        var budget = minutes * (100m - percent.Value.Value) / 100m;
        var name = window.Kind switch
        {
            WindowKind.CalendarMonth => calendarWindow.FirstDate.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
            WindowKind.CalendarQuarter => $"Q{(calendarWindow.FirstDate.Month - 1) / 3 + 1} {calendarWindow.FirstDate.Year}",
            WindowKind.CalendarYear => calendarWindow.FirstDate.Year.ToString(CultureInfo.InvariantCulture),
            _ => $"{calendarWindow.FirstDate:yyyy-MM-dd} to {calendarWindow.EndDate.PlusDays(-1):yyyy-MM-dd}",
        };
        return $"**Downtime budget**: {Number(percent.Value.Value)}% of {name} in {zone.Id} ({Number(minutes / 60m)} hours = {Number(minutes)} minutes) " +
               $"allows **{Number(budget)} minutes** of downtime" +
               (window.VariesInLength ? "; other windows differ in length (days, DST)" : "");
    }

    /// <summary>A measured tier's bounds and the gaps next to it (the same analysis as SLA1007).</summary>
    private static IEnumerable<string> TierFacts(System.Collections.Immutable.ImmutableArray<CreditTierClause> tiers, CreditTierClause tier)
    {
        if (tier.Condition is not MeasuredIn measured) yield break;
        var measure = measured.Subject == TierSubject.SuccessRate ? "success rate" : "availability";
        var rule = tiers.Length > 1 ? " (the bounds as written; when several tiers hold, the most severe applies unless credits are cumulative)" : "";
        yield return $"**Tier bounds**: pays when {measured.Range.Describe(measure)}{rule}";
        var group = tiers.Where(t => t.Condition is MeasuredIn m && (m.Subject == TierSubject.SuccessRate) == (measured.Subject == TierSubject.SuccessRate)).ToList();
        var position = group.IndexOf(tier);
        var analysis = CreditScheduleAnalysis.Analyse([.. group.Select(t => new TierCondition(((MeasuredIn)t.Condition).Label, ((MeasuredIn)t.Condition).Range, 0m))]);
        var gaps = analysis.Gaps.Where(g => g.Above == position || g.Below == position).ToList();
        if (gaps.Count == 0) yield return "**No gap** next to this tier.";
        foreach (var gap in gaps) yield return $"**Gap**: no tier covers {gap.Uncovered.Describe(measure)}";
    }

    /// <summary>The first word of a clause, after a <c>clause "3.1":</c> citation.</summary>
    public static string? Keyword(string text, SyntaxNode clause)
    {
        var span = text.AsSpan(clause.Span.Start, Math.Min(clause.Span.Length, 200)).ToString();
        if (span.StartsWith("clause ", StringComparison.Ordinal) && span.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && clause is not ReferenceClauseSyntax)
            span = span[(colon + 1)..].TrimStart();
        var end = 0;
        while (end < span.Length && (char.IsLetterOrDigit(span[end]) || span[end] is '-' or '_')) end++;
        return end == 0 ? null : span[..end];
    }

    private static string KindWord(SymbolKind kind) => kind switch
    {
        SymbolKind.Service => "service",
        SymbolKind.Calendar => "holidays",
        SymbolKind.Sla => "sla",
        _ => "kpi",
    };

    private static string? Title(Workspace workspace, OpenDocument document, SymbolOccurrence symbol)
    {
        var contract = workspace.ContractsVisibleFrom(document).Select(c => c.Contract).FirstOrDefault(c => c.Name == symbol.Contract);
        return symbol.Kind switch
        {
            SymbolKind.Service => contract?.FindService(symbol.Name)?.Title,
            SymbolKind.Calendar => contract?.FindCalendar(symbol.Name)?.Title,
            SymbolKind.Sla => contract?.FindSla(symbol.Name)?.Title,
            _ => contract?.FindKpi(symbol.Name)?.Title,
        };
    }

    private static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.InvariantCulture);
}
