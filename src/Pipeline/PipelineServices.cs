using NodaTime;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Compiler.Emit.Caching;
using SlaKpiDsl.Compiler.Templates;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// What the pipeline needs from the outside world, injected so tests replace it: the checker, how a contract file is
/// read, the evaluator cache (null: none) and the clock (read only for a default as-of, at the edge).
/// </summary>
public sealed record PipelineServices
{
    public Func<SourceText, CheckResult> Check { get; init; } = ContractChecker.Check;

    /// <summary>Checks a test file whose tests may name contracts of the <c>.sla</c> files beside it (<c>sla test</c>).</summary>
    public Func<SourceText, IReadOnlyList<BoundContract>, CheckResult> CheckBeside { get; init; } = ContractChecker.Check;

    /// <summary>
    /// Checks a file of a run that holds templates or customers tables: order forms use every template of the run
    /// (<see cref="TemplateChecking"/>); a <c>.csv</c> is a customers table.
    /// </summary>
    public Func<SourceText, TemplateLibrary, CheckResult> CheckWithTemplates { get; init; } = (source, templates) =>
        OrderFormTable.IsTable(source.Path) ? OrderFormTable.Check(source, templates) : ContractChecker.Check(source, [], templates);

    /// <summary>Reads a contract file; replaced in tests to simulate I/O failures.</summary>
    public Func<string, string> ReadText { get; init; } = File.ReadAllText;

    /// <summary>The evaluator cache (and, beside it, the data snapshots); null turns both off.</summary>
    public Func<EvaluatorCache?> Cache { get; init; } = EvaluatorCache.ForCurrentUser;

    /// <summary>
    /// Whether evaluators may be taken from the cache by the contracts' exact text, skipping the checker. True for the
    /// real process; off by default so a test that injects another <see cref="Check"/> is never answered from an entry
    /// the real checker recorded.
    /// </summary>
    public bool CacheCheckedSources { get; init; }

    /// <summary>The default as-of instant: the only clock read.</summary>
    public Func<Instant> Now { get; init; } = () => SystemClock.Instance.GetCurrentInstant();

    /// <summary><c>SLA_CACHE_DIR</c> if set, else the user's cache folder (<see cref="EvaluatorCache.DefaultDirectory"/>).</summary>
    public static string DefaultCacheDirectory() => EvaluatorCache.DefaultDirectory(Environment.GetEnvironmentVariable);

    /// <summary>
    /// The evaluator cache in <paramref name="directory"/> (null: none), made at most once however often it is asked
    /// for, so its folder and key are checked once; its notes (an entry refused and rebuilt, a cache turned off) go to
    /// <paramref name="notes"/>, one line each, from whichever thread meets them.
    /// </summary>
    public static Func<EvaluatorCache?> CacheIn(string? directory, Action<string>? notes = null)
    {
        if (directory is null) return () => null;
        var gate = new object();
        var cache = new Lazy<EvaluatorCache>(() => notes is null
            ? new EvaluatorCache(directory)
            : new EvaluatorCache(directory).WithNotes(note =>
            {
                lock (gate) notes(note.ToString());
            }));
        return () => cache.Value;
    }

    /// <summary>Where the demo signing certificate lives: beside the evaluator cache (deleting it is safe; it is recreated).</summary>
    public string DemoKeyDirectory() => Path.Combine(Cache()?.Directory ?? Path.Combine(Path.GetTempPath(), "slakpidsl"), "keys");
}
