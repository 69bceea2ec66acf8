using System.Text;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Tests.Shared;

namespace SlaKpiDsl.Cli.Tests;

public sealed class ExplainTests
{
    private static readonly string Contracts = Path.Combine(TraceShapes.Root, "examples", "contracts");
    private static readonly string Data = Path.Combine(TraceShapes.Root, "examples", "data");

    private static string Render(string title, CommitmentTrace trace, ExplanationContext context) =>
        $"== {title} ==\n" + string.Join("\n", TraceExplanation.Lines(trace, context)) + "\n\n";

    [Fact]
    public void Every_trace_shape_is_explained_in_words()
    {
        var ny = TraceShapes.NewYork;
        var claim = ClaimDeadlines.DaysAfterWindowEnd(TraceShapes.November, 30);
        var text = new StringBuilder()
            .Append(Render("downtime (docs/trace-schema.md sample)", TraceShapes.Downtime(), new ExplanationContext(ny, "Availability", claim)))
            .Append(Render("requests", TraceShapes.Requests().Trace, new ExplanationContext(ny, "API success rate", claim)))
            .Append(Render("incident clocks", TraceShapes.Clocks().Trace, new ExplanationContext(ny)))
            .Append(Render("KPI mean time to resolve", TraceShapes.MeanTimeToResolve().Trace, new ExplanationContext(ny, "Mean time to resolution")))
            .Append(Render("KPI alerts", TraceShapes.Alerts().Trace, new ExplanationContext(ny)))
            .Append(Render("nothing to measure", TraceShapes.NothingToMeasure().Trace, new ExplanationContext(ny)))
            .Append(Render("generic (shapes not emitted yet)", TraceShapes.Generic(), new ExplanationContext(ny, null, claim)))
            .ToString();
        GoldenFile.VerifyBeside("explain-shapes", text, "Golden");
    }

    [Fact]
    public void The_documented_sample_says_what_counted_what_was_excluded_and_why()
    {
        var lines = TraceExplanation.Lines(TraceShapes.Downtime(), new ExplanationContext(TraceShapes.NewYork));
        Assert.StartsWith("availability (clause 3.1), November 2026 in America/New_York: 43,260 min (DST ended on 2026-11-01: UTC-04:00 to UTC-05:00).", lines[0], StringComparison.Ordinal);
        Assert.Contains("Overlap: INC-101 and INC-102 overlap; merged into one period 2026-11-10 09:00-10:30 (UTC-05:00), 90 min, counted once.", lines);
        Assert.Contains("Excluded: INC-106 (clause 3.5 customer) 2026-11-18 11:00-12:00 (UTC-05:00), 60 min.", lines);
        Assert.Contains(lines, l => l.StartsWith("Ignored: INC-104", StringComparison.Ordinal) && l.Contains("40 s", StringComparison.Ordinal));
        Assert.Contains("Downtime 270 min of 43,260 min => 99.3759% (exact 2,579,400 s / 2,595,600 s available).", lines);
        Assert.Contains("Target >= 99.9%: breached by 0.5241 points.", lines);
        Assert.Contains("Credit tier '10%' (10% of fee) applies because 99.3759% < 99.9%.", lines);
        Assert.Contains("10% x 12,000.00 USD = 1,200.00 USD.", lines);
    }

