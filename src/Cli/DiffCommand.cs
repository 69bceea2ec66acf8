using System.CommandLine;
using System.Text;
using System.Text.Json;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Wording;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla diff OLD NEW</c> or <c>sla diff FILE --rev A [--rev B]</c> <c>[--data DIR --period P [--as-of T]] [--format
/// text|json]</c>: what changed in each contract, SLA and KPI between two versions, in words, and with data what the
/// change would have done to the period's results and credits. The comparison and evaluation are the pipeline's
/// (<see cref="ContractDiffs"/>); this file reads arguments and prints.
/// </summary>
public static class DiffCommand
{
    /// <summary>The version tag of the JSON output.</summary>
    public const string JsonSchema = "sla-diff/1";

    public static Command Create(CliServices services)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "OLD and NEW: two contract files (.sla, order forms, .orders.csv tables); or one file with --rev.",
            Arity = new ArgumentArity(1, 2),
        };
        var revisions = new Option<string[]>("--rev")
        {
            Description = "A git revision of FILE (git show REV:FILE): one compares it with FILE on disk, two compare the first with the second.",
            AllowMultipleArgumentsPerToken = false,
        };
        var data = new Option<string?>("--data") { Description = "Data directory: evaluate both versions on it and say what the change would have done (needs --period)." };
        var period = new Option<string?>("--period") { Description = "The period with --data: a month (2026-11) or a quarter (2026-Q4)." };
        var asOf = new Option<string?>("--as-of") { Description = "With --data: evaluate as of this instant (RFC 3339); default: now." };
        var format = new Option<string>("--format") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("diff",
            "Say in words what changed between two versions of a contract (targets, windows, exclusions, credit tiers, caps, "
            + "fees, services, time zone, claims, SLAs and KPIs added or removed), comparing the checked models, not the text; "
            + "with --data and --period, what the change would have done to that period's results and credits.\n\n"
            + "Exit codes (as diff(1), with this CLI's 1 for bad input): 0 the versions say the same; 3 they differ; "
            + "1 an unreadable or missing file, a file with errors, a bad revision or bad options (nothing compared); 2 a bug in sla (please report it).")
        {
            files, revisions, data, period, asOf, format,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                return Run(parse.GetValue(files) ?? [], parse.GetValue(revisions) ?? [], parse.GetValue(data), parse.GetValue(period), parse.GetValue(asOf),
                    parse.GetValue(format) ?? "text", services, stdout, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Run(string[] files, string[] revisions, string? dataDirectory, string? periodText, string? asOfText, string format,
        CliServices services, TextWriter stdout, TextWriter stderr)
    {
        DiffInput old, @new;
        switch (files.Length, revisions.Length)
        {
            case (2, 0):
                (old, @new) = (new DiffInput(files[0]), new DiffInput(files[1]));
                break;
            case (1, 1):
                (old, @new) = (new DiffInput(files[0], revisions[0]), new DiffInput(files[0]));
                break;
            case (1, 2):
                (old, @new) = (new DiffInput(files[0], revisions[0]), new DiffInput(files[0], revisions[1]));
                break;
            case (1, 0):
                stderr.WriteLine("error: name two files (OLD NEW), or one file with --rev REV [--rev REV]");
                return ExitCodes.Failure;
            case (2, _):
                stderr.WriteLine("error: --rev compares one file at git revisions; with two files, leave --rev out");
                return ExitCodes.Failure;
            default:
                stderr.WriteLine("error: --rev is given once (that revision against the file on disk) or twice (the first against the second)");
                return ExitCodes.Failure;
        }
        foreach (var revision in revisions)
        {
            // A revision starting with '-' would reach git as an option.
            if (revision.Length == 0 || revision.StartsWith('-'))
            {
                stderr.WriteLine($"error: --rev '{revision}' is not a git revision");
                return ExitCodes.Failure;
            }
        }
        DiffData? data = null;
        if (dataDirectory is not null || periodText is not null || asOfText is not null)
        {
            if (dataDirectory is null || periodText is null)
            {
                stderr.WriteLine("error: --data and --period go together (--as-of needs both)");
                return ExitCodes.Failure;
            }
            if (Arguments.Period(periodText, stderr) is not { } period) return ExitCodes.Failure;
            if (Arguments.AsOf(asOfText, services, stderr) is not { } instant) return ExitCodes.Failure;
            data = new DiffData(dataDirectory, period, instant);
        }
        var outcome = ContractDiffs.Run(old, @new, data, services.Pipeline);
        if (outcome.Value is not { } report) return Problems.Fail(outcome, stderr);
        Problems.Print(outcome.Problems, stderr);
        var text = format == "json" ? Json(report) : Text(report);
        stdout.Write(SlaKpiDsl.Dsl.Text.TextCharacters.ForTerminalLines(text));
        return report.Differs ? ExitCodes.Differ : ExitCodes.Success;
    }

    /// <summary>
    /// The changes by contract, then by where they are (the contract's own terms, each SLA, each KPI), one per line; with
    /// data each SLA's and KPI's effect after its changes (on the change's own line when it has one), and the total credit.
    /// </summary>
    public static string Text(DiffReport report)
    {
        var text = new StringBuilder();
        text.Append("--- ").Append(report.Old).Append('\n');
        text.Append("+++ ").Append(report.New).Append('\n');
        var periodName = report.Period is { } p ? Words.PeriodName(p) : null;
        var printed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var contract in report.Contracts)
        {
            // An amended contract's total over all its versions follows its last version, when any version of it was said.
            var lastOfItsContract = report.Contracts.Last(c => c.Contract == contract.Contract) == contract;
            // In a table of many, the contracts that stayed the same are only counted (the last line).
            if (contract.Kind == ContractDiffKind.Same && report.Contracts.Length > 1)
            {
                if (lastOfItsContract) ContractTotal(contract);
                continue;
            }
            printed.Add(contract.Contract);
            var kind = contract.Kind switch
            {
                ContractDiffKind.Same => "the same",
                ContractDiffKind.Added => "added",
                ContractDiffKind.Removed => "removed",
                _ => contract.Changes.Length == 1 ? "1 change" : $"{contract.Changes.Length} changes",
            };
            text.Append(contract.Version is { } version
                ? $"contract \"{contract.Contract}\", {Words.VersionTerms(version)}: {kind}\n"
                : $"contract \"{contract.Name}\": {kind}\n");
            // An added or removed contract says so on its own line; its SLAs' outcomes follow.
            var changesToSay = contract.Kind is ContractDiffKind.Added or ContractDiffKind.Removed ? [] : contract.Changes;
            var blocks = changesToSay.Select(c => (c.Scope, c.Block))
                .Concat(contract.Effects.Select(e => (e.Scope, (string?)e.Block)))
                .Distinct().ToList();
            foreach (var (scope, block) in blocks)
            {
                var changes = changesToSay.Where(c => c.Scope == scope && c.Block == block).ToList();
                var effect = contract.Effects.FirstOrDefault(e => e.Scope == scope && e.Block == block);
                // A whole SLA or KPI added or removed is one line of its own (with its one side's outcome).
                if (changes.Count == 1 && changes[0].Term is ContractTerm.Sla or ContractTerm.Kpi)
                {
                    text.Append("  ").Append(Words.Change(changes[0]));
                    if (effect is not null && periodName is not null) text.Append(": ").Append(Words.Effect(effect, periodName));
                    text.Append('\n');
                    continue;
                }
                text.Append("  ").Append(Words.ChangeBlock(scope, block)).Append('\n');
                if (changes.Count == 1 && effect is not null && periodName is not null)
                {
                    text.Append("    ").Append(Words.Change(changes[0])).Append(": ").Append(Words.Effect(effect, periodName)).Append('\n');
                    continue;
                }
                foreach (var change in changes) text.Append("    ").Append(Words.Change(change)).Append('\n');
                if (effect is not null && periodName is not null) text.Append("    ").Append(Words.Effect(effect, periodName)).Append('\n');
            }
            if (contract.TotalCredit is { } total && periodName is not null && contract.Kind != ContractDiffKind.Same)
                text.Append("  ").Append(contract.Version is null
                    ? Words.TotalCredit(total.Old, total.New, total.Currency, periodName)
                    : Words.VersionCredit(total.Old, total.New, total.Currency, periodName)).Append('\n');
            if (lastOfItsContract) ContractTotal(contract);
        }
        // Versions of one amended contract are one contract here: it differs when any of its versions does.
        var contracts = report.Contracts.GroupBy(c => c.Contract, StringComparer.Ordinal).ToList();
        var changed = contracts.Count(g => g.Any(c => c.Kind != ContractDiffKind.Same));
        text.Append(changed == 0
            ? "no differences: both versions say the same\n"
            : $"{Words.Count(changed, "contract")} differ{(changed == 1 ? "s" : "")}, {Words.Count(contracts.Count - changed, "contract")} the same\n");
        return text.ToString();

        void ContractTotal(ContractDiff last)
        {
            if (last.ContractTotalCredit is { } whole && periodName is not null && printed.Contains(last.Contract))
                text.Append($"contract \"{last.Contract}\": ").Append(Words.TotalCredit(whole.Old, whole.New, whole.Currency, periodName)).Append(" over all its terms\n");
        }
    }

    /// <summary>The same as <see cref="Text"/> as JSON (<see cref="JsonSchema"/>): every change with its words and its two sides' words, every effect with both outcomes.</summary>
    public static string Json(DiffReport report)
    {
        var periodName = report.Period is { } p ? Words.PeriodName(p) : null;
        var document = new
        {
            schema = JsonSchema,
            old = report.Old,
            @new = report.New,
            period = report.Period?.ToString(),
            differs = report.Differs,
            contracts = report.Contracts.Select(c => new
            {
                name = c.Name,
                kind = c.Kind.ToString().ToLowerInvariant(),
                changes = c.Changes.Select(change => new
                {
                    @in = change.Scope.ToString().ToLowerInvariant(),
                    block = change.Block,
                    term = JsonNamingPolicy.CamelCase.ConvertName(change.Term.ToString()),
                    ordinal = change.Ordinal,
                    old = change.Old is null ? null : Words.Value(change.Old),
                    @new = change.New is null ? null : Words.Value(change.New),
                    text = Words.Change(change),
                }),
                effects = periodName is null ? null : c.Effects.Select(e => new
                {
                    @in = e.Scope.ToString().ToLowerInvariant(),
                    block = e.Block,
                    old = Side(e.Old),
                    @new = Side(e.New),
                    text = Words.Effect(e, periodName),
                }),
                totalCredit = periodName is null || c.TotalCredit is not { } t ? null : new { old = t.Old, @new = t.New, currency = t.Currency },
                // A version of an amended contract: which terms, and on its last version the contract's total over all of them.
                contract = c.Contract,
                version = c.Version is { } v ? new { number = v.Number, effective = v.Effective?.ToString("yyyy-MM-dd", null), terms = Words.VersionTerms(v) } : null,
                contractTotalCredit = periodName is null || c.ContractTotalCredit is not { } w ? null : new { old = w.Old, @new = w.New, currency = w.Currency },
            }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static object? Side(OutcomeSide? side) => side is null ? null : new
    {
        verdict = side.Verdict is { } v ? Words.Verdict(v) : null,
        // A count SLA's value is its count ("1 of 2 guarantees breached"), never a bare "1".
        measured = side.Count is null && side.Measured is { } m ? Words.Measured(m, side.Unit, side.Target, grouped: false) + (side.UnitName is { } unit ? " " + unit : "") : null,
        count = side.Count,
        credit = side.Credit,
        currency = side.Currency,
        reason = side.Reason,
    };
}
