using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla evaluate CONTRACT... --data DIR --period 2026-10 [--as-of INSTANT] [--format text|json]</c>: compiles the
/// contracts, loads the data directory and evaluates every SLA for the period. Exit 1 for bad contracts, data or
/// arguments; 2 for a bug.
/// </summary>
public static partial class EvaluateCommand
{
    /// <summary>The version tag of the JSON output; a consumer checks it before reading anything else.</summary>
    public const string JsonSchema = EvaluationJson.SchemaId;

    public static Command Create(CliServices services)
    {
        var paths = new Argument<string[]>("contracts") { Description = "Contract files or folders (searched recursively for *.sla).", Arity = ArgumentArity.OneOrMore };
        var data = new Option<string>("--data") { Description = "Data directory (docs/data.md).", Required = true };
        var period = new Option<string>("--period") { Description = "The period: a month (2026-10) or a quarter (2026-Q4).", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Evaluate as of this instant (RFC 3339, e.g. 2026-12-01T00:00:00Z); default: now." };
        var format = new Option<string>("--format") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var trend = TrendOption();
        var shard = new Option<string?>("--shard") { Description = "Evaluate only shard I of N of the customers (I/N, e.g. 2/4; a stable hash of each contract's customer); merge the shards' JSON with 'sla merge'." };
        var command = new Command("evaluate", "Evaluate contracts' SLAs and KPIs on a data directory for one period.") { paths, data, period, asOf, format, trend, shard };
        command.SetAction(parse =>
        {
            RunTimings.Mark("command line");
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                Shard? selected = null;
                if (parse.GetValue(shard) is { } shardText && (selected = Pipeline.Shard.Parse(shardText)) is null)
                {
                    stderr.WriteLine($"error: --shard '{shardText}' is not I/N with 1 <= I <= N <= {Pipeline.Shard.MaxCount} (e.g. 2/4)");
                    return ExitCodes.Failure;
                }
                return Run(parse.GetValue(paths) ?? [], parse.GetValue(data)!, parse.GetValue(period)!, parse.GetValue(asOf),
                    parse.GetValue(format) ?? "text", parse.GetValue(trend), selected, services, stdout, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    /// <summary>The one trend-depth option (evaluate, explain; report's counts the periods before its own).</summary>
    internal static Option<int> TrendOption() => new("--trend")
    {
        Description = $"How many earlier periods each KPI's trend shows (0-{Arguments.MaxTrend}; same evaluator, same data).",
        DefaultValueFactory = _ => KpiTrends.DefaultWindows,
    };

    [GeneratedRegex(@"^(\d{4})-(?:(\d{2})|Q([1-4]))$")]
    private static partial Regex PeriodPattern();

    /// <summary>Parses <c>2026-10</c> or <c>2026-Q4</c>; null when the text is neither.</summary>
    public static EvaluationPeriod? ParsePeriod(string text)
    {
        var match = PeriodPattern().Match(text);
        if (!match.Success) return null;
        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        if (match.Groups[2].Success)
        {
            var month = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            return month is >= 1 and <= 12 ? new EvaluationPeriod(year, month: month) : null;
        }
        return new EvaluationPeriod(year, quarter: int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    private static int Run(string[] paths, string dataDirectory, string periodText, string? asOfText, string format, int trend, Shard? shard, CliServices services,
        TextWriter stdout, TextWriter stderr)
    {
        if (ParsePeriod(periodText) is { } period && !Arguments.Trend(trend, period, stderr)) return ExitCodes.Failure;
        using var session = Open(paths, dataDirectory, periodText, asOfText, services, stderr, out var failure, shard);
        if (session is null) return failure;
        // Each KPI trend re-runs its contract's evaluator on earlier periods (all contracts' periods on both cores), and
        // each contract's text section is laid out on its own: independent, so on both cores, kept in contract order.
        var runs = session.Runs;
        var trends = KpiTrends.CollectAll(runs, trend);
        RunTimings.Mark("KPI trends");
        var reports = new ContractReport[runs.Length];
        var text = format != "json";
        var width = text ? TerminalWidth(stdout) : UnlimitedWidth;
        var sections = new string[runs.Length];
        Parallel.For(0, runs.Length, i =>
        {
            reports[i] = Report(runs[i], trends[i]);
            if (text) sections[i] = Section(reports[i], session.Period, width);
        });
        RunTimings.Mark("layout");
        stdout.Write(!text
            ? EvaluationJson.Write(reports, session.Period, session.AsOf, trend, shard is null ? null : new ShardOutput(shard, session.ContractsRead, session.Positions))
            // Names, ids and reasons come from contracts and data: no control character of theirs reaches the terminal
            // (cells are escaped before the table is laid out, so columns stay aligned; the whole text again as the guarantee).
            : SlaKpiDsl.Dsl.Text.TextCharacters.ForTerminalLines(Heading(session.Period, session.AsOf) + string.Concat(sections)));
        RunTimings.Mark("format output");
        return ExitCodes.Success;
    }

    /// <summary>The evaluation of <c>evaluate</c> and <c>explain</c>: arguments parsed here, the rest by the pipeline; null after printing why.</summary>
    internal static EvaluationRun? Open(string[] paths, string dataDirectory, string periodText, string? asOfText, CliServices services, TextWriter stderr, out int failure,
        Shard? shard = null)
    {
        failure = ExitCodes.Failure;
        if (Arguments.Period(periodText, stderr) is not { } period) return null;
        if (Arguments.AsOf(asOfText, services, stderr) is not { } asOf) return null;
        var run = EvaluationRun.Open(new EvaluationRequest(paths, dataDirectory, period, asOf) { Shard = shard }, services.Pipeline);
        Problems.Print(run.Problems, stderr);
        if (run.Value is null) failure = run.FailureExitCode;
        else failure = ExitCodes.Success;
        return run.Value;
    }

    internal static ContractReport Report(ContractRun run, ImmutableDictionary<string, IReadOnlyList<KpiTrendPoint>> trends)
    {
        var f = run.Facts;
        return new ContractReport(run.Evaluation, f.TimeZone, f.EffectiveStart, f.EffectiveEnd, f.Titles, trends) { Provider = f.Provider, Customer = f.Customer, Versions = f.Versions };
    }

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The text report; tables are laid out by Spectre.Console to <paramref name="width"/> columns (cells wrap, never overrun).</summary>
    public static string Text(IReadOnlyList<ContractReport> reports, EvaluationPeriod period, Instant asOf, int width = UnlimitedWidth) =>
        Heading(period, asOf) + string.Concat(reports.Select(r => Section(r, period, width)));

    /// <summary>The text report's first line.</summary>
    private static string Heading(EvaluationPeriod period, Instant asOf) => $"period {period}, as of {InstantText.Format(asOf)}\n";

    /// <summary>One contract's part of the text report (a blank line, its heading, its SLA table and notes, its KPI table): independent of the others.</summary>
    private static string Section(ContractReport report, EvaluationPeriod period, int width)
    {
        var w = new StringWriter { NewLine = "\n" };
        var evaluation = report.Evaluation;
        w.WriteLine();
        w.WriteLine($"contract \"{evaluation.ContractName}\" ({report.TimeZone}; {report.EffectiveRangeText})");
        if (report.OutsideEffectiveRange) w.WriteLine($"  not in effect for {period}: the period lies outside the contract's effective range");
        // SLAs: one row each, a row per guarantee under an SLA of several; its warnings and claim deadline below the table.
        var slas = new TextTable(("sla", false), ("clause", false), ("measured", false), ("target", false), ("verdict", false), ("downtime min", true), ("credit", false), ("budget left min", true));
        var notes = new List<string>();
        foreach (var outcome in evaluation.Slas)
        {
            if (outcome.Result is not { } r)
            {
                slas.AddRow(outcome.Commitment, outcome.Clause ?? "-", outcome.Reason ?? "-", "", "", "", "", "");
                continue;
            }
            // The percent granted, with the tier's own percent beside it when a cap or the minimum changed the amount.
            var credit = r.Credit is { } c
                ? $"{Words.Rounded(c.GrantedPercentOfFee, 4)}%{(c.Limited ? $" (tier {Words.Rounded(c.PercentOfFee, 4)}%)" : "")} = {c.Amount.ToString(CultureInfo.InvariantCulture)} {c.Currency}"
                : "-";
            slas.AddRow(Words.Commitment(outcome), r.Clause ?? "-", OutcomeWording.Measured(outcome, brief: true) ?? Value(r), Words.Target(r.Trace.Measurement), Verdict(r.Verdict),
                r.DowntimeSeconds is { } d ? Number(d / 60m) : "-", credit, r.Budget is { } b ? Number(b.RemainingMinutes) : "-");
            // An SLA of several guarantees: one row per guarantee under the SLA's combined row.
            foreach (var g in outcome.Guarantees)
                slas.AddRow($"  clause {g.Clause ?? "-"}: {g.Trace.Measurement.Measure}", "", Value(g), Words.Target(g.Trace.Measurement), Verdict(g.Verdict), "", "", "");
            foreach (var warning in r.Warnings) notes.Add($"{Words.Commitment(outcome)}: warning: {Words.Warning(warning)}");
            if (outcome.ClaimDeadline is { } claim) notes.Add($"{Words.Commitment(outcome)}: claim by {claim.LastDay:yyyy-MM-dd}");
        }
        w.Write(slas.Render(width));
        foreach (var note in notes) w.WriteLine("    " + note);
        if (evaluation.Kpis.IsEmpty) return w.ToString();
        // KPIs are internal (never in a statement): value, target as written, verdict, trend with units; no credit.
        var kpis = new TextTable(("kpi (internal)", false), ("clause", false), ("measured", false), ("target", false), ("verdict", false), ("trend, oldest first", false));
        foreach (var kpi in evaluation.Kpis)
        {
            var trend = string.Join(", ", report.Trends.GetValueOrDefault(kpi.Kpi, []).Select(p => $"{p.Period} {Short(p.Outcome, kpi.ValueUnit)}"));
            var o = kpi.Outcome;
            if (o.Result is not { } r) kpis.AddRow(kpi.Kpi, o.Clause ?? "-", o.Reason ?? "-", "", "", "");
            else kpis.AddRow(kpi.Kpi, o.Clause ?? "-", KpiValue(kpi, r), kpi.TargetText, Verdict(r.Verdict), trend.Length == 0 ? "-" : trend);
        }
        w.Write(kpis.Render(width));
        return w.ToString();
    }

    /// <summary>The terminal's width when writing to it, else <see cref="UnlimitedWidth"/>.</summary>
    private static int TerminalWidth(TextWriter stdout)
    {
        if (!ReferenceEquals(stdout, Console.Out) || Console.IsOutputRedirected) return UnlimitedWidth;
        try
        {
            return Math.Max(80, Console.WindowWidth);
        }
        catch (IOException)
        {
            return UnlimitedWidth;
        }
    }

    /// <summary>Output that is not a terminal has no width: rows stay one line each (scripts and tests read them).</summary>
    public const int UnlimitedWidth = 1000;

    /// <summary>The measured value by the one display rule (<see cref="Words.Measured"/>; the exact ratio is in the JSON).</summary>
    internal static string Value(CommitmentResult r) => r.Measured is not { } m ? "-" : Words.Measured(m, r.Unit, r.Trace.Measurement.Bound);

    /// <summary>A KPI value with its unit ("220 s", "500 ms"); percents as percents.</summary>
    private static string KpiValue(KpiOutcome kpi, CommitmentResult r) =>
        r.Measured is null || r.Unit == ValueUnit.Percent || kpi.ValueUnit is null or "" or "%" ? Value(r) : Value(r) + " " + kpi.ValueUnit;

    internal static string Short(CommitmentOutcome o) => o.Result is { } r ? $"{Value(r)} {Verdict(r.Verdict)}" : EvaluationJson.Kind(o.Kind);

    /// <summary>A trend point with the KPI's unit ("2026-10 380 s met"); percents carry their own sign.</summary>
    private static string Short(CommitmentOutcome o, string? unit) =>
        o.Result is { Measured: not null } r && r.Unit != ValueUnit.Percent && unit is not (null or "" or "%") ? $"{Value(r)} {unit} {Verdict(r.Verdict)}" : Short(o);

    private static string Verdict(Verdict verdict) => Words.Verdict(verdict);
}
