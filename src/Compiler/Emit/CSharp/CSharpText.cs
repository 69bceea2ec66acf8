using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NodaTime;

namespace SlaKpiDsl.Compiler.Emit.CSharp;

/// <summary>
/// The only way contract-derived text reaches generated C#. Invariants: <see cref="Literal(string)"/> returns a C#
/// string literal produced by Roslyn's own escaper that evaluates to exactly the input (lone surrogates included);
/// <see cref="Identifier"/> returns a valid, non-keyword, non-contextual-keyword C# identifier that is a pure,
/// deterministic function of the input and distinct for distinct inputs (up to a 64-bit hash collision, which
/// <see cref="IdentifierScope"/> detects); <see cref="Comment"/> returns one line of <c>//</c> comment that no input can
/// end early, and in which no bidirectional-control character survives (Trojan Source, CVE-2021-42574).
/// </summary>
public static class CSharpText
{
    private const int MaxReadablePart = 32;

    /// <summary>A C# string literal (with quotes) whose value is exactly <paramref name="value"/>.</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Roslyn escapes quotes, backslashes, control and separator characters and lone surrogates.
        var literal = SymbolDisplay.FormatLiteral(value, quote: true);
        // Roslyn leaves format characters (bidi controls) printable inside strings; escape them so a reviewer sees them.
        return EscapeFormatCharacters(literal);
    }

    /// <summary>An exact C# decimal literal, scale preserved (<c>12.50m</c> stays <c>12.50m</c>), negatives parenthesised.</summary>
    public static string Literal(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        var roundTrip = decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
        if (roundTrip != value || roundTrip.Scale != value.Scale)
            throw new InvalidOperationException($"decimal {text} does not round-trip through invariant text");
        return value < 0 || (value == 0 && text.StartsWith('-')) ? $"({text}m)" : text + "m";
    }

    /// <summary>A C# long literal, negatives parenthesised (long.MinValue included).</summary>
    public static string Literal(long value) =>
        value < 0 ? $"({value.ToString(CultureInfo.InvariantCulture)}L)" : value.ToString(CultureInfo.InvariantCulture) + "L";

    /// <summary>A C# int literal, negatives parenthesised.</summary>
    public static string Literal(int value) =>
        value < 0 ? $"({value.ToString(CultureInfo.InvariantCulture)})" : value.ToString(CultureInfo.InvariantCulture);

    public static string Literal(bool value) => value ? "true" : "false";

    /// <summary>An instant as exact Unix ticks. Sub-tick instants are a bug upstream (contracts have second precision).</summary>
    public static string Literal(Instant value)
    {
        var ticks = value.ToUnixTimeTicks();
        if (Instant.FromUnixTimeTicks(ticks) != value)
            throw new ArgumentException($"instant {value} has sub-tick precision and cannot be emitted exactly", nameof(value));
        return $"global::NodaTime.Instant.FromUnixTimeTicks({Literal(ticks)})";
    }

    /// <summary>A duration as exact ticks. Sub-tick durations are a bug upstream.</summary>
    public static string Literal(Duration value)
    {
        var ticks = value.BclCompatibleTicks;
        if (Duration.FromTicks(ticks) != value)
            throw new ArgumentException($"duration {value} has sub-tick precision and cannot be emitted exactly", nameof(value));
        return $"global::NodaTime.Duration.FromTicks({Literal(ticks)})";
    }

    /// <summary>
    /// A valid C# identifier for a contract name: its ASCII letters and digits (other runs become one <c>_</c>, at most
    /// 32 characters, <c>N</c> prefixed when it would not start with a letter) then <c>_</c> and 16 hex digits of the
    /// SHA-256 of the name's UTF-16 code units. The hex suffix means it is never a keyword and never starts with
    /// <c>__</c>; hashing code units (not UTF-8) keeps lone surrogates distinct from U+FFFD.
    /// </summary>
    public static string Identifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var readable = new StringBuilder();
        var pendingSeparator = false;
        foreach (var c in name)
        {
            if (readable.Length >= MaxReadablePart) break;
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingSeparator && readable.Length > 0) readable.Append('_');
                pendingSeparator = false;
                readable.Append(c);
            }
            else
            {
                pendingSeparator = true;
            }
        }
        if (readable.Length == 0 || !char.IsAsciiLetter(readable[0])) readable.Insert(0, 'N');
        var hash = SHA256.HashData(MemoryMarshal.AsBytes(name.AsSpan()));
        var identifier = $"{readable}_{Convert.ToHexStringLower(hash, 0, 8)}";
        if (!SyntaxFacts.IsValidIdentifier(identifier)
            || SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None
            || SyntaxFacts.GetContextualKeywordKind(identifier) != SyntaxKind.None)
            throw new InvalidOperationException($"mangled identifier '{identifier}' is not a valid C# identifier");
        return identifier;
    }

    /// <summary>
    /// One line comment <c>// text</c>. New-line characters C# recognises (CR, LF, U+0085, U+2028, U+2029) become
    /// spaces; bidi controls, other control and format characters and lone surrogates become visible <c>&lt;U+XXXX&gt;</c>.
    /// </summary>
    public static string Comment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder("// ", text.Length + 3);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029')
            {
                sb.Append(' ');
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c) || IsBidiControl(c) || char.IsControl(c)
                     || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<U+{(int)c:X4}>");
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>U+061C, U+200E/F, U+202A-202E, U+2066-2069: the characters that reorder displayed source.</summary>
    public static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string EscapeFormatCharacters(string literal)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < literal.Length; i++)
        {
            var c = literal[i];
            var escape = IsBidiControl(c) || (!char.IsSurrogate(c) && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);
            if (escape)
            {
                sb ??= new StringBuilder(literal, 0, i, literal.Length + 16);
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                sb?.Append(c);
            }
        }
        return sb?.ToString() ?? literal;
    }
}
