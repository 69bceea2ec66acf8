using SlaKpiDsl.Dsl.Syntax;
using static SlaKpiDsl.Dsl.Tests.ParseAssert;

namespace SlaKpiDsl.Dsl.Tests;

public sealed class SlaClauseTests
{
    [Fact]
    public void Availability_guarantee()
    {
        var g = SlaClause<GuaranteeClauseSyntax>("guarantee availability of api and checkout at least 99.9% per calendar month");
        var t = Assert.IsType<ThresholdObjectiveSyntax>(g.Objective);
        Assert.Equal(["api", "checkout"], Assert.IsType<AvailabilityMeasureSyntax>(t.Measure).Services.Select(s => s.Name));
        Assert.Equal(ComparisonOperator.AtLeast, t.Bound.Operator);
        var p = Assert.IsType<PercentLiteralSyntax>(t.Bound.Value);
        Assert.Equal((99.9m, "99.9"), (p.Value, p.Text));
        Assert.Equal(CalendarUnit.Month, Assert.IsType<CalendarWindowSyntax>(g.Window).Unit);
        Assert.Null(t.Slices);
    }

    [Fact]
    public void Percent_keeps_exact_decimal_digits()
    {
        var g = SlaClause<GuaranteeClauseSyntax>("guarantee availability of api at least 99.950% per calendar month");
        var p = Assert.IsType<PercentLiteralSyntax>(((ThresholdObjectiveSyntax)g.Objective).Bound.Value);
        Assert.Equal("99.950", p.Text);
        Assert.Equal(99.950m, p.Value);
        Assert.Equal(3, p.Value.Scale); // decimal parsed from text, never through double
    }

    [Theory]
    [InlineData("per calendar month", typeof(CalendarWindowSyntax))]
    [InlineData("per calendar quarter", typeof(CalendarWindowSyntax))]
    [InlineData("per calendar year", typeof(CalendarWindowSyntax))]
    [InlineData("per billing cycle", typeof(BillingCycleWindowSyntax))]
    [InlineData("per billing cycle starting on day 15", typeof(BillingCycleWindowSyntax))]
    [InlineData("rolling 30 days", typeof(RollingWindowSyntax))]
    public void Windows(string window, Type expected)
    {
        var g = SlaClause<GuaranteeClauseSyntax>($"guarantee availability of api at least 99.9% {window}");
        Assert.IsType(expected, g.Window);
        if (g.Window is BillingCycleWindowSyntax { StartDay: { } day }) Assert.Equal(15m, day.Value);
        if (g.Window is RollingWindowSyntax r) Assert.Equal(30m, r.Days.Value);
    }

    [Fact]
    public void Latency_by_slices_and_by_histograms()
    {
        var slices = (ThresholdObjectiveSyntax)SlaClause<GuaranteeClauseSyntax>(
            "guarantee p95 latency of api requests at most 500 ms in at least 99% of 5-minute slices per calendar month").Objective;
        Assert.Equal(95, Assert.IsType<LatencyMeasureSyntax>(slices.Measure).Percentile);
        var bound = Assert.IsType<DurationLiteralSyntax>(slices.Bound.Value);
        Assert.Equal((500m, DurationUnit.Milliseconds), (bound.Value, bound.Unit));
        Assert.Equal(99m, slices.Slices!.Share.Value);
        Assert.Equal((5m, DurationUnit.Minutes, true), (slices.Slices.SliceLength.Value, slices.Slices.SliceLength.Unit, slices.Slices.SliceLength.Compact));

        var merged = (ThresholdObjectiveSyntax)SlaClause<GuaranteeClauseSyntax>(
            "guarantee p99 latency of api requests at most 2 seconds per calendar month").Objective;
        Assert.Null(merged.Slices);
        Assert.Equal(DurationUnit.Seconds, Assert.IsType<DurationLiteralSyntax>(merged.Bound.Value).Unit);
    }

    [Fact]
    public void Success_rate_guarantee()
    {
        var t = (ThresholdObjectiveSyntax)SlaClause<GuaranteeClauseSyntax>("guarantee success rate of api requests at least 99.95% per calendar month").Objective;
        Assert.Equal("api", Assert.Single(Assert.IsType<SuccessRateMeasureSyntax>(t.Measure).Services).Name);
    }

    [Theory]
    [InlineData("guarantee response to severity 1 incidents on api within 15 minutes, every incident, per calendar month", ClockKind.Response, null)]
    [InlineData("guarantee resolution of severity 1-2 incidents within 4 hours, 95% of incidents, per calendar month", ClockKind.Resolution, "95")]
    public void Incident_clock_guarantees(string line, ClockKind kind, string? share)
    {
        var c = Assert.IsType<IncidentClockObjectiveSyntax>(SlaClause<GuaranteeClauseSyntax>(line).Objective);
        Assert.Equal(kind, c.Kind);
        Assert.Equal(share, c.Share?.Text);
        Assert.Equal(1m, c.Incidents.Severity!.Low.Value);
    }

