using SlaKpiDsl.LanguageServer.Protocol;

namespace SlaKpiDsl.LanguageServer.Features;

/// <summary>
/// Go to definition, find references and rename for services, holiday calendars, SLAs and KPIs, across the document
/// and the files beside it (a test file's names are the contract's it is for, in whichever file that contract is).
/// </summary>
public static class Navigation
{
    /// <summary>Fixes what an <c>expect ... of NAME</c> names: a KPI when the contract has a KPI of that name and no SLA.</summary>
    public static SymbolOccurrence Resolve(Workspace workspace, OpenDocument document, SymbolOccurrence symbol) =>
        symbol.Kind == SymbolKind.Sla && !symbol.IsDeclaration
        && workspace.ContractsVisibleFrom(document).Select(c => c.Contract).FirstOrDefault(c => c.Name == symbol.Contract) is { } contract
        && contract.FindSla(symbol.Name) is null && contract.FindKpi(symbol.Name) is not null
            ? symbol with { Kind = SymbolKind.Kpi }
            : symbol;

    public static IEnumerable<Location> Declarations(Workspace workspace, OpenDocument document, SymbolOccurrence symbol) =>
        Occurrences(workspace, document, symbol).Where(o => o.Occurrence.IsDeclaration).Select(o => o.Location);

    public static IReadOnlyList<Location> Definition(Workspace workspace, OpenDocument document, int offset) =>
        document.Index?.At(offset) is { } symbol ? [.. Declarations(workspace, document, Resolve(workspace, document, symbol))] : [];

    public static IReadOnlyList<Location> References(Workspace workspace, OpenDocument document, int offset, bool includeDeclaration) =>
        document.Index?.At(offset) is { } symbol
            ? [.. Occurrences(workspace, document, Resolve(workspace, document, symbol)).Where(o => includeDeclaration || !o.Occurrence.IsDeclaration).Select(o => o.Location)]
            : [];

    public static Protocol.Range? PrepareRename(OpenDocument document, int offset) =>
        document.Index?.At(offset) is { } symbol ? Conversions.RangeOf(document, symbol.Span) : null;

    public static WorkspaceEdit? Rename(Workspace workspace, OpenDocument document, int offset, string newName)
    {
        if (document.Index?.At(offset) is not { } symbol) return null;
        if (!IsName(newName))
            throw new ProtocolException(ErrorCodes.InvalidParams, $"'{newName}' is not a name: a letter, then letters, digits, '-' and '_'");
        var resolved = Resolve(workspace, document, symbol);
        var changes = Occurrences(workspace, document, resolved)
            .GroupBy(o => o.Location.Uri)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TextEdit>)[.. g.Select(o => new TextEdit(o.Location.Range, newName))]);
        return new WorkspaceEdit(changes);
    }

    /// <summary>The language's name rule (docs/language.md, lexical rules): a letter, then letters, digits, <c>-</c> and <c>_</c>.</summary>
    public static bool IsName(string text) =>
        text.Length > 0 && char.IsLetter(text[0]) && text.All(c => char.IsLetterOrDigit(c) || c is '-' or '_');

    private static IEnumerable<(SymbolOccurrence Occurrence, Location Location)> Occurrences(Workspace workspace, OpenDocument document, SymbolOccurrence symbol)
    {
        foreach (var file in workspace.FilesBeside(document))
        {
            foreach (var occurrence in file.Index.Symbols)
            {
                if (occurrence.Name != symbol.Name || occurrence.Contract != symbol.Contract) continue;
                var kind = occurrence.Kind;
                if (file.Open is { } open) kind = Resolve(workspace, open, occurrence).Kind;
                else if (kind == SymbolKind.Sla && !occurrence.IsDeclaration && symbol.Kind == SymbolKind.Kpi) kind = SymbolKind.Kpi; // an expect subject in a closed file
                if (kind != symbol.Kind) continue;
                yield return (occurrence, new Location(file.Uri, file.Lines.RangeOf(occurrence.Span.Start, occurrence.Span.End)));
            }
        }
    }
}
