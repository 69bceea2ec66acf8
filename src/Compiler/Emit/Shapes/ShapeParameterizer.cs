using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.CSharp;

namespace SlaKpiDsl.Compiler.Emit.Shapes;

/// <summary>
/// Contracts of one shape share one class. A shape is a contract's generated class with every string, decimal, int and
/// long literal of its code replaced by a read of the instance's <see cref="ContractConstants"/> (<c>__slaK.S[0]</c>,
/// <c>__slaK.M[1]</c>, ... numbered per type in source order), its static members made instance members (static field
/// and property initialisers become constructor assignments, in their original order and before the instance
/// initialisers, as the type initialiser ran before any instance was made), comments dropped, and its name replaced by
/// <c>Shape_</c> plus a hash of that text. A fleet of customers on a few templates then JIT-compiles and type-loads a few
/// classes instead of one per customer, and Roslyn compiles and inspects a few classes instead of thousands.
/// <para>
/// Cost: each source is only lexed (its tokens with every literal masked are its shape key); one source per distinct
/// key is parsed and turned into the shape's text. Contracts whose literals differ in a position that stays literal
/// (see below) get shapes of their own.
/// </para>
/// Invariants: a contract evaluates exactly as its own class would (the shape runs the same code on the same values: a
/// literal becomes a read of the very value the literal denoted, and nothing else changes); literals whose position
/// needs a compile-time constant (parameter defaults, attributes, case labels, patterns, <c>const</c>), literals inside
/// interpolated strings and literals of any other type stay in the shape's text, so they are part of its identity; a
/// batch holding a source this cannot take apart (not exactly one class in <c>SlaKpiDsl.Generated</c>, a constructor or
/// another member kind, a <c>const</c> field, conditional compilation, syntax errors) is compiled as written. Contract
/// text reaches the compiled code as data; identifiers derived from it were escaped by <see cref="CSharpText"/> when the
/// source was written, and stay part of the shape.
/// </summary>
internal static class ShapeParameterizer
{
    internal const string ConstantsName = "__slaK";
    private const string ConstantsType = "global::SlaKpiDsl.Runtime.Evaluation.ContractConstants";
    private const string Namespace = "SlaKpiDsl.Generated";

    // Replaced by the shape's hashed name once its text is known; CanParameterize refuses sources that contain "__Sla".
    private const string ShapeNamePlaceholder = "__SlaShapeName__";

    /// <summary>A source's tokens as a shape key (literals masked by kind and type) and its literal tokens in order.</summary>
    private sealed record Lexed(string Key, ImmutableArray<SyntaxToken> Literals);

    /// <summary>A shape built from one source: its text (class named by the placeholder), which literal positions it reads from the constants, and the text of the others.</summary>
    private sealed record Shape(string Text, ImmutableArray<bool> Replaced, ImmutableArray<string> FixedTexts)
    {
        public string Name { get; } = "Shape_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)))[..20];
    }

    /// <summary>
    /// The shapes of <paramref name="sources"/> (each once, in order of first use) and each source's place among them, in
    /// input order; null when any source is not a generated contract class this can take apart (then the batch is
    /// compiled as written).
    /// </summary>
    public static (ImmutableArray<GeneratedSource> Shapes, ImmutableArray<ShapedContract> Contracts)? Parameterize(
        IReadOnlyList<GeneratedSource> sources, CSharpParseOptions parseOptions)
    {
        var lexed = new Lexed[sources.Count];
        Parallel.For(0, sources.Count, i => lexed[i] = Lex(sources[i].Text, parseOptions));
        var byKey = new Dictionary<string, List<Shape>>(StringComparer.Ordinal);
        var shapeSources = ImmutableArray.CreateBuilder<GeneratedSource>();
        var contracts = ImmutableArray.CreateBuilder<ShapedContract>(sources.Count);
        for (var i = 0; i < sources.Count; i++)
        {
            var literals = lexed[i].Literals;
            if (!byKey.TryGetValue(lexed[i].Key, out var variants)) byKey.Add(lexed[i].Key, variants = []);
            var shape = variants.FirstOrDefault(v => FixedLiteralsMatch(v, literals));
            if (shape is null)
            {
                shape = Build(sources[i].Text, parseOptions, literals);
                if (shape is null || !FixedLiteralsMatch(shape, literals)) return null;
                variants.Add(shape);
                shapeSources.Add(new GeneratedSource(shape.Name + ".g.cs", shape.Text.Replace(ShapeNamePlaceholder, shape.Name, StringComparison.Ordinal)));
            }
            contracts.Add(new ShapedContract(Namespace + "." + shape.Name, Constants(shape, literals)));
        }
        return (shapeSources.ToImmutable(), contracts.MoveToImmutable());
    }

    private static bool FixedLiteralsMatch(Shape shape, ImmutableArray<SyntaxToken> literals)
    {
        if (shape.Replaced.Length != literals.Length) return false;
        for (int i = 0, f = 0; i < literals.Length; i++)
            if (!shape.Replaced[i] && literals[i].Text != shape.FixedTexts[f++]) return false;
        return true;
    }

