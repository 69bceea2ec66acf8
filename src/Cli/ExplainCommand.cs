using System.CommandLine;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla explain CONTRACT... --data DIR --period 2026-10 [--sla NAME] [--as-of INSTANT]</c>: evaluates like
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
        var command = new Command("explain", "Explain, in words, how each SLA and KPI of the contracts came out for one period.") { paths, data, period, asOf, sla };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                return Run(parse.GetValue(paths) ?? [], parse.GetValue(data)!, parse.GetValue(period)!, parse.GetValue(asOf), parse.GetValue(sla), services, stdout, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Run(string[] paths, string dataDirectory, string periodText, string? asOfText, string? only, CliServices services, TextWriter stdout, TextWriter stderr)
    {
        using var session = EvaluateCommand.Open(paths, dataDirectory, periodText, asOfText, services, stderr, out var failure);
        if (session is null) return failure;
        var w = new StringWriter { NewLine = "\n" };
        var found = false;
        foreach (var run in session.Runs)
        {
            var report = EvaluateCommand.Report(run, run.Trends(KpiTrends.DefaultWindows));
            var zone = run.Zone;
            var items = run.Evaluation.Slas.Select(o => (Outcome: o, Kpi: false))
                .Concat(run.Evaluation.Kpis.Select(k => (Outcome: k.Outcome, Kpi: true)))
                .Where(i => only is null || i.Outcome.Commitment == only).ToList();
            if (items.Count == 0) continue;
            found = true;
            w.WriteLine($"Contract \"{run.Evaluation.ContractName}\", period {session.Input.Period} in {zone.Id} ({report.EffectiveRangeText}).");
            if (report.OutsideEffectiveRange) w.WriteLine($"Not in effect for {session.Input.Period}: the period lies outside the contract's effective range.");
            foreach (var (outcome, kpi) in items)
            {
                w.WriteLine();
                var title = report.Titles.GetValueOrDefault(outcome.Commitment);
                var prefix = kpi ? "[internal KPI] " : "";
                if (outcome.Result is not { } result)
                {
                    var clause = outcome.Clause is null ? "" : $" (clause {outcome.Clause})";
                    w.WriteLine($"{prefix}{title ?? outcome.Commitment}{clause}: not evaluated for {session.Input.Period}: {outcome.Reason}.");
                    continue;
                }
                var lines = TraceExplanation.Lines(result.Trace, new ExplanationContext(zone, title, outcome.ClaimDeadline));
                for (var i = 0; i < lines.Length; i++) w.WriteLine(i == 0 ? prefix + lines[i] : "  " + lines[i]);
                if (kpi && report.Trends.GetValueOrDefault(outcome.Commitment, []) is { IsEmpty: false } trend)
                    w.WriteLine($"  Trend over the {trend.Length} earlier periods, oldest first: {string.Join(", ", trend.Select(p => $"{p.Period} {EvaluateCommand.Short(p.Outcome)}"))}.");
            }
            w.WriteLine();
        }
        if (only is not null && !found)
        {
            stderr.WriteLine($"error: --sla '{only}' names no SLA or KPI of the contracts given");
            return ExitCodes.Failure;
        }
        // Names, ids and reasons come from contracts and data: no control character of theirs reaches the terminal.
        stdout.Write(SlaKpiDsl.Dsl.Text.TextCharacters.ForTerminalLines(w.ToString()));
        return ExitCodes.Success;
    }
}