    [Fact]
    public void Clock_clause_with_events_business_hours_and_holidays()
    {
        var c = SlaClause<ClockClauseSyntax>("response clock runs from detected to acknowledged during business hours Mon-Fri 08:00-18:00 except holidays us-2026");
        Assert.Equal((ClockKind.Response, ClockEvent.Detected, ClockEvent.Acknowledged), (c.Kind, c.Start, c.Stop));
        var day = Assert.Single(c.BusinessHours!.Days);
        Assert.Equal((DayOfWeek.Monday, DayOfWeek.Friday), (day.First, day.Last));
        Assert.Equal((8 * 60, 18 * 60), (c.BusinessHours.From.MinuteOfDay, c.BusinessHours.To.MinuteOfDay));
        Assert.Equal("us-2026", c.Holidays!.Name);
    }

    [Fact]
    public void Downtime_from_incidents_and_weights()
    {
        var d = SlaClause<DowntimeFromIncidentsClauseSyntax>("downtime is incidents on api with impact outage or partial");
        Assert.Equal(["outage", "partial"], d.Incidents.Impacts.Select(i => i.Name));
        var w = SlaClause<DowntimeWeightClauseSyntax>("downtime counts 50% for incidents on api with impact degraded");
        Assert.Equal(50m, w.Weight.Value);
        Assert.Equal("degraded", Assert.Single(w.Incidents.Impacts).Name);
    }

    [Fact]
    public void Downtime_from_error_rate_with_minimum_requests_and_runs()
    {
        var d = SlaClause<DowntimeFromErrorRateClauseSyntax>("downtime is each minute on platform with error rate above 10% and at least 2000 requests");
        Assert.Equal((1m, DurationUnit.Minutes), (d.Interval.Value, d.Interval.Unit));
        Assert.Equal(ComparisonOperator.Above, d.ErrorRate.Operator);
        Assert.Equal(2000m, d.MinimumRequests!.Value);
        var five = SlaClause<DowntimeFromErrorRateClauseSyntax>("downtime is each 5-minute interval on platform with error rate above 5%");
        Assert.Equal(5m, five.Interval.Value);
        Assert.Null(five.MinimumRequests);
        var runs = SlaClause<ConsecutiveRunClauseSyntax>("only runs of at least 10 consecutive down minutes count");
        Assert.Equal((10m, "minutes"), (runs.Count.Value, runs.Noun));
    }

    [Fact]
    public void Availability_as_average_error_rate()
    {
        var a = SlaClause<AverageErrorRateClauseSyntax>("availability is 100% minus average error rate of each hour on storage, empty intervals count as 0%");
        Assert.Equal((1m, DurationUnit.Hours), (a.Interval.Value, a.Interval.Unit));
        Assert.Equal(0m, a.EmptyIntervalErrorRate.Value);
    }

    [Fact]
    public void Measurement_base_minimum_period_and_rounding()
    {
        Assert.Equal(MeasurementBase.DeployedTime, SlaClause<MeasuredOverClauseSyntax>("measured over deployed time").Base);
        Assert.Equal(MeasurementBase.CalendarWindow, SlaClause<MeasuredOverClauseSyntax>("measured over the calendar window").Base);
        Assert.Equal(1m, SlaClause<MinimumDowntimePeriodClauseSyntax>("ignore downtime periods shorter than 1 minute").Minimum.Value);
        var r = SlaClause<RoundMeasuredValueClauseSyntax>("round measured value to 3 places half-even");
        Assert.Equal((3m, RoundingMode.HalfEven), (r.Places.Value, r.Mode));
    }