    private static ContractConstants Constants(Shape shape, ImmutableArray<SyntaxToken> literals)
    {
        var strings = ImmutableArray.CreateBuilder<string>();
        var decimals = ImmutableArray.CreateBuilder<decimal>();
        var ints = ImmutableArray.CreateBuilder<int>();
        var longs = ImmutableArray.CreateBuilder<long>();
        for (var i = 0; i < literals.Length; i++)
        {
            if (!shape.Replaced[i]) continue;
            switch (literals[i].Value)
            {
                case string s: strings.Add(s); break;
                case decimal m: decimals.Add(m); break;
                case int n: ints.Add(n); break;
                case long l: longs.Add(l); break;
                default: throw new InvalidOperationException($"literal {literals[i].Text} of a replaced position has no constant slot");
            }
        }
        return new ContractConstants(strings.ToImmutable(), decimals.ToImmutable(), ints.ToImmutable(), longs.ToImmutable());
    }

    private static bool IsLiteral(SyntaxToken token) => token.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.NumericLiteralToken
        or SyntaxKind.CharacterLiteralToken or SyntaxKind.Utf8StringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken
        or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.Utf8SingleLineRawStringLiteralToken or SyntaxKind.Utf8MultiLineRawStringLiteralToken;

    /// <summary>The lexer's view: tokens without trivia, each literal masked by its kind and value type (its value is a constant of the shape or part of its fixed text).</summary>
    private static Lexed Lex(string text, CSharpParseOptions parseOptions)
    {
        var key = new StringBuilder(text.Length);
        var literals = ImmutableArray.CreateBuilder<SyntaxToken>();
        var previous = SyntaxKind.None;
        foreach (var token in SyntaxFactory.ParseTokens(text, options: parseOptions))
        {
            var kind = previous;
            previous = token.Kind();
            // The class's name (derived from the contract's name) is replaced by the shape's, so it is not part of the key.
            if (kind == SyntaxKind.ClassKeyword && token.IsKind(SyntaxKind.IdentifierToken)) key.Append("\u0001class");
            else if (IsLiteral(token))
            {
                key.Append('\u0001').Append((int)token.Kind()).Append(':').Append(token.Value?.GetType().Name);
                literals.Add(token);
            }
            else key.Append(token.Text);
            key.Append('\u0002');
        }
        return new Lexed(key.ToString(), literals.ToImmutable());
    }

    /// <summary>
    /// Parses one source and writes its shape in one pass over its tokens; null when it cannot be taken apart or its
    /// literal tokens are not the lexer's <paramref name="lexedLiterals"/> (same texts, same order).
    /// </summary>
    private static Shape? Build(string text, CSharpParseOptions parseOptions, ImmutableArray<SyntaxToken> lexedLiterals)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(text, parseOptions).GetRoot();
        if (root.ContainsDiagnostics) return null;
        if (root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().ToList() is not [ClassDeclarationSyntax type] || !CanParameterize(type)) return null;
        if (root.DescendantTrivia().Any(t => t.IsKind(SyntaxKind.DisabledTextTrivia) || (t.IsDirective && !t.IsKind(SyntaxKind.NullableDirectiveTrivia)))) return null;

        var output = new StringBuilder(text.Length).Append("#nullable enable\n");
        var current = output;
        var staticInits = new List<string>();
        var instanceInits = new List<string>();
        List<string>? captureInto = null;
        SyntaxToken captureEnd = default;
        var dropSemicolon = false;
        var replaced = ImmutableArray.CreateBuilder<bool>();
        var fixedTexts = ImmutableArray.CreateBuilder<string>();
        var counts = new Dictionary<char, int>();
        SyntaxNode? writtenInterpolation = null;

