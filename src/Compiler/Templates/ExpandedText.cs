using System.Text;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Compiler.Templates;

/// <summary>Where a diagnostic of an expanded contract belongs, and whether the template's own text caused it.</summary>
internal readonly record struct MappedDiagnostic(Diagnostic Diagnostic, bool InTemplateText, bool InValue)
{
    /// <summary>Located at text the expander wrote (the contract's header line or a brace): mapped to the order form's name.</summary>
    public bool InHeader => !InTemplateText && !InValue;
}

/// <summary>
/// The text of a contract made from a template, built piece by piece, and where each piece came from: text copied from
/// a file (a template line, an order form's clause: mapped character by character) or a value standing for a reference
/// or a cell (mapped to the whole of the value's origin). Pieces written by the expander itself (the contract's header
/// line, braces) map to the order form's name. Invariant: pieces are appended in order and never overlap.
/// </summary>
internal sealed class ExpandedText(SourceText template, SourceText fallbackSource, SourceSpan fallbackSpan)
{
    private readonly record struct Piece(int Start, int Length, SourceText Origin, int OriginStart, SourceSpan? Whole);

    private readonly StringBuilder _text = new();
    private readonly List<Piece> _pieces = [];

    public void Synthetic(string text) => _text.Append(text);

    /// <summary>Copies <paramref name="span"/> of <paramref name="origin"/>; positions inside it map back exactly.</summary>
    public void Copy(SourceText origin, SourceSpan span)
    {
        if (span.Length == 0) return;
        _pieces.Add(new Piece(_text.Length, span.Length, origin, span.Start, null));
        _text.Append(origin.Text, span.Start, span.Length);
    }

    /// <summary>Writes a value's text; any position inside it maps to the whole of <paramref name="span"/> in <paramref name="origin"/>.</summary>
    public void Value(string text, SourceText origin, SourceSpan span)
    {
        if (text.Length == 0) return;
        _pieces.Add(new Piece(_text.Length, text.Length, origin, span.Start, span));
        _text.Append(text);
    }

    public SourceText ToSource(string path) => new(path, _text.ToString());

    public MappedDiagnostic Map(Diagnostic diagnostic)
    {
        var start = diagnostic.Span.Start;
        var index = _pieces.FindLastIndex(p => p.Start <= start);
        if (index < 0 || (start >= _pieces[index].Start + _pieces[index].Length && !(start == _pieces[index].Start + _pieces[index].Length && diagnostic.Span.Length == 0)))
            return new(diagnostic with { Source = fallbackSource, Span = fallbackSpan }, false, false);
        var piece = _pieces[index];
        if (piece.Whole is { } whole) return new(diagnostic with { Source = piece.Origin, Span = whole }, false, true);
        // A finding about a whole clause (`time zone $zone`) whose only value is the one written there belongs to that value.
        var end = diagnostic.Span.End;
        var inside = _pieces.Skip(index).TakeWhile(p => p.Start < end).Where(p => p.Whole is not null && p.Start + p.Length <= end).ToList();
        if (inside.Count == 1) return new(diagnostic with { Source = inside[0].Origin, Span = inside[0].Whole!.Value }, false, true);
        var offset = piece.OriginStart + (start - piece.Start);
        var length = Math.Min(diagnostic.Span.Length, piece.Start + piece.Length - start);
        return new(diagnostic with { Source = piece.Origin, Span = new SourceSpan(offset, Math.Max(0, length)) }, ReferenceEquals(piece.Origin, template), false);
    }
}
