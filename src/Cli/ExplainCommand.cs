using System.CommandLine;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla explain CONTRACT... --data DIR --period 2026-10 [--sla NAME] [--as-of INSTANT] [--format text|json] [--trend N]</c>: evaluates like
/// <c>sla evaluate</c> and prints each commitment's explanation trace in words (<see cref="TraceExplanation"/>), KPIs
/// included (marked internal). Exit 1 for bad arguments (including an --sla that names nothing), contracts or data.
/// </summary>
public static class ExplainCommand
{
    public static Command Create(CliServices services)
    {
        var paths = new Argument<string[]>("contracts") { Description = "Contract files or folders (searched recursively for *.sla).", Arity = ArgumentArity.OneOrMore };
        var data = new Option<string>("--data") { Description = "Data directory (docs/data.md).", Required = true };
        var period = new Option<string>("--period") { Description = "The period: a month (2026-10) or a quarter (2026-Q4).", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Evaluate as of this instant (RFC 3339); default: now." };
        var sla = new Option<string?>("--sla") { Description = "Explain only the SLA or KPI with this name." };
        var format = new Option<string>("--format") { Description = "Output format: text, or json (the same sentences, one array per commitment).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var trend = EvaluateCommand.TrendOption();
        var command = new Command("explain", "Explain, in words, how each SLA and KPI of the contracts came out for one period.") { paths, data, period, asOf, sla, format, trend };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                return Run(parse.GetValue(paths) ?? [], parse.GetValue(data)!, parse.GetValue(period)!, parse.GetValue(asOf), parse.GetValue(sla),
                    parse.GetValue(format) ?? "text", parse.GetValue(trend), services, stdout, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    /// <summary>The version tag of the JSON output.</summary>
    public const string JsonSchema = "sla-explain/1";

    /// <summary>One commitment's explanation: its name, title, whether it is an internal KPI, and its sentences in order.</summary>
    private sealed record Explained(string Contract, string Commitment, string? Title, bool Kpi, string? Clause, string? Verdict, List<string> Lines);

    private static int Run(string[] paths, string dataDirectory, string periodText, string? asOfText, string? only, string format, int trendWindows, CliServices services, TextWriter stdout, TextWriter stderr)
    {
        if (EvaluateCommand.ParsePeriod(periodText) is { } period && !Arguments.Trend(trendWindows, period, stderr)) return ExitCodes.Failure;
        var explained = new List<Explained>();
        using var session = EvaluateCommand.Open(paths, dataDirectory, periodText, asOfText, services, stderr, out var failure);
        if (session is null) return failure;
        var w = new StringWriter { NewLine = "\n" };
        var found = false;
        foreach (var run in session.Runs)
        {
            var report = EvaluateCommand.Report(run, run.Trends(trendWindows));
            var zone = run.Zone;
            var items = run.Evaluation.Slas.Select(o => (Outcome: o, Kpi: false))
                .Concat(run.Evaluation.Kpis.Select(k => (Outcome: k.Outcome, Kpi: true)))
                .Where(i => only is null || i.Outcome.Commitment == only).ToList();
            if (items.Count == 0) continue;
            found = true;
            w.WriteLine($"Contract \"{run.Evaluation.ContractName}\", period {session.Period} in {zone.Id} ({report.EffectiveRangeText}).");
            if (report.OutsideEffectiveRange) w.WriteLine($"Not in effect for {session.Period}: the period lies outside the contract's effective range.");
            foreach (var (outcome, kpi) in items)
            {
                w.WriteLine();
                var title = report.Titles.GetValueOrDefault(outcome.Commitment);
                var prefix = kpi ? "[internal KPI] " : "";
                var item = new Explained(run.Evaluation.ContractName, outcome.Commitment, title, kpi, outcome.Clause, outcome.Result?.Verdict.ToString(), []);
                explained.Add(item);
                if (outcome.Result is not { } result)
                {
                    var clause = outcome.Clause is null ? "" : $" (clause {outcome.Clause})";
                    var line = $"{title ?? outcome.Commitment}{clause}: not evaluated for {session.Period}: {outcome.Reason}.";
                    item.Lines.Add(line);
                    w.WriteLine(prefix + line);
                    continue;
                }
                var lines = TraceExplanation.Lines(result.Trace, new ExplanationContext(zone, title, outcome.ClaimDeadline));
                item.Lines.AddRange(lines);
                for (var i = 0; i < lines.Length; i++) w.WriteLine(i == 0 ? prefix + lines[i] : "  " + lines[i]);
                if (kpi && report.Trends.GetValueOrDefault(outcome.Commitment, []) is { Count: > 0 } trend)
                {
                    var line = $"Trend over the {trend.Count} earlier periods, oldest first: {string.Join(", ", trend.Select(p => $"{p.Period} {EvaluateCommand.Short(p.Outcome)}"))}.";
                    item.Lines.Add(line);
                    w.WriteLine("  " + line);
                }
            }
            w.WriteLine();
        }
        if (only is not null && !found)
        {
            stderr.WriteLine($"error: --sla '{only}' names no SLA or KPI of the contracts given");
            return ExitCodes.Failure;
        }
        // Names, ids and reasons come from contracts and data: no control character of theirs reaches the terminal
        // (JSON escapes them itself).
        stdout.Write(format == "json" ? Json(explained, session.Period, session.AsOf) : SlaKpiDsl.Dsl.Text.TextCharacters.ForTerminalLines(w.ToString()));
        return ExitCodes.Success;
    }

    private static string Json(List<Explained> explained, EvaluationPeriod period, NodaTime.Instant asOf)
    {
        var document = new
        {
            schema = JsonSchema,
            period = period.ToString(),
            asOf = NodaTime.Text.InstantPattern.ExtendedIso.Format(asOf),
            commitments = explained.Select(e => new
            {
                contract = e.Contract,
                commitment = e.Commitment,
                title = e.Title,
                kind = e.Kpi ? "kpi" : "sla",
                clause = e.Clause,
                verdict = e.Verdict is null ? null : char.ToLowerInvariant(e.Verdict[0]) + e.Verdict[1..],
                explanation = e.Lines,
            }),
        };
        return System.Text.Json.JsonSerializer.Serialize(document, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
