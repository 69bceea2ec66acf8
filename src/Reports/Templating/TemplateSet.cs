using System.Collections.Immutable;
using System.Reflection;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;
using SlaKpiDsl.Reports.Model;

namespace SlaKpiDsl.Reports.Templating;

/// <summary>The outcome of loading templates: a usable set, or the errors (file and line) that prevent it.</summary>
public sealed record TemplateLoadResult(TemplateSet? Templates, ImmutableArray<TemplateError> Errors)
{
    public bool IsSuccess => Templates is not null && Errors.IsEmpty;
}

/// <summary>What the document says about its signature; templates word the demo banner from it.</summary>
public enum SignatureKind
{
    Unsigned,
    Demo,
    Production,
}

/// <summary>
/// The parsed wording templates: <c>statement.scriban</c> and <c>kpi-report.scriban</c>. Embedded defaults, each
/// overridable by a file of the same name in a directory. Invariant: every template parsed without errors and rendered
/// the built-in sample documents without errors (so a misspelt member fails at load, with file and line).
/// </summary>
public sealed class TemplateSet
{
    public const string StatementTemplateName = "statement.scriban";
    public const string KpiReportTemplateName = "kpi-report.scriban";
    public const string PortfolioTemplateName = "portfolio.scriban";
    private static readonly string[] Names = [StatementTemplateName, KpiReportTemplateName, PortfolioTemplateName];

    private readonly Template _statement;
    private readonly Template _kpiReport;
    private readonly Template _portfolio;

    private TemplateSet(Template statement, Template kpiReport, Template portfolio)
    {
        _statement = statement;
        _kpiReport = kpiReport;
        _portfolio = portfolio;
    }

    public static TemplateLoadResult LoadDefaults() => Load(null);

