using System.Collections.Immutable;
using System.Text;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Formatting;

/// <summary>The formatted text, or the syntax errors that prevented formatting (then <see cref="Text"/> is null).</summary>
public sealed record FormatResult(string? Text, ImmutableArray<Diagnostic> Errors)
{
    public bool Succeeded => Text is not null;
}

/// <summary>
/// Rewrites a file into one canonical layout: 2-space indentation, one clause per line, canonical keyword forms and
/// spacing, numbers exactly as written, one blank line between top-level declarations, at most one blank line kept
/// between clauses. Every comment is kept: own-line comments before the clause they preceded, end-of-line comments at
/// the end of the line they were on. Idempotent. A file with syntax errors is not formatted: its errors are returned.
/// </summary>
public static class ContractFormatter
{
    public static FormatResult Format(SourceText source) => Format(ContractParser.Parse(source));

    /// <summary>Quoted text as a contract writes it (escapes for <c>"</c>, <c>\</c>, line breaks and tabs).</summary>
    public static string Quote(string value) => ClauseWriter.Str(new StringLiteralSyntax(value, default));

    public static FormatResult Format(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.HasErrors)
            return new FormatResult(null, parsed.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray());
        var writer = new LayoutWriter(parsed.Source, parsed.Comments);
        var first = true;
        foreach (var member in parsed.Root.Members)
        {
            if (!first) writer.BlankLine();
            first = false;
            switch (member)
            {
                case ContractSyntax c:
                    writer.Block($"contract {ClauseWriter.Str(c.Name)}", c.Span, c.Clauses, 0);
                    break;
                case TestSyntax t:
                    writer.Block($"test {ClauseWriter.Str(t.Name)} for {ClauseWriter.Str(t.ContractName)}", t.Span, t.Clauses, 0);
                    break;
                case InstanceSyntax i:
                    writer.Block($"contract {ClauseWriter.Str(i.Name)} from template {i.Template.Name}", i.Span,
                        [.. i.Settings.Cast<ClauseSyntax>().Concat(i.Clauses).Concat(i.Deviations).OrderBy(c => c.Span.Start)], 0);
                    break;
                case TemplateSyntax t:
                    writer.Template(t);
                    break;
                case AmendmentSyntax a:
                    writer.Block($"amendment of {ClauseWriter.Str(a.Contract)} effective {a.Effective.Value:yyyy-MM-dd}, " +
                        (a.SplitByDays ? "straddling windows split by days" : "new terms from the next window"), a.Span,
                        [.. a.Settings.Cast<ClauseSyntax>().Concat(a.Clauses).Concat(a.Deviations).OrderBy(c => c.Span.Start)], 0);
                    break;
            }
        }
        writer.FlushRemaining();
        return new FormatResult(writer.ToString(), ImmutableArray<Diagnostic>.Empty);
    }

    /// <summary>Emits lines and weaves the comments back in by source position.</summary>
    private sealed class LayoutWriter(SourceText source, ImmutableArray<CommentTrivia> comments)
    {
        private readonly StringBuilder _out = new();
        private int _nextComment;
        private int _lastSourceLine;
        private bool _afterOpen = true;
        private int _indent;

        public void BlankLine()
        {
            if (_out.Length > 0) _out.Append('\n');
            _afterOpen = true;
        }

        public void Block(string header, SourceSpan span, ImmutableArray<ClauseSyntax> clauses, int indent)
        {
            _indent = indent;
            Line(header + " {", span.Start);
            _afterOpen = true;
            foreach (var clause in clauses)
            {
                switch (clause)
                {
                    case SlaSyntax s:
                        Block(Named("sla", s.Name, s.Title, s.Reference), s.Span, s.Clauses, indent + 1);
                        break;
                    case KpiSyntax k:
                        Block(Named("kpi", k.Name, k.Title, k.Reference), k.Span, k.Clauses, indent + 1);
                        break;
                    case HolidayCalendarSyntax h:
                        Block(Named("holidays", h.Name, h.Title, h.Reference), h.Span, h.Holidays.CastArray<ClauseSyntax>(), indent + 1);
                        break;
                    case DeviationSyntax d:
                        Block($"{(d.Kind == AllowanceKind.Override ? "override" : "add to")} {d.Keyword} {d.Block.Name}", d.Span, d.Clauses, indent + 1);
                        break;
                    default:
                        _indent = indent + 1;
                        Line(ClauseWriter.Clause(clause), ClauseStart(clause));
                        break;
                }
            }
            _indent = indent + 1;
            FlushCommentsBefore(span.End - 1, closing: true);
            _indent = indent;
            Line("}", span.End - 1, closing: true);
            _afterOpen = false;
        }

        /// <summary>
        /// A template: parameters and allowances in canonical form; its contract lines as written with spacing made
        /// single (they hold <c>$name</c> references, so they are not parsed as clauses here), indented by block depth.
        /// </summary>
        public void Template(TemplateSyntax template)
        {
            _indent = 0;
            Line($"template {template.Name.Name}" + (template.Title is null ? "" : " " + ClauseWriter.Str(template.Title)) + " {", template.Span.Start);
            _afterOpen = true;
            var depth = 1;
            var items = template.Parameters.Cast<SyntaxNode>().Concat(template.Allowances).Concat(template.Lines).OrderBy(n => n.Span.Start);
            foreach (var item in items)
            {
                switch (item)
                {
                    case TemplateLineSyntax line:
                        var text = ClauseWriter.SingleSpaced(source.GetText(line.Span));
                        if (text == "}") depth--;
                        _indent = depth;
                        Line(text, line.Span.Start, closing: text == "}");
                        if (text.EndsWith('{')) depth++;
                        else if (line.ClosesBlock && text != "}") depth--;
                        break;
                    case ClauseSyntax clause:
                        _indent = depth;
                        Line(ClauseWriter.Clause(clause), clause.Span.Start);
                        break;
                }
            }
            _indent = 1;
            FlushCommentsBefore(template.Span.End - 1, closing: true);
            _indent = 0;
            Line("}", template.Span.End - 1, closing: true);
            _afterOpen = false;
        }

        private static string Named(string keyword, IdentifierSyntax name, StringLiteralSyntax? title, ClauseReferenceSyntax? reference) =>
            $"{keyword} {name.Name}" + (title is null ? "" : " " + ClauseWriter.Str(title));

        private static int ClauseStart(ClauseSyntax clause) => clause.Reference is { } r ? Math.Min(r.Span.Start, clause.Span.Start) : clause.Span.Start;

        private void Line(string text, int sourceStart, bool closing = false)
        {
            FlushCommentsBefore(sourceStart, closing);
            var line = source.GetPosition(Math.Min(sourceStart, source.Text.Length)).Line;
            KeepBlankLine(line, closing);
            Indent();
            _out.Append(text);
            // End-of-line comments on this source line stay at the end of this output line.
            while (_nextComment < comments.Length && !comments[_nextComment].IsOwnLine &&
                   source.GetPosition(comments[_nextComment].Span.Start).Line == line)
            {
                _out.Append("  ").Append(comments[_nextComment].Text.TrimEnd());
                _nextComment++;
            }
            _out.Append('\n');
            _lastSourceLine = line;
            _afterOpen = text.EndsWith('{');
        }

        private void FlushCommentsBefore(int sourceStart, bool closing)
        {
            while (_nextComment < comments.Length && comments[_nextComment].Span.Start < sourceStart)
            {
                var comment = comments[_nextComment];
                var line = source.GetPosition(comment.Span.Start).Line;
                KeepBlankLine(line, closing: false);
                Indent();
                _out.Append(comment.Text.TrimEnd()).Append('\n');
                _lastSourceLine = line;
                _nextComment++;
                _afterOpen = false;
            }
        }

        /// <summary>One blank line where the source had at least one, except right after `{` and right before `}`.</summary>
        private void KeepBlankLine(int line, bool closing)
        {
            if (!_afterOpen && !closing && _lastSourceLine > 0 && line - _lastSourceLine >= 2) _out.Append('\n');
        }

        private void Indent() => _out.Append(' ', _indent * 2);

        public void FlushRemaining()
        {
            _indent = 0;
            FlushCommentsBefore(int.MaxValue, closing: false);
        }

        public override string ToString() => _out.ToString();
    }
}
