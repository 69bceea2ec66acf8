using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Compiler.Emit.CSharp;

namespace SlaKpiDsl.Compiler.Tests.Emit;

/// <summary>
/// Item 4 of issue 4: hostile text in EVERY place a contract's text can flow into generated C# (contract name, provider,
/// customer, service id and title, calendar name, title and holiday names, SLA and KPI names and titles, clause
/// references, causes, tags, suppression reasons, comments). For each row the generated source parses without
/// diagnostics, carries no directive but the emitter's own <c>#nullable enable</c>, no bidi control, no raw line
/// separator and no lone surrogate, and the evaluation equals that of the same contract with benign names on the same
/// data (service, cause and tag renamed accordingly). <see cref="CSharpTextTests"/> covers the escaping functions one
/// by one; this covers the emitter's use of them across a whole contract.
/// </summary>
public sealed class InjectionTests
{
    /// <summary>Every text slot of a contract; names are NAME tokens (letters, digits, '-', '_'), the rest quoted text.</summary>
    public sealed record Slots(
        string Contract, string Provider, string Customer, string Service, string ServiceTitle,
        string Calendar, string CalendarTitle, string Holiday,
        string Sla, string SlaTitle, string Clause, string ExclusionClause, string Cause, string Tag,
        string Response, string ResponseTitle, string Reason, string Kpi, string KpiTitle, string Comment);

    private static readonly Slots Benign = new(
        "Shopfront", "Example Cloud", "Shopfront Retail", "checkout", "Checkout",
        "us-holidays", "US holidays", "Thanksgiving",
        "availability", "Checkout availability", "3.1", "3.2", "customer", "planned",
        "response", "Incident response", "KPIs live elsewhere", "buffer", "Buffer", "a comment");

    /// <summary>Quoted text as the DSL writes it: only <c>\"</c>, <c>\\</c>, <c>\n</c> and <c>\t</c> are escapes.</summary>
    private static string Q(string value)
    {
        var b = new StringBuilder("\"");
        foreach (var c in value)
            b.Append(c switch { '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\t' => "\\t", _ => c.ToString() });
        return b.Append('"').ToString();
    }

    private static string Text(Slots s) => $$"""
        # {{s.Comment}}
        contract {{Q(s.Contract)}} {
          provider {{Q(s.Provider)}}
          customer {{Q(s.Customer)}}
          effective 2026-01-01 until 2027-01-01
          time zone "America/New_York"
          fee 12000.00 USD per month
          service {{s.Service}} {{Q(s.ServiceTitle)}}  // {{s.Comment}}
          holidays {{s.Calendar}} {{Q(s.CalendarTitle)}} {
            holiday 2026-11-26 {{Q(s.Holiday)}}
          }

          sla {{s.Sla}} {{Q(s.SlaTitle)}} {
            clause {{Q(s.Clause)}}
            guarantee availability of {{s.Service}} at least 99.9% per calendar month
            downtime is incidents on {{s.Service}} with impact outage
            downtime counts 50% for incidents on {{s.Service}} with impact degraded
            ignore downtime periods shorter than 1 minute
            clause {{Q(s.ExclusionClause)}}: exclude maintenance announced at least 72 hours ahead, at most 4 hours per month
            exclude incidents caused by {{s.Cause}}, force-majeure  # {{s.Comment}}
            exclude incidents tagged {{s.Tag}}
            excluded time counts as available
            credit 10% of fee when availability below 99.9%
            credit 25% of fee when availability below 99.0%
            credits capped at 100% of fee per month
            claim within 30 days after the month ends
          }

          sla {{s.Response}} {{Q(s.ResponseTitle)}} {
            clause {{Q(s.Clause)}}
            guarantee response to severity 1 incidents on {{s.Service}} within 15 minutes, every incident, per calendar month
            response clock runs from detected to acknowledged during business hours Mon-Fri 08:00-18:00 except holidays {{s.Calendar}}
            credit 5% of fee per breached incident
            credits capped at 20% of fee per month
            suppress SLA1001 because {{Q(s.Reason)}}
          }

          sla {{s.Sla}}-rate {{Q(s.SlaTitle)}} {
            clause {{Q(s.Clause)}}
            guarantee success rate of {{s.Service}} requests at least 99.9% per calendar month
            clause {{Q(s.ExclusionClause)}}: guarantee p95 latency of {{s.Service}} requests at most 500 ms in at least 99% of 5-minute slices per calendar month
            credit 10% of fee when any guarantee is breached
            credits capped at 10% of fee per month
            suppress SLA1001 because {{Q(s.Reason)}}
          }

          sla {{s.Sla}}-errors {{Q(s.SlaTitle)}} {
            guarantee availability of {{s.Service}} at least 99.9% per calendar month
            downtime is each minute on {{s.Service}} with error rate above 5%
            clause {{Q(s.ExclusionClause)}}: exclude downtime during Sun 02:00-06:00, at most 1 hour per month
            excluded time counts as available
            credit 10% of fee when availability below 99.9%
            credits capped at 10% of fee per month
            suppress SLA1001 because {{Q(s.Reason)}}
          }

          kpi {{s.Kpi}}-ack {{Q(s.KpiTitle)}} {
            target 95% of alerts on {{s.Service}} acknowledged within 5 minutes per calendar month
          }

          kpi {{s.Kpi}} {{Q(s.KpiTitle)}} {
            clause {{Q(s.ExclusionClause)}}
            target availability of {{s.Service}} at least 99.95% per calendar month
            supports {{s.Sla}}
          }
        }

        """;

