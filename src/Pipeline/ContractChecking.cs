using System.Collections.Immutable;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Compiler.Diagnostics;
using SlaKpiDsl.Compiler.Templates;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Parsing;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Pipeline;

/// <summary>What <c>sla check</c> reports: every file's diagnostics, and the paths that were missing or unreadable.</summary>
public sealed record CheckRun(CheckReport Report, ImmutableArray<string> Missing, ImmutableArray<string> Unreadable, bool NothingFound)
{
    public bool Failed => Report.ErrorCount > 0 || !Missing.IsEmpty || !Unreadable.IsEmpty || NothingFound;
}

/// <summary>One file's formatting outcome, or why it could not be read.</summary>
public sealed record FormatRun(ImmutableArray<FormatOutcome> Outcomes, ImmutableArray<string> Missing, ImmutableArray<string> Unreadable);

/// <summary>Checking and formatting contract files (no compilation): files are independent, so both run on every core.</summary>
public static class ContractChecking
{
    /// <summary>The Dsl's canonical formatter, as <c>sla fmt</c> uses it (each result proven to mean the same).</summary>
    public static Func<ParseResult, string> CanonicalFormatter => ContractFormatting.Canonical;

    /// <summary>Checks every contract file of the paths; a missing path, an unreadable file or no files at all fails the run.</summary>
    public static CheckRun CheckAll(IReadOnlyList<string> paths, PipelineServices services, bool warningsAsErrors = false)
    {
        var discovery = ContractFiles.Discover(paths);
        // A CI job pointed at the wrong folder must not pass by checking nothing.
        var nothingFound = discovery.Files.Count == 0 && discovery.Missing.Count == 0;
        // Files are read, then checked in parallel (against the run's templates, when any), then sorted, so output order never depends on timing.
        var read = discovery.Files
            .AsParallel()
            .AsOrdered()
            .WithDegreeOfParallelism(Math.Max(1, Environment.ProcessorCount))
            .Select(path =>
            {
                try
                {
                    return (Source: new SourceText(path, services.ReadText(path)), ReadError: (string?)null);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    return (Source: (SourceText?)null, ReadError: $"cannot read '{path}': {exception.Message}");
                }
            })
            .ToList();
        var templates = TemplateChecking.Library([.. read.Where(r => r.Source is not null).Select(r => r.Source!)]);
        var outcomes = read
            .AsParallel()
            .WithDegreeOfParallelism(Math.Max(1, Environment.ProcessorCount))
            .Select(r =>
            {
                if (r.Source is null) return (File: (CheckedFile?)null, r.ReadError, Model: (Compiler.Semantics.Model.BoundDocument?)null);
                var result = TemplateChecking.Check(r.Source, templates, services);
                return (File: new CheckedFile(result.Parse.Source, result.Diagnostics), ReadError: (string?)null, Model: result.Model);
            })
            .ToList();
        var unreadable = outcomes.Where(o => o.ReadError is not null).Select(o => o.ReadError!).Order(StringComparer.Ordinal).ToImmutableArray();
        var files = outcomes.Where(o => o.File is not null).Select(o => o.File!).ToList();
        var all = files.SelectMany(f => f.Diagnostics).ToList();
        // An amendment of no order form is reported in the amendment's file (when everything else checked clean).
        if (!all.Any(d => d.Severity == DiagnosticSeverity.Error))
            all.AddRange(TemplateChecking.AmendmentsOfNoForm(templates, outcomes.Where(o => o.Model is not null).SelectMany(o => o.Model!.Contracts)));
        // Each diagnostic listed under the file it is located in (an amended order form's finding may be in the amendment's file).
        var checkedPaths = files.Select(f => f.Source.Path).ToHashSet(StringComparer.Ordinal);
        files = [.. files.Select(f => new CheckedFile(f.Source, [.. all.Where(d => d.Source.Path == f.Source.Path || (ReferenceEquals(f, files[0]) && !checkedPaths.Contains(d.Source.Path)))]))];
        var report = new CheckReport(files);
        if (warningsAsErrors) report = report.WithWarningsAsErrors();
        return new CheckRun(report, [.. discovery.Missing], unreadable, nothingFound);
    }

    /// <summary>Formats every contract file of the paths with <paramref name="formatter"/> (in path order); writes nothing.</summary>
    public static FormatRun FormatAll(IReadOnlyList<string> paths, Func<ParseResult, string> formatter, PipelineServices services)
    {
        var discovery = ContractFiles.Discover(paths);
        // A customers table is data, not contract text: fmt leaves it as written.
        var results = discovery.Files
            .Where(path => !OrderFormTable.IsTable(path))
            .AsParallel()
            .AsOrdered()
            .Select(path =>
            {
                try
                {
                    return (Outcome: ContractFormatting.Format(new SourceText(path, services.ReadText(path)), formatter), ReadError: (string?)null);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    return (Outcome: (FormatOutcome?)null, ReadError: $"cannot read '{path}': {exception.Message}");
                }
            })
            .ToList();
        return new FormatRun([.. results.Where(r => r.Outcome is not null).Select(r => r.Outcome!)], [.. discovery.Missing],
            [.. results.Where(r => r.ReadError is not null).Select(r => r.ReadError!)]);
    }
}
