using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Compiler.Emit;
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
    public const string JsonSchema = "slakpidsl.evaluation/1";

    public static Command Create(CliServices services)
    {
        var paths = new Argument<string[]>("contracts") { Description = "Contract files or folders (searched recursively for *.sla).", Arity = ArgumentArity.OneOrMore };
        var data = new Option<string>("--data") { Description = "Data directory (docs/data.md).", Required = true };
        var period = new Option<string>("--period") { Description = "The period: a month (2026-10) or a quarter (2026-Q4).", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Evaluate as of this instant (RFC 3339, e.g. 2026-12-01T00:00:00Z); default: now." };
        var format = new Option<string>("--format") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("evaluate", "Evaluate contracts' SLAs on a data directory for one period.") { paths, data, period, asOf, format };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                return Run(parse.GetValue(paths) ?? [], parse.GetValue(data)!, parse.GetValue(period)!, parse.GetValue(asOf),
                    parse.GetValue(format) ?? "text", services, stdout, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

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

    private static int Run(string[] paths, string dataDirectory, string periodText, string? asOfText, string format, CliServices services, TextWriter stdout, TextWriter stderr)
    {
        var period = ParsePeriod(periodText);
        if (period is null)
        {
            stderr.WriteLine($"error: --period '{periodText}' is not a month (2026-10) or a quarter (2026-Q4)");
            return ExitCodes.Failure;
        }
        Instant asOf;
        if (asOfText is null) asOf = services.Now();
        else
        {
            var parsed = OffsetDateTimePattern.ExtendedIso.Parse(asOfText);
            if (!parsed.Success)
            {
                stderr.WriteLine($"error: --as-of '{asOfText}' is not an instant with an offset (2026-12-01T00:00:00Z): {parsed.Exception.Message}");
                return ExitCodes.Failure;
            }
            asOf = parsed.Value.ToInstant();
        }
        if (!Directory.Exists(dataDirectory))
        {
            stderr.WriteLine($"error: no such data directory: '{dataDirectory}'");
            return ExitCodes.Failure;
        }
        var contracts = BoundContracts.Load(paths, services, stderr);
        if (contracts is null) return ExitCodes.Failure;

        var load = DataDirectory.Load(dataDirectory, DataLoadOptions.Default);
        if (load.Log.HasErrors)
        {
            // Every data error names its file, line and field; none is skipped silently.
            stderr.WriteLine(load.Log.Format());
            if (!load.Succeeded) return ExitCodes.Failure;
        }

        using var compiled = ContractCompilation.Compile(contracts, services.Cache());
        if (!compiled.Succeeded)
        {
            foreach (var diagnostic in compiled.Diagnostics) stderr.WriteLine(diagnostic.ToString());
            stderr.WriteLine("internal error: the generated C# did not compile -- this is a bug in sla, please report it");
            return ExitCodes.InternalError;
        }
        var input = new EvaluationInput(period, asOf, load.Data.Incidents, load.Data.Maintenance, load.Data.Alerts, load.Data.Requests, load.Data.Deployments);
        var evaluations = compiled.Contracts.Select(c => c.Evaluate(input)).ToList();
        stdout.Write(format == "json" ? Json(evaluations, period, asOf) : Text(evaluations, period, asOf));
        return ExitCodes.Success;
    }

    /// <summary>Display-only rounding of an exact percent (the exact ratio is in the JSON).</summary>
    private static string Percent(ExactRatio ratio) =>
        Math.Round(ratio.ToPercentForDisplay(), 4, MidpointRounding.AwayFromZero).ToString("0.####", CultureInfo.InvariantCulture) + "%";

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A measured value for the table: percent for ratios, the plain number otherwise (breach counts).</summary>
    private static string Measured(CommitmentResult r) => r.Measured is not { } m ? "-" : r.Unit == ValueUnit.Percent ? Percent(m) : Number(m.ToDecimalForDisplay());

    public static string Text(IReadOnlyList<ContractEvaluation> evaluations, EvaluationPeriod period, Instant asOf)
    {
        var w = new StringWriter { NewLine = "\n" };
        w.WriteLine($"period {period}, as of {InstantPattern.ExtendedIso.Format(asOf)}");
        foreach (var evaluation in evaluations)
        {
            w.WriteLine();
            w.WriteLine($"contract \"{evaluation.ContractName}\"");
            w.WriteLine($"  {"sla",-16} {"clause",-8} {"measured",-11} {"target",-14} {"verdict",-15} {"downtime min",12} {"credit",-24} {"budget left min",15}");
            foreach (var outcome in evaluation.Slas)
            {
                if (outcome.Result is not { } r)
                {
                    w.WriteLine($"  {outcome.Commitment,-16} {outcome.Clause ?? "-",-8} {outcome.Reason}");
                    continue;
                }
                var credit = r.Credit is { } c ? $"{Number(c.PercentOfFee)}% = {c.Amount.ToString(CultureInfo.InvariantCulture)} {c.Currency}" : "-";
                w.WriteLine($"  {r.Commitment,-16} {r.Clause ?? "-",-8} {Measured(r),-11} {r.Trace.Measurement.Target,-14} {Verdict(r.Verdict),-15} "
                    + $"{(r.DowntimeSeconds is { } d ? Number(d / 60m) : "-"),12} {credit,-24} {(r.Budget is { } b ? Number(b.RemainingMinutes) : "-"),15}");
                // An SLA of several guarantees: one line per guarantee under the SLA's combined line.
                foreach (var g in outcome.Guarantees)
                    w.WriteLine($"    {"clause " + (g.Clause ?? "-"),-22} {Measured(g),-11} {g.Trace.Measurement.Target,-14} {Verdict(g.Verdict),-15} {g.Trace.Measurement.Measure}");
                foreach (var warning in r.Warnings) w.WriteLine($"    warning: {warning}");
                if (outcome.ClaimDeadline is { } claim) w.WriteLine($"    claim by {claim.LastDay:yyyy-MM-dd}");
            }
            if (evaluation.Kpis.IsEmpty) continue;
            // KPIs are internal (never in a statement): value, target as written, verdict; no credit.
            w.WriteLine($"  {"kpi",-20} {"clause",-8} {"measured",-20} {"target",-44} {"verdict"}");
            foreach (var kpi in evaluation.Kpis)
            {
                if (kpi.Outcome.Result is not { } r)
                {
                    w.WriteLine($"  {kpi.Kpi,-20} {kpi.Outcome.Clause ?? "-",-8} {kpi.Outcome.Reason}");
                    continue;
                }
                var value = r.Measured is { } m ? (kpi.ValueUnit == "%" ? Percent(m) : Number(m.ToDecimalForDisplay()) + " " + kpi.ValueUnit) : "-";
                w.WriteLine($"  {kpi.Kpi,-20} {r.Clause ?? "-",-8} {value,-20} {kpi.TargetText,-44} {Verdict(r.Verdict)}");
            }
        }
        return w.ToString();
    }

    private static string Verdict(Verdict verdict) => verdict switch
    {
        Runtime.Evaluation.Verdict.Met => "met",
        Runtime.Evaluation.Verdict.Breached => "breached",
        _ => "not measurable",
    };

    public static string Json(IReadOnlyList<ContractEvaluation> evaluations, EvaluationPeriod period, Instant asOf)
    {
        var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("schema", JsonSchema);
            json.WriteString("period", period.ToString());
            json.WriteString("asOf", InstantPattern.ExtendedIso.Format(asOf));
            json.WriteStartArray("contracts");
            foreach (var evaluation in evaluations)
            {
                json.WriteStartObject();
                json.WriteString("contract", evaluation.ContractName);
                json.WriteStartArray("slas");
                foreach (var outcome in evaluation.Slas)
                {
                    json.WriteStartObject();
                    json.WriteString("sla", outcome.Commitment);
                    if (outcome.Clause is null) json.WriteNull("clause"); else json.WriteString("clause", outcome.Clause);
                    json.WriteString("outcome", outcome.Kind switch
                    {
                        OutcomeKind.Evaluated => "evaluated",
                        OutcomeKind.OutsideEffectiveRange => "outside-effective-range",
                        OutcomeKind.PeriodMismatch => "period-mismatch",
                        _ => "not-yet-supported",
                    });
                    if (outcome.Reason is not null) json.WriteString("reason", outcome.Reason);
                    if (outcome.Result is { } r)
                    {
                        json.WriteString("window", r.Window);
                        if (r.Measured is { } m)
                        {
                            // Exact value as numerator/denominator; the percent is rounded for display only.
                            json.WriteNumber("measuredNumerator", m.Numerator);
                            json.WriteNumber("measuredDenominator", m.Denominator);
                            json.WriteString("measuredPercentDisplay", Percent(m));
                        }
                        json.WriteString("target", r.Trace.Measurement.Target);
                        json.WriteString("verdict", Verdict(r.Verdict));
                        if (r.DowntimeSeconds is { } d) json.WriteNumber("downtimeSeconds", d);
                        if (r.MeasuredSeconds is { } s) json.WriteNumber("measuredSeconds", s);
                        if (r.Budget is { } b) json.WriteNumber("budgetRemainingSeconds", b.RemainingSeconds);
                        if (r.Credit is { } c)
                        {
                            json.WriteStartObject("credit");
                            json.WriteNumber("percentOfFee", c.PercentOfFee);
                            json.WriteString("amount", c.Amount.ToString(CultureInfo.InvariantCulture));
                            json.WriteString("currency", c.Currency);
                            json.WriteEndObject();
                        }
                        if (outcome.ClaimDeadline is { } claim) json.WriteString("claimBy", claim.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        json.WriteStartArray("warnings");
                        foreach (var warning in r.Warnings) json.WriteStringValue(warning);
                        json.WriteEndArray();
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
