using System.CommandLine;
using SlaKpiDsl.LanguageServer;

namespace SlaKpiDsl.Cli;

/// <summary><c>sla lsp [--stdio]</c>: the language server on standard input and output (what editors start).</summary>
public static class LspCommand
{
    public static Command Create(CliServices services)
    {
        // Editors' clients pass --stdio; stdio is the only transport, so the option only has to be accepted.
        var stdio = new Option<bool>("--stdio") { Description = "Speak the protocol on standard input and output (the default and only transport)." };
        var command = new Command("lsp", "Run the language server (Language Server Protocol over stdio) for editors.") { stdio };
        command.SetAction(parse =>
        {
            try
            {
                using var input = new BufferedStream(Console.OpenStandardInput());
                using var output = Console.OpenStandardOutput();
                return new SlaLanguageServer(input, output, services.Now).Run();
            }
            catch (Exception exception)
            {
                return Program.InternalError(parse.InvocationConfiguration.Error, exception);
            }
        });
        return command;
    }
}