    // Hostile quoted text (one per row, used in every quoted slot, made distinct per slot where names must differ).
    private static readonly string[] HostileTexts =
    [
        "Quote \" backslash \\ and \\u0022 spelled out, \\\" too",
        "*/ /* // end of comment */ #line 1 \"evil.cs\"",
        "new line\n#error injected\n#pragma warning disable\n#define EVIL\n#if EVIL\n}}} class X {",
        "tab\there\n\n#line hidden",
        // Bidi overrides and isolates are refused by the checker (SLA0013, below); the marks are text and reach the emitter.
        "bidi marks \u200E \u200F \u061C",
        "lone surrogates \uD800 and \uDC00 and a pair \uD83D\uDE00",
        "{0} {{ }} $\"{x}\" @\"verbatim\" \"\"\"raw\"\"\" '\\'' ",
        "class",
        "@namespace",
        new string('\u00E9', 3000) + "\" + System.IO.File.ReadAllText(\"/etc/passwd\") + \"",
    ];

    // Hostile NAME tokens: C# keywords and contextual keywords, members of the generated class, long and non-ASCII names.
    private static readonly (string Service, string Calendar, string Sla, string Response, string Kpi, string Cause, string Tag)[] HostileNames =
    [
        ("class", "static", "return", "namespace", "unsafe", "null", "true"),
        ("global", "extern", "Evaluate", "ContractName", "SemanticHash", "i", "m"),
        ("input", "Zone", "WindowFor", "EffectiveFrom", "Commitment_availability", "default", "this"),
        ("var", "nameof", "value", "async", "await", "dynamic", "record"),
        ("ünïcödé-ŝervice", "日本", "Ωmega_1", "Evaluate_availability", "kpi-with-dashes_2", "cause_", "tag-x"),
        (new string('s', 400), new string('c', 300), new string('a', 500), "r" + new string('9', 300), new string('k', 200), new string('z', 250), new string('t', 260)),
    ];

    public static TheoryData<int, int> Rows()
    {
        var rows = new TheoryData<int, int>();
        // Every hostile text with every set of hostile names would be 66 rows; a diagonal walk covers each of both.
        for (var t = 0; t < HostileTexts.Length; t++) rows.Add(t, t % HostileNames.Length);
        return rows;
    }

    // Text no contract can carry since the checker refuses hidden characters (SLA0013) and ends a line at every line
    // break an editor shows (so the quoted text is unterminated, SLA0002).
    private static readonly (string Text, string Code)[] RefusedTexts =
    [
        ("bidi \u202E override \u2066 isolate \u2067 \u2068 \u2069 \u202C", "SLA0013"),
        ("escape \u001B[2J and bell \u0007 and DEL \u007F and CSI \u009B", "SLA0013"),
        ("line separator \u2028 in text", "SLA0002"),
        ("paragraph separator \u2029 in text", "SLA0002"),
        ("next line \u0085 in text", "SLA0002"),
    ];

