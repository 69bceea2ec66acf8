using System.Collections.Immutable;
using System.Diagnostics;
using NodaTime;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Compiler.Templates;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>One side of <c>sla diff</c>: a contract file (a <c>.sla</c> file, order form or customers table) as it is on disk, or at a git revision.</summary>
public sealed record DiffInput(string Path, string? Revision = null)
{
    /// <summary>How the side is named in output and in diagnostics: the path, or <c>REV:path</c> (git's own notation).</summary>
    public string Label => Revision is null ? Path : $"{Revision}:{Path}";
}

/// <summary>What the change would have done: the data directory, the period and the as-of instant both versions are evaluated on.</summary>
public sealed record DiffData(string Directory, EvaluationPeriod Period, Instant AsOf);

/// <summary>How a contract differs between the two sides.</summary>
public enum ContractDiffKind
{
    Same,
    Changed,
    Added,
    Removed,
}

/// <summary>
/// One contract's differences: its term changes (empty when the same), and with data each SLA's and KPI's outcome under
/// both versions where terms changed or the outcome differs, and the contract's total credit on both sides.
/// </summary>
public sealed record ContractDiff(string Name, ContractDiffKind Kind, ImmutableArray<TermChange> Changes)
{
    public ImmutableArray<ChangeEffect> Effects { get; init; } = [];

    /// <summary>The total credit of the period under the old and new versions (null: the side has no such contract or no money terms), and its currency.</summary>
    public (decimal? Old, decimal? New, string? Currency)? TotalCredit { get; init; }

    /// <summary>
    /// For one version of an amended contract (the terms as signed, or as amended from a date): which, on the newer side
    /// that has it. Each version is compared and evaluated on its own, on the days it judges; <see cref="TotalCredit"/> is
    /// then that version's part, and <see cref="ContractTotalCredit"/> the whole contract's.
    /// </summary>
    public ContractVersion? Version { get; init; }

    /// <summary>The contract's name without the version (the same as <see cref="Name"/> for a contract never amended).</summary>
    public string Contract => Version?.Contract ?? Name;

    /// <summary>On the last version of an amended contract: the period's total credit over all its versions, under the old and new sides.</summary>
    public (decimal? Old, decimal? New, string? Currency)? ContractTotalCredit { get; init; }
}

/// <summary>Everything <c>sla diff</c> says: the two sides' labels, each contract's differences, and the period when evaluated.</summary>
public sealed record DiffReport(string Old, string New, ImmutableArray<ContractDiff> Contracts, EvaluationPeriod? Period)
{
    public bool Differs => Contracts.Any(c => c.Kind != ContractDiffKind.Same);
}