        foreach (var token in root.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.EndOfFileToken)) break;
            // An interpolated string is one token to the lexer: written whole, its literals stay in the text.
            var interpolation = token.Parent?.AncestorsAndSelf().LastOrDefault(n => n is InterpolatedStringExpressionSyntax);
            if (interpolation is not null)
            {
                if (interpolation != writtenInterpolation)
                {
                    writtenInterpolation = interpolation;
                    Layout(current, interpolation.GetLeadingTrivia());
                    current.Append(interpolation.ToString());
                    if (interpolation.GetLastToken() == token) Layout(current, token.TrailingTrivia);
                }
                else if (interpolation.GetLastToken() == token) Layout(current, token.TrailingTrivia);
                if (interpolation.GetLastToken() == token && captureInto is not null && token == captureEnd) EndCapture();
                continue;
            }
            if (dropSemicolon && token.IsKind(SyntaxKind.SemicolonToken))
            {
                dropSemicolon = false;
                Layout(current, token.TrailingTrivia);
                continue;
            }
            if (token == type.CloseBraceToken)
            {
                // The constants field and the constructor, last in the class (member order means nothing in C#).
                current.Append("    private readonly ").Append(ConstantsType).Append(' ').Append(ConstantsName).Append(";\n");
                current.Append("    public ").Append(ShapeNamePlaceholder).Append('(').Append(ConstantsType).Append(' ').Append(ConstantsName).Append(")\n    {\n");
                current.Append("        this.").Append(ConstantsName).Append(" = ").Append(ConstantsName).Append(";\n");
                foreach (var statement in staticInits.Concat(instanceInits)) current.Append("        ").Append(statement).Append('\n');
                current.Append("    }\n");
            }
            if (token.IsKind(SyntaxKind.StaticKeyword) && token.Parent is MemberDeclarationSyntax { Parent: var owner } && owner == type) continue;
            if (token.IsKind(SyntaxKind.EqualsToken) && token.Parent is EqualsValueClauseSyntax clause && Initialized(clause, type) is { } member)
            {
                captureInto = member.IsStatic ? staticInits : instanceInits;
                captureEnd = clause.Value.GetLastToken();
                dropSemicolon = member.IsProperty;
                current = new StringBuilder("this.").Append(member.Name).Append(" =");
                Layout(current, token.TrailingTrivia);
                continue;
            }

            Layout(current, token.LeadingTrivia);
            if (token == type.Identifier) current.Append(ShapeNamePlaceholder);
            else if (IsLiteral(token))
            {
                if (replaced.Count >= lexedLiterals.Length || lexedLiterals[replaced.Count].Text != token.Text) return null;
                var slot = Replaceable(token);
                replaced.Add(slot is not null);
                if (slot is { } s)
                {
                    counts[s] = counts.GetValueOrDefault(s) + 1;
                    current.Append(ConstantsName).Append('.').Append(s).Append('[').Append(counts[s] - 1).Append(']');
                }
                else
                {
                    fixedTexts.Add(token.Text);
                    current.Append(token.Text);
                }
            }
            else current.Append(token.Text);
            Layout(current, token.TrailingTrivia);
            if (captureInto is not null && token == captureEnd) EndCapture();
        }

        void EndCapture()
        {
            captureInto!.Add(current.ToString().TrimEnd() + ";");
            captureInto = null;
            current = output;
        }

        if (replaced.Count != lexedLiterals.Length) return null;
        var shape = new Shape(output.ToString(), replaced.ToImmutable(), fixedTexts.ToImmutable());
        return shape;
    }

    /// <summary>Whitespace and line ends only: comments (clause text) and the <c>#nullable</c> line are not part of a shape.</summary>
    private static void Layout(StringBuilder output, SyntaxTriviaList trivia)
    {
        foreach (var t in trivia)
            if (t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia)) output.Append(t.ToString());
    }

    private sealed record InitializedMember(string Name, bool IsStatic, bool IsProperty);

    /// <summary>The class member a field or property initialiser belongs to, or null when the clause is not one (a local, a parameter default).</summary>
    private static InitializedMember? Initialized(EqualsValueClauseSyntax clause, ClassDeclarationSyntax type) => clause.Parent switch
    {
        VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax field } } v when field.Parent == type =>
            new(v.Identifier.ValueText, field.Modifiers.Any(SyntaxKind.StaticKeyword), false),
        PropertyDeclarationSyntax property when property.Parent == type =>
            new(property.Identifier.ValueText, property.Modifiers.Any(SyntaxKind.StaticKeyword), true),
        _ => null,
    };

    /// <summary>The constants slot a literal token is read from, or null when it stays in the text.</summary>
    private static char? Replaceable(SyntaxToken token)
    {
        if (token.Parent is not LiteralExpressionSyntax literal) return null;
        char? slot = token.Value switch
        {
            string when literal.IsKind(SyntaxKind.StringLiteralExpression) && token.IsKind(SyntaxKind.StringLiteralToken) => 'S',
            decimal => 'M',
            int => 'I',
            long => 'L',
            _ => null,
        };
        if (slot is null) return null;
        foreach (var ancestor in literal.Ancestors())
            if (ancestor is ParameterSyntax or AttributeListSyntax or CaseSwitchLabelSyntax or PatternSyntax
                || ancestor is LocalDeclarationStatementSyntax { IsConst: true })
                return null;
        return slot;
    }

    private static bool CanParameterize(ClassDeclarationSyntax type) =>
        type.Parent is BaseNamespaceDeclarationSyntax { Name: var ns } && ns.ToString() == Namespace
        && type.ParameterList is null && type.TypeParameterList is null
        && type.Members.All(m => m is FieldDeclarationSyntax or PropertyDeclarationSyntax or MethodDeclarationSyntax)
        && !type.Members.OfType<FieldDeclarationSyntax>().Any(f => f.Modifiers.Any(SyntaxKind.ConstKeyword))
        && !type.DescendantTokens().Any(t => t.ValueText.StartsWith("__Sla", StringComparison.Ordinal) || t.ValueText == ConstantsName);
}
