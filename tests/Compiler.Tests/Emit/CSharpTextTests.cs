using System.Globalization;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NodaTime;
using SlaKpiDsl.Compiler.Emit.CSharp;
using static SlaKpiDsl.Compiler.Tests.Emit.EmitTestSupport;

namespace SlaKpiDsl.Compiler.Tests.Emit;

public sealed class CSharpTextTests
{
    // Rows are passed by index: xunit serialises string arguments and would turn lone surrogates into U+FFFD.
    public static TheoryData<int> HostileTexts => [.. Enumerable.Range(0, HostileTextValues.Length)];

    public static TheoryData<int> HostileNames => [.. Enumerable.Range(0, HostileNameValues.Length)];

    /// <summary>Text a contract could carry that would break naive string building; one row per attack.</summary>
    private static readonly string[] HostileTextValues =
    [
        "",                                             // empty
        "plain text",                                   // control row
        "\"",                                           // lone quote
        "\"; System.IO.File.Delete(\"x\"); //",         // classic injection
        "\\",                                           // lone backslash
        "\\\"",                                         // backslash quote
        "\\u0022",                                      // a unicode escape spelled out must stay six characters
        "a\nb",                                         // LF
        "a\rb",                                         // CR
        "a\r\nb",                                       // CRLF
        "a\u2028b\u2029c\u0085d",                       // Unicode line separators C# treats as new lines
        "*/ /* */",                                     // block comment terminators
        "#line 1 \"evil.cs\"",                          // directive text
        "\n#if false\n",                                // directive at a line start after a new line
        "\n#pragma warning disable\n",                  // pragma
        "\u202Eevil\u202C",                             // bidi override (Trojan Source)
        "\u2066\u2067\u2068\u2069\u200E\u200F\u061C",   // every other bidi control
        "\0\a\b\f\t\v\u001b",                           // control characters
        "\uD800",                                       // lone high surrogate
        "\uDC00x\uD800",                                // lone low then lone high surrogate
        "\uD83D\uDE00",                                 // a valid surrogate pair (emoji)
        "class",                                        // keyword
        "{0} {{ }}",                                    // format braces
        new string('x', 100_000),                       // very long
        "\uFEFF\u00AD\u200B",                           // BOM, soft hyphen, zero-width space (format characters)
    ];

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public void Literal_parses_as_exactly_one_string_literal_and_evaluates_to_the_input(int row)
    {
        var text = HostileTextValues[row];
        var literal = CSharpText.Literal(text);
        var source = ValuesClass("LiteralProbe", [literal]);

        var tree = CSharpSyntaxTree.ParseText(source);
        Assert.Empty(tree.GetDiagnostics());
        var literals = tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().ToList();
        var only = Assert.Single(literals);
        Assert.Equal(text, only.Token.ValueText);
        Assert.DoesNotContain(tree.GetRoot().DescendantTrivia(), t => t.IsDirective);
        Assert.DoesNotContain(literal, c => CSharpText.IsBidiControl(c) || c is '\n' or '\r' or '\u2028' or '\u2029');

        var values = RunValues("LiteralProbe", source);
        Assert.Equal(text, Assert.IsType<string>(Assert.Single(values)));
    }

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public void Comment_stays_one_line_comment_and_neutralises_bidi(int row)
    {
        var text = HostileTextValues[row];
        var writer = new SourceWriter();
        writer.Line("namespace SlaKpiDsl.Generated;");
        using (writer.Block("public static class CommentProbe"))
        {
            writer.Comment(text);
            writer.Line("public static object[] Values() => new object[] { 1 };");
        }
        var source = writer.ToString();

        var tree = CSharpSyntaxTree.ParseText(source);
        Assert.Empty(tree.GetDiagnostics());
        var root = tree.GetRoot();
        Assert.Single(root.DescendantNodes().OfType<MethodDeclarationSyntax>());
        Assert.Single(root.DescendantTrivia(), t => t.IsKind(SyntaxKind.SingleLineCommentTrivia));
        Assert.DoesNotContain(root.DescendantTrivia(), t => t.IsDirective || t.IsKind(SyntaxKind.MultiLineCommentTrivia));
        Assert.DoesNotContain(source, CSharpText.IsBidiControl);
        Assert.Equal(1, Assert.IsType<int>(Assert.Single(RunValues("CommentProbe", source))));
    }

    [Fact]
    public void Comment_shows_bidi_controls_as_visible_code_points()
    {
        Assert.Equal("// a<U+202E>b c", CSharpText.Comment("a\u202Eb\nc"));
        Assert.Equal("// clause 3.1", new SourceWriter().Clause("3.1").ToString().TrimEnd('\n'));
    }

