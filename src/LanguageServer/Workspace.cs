using System.Collections.Immutable;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.LanguageServer.Protocol;
using SlaKpiDsl.Pipeline;

namespace SlaKpiDsl.LanguageServer;

/// <summary>
/// An open document as the editor last sent it, checked. <see cref="TooLarge"/> documents are kept but not checked:
/// requests on them are refused with a protocol error.
/// </summary>
public sealed class OpenDocument
{
    public OpenDocument(string uri, string path, string displayPath, int version, string text)
    {
        Uri = uri;
        Path = path;
        DisplayPath = displayPath;
        Version = version;
        Text = text;
        Lines = new LineMap(text);
    }

    public string Uri { get; }
    public string Path { get; }
    /// <summary>The path as <c>sla check</c> run from the workspace root prints it (relative inside the root).</summary>
    public string DisplayPath { get; }
    public int Version { get; }
    public string Text { get; }
    public LineMap Lines { get; }
    public bool TooLarge => Text.Length > Workspace.MaxDocumentLength;
    public bool IsTestFile => Path.EndsWith(ScenarioTests.TestFileExtension, StringComparison.Ordinal);

    /// <summary>The last check (null until checked, or when too large) and its diagnostics, cross-file ones included.</summary>
    public CheckResult? Check { get; set; }
    public ImmutableArray<Diagnostic> Diagnostics { get; set; } = [];
    public SyntaxIndex? Index { get; set; }

    /// <summary>The model of the last text that bound (kept while the user types a broken line, for completion and hover).</summary>
    public BoundDocument? LastModel { get; set; }
}

/// <summary>
/// The open documents and the contract files beside them. Cross-file checks are those of <c>sla test</c> on a folder:
/// a <c>.sla-test</c> file binds against the contracts of the <c>.sla</c> files in its folder, and a contract name
/// defined in two <c>.sla</c> files of one folder is SLA0128 at the later file (in path order). A file not open is read
/// from disk and its check cached until it changes; an open document's text wins over the disk.
/// </summary>
public sealed class Workspace
{
    /// <summary>2 MiB of text: hundreds of times the largest example; above it the server refuses the document (protocol error on requests).</summary>
    public const int MaxDocumentLength = 2 * 1024 * 1024;

