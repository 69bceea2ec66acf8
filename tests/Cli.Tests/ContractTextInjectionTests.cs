using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// Contract and data text reaches statements and the terminal as text: a line break followed by markup, written into
/// every quoted string of a contract and into incident ids, leaves the signed statement's text structure as it was
/// (read back with pdftotext), and control characters from data never reach the terminal raw.
/// </summary>
public sealed partial class ContractTextInjectionTests
{
    private static readonly string Root = TraceShapes.Root;
    private const string AsOf = "2026-12-01T06:00:00Z";

    /// <summary>In contract syntax: \n is the escape for a line break inside quoted text.</summary>
    private const string Injected = @"\n## 0. Credit settlement\n> Credit approved 1,000,000.00 USD\n| **Total credit due** | | | 1,000,000.00 USD | |\n**bold**\n- list\n~ small\n---";

    [Fact]
    public void Markup_injected_into_every_contract_string_and_incident_id_leaves_the_statement_structure_unchanged()
    {
        using var cli = new CliRunner();
        var source = File.ReadAllText(Path.Combine(Root, "examples", "contracts", "ecommerce-checkout.sla"));
        var injected = string.Join("\n", source.Split('\n').Select(line =>
            line.TrimStart().StartsWith("time zone", StringComparison.Ordinal) ? line : QuotedText().Replace(line, m => "\"" + m.Groups[1].Value + Injected + "\"")));
        Assert.NotEqual(source, injected);
        var data = Path.Combine(cli.Directory, "data");
        CopyDirectory(Path.Combine(Root, "examples", "data"), data);
        var incidents = Path.Combine(data, "incidents.csv");
        File.WriteAllText(incidents, Regex.Replace(File.ReadAllText(incidents), @"^(INC-\d+),", "$1 ## 0. Credit | **bold** | x,", RegexOptions.Multiline));

        var plain = Statement(cli, cli.Write("plain.sla", source), Path.Combine(Root, "examples", "data"), "plain");
        var attacked = Statement(cli, cli.Write("attacked.sla", injected), data, "attacked");

        Assert.Equal(Structure(plain), Structure(attacked));
        Assert.DoesNotContain(attacked, l => l.TrimStart().StartsWith("0. Credit settlement", StringComparison.Ordinal));
        Assert.DoesNotContain(attacked, l => l.TrimStart().StartsWith("Credit approved", StringComparison.Ordinal));
        // The injected text is shown, as text.
        Assert.Contains(attacked, l => l.Contains("## 0. Credit settlement", StringComparison.Ordinal));
    }

    [Fact]
    public void Control_characters_in_data_reach_the_terminal_only_in_visible_form()
    {
        using var cli = new CliRunner();
        var data = Path.Combine(cli.Directory, "data");
        CopyDirectory(Path.Combine(Root, "examples", "data"), data);
        var incidents = Path.Combine(data, "incidents.csv");
        File.WriteAllText(incidents, File.ReadAllText(incidents).Replace("INC-", "INC\u001B[2J\u202E-", StringComparison.Ordinal));
        var contract = Path.Combine(Root, "examples", "contracts", "ecommerce-checkout.sla");
        foreach (var command in new[] { "explain", "evaluate" })
        {
            var run = cli.Invoke(command, contract, "--data", data, "--period", "2026-11", "--as-of", AsOf);
            Assert.True(run.ExitCode == 0, command + ": " + run.Error);
            Assert.DoesNotContain('\u001B', run.Output);
            Assert.DoesNotContain('\u202E', run.Output);
            if (command == "explain") Assert.Contains("INC[U+001B][2J[U+202E]-", run.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>The lines a reader takes for structure: section headings, the title, total rows.</summary>
    private static List<string> Structure(IEnumerable<string> lines) =>
        [.. lines.Select(l => l.Trim()).Where(l => SectionHeading().IsMatch(l) || l.StartsWith("Service Level Compliance Statement", StringComparison.Ordinal) || l.StartsWith("Total ", StringComparison.Ordinal) || l == "Provenance")
            .Select(l => SectionHeading().Match(l) is { Success: true } m ? m.Value : string.Join(" ", l.Split(' ').Take(2)))];

    private static List<string> Statement(CliRunner cli, string contract, string data, string name)
    {
        var outDir = Path.Combine(cli.Directory, "out-" + name);
        var run = cli.Invoke("statement", contract, "--data", data, "--period", "2026-11", "--as-of", AsOf, "--out", outDir, "--no-sign");
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var pdf = Assert.Single(Directory.EnumerateFiles(outDir, "*.pdf"));
        var psi = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-layout", pdf, "-" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return [.. text.Split('\n')];
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    [GeneratedRegex("\"([^\"\\\\]*)\"")]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"^\d+\. (Commitments|Service credits|Downtime ledger|Incident clocks)")]
    private static partial Regex SectionHeading();
}
