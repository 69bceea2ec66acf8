using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Diagnostics;

/// <summary>
/// The one catalogue of diagnostic codes: one method per code, call sites never invent codes, and a test asserts
/// that codes are unique. Ranges: SLA0001-SLA0099 syntax errors (parser), SLA0100-SLA0999 semantic errors (binder,
/// checks), SLA1000-SLA1999 lint warnings (one rule a file under Compiler/Rules), SLA9000-SLA9999 internal failures
/// (compiler bugs). A code, once published, never changes meaning.
/// </summary>
public static partial class DiagnosticBuilder
{
    private static Diagnostic Error(SourceText source, SourceSpan span, string code, string message) =>
        new(source, span, DiagnosticSeverity.Error, code, message);

    private static Diagnostic Warning(SourceText source, SourceSpan span, string code, string message) =>
        new(source, span, DiagnosticSeverity.Warning, code, message);

    // ---------------------------------------------------------------------------------------------------------
    // Syntax errors, SLA0001-SLA0099 (src/Dsl/Parsing). Keep this region's methods together and in code order.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>SLA0001: a character that cannot start any token.</summary>
    public static Diagnostic UnexpectedCharacter(SourceText source, SourceSpan span, char c) =>
        Error(source, span, "SLA0001", $"unexpected character '{c}'; a clause is made of words, numbers like 99.9%, dates like 2026-01-01 and \"quoted text\"");

    /// <summary>SLA0002: a string without its closing quote on the same line.</summary>
    public static Diagnostic UnterminatedString(SourceText source, SourceSpan span) =>
        Error(source, span, "SLA0002", "unterminated text: add the closing \" before the end of the line");

    /// <summary>SLA0003: a clause does not continue as the language allows.</summary>
    public static Diagnostic ExpectedSyntax(SourceText source, SourceSpan span, string expected, string found) =>
        Error(source, span, "SLA0003", $"expected {expected}, found {found}");

    /// <summary>SLA0004: a line starts with a word that is no clause in this block.</summary>
    public static Diagnostic UnknownClause(SourceText source, SourceSpan span, string word, string block, string allowed) =>
        Error(source, span, "SLA0004", $"unknown clause `{word}` in {block}; expected one of: {allowed}");

    /// <summary>SLA0005: the file ends inside a block.</summary>
    public static Diagnostic MissingClosingBrace(SourceText source, SourceSpan span, string block) =>
        Error(source, span, "SLA0005", $"missing `}}` to close {block} opened here");

    /// <summary>SLA0006: a date, time or instant literal that is not a real calendar value.</summary>
    public static Diagnostic InvalidDateTime(SourceText source, SourceSpan span, string text, string reason) =>
        Error(source, span, "SLA0006", $"'{text}' is not a valid date or time: {reason}");

    /// <summary>SLA0007: a closing brace without an open block.</summary>
    public static Diagnostic UnexpectedClosingBrace(SourceText source, SourceSpan span) =>
        Error(source, span, "SLA0007", "unexpected `}`: no block is open here");

    /// <summary>SLA0008: an unknown backslash escape inside quoted text.</summary>
    public static Diagnostic InvalidEscape(SourceText source, SourceSpan span, char c) =>
        Error(source, span, "SLA0008", $"unknown escape '\\{c}' in quoted text; use \\\" \\\\ \\n or \\t");

    /// <summary>SLA0009: a number too large or too precise for exact decimal arithmetic.</summary>
    public static Diagnostic NumberOutOfRange(SourceText source, SourceSpan span, string text) =>
        Error(source, span, "SLA0009", $"the number {text} is too large or has too many digits to be represented exactly");

    /// <summary>SLA0010: something other than a contract or test at the top of a file.</summary>
    public static Diagnostic ExpectedTopLevel(SourceText source, SourceSpan span, string found) =>
        Error(source, span, "SLA0010", $"expected `contract \"Name\" {{` or `test \"name\" for \"Contract\" {{` at the top level, found {found}");

    /// <summary>SLA0011: a block header (contract, test, sla, kpi, holidays) not followed by `{` on its line.</summary>
    public static Diagnostic ExpectedOpenBrace(SourceText source, SourceSpan span, string block) =>
        Error(source, span, "SLA0011", $"expected `{{` at the end of the line to open {block}");

    /// <summary>SLA0012: a block opened where blocks are not allowed (e.g. `{` after a guarantee).</summary>
    public static Diagnostic UnexpectedBlock(SourceText source, SourceSpan span, string block) =>
        Error(source, span, "SLA0012", block == "the contract"
            ? "a block cannot be opened here: inside a contract only `sla`, `kpi` and `holidays` open blocks"
            : $"a block cannot be opened inside {block}: write one clause per line");

    // (end of syntax errors)



    // ---------------------------------------------------------------------------------------------------------
    // Semantic errors, SLA0100-SLA0999 (src/Compiler/Semantics). Keep this region's methods together and in code order.
    // ---------------------------------------------------------------------------------------------------------

    // (end of semantic errors)



    // ---------------------------------------------------------------------------------------------------------
    // Lint warnings, SLA1000-SLA1999 (src/Compiler/Rules, one rule a file).
    // ---------------------------------------------------------------------------------------------------------

    // (end of lint warnings)



    // ---------------------------------------------------------------------------------------------------------
    // Internal failures, SLA9000-SLA9999: always a bug in this tool, never in the contract.
    // ---------------------------------------------------------------------------------------------------------

    // (end of internal failures)
}
