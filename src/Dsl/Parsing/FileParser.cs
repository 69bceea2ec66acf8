using System.Collections.Immutable;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<SlaKpiDsl.Dsl.Parsing.Token>;
using static SlaKpiDsl.Dsl.Parsing.TokenGrammar;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Parsing;

/// <summary>
/// The hand-written outer layer of the parser: splits the token stream into clauses (one per line, or up to a
/// <c>{</c> / <c>}</c>), tracks blocks, and hands each clause to the Pidgin grammar chosen by its first word.
/// Recovery is by construction: a clause that fails is reported once and left out, and parsing resumes on the next line.
/// </summary>
internal sealed partial class FileParser(SourceText source)
{
    private enum Block
    {
        Contract,
        Sla,
        Kpi,
        Holidays,
        Test,
        Instance,
    }

    private enum Terminator
    {
        EndOfLine,
        Open,
        Close,
    }

    private readonly List<Diagnostic> _diagnostics = [];
    private List<Token> _tokens = [];
    private int _pos;

    public ParseResult Run()
    {
        var (tokens, comments) = new Lexer(source, _diagnostics).Run();
        _tokens = tokens;
        var members = ImmutableArray.CreateBuilder<TopLevelSyntax>();
        while (_pos < _tokens.Count)
        {
            var (clause, terminator, last) = NextClause();
            if (clause.Length == 0)
            {
                if (terminator == Terminator.Close) _diagnostics.Add(DiagnosticBuilder.UnexpectedClosingBrace(source, last.Span));
                else ReportAndSkipBlock(DiagnosticBuilder.ExpectedTopLevel(source, last.Span, "'{'"));
                continue;
            }
            var first = clause[0];
            var blockOpen = terminator == Terminator.Open;
            if (first.IsWord("template") && blockOpen)
            {
                var template = ParseTemplate(clause);
                if (template is not null) members.Add(template);
            }
            else if (first.IsWord("contract") && clause.Length > 2 && clause[2].IsWord("from") && blockOpen)
            {
                var instance = ParseInstance(clause);
                if (instance is not null) members.Add(instance);
            }
            else if (first.IsWord("amendment") && blockOpen)
            {
                var amendment = ParseAmendment(clause);
                if (amendment is not null) members.Add(amendment);
            }
            else if (first.IsWord("contract") || first.IsWord("test"))
            {
                if (!blockOpen)
                {
                    _diagnostics.Add(DiagnosticBuilder.ExpectedOpenBrace(source, AfterLast(clause), first.IsWord("contract") ? "the contract" : "the test"));
                    // `contract "x" }`: an empty block written without its `{`; nothing more to read for it.
                    if (terminator == Terminator.Close) continue;
                }
                var member = first.IsWord("contract") ? ParseContract(clause) : ParseTest(clause);
                if (member is not null) members.Add(member);
            }
            else
            {
                var error = DiagnosticBuilder.ExpectedTopLevel(source, first.Span, first.Describe());
                if (blockOpen) ReportAndSkipBlock(error);
                else
                {
                    _diagnostics.Add(error);
                    if (terminator == Terminator.Close) _diagnostics.Add(DiagnosticBuilder.UnexpectedClosingBrace(source, last.Span));
                }
            }
        }
        // A file of only comments or blanks would check clean and then give compile nothing to compile.
        if (members.Count == 0 && _diagnostics.Count == 0)
            _diagnostics.Add(DiagnosticBuilder.ExpectedTopLevel(source, new SourceSpan(source.Text.Length, 0), "the end of the file (it declares no contract and no test)"));
        var root = new CompilationUnitSyntax(members.ToImmutable(), new SourceSpan(0, source.Text.Length));
        var diagnostics = _diagnostics.OrderBy(d => d.Span.Start).ThenBy(d => d.Code, StringComparer.Ordinal).ToImmutableArray();
        return new ParseResult(source, root, diagnostics, comments);
    }

    /// <summary>The tokens of the next clause and what ended it. <c>last</c> is the terminating brace, or the last token.</summary>
    private (Token[] Clause, Terminator Terminator, Token Last) NextClause()
    {
        var start = _pos;
        var line = _tokens[_pos].Line;
        while (_pos < _tokens.Count && _tokens[_pos].Line == line && !_tokens[_pos].IsSymbol('{') && !_tokens[_pos].IsSymbol('}')) _pos++;
        var clause = _tokens.GetRange(start, _pos - start).ToArray();
        if (_pos < _tokens.Count && _tokens[_pos].Line == line && (_tokens[_pos].IsSymbol('{') || _tokens[_pos].IsSymbol('}')))
        {
            var brace = _tokens[_pos++];
            return (clause, brace.IsSymbol('{') ? Terminator.Open : Terminator.Close, brace);
        }
        return (clause, Terminator.EndOfLine, clause[^1]);
    }