    private static readonly string[] HostileNameValues =
    [
        "class", "@class", "__arglist", "__makeref", "var", "async", "value", "", " ", "1st", "_", "__", "a b", "a_b",
        "a-b", "a.b", "availability", "Ünïcödé", "\uD800", "\uFFFD", "\u202Eevil", "x\ny", new string('n', 5000),
    ];

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Identifier_is_valid_non_keyword_and_usable_as_a_class_and_member_name(int row)
    {
        var name = HostileNameValues[row];
        var identifier = CSharpText.Identifier(name);

        Assert.True(SyntaxFacts.IsValidIdentifier(identifier), identifier);
        Assert.Equal(SyntaxKind.None, SyntaxFacts.GetKeywordKind(identifier));
        Assert.Equal(SyntaxKind.None, SyntaxFacts.GetContextualKeywordKind(identifier));
        Assert.False(identifier.StartsWith("__", StringComparison.Ordinal));
        Assert.Equal(identifier, CSharpText.Identifier(name));
        var source = $$"""
            namespace SlaKpiDsl.Generated;
            public static class {{identifier}}
            {
                public static int {{identifier}}_v = 7;
                public static object[] Values() => new object[] { {{identifier}}_v };
            }
            """;
        Assert.Equal(7, Assert.IsType<int>(Assert.Single(RunValues(identifier, source))));
    }

    [Fact]
    public void Identifier_keeps_readable_part_and_separates_lookalikes()
    {
        Assert.StartsWith("availability_", CSharpText.Identifier("availability"), StringComparison.Ordinal);
        Assert.StartsWith("N1st_", CSharpText.Identifier("1st"), StringComparison.Ordinal);
        string[] lookalikes = ["a b", "a_b", "a-b", "a.b", "a  b", "\uD800", "\uFFFD", "\uDC00", ""];
        Assert.Equal(lookalikes.Length, lookalikes.Select(CSharpText.Identifier).Distinct().Count());
    }

    [Fact]
    public void IdentifierScope_returns_the_same_identifier_for_the_same_name()
    {
        var scope = new IdentifierScope();
        Assert.Equal(scope["api"], scope["api"]);
        Assert.NotEqual(scope["api"], scope["API"]);
        Assert.Equal(2, scope.Count);
    }

    public static readonly TheoryData<decimal> Decimals = new()
    {
        0m, 0.000m, 1m, -1m, 123.45m, 123.450m, 99.9m, 99.999m, 0.0000000000000000000000000001m, -0.5m,
        decimal.MaxValue, decimal.MinValue, 12000.00m, 7.9228162514264337593543950335m,
    };

    [Theory]
    [MemberData(nameof(Decimals))]
    public void Decimal_literal_is_exact_including_scale(decimal value)
    {
        var literal = CSharpText.Literal(value);
        var result = Assert.IsType<decimal>(Assert.Single(RunValues("DecimalProbe", ValuesClass("DecimalProbe", [literal]))));
        Assert.Equal(value, result);
        Assert.Equal(value.Scale, result.Scale);
        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), result.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Integer_instant_and_duration_literals_are_exact()
    {
        var instant = Instant.FromUtc(2026, 11, 10, 14, 0, 30);
        var duration = Duration.FromMinutes(43_260);
        var values = RunValues("TimeProbe", ValuesClass("TimeProbe",
        [
            CSharpText.Literal(long.MinValue), CSharpText.Literal(long.MaxValue), CSharpText.Literal(int.MinValue),
            CSharpText.Literal(instant), CSharpText.Literal(duration), CSharpText.Literal(-duration), CSharpText.Literal(true),
        ]));
        Assert.Equal([long.MinValue, long.MaxValue, int.MinValue, instant, duration, -duration, true], values);
    }

    [Fact]
    public void Sub_tick_instants_are_refused_rather_than_rounded()
    {
        Assert.Throws<ArgumentException>(() => CSharpText.Literal(Instant.FromUnixTimeTicks(5) + Duration.FromNanoseconds(1)));
        Assert.Throws<ArgumentException>(() => CSharpText.Literal(Duration.FromNanoseconds(150)));
    }

    [Fact]
    public void Literal_round_trips_random_unicode_strings()
    {
        // Any UTF-16 code unit, lone surrogates included; one compilation per sample of 40 strings keeps it quick.
        var strings = Gen.String[Gen.Char, 0, 60].Array[40];
        strings.Sample(texts =>
        {
            var values = RunValues("RandomLiterals", ValuesClass("RandomLiterals", texts.Select(CSharpText.Literal)));
            Assert.Equal(texts, values.Cast<string>().ToArray());
        }, iter: 15);
    }

    [Fact]
    public void Identifier_is_always_valid_and_distinct_for_distinct_names()
    {
        Gen.String[Gen.Char, 0, 40].Array[1, 200].Sample(names =>
        {
            var distinct = names.Distinct(StringComparer.Ordinal).ToArray();
            var identifiers = distinct.Select(CSharpText.Identifier).ToArray();
            Assert.All(identifiers, id => Assert.True(SyntaxFacts.IsValidIdentifier(id) && SyntaxFacts.GetKeywordKind(id) == SyntaxKind.None, id));
            Assert.Equal(distinct.Length, identifiers.Distinct(StringComparer.Ordinal).Count());
        }, iter: 300);
    }

    [Fact]
    public void Comment_is_always_one_comment_line()
    {
        Gen.String[Gen.Char, 0, 80].Sample(text =>
        {
            var comment = CSharpText.Comment(text);
            var trivia = SyntaxFactory.ParseLeadingTrivia(comment + "\n");
            Assert.Equal(SyntaxKind.SingleLineCommentTrivia, trivia[0].Kind());
            Assert.Equal(comment, trivia[0].ToString());
            Assert.DoesNotContain(comment, CSharpText.IsBidiControl);
        }, iter: 2000);
    }
}