    [Fact]
    public void An_excluded_incident_over_other_evidence_says_how_much_downtime_it_removed()
    {
        // An excluded incident over failed probe minutes removes downtime the "Downtime period" lines still show; the
        // exclusion's line once left that out, and the listed periods did not add up to the downtime.
        var sample = TraceShapes.Downtime();
        var index = sample.Exclusions.IndexOf(sample.Exclusions.First(x => x.Kind == ExclusionKind.Incident));
        var ownTime = TraceExplanation.Lines(sample, new ExplanationContext(TraceShapes.NewYork));
        Assert.DoesNotContain(ownTime, l => l.StartsWith("Exclusion", StringComparison.Ordinal) && l.Contains("excluded incidents", StringComparison.Ordinal) && l.Contains("it removed", StringComparison.Ordinal));
        var overProbes = sample with { Exclusions = sample.Exclusions.SetItem(index, sample.Exclusions[index] with { DowntimeRemovedSeconds = 300m }) };
        var lines = TraceExplanation.Lines(overProbes, new ExplanationContext(TraceShapes.NewYork));
        Assert.Contains(lines, l => l.StartsWith("Exclusion", StringComparison.Ordinal) && l.Contains("excluded incidents", StringComparison.Ordinal) && l.EndsWith("; it removed 5 min of downtime.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_yearly_maintenance_cap_partly_used_earlier_is_not_stated_as_a_cap_per_window()
    {
        // Slack: at most 10 hours a year. 8 hours in July leave 2 for Q4's 3-hour window; the cap in Q4 is what is left,
        // not "120 min per window" (the contract says 10 hours per year) nor "120 min per period" in the statement.
        using var cli = new CliRunner();
        var data = Path.Combine(cli.Directory, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "incidents.csv"), "id,service,severity,impact,started,resolved\nS-2,slack,1,outage,2026-11-05T03:00:00Z,2026-11-05T04:30:00Z\n");
        File.WriteAllText(Path.Combine(data, "maintenance.csv"), "id,announced,start,end,services\n" +
            "M-1,2026-06-01T00:00:00Z,2026-07-04T00:00:00Z,2026-07-04T08:00:00Z,slack\nM-2,2026-11-01T00:00:00Z,2026-11-05T02:00:00Z,2026-11-05T05:00:00Z,slack\n");
        var slack = Path.Combine(Contracts, "slack.sla");
        var run = cli.Invoke("explain", slack, "--data", data, "--period", "2026-Q4", "--as-of", "2027-01-02T00:00:00Z");
        Assert.True(run.ExitCode == 0, run.Error);
        var sla = run.Lines.TakeWhile(l => !l.Contains("[internal KPI]", StringComparison.Ordinal));
        var exclusion = Assert.Single(sla, l => l.TrimStart().StartsWith("Exclusion (exclude maintenance announced at least 48 hours ahead)", StringComparison.Ordinal));
        Assert.DoesNotContain("per window", exclusion, StringComparison.Ordinal);
        Assert.Contains("180 min in the window; capped at 120 min in this window: 120 min excluded, 60 min beyond the cap not excluded", exclusion, StringComparison.Ordinal);
        // 30 min of S-2 count: (132,360 - 30) / 132,360
        Assert.Contains(run.Lines, l => l.Contains("Downtime 30 min of 132,360 min", StringComparison.Ordinal));
    }

    [Fact]
    public void Numbers_come_from_the_trace_not_from_recomputation()
    {
        // A trace whose fields disagree with its incidents: the explanation repeats the fields, it does not re-derive them.
        var sample = TraceShapes.Downtime();
        var tampered = sample with
        {
            Measurement = sample.Measurement with { DowntimeSeconds = 999m },
            Periods = [sample.Periods[0] with { Seconds = 5401m }, .. sample.Periods[1..]],
            Denominator = sample.Denominator! with { MeasuredSeconds = 2_595_601m },
        };
        var lines = TraceExplanation.Lines(tampered, new ExplanationContext(TraceShapes.NewYork));
        Assert.Contains(lines, l => l.StartsWith("Downtime 16 min 39 s of 43,260 min 1 s =>", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("merged into one period 2026-11-10 09:00-10:30 (UTC-05:00), 90 min 1 s, counted once", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(5400, "90 min")]
    [InlineData(5430, "90 min 30 s")]
    [InlineData(40, "40 s")]
    [InlineData(61, "1 min 1 s")]
    [InlineData(0.5, "0.5 s")]
    [InlineData(2595600, "43,260 min")]
    [InlineData(2595600.0000001, "43,260 min 0.0000001 s")]
    [InlineData(-90, "-1 min 30 s")]
    [InlineData(0, "0 min")]
    public void Durations_are_exact_minutes_and_seconds(decimal seconds, string expected) =>
        Assert.Equal(expected, Words.Duration(seconds));

    [Fact]
    public void A_value_that_rounds_onto_the_bound_is_shown_with_all_its_digits()
    {
        // 99.899999% would print as 99.9% at 4 places and read "99.9% < 99.9%".
        var trace = TraceShapes.Downtime() with { Measurement = MeasurementTrace.Of("availability", 99_899_999m, 100_000_000m, 99.899999m, new TargetCondition.Bounded(ValueCondition.AtLeast(99.9m)), Verdict.Breached, 1m) };
        var lines = TraceExplanation.Lines(trace with { Credit = null }, new ExplanationContext(TraceShapes.NewYork));
        Assert.Contains(lines, l => l.Contains("=> 99.899999%", StringComparison.Ordinal));
        Assert.Contains("Target >= 99.9%: breached by 0.000001 points.", lines);
    }

    [Fact]
    public void Explain_examples_for_November()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("explain", Contracts, "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z");
        Assert.True(run.ExitCode == 0, run.Error);
        GoldenFile.VerifyBeside("explain-examples-2026-11", run.Output, "Golden");
    }

    [Fact]
    public void Sla_option_selects_one_commitment_and_an_unknown_name_is_an_error()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("explain", Contracts, "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z", "--sla", "availability");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Checkout availability (clause 3.1)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Messaging availability", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("uptime", run.Output, StringComparison.OrdinalIgnoreCase);

        var missing = cli.Invoke("explain", Contracts, "--data", Data, "--period", "2026-11", "--as-of", "2026-12-01T06:00:00Z", "--sla", "nope");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("--sla 'nope'", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_period_outside_the_effective_range_is_said_to_be_so()
    {
        using var cli = new CliRunner();
        var run = cli.Invoke("explain", Path.Combine(Contracts, "ecommerce-checkout.sla"), "--data", Data, "--period", "2027-03", "--as-of", "2027-04-01T06:00:00Z");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Not in effect for 2027-03", run.Output, StringComparison.Ordinal);
        Assert.Contains("not evaluated for 2027-03: the period lies outside the contract's effective range", run.Output, StringComparison.Ordinal);
    }
}
