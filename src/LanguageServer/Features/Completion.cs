using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.LanguageServer.Protocol;

namespace SlaKpiDsl.LanguageServer.Features;

/// <summary>
/// Completion in context: the words a clause may start with in the block at the cursor (docs/language.md, grammar),
/// the next word after a few keywords, and the names the contract declares where a clause refers to one (services,
/// SLAs, KPIs, holiday calendars), IANA zones in <c>time zone "</c>, ISO 4217 codes after a fee's amount, rounding modes.
/// </summary>
public static class Completion
{
    private const int Keyword = 14, Variable = 6, Class = 7, Module = 9, Value = 12, EnumMember = 20, Constant = 21, Interface = 8;

    // The words a clause starts with, per block (docs/language.md section 2; a table, not code).
    private static readonly Dictionary<BlockKind, string[]> ClauseStarts = new()
    {
        [BlockKind.File] = ["contract", "test"],
        [BlockKind.Contract] = ["provider", "customer", "effective", "time zone", "fee", "rounding", "service", "holidays", "sla", "kpi", "claims", "suppress", "clause"],
        [BlockKind.Sla] = ["guarantee", "downtime", "availability", "only", "ignore", "measured", "round", "exclude", "excluded", "credit", "credits", "no credit", "claim", "warn", "response", "resolution", "suppress", "clause"],
        [BlockKind.Kpi] = ["target", "supports", "downtime", "availability", "only", "ignore", "measured", "round", "exclude", "excluded", "response", "resolution", "suppress", "clause"],
        [BlockKind.Holidays] = ["holiday"],
        [BlockKind.Test] = ["period", "as of", "incident", "maintenance", "requests", "alert", "deployed", "expect"],
    };

    // The word after a keyword when the grammar allows only a few (docs/language.md section 2).
    private static readonly Dictionary<string, string[]> NextWords = new(StringComparer.Ordinal)
    {
        ["guarantee"] = ["availability of", "success rate of", "p95 latency of", "p99 latency of", "mean time to", "median time to", "postmortems completed for", "incident count", "count of", "downtime of", "response to", "resolution of"],
        ["target"] = ["availability of", "success rate of", "p50 latency of", "p95 latency of", "p99 latency of", "mean time to", "median time to", "postmortems completed for", "incident count", "count of", "downtime of", "response to", "resolution of"],
        ["per"] = ["calendar month", "calendar quarter", "calendar year", "billing cycle", "month", "quarter", "year", "breached incident"],
        ["calendar"] = ["month", "quarter", "year"],
        ["expect"] = ["downtime", "availability", "credit", "verdict", "success rate", "excluded time", "breaches", "value"],
        ["excluded"] = ["time counts as available", "time is removed from the measured period"],
        ["exclude"] = ["maintenance", "incidents caused by", "incidents tagged", "downtime during"],
        ["measured"] = ["over deployed time", "over the calendar window"],
        ["credits"] = ["capped at", "are cumulative"],
        ["at"] = ["least", "most"],
        ["postmortem"] = ["completed", "missing"],
        ["clock"] = ["runs"],
        ["each"] = ["second", "minute", "hour", "day"],
    };

    // The word after a clause's first word, where that word starts only this clause (docs/language.md section 2).
    private static readonly Dictionary<string, string[]> AfterFirstWord = new(StringComparer.Ordinal)
    {
        ["claim"] = ["within", "by the end of the"],
        ["warn"] = ["when"],
        ["round"] = ["measured value to"],
        ["ignore"] = ["downtime periods shorter than"],
        ["only"] = ["runs of at least"],
        ["no"] = ["credit"],
        ["downtime"] = ["is", "counts"],
    };

    // Words that depend on the clause the line starts with (docs/language.md section 2: condition, anchor, event, comparison).
    private static readonly string[] Conditions = ["availability", "uptime", "success rate", "any guarantee is breached"];
    private static readonly string[] Comparisons = ["below", "under", "at least", "at most", "above", "over"];
    private static readonly string[] Anchors = ["the month ends", "the quarter ends", "the year ends", "the billing cycle ends", "the window ends", "the incident"];
    private static readonly string[] Events = ["started", "detected", "acknowledged", "responded", "resolved"];

    private static readonly string[] RoundingModes = ["half-away-from-zero", "half-even", "half-toward-zero", "toward-zero", "away-from-zero"];

