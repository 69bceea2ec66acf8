using System.Text.Json.Nodes;
using SlaKpiDsl.Compiler;
using SlaKpiDsl.Dsl.Diagnostics;

namespace SlaKpiDsl.LanguageServer.Tests;

/// <summary>
/// Each quick fix applied as the editor applies it, then the text checked again: the warning it fixes is gone and
/// nothing new appears (no error, no other warning).
/// </summary>
public sealed class QuickFixTests
{
    private const string Clean = """
        contract "Fixes" {
          provider "Example Cloud Inc."
          customer "Acme Corp"
          effective 2026-01-01 until 2027-01-01
          time zone "Europe/Berlin"
          fee 1000.00 EUR per month
          service web "Web"

          sla uptime "Uptime" {
            guarantee availability of web at least 99.9% per calendar month
            downtime is incidents on web with impact outage
            credit 10% of fee when availability below 99.9%
            credit 25% of fee when availability below 99.0%
            credits capped at 50% of fee per month
          }

          kpi uptime-buffer "Internal uptime" {
            target availability of web at least 99.95% per calendar month
            supports uptime
          }
        }

        """;

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        // code, what the fix's title says, text to replace in the clean contract, replacement
        { "SLA1006", "time zone \"UTC\"", "  time zone \"Europe/Berlin\"\n", "" },
        { "SLA1005", "credits capped at 100% of fee", "    credits capped at 50% of fee per month\n", "" },
        { "SLA1001", "KPI 'uptime-early-warning' with a buffer (99.95 against 99.9)", "  kpi uptime-buffer \"Internal uptime\" {\n    target availability of web at least 99.95% per calendar month\n    supports uptime\n  }\n", "" },
        { "SLA1007", "credit 10% of fee when availability below 99.5% and at least 99%", "credit 10% of fee when availability below 99.9%\n", "credit 10% of fee when availability below 99.9% and at least 99.5%\n" },
    };

    private static List<string> Codes(string text) =>
        [.. ContractChecker.Check("fixes.sla", text).Diagnostics.Select(d => $"{d.SeverityText} {d.Code}")];

    [Fact]
    public void The_base_contract_is_clean() => Assert.Empty(Codes(Clean.Replace("\r\n", "\n", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_fix_applied_leaves_the_file_clean(string code, string title, string find, string replace)
    {
        var text = Clean.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(find, text, StringComparison.Ordinal);
        text = text.Replace(find, replace, StringComparison.Ordinal);
        Assert.Equal([$"warning {code}"], Codes(text));

        using var client = LspClient.InProcess();
        client.Initialize(null);
        var uri = LspClient.UriOf(Path.Combine(Path.GetTempPath(), "lsp-fixes", "fixes.sla"));
        client.Open(uri, text);
        var warning = Assert.Single(client.Diagnostics(uri));
        var actions = client.Result("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = warning!["range"]!.DeepClone(),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(warning.DeepClone()) },
        })!.AsArray();
        var action = Assert.Single(actions);
        Assert.Contains(title, action!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(code, action["diagnostics"]![0]!["code"]!.GetValue<string>());
        var fixedText = TextEdits.Apply(text, action["edit"]!["changes"]![uri]!.AsArray());
        Assert.Empty(Codes(fixedText));
        client.Change(uri, fixedText, 2);
        Assert.Empty(client.Diagnostics(uri, 2));
        Assert.DoesNotContain(ContractChecker.Check("fixes.sla", fixedText).Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }
}
