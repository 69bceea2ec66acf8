using System.CommandLine;

namespace SlaKpiDsl.Cli;

/// <summary>
/// <c>sla merge SHARD.json...</c>: the JSON outputs of every shard of one <c>sla evaluate --shard I/N --format json</c>
/// run, merged into exactly the output the single run writes (docs/scaling.md). Exit 1, with every reason, when a file
/// cannot be read or the files are not all the shards of one evaluation; 2 for a bug.
/// </summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("shards") { Description = "The JSON output of each shard (sla evaluate --shard I/N --format json).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("merge", "Merge the JSON outputs of the shards of one 'sla evaluate --shard I/N' run into the single run's output.") { files };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                return Run(parse.GetValue(files) ?? [], stdout, stderr);
            }
            catch (Exception exception)
            {
                return Program.InternalError(stderr, exception);
            }
        });
        return command;
    }

    private static int Run(string[] paths, TextWriter stdout, TextWriter stderr)
    {
        var texts = new List<(string, string)>();
        foreach (var path in paths)
        {
            try
            {
                texts.Add((path, File.ReadAllText(path)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: cannot read '{path}': {exception.Message}");
                return ExitCodes.Failure;
            }
        }
        var (merged, problems) = EvaluationJson.Merge(texts);
        foreach (var problem in problems) stderr.WriteLine("error: " + problem);
        if (merged is null) return ExitCodes.Failure;
        stdout.Write(merged);
        return ExitCodes.Success;
    }
}