    public static CompletionList Complete(Workspace workspace, OpenDocument document, int offset)
    {
        var context = BlockContext.At(document.Text, offset);
        var words = context.WordsBefore.ToList();
        if (words.Count >= 2 && words[0] == "clause") words.RemoveRange(0, 2); // a paragraph citation prefix
        var items = new List<CompletionItem>();
        var last = words.Count > 0 ? words[^1] : null;
        var secondLast = words.Count > 1 ? words[^2] : null;
        var names = Names(workspace, document, offset, context);

        if (context.InString)
        {
            if (last == "zone" && secondLast == "time")
                items.AddRange(DateTimeZoneProviders.Tzdb.Ids.Select(z => new CompletionItem(z, Value, "IANA time zone")));
            else if (context.Block == BlockKind.Test || (words.Count == 2 && words[0] == "test"))
                items.AddRange(names.Contracts.Select(c => new CompletionItem(c, Module, "contract")));
            return new CompletionList(false, items);
        }
        if (words.Count == 0)
        {
            items.AddRange(ClauseStarts[context.Block].Select(k => new CompletionItem(k, Keyword, "clause")));
            return new CompletionList(false, items);
        }
        var contract = names.Contract;
        if (last is "rounding" || (last == "places" && words.Contains("round")))
            items.AddRange(RoundingModes.Select(m => new CompletionItem(m, EnumMember, "rounding mode")));
        else if (words[0] == "fee" && words.Count == 2 && decimal.TryParse(words[1], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _))
            items.AddRange(Currencies.Codes.Order(StringComparer.Ordinal).Select(c => new CompletionItem(c, Constant, "ISO 4217 currency")));
        else if (last == "supports" || (last == "and" && words[0] == "supports"))
            items.AddRange(contract?.Slas.Select(s => new CompletionItem(s.Name, Class, s.Title ?? "sla")) ?? []);
        else if (last == "holidays" && secondLast == "except")
            items.AddRange(contract?.Calendars.Select(c => new CompletionItem(c.Name, Module, "holiday calendar")) ?? []);
        else if (last == "of" && words[0] == "expect")
            items.AddRange(SlasAndKpis(contract));
        else if (last == "suppress")
            items.AddRange(DiagnosticBuilder.LintTitles.Select(t => new CompletionItem(t.Key, Constant, t.Value)));
        else if (last is "on" or "of" or "and" && ServiceListFollows(words) || (context.Block == BlockKind.Test && words.Count == 1 && words[0] is "incident" or "deployed"))
            items.AddRange(contract?.Services.Select(s => new CompletionItem(s.Id, Variable, "service")) ?? []);
        else if (ClauseWords(words) is { } clauseWords)
            items.AddRange(clauseWords.Select(k => new CompletionItem(k, Keyword, null)));
        else if (NextWords.TryGetValue(last!, out var next))
            items.AddRange(next.Select(k => new CompletionItem(k, Keyword, null)));
        return new CompletionList(false, items);
    }

    /// <summary>The next words where they depend on the clause: a credit's condition and its bounds, a claim's anchor, a clock's events, what a downtime clause continues with.</summary>
    private static string[]? ClauseWords(List<string> words)
    {
        var last = words[^1];
        var first = words[0];
        if (first == "credit" && words.Contains("when"))
        {
            if (last == "when") return Conditions;
            if (last is "availability" or "uptime" or "rate" or "and") return Comparisons;
            return null;
        }
        if (words.Count == 1) return AfterFirstWord.GetValueOrDefault(first);
        if (first == "no" && words.Count == 2 && last == "credit") return ["below", "unless above", "unless at least"];
        if (first == "claim" && last == "after") return Anchors;
        if (first is "response" or "resolution" && words.Contains("clock"))
            return last is "from" or "to" ? Events : last == "runs" ? ["from", "during business hours", "except holidays"] : null;
        if (first == "downtime" && words.Count == 2 && last == "is") return ["incidents", "severity", "each", "weighted by the affected share of each incident"];
        return null;
    }

    private static IEnumerable<CompletionItem> SlasAndKpis(BoundContract? contract) =>
        contract is null ? [] : contract.Slas.Select(s => new CompletionItem(s.Name, Class, s.Title ?? "sla"))
            .Concat(contract.Kpis.Select(k => new CompletionItem(k.Name, Interface, k.Title ?? "kpi")));

    /// <summary>Whether the word before the cursor is followed by service names: <c>availability of</c>, <c>incidents on</c>, <c>requests on</c>, <c>a and</c>.</summary>
    private static bool ServiceListFollows(List<string> words)
    {
        var last = words[^1];
        if (last == "on") return true;
        if (last == "of") return words.Count >= 2 && words[^2] is "availability" or "rate" or "latency" or "downtime" && words[0] != "expect" && words[0] != "credit";
        // "and" continues a service list when the word before it is a service list item
        return last == "and" && words.Count >= 3 && words[^3] is "on" or "of" or "and";
    }

    private sealed record VisibleNames(BoundContract? Contract, IReadOnlyList<string> Contracts);

    /// <summary>The contract the cursor is in (a test: the contract it is for), from the last check that had a model.</summary>
    private static VisibleNames Names(Workspace workspace, OpenDocument document, int offset, BlockContext context)
    {
        var visible = workspace.ContractsVisibleFrom(document).Select(c => c.Contract).ToList();
        BoundContract? contract = null;
        if (document.Check?.Parse.Root is { } root)
        {
            foreach (var member in root.Members)
            {
                if (member.Span.Start > offset || offset > member.Span.End) continue;
                var name = member switch
                {
                    Dsl.Syntax.ContractSyntax c => c.Name.Value,
                    Dsl.Syntax.TestSyntax t => t.ContractName.Value,
                    _ => null,
                };
                contract = visible.FirstOrDefault(c => c.Name == name);
            }
        }
        // While the file does not parse, the block read from the text names the contract; else the only one there is.
        if (contract is null && context.BlockName is { } blockName) contract = visible.FirstOrDefault(c => c.Name == blockName);
        contract ??= visible.Count == 1 ? visible[0] : null;
        return new VisibleNames(contract, [.. visible.Select(c => c.Name)]);
    }
}