    /// <summary>Templates from <paramref name="directory"/> where present, embedded defaults otherwise.</summary>
    public static TemplateLoadResult LoadFrom(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return new TemplateLoadResult(null, [new TemplateError(directory, 1, 1, "template directory does not exist")]);
        }
        return Load(directory);
    }

    /// <summary>The embedded default text of a template (for users who want a starting point to edit).</summary>
    public static string DefaultText(string name)
    {
        var resource = typeof(TemplateSet).Assembly.GetManifestResourceNames()
            .Single(n => n.EndsWith("Templates." + name, StringComparison.Ordinal));
        using var stream = typeof(TemplateSet).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static TemplateLoadResult Load(string? directory)
    {
        var errors = ImmutableArray.CreateBuilder<TemplateError>();
        var parsed = new Dictionary<string, Template>();
        foreach (var name in Names)
        {
            var path = directory is null ? null : Path.Combine(directory, name);
            string text, file;
            if (path is not null && File.Exists(path))
            {
                text = File.ReadAllText(path);
                file = path;
            }
            else
            {
                text = DefaultText(name);
                file = "embedded:" + name;
            }
            var template = Template.Parse(text, file);
            if (template.HasErrors)
            {
                foreach (var m in template.Messages.Where(m => m.Type == ParserMessageType.Error))
                {
                    errors.Add(new TemplateError(file, m.Span.Start.Line + 1, m.Span.Start.Column + 1, m.Message));
                }
                continue;
            }
            parsed[name] = template;
        }
        if (errors.Count > 0) return new TemplateLoadResult(null, errors.ToImmutable());

        var set = new TemplateSet(parsed[StatementTemplateName], parsed[KpiReportTemplateName], parsed[PortfolioTemplateName]);
        // Strict members are only checked when evaluated: render the samples now so a typo fails at start, not mid-batch.
        foreach (var kind in new[] { SignatureKind.Unsigned, SignatureKind.Demo })
        {
            var (markup, renderErrors) = set.RenderStatementMarkup(SampleDocuments.Statement(), kind);
            errors.AddRange(renderErrors.IsEmpty ? Layout.MarkupParser.Parse(markup, SourceName(directory, StatementTemplateName) + " (output)").Errors : renderErrors);
        }
        var (kpiMarkup, kpiErrors) = set.RenderKpiReportMarkup(SampleDocuments.KpiReport());
        errors.AddRange(kpiErrors.IsEmpty ? Layout.MarkupParser.Parse(kpiMarkup, SourceName(directory, KpiReportTemplateName) + " (output)").Errors : kpiErrors);
        var (portfolioMarkup, portfolioErrors) = set.RenderPortfolioMarkup(SampleDocuments.Portfolio());
        errors.AddRange(portfolioErrors.IsEmpty ? Layout.MarkupParser.Parse(portfolioMarkup, SourceName(directory, PortfolioTemplateName) + " (output)").Errors : portfolioErrors);
        var distinct = errors.Distinct().ToImmutableArray();
        return distinct.IsEmpty ? new TemplateLoadResult(set, []) : new TemplateLoadResult(null, distinct);
    }

    private static string SourceName(string? directory, string name) =>
        directory is not null && File.Exists(Path.Combine(directory, name)) ? Path.Combine(directory, name) : "embedded:" + name;

    internal (string Markup, ImmutableArray<TemplateError> Errors) RenderStatementMarkup(StatementDocument document, SignatureKind signature)
    {
        var globals = new ScriptObject();
        globals.Import(document, renamer: StandardMemberRenamer.Default);
        globals.SetValue("schema", StatementDocument.SchemaVersion, true);
        globals.SetValue("evaluated_count", document.Commitments.Count(c => c.Verdict != StatementVerdict.NotEvaluated), true);
        globals.SetValue("signature", signature switch
        {
            SignatureKind.Demo => "demo",
            SignatureKind.Production => "production",
            _ => "unsigned",
        }, true);
        globals.Import("commitment_name", new Func<string, string>(key =>
            document.Commitments.FirstOrDefault(c => c.Key == key)?.Name ?? key));
        return Render(_statement, globals);
    }

    internal (string Markup, ImmutableArray<TemplateError> Errors) RenderKpiReportMarkup(KpiReportDocument document)
    {
        var globals = new ScriptObject();
        globals.Import(document, renamer: StandardMemberRenamer.Default);
        globals.Import("kpi_value", new Func<decimal?, string, string>((v, unit) =>
            v is { } d ? TextFormats.Number(d) + unit : "n/a"));
        // A KPI cell with the evaluator's verdict for that window: "99.99% met", "41 min breached", "n/a".
        globals.Import("kpi_cell", new Func<KpiRow, int, string>((row, i) =>
            row.Values[i] is not { } d ? "n/a" : TextFormats.Number(d) + row.Unit + (row.Verdicts.IsEmpty || row.Verdicts[i] is not { } v ? "" : " " + VerdictWord(v))));
        globals.Import("verdict_word", new Func<KpiVerdict, string>(VerdictWord));
        globals.Import("utc", new Func<NodaTime.Instant, string>(i => i.InUtc().LocalDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));
        // A projection (divided once, informational) to the whole second: "about 199 min 23 s" when rounding changed it.
        globals.Import("projected_duration", new Func<decimal, string>(s => Math.Round(s, 0, MidpointRounding.AwayFromZero) is var r && r == s ? TextFormats.Duration(s) : "about " + TextFormats.Duration(r)));
        globals.Import("weight", new Func<decimal, string>(w => w == 1m ? "1" : TextFormats.Plain(w)));
        return Render(_kpiReport, globals);
    }

    internal (string Markup, ImmutableArray<TemplateError> Errors) RenderPortfolioMarkup(PortfolioDocument document)
    {
        var globals = new ScriptObject();
        globals.Import(document, renamer: StandardMemberRenamer.Default);
        return Render(_portfolio, globals);
    }

    private static string VerdictWord(KpiVerdict v) => v switch { KpiVerdict.Met => "met", KpiVerdict.Breached => "breached", _ => "not measurable" };

    /// <summary>
    /// The wording functions every template may call, made once per process (importing a delegate reflects over it):
    /// each render gets its own shallow copy, so an assignment in one template never reaches another render.
    /// </summary>
    private static readonly ScriptObject SharedFunctions = Functions();

    private static ScriptObject Functions()
    {
        var functions = new ScriptObject();
        functions.Import("money", new Func<decimal, string, string>(TextFormats.Money));
        functions.Import("number", new Func<decimal, string>(TextFormats.Number));
        functions.Import("plain", new Func<decimal, string>(TextFormats.Plain));
        functions.Import("duration", new Func<decimal, string>(TextFormats.Duration));
        functions.Import("date", new Func<NodaTime.LocalDate, string>(TextFormats.Date));
        functions.Import("datetime", new Func<object, string>(value => value switch
        {
            NodaTime.OffsetDateTime o => TextFormats.DateTime(o),
            NodaTime.LocalDateTime l => TextFormats.DateTime(l),
            _ => throw new ArgumentException($"datetime expects a date-time, got {value?.GetType().Name ?? "null"}"),
        }));
        functions.Import("instant", new Func<NodaTime.Instant, string>(TextFormats.Instant));
        functions.Import("verdict_of", new Func<StatementVerdict, string>(v => v.ToString()));
        // A mean of exact seconds in minutes to 0.1 (a mean has no exact short form): "4.5 min"; "n/a" when no clock stopped.
        functions.Import("mean_minutes", new Func<decimal?, string>(s => s is { } v ? Wording.Words.Rounded(v / 60m, 1) + " min" : "n/a"));
        // Every printed value is escaped by the context; cell() stays for templates written when only cells escaped.
        functions.Import("cell", new Func<object?, object?>(o => o));

        return functions;
    }

    private static (string, ImmutableArray<TemplateError>) Render(Template template, ScriptObject globals)
    {
        var functions = (ScriptObject)SharedFunctions.Clone(deep: false);
        var context = new MarkupTemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedTargetAccess = false,
            LoopLimit = int.MaxValue,
            MemberRenamer = StandardMemberRenamer.Default,
            NewLine = "\n",
        };
        context.PushGlobal(functions);
        context.PushGlobal(globals);
        try
        {
            return (template.Render(context), []);
        }
        catch (ScriptRuntimeException ex)
        {
            var span = ex.Span;
            return ("", [new TemplateError(span.FileName ?? template.SourceFilePath ?? "template", span.Start.Line + 1, span.Start.Column + 1, ex.OriginalMessage)]);
        }
    }
}