    private readonly Dictionary<string, OpenDocument> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTime Stamp, long Length, CheckResult Result)> _closed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTime Stamp, long Length, IndexedFile File)> _closedIndex = new(StringComparer.Ordinal);

    public string? Root { get; set; }

    public IEnumerable<OpenDocument> Documents => _open.Values;

    public OpenDocument? Find(string uri) => _open.GetValueOrDefault(uri);

    public OpenDocument Open(string uri, int version, string text)
    {
        var path = PathOf(uri);
        var document = new OpenDocument(uri, path, DisplayPathOf(path), version, text) { LastModel = _open.GetValueOrDefault(uri)?.LastModel };
        _open[uri] = document;
        return document;
    }

    public void Close(string uri) => _open.Remove(uri);

    /// <summary>Checks a document with its cross-file context; returns the other open documents whose diagnostics may have changed.</summary>
    public IReadOnlyList<OpenDocument> Recheck(OpenDocument document)
    {
        CheckOne(document);
        if (document.IsTestFile) return [];
        // A contract changed: the test files and contracts of its folder see it.
        var folder = System.IO.Path.GetDirectoryName(document.Path);
        var affected = _open.Values.Where(d => d != document && !d.TooLarge && System.IO.Path.GetDirectoryName(d.Path) == folder).ToList();
        foreach (var other in affected) CheckOne(other);
        return affected;
    }

    private void CheckOne(OpenDocument document)
    {
        if (document.TooLarge)
        {
            document.Check = null;
            document.Index = null;
            document.Diagnostics = [];
            return;
        }
        var source = new SourceText(document.DisplayPath, document.Text);
        var folder = System.IO.Path.GetDirectoryName(document.Path) ?? ".";
        CheckResult result;
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        if (document.IsTestFile)
        {
            IReadOnlyList<BoundContract> beside = [.. ContractsOfFolder(folder).Where(c => !c.Result.HasErrors && c.Result.Model is not null).SelectMany(c => c.Result.Model!.Contracts)];
            result = ContractChecker.Check(source, beside);
            diagnostics.AddRange(result.Diagnostics);
        }
        else
        {
            // An order form may use a template declared in another file of its folder: the folder's templates form one
            // library, as TemplateChecking makes it for sla check.
            result = ContractChecker.Check(source, [], TemplatesOfFolder(folder, document));
            // Only this document's own: a finding located in another file (an amendment's, a template's) is that file's.
            diagnostics.AddRange(result.Diagnostics.Where(d => d.Source.Path == source.Path));
            var contracts = ContractsOfFolder(folder, document, result)
                .Where(c => !c.Result.HasErrors && c.Result.Model is not null)
                .SelectMany(c => c.Result.Model!.Contracts.Select(k => new CheckedContract(k, c.Result.Parse.Source, ContractSources.NameSpan(c.Result, k))))
                .ToList();
            foreach (var problem in ContractSources.DefinedTwice(contracts))
            {
                if (problem.Diagnostic is { } d && d.Source.Path == document.DisplayPath) diagnostics.Add(d);
            }
        }
        document.Check = result;
        if (result.Model is not null) document.LastModel = result.Model;
        document.Index = SyntaxIndex.Build(result.Parse.Root);
        // In the order sla check prints them (line, column, code).
        document.Diagnostics = new Compiler.Diagnostics.CheckedFile(source, diagnostics.ToImmutable()).Diagnostics;
    }

    /// <summary>
    /// The template library of a folder's <c>.sla</c> files (open text or disk) when the document may use a template,
    /// else null (then the document is checked on its own, as before templates).
    /// </summary>
    private Compiler.Templates.TemplateLibrary? TemplatesOfFolder(string folder, OpenDocument document)
    {
        if (!document.Text.Contains("template", StringComparison.Ordinal)) return null;
        var sources = new SortedDictionary<string, SourceText>(StringComparer.Ordinal);
        try
        {
            if (Directory.Exists(folder))
            {
                foreach (var file in Directory.EnumerateFiles(folder, "*.sla"))
                {
                    var info = new FileInfo(file);
                    if (info.Length <= MaxDocumentLength) sources[file] = new SourceText(DisplayPathOf(file), File.ReadAllText(file));
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // an unreadable neighbour declares no template here; the document itself is still checked
        }
        foreach (var open in _open.Values)
        {
            if (open.IsTestFile || open.TooLarge || System.IO.Path.GetDirectoryName(open.Path) != folder) continue;
            sources[open.Path] = new SourceText(open.DisplayPath, open.Text);
        }
        return TemplateChecking.Library([.. sources.Values]);
    }

    /// <summary>The contracts of the <c>.sla</c> files of a folder, in path order (open text or disk), with <paramref name="self"/>'s fresh result.</summary>
    public IReadOnlyList<(string Path, CheckResult Result)> ContractsOfFolder(string folder, OpenDocument? self = null, CheckResult? selfResult = null)
    {
        var files = new SortedDictionary<string, CheckResult?>(StringComparer.Ordinal);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.sla")) files[file] = null;
        }
        foreach (var open in _open.Values)
        {
            if (open.IsTestFile || open.TooLarge || System.IO.Path.GetDirectoryName(open.Path) != folder) continue;
            files[open.Path] = open == self ? selfResult : open.Check;
        }
        var list = new List<(string, CheckResult)>();
        foreach (var (path, known) in files)
        {
            if (known is not null)
            {
                list.Add((path, known));
                continue;
            }
            if (_open.Values.FirstOrDefault(d => d.Path == path) is { } unchecked_)
            {
                if (unchecked_.TooLarge) continue;
                list.Add((path, ContractChecker.Check(new SourceText(unchecked_.DisplayPath, unchecked_.Text))));
                continue;
            }
            if (FromDisk(path) is { } fromDisk) list.Add((path, fromDisk));
        }
        return list;
    }

    private CheckResult? FromDisk(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxDocumentLength) return null;
            if (_closed.TryGetValue(path, out var cached) && cached.Stamp == info.LastWriteTimeUtc && cached.Length == info.Length) return cached.Result;
            var result = ContractChecker.Check(new SourceText(DisplayPathOf(path), File.ReadAllText(path)));
            _closed[path] = (info.LastWriteTimeUtc, info.Length, result);
            return result;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // an unreadable neighbour gives no context; the document itself is still checked
        }
    }

    /// <summary>The document's own contracts, or for a test file the contracts of its folder, by name.</summary>
    public IEnumerable<(BoundContract Contract, string Path, CheckResult Result)> ContractsVisibleFrom(OpenDocument document)
    {
        var folder = System.IO.Path.GetDirectoryName(document.Path) ?? ".";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if ((document.Check?.Model ?? document.LastModel) is { } own)
        {
            foreach (var contract in own.Contracts)
            {
                if (seen.Add(contract.Name)) yield return (contract, document.Path, document.Check!);
            }
        }
        foreach (var (path, result) in ContractsOfFolder(folder))
        {
            if (path == document.Path || result.Model is null) continue;
            foreach (var contract in result.Model.Contracts)
            {
                if (seen.Add(contract.Name)) yield return (contract, path, result);
            }
        }
    }

    /// <summary>The <c>.sla</c> and <c>.sla-test</c> files of the document's folder (the document itself first), indexed for navigation.</summary>
    public IReadOnlyList<IndexedFile> FilesBeside(OpenDocument document)
    {
        var result = new List<IndexedFile>();
        if (document.Index is { } own) result.Add(new IndexedFile(document.Path, document.Uri, document.Text, document.Lines, own, document));
        var folder = System.IO.Path.GetDirectoryName(document.Path) ?? ".";
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.sla")) paths.Add(file);
            foreach (var file in Directory.EnumerateFiles(folder, "*" + ScenarioTests.TestFileExtension)) paths.Add(file);
        }
        foreach (var open in _open.Values.Where(d => System.IO.Path.GetDirectoryName(d.Path) == folder)) paths.Add(open.Path);
        foreach (var path in paths)
        {
            if (path == document.Path) continue;
            if (_open.Values.FirstOrDefault(d => d.Path == path) is { } open)
            {
                if (open.Index is { } index) result.Add(new IndexedFile(path, open.Uri, open.Text, open.Lines, index, open));
                continue;
            }
            if (IndexedFromDisk(path) is { } closed) result.Add(closed);
        }
        return result;
    }

    /// <summary>A closed file of a folder, read and indexed once and again only when its time stamp or length changes.</summary>
    private IndexedFile? IndexedFromDisk(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxDocumentLength) return null;
            if (_closedIndex.TryGetValue(path, out var cached) && cached.Stamp == info.LastWriteTimeUtc && cached.Length == info.Length) return cached.File;
            var text = File.ReadAllText(path);
            var parse = path.EndsWith(ScenarioTests.TestFileExtension, StringComparison.Ordinal) ? null : FromDisk(path)?.Parse;
            if (parse is null || parse.Source.Text != text) parse = Dsl.Parsing.ContractParser.Parse(new SourceText(path, text));
            var file = new IndexedFile(path, UriOf(path), text, new LineMap(text), SyntaxIndex.Build(parse.Root), null);
            _closedIndex[path] = (info.LastWriteTimeUtc, info.Length, file);
            return file;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // unreadable: no occurrences from it
        }
    }

    public string UriOf(string path) => path == "" ? "" : new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri;

    public static string PathOf(string uri)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile) return System.IO.Path.GetFullPath(parsed.LocalPath);
        // An untitled or virtual document: a path no folder has, so it gets no neighbours.
        return "/untitled/" + Uri.EscapeDataString(uri);
    }

    private string DisplayPathOf(string path)
    {
        if (Root is null) return path;
        var relative = System.IO.Path.GetRelativePath(Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative) ? path : relative;
    }
}

/// <summary>One file of a folder as navigation reads it: open text or disk, its URI, lines and names.</summary>
public sealed record IndexedFile(string Path, string Uri, string Text, LineMap Lines, SyntaxIndex Index, OpenDocument? Open);