    [Fact]
    public void Exclusions_with_conditions_and_caps()
    {
        var m = SlaClause<ExclusionClauseSyntax>("exclude maintenance announced at least 72 hours ahead, at most 4 hours per month");
        Assert.Equal(72m, Assert.IsType<MaintenanceExclusionSyntax>(m.Exclusion).MinimumNotice!.Value);
        Assert.Equal((4m, CapPeriod.Month), (m.Cap!.Limit.Value, m.Cap.Per));

        var yearly = SlaClause<ExclusionClauseSyntax>("exclude maintenance announced at least 48 hours ahead, at most 10 hours per year");
        Assert.Equal(CapPeriod.Year, yearly.Cap!.Per);

        var causes = SlaClause<ExclusionClauseSyntax>("exclude incidents caused by customer, force-majeure or abuse");
        Assert.Equal(["customer", "force-majeure", "abuse"], Assert.IsType<CauseExclusionSyntax>(causes.Exclusion).Causes.Select(c => c.Name));
        Assert.Null(causes.Cap);

        var causesCapped = SlaClause<ExclusionClauseSyntax>("exclude incidents caused by customer, at most 2 hours per contract year");
        Assert.Single(Assert.IsType<CauseExclusionSyntax>(causesCapped.Exclusion).Causes);
        Assert.Equal(CapPeriod.ContractYear, causesCapped.Cap!.Per);

        var tagged = SlaClause<ExclusionClauseSyntax>("exclude incidents tagged planned-test");
        Assert.Equal("planned-test", Assert.Single(Assert.IsType<TagExclusionSyntax>(tagged.Exclusion).Tags).Name);

        var window = SlaClause<ExclusionClauseSyntax>("exclude downtime during Sat and Sundays 02:00-06:00");
        var schedule = Assert.IsType<TimeWindowExclusionSyntax>(window.Exclusion).Schedule;
        Assert.Equal([DayOfWeek.Saturday, DayOfWeek.Sunday], schedule.Days.Select(d => d.First));
    }

    [Theory]
    [InlineData("excluded time counts as available", ExcludedTimeWording.CountsAsAvailable)]
    [InlineData("excluded time is removed from the measured period", ExcludedTimeWording.RemovedFromMeasuredPeriod)]
    public void Excluded_time_accounting(string line, ExcludedTimeWording expected) =>
        Assert.Equal(expected, SlaClause<ExcludedTimeClauseSyntax>(line).Accounting);

    [Fact]
    public void Credit_tiers_written_either_way()
    {
        var below = SlaClause<CreditClauseSyntax>("credit 10% of fee when availability below 99.9%");
        Assert.Equal(10m, Assert.IsType<PercentOfFeeSyntax>(below.Amount).Percent.Value);
        var condition = Assert.IsType<MeasuredValueConditionSyntax>(Assert.IsType<WhenTriggerSyntax>(below.Trigger).Condition);
        Assert.Equal(TierSubject.Availability, condition.Subject);
        Assert.Equal(ComparisonOperator.Below, Assert.Single(condition.Bounds).Operator);

        var between = SlaClause<CreditClauseSyntax>("credit 10% of fee when uptime at most 99.9% and above 99.0%");
        var bounds = ((MeasuredValueConditionSyntax)((WhenTriggerSyntax)between.Trigger!).Condition).Bounds;
        Assert.Equal([ComparisonOperator.AtMost, ComparisonOperator.Above], bounds.Select(b => b.Operator));
        Assert.Equal([99.9m, 99.0m], bounds.Select(b => ((PercentLiteralSyntax)b.Value).Value));
    }

    [Fact]
    public void Credit_forms_per_incident_multiplier_and_any_guarantee()
    {
        Assert.IsType<PerBreachedIncidentTriggerSyntax>(SlaClause<CreditClauseSyntax>("credit 5% of fee per breached incident").Trigger);
        var multiple = SlaClause<CreditClauseSyntax>("credit 10 times the fee for the down period");
        Assert.Equal(10m, Assert.IsType<FeeMultipleForDownPeriodSyntax>(multiple.Amount).Factor.Value);
        Assert.Null(multiple.Trigger);
        var any = SlaClause<CreditClauseSyntax>("credit 250.00 USD when any guarantee is breached");
        Assert.Equal(250.00m, Assert.IsType<FixedAmountSyntax>(any.Amount).Money.Amount);
        Assert.IsType<AnyGuaranteeBreachedConditionSyntax>(((WhenTriggerSyntax)any.Trigger!).Condition);
    }

    [Fact]
    public void Credit_caps_minimums_and_cumulative()
    {
        var cap = SlaClause<CreditCapClauseSyntax>("credits capped at 50% of fee per month");
        Assert.Equal((50m, CapPeriod.Month), (((PercentOfFeeSyntax)cap.Limit).Percent.Value, cap.Per!.Value));
        var days = SlaClause<CreditCapClauseSyntax>("credits capped at 90 days of service");
        Assert.Equal(90m, Assert.IsType<DaysOfServiceSyntax>(days.Limit).Days.Value);
        Assert.Null(days.Per);
        Assert.Equal(CapPeriod.ContractYear, SlaClause<CreditCapClauseSyntax>("credits capped at 100% of fee per contract year").Per);
        SlaClause<CumulativeCreditsClauseSyntax>("credits are cumulative");
        var below = SlaClause<MinimumCreditClauseSyntax>("no credit below 1.00 USD");
        Assert.Equal((ComparisonOperator.AtLeast, 1.00m), (below.Required, below.Amount.Amount));
        Assert.Equal(ComparisonOperator.Above, SlaClause<MinimumCreditClauseSyntax>("no credit unless above 1.00 USD").Required);
    }

