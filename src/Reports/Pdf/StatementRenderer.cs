using System.Collections.Immutable;
using SlaKpiDsl.Reports.Charts;
using SlaKpiDsl.Reports.Json;
using SlaKpiDsl.Reports.Layout;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Signing;
using SlaKpiDsl.Reports.Templating;
using SlaKpiDsl.Runtime.Caching;

namespace SlaKpiDsl.Reports.Pdf;

/// <summary>
/// A rendered statement: the PDF, the canonical JSON written beside it, and warnings (e.g. characters the font cannot
/// show). Invariant: on success <see cref="Pdf"/> and <see cref="Json"/> are set and <see cref="Errors"/> is empty.
/// </summary>
public sealed record RenderedStatement(byte[]? Pdf, byte[]? Json, string? ResultSha256, int PageCount, ImmutableArray<string> Warnings, ImmutableArray<TemplateError> Errors)
{
    public bool IsSuccess => Pdf is not null && Errors.IsEmpty;
}

/// <summary>Renders customer compliance statements: template wording -> markup -> measured layout -> PDF -> signature.</summary>
public static class StatementRenderer
{
    /// <summary>PDF Info keys carrying the verification facts.</summary>
    public const string ResultHashKey = "/SlaKpiDslResultSha256";
    public const string AsOfKey = "/SlaKpiDslAsOf";
    public const string SchemaKey = "/SlaKpiDslSchema";

    public static RenderedStatement Render(StatementDocument document, TemplateSet templates, SigningOptions? signing = null)
    {
        var kind = signing is null ? SignatureKind.Unsigned : signing.IsDemo ? SignatureKind.Demo : SignatureKind.Production;
        var (markup, errors) = templates.RenderStatementMarkup(document, kind);
        if (!errors.IsEmpty) return new RenderedStatement(null, null, null, 0, [], errors);
        var (parsed, markupErrors) = MarkupParser.Parse(markup, TemplateSet.StatementTemplateName + " (output)");
        if (parsed is null) return new RenderedStatement(null, null, null, 0, [], markupErrors);

        var warnings = ImmutableArray.CreateBuilder<string>();
        var furniture = parsed.Furniture;
        if (kind == SignatureKind.Demo && string.IsNullOrWhiteSpace(furniture.DemoBanner))
        {
            // The banner is not optional: a template that drops it still gets one.
            furniture = furniture with { DemoBanner = "DEMO SIGNATURE - NOT VALID FOR BILLING" };
            warnings.Add("the statement template has no @demo-banner for demo signatures; the built-in banner was used");
        }
        if (kind != SignatureKind.Demo) furniture = furniture with { DemoBanner = null };
        var (blocks, fontWarnings) = Transliteration.Apply(parsed with { Furniture = furniture });
        warnings.AddRange(fontWarnings);

        var json = StatementJson.Serialize(document);
        var hash = StatementJson.Sha256Hex(json);
        var pages = PageLayoutEngine.Layout(blocks, (key, box, ops, measure) => PaintTimeline(document, key, box, ops, measure));
        var meta = new PdfMetadata(
            $"Service level compliance statement - {document.Customer.Name} - {document.Period.Label}",
            document.Contract.Name,
            document.Provider.Name,
            document.AsOf,
            ImmutableDictionary<string, string>.Empty
                .Add(ResultHashKey, hash)
                .Add(AsOfKey, TextFormats.Instant(document.AsOf))
                .Add(SchemaKey, StatementDocument.SchemaVersion),
            json);
        var pdf = PdfComposer.Compose(pages, blocks.Furniture, meta, signing);
        return new RenderedStatement(pdf, json, hash, pages.Length, warnings.ToImmutable(), []);
    }

    /// <summary>The prefix of a statement's <c>@chart</c> key for a ledger's downtime timeline; the commitment key follows.</summary>
    public const string TimelineChartKey = "timeline:";

    /// <summary>
    /// Draws a ledger's downtime timeline with ScottPlot as vectors (<see cref="ChartVector"/>): one 200 dpi ScottPlot image
    /// per statement was two thirds of a statement's CPU (docs/performance.md), and vectors stay sharp at any zoom.
    /// </summary>
    private static bool PaintTimeline(StatementDocument document, string key, PdfSharp.Drawing.XRect box, List<DrawOp> ops, Func<string, FontRole, double> measure)
    {
        if (!key.StartsWith(TimelineChartKey, StringComparison.Ordinal)) return false;
        var commitment = key[TimelineChartKey.Length..];
        if (document.Ledgers.FirstOrDefault(l => l.CommitmentKey == commitment)?.Timeline is not { } timeline) return false;
        ChartVector.Draw(TimelineChart.For(timeline), box, ops);
        return true;
    }

