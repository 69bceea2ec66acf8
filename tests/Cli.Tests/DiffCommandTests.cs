using System.Diagnostics;
using SlaKpiDsl.Tests.Shared;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// <c>sla diff</c>: goldens of the words for each kind of change, without and with data (what November 2026 would have
/// been), exit 0 for the same, 3 for a difference, 1 for bad input; git revisions read with <c>git show</c>.
/// </summary>
public class DiffCommandTests
{
    private static string Example(params string[] parts) => Path.Combine([TraceShapes.Root, "examples", .. parts]);

    private static readonly string[] Data = ["--data", Example("data"), "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z"];

    /// <summary>One row per golden: the case's name, the base file (under examples/) and the edit that makes the new version.</summary>
    public static TheoryData<string, string, string, string> Cases => new()
    {
        // A credit tier raised: November's success credit 800.00 -> 1,200.00 USD.
        { "tier-change", "contracts/saas-api.sla", "credit 10% of fee when any guarantee is breached", "credit 15% of fee when any guarantee is breached" },
        // A guarantee's bound lowered below the measured 99.5794%: the breach and its credit go away.
        { "target-change", "contracts/saas-api.sla", "success rate of api requests at least 99.95%", "success rate of api requests at least 99.5%" },
        // An exclusion added to an SLA.
        { "added-exclusion", "contracts/saas-api.sla", "    credit 5% of fee per breached incident\n", "    exclude incidents tagged customer-change\n    credit 5% of fee per breached incident\n" },
        // A KPI removed.
        { "removed-kpi", "contracts/saas-api.sla", "  kpi latency-p99 \"P99 latency\" {\n    target p99 latency of api requests at most 900 ms per calendar month\n    supports success\n  }\n\n", "" },
        // An order form of the master schedule without its deviation, then with it (examples/templates/globex.sla).
        { "order-form-deviation", "templates/globex.sla", "", "" },
        // The same contract twice: no differences, exit 0.
        { "identical", "contracts/saas-api.sla", "", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_kind_of_change_is_said_in_words_with_and_without_data(string name, string baseFile, string before, string after)
    {
        using var cli = new CliRunner();
        var text = File.ReadAllText(Example(baseFile.Split('/')));
        string oldText, newText;
        if (name == "order-form-deviation")
        {
            File.Copy(Example("templates", "master.sla"), Path.Combine(cli.Directory, "master.sla"));
            var deviation = text.IndexOf("  override sla", StringComparison.Ordinal);
            (oldText, newText) = (text[..deviation].TrimEnd() + "\n}\n", text);
        }
        else
        {
            Assert.True(before.Length == 0 || text.Contains(before, StringComparison.Ordinal), $"the edit of {name} no longer applies to {baseFile}");
            (oldText, newText) = (text, before.Length == 0 ? text : text.Replace(before, after, StringComparison.Ordinal));
        }
        var old = cli.Write("old.sla", oldText);
        var @new = cli.Write("new.sla", newText);
        var plain = cli.Invoke("diff", old, @new);
        var withData = cli.Invoke(["diff", old, @new, .. Data]);
        var expectedExit = name == "identical" ? 0 : 3;
        Assert.True(plain.ExitCode == expectedExit, plain.Output + plain.Error);
        Assert.True(withData.ExitCode == expectedExit, withData.Output + withData.Error);
        Assert.DoesNotContain("error", plain.Error + withData.Error, StringComparison.Ordinal);
        GoldenFile.VerifyBeside($"diff-{name}",
            $"## sla diff old.sla new.sla (exit {plain.ExitCode})\n{Relative(plain.Output, cli)}\n"
            + $"## sla diff old.sla new.sla --data examples/data --period 2026-11 (exit {withData.ExitCode})\n{Relative(withData.Output, cli)}", "Golden");
    }

    [Fact]
    public void Json_carries_every_change_and_effect_with_its_words()
    {
        using var cli = new CliRunner();
        var text = File.ReadAllText(Example("contracts", "saas-api.sla"));
        var old = cli.Write("old.sla", text);
        var @new = cli.Write("new.sla", text.Replace("credit 10% of fee when any guarantee is breached", "credit 15% of fee when any guarantee is breached", StringComparison.Ordinal)
            .Replace("fee 8000.00 USD per month", "fee 9000.00 USD per month", StringComparison.Ordinal));
        var run = cli.Invoke(["diff", old, @new, "--format", "json", .. Data]);
        Assert.True(run.ExitCode == 3, run.Output + run.Error);
        using var json = System.Text.Json.JsonDocument.Parse(run.Output);
        Assert.Equal("sla-diff/1", json.RootElement.GetProperty("schema").GetString());
        GoldenFile.VerifyBeside("diff-fee-and-tier.json", Relative(run.Output, cli), "Golden");
    }

    [Fact]
    public void An_amended_contract_is_one_contract_whose_versions_say_their_terms_and_whose_total_adds_them()
    {
        // Globex is amended from 15 November (examples/templates/globex-amendment-1.sla): November is judged 1-14 by the
        // order form and 15-30 by the amendment. The diff once said "total credit for November 2026: 233.33 USD -> 256.67
        // USD", the order form's days alone, and counted the amendment as a second contract.
        using var cli = new CliRunner();
        var form = File.ReadAllText(Example("templates", "globex.sla"));
        Assert.Contains("set fee = 5000.00 USD", form, StringComparison.Ordinal);
        foreach (var side in new[] { "old", "new" })
        {
            File.Copy(Example("templates", "master.sla"), cli.Write(Path.Combine(side, "master.sla"), ""), overwrite: true);
            File.Copy(Example("templates", "globex-amendment-1.sla"), cli.Write(Path.Combine(side, "globex-amendment-1.sla"), ""), overwrite: true);
        }
        var old = cli.Write(Path.Combine("old", "globex.sla"), form);
        var @new = cli.Write(Path.Combine("new", "globex.sla"), form.Replace("set fee = 5000.00 USD", "set fee = 5500.00 USD", StringComparison.Ordinal));
        var run = cli.Invoke(["diff", old, @new, .. Data]);
        Assert.True(run.ExitCode == 3, run.Output + run.Error);
        Assert.Contains("contract \"Globex - API\", order form terms: 1 change\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("  credit for November 2026 under these terms, on their days: 233.33 USD -> 256.67 USD\n", run.Output, StringComparison.Ordinal);
        // The amendment's days: 30% of 6,000.00 USD x 16/30 = 960.00 USD on both sides (it sets its own fee).
        Assert.Contains("contract \"Globex - API\": total credit for November 2026: 1,193.33 USD -> 1,216.67 USD over all its terms\n", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("total credit for November 2026: 233.33", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("1 contract differs, 0 contracts the same\n", run.Output, StringComparison.Ordinal);
        var json = cli.Invoke(["diff", old, @new, "--format", "json", .. Data]);
        using var document = System.Text.Json.JsonDocument.Parse(json.Output);
        var versions = document.RootElement.GetProperty("contracts").EnumerateArray().ToList();
        Assert.Equal([0, 1], versions.Select(v => v.GetProperty("version").GetProperty("number").GetInt32()));
        Assert.All(versions, v => Assert.Equal("Globex - API", v.GetProperty("contract").GetString()));
        Assert.Equal(1216.67m, versions[1].GetProperty("contractTotalCredit").GetProperty("new").GetDecimal());
    }

    [Fact]
    public void A_contract_at_two_git_revisions_is_read_with_git_show()
    {
        using var cli = new CliRunner();
        var text = File.ReadAllText(Example("contracts", "saas-api.sla"));
        var path = cli.Write("saas-api.sla", text);
        Git(cli.Directory, "init", "-q");
        Git(cli.Directory, "add", "saas-api.sla");
        Git(cli.Directory, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "v1");
        File.WriteAllText(path, text.Replace("fee 8000.00 USD per month", "fee 9000.00 USD per month", StringComparison.Ordinal));

        var againstDisk = cli.Invoke("diff", path, "--rev", "HEAD");
        Assert.True(againstDisk.ExitCode == 3, againstDisk.Output + againstDisk.Error);
        Assert.Contains($"--- HEAD:{path}", againstDisk.Output, StringComparison.Ordinal);
        Assert.Contains("fee raised from 8,000.00 USD per month to 9,000.00 USD per month", againstDisk.Output, StringComparison.Ordinal);

        Git(cli.Directory, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "v2");
        var twoRevisions = cli.Invoke("diff", path, "--rev", "HEAD~1", "--rev", "HEAD");
        Assert.True(twoRevisions.ExitCode == 3, twoRevisions.Output + twoRevisions.Error);
        Assert.Contains("fee raised from 8,000.00 USD per month to 9,000.00 USD per month", twoRevisions.Output, StringComparison.Ordinal);
        var same = cli.Invoke("diff", path, "--rev", "HEAD");
        Assert.True(same.ExitCode == 0, same.Output + same.Error);

        var unknown = cli.Invoke("diff", path, "--rev", "no-such-revision");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains($"error: cannot read 'no-such-revision:{path}': git: ", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_is_exit_one_and_located()
    {
        using var cli = new CliRunner();
        var good = cli.Write("good.sla", CliRunner.Clean);
        var bad = cli.Write("bad.sla", CliRunner.Error);

        var located = cli.Invoke("diff", good, bad);
        Assert.Equal(1, located.ExitCode);
        Assert.Contains($"{bad}(6,", located.Error, StringComparison.Ordinal);
        Assert.Contains("error SLA0101", located.Error, StringComparison.Ordinal);
        Assert.Equal("", located.Output);

        var missing = cli.Invoke("diff", good, Path.Combine(cli.Directory, "nope.sla"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("error: cannot read", missing.Error, StringComparison.Ordinal);

        var one = cli.Invoke("diff", good);
        Assert.Equal(1, one.ExitCode);
        Assert.Contains("name two files", one.Error, StringComparison.Ordinal);

        var periodAlone = cli.Invoke("diff", good, good, "--period", "2026-11");
        Assert.Equal(1, periodAlone.ExitCode);
        Assert.Contains("--data and --period go together", periodAlone.Error, StringComparison.Ordinal);

        var badPeriod = cli.Invoke("diff", good, good, "--data", Example("data"), "--period", "2026-13");
        Assert.Equal(1, badPeriod.ExitCode);
        Assert.Contains("--period '2026-13'", badPeriod.Error, StringComparison.Ordinal);

        var optionRevision = cli.Invoke("diff", good, "--rev=--output=x");
        Assert.Equal(1, optionRevision.ExitCode);
    }

    [Fact]
    public void Help_states_the_exit_codes()
    {
        using var cli = new CliRunner();
        var help = cli.Invoke("diff", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("0 the versions say the same; 3 they differ;", help.Output.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static string Relative(string output, CliRunner cli) => output.Replace(cli.Directory + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
    }
}
