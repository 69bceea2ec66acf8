using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Runtime.Time;
using M = SlaKpiDsl.Compiler.Semantics.Model;

namespace SlaKpiDsl.Compiler.Emit.CSharp;

// Availability SLAs: downtime from incidents or from request error rates (down intervals, runs), or availability as an
// average of interval error rates; any window the language allows; calendar-window or deployed-time denominators;
// maintenance, incident and local-time exclusions with caps per window or per a longer period; credits through
// ContractEmitter.Credits.cs.
public static partial class ContractEmitter
{
    /// <summary>An SLA whose guarantees are all availability percentages (its downtime rule decides what more it needs).</summary>
    private static bool ClaimsAvailabilityFromIncidents(BoundSla sla) =>
        sla.Guarantees.All(g => g.Objective is ThresholdObjective { Measure: AvailabilityMeasure });

    private static void EmitAvailabilityFromIncidents(SourceWriter w, BoundContract contract, BoundSla sla, string method)
    {
        var name = CSharpText.Literal(sla.Name);
        var clause = sla.Clause is null ? "null" : CSharpText.Literal(sla.Clause);
        var guarantee = sla.Guarantees[0];
        var threshold = (ThresholdObjective)guarantee.Objective;
        var measure = (AvailabilityMeasure)threshold.Measure;
        var window = guarantee.Window!;
        var fieldName = method["Evaluate_".Length..];
        var commitmentField = "Commitment_" + fieldName;
        var measureMethod = "Measure_" + fieldName;
        var linesField = "CreditLines_" + fieldName;
        var target = Condition(threshold.Bound.Operator, ((PercentQuantity)threshold.Bound.Value).Value.Value);
        var viaSchedule = NeedsCreditSchedule(sla);
        var fee = FeeExpression(contract, window, "window");

        if (sla.Downtime is not AverageErrorRateAvailability)
            EmitDowntimeCommitment(w, contract, sla, commitmentField, name, clause, target, guarantee, viaSchedule);
        if (viaSchedule) EmitCreditLines(w, sla, linesField);

        // Per period: the window, the measurement, longer-period credit caps, the claim deadline.
        using (w.Block($"private static {Rt}CommitmentOutcome {method}({Rt}EvaluationInput input)"))
        {
            var (test, ask) = PeriodRequirement(window);
            w.Line($"if ({test}) return {Rt}CommitmentOutcome.Mismatch({name}, {clause}, {CSharpText.Literal(ask)});");
            w.Line($"var window = WindowFor(input.Period, {WindowKindExpression(window)}, {CSharpText.Literal(window.Parameter ?? 1)});");
            w.Line($"if (window is null) return {Rt}CommitmentOutcome.Outside({name}, {clause}, {CSharpText.Literal("the period lies outside the contract's effective range")});");
            w.Line($"var result = {measureMethod}(input, window);");
            EmitLongerPeriodCreditCaps(w, contract, sla, window, measureMethod);
            EmitClaimAndReturn(w, sla, window);
        }
        w.Line();

        // One window: exclusions, the downtime or average, measured-value rounding, credits, warnings.
        using (w.Block($"private static {Rt}CommitmentResult {measureMethod}({Rt}EvaluationInput input, {Time}CalendarWindow window)"))
        {
            if (sla.Downtime is AverageErrorRateAvailability average)
            {
                var service = CSharpText.Literal(average.Services[0]);
                w.Comment($"availability is 100% minus the average error rate of each {IntervalWords(average.Interval)} interval; empty intervals count as {average.EmptyIntervalErrorRate}");
                w.Line($"var slices = {Rt}RequestEvidence.Of(input, {service});");
                w.Line($"var uptime = {Rt}RequestMetrics.UptimeFromAverageErrorRate(slices, window, {CSharpText.Literal(average.Interval)}, {CSharpText.Literal(average.EmptyIntervalErrorRate.Value)}, out var intervals, out var emptyIntervals);");
                var credits = viaSchedule ? "null" : TieredCreditsExpression(sla.Credits, window);
                w.Line($"var result = {Rt}MeasureResults.ForValue({name}, {clause}, \"availability\", window, input.AsOf, uptime, {target}, {credits}, {fee},");
                w.Line($"    [new {Rt}AveragedIntervals(intervals, {CSharpText.Literal(average.Interval)}, emptyIntervals, {CSharpText.Literal(average.EmptyIntervalErrorRate.Value)})]);");
                w.Line($"result = {Rt}RequestEvidence.NoteMissing(result, slices, {service}, window);");
                if (!sla.WarnAtBudgetUsed.IsEmpty)
                    w.Line($"result = {Rt}MeasuredValueSteps.Note(result, new {Rt}BudgetWarningNotEvaluated());");
            }
            else
            {
                EmitTimeExclusions(w, contract, sla, measure, window);
                var deployments = sla.Denominator == Denominator.DeployedTime
                    ? $"{Rt}RequestEvidence.DeploymentsOf(input.Deployments, [{string.Join(", ", measure.Services.Select(CSharpText.Literal))}])"
                    : "null";
                if (sla.Denominator == Denominator.DeployedTime) w.Comment("measured over deployed time: the union of the measured services' deployments in the window");
                if (sla.Downtime is ErrorRateDowntime errors)
                {
                    var rate = ((PercentQuantity)errors.ErrorRate.Value).Value.Value;
                    var atLeast = errors.ErrorRate.Operator == ComparisonOperator.AtLeast;
                    var rule = RuleExpression(rate, atLeast, errors.MinimumRequests);
                    w.Comment($"downtime is each {IntervalWords(errors.Interval)} interval on {string.Join(" and ", errors.Services)} with error rate {errors.ErrorRate}"
                        + (errors.MinimumRequests is { } mr ? $" and at least {mr} requests" : "")
                        + (errors.MinimumConsecutive > 1 ? $"; only runs of at least {errors.MinimumConsecutive} consecutive down intervals count" : ""));
                    if (errors.Services.Length == 1 && !atLeast)
                    {
                        var service = CSharpText.Literal(errors.Services[0]);
                        w.Line($"var downRuns = {Rt}RequestEvidence.DownRuns(input, {service}, {rule}, minConsecutive: {CSharpText.Literal(errors.MinimumConsecutive)});");
                        w.Line($"var result = new {Rt}DowntimeEvaluator().Evaluate({commitmentField}, window, input.AsOf, downRuns, exclusions, {deployments}, {fee});");
                        w.Line($"result = {Rt}RequestEvidence.NoteMissing(result, input, {service}, window);");
                    }
                    else
                    {
                        var services = $"[{string.Join(", ", errors.Services.Select(CSharpText.Literal))}]";
                        w.Comment("runs are found per service, then united: a time when any measured service is down is down once");
                        w.Line($"var downRuns = {Rt}RequestEvidence.DownRunsOf(input, {services}, {rule}, minConsecutive: {CSharpText.Literal(errors.MinimumConsecutive)});");
                        w.Line($"var result = new {Rt}DowntimeEvaluator().Evaluate({commitmentField}, window, input.AsOf, downRuns, exclusions, {deployments}, {fee});");
                        w.Line($"result = {Rt}RequestEvidence.NoteMissing(result, input, {services}, window);");
                    }
                }
                else if (sla.Downtime is AtOnceDowntime atOnce)
                {
                    var services = $"[{string.Join(", ", atOnce.Services.Select(CSharpText.Literal))}]";
                    w.Comment($"downtime counts only when at least {atOnce.Count} of {string.Join(", ", atOnce.Services)} are down at once");
                    if (atOnce.Inner is ErrorRateDowntime rule)
                    {
                        var rate = ((PercentQuantity)rule.ErrorRate.Value).Value.Value;
                        var isDown = RuleExpression(rate, rule.ErrorRate.Operator == ComparisonOperator.AtLeast, rule.MinimumRequests);
                        w.Comment("each service's down runs on its own slices, then the times when enough services are down together");
                        w.Line($"var runs = new {Rt}DowntimeEvidence[] {{ {string.Join(", ", atOnce.Services.Select(x => $"{Rt}RequestEvidence.DownRuns(input, {CSharpText.Literal(x)}, {isDown}, {CSharpText.Literal(rule.MinimumConsecutive)})"))} }};");
                        w.Line($"var atOnce = {Rt}AtOnceEvidence.FromRuns({services}, runs, {CSharpText.Literal(atOnce.Count)});");
                    }
                    else
                    {
                        w.Comment("each qualifying incident makes its service down (the commitment's weight and incident exclusions qualify it)");
                        w.Line($"var atOnce = {Rt}AtOnceEvidence.FromIncidents({commitmentField}, input.Incidents, {services}, {CSharpText.Literal(atOnce.Count)}, input.AsOf);");
                    }
                    w.Line($"var result = new {Rt}DowntimeEvaluator().Evaluate({commitmentField}, window, input.AsOf, [], exclusions, {deployments}, {fee}, alsoDown: atOnce);");
                    if (atOnce.Inner is ErrorRateDowntime) w.Line($"result = {Rt}RequestEvidence.NoteMissing(result, input, {services}, window);");
                }
                else if (sla.Downtime is AnyOfDowntime anyOf)
                {
                    w.Comment($"down when any of {anyOf.ErrorRates.Length + (anyOf.Incidents is null ? 0 : 1)} definitions holds, counted once");
                    var parts = new List<string>();
                    var requestServices = new List<string>();
                    for (var k = 0; k < anyOf.ErrorRates.Length; k++)
                    {
                        var rule = anyOf.ErrorRates[k];
                        var rate = ((PercentQuantity)rule.ErrorRate.Value).Value.Value;
                        var atLeast = rule.ErrorRate.Operator == ComparisonOperator.AtLeast;
                        var services = $"[{string.Join(", ", rule.Services.Select(CSharpText.Literal))}]";
                        var isDown = RuleExpression(rate, atLeast, rule.MinimumRequests);
                        w.Comment($"definition {k + 1}: each {IntervalWords(rule.Interval)} interval on {string.Join(" and ", rule.Services)} with error rate {rule.ErrorRate}"
                            + (rule.MinimumRequests is { } mr ? $" and at least {mr} requests" : "")
                            + (rule.MinimumConsecutive > 1 ? $"; runs of at least {rule.MinimumConsecutive}" : ""));
                        w.Line($"var downRuns{k} = {Rt}RequestEvidence.DownRunsOf(input, {services}, {isDown}, minConsecutive: {CSharpText.Literal(rule.MinimumConsecutive)});");
                        parts.Add($"downRuns{k}");
                        requestServices.AddRange(rule.Services.Where(x => !requestServices.Contains(x)));
                    }
                    if (anyOf.Incidents is not null) w.Comment("and the incidents the 'downtime is incidents ...' line selects (the commitment's weight)");
                    var evidence = parts.Count == 1 ? parts[0] : $"{Rt}DowntimeEvidence.Combine({string.Join(", ", parts)})";
                    var incidents = anyOf.Incidents is null ? "[]" : "input.Incidents";
                    w.Line($"var result = new {Rt}DowntimeEvaluator().Evaluate({commitmentField}, window, input.AsOf, {incidents}, exclusions, {deployments}, {fee}, alsoDown: {evidence});");
                    w.Line($"result = {Rt}RequestEvidence.NoteMissing(result, input, [{string.Join(", ", requestServices.Select(CSharpText.Literal))}], window);");
                }
                else
                {
                    // By column when the host holds the incidents so (the commitment's rule as data), else the records.
                    w.Line($"var result = new {Rt}DowntimeEvaluator().Evaluate({commitmentField}, window, input.AsOf, {Rt}IncidentSource.Of(input), exclusions, {deployments}, {fee});");
                }
            }
            if (sla.MeasuredValueRounding is { } rounding)
            {
                w.Comment($"round measured value to {rounding.Places} places {Kebab(rounding.Mode)}");
                w.Line($"result = {Rt}MeasuredValueSteps.RoundPercent(result, {CSharpText.Literal(rounding.Places)}, {MoneyMode(rounding.Mode)}, {target});");
            }
            if (viaSchedule) EmitCreditStep(w, contract, sla, linesField, window, $"{Rt}CreditFacts.Of(result)");
            if (sla.WarnAtBudgetUsed.Length > 1)
                w.Line($"result = {Rt}MeasuredValueSteps.WarnAtBudgetShares(result, {string.Join(", ", sla.WarnAtBudgetUsed.Select(p => CSharpText.Literal(p.Value)))});");
            w.Line("return result;");
        }
    }

    private static void EmitDowntimeCommitment(SourceWriter w, BoundContract contract, BoundSla sla, string field, string name, string clause, string target, BoundObjective guarantee, bool viaSchedule)
    {
        var threshold = (ThresholdObjective)guarantee.Objective;
        var measure = (AvailabilityMeasure)threshold.Measure;
        var args = new List<string>
        {
            $"commitment: {name},",
            $"clause: {clause},",
            CSharpText.Comment("guarantee " + threshold.Bound + " " + guarantee.Window),
            $"target: {target},",
        };
        NodaTime.Duration? minimum;
        if (sla.Downtime is IncidentDowntime downtime)
        {
            args.Add(CSharpText.Comment("downtime weights: the first selection that matches an incident decides its weight"));
            args.Add($"weight: i => {IncidentWeight(downtime, measure.Services)},");
            minimum = downtime.IgnoreShorterThan;
        }
        else if (sla.Downtime is AtOnceDowntime { Inner: IncidentDowntime atOnceIncidents } atOnceRule)
        {
            args.Add(CSharpText.Comment($"an incident makes its service down; downtime is when at least {atOnceRule.Count} of the services are down at once"));
            args.Add($"weight: i => {WeightExpression(atOnceIncidents.Selections, measure.Services)},");
            minimum = atOnceRule.IgnoreShorterThan;
        }
        else if (sla.Downtime is AtOnceDowntime atOnceRuns)
        {
            args.Add(CSharpText.Comment($"downtime comes from request data: when at least {atOnceRuns.Count} of the services are in down runs at once"));
            args.Add("weight: i => 0m,");
            minimum = atOnceRuns.IgnoreShorterThan;
        }
        else if (sla.Downtime is AnyOfDowntime anyOf)
        {
            args.Add(CSharpText.Comment("several downtime definitions: down when any holds; incidents weigh here, request-defined runs come as evidence"));
            args.Add(anyOf.Incidents is { } fromIncidents ? $"weight: i => {IncidentWeight(fromIncidents, measure.Services)}," : "weight: i => 0m,");
            minimum = anyOf.IgnoreShorterThan;
        }
        else
        {
            args.Add(CSharpText.Comment("downtime comes from request data (down runs), not from incident records"));
            args.Add("weight: i => 0m,");
            minimum = ((ErrorRateDowntime)sla.Downtime!).IgnoreShorterThan;
        }
        args.Add($"minimumPeriod: {CSharpText.Literal(minimum ?? NodaTime.Duration.Zero)}, {CSharpText.Comment(Readable(minimum ?? NodaTime.Duration.Zero))}");
        var incidentExclusions = DisqualifiesIncidents(sla)
            ? sla.Exclusions.Where(e => e.Predicate is CausedBy or Tagged && e.Cap is null).ToList()
            : [];
        if (incidentExclusions.Count == 0) args.Add("incidentExclusions: [],");
        else
        {
            args.Add("incidentExclusions:");
            args.Add("[");
            foreach (var exclusion in incidentExclusions)
                args.Add($"    new {Rt}IncidentExclusion({CSharpText.Literal(ExclusionLabel(sla, exclusion))}, i => {ExclusionExpression(exclusion.Predicate)}),");
            args.Add("],");
        }
        args.Add($"accounting: {Rt}ExcludedTimeAccounting.{(sla.Accounting == ExcludedTimeAccounting.CountsAsAvailable ? "CountsAsAvailable" : "RemovedFromMeasuredPeriod")},");
        args.Add($"basis: {Rt}MeasuredPeriodBasis.{(sla.Denominator == Denominator.DeployedTime ? "DeployedTime" : "CalendarWindow")},");
        args.Add($"credits: {(viaSchedule ? "null" : TieredCreditsExpression(sla.Credits, guarantee.Window!))},");
        var warn = $"warnAtBudgetPercent: {(sla.WarnAtBudgetUsed.Length != 1 ? "null" : CSharpText.Literal(sla.WarnAtBudgetUsed[0].Value))}";
        if (sla.Downtime is IncidentDowntime byColumn)
        {
            args.Add(warn + ",");
            args.Add(CSharpText.Comment("the weight and the incident exclusions above as data, for incidents read by column"));
            args.Add($"byColumn: {IncidentRuleExpression(byColumn, measure.Services, incidentExclusions.Select(e => (ExclusionLabel(sla, e), e.Predicate)))});");
        }
        else args.Add(warn + ");");
        w.Line($"private static readonly {Rt}DowntimeCommitment {field} = new(");
        foreach (var arg in args) w.Line("    " + arg);
        w.Line();
    }

    /// <summary>Whether uncapped cause and tag exclusions disqualify incidents (downtime from incidents alone) rather than exclude their time.</summary>
    private static bool DisqualifiesIncidents(BoundSla sla) => sla.Downtime is IncidentDowntime or AtOnceDowntime { Inner: IncidentDowntime };

    /// <summary>Maintenance, local-time and capped incident exclusions for one window, each labelled with its own clause.</summary>
    private static void EmitTimeExclusions(SourceWriter w, BoundContract contract, BoundSla sla, AvailabilityMeasure measure, M.Window window)
    {
        w.Line($"var exclusions = new global::System.Collections.Generic.List<{Rt}TimeExclusion>();");
        foreach (var exclusion in sla.Exclusions)
        {
            var label = CSharpText.Literal(ExclusionLabel(sla, exclusion));
            var sameWindowCap = exclusion.Cap is { } c && SameWindow(c.Per, window) ? CSharpText.Literal(c.Limit) : "null";
            string? built = exclusion.Predicate switch
            {
                MaintenanceWindows maintenance => MaintenanceExpression(label, maintenance, measure, sameWindowCap),
                LocalTimeWindow local => $"{Rt}TimeExclusion.FromWeeklyCalendar({label}, new {Time}WeeklyCalendar(Zone, [{string.Join(", ", DailyRanges(local.Hours))}]), window, {sameWindowCap})",
                CausedBy or Tagged when exclusion.Cap is not null || !DisqualifiesIncidents(sla) =>
                    $"{Rt}IncidentTimeExclusion.From({label}, input.Incidents, i => ({SelectionExpression(new IncidentSelection(null, null, [], []), measure.Services)}) && ({ExclusionExpression(exclusion.Predicate)}), input.AsOf, {sameWindowCap})",
                _ => null, // an uncapped incident exclusion on incident downtime is part of the commitment
            };
            if (built is null) continue;
            w.Comment(Describe(exclusion.Predicate) + (exclusion.Cap is null ? "" : ", at most " + Readable(exclusion.Cap.Limit) + " per " + CapPeriodWords(exclusion.Cap.Per)));
            if (exclusion.Cap is { } cap && !SameWindow(cap.Per, window))
            {
                w.Comment($"the cap is per {CapPeriodWords(cap.Per)}: what earlier windows of that {CapPeriodWords(cap.Per)} used is no longer available");
                w.Line($"exclusions.Add({Rt}LongerPeriodCaps.RemainingFor({built}, {CSharpText.Literal(cap.Limit)}, {CapPeriodStart(cap.Per, "window")}, window));");
            }
            else w.Line($"exclusions.Add({built});");
        }
    }

    /// <summary>The error-rate rule of a request-defined downtime as a constant expression (read by column or on objects alike, RequestEvidence).</summary>
    private static string RuleExpression(decimal percent, bool atLeast, long? minimumRequests) =>
        $"new {Rt}ErrorRateRule({CSharpText.Literal(percent)}, atLeast: {(atLeast ? "true" : "false")}, minRequests: {CSharpText.Literal(minimumRequests ?? 0L)})";

    private static string MaintenanceExpression(string label, MaintenanceWindows maintenance, AvailabilityMeasure measure, string cap)
    {
        var predicate = maintenance.MinimumNotice is { } n ? $"m => m.Notice >= {CSharpText.Literal(n)}" : "m => true";
        return measure.Services.Length == 1
            ? $"{Rt}TimeExclusion.FromMaintenance({label}, input.Maintenance, {CSharpText.Literal(measure.Services[0])}, {predicate}, {cap})"
            : $"{Rt}MaintenanceExclusion.ForServices({label}, input.Maintenance, [{string.Join(", ", measure.Services.Select(CSharpText.Literal))}], {predicate}, {cap})";
    }

    private static IEnumerable<string> DailyRanges(WeeklyHours hours) => hours.Days.Select(d =>
        $"new {Time}DailyRange({Noda}IsoDayOfWeek.{d}, {LocalTimeExpression(hours.FromMinute)}, {LocalTimeExpression(hours.ToMinute == 1440 ? 0 : hours.ToMinute)})");

    private static string LocalTimeExpression(int minuteOfDay) =>
        $"new {Noda}LocalTime({CSharpText.Literal(minuteOfDay / 60)}, {CSharpText.Literal(minuteOfDay % 60)})";

    /// <summary>The exclusion's own clause when it has one (<c>clause "3.2": exclude ...</c>), else the SLA's, then what it excludes.</summary>
    private static string ExclusionLabel(BoundSla sla, Exclusion exclusion)
    {
        var clause = exclusion.Clause ?? sla.Clause;
        return (clause is null ? "" : clause + " ") + Describe(exclusion.Predicate);
    }

    /// <summary>Why this SLA cannot be compiled yet, or null when it can.</summary>
    private static string? AvailabilityFromIncidentsUnsupported(BoundContract contract, BoundSla sla)
    {
        if (sla.Guarantees.Length != 1) return "an availability SLA with more than one guarantee";
        var guarantee = sla.Guarantees[0];
        if (guarantee.Objective is not ThresholdObjective { Measure: AvailabilityMeasure measure, Slices: null, Bound.Value: PercentQuantity })
            return "availability guarantees other than a percent over the whole window (a share of slices)";
        if (guarantee.Window is not { } window) return "an availability guarantee without a window";
        switch (sla.Downtime)
        {
            case IncidentDowntime downtime:
                if (downtime.Selections.Any(s => s.Incidents.Impacts.Any(i => !TryImpact(i, out _)))) return "an incident impact the data model does not know";
                break;
            case ErrorRateDowntime errors:
                if (errors.ErrorRate.Operator is not (ComparisonOperator.Above or ComparisonOperator.AtLeast) || errors.ErrorRate.Value is not PercentQuantity)
                    return "error-rate downtime with a bound other than 'above X%' or 'at least X%'";
                break;
            case AtOnceDowntime { Inner: IncidentDowntime atOnceIncidents }:
                if (atOnceIncidents.Selections.Any(s => s.Incidents.Impacts.Any(i => !TryImpact(i, out _)))) return "an incident impact the data model does not know";
                break;
            case AtOnceDowntime { Inner: ErrorRateDowntime atOnceErrors }:
                if (atOnceErrors.ErrorRate.Operator is not (ComparisonOperator.Above or ComparisonOperator.AtLeast) || atOnceErrors.ErrorRate.Value is not PercentQuantity)
                    return "error-rate downtime with a bound other than 'above X%' or 'at least X%'";
                break;
            case AnyOfDowntime anyOf:
                if (anyOf.Incidents is { } fromIncidents && fromIncidents.Selections.Any(s => s.Incidents.Impacts.Any(i => !TryImpact(i, out _)))) return "an incident impact the data model does not know";
                if (anyOf.ErrorRates.Any(e => e.ErrorRate.Operator is not (ComparisonOperator.Above or ComparisonOperator.AtLeast) || e.ErrorRate.Value is not PercentQuantity))
                    return "error-rate downtime with a bound other than 'above X%' or 'at least X%'";
                break;
            case AverageErrorRateAvailability average:
                if (average.Services.Length != 1) return "an average error rate over several services";
                if (!sla.Exclusions.IsEmpty) return "exclusions on an availability averaged from interval error rates";
                if (sla.Denominator == Denominator.DeployedTime) return "deployed time with an availability averaged from interval error rates";
                if (sla.Credits.Tiers.Any(t => t.Amount is FeeMultipleForDownPeriod)) return "a fee multiple for the down period on an availability averaged from error rates (it has no down period)";
                break;
            default:
                return "an availability SLA that does not say how downtime is found";
        }
        if (sla.Denominator == Denominator.DeployedTime && sla.Downtime is not IncidentDowntime and not ErrorRateDowntime and not AnyOfDowntime and not AtOnceDowntime) return "deployed time with this downtime rule";
        foreach (var exclusion in sla.Exclusions)
        {
            if (exclusion.Cap is { } cap && !SameWindow(cap.Per, window) && !LongerThanWindow(cap.Per, window))
                return $"an exclusion cap per {CapPeriodWords(cap.Per)} on a window {window} (the cap period must contain the window)";
            if (exclusion.Cap is { Per: CapPeriod.ContractYear } && contract.EffectiveStart is null) return "a cap per contract year in a contract without an effective date";
        }
        return CreditsUnsupported(contract, sla, window);
    }

    private static (string Test, string Ask) PeriodRequirement(M.Window window) => window.Kind switch
    {
        WindowKind.CalendarQuarter => ("input.Period.Quarter is null", "measured per calendar quarter: ask for a quarter (2026-Q4)"),
        WindowKind.CalendarYear => ("input.Period.Month is not null || input.Period.Quarter is not null", "measured per calendar year: ask for a year (2026)"),
        WindowKind.BillingCycle => ("input.Period.Month is null", $"measured per billing cycle starting on day {window.Parameter}: ask for the month the cycle starts in (2026-11)"),
        WindowKind.RollingDays => ("input.Period.Month is null", $"measured over rolling {window.Parameter} days: ask for the month whose end the window ends at (2026-11)"),
        _ => ("input.Period.Month is null", "measured per calendar month: ask for a month (2026-11)"),
    };

    private static string WindowKindExpression(M.Window window) => $"{Time}WindowKind.{window.Kind}";

    private static bool SameWindow(CapPeriod per, M.Window window) => (per, window.Kind) switch
    {
        (CapPeriod.Month, WindowKind.CalendarMonth) or (CapPeriod.Quarter, WindowKind.CalendarQuarter) or (CapPeriod.Year, WindowKind.CalendarYear) => true,
        (CapPeriod.BillingCycle, WindowKind.BillingCycle) => true,
        // A billing cycle starting on day 1 is the calendar month.
        (CapPeriod.Month, WindowKind.BillingCycle) or (CapPeriod.BillingCycle, WindowKind.CalendarMonth) => window.Parameter is null or 1,
        _ => false,
    };

    /// <summary>A cap period that always contains whole windows of this kind (a year contains months and quarters).</summary>
    private static bool LongerThanWindow(CapPeriod per, M.Window window) => (per, window.Kind) switch
    {
        (CapPeriod.Year, WindowKind.CalendarMonth or WindowKind.CalendarQuarter) => true,
        (CapPeriod.Year, WindowKind.BillingCycle) => window.Parameter is null or 1,
        (CapPeriod.Quarter, WindowKind.CalendarMonth) => true,
        (CapPeriod.Quarter, WindowKind.BillingCycle) => window.Parameter is null or 1,
        (CapPeriod.ContractYear, WindowKind.CalendarMonth or WindowKind.CalendarQuarter or WindowKind.BillingCycle or WindowKind.CalendarYear) => true,
        _ => false,
    };

    private static string CapPeriodWords(CapPeriod per) => per switch
    {
        CapPeriod.ContractYear => "contract year",
        CapPeriod.BillingCycle => "billing cycle",
        _ => per.ToString().ToLowerInvariant(),
    };

    /// <summary>The instant the cap period containing the window starts (contract years run from the effective date).</summary>
    private static string CapPeriodStart(CapPeriod per, string windowVar) => per switch
    {
        CapPeriod.Year => $"{Time}WindowCalendar.Year(Zone, {windowVar}.FirstDate.Year).Start",
        CapPeriod.Quarter => $"{Time}WindowCalendar.Quarter(Zone, {windowVar}.FirstDate.Year, ({windowVar}.FirstDate.Month - 1) / 3 + 1).Start",
        CapPeriod.ContractYear => $"{Time}WindowCalendar.LocalMidnight(Zone, ContractYearStart({windowVar}.FirstDate))",
        _ => throw new InvalidOperationException($"no longer period for {per}"),
    };

    /// <summary>"1-minute", "5-minute": an interval length as an adjective.</summary>
    private static string IntervalWords(NodaTime.Duration d) => Readable(d).TrimEnd('s').Replace(' ', '-');

    private static string MoneyMode(RoundingMode mode) => $"{Rt}MoneyRoundingMode.{mode}";

    /// <summary>A rounding mode as the contract writes it (<c>half-even</c>).</summary>
    private static string Kebab(RoundingMode mode) => string.Concat(mode.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>An incident rule's weight; weighted by the affected share, it is multiplied by the incident's share (none stated: 1).</summary>
    private static string IncidentWeight(IncidentDowntime downtime, ImmutableArray<string> measureServices) =>
        downtime.ByAffectedShare
            ? $"({WeightExpression(downtime.Selections, measureServices)}) * (i.AffectedShare ?? 1m)"
            : WeightExpression(downtime.Selections, measureServices);

    private static string WeightExpression(ImmutableArray<WeightedSelection> selections, ImmutableArray<string> measureServices)
    {
        var parts = selections.Select(s => $"{SelectionExpression(s.Incidents, measureServices)} ? {CSharpText.Literal(s.Weight.Value / 100m)}");
        return string.Join(" : ", parts) + " : 0m";
    }

    /// <summary>
    /// The <see cref="IncidentRule"/> of an incident downtime: the same selections as <see cref="WeightExpression"/> (a
    /// selection without services falls back to the measured ones; a severity without an upper bound is that severity
    /// only) and the same exclusions as <see cref="ExclusionExpression"/>, in the same order.
    /// </summary>
    private static string IncidentRuleExpression(IncidentDowntime downtime, ImmutableArray<string> measureServices, IEnumerable<(string Label, ExclusionPredicate Predicate)> exclusions)
    {
        static string Strings(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(CSharpText.Literal)) + "]";
        var selections = downtime.Selections.Select(s =>
        {
            var services = s.Incidents.Services.IsEmpty ? measureServices : s.Incidents.Services;
            var low = s.Incidents.SeverityLow;
            var high = s.Incidents.SeverityHigh ?? low;
            var impacts = s.Incidents.Impacts.Select(i => { TryImpact(i, out var m); return $"{Data}Impact.{m}"; });
            return $"new {Rt}IncidentSelectionRule({Strings(services)}, {(low is { } l ? CSharpText.Literal(l) : "null")}, {(high is { } h ? CSharpText.Literal(h) : "null")}, [{string.Join(", ", impacts)}], {CSharpText.Literal(s.Weight.Value / 100m)})";
        });
        var excluded = exclusions.Select(x => x.Predicate switch
        {
            CausedBy caused => $"new {Rt}IncidentExclusionRule({CSharpText.Literal(x.Label)}, {Strings(caused.Causes)}, [])",
            Tagged tagged => $"new {Rt}IncidentExclusionRule({CSharpText.Literal(x.Label)}, [], {Strings(tagged.Tags)})",
            _ => throw new InvalidOperationException($"not an incident exclusion: {x.Predicate}"),
        });
        return $"new {Rt}IncidentRule([{string.Join(", ", selections)}], [{string.Join(", ", excluded)}])";
    }

    private static string ExclusionExpression(ExclusionPredicate predicate) => predicate switch
    {
        CausedBy caused => string.Join(" || ", caused.Causes.Select(c => $"i.Cause == {CSharpText.Literal(c)}")),
        Tagged tagged => string.Join(" || ", tagged.Tags.Select(t => $"i.Tags.Contains({CSharpText.Literal(t)})")),
        _ => throw new InvalidOperationException($"not an incident exclusion: {predicate}"),
    };
}
