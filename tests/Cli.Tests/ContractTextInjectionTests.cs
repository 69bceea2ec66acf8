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
        var injected = Inject(source);
        Assert.NotEqual(source, injected);
        var data = Path.Combine(cli.Directory, "data");
        CopyDirectory(Path.Combine(Root, "examples", "data"), data);
        var incidents = Path.Combine(data, "incidents.csv");
        File.WriteAllText(incidents, Regex.Replace(File.ReadAllText(incidents), @"^(INC-\d+),", "$1 ## 0. Credit | **bold** | x,", RegexOptions.Multiline));

        var plain = Statement(cli, cli.Write("plain.sla", source), Path.Combine(Root, "examples", "data"), "plain");
        var attacked = Statement(cli, cli.Write("attacked.sla", injected), data, "attacked");

        Assert.Equal(Structure(plain), Structure(attacked));
        AssertNoInjectedLineStart(attacked);
        // The injected text is shown, as text.
        Assert.Contains(attacked, l => l.Contains("## 0. Credit settlement", StringComparison.Ordinal));
    }

    [Fact]
    public void Markup_injected_into_every_contract_string_leaves_the_kpi_report_structure_unchanged()
    {
        using var cli = new CliRunner();
        var source = File.ReadAllText(Path.Combine(Root, "examples", "contracts", "ecommerce-checkout.sla"));
        var data = Path.Combine(Root, "examples", "data");
        var plain = KpiReport(cli, cli.Write("plain.sla", source), data, "plain");
        var attacked = KpiReport(cli, cli.Write("attacked.sla", Inject(source)), data, "attacked");
        static List<string> Headings(IEnumerable<string> lines) =>
            [.. lines.Select(l => l.Trim()).Where(l => l is "Approaching-breach warnings" or "SLA margins to their KPI buffers" or "Trends" || l.StartsWith("KPIs over the last", StringComparison.Ordinal))];
        Assert.NotEmpty(Headings(plain));
        Assert.Equal(Headings(plain), Headings(attacked));
        AssertNoInjectedLineStart(attacked);
    }

    [Fact]
    public void Control_characters_in_data_ids_are_refused_at_load_and_never_reach_the_terminal()
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
            // Ids are single-line text: a located data error (file and line), exit 1, and the character named, not printed.
            Assert.True(run.ExitCode == 1, command + ": " + run.Error);
            Assert.Contains("incidents.csv(2): error DATA009", run.Error, StringComparison.Ordinal);
            Assert.Contains("U+001B", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001B', run.Output + run.Error);
            Assert.DoesNotContain('\u202E', run.Output + run.Error);
        }
    }

    [Fact]
    public void A_bidi_override_in_data_ids_loads_and_reaches_the_terminal_only_in_visible_form()
    {
        // The loaders refuse C0/C1 controls in ids (DATA009, above); a bidi override still loads, and must not reorder a line.
        using var cli = new CliRunner();
        var data = Path.Combine(cli.Directory, "data");
        CopyDirectory(Path.Combine(Root, "examples", "data"), data);
        var incidents = Path.Combine(data, "incidents.csv");
        File.WriteAllText(incidents, File.ReadAllText(incidents).Replace("INC-", "INC\u202E-", StringComparison.Ordinal));
        var contract = Path.Combine(Root, "examples", "contracts", "ecommerce-checkout.sla");
        foreach (var command in new[] { "explain", "evaluate" })
        {
            var run = cli.Invoke(command, contract, "--data", data, "--period", "2026-11", "--as-of", AsOf);
            Assert.True(run.ExitCode == 0, command + ": " + run.Error);
            Assert.DoesNotContain('\u202E', run.Output);
            if (command == "explain") Assert.Contains("INC[U+202E]-", run.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// No line is the injected heading or notice: a heading or notice spans the text width, so in pdftotext -layout
    /// it is a line of its own. (The injected words may still begin a line where word wrap breaks a long value.)
    /// </summary>
    private static void AssertNoInjectedLineStart(List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            Assert.False(line.StartsWith("0. Credit settlement", StringComparison.Ordinal) && line.Length <= "0. Credit settlement".Length, $"line {i + 1} is the injected heading");
            Assert.False(line.StartsWith("Credit approved 1,000,000.00 USD", StringComparison.Ordinal) && line.Length <= "Credit approved 1,000,000.00 USD".Length, $"line {i + 1} is the injected notice");
        }
    }

    /// <summary>Every quoted string of a contract but its time zone (which must name a zone) with the markup appended.</summary>
    private static string Inject(string source) => string.Join("\n", source.Split('\n').Select(line =>
        line.TrimStart().StartsWith("time zone", StringComparison.Ordinal) ? line : QuotedText().Replace(line, m => "\"" + m.Groups[1].Value + Injected + "\"")));

    private static List<string> KpiReport(CliRunner cli, string contract, string data, string name)
    {
        var file = Path.Combine(cli.Directory, name + "-kpi.pdf");
        var run = cli.Invoke("report", contract, "--data", data, "--period", "2026-11", "--months", "2", "--as-of", AsOf, "--out", file);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        return PdfText(file);
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
        return PdfText(Assert.Single(Directory.EnumerateFiles(outDir, "*.pdf")));
    }

    private static List<string> PdfText(string pdf)
    {
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
