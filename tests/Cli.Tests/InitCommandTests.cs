using SlaKpiDsl.Compiler;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// <c>sla init</c> writes an order form of a template from options (or prompts on a terminal): the form checks with its
/// template; a bad or missing value is exit 1 with the parameter named, and nothing is written.
/// </summary>
public class InitCommandTests
{
    private static string Master => Path.Combine(TraceShapes.Root, "examples", "templates", "master.sla");

    [Fact]
    public void A_form_from_options_is_written_and_checks_with_its_template()
    {
        using var cli = new CliRunner();
        var output = Path.Combine(cli.Directory, "acme.sla");
        var run = cli.Invoke("init", Master, "--name", "Acme - API", "--customer", "Acme Corp", "--set", "fee=12000.00 USD",
            "--set", "start=2026-07-01", "--set", "end=2027-07-01", "--set", "zone=Europe/Berlin", "-o", output);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("""
            contract "Acme - API" from template master {
              customer "Acme Corp"
              set fee = 12000.00 USD
              set start = 2026-07-01
              set end = 2027-07-01
              set zone = "Europe/Berlin"
            }

            """, File.ReadAllText(output));
        File.Copy(Master, Path.Combine(cli.Directory, "master.sla"));
        var check = cli.Invoke("check", cli.Directory);
        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        Assert.Equal("2 files checked: 0 errors, 0 warnings", check.Lines[^1]);
    }

    [Fact]
    public void A_bad_value_and_a_missing_one_are_exit_one_naming_the_parameters_and_nothing_is_written()
    {
        using var cli = new CliRunner();
        var output = Path.Combine(cli.Directory, "acme.sla");
        var run = cli.Invoke("init", Master, "--name", "Acme - API", "--set", "fee=50.00 USD", "--set", "start=2026-13-01", "-o", output);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: --set: fee: 50.00 USD is not at least 100.00 USD", run.Error, StringComparison.Ordinal);
        Assert.Contains("error: --set: start: expected a date like 2026-01-01", run.Error, StringComparison.Ordinal);
        Assert.Contains("error: end (date) has no default: give it with --set end=VALUE", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("error: fee", run.Error, StringComparison.Ordinal); // a value given badly is not also missing
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void On_a_terminal_a_missing_value_is_asked_for_until_it_reads()
    {
        using var cli = new CliRunner();
        var output = Path.Combine(cli.Directory, "acme.sla");
        var answers = new Queue<string?>(["12 USD", "1200.00 USD", "2026-01-01", "2027-01-01"]);
        var prompts = new List<string>();
        var services = new CliServices(ContractChecker.Check, CliServices.DefaultFormatter, cli.Directory, ColourAllowed: false)
        {
            CacheDirectory = null,
            Prompt = prompt =>
            {
                prompts.Add(prompt);
                return answers.Dequeue();
            },
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(["init", Master, "--name", "Acme - API", "-o", output], stdout, stderr, services);
        Assert.True(code == 0, stderr.ToString());
        Assert.Equal(["fee (money, at least 100.00 USD): ", "fee (money, at least 100.00 USD): ", "start (date, at least 2026-01-01): ", "end (date): "], prompts);
        Assert.Contains("fee: 12 USD is not at least 100.00 USD", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("set fee = 1200.00 USD", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_file_is_kept_without_overwrite()
    {
        using var cli = new CliRunner();
        var output = cli.Write("acme.sla", "# mine\n");
        var args = new[] { "init", Master, "--name", "Acme - API", "--set", "fee=1200.00 USD", "--set", "start=2026-01-01", "--set", "end=2027-01-01", "-o", output };
        var run = cli.Invoke(args);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("exists; --overwrite replaces it", run.Error, StringComparison.Ordinal);
        Assert.Equal("# mine\n", File.ReadAllText(output));
        Assert.Equal(0, cli.Invoke([.. args, "--overwrite"]).ExitCode);
        Assert.StartsWith("contract \"Acme - API\" from template master {", File.ReadAllText(output), StringComparison.Ordinal);
    }
}
