using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Parsing;

/// <summary>
/// Templates: <c>template NAME ["title"] {</c>, then <c>parameter</c> and <c>allow</c> lines and contract clauses that may
/// use <c>$name</c>. The clauses are kept as lines (their words only parse once values stand in for the references:
/// the checker expands and checks them); parameters and allowances are parsed here.
/// </summary>
internal sealed partial class FileParser
{
    private static readonly Dictionary<string, ParameterType> TypeWords = new(StringComparer.Ordinal)
    {
        ["money"] = ParameterType.Money,
        ["percent"] = ParameterType.Percent,
        ["duration"] = ParameterType.Duration,
        ["services"] = ParameterType.Services,
        ["date"] = ParameterType.Date,
        ["rounding"] = ParameterType.Rounding,
    };

    /// <summary>After <c>template NAME ["title"] {</c> (the brace consumed): the template up to its closing brace.</summary>
    private TemplateSyntax? ParseTemplate(Token[] header)
    {
        var keyword = header[0];
        IdentifierSyntax? name = null;
        StringLiteralSyntax? title = null;
        if (header.Length >= 2 && header[1].Kind == TokenKind.Word) name = new IdentifierSyntax(header[1].Text, header[1].Span);
        else _diagnostics.Add(DiagnosticBuilder.ExpectedSyntax(source, header.Length >= 2 ? header[1].Span : AfterLast(header), "the template's name", header.Length >= 2 ? header[1].Describe() : "the end of the line"));
        if (header.Length >= 3)
        {
            if (header[2].Kind == TokenKind.String && header.Length == 3) title = new StringLiteralSyntax(header[2].Text, header[2].Span);
            else _diagnostics.Add(DiagnosticBuilder.ExpectedSyntax(source, header[Math.Min(3, header.Length - 1)].Span, "`{` after the template's name and title", header[Math.Min(3, header.Length - 1)].Describe()));
        }

        var parameters = ImmutableArray.CreateBuilder<ParameterSyntax>();
        var allowances = ImmutableArray.CreateBuilder<AllowSyntax>();
        var lines = ImmutableArray.CreateBuilder<TemplateLineSyntax>();
        var blocks = new Stack<(string Keyword, string Name)>();
        var end = keyword.Span;
        var closed = false;
        while (_pos < _tokens.Count)
        {
            var line = ReadPhysicalLine();
            var first = line[0];
            var opens = line[^1].IsSymbol('{');
            var closes = line[^1].IsSymbol('}');
            var words = line[..(line.Length - (opens || closes ? 1 : 0))];
            if (line.Any(t => t.Kind == TokenKind.Bad)) { if (opens) blocks.Push(("?", "?")); else if (closes && blocks.Count > 0) blocks.Pop(); continue; }
            var misplaced = words.FirstOrDefault(t => t.IsSymbol('{') || t.IsSymbol('}'));
            if (misplaced.Text is not null)
            {
                _diagnostics.Add(DiagnosticBuilder.ExpectedSyntax(source, misplaced.Span, "one clause per line in a template (a brace only at the end of a line)", misplaced.Describe()));
                continue;
            }
            if (words.Length == 0 && closes && blocks.Count == 0)
            {
                end = first.Span;
                closed = true;
                break;
            }
            var block = blocks.Count > 0 ? blocks.Peek() : default;
            if (words.Length > 0 && first.IsWord("parameter") && !opens)
            {
                if (blocks.Count > 0) _diagnostics.Add(DiagnosticBuilder.ExpectedSyntax(source, first.Span, "a parameter at the template's level, outside sla and kpi blocks", "`parameter`"));
                else if (ParseParameter(words) is { } parameter) parameters.Add(parameter);
            }
            else if (words.Length > 0 && first.IsWord("allow") && !opens)
            {
                if (ParseAllow(words, blocks.Count > 0 ? block.Name : null) is { } allow) allowances.Add(allow);
            }
            else
            {
                var body = words.Length >= 3 && words[0].IsWord("clause") && words[1].Kind == TokenKind.String && words[2].IsSymbol(':') ? words[3..] : words;
                var kind = body.Length > 0 ? body[0].Text : "";
                var references = line.Where(t => t.Kind == TokenKind.Parameter).Select(t => new ParameterReferenceSyntax(t.Text, t.Span)).ToImmutableArray();
                var span = line[0].Span.Cover(line[^1].Span);
                if (opens)
                {
                    if (blocks.Count > 0 || kind is not ("sla" or "kpi" or "holidays") || body.Length < 2)
                        _diagnostics.Add(DiagnosticBuilder.UnexpectedBlock(source, line[^1].Span, blocks.Count > 0 ? $"the {block.Keyword} block" : "the contract"));
                    lines.Add(new TemplateLineSyntax(kind, body.Length >= 2 ? body[1].Text : null, kind, false, references, span));
                    blocks.Push((kind, body.Length >= 2 ? body[1].Text : "?"));
                }
                else
                {
                    // A clause ending in the template's own `}`: the line is the clause, the brace closes the template.
                    if (closes && blocks.Count == 0) span = line[0].Span.Cover(line[^2].Span);
                    lines.Add(new TemplateLineSyntax(kind, blocks.Count > 0 ? block.Name : null, blocks.Count > 0 ? block.Keyword : null, closes && blocks.Count > 0, references, span));
                    if (closes)
                    {
                        if (blocks.Count > 0) blocks.Pop();
                        else
                        {
                            end = line[^1].Span;
                            closed = true;
                            break;
                        }
                    }
                }
            }
        }
        if (!closed)
        {
            _diagnostics.Add(DiagnosticBuilder.MissingClosingBrace(source, keyword.Span, "the template"));
            end = _tokens.Count > 0 ? _tokens[^1].Span : keyword.Span;
        }
        if (name is null) return null;
        return new TemplateSyntax(name, title, parameters.ToImmutable(), allowances.ToImmutable(), lines.ToImmutable(), keyword.Span.Cover(end));
    }