/// <summary>
/// <c>sla diff</c>: reads both sides (a file, or a file at a git revision read with <c>git show</c>), checks each against
/// the templates of its folder (at the same revision), compares the bound models contract by contract
/// (<see cref="ContractComparison"/>), and, given data, evaluates both versions through the same preparation as every
/// evaluating command and pairs their outcomes. Contracts are paired by name; when each side holds exactly one contract
/// they are paired whatever their names (a renamed contract is a change of name).
/// </summary>
public static class ContractDiffs
{
    public static Outcome<DiffReport> Run(DiffInput old, DiffInput @new, DiffData? data, PipelineServices services)
    {
        if (data is not null && !Directory.Exists(data.Directory)) return new(null, [PipelineProblem.Error($"no such data directory: '{data.Directory}'")]);
        var a = Load(old, services);
        var b = Load(@new, services);
        ImmutableArray<PipelineProblem> problems = [.. a.Problems, .. b.Problems];
        if (a.Value is null || b.Value is null) return new(null, problems);
        var pairs = Pair(a.Value, b.Value);
        var diffs = pairs.Select(p => p switch
        {
            ({ } x, { } y) => new ContractDiff(y.Contract.Name, ContractDiffKind.Changed, Renamed(x.Contract, y.Contract).AddRange(ContractComparison.Compare(x.Contract, y.Contract))),
            ({ } x, null) => new ContractDiff(x.Contract.Name, ContractDiffKind.Removed, [new TermChange(ChangeScope.Contract, null, ContractTerm.Contract, null, new TermValue.Name(x.Contract.Name), null)]),
            (null, { } y) => new ContractDiff(y.Contract.Name, ContractDiffKind.Added, [new TermChange(ChangeScope.Contract, null, ContractTerm.Contract, null, null, new TermValue.Name(y.Contract.Name))]),
            _ => throw new UnreachableException(),
        }).Select(d => d.Kind == ContractDiffKind.Changed && d.Changes.IsEmpty ? d with { Kind = ContractDiffKind.Same } : d)
            .Select((d, i) => d with { Version = (pairs[i].New ?? pairs[i].Old)!.Contract.Version }).ToList();
        if (data is null) return new(new DiffReport(old.Label, @new.Label, [.. diffs], null), problems);

        var evaluatedOld = Evaluate(a.Value, data, services);
        var evaluatedNew = Evaluate(b.Value, data, services);
        // Both sides read the same data: its warnings are said once.
        problems = [.. problems, .. evaluatedOld.Problems, .. evaluatedNew.Problems.Where(p => !evaluatedOld.Problems.Any(o => o.ToString() == p.ToString()))];
        if (evaluatedOld.Value is null || evaluatedNew.Value is null) return new(null, problems);
        for (var i = 0; i < diffs.Count; i++)
        {
            var (x, y) = pairs[i];
            var before = x is null ? null : evaluatedOld.Value[x.Contract.Name];
            var after = y is null ? null : evaluatedNew.Value[y.Contract.Name];
            diffs[i] = diffs[i] with
            {
                Effects = Effects(diffs[i].Changes, before, after, Currency(x?.Contract), Currency(y?.Contract)),
                TotalCredit = (Total(before), Total(after), Currency(x?.Contract) ?? Currency(y?.Contract)),
            };
        }
        // An amended contract's versions each judge their own days: their credits add up to the contract's, said once, after its last version.
        foreach (var versions in diffs.Where(d => d.Version is not null).GroupBy(d => d.Contract, StringComparer.Ordinal))
        {
            var all = versions.ToList();
            decimal? Sum(Func<(decimal? Old, decimal? New, string? Currency), decimal?> side) =>
                all.Select(d => d.TotalCredit is { } t ? side(t) : null).Where(v => v is not null).Aggregate((decimal?)null, (a, v) => (a ?? 0m) + v);
            var last = diffs.IndexOf(all[^1]);
            diffs[last] = all[^1] with { ContractTotalCredit = (Sum(t => t.Old), Sum(t => t.New), all.Select(d => d.TotalCredit?.Currency).FirstOrDefault(c => c is not null)) };
        }
        return new(new DiffReport(old.Label, @new.Label, [.. diffs], data.Period), problems);
    }

    private static ImmutableArray<TermChange> Renamed(BoundContract old, BoundContract @new) => old.Name == @new.Name
        ? []
        : [new TermChange(ChangeScope.Contract, null, ContractTerm.Contract, null, new TermValue.Name(old.Name), new TermValue.Name(@new.Name))];

    private static string? Currency(BoundContract? contract) => contract?.Fee?.Amount.Currency;

    private static List<(CheckedContract? Old, CheckedContract? New)> Pair(IReadOnlyList<CheckedContract> old, IReadOnlyList<CheckedContract> @new)
    {
        if (old.Count == 1 && @new.Count == 1) return [(old[0], @new[0])];
        var oldByName = old.ToDictionary(c => c.Contract.Name, StringComparer.Ordinal);
        var newNames = @new.Select(c => c.Contract.Name).ToHashSet(StringComparer.Ordinal);
        var pairs = new List<(CheckedContract?, CheckedContract?)>();
        pairs.AddRange(@new.Select(c => (oldByName.GetValueOrDefault(c.Contract.Name), (CheckedContract?)c)));
        pairs.AddRange(old.Where(c => !newNames.Contains(c.Contract.Name)).Select(c => ((CheckedContract?)c, (CheckedContract?)null)));
        return pairs;
    }