    [Fact]
    public void Hidden_characters_and_line_separators_in_quoted_text_are_refused_with_a_located_error()
    {
        foreach (var (text, code) in RefusedTexts)
        {
            var check = ContractChecker.Check(new SourceText("hostile.sla", Text(Hostile(text, 0))));
            Assert.True(check.HasErrors, text);
            Assert.Contains(check.Diagnostics, d => d.Code == code && d.Start.Line > 1);
        }
    }

    private const int MaxNameTail = SlaKpiDsl.Compiler.Semantics.Binding.Binder.MaxContractNameLength - 2;

    private static Slots Hostile(int textRow, int nameRow) => Hostile(HostileTexts[textRow], nameRow);

    private static Slots Hostile(string t, int nameRow)
    {
        var n = HostileNames[nameRow];
        return new Slots(
            // A contract name is at most Binder.MaxContractNameLength characters (it names files): keep the tail, where the payload is.
            Contract: "C " + (t.Length > MaxNameTail ? t[^MaxNameTail..] : t), Provider: t, Customer: t, Service: n.Service, ServiceTitle: t,
            Calendar: n.Calendar, CalendarTitle: t, Holiday: t,
            Sla: n.Sla, SlaTitle: t, Clause: t, ExclusionClause: t + " 2", Cause: n.Cause, Tag: n.Tag,
            Response: n.Response, ResponseTitle: t, Reason: t, Kpi: n.Kpi, KpiTitle: t,
            // A comment runs to the end of its line: newlines cannot appear in it.
            Comment: t.Replace("\n", " ", StringComparison.Ordinal));
    }

    /// <summary>The same records for both contracts, with the service, cause and tag names of each.</summary>
    private static EvaluationInput Data(Slots s)
    {
        Instant At(int day, int hour, int minute = 0) => Instant.FromUtc(2026, 11, day, hour, minute);
        ImmutableArray<Incident> incidents =
        [
            new("A", s.Service, 1, Impact.Outage, At(10, 14), At(10, 15, 30), "provider", detected: At(10, 14, 2), acknowledged: At(10, 14, 40)),
            new("B", s.Service, 2, Impact.Degraded, At(10, 15), At(10, 17), "provider"),
            new("C", s.Service, 1, Impact.Outage, At(12, 9), At(12, 12), s.Cause),
            new("D", s.Service, 1, Impact.Outage, At(13, 9), At(13, 10), "provider", tags: [s.Tag]),
            new("E", s.Service, 1, Impact.Outage, At(14, 1), At(14, 7), "provider"),
            new("F", "other", 1, Impact.Outage, At(15, 1), At(15, 7), "provider"),
            // Detected on Thanksgiving (a holiday of the calendar), acknowledged the next day after 10 business minutes.
            new("G", s.Service, 1, Impact.None, At(26, 15), At(27, 14), "provider", detected: At(26, 15), acknowledged: At(27, 13, 10)),
        ];
        ImmutableArray<Maintenance> maintenance = [new("M", At(1, 0), At(14, 1), At(14, 6), [s.Service])];
        // Request minutes: 10 down minutes on a Tuesday, 3 on Sunday Nov 1 02:10 New York time (EST) = 07:10Z, inside the first
        // hour of the Sunday window, which the 1-hour cap excludes (the cap is consumed chronologically); one slow slice.
        var requests = ImmutableArray.CreateBuilder<RequestSlice>();
        for (var minute = 0; minute < 10; minute++) requests.Add(new RequestSlice(s.Service, At(10, 20, minute), Duration.FromMinutes(1), 1000, 900));
        for (var minute = 0; minute < 3; minute++) requests.Add(new RequestSlice(s.Service, At(1, 7, 10 + minute), Duration.FromMinutes(1), 1000, 800));
        requests.Add(new RequestSlice(s.Service, At(11, 10), Duration.FromMinutes(5), 5000, 5000, null, ImmutableSortedDictionary.CreateRange([KeyValuePair.Create(95, 650m)])));
        requests.Add(new RequestSlice(s.Service, At(11, 10, 5), Duration.FromMinutes(5), 5000, 4999, null, ImmutableSortedDictionary.CreateRange([KeyValuePair.Create(95, 120m)])));
        ImmutableArray<Alert> alerts = [new("AL1", s.Service, At(3, 15), At(3, 15, 4)), new("AL2", s.Service, At(4, 15), At(4, 15, 9)), new("AL3", s.Service, At(5, 15), null)];
        return new EvaluationInput(new EvaluationPeriod(2026, month: 11), At(30, 12), incidents, maintenance, alerts, requests.ToImmutable(), []);
    }

