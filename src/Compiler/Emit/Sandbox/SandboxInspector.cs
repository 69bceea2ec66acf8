using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SlaKpiDsl.Compiler.Emit.Sandbox;

/// <summary>
/// Walks every node of every generated syntax tree and checks, with the semantic model, every symbol it names, every
/// type it produces and every type argument, against the <see cref="SandboxPolicy"/>; and rejects, by syntax, the
/// constructs no evaluator needs (unsafe, pointers, extern, dynamic, __arglist and friends, preprocessor directives
/// other than #nullable). Member bodies and field and property initializers are checked on their bound operation tree
/// instead of node by node (same symbols, one binding). Trees are inspected in parallel. Reports at most one violation per node and description.
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
        // Trees are independent and semantic models are thread-safe: inspect them in parallel, merge in tree order.
        var trees = compilation.SyntaxTrees.ToArray();
        var perTree = new List<SandboxViolation>[trees.Length];
        Parallel.For(0, trees.Length, i => perTree[i] = InspectTree(compilation, trees[i], policy));
        return [.. perTree.SelectMany(v => v)];
    }

    private static List<SandboxViolation> InspectTree(CSharpCompilation compilation, SyntaxTree tree, SandboxPolicy policy)
    {
        var violations = new List<SandboxViolation>();
        var seen = new HashSet<(TextSpanKey, string)>();
        void Report(SyntaxNodeOrToken at, string description)
        {
            var location = at.GetLocation()!;
            if (seen.Add((new TextSpanKey(location.SourceTree?.FilePath ?? "", location.SourceSpan.Start), description)))
                violations.Add(new SandboxViolation(location, description));
        }

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
        foreach (var node in root.DescendantNodes(descendIntoChildren: n => !IsMemberInitializer(n)))
        {
            if (IsMemberInitializer(node) && model.GetOperation(node) is { } initializer)
            {
                // One bound operation tree per body or initializer: per-node queries inside lambdas re-bind them each time
                // (about 1 ms a name), which made the inspection 80% of a batch compile.
                InspectOperations(initializer, policy, compilation, Report);
                continue;
            }
            InspectNode(node, model, policy, compilation, Report);
            if (IsMemberInitializer(node))
                foreach (var inner in node.DescendantNodes()) InspectNode(inner, model, policy, compilation, Report);
        }
        return violations;
    }

    /// <summary>
    /// The <c>= value</c> of a field or property, and the body (block or <c>=&gt;</c>) of a method, constructor, operator,
    /// accessor or property: each bound as one operation tree rather than node by node.
    /// </summary>
    private static bool IsMemberInitializer(SyntaxNode node) => node switch
    {
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } or PropertyDeclarationSyntax } => true,
        BlockSyntax or ArrowExpressionClauseSyntax => node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax,
        _ => false,
    };

    private static void InspectNode(SyntaxNode node, SemanticModel model, SandboxPolicy policy, CSharpCompilation compilation,
        Action<SyntaxNodeOrToken, string> report)
    {
        if (node is PointerTypeSyntax or FunctionPointerTypeSyntax)
            report(node, "pointer types are not allowed");
        if (NamesOrInvokesSymbol(node))
        {
            var symbolInfo = model.GetSymbolInfo(node);
            if (symbolInfo.Symbol is { } symbol) CheckSymbol(symbol, node, policy, compilation, report);
            foreach (var candidate in symbolInfo.CandidateSymbols) CheckSymbol(candidate, node, policy, compilation, report);
        }
        if (ProducesUnnamedType(node))
        {
            var typeInfo = model.GetTypeInfo(node);
            CheckType(typeInfo.Type, node, policy, compilation, report);
            CheckType(typeInfo.ConvertedType, node, policy, compilation, report);
        }
        if (node is MemberDeclarationSyntax or VariableDeclaratorSyntax or ParameterSyntax
            && model.GetDeclaredSymbol(node) is { } declared)
            CheckDeclared(declared, node, policy, compilation, report);
    }

    /// <summary>
    /// Checks every operation of a bound tree: its type, and every symbol it calls, reads, creates, converts through or
    /// declares (the operation-tree counterpart of the per-node symbol queries).
    /// </summary>
    private static void InspectOperations(IOperation root, SandboxPolicy policy, CSharpCompilation compilation,
        Action<SyntaxNodeOrToken, string> report)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            var at = operation.Syntax;
            void Symbol(ISymbol? symbol)
            {
                if (symbol is not null) CheckSymbol(symbol, at, policy, compilation, report);
            }
            void Type(ITypeSymbol? type) => CheckType(type, at, policy, compilation, report);
            Type(operation.Type);
            switch (operation)
            {
                case IInvocationOperation o: Symbol(o.TargetMethod); break;
                case IObjectCreationOperation o: Symbol(o.Constructor); break;
                case IPropertyReferenceOperation o: Symbol(o.Property); break;
                case IFieldReferenceOperation o: Symbol(o.Field); break;
                case IEventReferenceOperation o: Symbol(o.Event); break;
                case IMethodReferenceOperation o: Symbol(o.Method); break;
                case IBinaryOperation o: Symbol(o.OperatorMethod); break;
                case IUnaryOperation o: Symbol(o.OperatorMethod); break;
                case IIncrementOrDecrementOperation o: Symbol(o.OperatorMethod); break;
                case ICompoundAssignmentOperation o: Symbol(o.OperatorMethod); break;
                case IConversionOperation o: Symbol(o.OperatorMethod); break;
                case ITypeOfOperation o: Type(o.TypeOperand); break;
                case ISizeOfOperation o: Type(o.TypeOperand); break;
                case ILocalReferenceOperation o: Symbol(o.Local); break;
                case IParameterReferenceOperation o: Symbol(o.Parameter); break;
                case IVariableDeclaratorOperation o: Symbol(o.Symbol); break;
                case ICollectionExpressionOperation o: Symbol(o.ConstructMethod); break;
                case IWithOperation o: Symbol(o.CloneMethod); break;
                case IDeclarationPatternOperation o: Type(o.MatchedType); Symbol(o.DeclaredSymbol); break;
                case ITypePatternOperation o: Type(o.MatchedType); break;
                case ICatchClauseOperation o: Type(o.ExceptionType); break;
                case IIsTypeOperation o: Type(o.TypeOperand); break;
                case IRecursivePatternOperation o: Type(o.MatchedType); Symbol(o.DeconstructSymbol); Symbol(o.DeclaredSymbol); break;
                case IAnonymousFunctionOperation o: CheckSignature(o.Symbol, at, policy, compilation, report); break;
                case ILocalFunctionOperation o: CheckSignature(o.Symbol, at, policy, compilation, report); break;
            }
            foreach (var child in operation.ChildOperations) pending.Push(child);
        }
    }

    private static void CheckSignature(IMethodSymbol method, SyntaxNode at, SandboxPolicy policy, CSharpCompilation compilation,
        Action<SyntaxNodeOrToken, string> report)
    {
        CheckSymbol(method, at, policy, compilation, report);
        foreach (var parameter in method.Parameters) CheckType(parameter.Type, at, policy, compilation, report);
        foreach (var attribute in method.GetAttributes()) CheckType(attribute.AttributeClass, at, policy, compilation, report);
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