    /// <summary>
    /// One side's contracts: the file read (from disk, or from git at the revision), checked against the templates of its
    /// folder (read the same way) when it uses one. Null value after the problems: unreadable, or errors in the file.
    /// </summary>
    private static Outcome<IReadOnlyList<CheckedContract>> Load(DiffInput input, PipelineServices services)
    {
        string text;
        try
        {
            text = input.Revision is null ? services.ReadText(input.Path) : GitShow(input.Path, input.Revision);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new(null, [PipelineProblem.Error($"cannot read '{input.Label}': {exception.Message}")]);
        }
        var source = new SourceText(input.Label, text);
        var sources = new List<SourceText> { source };
        var usesTemplates = OrderFormTable.IsTable(input.Path) || TemplateLibrary.MayDeclareTemplate(text);
        if (usesTemplates) sources.AddRange(TemplatesBeside(input, services));
        var result = TemplateChecking.Check(source, usesTemplates ? TemplateChecking.Library(sources) : null, services);
        if (result.HasErrors || result.Model is null)
            return new(null, [.. result.Diagnostics.Where(d => d.Severity == Dsl.Diagnostics.DiagnosticSeverity.Error).Select(PipelineProblem.Located),
                PipelineProblem.Error($"'{input.Label}' has errors; run 'sla check' for the full report")]);
        if (result.Model.Contracts.IsEmpty) return new(null, [PipelineProblem.Error($"'{input.Label}' holds no contract (a template alone is compared through its order forms)")]);
        IReadOnlyList<CheckedContract> contracts = [.. result.Model.Contracts.Select(c => new CheckedContract(c, source, ContractSources.NameSpan(result, c)))];
        var twice = ContractSources.DefinedTwice(contracts);
        return twice.IsEmpty ? new(contracts, []) : new(null, twice);
    }