/// <summary>
/// The template context every template renders in (the defaults and any <c>--template DIR</c>): each value an
/// expression prints is written through <see cref="Layout.MarkupText.Escape"/>, as HTML templates auto-escape, so a
/// template author cannot forget. Only the template's literal text is markup.
/// </summary>
internal sealed class MarkupTemplateContext : TemplateContext
{
    /// <summary>
    /// Member accessors by type, shared by every render of the process: Scriban builds one per type per context by
    /// reflection (every public member and its attributes), which for a statement's two dozen record types was work
    /// repeated for each of thousands of documents. An accessor depends only on the type, the member filter and the
    /// renamer, which are the same for every context here; it is immutable once built.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Scriban.Runtime.IObjectAccessor> Accessors = new();

    protected override Scriban.Runtime.IObjectAccessor? GetMemberAccessorImpl(object target)
    {
        if (MemberFilter is not null || !ReferenceEquals(MemberRenamer, StandardMemberRenamer.Default)) return base.GetMemberAccessorImpl(target);
        var type = target.GetType();
        if (Accessors.TryGetValue(type, out var cached)) return cached;
        return base.GetMemberAccessorImpl(target) is { } made ? Accessors.GetOrAdd(type, made) : null;
    }

    public override TemplateContext Write(SourceSpan span, object? textAsObject) =>
        textAsObject is null ? this : Write(Layout.MarkupText.Escape(ObjectToString(textAsObject)));

    public override ValueTask<TemplateContext> WriteAsync(SourceSpan span, object? textAsObject) =>
        textAsObject is null ? ValueTask.FromResult<TemplateContext>(this) : WriteAsync(Layout.MarkupText.Escape(ObjectToString(textAsObject)));
}
