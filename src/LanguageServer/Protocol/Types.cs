using System.Text.Json.Serialization;

namespace SlaKpiDsl.LanguageServer.Protocol;

// The LSP 3.17 structures this server sends, as records (camelCase JSON, nulls left out). Only what is used is here.

/// <summary>A zero-based line and UTF-16 character offset in it (LSP's default position encoding).</summary>
public sealed record Position(int Line, int Character);

/// <summary>Half-open [Start, End).</summary>
public sealed record Range(Position Start, Position End);

public sealed record Location(string Uri, Range Range);

/// <summary>Severity: 1 error, 2 warning, 3 information, 4 hint.</summary>
public sealed record LspDiagnostic(Range Range, int Severity, string Code, string Source, string Message);

public sealed record PublishDiagnosticsParams(string Uri, int? Version, IReadOnlyList<LspDiagnostic> Diagnostics);

public sealed record TextEdit(Range Range, string NewText);

public sealed record WorkspaceEdit(IReadOnlyDictionary<string, IReadOnlyList<TextEdit>> Changes);

/// <summary>Kinds used: 14 keyword, 6 variable, 7 class, 9 module, 12 value, 13 enum, 21 constant, 15 snippet.</summary>
public sealed record CompletionItem(string Label, int Kind, string? Detail = null)
{
    public string? InsertText { get; init; }
    public string? SortText { get; init; }
}

public sealed record CompletionList(bool IsIncomplete, IReadOnlyList<CompletionItem> Items);

public sealed record MarkupContent(string Kind, string Value);

public sealed record Hover(MarkupContent Contents, Range? Range);

/// <summary>Kinds used: 2 module (contract), 5 class (sla), 13 variable (kpi), 12 function (service), 23 struct (calendar), 24 event (test).</summary>
public sealed record DocumentSymbol(string Name, string? Detail, int Kind, Range Range, Range SelectionRange, IReadOnlyList<DocumentSymbol>? Children);

public sealed record FoldingRange(int StartLine, int EndLine, string? Kind = null);

public sealed record CodeAction(string Title, string Kind, IReadOnlyList<LspDiagnostic> Diagnostics, WorkspaceEdit Edit)
{
    public bool IsPreferred { get; init; }
}

public sealed record SemanticTokens(IReadOnlyList<int> Data);

public sealed record ResponseError(int Code, string Message);

/// <summary>JSON-RPC and LSP error codes.</summary>
public static class ErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int RequestFailed = -32803;
}

/// <summary>A request the server refuses with a protocol error (bad params, a position outside the document).</summary>
public sealed class ProtocolException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

