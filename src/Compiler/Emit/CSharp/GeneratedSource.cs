namespace SlaKpiDsl.Compiler.Emit.CSharp;

/// <summary>
/// One generated C# file: the file name it would have on disk (used in Roslyn locations and in bug reports) and its
/// text. Invariant: <see cref="FileName"/> is a plain file name ending in <c>.cs</c> (letters, digits, <c>._-</c>),
/// so it can be written under a bug-report folder without path traversal.
/// </summary>
public sealed record GeneratedSource
{
    public GeneratedSource(string fileName, string text)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(text);
        if (!fileName.EndsWith(".cs", StringComparison.Ordinal) || fileName.Length > 200
            || fileName.StartsWith('.') || fileName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
            throw new ArgumentException($"'{fileName}' is not a plain .cs file name", nameof(fileName));
        FileName = fileName;
        Text = text;
    }

    public string FileName { get; }
    public string Text { get; }
}