    /// <summary>Writes <c>name.pdf</c> and <c>name.json</c> into a directory (atomically, replacing existing files); returns both paths.</summary>
    public static (string PdfPath, string JsonPath) WriteFiles(RenderedStatement statement, string directory, string baseName)
    {
        var (paths, problem) = OutputFiles.Write(statement, directory, baseName, overwrite: true);
        return problem is null ? paths : throw new IOException(problem);
    }
}

/// <summary>
/// Writes a statement's PDF and JSON side by side: each through a temporary file in the same directory and a rename,
/// so a reader never sees half a file; existing files are kept unless overwriting is asked for.
/// </summary>
public static class OutputFiles
{
    public static ((string PdfPath, string JsonPath) Paths, string? Problem) Write(RenderedStatement statement, string directory, string baseName, bool overwrite)
    {
        if (!statement.IsSuccess) throw new InvalidOperationException("Cannot write a statement that failed to render.");
        Directory.CreateDirectory(directory);
        var pdfPath = Path.Combine(directory, baseName + ".pdf");
        var jsonPath = Path.Combine(directory, baseName + ".json");
        if (!overwrite && ExistingProblem(pdfPath, jsonPath) is { } existing) return ((pdfPath, jsonPath), existing);
        // JSON first: a PDF on disk always has its JSON beside it.
        WriteAtomically(jsonPath, statement.Json!, overwrite);
        WriteAtomically(pdfPath, statement.Pdf!, overwrite);
        return ((pdfPath, jsonPath), null);
    }

    /// <summary>Why a statement's files are not written when not overwriting: the first of them already there; null when neither is.</summary>
    internal static string? ExistingProblem(string pdfPath, string jsonPath)
    {
        foreach (var path in new[] { pdfPath, jsonPath })
        {
            if (File.Exists(path)) return $"{path} already exists and was left unchanged; pass --overwrite to replace it, or write to another -o/--output directory";
        }
        return null;
    }

    /// <summary>A hidden temporary file beside <paramref name="path"/> (same directory, so renaming it onto the path is atomic).</summary>
    internal static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");

    /// <summary>Temp file in the target's directory, flushed, then renamed over (or next to) the target.</summary>
    public static void WriteAtomically(string path, byte[] bytes, bool overwrite)
    {
        var temp = TempPathFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            if (overwrite) File.Move(temp, path, overwrite: true);
            else if (!NoReplaceMove.TryMove(temp, path)) throw new IOException($"'{path}' already exists");
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}

/// <summary>Applies <see cref="FontCoverage"/> to every text of a document and adds a visible note when it changed something.</summary>
internal static class Transliteration
{
    public static (MarkupDocument Document, ImmutableArray<string> Warnings) Apply(MarkupDocument document)
    {
        var missing = new List<string>();
        string Fix(string s)
        {
            var (text, m) = FontCoverage.Sanitize(s);
            foreach (var c in m) if (!missing.Contains(c)) missing.Add(c);
            return text;
        }

        var blocks = document.Blocks.Select(b => b switch
        {
            HeadingBlock h => h with { Text = Fix(h.Text) },
            ParagraphBlock p => p with { Text = Fix(p.Text) },
            NoticeBlock n => n with { Text = Fix(n.Text) },
            TableBlock t => t with
            {
                Header = [.. t.Header.Select(Fix)],
                Rows = [.. t.Rows.Select(r => r.Select(c => c with { Text = Fix(c.Text) }).ToImmutableArray())],
            },
            _ => b,
        }).ToList();
        var f = document.Furniture;
        var furniture = f with
        {
            HeaderLeft = Fix(f.HeaderLeft),
            HeaderRight = Fix(f.HeaderRight),
            FooterLeft = Fix(f.FooterLeft),
            DemoBanner = f.DemoBanner is null ? null : Fix(f.DemoBanner),
        };
        if (missing.Count == 0) return (document, []);

        var chars = string.Join(" ", missing.Select(c => $"U+{char.ConvertToUtf32(c, 0):X4}"));
        var note = new NoticeBlock($"Font note: some characters cannot be shown with the embedded font and appear as their Unicode code points in square brackets ({chars}). The JSON result beside this document holds the exact text.");
        var at = blocks.FindIndex(b => b is HeadingBlock { Level: 1 });
        blocks.Insert(at + 1, note);
        var warning = $"the embedded font has no glyph for {missing.Count} character(s) ({string.Join(" ", missing)} = {chars}); they were transliterated as [U+XXXX] and a note was added to the document";
        return (new MarkupDocument([.. blocks], furniture), [warning]);
    }
}
