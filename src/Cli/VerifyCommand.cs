using System.CommandLine;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Signing;
using SlaKpiDsl.Reports.Verification;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla verify STATEMENT.pdf... [--trust FILE_OR_FOLDER]... [--system-trust] [--accept-demo]</c>: verifies each
/// statement as a relying party (docs/reports.md). One line per file; every file is verified whatever the others gave.
/// Exit: 0 all valid; 1 any invalid; 3 any untrusted (and none invalid); 4 any demo without --accept-demo (and none
/// invalid or untrusted).
/// </summary>
public static class VerifyCommand
{
    public static Command Create(CliServices services)
    {
        var files = new Argument<string[]>("statements") { Description = "Signed statement PDF files.", Arity = ArgumentArity.OneOrMore };
        var trust = new Option<string[]>("--trust")
        {
            Description = "A trusted root certificate (PEM or DER), or a folder of them; repeatable. Other certificates given help build chains.",
            Arity = ArgumentArity.OneOrMore,
        };
        var systemTrust = new Option<bool>("--system-trust") { Description = "Also trust the operating system's root certificates." };
        var acceptDemo = new Option<bool>("--accept-demo") { Description = "Exit 0 for statements signed with this machine's demo certificate (still printed as DEMO)." };
        var command = new Command("verify",
            "Verify signed compliance statements as a relying party: byte range, signature, signing certificate binding, "
            + "validity at signing time and as-of, key usage, chain to a trust anchor, result hash. "
            + "Exit codes: 0 valid; 1 invalid or tampered (or a bad option); 2 internal error (a bug); "
            + "3 untrusted (signature intact, chain not to a named anchor); 4 demo certificate (0 with --accept-demo).")
        {
            files, trust, systemTrust, acceptDemo,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var demo = DemoCertificate.TryLoad(services.DemoKeyDirectory());
                var (anchors, problem) = TrustAnchors.Load(parse.GetValue(trust) ?? [], parse.GetValue(systemTrust), demo);
                if (anchors is null)
                {
                    stderr.WriteLine("error: " + problem);
                    return ExitCodes.Failure;
                }
                return Run(parse.GetValue(files) ?? [], anchors, parse.GetValue(acceptDemo), stdout);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Run(string[] files, TrustAnchors anchors, bool acceptDemo, TextWriter stdout)
    {
        var seen = new HashSet<VerificationStatus>();
        foreach (var file in files)
        {
            var result = StatementVerification.Verify(file, anchors);
            seen.Add(result.Status);
            var note = result.Status == VerificationStatus.Demo && acceptDemo ? " (accepted: --accept-demo)" : "";
            stdout.WriteLine($"{file}: {result}{note}");
        }
        if (seen.Contains(VerificationStatus.Invalid)) return ExitCodes.Failure;
        if (seen.Contains(VerificationStatus.Untrusted)) return ExitCodes.Untrusted;
        if (seen.Contains(VerificationStatus.Demo) && !acceptDemo) return ExitCodes.Demo;
        return ExitCodes.Success;
    }
}