    private static BoundContract Bind(string path, string text)
    {
        var check = ContractChecker.Check(new SourceText(path, text));
        Assert.False(check.HasErrors, text + "\n" + string.Join("\n", check.Diagnostics));
        return check.Model!.Contracts.Single();
    }

    private static SyntaxKind[] DirectiveKinds(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source);
        var diagnostics = tree.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden).ToList();
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        return [.. tree.GetRoot().DescendantTrivia(descendIntoTrivia: true).Where(t => t.IsDirective).Select(t => t.Kind())];
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Hostile_text_in_every_slot_stays_data_and_evaluates_like_the_benign_contract(int textRow, int nameRow)
    {
        var hostile = Hostile(textRow, nameRow);
        var benignContract = Bind("benign.sla", Text(Benign));
        var hostileContract = Bind("hostile.sla", Text(hostile));
        Assert.Equal(hostile.Contract, hostileContract.Name);
        Assert.Equal(hostile.Provider, hostileContract.Provider);

        using var compiled = ContractCompilation.Compile([benignContract, hostileContract]);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        var benignSource = compiled.Sources[0].Text;
        var hostileSource = compiled.Sources[1].Text;

        // Well-formed, and the only directive is the emitter's own (the same ones as for benign names).
        var directives = DirectiveKinds(hostileSource);
        Assert.Equal(DirectiveKinds(benignSource), directives);
        Assert.All(directives, k => Assert.Equal(SyntaxKind.NullableDirectiveTrivia, k));
        var directiveLines = hostileSource.Split('\n').Where(l => l.TrimStart().StartsWith('#')).ToList();
        Assert.All(directiveLines, l => Assert.Equal("#nullable enable", l.Trim()));
        // Nothing a reviewer could be fooled by: no bidi control, no line separator but '\n', no lone surrogate.
        Assert.DoesNotContain(hostileSource, c => CSharpText.IsBidiControl(c) || c is '\r' or '\u2028' or '\u2029' or '\u0085');
        for (var k = 0; k < hostileSource.Length; k++)
        {
            if (char.IsHighSurrogate(hostileSource[k]) && k + 1 < hostileSource.Length && char.IsLowSurrogate(hostileSource[k + 1])) { k++; continue; }
            Assert.False(char.IsSurrogate(hostileSource[k]), $"lone surrogate at {k}");
        }

        // Same data under each contract's names: every outcome matches, names and clauses come back exactly as written.
        var a = compiled.Contracts[0].Evaluate(Data(Benign));
        var b = compiled.Contracts[1].Evaluate(Data(hostile));
        Assert.Equal(hostile.Contract, compiled.Contracts[1].ContractName);
        Assert.Equal(hostile.Contract, b.ContractName);
        // The facts a cached evaluator reports from (parties, titles) come back exactly as written too.
        Assert.Equal(ContractEmitter.Facts(hostileContract), compiled.Contracts[1].Facts);
        Assert.Equal((hostile.Provider, hostile.Customer), (compiled.Contracts[1].Facts!.Provider, compiled.Contracts[1].Facts!.Customer));
        Assert.Equal([hostile.Sla, hostile.Response, hostile.Sla + "-rate", hostile.Sla + "-errors"], b.Slas.Select(o => o.Commitment));
        Assert.Equal(a.Slas.Length, b.Slas.Length);
        for (var k = 0; k < a.Slas.Length; k++)
        {
            var (x, y) = (a.Slas[k], b.Slas[k]);
            Assert.Equal(x.Kind, y.Kind);
            Assert.Equal(x.Clause is null, y.Clause is null);
            if (y.Clause is not null) Assert.Equal(hostile.Clause, y.Clause);
            Assert.Equal(x.ClaimDeadline, y.ClaimDeadline);
            if (x.Result is not { } rx) continue;
            var ry = y.Result!;
            Assert.Equal((rx.DowntimeSeconds, rx.MeasuredSeconds, rx.Measured, rx.Verdict), (ry.DowntimeSeconds, ry.MeasuredSeconds, ry.Measured, ry.Verdict));
            Assert.Equal((rx.Credit?.PercentOfFee, rx.Credit?.ExactAmount, rx.Credit?.Amount), (ry.Credit?.PercentOfFee, ry.Credit?.ExactAmount, ry.Credit?.Amount));
            Assert.Equal(rx.Trace.Incidents.Select(i => (i.Id, i.Outcome, i.CountedSeconds)), ry.Trace.Incidents.Select(i => (i.Id, i.Outcome, i.CountedSeconds)));
            Assert.Equal(rx.Trace.Exclusions.Select(e => (e.Kind, e.ExcludedSeconds, e.DowntimeRemovedSeconds)), ry.Trace.Exclusions.Select(e => (e.Kind, e.ExcludedSeconds, e.DowntimeRemovedSeconds)));
            Assert.Equal(rx.Warnings.Length, ry.Warnings.Length);
            Assert.Equal(x.Guarantees.Select(g => (g.Measured, g.Verdict)), y.Guarantees.Select(g => (g.Measured, g.Verdict)));
        }
        Assert.Equal(a.Kpis.Select(k => (k.Outcome.Kind, k.Outcome.Result?.Measured, k.Outcome.Result?.Verdict)), b.Kpis.Select(k => (k.Outcome.Kind, k.Outcome.Result?.Measured, k.Outcome.Result?.Verdict)));
        Assert.Equal(a.Kpis.Length, b.Kpis.Length);
        Assert.All(b.Kpis, k => Assert.StartsWith(hostile.Kpi, k.Kpi, StringComparison.Ordinal));
    }

    [Fact]
    public void The_benign_contract_is_measured_at_all()
    {
        // Every SLA and KPI of the template is evaluated (none "not yet supported"), so every slot is exercised.
        using (var all = ContractCompilation.Compile([Bind("benign.sla", Text(Benign))]))
        {
            var evaluation = all.Contracts[0].Evaluate(Data(Benign));
            Assert.All(evaluation.Slas, o => Assert.True(o.Kind == OutcomeKind.Evaluated, o.Commitment + ": " + o.Reason));
            Assert.All(evaluation.Kpis, k => Assert.True(k.Outcome.Kind == OutcomeKind.Evaluated, k.Kpi + ": " + k.Outcome.Reason));
            // 10 down request minutes on Tuesday; Sunday's 3 are excluded (in the first, capped hour of Sun 02:00-06:00).
            Assert.Equal(600m, evaluation.Slas[3].Result!.DowntimeSeconds);
            Assert.Equal(Verdict.Breached, evaluation.Slas[2].Result!.Verdict);
        }
        // Guards the comparison above against agreeing on nothing: the availability SLA is evaluated with real numbers.
        using var compiled = ContractCompilation.Compile([Bind("benign.sla", Text(Benign))]);
        var availability = compiled.Contracts[0].Evaluate(Data(Benign)).Slas[0].Result!;
        // A 14:00-15:30 outage (90) + B degraded 15:30-17:00 at 50% (45) + E 01:00-07:00 of which the 5-hour maintenance
        // excludes only its first 4 hours (cap), leaving 05:00-07:00 (120): 255 minutes; C (cause) and D (tag) excluded,
        // F is on another service, G has no impact.
        Assert.Equal(255m * 60, availability.DowntimeSeconds);
        Assert.Equal(Verdict.Breached, availability.Verdict);
        Assert.True(availability.Trace.Exclusions.Length >= 3);
    }
}
