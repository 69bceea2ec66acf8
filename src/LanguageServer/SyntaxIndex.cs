using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.LanguageServer;

/// <summary>The kinds of names a contract declares and clauses refer to.</summary>
public enum SymbolKind
{
    Service,
    Calendar,
    Sla,
    Kpi,
}

/// <summary>
/// One written name of a service, calendar, SLA or KPI: its declaration (<see cref="IsDeclaration"/>) or a reference,
/// in the contract named <see cref="Contract"/> (for a test: the contract it is for).
/// </summary>
public sealed record SymbolOccurrence(SymbolKind Kind, string Name, SourceSpan Span, bool IsDeclaration, string Contract);

/// <summary>
/// Every syntax node of a file with its span, and every occurrence of a declared name, found by walking the records'
/// properties (the tree has no parent pointers and no visitor; the walk reads the shape the Dsl defines, so a new node
/// type needs no change here). Built once per check of a document.
/// </summary>
public sealed class SyntaxIndex
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> ChildProperties = new();

    private SyntaxIndex(List<SymbolOccurrence> symbols, List<SyntaxNode> clauses, List<SyntaxNode> nodes)
    {
        Symbols = symbols;
        Clauses = clauses;
        Nodes = nodes;
    }

    /// <summary>Every node of the tree, in walk order (for tools that need literals and other leaves).</summary>
    public IReadOnlyList<SyntaxNode> Nodes { get; }

    public IReadOnlyList<SymbolOccurrence> Symbols { get; }

    /// <summary>Every clause and top-level block (contract, test), outer before inner.</summary>
    public IReadOnlyList<SyntaxNode> Clauses { get; }

    /// <summary>The innermost clause or block holding the offset.</summary>
    public SyntaxNode? ClauseAt(int offset) =>
        Clauses.Where(c => c.Span.Start <= offset && offset <= c.Span.End).MinBy(c => c.Span.Length);

    public static SyntaxIndex Build(CompilationUnitSyntax root)
    {
        var symbols = new List<SymbolOccurrence>();
        var clauses = new List<SyntaxNode>();
        var nodes = new List<SyntaxNode>();
        foreach (var member in root.Members)
        {
            switch (member)
            {
                case ContractSyntax contract:
                    Walk(contract, contract.Name.Value, null, null, symbols, clauses, nodes);
                    break;
                case TestSyntax test:
                    Walk(test, test.ContractName.Value, null, null, symbols, clauses, nodes);
                    break;
            }
        }
        return new SyntaxIndex(symbols, clauses, nodes);
    }

    /// <summary>The occurrence whose span holds the offset (an offset just after a name still counts: the cursor often sits there).</summary>
    public SymbolOccurrence? At(int offset) =>
        Symbols.FirstOrDefault(s => s.Span.Start <= offset && offset < s.Span.End)
        ?? Symbols.FirstOrDefault(s => s.Span.End == offset);

    private static void Walk(SyntaxNode node, string contract, SyntaxNode? owner, string? property, List<SymbolOccurrence> symbols, List<SyntaxNode> clauses, List<SyntaxNode> nodes)
    {
        nodes.Add(node);
        if (node is ClauseSyntax or TopLevelSyntax) clauses.Add(node);
        if (node is IdentifierSyntax identifier)
        {
            if (Classify(owner, property) is { } role) symbols.Add(new SymbolOccurrence(role.Kind, identifier.Name, identifier.Span, role.Declaration, contract));
            return;
        }
        foreach (var child in ChildProperties.GetOrAdd(node.GetType(), Children))
        {
            var value = child.GetValue(node);
            if (value is SyntaxNode single) Walk(single, contract, node, child.Name, symbols, clauses, nodes);
            else if (value is IEnumerable many and not string)
            {
                foreach (var item in many)
                {
                    if (item is SyntaxNode element) Walk(element, contract, node, child.Name, symbols, clauses, nodes);
                }
            }
        }
    }

    /// <summary>What an identifier names, from the node that holds it and the property it is held in.</summary>
    private static (SymbolKind Kind, bool Declaration)? Classify(SyntaxNode? owner, string? property) => (owner, property) switch
    {
        (ServiceDeclarationSyntax, "Name") => (SymbolKind.Service, true),
        (HolidayCalendarSyntax, "Name") => (SymbolKind.Calendar, true),
        (SlaSyntax, "Name") => (SymbolKind.Sla, true),
        (KpiSyntax, "Name") => (SymbolKind.Kpi, true),
        (ClockClauseSyntax, "Holidays") => (SymbolKind.Calendar, false),
        (SupportsClauseSyntax, "Slas") => (SymbolKind.Sla, false),
        // expect ... of NAME: an SLA or a KPI; resolved by name against the contract (Sla here, corrected by the resolver).
        (ExpectClauseSyntax, "Subject") => (SymbolKind.Sla, false),
        (_, "Services" or "Service") => (SymbolKind.Service, false),
        _ => null,
    };

    private static PropertyInfo[] Children(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Where(p => typeof(SyntaxNode).IsAssignableFrom(p.PropertyType)
                || (p.PropertyType.IsGenericType && p.PropertyType.GetGenericArguments() is [var element] && typeof(SyntaxNode).IsAssignableFrom(element)
                    && p.PropertyType.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>)))];
}
