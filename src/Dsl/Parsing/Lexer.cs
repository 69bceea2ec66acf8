using System.Collections.Immutable;
using System.Globalization;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Parsing;

/// <summary>
/// Splits a file into tokens and comments. Hand-written because the token shapes overlap (<c>2026-11</c> is a period,
/// <c>1-2</c> a range, <c>Mon-Fri</c> a word) and because it must never fail: bad characters become <see cref="TokenKind.Bad"/>
/// tokens with one diagnostic each, and lexing continues.
/// </summary>
internal sealed class Lexer(SourceText source, List<Diagnostic> diagnostics)
{
    private readonly string _text = source.Text;
    private int _pos;
    private int _line;
    private bool _lineHasToken;

    public (List<Token> Tokens, ImmutableArray<CommentTrivia> Comments) Run()
    {
        var tokens = new List<Token>(_text.Length / 5);
        var comments = ImmutableArray.CreateBuilder<CommentTrivia>();
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (TextCharacters.IsLineBreak(c))
            {
                // LF, CR LF, lone CR, NEL, U+2028 and U+2029 each end a line, as in SourceText and in editors.
                _pos += TextCharacters.LineBreakLength(_text, _pos);
                _line++;
                _lineHasToken = false;
                continue;
            }
            if (c is ' ' or '\t' or '\f' or '\v' or '\uFEFF')
            {
                _pos++;
                continue;
            }
            if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                var start = _pos;
                while (_pos < _text.Length && !TextCharacters.IsLineBreak(_text[_pos]))
                {
                    if (TextCharacters.IsHidden(_text[_pos])) diagnostics.Add(DiagnosticBuilder.HiddenCharacter(source, new SourceSpan(_pos, 1), _text[_pos], inComment: true));
                    _pos++;
                }
                comments.Add(new CommentTrivia(_text[start.._pos], SourceSpan.FromBounds(start, _pos), !_lineHasToken));
                continue;
            }
            _lineHasToken = true;
            if (c == '"') tokens.Add(LexString());
            else if (char.IsAsciiDigit(c)) tokens.Add(LexNumeric());
            else if (char.IsLetter(c)) tokens.Add(LexWord());
            else if (c == '$' && _pos + 1 < _text.Length && char.IsLetter(_text[_pos + 1]))
            {
                // `$fee`: a template parameter; the word after `$` is its name (Text), the span covers the `$`.
                var start = _pos++;
                var word = LexWord();
                tokens.Add(new Token(TokenKind.Parameter, word.Text, SourceSpan.FromBounds(start, _pos), _line));
            }
            else if (c is '{' or '}' or '%' or ',' or ':' or '=' or '-' or '(' or ')')
            {
                tokens.Add(new Token(TokenKind.Symbol, c.ToString(), new SourceSpan(_pos, 1), _line));
                _pos++;
            }
            else
            {
                var span = new SourceSpan(_pos, char.IsSurrogatePair(_text, _pos) ? 2 : 1);
                diagnostics.Add(DiagnosticBuilder.UnexpectedCharacter(source, span, c));
                tokens.Add(new Token(TokenKind.Bad, _text.Substring(_pos, span.Length), span, _line));
                _pos += span.Length;
            }
        }
        return (tokens, comments.ToImmutable());
    }

    private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private bool DigitAt(int index) => index < _text.Length && char.IsAsciiDigit(_text[index]);

    private Token LexWord()
    {
        var start = _pos;
        _pos++;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-'))
        {
            // A trailing '-' not followed by a word character is punctuation, not part of the word.
            if (_text[_pos] == '-' && !(_pos + 1 < _text.Length && (char.IsLetterOrDigit(_text[_pos + 1]) || _text[_pos + 1] == '_'))) break;
            _pos++;
        }
        return new Token(TokenKind.Word, _text[start.._pos], SourceSpan.FromBounds(start, _pos), _line);
    }

    private Token LexString()
    {
        var start = _pos;
        _pos++;
        var value = new System.Text.StringBuilder();
        var bad = false;
        while (true)
        {
            if (_pos >= _text.Length || TextCharacters.IsLineBreak(_text[_pos]))
            {
                var span = SourceSpan.FromBounds(start, _pos);
                diagnostics.Add(DiagnosticBuilder.UnterminatedString(source, span));
                return new Token(TokenKind.Bad, _text[start.._pos], span, _line);
            }
            var c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                break;
            }
            if (c == '\\')
            {
                var e = Peek(1);
                switch (e)
                {
                    case '"': value.Append('"'); break;
                    case '\\': value.Append('\\'); break;
                    case 'n': value.Append('\n'); break;
                    case 't': value.Append('\t'); break;
                    default:
                        var ends = e == '\0' || TextCharacters.IsLineBreak(e);
                        diagnostics.Add(DiagnosticBuilder.InvalidEscape(source, new SourceSpan(_pos, ends ? 1 : 2), TextCharacters.IsHidden(e) ? '?' : e));
                        bad = true;
                        break;
                }
                _pos += e == '\0' || TextCharacters.IsLineBreak(e) ? 1 : 2;
                continue;
            }
            if (TextCharacters.IsHidden(c))
            {
                diagnostics.Add(DiagnosticBuilder.HiddenCharacter(source, new SourceSpan(_pos, 1), c, inComment: false));
                bad = true;
                _pos++;
                continue;
            }
            value.Append(c);
            _pos++;
        }
        var whole = SourceSpan.FromBounds(start, _pos);
        return bad ? new Token(TokenKind.Bad, _text[start.._pos], whole, _line) : new Token(TokenKind.String, value.ToString(), whole, _line);
    }

    private Token LexNumeric()
    {
        var start = _pos;
        while (DigitAt(_pos)) _pos++;
        var digits = _pos - start;

        if (digits == 4 && Peek(0) == '-' && DigitAt(_pos + 1) && DigitAt(_pos + 2) && !DigitAt(_pos + 3))
            return LexDateLike(start);
        if (digits == 4 && Peek(0) == '-' && Peek(1) == 'Q' && DigitAt(_pos + 2) && !DigitAt(_pos + 3))
        {
            _pos += 3;
            var q = _text[_pos - 1] - '0';
            return q is >= 1 and <= 4
                ? Make(TokenKind.Period, start)
                : Invalid(start, "a quarter is Q1 to Q4");
        }
        if (digits <= 2 && Peek(0) == ':' && DigitAt(_pos + 1) && DigitAt(_pos + 2) && !DigitAt(_pos + 3))
        {
            _pos += 3;
            var hours = int.Parse(_text.AsSpan(start, digits), CultureInfo.InvariantCulture);
            var minutes = int.Parse(_text.AsSpan(_pos - 2, 2), CultureInfo.InvariantCulture);
            return minutes < 60 && (hours < 24 || (hours == 24 && minutes == 0))
                ? Make(TokenKind.Time, start)
                : Invalid(start, "hours run 00-24 and minutes 00-59");
        }
        if (Peek(0) == '.' && DigitAt(_pos + 1))
        {
            _pos++;
            while (DigitAt(_pos)) _pos++;
        }
        var token = Make(TokenKind.Number, start);
        if (!decimal.TryParse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) || token.Text.Length > 28)
        {
            diagnostics.Add(DiagnosticBuilder.NumberOutOfRange(source, token.Span, token.Text));
            return token with { Kind = TokenKind.Bad };
        }
        return token;
    }

    /// <summary>After <c>YYYY</c> with <c>-MM</c> ahead: a period, a date or an instant.</summary>
    private Token LexDateLike(int start)
    {
        _pos += 3; // -MM
        if (!(Peek(0) == '-' && DigitAt(_pos + 1) && DigitAt(_pos + 2) && !DigitAt(_pos + 3)))
        {
            var month = int.Parse(_text.AsSpan(_pos - 2, 2), CultureInfo.InvariantCulture);
            return month is >= 1 and <= 12 ? Make(TokenKind.Period, start) : Invalid(start, "a month is 01 to 12");
        }
        _pos += 3; // -DD
        if (!DateOnly.TryParseExact(_text.AsSpan(start, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            return Invalid(start, "no such calendar day");
        if (Peek(0) != 'T') return Make(TokenKind.Date, start);

        _pos++;
        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] is ':' or '.')) _pos++;
        if (Peek(0) == 'Z') _pos++;
        else if (Peek(0) is '+' or '-' && DigitAt(_pos + 1) && DigitAt(_pos + 2) && Peek(3) == ':' && DigitAt(_pos + 4) && DigitAt(_pos + 5)) _pos += 6;
        else return Invalid(start, "an instant needs an offset such as -05:00, +01:00 or Z (a local time is ambiguous across DST)");
        var text = _text[start.._pos];
        string[] formats = ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
        return DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? Make(TokenKind.Instant, start)
            : Invalid(start, "expected an instant like 2026-11-10T09:00-05:00");
    }

    private Token Make(TokenKind kind, int start) => new(kind, _text[start.._pos], SourceSpan.FromBounds(start, _pos), _line);

    private Token Invalid(int start, string reason)
    {
        // Swallow the rest of the literal so one bad date gives one error.
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is ':' or '.' or '+')) _pos++;
        var token = Make(TokenKind.Bad, start);
        diagnostics.Add(DiagnosticBuilder.InvalidDateTime(source, token.Span, token.Text, reason));
        return token;
    }
}
