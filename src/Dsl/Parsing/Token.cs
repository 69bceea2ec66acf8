using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Parsing;

internal enum TokenKind
{
    /// <summary>Letter, then letters, digits, <c>-</c> and <c>_</c>: keywords (contextual) and identifiers.</summary>
    Word,
    /// <summary>Digits with an optional fraction: <c>99.95</c>.</summary>
    Number,
    /// <summary>Quoted text; <see cref="Token.Text"/> is the unescaped value.</summary>
    String,
    /// <summary><c>2026-01-01</c>.</summary>
    Date,
    /// <summary><c>2026-11-10T09:00-05:00</c>.</summary>
    Instant,
    /// <summary><c>2026-11</c> or <c>2026-Q4</c>.</summary>
    Period,
    /// <summary><c>08:00</c>.</summary>
    Time,
    /// <summary>One punctuation character: <c>{ } % , : = - ( )</c>.</summary>
    Symbol,
    /// <summary><c>$fee</c>: a template parameter reference; <see cref="Token.Text"/> is the name without <c>$</c>.</summary>
    Parameter,
    /// <summary>Something the lexer already reported; clauses containing one are skipped without a second error.</summary>
    Bad,
}

/// <summary>One lexical token. <see cref="Line"/> is 0-based and is how clauses are split (one clause per line).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, SourceSpan Span, int Line)
{
    public bool IsWord(string word) => Kind == TokenKind.Word && Text == word;

    public bool IsSymbol(char c) => Kind == TokenKind.Symbol && Text.Length == 1 && Text[0] == c;

    /// <summary>How an error message names this token.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.String => $"\"{Text}\"",
        TokenKind.Symbol => $"'{Text}'",
        TokenKind.Parameter => $"`${Text}`",
        _ => $"`{Text}`",
    };
}