    private SourceSpan AfterLast(Token[] clause) => new(clause[^1].Span.End, 0);

    private TopLevelSyntax? ParseContract(Token[] header)
    {
        var parsed = Parse(TokenGrammarHeaders.Contract, header);
        var (clauses, end) = ParseBody(Block.Contract, header[0], "the contract");
        return parsed.HasValue ? new ContractSyntax(parsed.Value.Name, clauses, header[0].Span.Cover(end)) : null;
    }

    private TopLevelSyntax? ParseInstance(Token[] header)
    {
        var parsed = Parse(TokenGrammarHeaders.Instance, header);
        var (clauses, end) = ParseBody(Block.Instance, header[0], "the order form");
        if (!parsed.HasValue) return null;
        return new InstanceSyntax(parsed.Value.Name, parsed.Value.Template, [.. clauses.OfType<ParameterSettingSyntax>()],
            [.. clauses.Where(c => c is not ParameterSettingSyntax and not DeviationSyntax)], [.. clauses.OfType<DeviationSyntax>()],
            header[0].Span.Cover(end));
    }

    /// <summary><c>amendment of "Name" effective DATE, RULE {</c>: the body is an order form's body (settings, deviations, clauses).</summary>
    private TopLevelSyntax? ParseAmendment(Token[] header)
    {
        var parsed = Parse(TokenGrammarHeaders.Amendment, header);
        var (clauses, end) = ParseBody(Block.Instance, header[0], "the amendment");
        if (!parsed.HasValue) return null;
        var (contract, effective, rule) = parsed.Value;
        return new AmendmentSyntax(contract, effective, rule.Value, rule.Span, [.. clauses.OfType<ParameterSettingSyntax>()],
            [.. clauses.Where(c => c is not ParameterSettingSyntax and not DeviationSyntax)], [.. clauses.OfType<DeviationSyntax>()],
            header[0].Span.Cover(end));
    }

    private TopLevelSyntax? ParseTest(Token[] header)
    {
        var parsed = Parse(TokenGrammarHeaders.Test, header);
        var (clauses, end) = ParseBody(Block.Test, header[0], "the test");
        return parsed.HasValue ? new TestSyntax(parsed.Value.Name, parsed.Value.Contract, clauses, header[0].Span.Cover(end)) : null;
    }

    /// <summary>Parses clauses until the matching <c>}</c>; returns them and the span end (the brace, or the file's end).</summary>
    private (ImmutableArray<ClauseSyntax> Clauses, SourceSpan End) ParseBody(Block block, Token opener, string description)
    {
        var clauses = ImmutableArray.CreateBuilder<ClauseSyntax>();
        while (true)
        {
            if (_pos >= _tokens.Count)
            {
                _diagnostics.Add(DiagnosticBuilder.MissingClosingBrace(source, opener.Span, description));
                return (clauses.ToImmutable(), _tokens.Count > 0 ? _tokens[^1].Span : opener.Span);
            }
            var (clause, terminator, last) = NextClause();
            if (clause.Length > 0)
            {
                var nested = terminator == Terminator.Open;
                var parsed = ParseLine(block, clause, nested, terminator == Terminator.EndOfLine, last, description);
                if (parsed is not null) clauses.Add(parsed);
            }
            else if (terminator == Terminator.Open)
            {
                ReportAndSkipBlock(DiagnosticBuilder.UnexpectedBlock(source, last.Span, description));
            }
            if (terminator == Terminator.Close) return (clauses.ToImmutable(), last.Span);
        }
    }

    private void ReportAndSkipBlock(Diagnostic diagnostic)
    {
        _diagnostics.Add(diagnostic);
        SkipBlock();
    }

    /// <summary>Skips to the `}` matching an already consumed `{` (iteratively: `{{{{...` must not exhaust the stack).</summary>
    private void SkipBlock()
    {
        var depth = 1;
        while (_pos < _tokens.Count && depth > 0)
        {
            var token = _tokens[_pos++];
            if (token.IsSymbol('{')) depth++;
            else if (token.IsSymbol('}')) depth--;
        }
    }

    private static readonly string[] ContractBlocks = ["sla", "kpi", "holidays"];

