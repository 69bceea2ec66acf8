using System.Collections.Concurrent;
using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Signing;
using SlaKpiDsl.Reports.Templating;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using Spectre.Console;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla statement CONTRACT... --data DIR --period 2026-10 --out DIR [--as-of] [--sign KEY.pfx] [--password-file F]
/// [--no-sign] [--template DIR] [--overwrite]</c>: one signed PDF statement (and its JSON) per contract and period.
/// Contracts run two at a time; a failure for one is reported at the end (exit 1) and the others are still written.
/// </summary>
public static class StatementCommand
{
    public static Command Create(CliServices services)
    {
        var paths = new Argument<string[]>("contracts") { Description = "Contract files or folders (searched recursively for *.sla).", Arity = ArgumentArity.OneOrMore };
        var data = new Option<string>("--data") { Description = "Data directory (docs/data.md).", Required = true };
        var period = new Option<string>("--period") { Description = "The period: a month (2026-10) or a quarter (2026-Q4).", Required = true };
        var output = new Option<string>("--out") { Description = "Directory for the statements (NAME-PERIOD.pdf and .json).", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Evaluate as of this instant (RFC 3339); default: now. Also the PDF's creation date." };
        var sign = new Option<string?>("--sign") { Description = "PKCS#12 signing key (.pfx). Password from SLA_SIGN_PASSWORD or --password-file. Default: the demo certificate." };
        var passwordFile = new Option<string?>("--password-file") { Description = "File whose first line is the signing key's password." };
        var noSign = new Option<bool>("--no-sign") { Description = "Write unsigned statements (byte-identical for the same inputs: audit regeneration)." };
        var template = new Option<string?>("--template") { Description = "Directory with statement.scriban / kpi-report.scriban overriding the built-in wording." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing statement files." };
        var command = new Command("statement", "Write signed PDF compliance statements (with JSON beside them) for one period.")
        {
            paths, data, period, output, asOf, sign, passwordFile, noSign, template, overwrite,
        };
        command.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var options = new Options(parse.GetValue(paths) ?? [], parse.GetValue(data)!, parse.GetValue(period)!, parse.GetValue(output)!,
                    parse.GetValue(asOf), parse.GetValue(sign), parse.GetValue(passwordFile), parse.GetValue(noSign), parse.GetValue(template), parse.GetValue(overwrite));
                return Run(options, services, parse.InvocationConfiguration.Output, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private sealed record Options(string[] Paths, string Data, string Period, string Out, string? AsOf, string? Sign, string? PasswordFile, bool NoSign, string? Template, bool Overwrite);

    /// <summary>One contract's result: the files written, or why not.</summary>
    private sealed record Outcome(string Contract, string? PdfPath, string? Problem, IReadOnlyList<string> Warnings);

    private static int Run(Options o, CliServices services, TextWriter stdout, TextWriter stderr)
    {
        var period = EvaluateCommand.ParsePeriod(o.Period);
        if (period is null)
        {
            stderr.WriteLine($"error: --period '{o.Period}' is not a month (2026-10) or a quarter (2026-Q4)");
            return ExitCodes.Failure;
        }
        if (o.NoSign && (o.Sign is not null || o.PasswordFile is not null))
        {
            stderr.WriteLine("error: --no-sign cannot be combined with --sign or --password-file");
            return ExitCodes.Failure;
        }
        if (o.PasswordFile is not null && o.Sign is null)
        {
            stderr.WriteLine("error: --password-file is for the key given with --sign");
            return ExitCodes.Failure;
        }
        if (ReportInputs.ParseAsOf(o.AsOf, services, stderr) is not { } asOf) return ExitCodes.Failure;
        var templates = ReportInputs.LoadTemplates(o.Template, stderr);
        if (templates is null) return ExitCodes.Failure;
        var (signing, signProblem) = Signing(o, services, asOf);
        if (signProblem is not null)
        {
            stderr.WriteLine("error: " + signProblem);
            return ExitCodes.Failure;
        }
        var contracts = BoundContracts.LoadWithFiles(o.Paths, services, stderr);
        if (contracts is null) return ExitCodes.Failure;
        if (ReportInputs.LoadData(o.Data, stderr) is not { } data) return ExitCodes.Failure;
        // Each contract on its own services' records where its facts allow (one partition, shared by all contracts).
        var input = new ContractInputs(ReportInputs.Input(period, asOf, data.Data));

        var outcomes = new ConcurrentDictionary<int, Outcome>();
        void Work(int index, Action? done)
        {
            var (contract, path, text) = contracts[index];
            outcomes[index] = One(contract, path, text, data.Sha256, input, templates, signing, services, o);
            done?.Invoke();
        }
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 2 };
        if (IsTerminal(services, stdout))
        {
            AnsiConsole.Progress().AutoClear(false).Start(ctx =>
            {
                var task = ctx.AddTask($"statements for {period}", maxValue: contracts.Count);
                Parallel.For(0, contracts.Count, parallel, i => Work(i, () => task.Increment(1)));
            });
        }
        else
        {
            Parallel.For(0, contracts.Count, parallel, i => Work(i, null));
        }

        var failed = 0;
        foreach (var outcome in outcomes.OrderBy(kv => kv.Key).Select(kv => kv.Value))
        {
            foreach (var warning in outcome.Warnings) stderr.WriteLine($"warning: {outcome.Contract}: {warning}");
            if (outcome.Problem is null) stdout.WriteLine($"wrote {outcome.PdfPath} (+ .json){(signing is null ? ", unsigned" : signing.IsDemo ? ", DEMO signature" : ", signed")}");
            else
            {
                failed++;
                stderr.WriteLine($"error: {outcome.Contract}: {outcome.Problem}");
            }
        }
        stdout.WriteLine($"{outcomes.Count - failed} of {outcomes.Count} statements written for {period}{(failed > 0 ? $", {failed} failed" : "")}");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static bool IsTerminal(CliServices services, TextWriter stdout) =>
        ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && services.ColourAllowed;

    /// <summary>
    /// The key: --no-sign none; --sign a PKCS#12 file with its password from the environment or a file; else the demo
    /// certificate. Either must be valid at the as-of instant and now, and allow signing (key usage).
    /// </summary>
    private static (SigningOptions?, string?) Signing(Options o, CliServices services, NodaTime.Instant asOf)
    {
        if (o.NoSign) return (null, null);
        X509Certificate2? certificate;
        string? problem;
        if (o.Sign is not null)
        {
            IPasswordSource source = o.PasswordFile is not null ? new FilePasswordSource(o.PasswordFile) : new EnvironmentPasswordSource();
            (certificate, problem) = SigningKey.Load(o.Sign, source);
        }
        else
        {
            (certificate, problem) = DemoCertificate.GetOrCreate(services.DemoKeyDirectory());
        }
        if (certificate is null) return (null, problem);
        var refused = SigningCertificatePolicy.SigningProblem(certificate, asOf.ToDateTimeUtc(), services.Now().ToDateTimeUtc());
        if (refused is not null) return (null, $"{o.Sign ?? "the demo certificate"}: {refused}; statements are not signed with it");
        return (new SigningOptions(certificate), null);
    }

    /// <summary>Compiles (cached, on its own so its evaluator hash does not depend on the batch), evaluates, maps, renders, writes.</summary>
    private static Outcome One(BoundContract contract, string path, string text, string dataSha256, ContractInputs input, TemplateSet templates, SigningOptions? signing, CliServices services, Options o)
    {
        try
        {
            using var compiled = ContractCompilation.Compile([contract], services.Cache());
            if (!compiled.Succeeded)
                return new Outcome(contract.Name, null, "internal error: the generated C# did not compile -- this is a bug in sla, please report it: " + string.Join("; ", compiled.Diagnostics), []);
            var evaluation = compiled.Contracts[0].Evaluate(input.For(compiled.Contracts[0].Facts));
            var footer = new StatementFooter(ReportInputs.Sha256(text), dataSha256, compiled.Assembly!.Sha256);
            var document = StatementMapping.Map(evaluation, ReportInputs.Context(contract, footer));
            var rendered = StatementRenderer.Render(document, templates, signing);
            if (!rendered.IsSuccess) return new Outcome(contract.Name, null, string.Join("; ", rendered.Errors), []);
            var (paths, problem) = OutputFiles.Write(rendered, o.Out, $"{ReportInputs.Slug(contract.Name)}-{input.Whole.Period}", o.Overwrite);
            var warnings = rendered.Warnings.ToList();
            if (document.Commitments.All(c => c.Verdict == Reports.Model.Verdict.NotEvaluated))
                warnings.Add("no SLA of this contract could be evaluated for the period; the statement says so");
            return new Outcome(contract.Name, paths.PdfPath, problem, warnings);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // One customer's failure must not cost the others their statements; the message says it is a bug.
            return new Outcome(contract.Name, null, $"internal error ({exception.GetType().Name}: {exception.Message}) -- this is a bug in sla, please report it", []);
        }
    }
}