    [Fact]
    public void Claims_and_warnings()
    {
        var within = SlaClause<ClaimWithinClauseSyntax>("claim within 30 days after the month ends");
        Assert.Equal((30m, ClaimUnit.Days, ClaimAnchor.MonthEnd), (within.Count.Value, within.Unit, within.After));
        Assert.Equal(ClaimAnchor.QuarterEnd, SlaClause<ClaimWithinClauseSyntax>("claim within 30 days after the quarter ends").After);
        Assert.Equal(ClaimUnit.Months, SlaClause<ClaimWithinClauseSyntax>("claim within 2 months after the billing cycle ends").Unit);
        var by = SlaClause<ClaimByEndOfCycleClauseSyntax>("claim by the end of the second billing cycle after the incident");
        Assert.Equal((2, ClaimAnchor.Incident), (by.Ordinal, by.After));
        Assert.Equal(75m, SlaClause<WarnClauseSyntax>("warn when 75% of downtime budget is used").Used.Value);
    }

    [Fact]
    public void Clause_reference_on_a_line_is_attached_to_that_clause()
    {
        var e = SlaClause<ExclusionClauseSyntax>("clause \"3.2\": exclude maintenance");
        Assert.Equal("3.2", e.Reference!.Number.Value);
    }

    [Theory]
    [InlineData("target mean time to resolve severity 1-2 incidents at most 30 minutes per calendar month")]
    [InlineData("target median time to acknowledge incidents on api at most 5 minutes rolling 30 days")]
    [InlineData("target p90 time to respond severity 1 incidents at most 10 minutes per calendar month")]
    public void Kpi_incident_time_measures(string line)
    {
        var c = Contract($"kpi k {{\n{line}\n}}").Kpis.Single();
        var t = Assert.Single(c.Targets);
        var measure = Assert.IsType<IncidentTimeMeasureSyntax>(Assert.IsType<ThresholdObjectiveSyntax>(t.Objective).Measure);
        Assert.NotNull(t.Window);
        if (line.Contains("p90")) Assert.Equal((StatisticKind.Percentile, 90), (measure.Statistic.Kind, measure.Statistic.Percentile!.Value));
    }

    [Fact]
    public void Kpi_alerts_postmortems_counts_and_trends()
    {
        var kpi = Contract("""
            kpi k {
              target 95% of alerts on api acknowledged within 5 minutes per calendar month
              target postmortems completed for severity 1 incidents at least 80% per calendar quarter
              target incident count on api decreasing month over month
              target count of severity 1 incidents on api at most 3 per calendar month
            }
            """).Kpis.Single();
        var targets = kpi.Targets.ToList();
        var alerts = Assert.IsType<AlertAcknowledgementObjectiveSyntax>(targets[0].Objective);
        Assert.Equal((95m, 5m), (alerts.Share.Value, alerts.Within.Value));
        Assert.IsType<PostmortemCompletionMeasureSyntax>(((ThresholdObjectiveSyntax)targets[1].Objective).Measure);
        var trend = Assert.IsType<TrendObjectiveSyntax>(targets[2].Objective);
        Assert.Equal((TrendDirection.Decreasing, TrendStep.MonthOverMonth), (trend.Direction, trend.Step));
        Assert.Null(targets[2].Window);
        var count = Assert.IsType<IncidentCountMeasureSyntax>(((ThresholdObjectiveSyntax)targets[3].Objective).Measure);
        Assert.Equal(1m, count.Incidents.Severity!.Low.Value);
        Assert.IsType<NumberLiteralSyntax>(((ThresholdObjectiveSyntax)targets[3].Objective).Bound.Value);
    }

    [Fact]
    public void Downtime_budget_measure()
    {
        var t = (ThresholdObjectiveSyntax)SlaClause<GuaranteeClauseSyntax>("guarantee downtime of api at most 43 minutes per calendar month").Objective;
        Assert.Equal("api", Assert.Single(Assert.IsType<DowntimeMeasureSyntax>(t.Measure).Services).Name);
        Assert.Equal(ComparisonOperator.AtMost, t.Bound.Operator);
    }

    [Fact]
    public void Keywords_are_contextual_so_names_may_be_keywords()
    {
        var c = Contract("""
            service credit "a service named like a keyword"
            sla per "x" {
              guarantee availability of credit at least 99% per calendar month
            }
            """);
        Assert.Equal("credit", c.Services.Single().Name.Name);
        Assert.Equal("per", c.Slas.Single().Name.Name);
    }
}