    private ClauseSyntax? ParseLine(Block block, Token[] clause, bool opensBlock, bool atEndOfLine, Token last, string description)
    {
        var first = clause[0];
        if (block == Block.Instance)
        {
            if (opensBlock && (first.IsWord("override") || first.IsWord("add")))
            {
                var deviation = Parse(TokenGrammarHeaders.Deviation, clause);
                var (inner, end) = ParseBody(Block.Sla, first, $"the {first.Text} block");
                if (!deviation.HasValue) return null;
                var (kind, keyword, name) = deviation.Value;
                return new DeviationSyntax(kind, keyword, name, inner, first.Span.Cover(end));
            }
            if (!opensBlock && first.IsWord("set"))
            {
                var setting = Parse(TokenGrammarHeaders.Setting, clause);
                if (!setting.HasValue) return null;
                var value = clause[setting.Value.ValueStart].Span.Cover(clause[^1].Span);
                return new ParameterSettingSyntax(setting.Value.Name, new ParameterValueSyntax(source.GetText(value), value), first.Span.Cover(value));
            }
            block = Block.Contract;
        }
        if (block == Block.Contract && ContractBlocks.Any(first.IsWord))
        {
            if (!opensBlock)
            {
                _diagnostics.Add(DiagnosticBuilder.ExpectedOpenBrace(source, AfterLast(clause), $"the {first.Text} block"));
                if (!atEndOfLine) return null; // `sla x }`: the brace closed the contract already.
            }
            var inner = first.Text switch { "sla" => Block.Sla, "kpi" => Block.Kpi, _ => Block.Holidays };
            var header = Parse(TokenGrammarHeaders.Named[first.Text], clause);
            var (clauses, end) = ParseBody(inner, first, $"the {first.Text} block");
            if (!header.HasValue) return null;
            var (name, title, keyword) = header.Value;
            var span = keyword.Span.Cover(end);
            return inner switch
            {
                Block.Sla => new SlaSyntax(name, title, clauses, span),
                Block.Kpi => new KpiSyntax(name, title, clauses, span),
                _ => new HolidayCalendarSyntax(name, title, clauses.OfType<HolidaySyntax>().ToImmutableArray(), span),
            };
        }
        if (opensBlock)
        {
            ReportAndSkipBlock(DiagnosticBuilder.UnexpectedBlock(source, last.Span, description));
            return null;
        }
        return ParseClause(block, clause, description);
    }

    private ClauseSyntax? ParseClause(Block block, Token[] clause, string description)
    {
        if (clause.Any(t => t.Kind == TokenKind.Bad)) return null; // already reported by the lexer

        ClauseReferenceSyntax? reference = null;
        if (clause.Length >= 3 && clause[0].IsWord("clause") && clause[1].Kind == TokenKind.String && clause[2].IsSymbol(':'))
        {
            reference = new ClauseReferenceSyntax(new StringLiteralSyntax(clause[1].Text, clause[1].Span), clause[0].Span.Cover(clause[1].Span));
            if (clause.Length == 3)
            {
                _diagnostics.Add(DiagnosticBuilder.ExpectedSyntax(source, AfterLast(clause), "a clause after `clause \"...\":`", "the end of the line"));
                return null;
            }
            clause = clause[3..];
        }

        var table = ClauseTables.For(block);
        var first = clause[0];
        if (first.Kind != TokenKind.Word || !table.TryGetValue(first.Text, out var parser))
        {
            _diagnostics.Add(DiagnosticBuilder.UnknownClause(source, first.Span, first.Text, description, ClauseTables.Allowed(block)));
            return null;
        }
        var result = Parse(parser, clause);
        if (!result.HasValue) return null;
        return reference is null ? result.Value : result.Value with { Reference = reference };
    }

    /// <summary>Runs one Pidgin parser over a clause; on failure reports SLA0003 at the failing token.</summary>
    private Maybe<T> Parse<T>(Parser<Token, T> parser, Token[] clause)
    {
        if (clause.Any(t => t.Kind == TokenKind.Bad)) return Maybe.Nothing<T>(); // the lexer reported it already
        var result = parser.Parse(clause);
        if (result.Success) return Maybe.Just(result.Value);
        var error = result.Error!;
        var index = error.ErrorOffset;
        var (span, found) = index < clause.Length
            ? (clause[index].Span, clause[index].Describe())
            : (AfterLast(clause), "the end of the line");
        _diagnostics.Add(DiagnosticBuilder.ExpectedSyntax(source, span, DescribeExpected(error), found));
        return Maybe.Nothing<T>();
    }

