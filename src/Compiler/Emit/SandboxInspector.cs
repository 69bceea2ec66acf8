using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SlaKpiDsl.Compiler.Emit;

/// <summary>One use of something outside the sandbox, where it is, and what it is.</summary>
internal sealed record SandboxViolation(Location Location, string Description);

/// <summary>
/// Walks every node of every generated syntax tree and checks, with the semantic model, every symbol it names, every
/// type it produces and every type argument, against the <see cref="SandboxPolicy"/>; and rejects, by syntax, the
/// constructs no evaluator needs (unsafe, pointers, extern, dynamic, __arglist and friends, preprocessor directives
/// other than #nullable). Reports at most one violation per node and description.
/// </summary>
internal static class SandboxInspector
{
    // "System.Double", not "double": messages name the real type so a reader can search for it.
    private static readonly SymbolDisplayFormat TypeNameFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters);

    private static readonly HashSet<SyntaxKind> ForbiddenTokens =
    [
        SyntaxKind.UnsafeKeyword, SyntaxKind.ExternKeyword, SyntaxKind.FixedKeyword, SyntaxKind.StackAllocKeyword,
        SyntaxKind.VolatileKeyword, SyntaxKind.ArgListKeyword, SyntaxKind.MakeRefKeyword, SyntaxKind.RefTypeKeyword,
        SyntaxKind.RefValueKeyword,
    ];

    public static IReadOnlyList<SandboxViolation> Inspect(CSharpCompilation compilation, SandboxPolicy policy)
    {
        var violations = new List<SandboxViolation>();
        var seen = new HashSet<(TextSpanKey, string)>();
        void Report(SyntaxNodeOrToken at, string description)
        {
            var location = at.GetLocation()!;
            if (seen.Add((new TextSpanKey(location.SourceTree?.FilePath ?? "", location.SourceSpan.Start), description)))
                violations.Add(new SandboxViolation(location, description));
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = tree.GetRoot();
            foreach (var token in root.DescendantTokens(descendIntoTrivia: true))
            {
                if (ForbiddenTokens.Contains(token.Kind()))
                    Report(token, $"the '{token.Text}' keyword is not allowed");
            }
            foreach (var trivia in root.DescendantTrivia(descendIntoTrivia: true))
            {
                if (trivia.IsDirective && !trivia.IsKind(SyntaxKind.NullableDirectiveTrivia))
                    Report(trivia.Token, $"the preprocessor directive '{trivia.ToString().Trim()}' is not allowed");
            }

            var model = compilation.GetSemanticModel(tree);
            foreach (var node in root.DescendantNodes())
            {
                if (node is PointerTypeSyntax or FunctionPointerTypeSyntax)
                    Report(node, "pointer types are not allowed");
                if (NamesOrInvokesSymbol(node))
                {
                    var symbolInfo = model.GetSymbolInfo(node);
                    if (symbolInfo.Symbol is { } symbol) CheckSymbol(symbol, node, policy, compilation, Report);
                    foreach (var candidate in symbolInfo.CandidateSymbols) CheckSymbol(candidate, node, policy, compilation, Report);
                }
                if (ProducesUnnamedType(node))
                {
                    var typeInfo = model.GetTypeInfo(node);
                    CheckType(typeInfo.Type, node, policy, compilation, Report);
                    CheckType(typeInfo.ConvertedType, node, policy, compilation, Report);
                }
                if (node is MemberDeclarationSyntax or VariableDeclaratorSyntax or ParameterSyntax
                    && model.GetDeclaredSymbol(node) is { } declared)
                    CheckDeclared(declared, node, policy, compilation, Report);
            }
        }
        return violations;
    }

    private readonly record struct TextSpanKey(string Path, int Start);

    /// <summary>
    /// Nodes whose symbol can be outside the sandbox: every name (types, members, namespaces, extension methods), plus
    /// the nodes that call a member without naming it (operators, constructors, indexers, attributes). Querying only
    /// these keeps the walk cheap; a name's check covers its type, so names need no type query.
    /// </summary>
    private static bool NamesOrInvokesSymbol(SyntaxNode node) => node is SimpleNameSyntax or BinaryExpressionSyntax
        or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax
        or BaseObjectCreationExpressionSyntax or ElementAccessExpressionSyntax or AttributeSyntax
        or ConstructorInitializerSyntax or CommonForEachStatementSyntax;

    /// <summary>Expressions whose type no name in them states: literals, typeof, lambdas, operators, conversions.</summary>
    private static bool ProducesUnnamedType(SyntaxNode node) => node is ExpressionSyntax
        and not (SimpleNameSyntax or QualifiedNameSyntax or AliasQualifiedNameSyntax or MemberAccessExpressionSyntax
            or ParenthesizedExpressionSyntax or PredefinedTypeSyntax or ArrayTypeSyntax or NullableTypeSyntax
            or GenericNameSyntax)
        || node is VariableDeclarationSyntax;

    private static void CheckDeclared(ISymbol declared, SyntaxNode node, SandboxPolicy policy, CSharpCompilation compilation,
        Action<SyntaxNodeOrToken, string> report)
    {
        switch (declared)
        {
            case INamedTypeSymbol type:
                var ns = type.ContainingNamespace.ToDisplayString();
                if (type.ContainingType is null && (type.ContainingNamespace.IsGlobalNamespace || !policy.IsGeneratedNamespace(ns)))
                    report(node, $"generated types must be declared in namespace '{policy.GeneratedNamespace}', not '{ns}'");
                CheckType(type.BaseType, node, policy, compilation, report);
                foreach (var i in type.Interfaces) CheckType(i, node, policy, compilation, report);
                break;
            case IMethodSymbol method:
                CheckType(method.ReturnType, node, policy, compilation, report);
                break;
            case IFieldSymbol field:
                CheckType(field.Type, node, policy, compilation, report);
                break;
            case IPropertySymbol property:
                CheckType(property.Type, node, policy, compilation, report);
                break;
            case ILocalSymbol local:
                CheckType(local.Type, node, policy, compilation, report);
                break;
            case IParameterSymbol parameter:
                CheckType(parameter.Type, node, policy, compilation, report);
                break;
        }
        foreach (var attribute in declared.GetAttributes())
            CheckType(attribute.AttributeClass, node, policy, compilation, report);
    }

    private static void CheckSymbol(ISymbol symbol, SyntaxNode node, SandboxPolicy policy, CSharpCompilation compilation,
        Action<SyntaxNodeOrToken, string> report)
    {
        switch (symbol)
        {
            case INamespaceSymbol ns:
                var name = ns.ToDisplayString();
                if (!ns.IsGlobalNamespace && !policy.IsNamespaceAllowed(name) && !policy.IsNamespacePrefix(name))
                    report(node, $"namespace '{name}' is not allowed");
                return;
            case ITypeSymbol type:
                CheckType(type, node, policy, compilation, report);
                return;
            case IMethodSymbol method:
                CheckType(method.ContainingType, node, policy, compilation, report);
                CheckType(method.ReturnType, node, policy, compilation, report);
                foreach (var argument in method.TypeArguments) CheckType(argument, node, policy, compilation, report);
                if (method.MethodKind == MethodKind.ReducedExtension && method.ReducedFrom is { } unreduced)
                    CheckType(unreduced.ContainingType, node, policy, compilation, report);
                return;
            case IPropertySymbol property:
                CheckType(property.ContainingType, node, policy, compilation, report);
                CheckType(property.Type, node, policy, compilation, report);
                return;
            case IFieldSymbol field:
                CheckType(field.ContainingType, node, policy, compilation, report);
                CheckType(field.Type, node, policy, compilation, report);
                return;
            case IEventSymbol @event:
                CheckType(@event.ContainingType, node, policy, compilation, report);
                return;
            case ILocalSymbol local:
                CheckType(local.Type, node, policy, compilation, report);
                return;
            case IParameterSymbol parameter:
                CheckType(parameter.Type, node, policy, compilation, report);
                return;
        }
    }

    private static void CheckType(ITypeSymbol? type, SyntaxNode node, SandboxPolicy policy, CSharpCompilation compilation,
        Action<SyntaxNodeOrToken, string> report)
    {
        switch (type)
        {
            case null:
            case IErrorTypeSymbol:
            case ITypeParameterSymbol:
                return;
            case IDynamicTypeSymbol:
                report(node, "'dynamic' is not allowed");
                return;
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                report(node, "pointer types are not allowed");
                return;
            case IArrayTypeSymbol array:
                CheckType(array.ElementType, node, policy, compilation, report);
                return;
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments) CheckType(argument, node, policy, compilation, report);
                if (SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, compilation.Assembly)) return;
                var outermost = named.OriginalDefinition;
                while (outermost.ContainingType is { } container) outermost = container;
                var ns = outermost.ContainingNamespace.IsGlobalNamespace ? string.Empty : outermost.ContainingNamespace.ToDisplayString();
                if (!policy.IsTypeAllowed(ns, outermost.MetadataName))
                    report(node, $"type '{named.OriginalDefinition.ToDisplayString(TypeNameFormat)}' is not allowed");
                return;
        }
    }
}
