using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Signing;
using Spectre.Console;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla statement CONTRACT... --data DIR --period 2026-10 -o DIR [--as-of] [--sign KEY.pfx] [--password-file F]
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
        var output = Conventions.OutputOptions("Directory for the statements (NAME-PERIOD.pdf and .json).");
        var asOf = new Option<string?>("--as-of") { Description = "Evaluate as of this instant (RFC 3339); default: now. Also the PDF's creation date." };
        var sign = new Option<string?>("--sign") { Description = "PKCS#12 signing key (.pfx). Password from SLA_SIGN_PASSWORD or --password-file. Default: the demo certificate." };
        var passwordFile = new Option<string?>("--password-file") { Description = "File whose first line is the signing key's password." };
        var noSign = new Option<bool>("--no-sign") { Description = "Write unsigned statements (byte-identical for the same inputs: audit regeneration)." };
        var template = new Option<string?>("--template") { Description = "Directory with statement.scriban / kpi-report.scriban overriding the built-in wording." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing statement files." };
        var command = new Command("statement", "Write signed PDF compliance statements (with JSON beside them) for one period.")
        {
            paths, data, period, output.Output, output.Legacy, asOf, sign, passwordFile, noSign, template, overwrite,
        };
        command.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                if (Conventions.Output(parse, output, stderr) is not { } outputDirectory) return ExitCodes.Failure;
                var options = new Options(parse.GetValue(paths) ?? [], parse.GetValue(data)!, parse.GetValue(period)!, outputDirectory,
                    parse.GetValue(asOf), parse.GetValue(sign), parse.GetValue(passwordFile), parse.GetValue(noSign), parse.GetValue(template), parse.GetValue(overwrite),
                    Conventions.ColourAllowed(parse, services));
                return Run(options, services, parse.InvocationConfiguration.Output, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private sealed record Options(string[] Paths, string Data, string Period, string Out, string? AsOf, string? Sign, string? PasswordFile, bool NoSign, string? Template, bool Overwrite, bool Colour);

    private static int Run(Options o, CliServices services, TextWriter stdout, TextWriter stderr)
    {
        if (Arguments.Period(o.Period, stderr) is not { } period) return ExitCodes.Failure;
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
        if (Arguments.AsOf(o.AsOf, services, stderr) is not { } asOf) return ExitCodes.Failure;
        var templates = Arguments.Templates(o.Template, stderr);
        if (templates is null) return ExitCodes.Failure;
        var (signing, signProblem) = Signing(o, services, asOf);
        if (signProblem is not null)
        {
            stderr.WriteLine("error: " + signProblem);
            return ExitCodes.Failure;
        }
        var request = new StatementRequest(o.Paths, o.Data, period, asOf, o.Out, o.Overwrite, templates, signing);
        Outcome<StatementBatch>? written = null;
        if (o.Colour && IsTerminal(services, stdout))
        {
            AnsiConsole.Progress().AutoClear(false).Start(ctx =>
                written = Statements.Write(request, services.Pipeline, count =>
                {
                    var task = ctx.AddTask($"statements for {period}", maxValue: count);
                    return () => task.Increment(1);
                }));
        }
        else
        {
            written = Statements.Write(request, services.Pipeline);
        }
        Problems.Print(written!.Problems, stderr);
        if (written.Value is not { } batch) return written.FailureExitCode;

        var failed = 0;
        foreach (var outcome in batch.Outcomes)
        {
            foreach (var warning in outcome.Warnings) stderr.WriteLine($"warning: {outcome.Contract}: {warning}");
            if (outcome.Problem is null) stdout.WriteLine($"wrote {outcome.PdfPath} (+ .json){(signing is null ? ", unsigned" : signing.IsDemo ? ", DEMO signature" : ", signed")}");
            else
            {
                failed++;
                stderr.WriteLine($"error: {outcome.Contract}: {outcome.Problem}");
            }
        }
        stdout.WriteLine($"{batch.Outcomes.Length - failed} of {batch.Outcomes.Length} statements written for {period}{(failed > 0 ? $", {failed} failed" : "")}");
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
        X509Certificate2Collection? intermediates = null;
        string? problem;
        if (o.Sign is not null)
        {
            IPasswordSource source = o.PasswordFile is not null ? new FilePasswordSource(o.PasswordFile) : new EnvironmentPasswordSource();
            (var key, problem) = SigningKey.LoadWithChain(o.Sign, source);
            (certificate, intermediates) = (key?.Certificate, key?.Intermediates);
        }
        else
        {
            (certificate, problem) = DemoCertificate.GetOrCreate(services.DemoKeyDirectory());
        }
        if (certificate is null) return (null, problem);
        var refused = SigningCertificatePolicy.SigningProblem(certificate, asOf.ToDateTimeUtc(), services.Now().ToDateTimeUtc());
        if (refused is not null) return (null, $"{o.Sign ?? "the demo certificate"}: {refused}; statements are not signed with it");
        return (new SigningOptions(certificate, intermediates: intermediates), null);
    }
}
