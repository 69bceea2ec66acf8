using System.CommandLine;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Pipeline;
using ContractParse = SlaKpiDsl.Dsl.Parsing.ParseResult;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Cli;

/// <summary>
/// What the commands need from the outside world, injected so tests run commands in-process: the checker, the
/// formatter, the working directory (for relative SARIF URIs) and whether colour is allowed at all. Everything the
/// pipeline needs is handed to it as <see cref="Pipeline"/>.
/// </summary>
public sealed record CliServices(
    Func<SourceText, CheckResult> Check,
    Func<ContractParse, string>? Formatter,
    string CurrentDirectory,
    bool ColourAllowed)
{
    /// <summary>Reads a contract file; replaced in tests to simulate I/O failures.</summary>
    public Func<string, string> ReadText { get; init; } = File.ReadAllText;

    /// <summary>Checks a test file whose tests may name contracts of the <c>.sla</c> files beside it (<c>sla test</c>).</summary>
    public Func<SourceText, IReadOnlyList<SlaKpiDsl.Compiler.Semantics.Model.BoundContract>, CheckResult> CheckBeside { get; init; } = new PipelineServices().CheckBeside;

    /// <summary>The evaluator cache's folder (and, beside its entries, the data snapshots'); tests point it at a temporary folder or turn it off (null).</summary>
    public string? CacheDirectory { get; init; } = PipelineServices.DefaultCacheDirectory();

    /// <summary>Where the cache's notes go, one line each (the command line prints them on stderr); null drops them.</summary>
    public Action<string>? CacheNotes { get; init; }

    /// <summary>
    /// Whether <c>sla evaluate</c> may take evaluators from the cache by the contracts' exact text, skipping the checker.
    /// True for the real process; off by default so a test that injects another <see cref="Check"/> is never answered
    /// from an entry the real checker recorded.
    /// </summary>
    public bool CacheCheckedSources { get; init; }

    /// <summary>The default as-of instant of <c>sla evaluate</c>: the only clock read, here at the edge.</summary>
    public Func<NodaTime.Instant> Now { get; init; } = new PipelineServices().Now;

    /// <summary>
    /// Asks the user for a value (<c>sla init</c>): shows the prompt and returns the line typed, null at the end of input.
    /// Null when stdin is not a terminal (then a missing value is an error, never a hang).
    /// </summary>
    public Func<string, string?>? Prompt { get; init; }

    /// <summary>
    /// The same services as the pipeline takes them, with one evaluator cache (<see cref="PipelineServices.CacheIn"/>):
    /// a command takes them once per run.
    /// </summary>
    public PipelineServices Pipeline => new()
    {
        Check = Check,
        CheckBeside = CheckBeside,
        ReadText = ReadText,
        Cache = PipelineServices.CacheIn(CacheDirectory, CacheNotes),
        CacheCheckedSources = CacheCheckedSources,
        Now = Now,
    };

    /// <summary>Where the demo signing certificate lives: beside the evaluator cache (deleting it is safe; it is recreated).</summary>
    public string DemoKeyDirectory() => Pipeline.DemoKeyDirectory();

    public static CliServices FromProcess() => new(
        new PipelineServices().Check,
        DefaultFormatter,
        Environment.CurrentDirectory,
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")))
    {
        CacheCheckedSources = true,
        Prompt = Console.IsInputRedirected ? null : prompt =>
        {
            Console.Error.Write(prompt);
            return Console.ReadLine();
        },
    };

    /// <summary>The Dsl's canonical formatter (src/Dsl/Formatting).</summary>
    public static Func<ContractParse, string> DefaultFormatter => ContractChecking.CanonicalFormatter;
}

/// <summary>Wires the commands; each command lives in its own file and holds no domain logic.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        RunTimings.Start();
        return Run(args, Console.Out, Console.Error, CliServices.FromProcess());
    }

    public static int Run(string[] args, TextWriter output, TextWriter error, CliServices services)
    {
        services = services with { CacheNotes = services.CacheNotes ?? error.WriteLine }; // the cache's notes on stderr
        var root = new RootCommand("sla: check, format, compile and evaluate service level agreements written in the SlaKpiDsl contract language.");
        root.Subcommands.Add(CheckCommand.Create(services));
        root.Subcommands.Add(FmtCommand.Create(services));
        root.Subcommands.Add(VerifyCommand.Create(services));
        root.Subcommands.Add(CompileCommand.Create(services));
        root.Subcommands.Add(EvaluateCommand.Create(services));
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create(services));
        root.Subcommands.Add(StatementCommand.Create(services));
        root.Subcommands.Add(ReportCommand.Create(services));
        root.Subcommands.Add(PortfolioCommand.Create(services));
        root.Subcommands.Add(TestCommand.Create(services));
        root.Subcommands.Add(ImportCommand.Create(services));
        root.Subcommands.Add(LspCommand.Create(services));
        root.Subcommands.Add(InitCommand.Create(services));
        root.Subcommands.Add(DiffCommand.Create(services));
        foreach (var command in root.Subcommands) Conventions.Apply(command);
        try
        {
            var parse = root.Parse(args);
            // A word starting with '-' that no option took is an unknown option, never a contract path.
            if (Conventions.UnknownOption(parse) is { } unknown)
            {
                error.WriteLine($"error: unknown option '{unknown}' for 'sla {parse.CommandResult.Command.Name}'; 'sla {parse.CommandResult.Command.Name} --help' lists the options (to name a file that starts with '-', write ./{unknown})");
                return ExitCodes.Failure;
            }
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception exception)
        {
            return InternalError(error, exception); // commands catch their own; this covers the command line library
        }
    }

    /// <summary>Turns an unexpected exception into the message users can report, and exit code 2.</summary>
    internal static int InternalError(TextWriter error, Exception exception)
    {
        if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerExceptions[0];
        error.WriteLine($"internal error: {exception.GetType().Name}: {exception.Message} -- this is a bug in sla, please report it");
        error.WriteLine(exception.ToString());
        return ExitCodes.InternalError;
    }
}

/// <summary>Exit codes every command shares.</summary>
public static class ExitCodes
{
    /// <summary>Clean, or only warnings (without --warnaserror).</summary>
    public const int Success = 0;

    /// <summary>Errors in the input (including a missing path), or files fmt --check would change.</summary>
    public const int Failure = 1;

    /// <summary>A bug in sla itself.</summary>
    public const int InternalError = 2;

    /// <summary><c>sla verify</c>: the signatures hold but a signer's chain does not end at a named trust anchor.</summary>
    public const int Untrusted = 3;

    /// <summary><c>sla verify</c>: the signatures hold but a statement is signed with the demo certificate (without --accept-demo).</summary>
    public const int Demo = 4;

    /// <summary>
    /// <c>sla diff</c>: the two versions differ (0 when they say the same). Not 1, which every command keeps for bad input,
    /// so a script can tell "changed" from "could not compare".
    /// </summary>
    public const int Differ = 3;
}
