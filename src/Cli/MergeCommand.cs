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
        var files = new List<(string, ReadOnlyMemory<byte>)>();
        foreach (var path in paths)
        {
            try
            {
                files.Add((path, File.ReadAllBytes(path)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: cannot read '{path}': {exception.Message}");
                return ExitCodes.Failure;
            }
        }
        // Written to stdout a contract at a time, only after every file was checked.
        var problems = EvaluationJson.Merge(files, stdout);
        foreach (var problem in problems) stderr.WriteLine("error: " + problem);
        return problems.IsEmpty ? ExitCodes.Success : ExitCodes.Failure;
    }
}