    private static string DescribeExpected(ParseError<Token> error)
    {
        if (error.Message is { Length: > 0 } message) return message;
        var labels = error.Expected
            .Select(e => e.Label ?? (e.IsEof ? "the end of the line" : null))
            .Where(l => l is not null)
            .Select(l => l!)
            .Distinct()
            .ToList();
        return labels.Count switch
        {
            0 => "something else",
            1 => labels[0],
            _ => string.Join(", ", labels.Take(labels.Count - 1)) + " or " + labels[^1],
        };
    }

    /// <summary>The clause parsers per block, each followed by the end of the line.</summary>
    private static class ClauseTables
    {
        private static readonly Dictionary<string, Parser<Token, ClauseSyntax>> Contract = Complete(ContractGrammar.ContractClauses);
        private static readonly Dictionary<string, Parser<Token, ClauseSyntax>> Sla = Complete(BlockGrammar.BlockClauses);
        private static readonly Dictionary<string, Parser<Token, ClauseSyntax>> Holidays = Complete(ContractGrammar.HolidayClauses);
        private static readonly Dictionary<string, Parser<Token, ClauseSyntax>> Test = Complete(TestGrammar.TestClauses);

        private static Dictionary<string, Parser<Token, ClauseSyntax>> Complete(IReadOnlyDictionary<string, Parser<Token, ClauseSyntax>> table) =>
            table.ToDictionary(kv => kv.Key, kv => kv.Value.Before(TokenGrammar.EndOfClause));

        public static Dictionary<string, Parser<Token, ClauseSyntax>> For(Block block) => block switch
        {
            Block.Contract => Contract,
            Block.Sla or Block.Kpi => Sla,
            Block.Holidays => Holidays,
            _ => Test,
        };

        public static string Allowed(Block block)
        {
            var words = For(block).Keys.Select(k => k == "time" ? "time zone" : k).Distinct();
            if (block == Block.Contract) words = words.Concat(ContractBlocks);
            return string.Join(", ", words);
        }
    }

    /// <summary>Header parsers, completed with the end of the clause.</summary>
    private static class TokenGrammarHeaders
    {
        public static readonly Parser<Token, (StringLiteralSyntax Name, Token Keyword)> Contract = ContractGrammar.ContractHeader;
        public static readonly Parser<Token, (StringLiteralSyntax Name, StringLiteralSyntax Contract, Token Keyword)> Test = ContractGrammar.TestHeader;

        public static readonly Parser<Token, (StringLiteralSyntax Name, IdentifierSyntax Template)> Instance =
            Map((_, name, _, template) => (name, template), Kw("contract"), Str, Words("from template"), Name.Labelled("the template's name")).Before(EndOfClause);

        /// <summary><c>amendment of "Name" effective DATE, new terms from the next window</c> (or <c>, straddling windows split by days</c>).</summary>
        public static readonly Parser<Token, (StringLiteralSyntax Contract, DateLiteralSyntax Effective, Keyed<bool> SplitByDays)> Amendment =
            Map((_, contract, _, date, _, rule) => (contract, date, rule), Words("amendment of"), Str.Labelled("the amended contract's name"), Kw("effective"),
                Date.Labelled("the effective date (YYYY-MM-DD)"), Sym(','),
                Choice("`new terms from the next window` or `straddling windows split by days`",
                    ("new terms from the next window", false), ("straddling windows split by days", true))).Before(EndOfClause);

        /// <summary><c>override sla NAME</c> or <c>add to sla NAME</c> (also kpi).</summary>
        public static readonly Parser<Token, (AllowanceKind Kind, string Keyword, IdentifierSyntax Name)> Deviation =
            Map((kind, keyword, name) => (kind, keyword.Text, name),
                OneOf(Kw("override").ThenReturn(AllowanceKind.Override), Words("add to").ThenReturn(AllowanceKind.Addition)),
                OneOf(Kw("sla"), Kw("kpi")),
                Name.Labelled("the sla or kpi's name")).Before(EndOfClause);

        /// <summary><c>set NAME = VALUE...</c>: the value's tokens run to the end of the line (typed by the template).</summary>
        public static readonly Parser<Token, (IdentifierSyntax Name, int ValueStart)> Setting =
            Map((_, name, _, _) => (name, 3), Kw("set"), Name.Labelled("a parameter's name"), Sym('='), Any.Labelled("the value"))
                .Before(Any.SkipMany()).Before(EndOfClause);

        public static readonly Dictionary<string, Parser<Token, (IdentifierSyntax Name, StringLiteralSyntax? Title, Token Keyword)>> Named =
            ContractBlocks.ToDictionary(w => w, ContractGrammar.NamedHeader);
    }
}