    /// <summary>The other <c>.sla</c> files of the input's folder that may declare a template, at the input's revision; unreadable ones are left to the check (an unknown template is located there).</summary>
    private static IEnumerable<SourceText> TemplatesBeside(DiffInput input, PipelineServices services)
    {
        var folder = System.IO.Path.GetDirectoryName(input.Path) is { Length: > 0 } d ? d : ".";
        var own = System.IO.Path.GetFileName(input.Path);
        IEnumerable<string> names;
        try
        {
            names = input.Revision is null
                ? Directory.EnumerateFiles(folder, "*.sla").Select(System.IO.Path.GetFileName).OfType<string>()
                : Git(folder, "ls-tree", "--name-only", input.Revision, "--", ".").Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => n.EndsWith(".sla", StringComparison.Ordinal));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var name in names.Where(n => n != own).Order(StringComparer.Ordinal))
        {
            var path = System.IO.Path.Combine(folder, name);
            string? text;
            try
            {
                text = input.Revision is null ? services.ReadText(path) : GitShow(path, input.Revision);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                text = null;
            }
            if (text is not null && TemplateLibrary.MayDeclareTemplate(text)) yield return new SourceText(input.Revision is null ? path : $"{input.Revision}:{path}", text);
        }
    }

    /// <summary>A file's text at a git revision (<c>git show REV:./name</c> in its folder); an IOException saying git's own message when it cannot.</summary>
    public static string GitShow(string path, string revision)
    {
        var folder = System.IO.Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
        if (!Directory.Exists(folder)) throw new IOException($"no such folder '{folder}'");
        return Git(folder, "show", $"{revision}:./{System.IO.Path.GetFileName(path)}");
    }

    private static string Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException("git did not start");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new IOException($"git could not be run ({exception.Message}); --rev needs git on the PATH", exception);
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new IOException("git: " + error.GetAwaiter().GetResult().Trim());
            return output;
        }
    }

    /// <summary>Each contract of one side evaluated for the period (the preparation every evaluating command shares), by name.</summary>
    private static Outcome<Dictionary<string, ContractEvaluation>> Evaluate(IReadOnlyList<CheckedContract> contracts, DiffData data, PipelineServices services)
    {
        var prepared = PreparedBatch.Prepare(contracts, [], data.Directory, data.Period, data.AsOf, services);
        if (prepared.Value is not { } batch) return new(null, prepared.Problems);
        using (batch)
        {
            var runs = EvaluationRun.EvaluateAll(batch.Compiled.Contracts, batch.Inputs);
            return new(runs.ToDictionary(r => r.Evaluation.ContractName, r => r.Evaluation, StringComparer.Ordinal), prepared.Problems);
        }
    }

    /// <summary>The outcome of each SLA and KPI on both sides, where a term of it changed, its contract's terms changed, or its outcome differs.</summary>
    private static ImmutableArray<ChangeEffect> Effects(ImmutableArray<TermChange> changes, ContractEvaluation? old, ContractEvaluation? @new, string? oldCurrency, string? newCurrency)
    {
        var contractChanged = changes.Any(c => c.Scope == ChangeScope.Contract);
        var effects = ImmutableArray.CreateBuilder<ChangeEffect>();
        var slaNames = (@new?.Slas ?? []).Select(s => s.Commitment).Concat((old?.Slas ?? []).Select(s => s.Commitment)).Distinct(StringComparer.Ordinal);
        foreach (var name in slaNames)
        {
            var effect = new ChangeEffect(ChangeScope.Sla, name, Side(old?.Slas.FirstOrDefault(s => s.Commitment == name), true, oldCurrency), Side(@new?.Slas.FirstOrDefault(s => s.Commitment == name), true, newCurrency));
            if (effect.Differs || contractChanged || changes.Any(c => c.Scope == ChangeScope.Sla && c.Block == name)) effects.Add(effect);
        }
        var kpiNames = (@new?.Kpis ?? []).Select(k => k.Kpi).Concat((old?.Kpis ?? []).Select(k => k.Kpi)).Distinct(StringComparer.Ordinal);
        foreach (var name in kpiNames)
        {
            // A KPI with several targets has one outcome per target: the first stands for it here (its changes list every target).
            var effect = new ChangeEffect(ChangeScope.Kpi, name, Kpi(old?.Kpis.FirstOrDefault(k => k.Kpi == name)), Kpi(@new?.Kpis.FirstOrDefault(k => k.Kpi == name)));
            // The contract's own terms (fee, rounding, claims) reach a KPI only through its outcome: listed when that differs.
            if (effect.Differs || changes.Any(c => c.Scope == ChangeScope.Kpi && c.Block == name)) effects.Add(effect);
        }
        return effects.ToImmutable();
    }

    private static OutcomeSide? Side(CommitmentOutcome? outcome, bool credits, string? currency) => outcome switch
    {
        null => null,
        { Result: { } r } => new OutcomeSide(r.Verdict, r.Measured, r.Unit, r.Trace.Measurement.Bound, credits ? r.Credit?.Amount ?? 0m : null, credits ? r.Credit?.Currency ?? currency : null, null)
        {
            Count = OutcomeWording.Measured(outcome),
        },
        _ => new OutcomeSide(null, null, ValueUnit.Percent, null, null, null, outcome.Reason),
    };

    private static OutcomeSide? Kpi(KpiOutcome? kpi) => kpi is null ? null : Side(kpi.Outcome, false, null) is { } side
        ? side with { UnitName = side.Unit == ValueUnit.Percent || kpi.ValueUnit is null or "" or "%" ? null : kpi.ValueUnit }
        : null;

    private static decimal? Total(ContractEvaluation? evaluation) => evaluation is null ? null : evaluation.Slas.Sum(s => s.Result?.Credit?.Amount ?? 0m);
}
