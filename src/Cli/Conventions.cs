using System.CommandLine;
using System.CommandLine.Parsing;

namespace SlaKpiDsl.Cli;

/// <summary>
/// What every command shares on the command line: <c>--no-color</c> (and <c>NO_COLOR</c>), the exit codes in
/// <c>--help</c>, <c>-o/--output</c> for the file or folder written, and unknown options refused by name.
/// </summary>
internal static class Conventions
{
    public const string NoColour = "--no-color";

    /// <summary>What each exit code means for each command, shown under its description in <c>--help</c>.</summary>
    private static readonly Dictionary<string, string> Failure = new(StringComparer.Ordinal)
    {
        ["check"] = "errors in the contracts (or warnings with --warnaserror), a missing path or no contract files",
        ["fmt"] = "syntax errors, a missing path, or (with --check) files that would change",
        ["compile"] = "errors in the contracts or the arguments",
        ["evaluate"] = "errors in the contracts, the data or the arguments",
        ["explain"] = "errors in the contracts, the data or the arguments (including an --sla that names nothing)",
        ["statement"] = "errors in the contracts, the data or the arguments, or a statement that could not be written",
        ["report"] = "errors in the contracts, the data or the arguments, or a report that could not be written",
        ["portfolio"] = "errors in the contracts, the data or the arguments, an existing output without --overwrite, or a report that could not be written",
        ["test"] = "a failing test, a file with errors, a missing path or no tests at all",
        ["init"] = "a template file with errors, a parameter value that does not read or is out of bounds, a parameter left without a value, or an existing output",
        ["import"] = "a bad map, a source record that cannot be mapped (also with --keep-going, after writing the rest), a missing file or an existing output",
    };

    public static void Apply(Command command)
    {
        if (!command.Options.Any(o => o.Name == NoColour))
            command.Options.Add(new Option<bool>(NoColour) { Description = "No ANSI colour, even on a terminal (NO_COLOR=1 does the same)." });
        if (Failure.TryGetValue(command.Name, out var failure) && command.Description is { } description && !description.Contains("Exit codes", StringComparison.Ordinal))
            command.Description = $"{description}\n\nExit codes: 0 success; 1 {failure}; 2 a bug in sla (please report it).";
    }

    /// <summary>Whether the command may colour its output: a terminal, no NO_COLOR, no --no-color.</summary>
    public static bool ColourAllowed(ParseResult parse, CliServices services) => services.ColourAllowed && !parse.GetValue<bool>(NoColour);

    /// <summary>The first word of the command's arguments that starts with '-' (before any '--'), which no option took.</summary>
    public static string? UnknownOption(ParseResult parse)
    {
        var afterDoubleDash = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        var seen = false;
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) seen = true;
            else if (seen) afterDoubleDash.Add(token);
        }
        foreach (var argument in parse.CommandResult.Children.OfType<ArgumentResult>())
            foreach (var token in argument.Tokens)
                if (token.Value.Length > 1 && token.Value[0] == '-' && !afterDoubleDash.Contains(token)) return token.Value;
        return parse.UnmatchedTokens.FirstOrDefault(t => t.StartsWith('-'));
    }

    /// <summary>
    /// <c>-o/--output</c>, and <c>--out</c> hidden beside it so scripts written before the rename keep working. Not marked
    /// required (two names): <see cref="Output"/> says so when neither is given.
    /// </summary>
    public static (Option<string?> Output, Option<string?> Legacy) OutputOptions(string description) =>
        (new Option<string?>("--output", "-o") { Description = description + " (Required.)" }, new Option<string?>("--out") { Hidden = true });

    /// <summary>The output path given by either name; null after printing why (neither, or both with different values).</summary>
    public static string? Output(ParseResult parse, (Option<string?> Output, Option<string?> Legacy) options, TextWriter stderr)
    {
        var (output, legacy) = (parse.GetValue(options.Output), parse.GetValue(options.Legacy));
        if (output is not null && legacy is not null && output != legacy)
        {
            stderr.WriteLine($"error: -o/--output '{output}' and --out '{legacy}' name different places; give -o/--output only");
            return null;
        }
        if ((output ?? legacy) is null) stderr.WriteLine("error: option '-o/--output' is required");
        return output ?? legacy;
    }
}
