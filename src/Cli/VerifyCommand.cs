using System.CommandLine;
using SlaKpiDsl.Reports.Verification;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla verify STATEMENT.pdf...</c>: checks each statement's signature, its certificate at the statement's as-of
/// instant, and the embedded result hash (and the JSON beside it). Exit 0 when every statement is valid, 1 otherwise.
/// </summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("statements") { Description = "Signed statement PDF files.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("verify", "Verify signed compliance statements: signature, certificate and result hash.") { files };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                return Run(parse.GetValue(files) ?? [], stdout);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Run(string[] files, TextWriter stdout)
    {
        var invalid = 0;
        foreach (var file in files)
        {
            var result = StatementVerifier.Verify(file);
            if (!result.IsValid) invalid++;
            stdout.WriteLine($"{file}: {result}");
        }
        return invalid == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