    private Token[] ReadPhysicalLine()
    {
        var start = _pos;
        var line = _tokens[_pos].Line;
        while (_pos < _tokens.Count && _tokens[_pos].Line == line) _pos++;
        return _tokens.GetRange(start, _pos - start).ToArray();
    }

    /// <summary><c>parameter NAME TYPE [default V] {, at least V | , at most V}</c>.</summary>
    private ParameterSyntax? ParseParameter(Token[] line)
    {
        if (line.Length < 3 || line[1].Kind != TokenKind.Word)
            return Expected(line, 1, "the parameter's name");
        var name = new IdentifierSyntax(line[1].Text, line[1].Span);
        var i = 2;
        ParameterType type;
        var options = ImmutableArray.CreateBuilder<IdentifierSyntax>();
        if (line[i].IsWord("time") && i + 1 < line.Length && line[i + 1].IsWord("zone"))
        {
            type = ParameterType.TimeZone;
            i += 2;
        }
        else if (line[i].IsWord("one") && i + 1 < line.Length && line[i + 1].IsWord("of"))
        {
            type = ParameterType.Choice;
            i += 2;
            while (true)
            {
                if (i >= line.Length || line[i].Kind != TokenKind.Word) return Expected(line, i, "an option's name");
                options.Add(new IdentifierSyntax(line[i].Text, line[i].Span));
                i++;
                if (i < line.Length && line[i].IsWord("or")) i++;
                else break;
            }
        }
        else if (line[i].Kind == TokenKind.Word && TypeWords.TryGetValue(line[i].Text, out var simple))
        {
            type = simple;
            i++;
        }
        else return Expected(line, i, "a type (money, percent, duration, services, time zone, date, rounding or one of A or B)");

        ParameterValueSyntax? @default = null;
        if (i < line.Length && line[i].IsWord("default"))
        {
            var (value, next) = ValueUpToComma(line, i + 1);
            if (value is null) return Expected(line, i + 1, "the default value");
            @default = value;
            i = next;
        }
        var bounds = ImmutableArray.CreateBuilder<ParameterBoundSyntax>();
        while (i < line.Length)
        {
            if (!line[i].IsSymbol(',')) return Expected(line, i, @default is null && bounds.Count == 0 ? "`default`, ',' or the end of the line" : "',' or the end of the line");
            i++;
            if (i + 1 < line.Length && line[i].IsWord("at") && (line[i + 1].IsWord("least") || line[i + 1].IsWord("most")))
            {
                var op = line[i + 1].IsWord("least") ? ComparisonOperator.AtLeast : ComparisonOperator.AtMost;
                var (value, next) = ValueUpToComma(line, i + 2);
                if (value is null) return Expected(line, i + 2, "a bound's value");
                bounds.Add(new ParameterBoundSyntax(op, value, line[i].Span.Cover(value.Span)));
                i = next;
            }
            else return Expected(line, i, "`at least` or `at most`");
        }
        return new ParameterSyntax(name, type, options.ToImmutable(), @default, bounds.ToImmutable(), line[0].Span.Cover(line[^1].Span));
    }

    private (ParameterValueSyntax? Value, int Next) ValueUpToComma(Token[] line, int start)
    {
        var end = start;
        while (end < line.Length && !line[end].IsSymbol(',')) end++;
        if (end == start) return (null, start);
        var span = line[start].Span.Cover(line[end - 1].Span);
        return (new ParameterValueSyntax(source.GetText(span), span), end);
    }

    /// <summary><c>allow override of K [and K ...]</c> or <c>allow additional K [and K ...]</c>.</summary>
    private AllowSyntax? ParseAllow(Token[] line, string? block)
    {
        int i;
        AllowanceKind kind;
        if (line.Length >= 3 && line[1].IsWord("override") && line[2].IsWord("of")) (kind, i) = (AllowanceKind.Override, 3);
        else if (line.Length >= 2 && line[1].IsWord("additional")) (kind, i) = (AllowanceKind.Addition, 2);
        else
        {
            Expected(line, 1, "`override of` or `additional`");
            return null;
        }
        var kinds = ImmutableArray.CreateBuilder<IdentifierSyntax>();
        while (true)
        {
            if (i >= line.Length || line[i].Kind != TokenKind.Word)
            {
                Expected(line, i, "a clause kind such as credit, credits, exclude or guarantee");
                return null;
            }
            kinds.Add(new IdentifierSyntax(line[i].Text, line[i].Span));
            i++;
            if (i < line.Length && (line[i].IsWord("and") || line[i].IsSymbol(','))) i++;
            else if (i < line.Length)
            {
                Expected(line, i, "`and` or the end of the line");
                return null;
            }
            else break;
        }
        return new AllowSyntax(block, kind, kinds.ToImmutable(), line[0].Span.Cover(line[^1].Span));
    }

    private ParameterSyntax? Expected(Token[] line, int index, string what)
    {
        var (span, found) = index < line.Length ? (line[index].Span, line[index].Describe()) : (AfterLast(line), "the end of the line");
        _diagnostics.Add(DiagnosticBuilder.ExpectedSyntax(source, span, what, found));
        return null;
    }
}
