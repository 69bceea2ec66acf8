using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Semantics.Binding;

public sealed partial class Binder
{
    private BoundSla BindSla(SlaSyntax sla, ContractScope scope)
    {
        string? citation = null;
        var guarantees = ImmutableArray.CreateBuilder<BoundObjective>();
        var exclusions = ImmutableArray.CreateBuilder<Exclusion>();
        var clocks = ImmutableArray.CreateBuilder<ClockRuleClause>();
        var warns = ImmutableArray.CreateBuilder<Percent>();
        var suppressions = ImmutableArray.CreateBuilder<Suppression>();
        var credits = new CreditsBuilder();
        var once = new OnceTracker(this);
        var accounting = ExcludedTimeAccounting.CountsAsAvailable;
        bool accountingStated = false, deployedTime = false;
        MeasuredValueRounding? measuredRounding = null;

        // Downtime definition pieces, combined after the loop.
        DowntimeRule? downtime = null;
        IncidentDowntime? incidentRule = null;
        var errorRules = new List<ErrorRateDowntime>();
        AverageErrorRateAvailability? averageRule = null;
        var weighted = ImmutableArray.CreateBuilder<WeightedSelection>();
        Duration? ignoreShorter = null;
        int? consecutive = null;
        ConsecutiveRunClauseSyntax? consecutiveSyntax = null;
        int? atOnce = null;
        AffectedShareClauseSyntax? affectedShare = null;
        AtOnceClauseSyntax? atOnceSyntax = null;

        foreach (var clause in sla.Clauses)
        {
            switch (clause)
            {
                case ReferenceClauseSyntax reference when once.First("the clause reference", reference.Span):
                    citation = BindName(reference.Citation.Number, "clause reference");
                    break;
                case GuaranteeClauseSyntax guarantee:
                    if (BindObjective(guarantee.Objective, guarantee.Window, scope, guarantee) is { } bound) guarantees.Add(bound);
                    break;
                case DowntimeFromIncidentsClauseSyntax fromIncidents when once.First("downtime from incidents", fromIncidents.Span):
                    weighted.Insert(0, new WeightedSelection(BindSelection(fromIncidents.Incidents, scope), new Percent(100m)));
                    incidentRule = new IncidentDowntime([], null, fromIncidents.Span);
                    break;
                case DowntimeFromErrorRateClauseSyntax fromErrors:
                {
                    var interval = BindDuration(fromErrors.Interval, "interval");
                    var services = BindServices(fromErrors.Services, scope);
                    var rate = BindComparison(fromErrors.ErrorRate, new SuccessRateMeasure(services));
                    long? minimum = null;
                    if (fromErrors.MinimumRequests is { } min)
                    {
                        if (BindPositiveInteger(min, "minimum request count") is { } m) minimum = m;
                    }
                    if (interval is not null && rate is not null)
                    {
                        var definition = new ErrorRateDowntime(interval.Value, services, rate, minimum, 1, null, fromErrors.Span);
                        // Several definitions are any-of; the same definition twice is a real duplicate.
                        if (errorRules.Any(r => r.Interval == definition.Interval && r.Services.SequenceEqual(definition.Services) && r.ErrorRate == definition.ErrorRate && r.MinimumRequests == definition.MinimumRequests))
                            Report(DiagnosticBuilder.StatedTwice(_source, fromErrors.Span, "this error-rate downtime definition"));
                        else errorRules.Add(definition);
                    }
                    break;
                }
                case AverageErrorRateClauseSyntax average when once.First("how availability is averaged", average.Span):
                {
                    var interval = BindDuration(average.Interval, "interval");
                    var services = BindServices(average.Services, scope);
                    var empty = BindPercent(average.EmptyIntervalErrorRate);
                    if (interval is not null && empty is not null)
                        averageRule = new AverageErrorRateAvailability(interval.Value, services, empty.Value, average.Span);
                    break;
                }
                case ConsecutiveRunClauseSyntax run when once.First("the minimum run of down intervals", run.Span):
                    consecutive = BindPositiveInteger(run.Count, "run length");
                    consecutiveSyntax = run;
                    break;
                case AffectedShareClauseSyntax share when once.First("weighting by the affected share", share.Span):
                    affectedShare = share;
                    break;
                case AtOnceClauseSyntax together when once.First("how many services must be down at once", together.Span):
                    atOnce = BindPositiveInteger(together.Count, "number of services down at once");
                    atOnceSyntax = together;
                    break;
                case DowntimeWeightClauseSyntax weight:
                    if (BindPercent(weight.Weight) is { } w) weighted.Add(new WeightedSelection(BindSelection(weight.Incidents, scope), w));
                    break;
                case MinimumDowntimePeriodClauseSyntax minimumPeriod when once.First("the minimum downtime period", minimumPeriod.Span):
                    ignoreShorter = BindDuration(minimumPeriod.Minimum, "minimum downtime period");
                    break;
                case MeasuredOverClauseSyntax measuredOver when once.First("what availability is measured over", measuredOver.Span):
                    deployedTime = measuredOver.Base == MeasurementBase.DeployedTime;
                    break;
                case RoundMeasuredValueClauseSyntax round when once.First("rounding of the measured value", round.Span):
                    if (round.Places.Value != decimal.Truncate(round.Places.Value) || round.Places.Value > 10m)
                        Report(DiagnosticBuilder.ValueOutOfRange(_source, round.Places.Span, $"{round.Places.Text} places", "must be a whole number from 0 to 10"));
                    else
                        measuredRounding = new MeasuredValueRounding((int)round.Places.Value, round.Mode ?? RoundingMode.HalfAwayFromZero);
                    break;
                case ExclusionClauseSyntax exclusion:
                    if (BindExclusion(exclusion) is { } boundExclusion) exclusions.Add(boundExclusion);
                    break;
                case ExcludedTimeClauseSyntax excludedTime when once.First("the accounting of excluded time", excludedTime.Span):
                    accounting = excludedTime.Accounting == ExcludedTimeWording.CountsAsAvailable
                        ? ExcludedTimeAccounting.CountsAsAvailable : ExcludedTimeAccounting.RemovedFromMeasuredPeriod;
                    accountingStated = true;
                    break;
                case CreditClauseSyntax credit:
                    BindCredit(credit, scope, credits);
                    break;
                case CumulativeCreditsClauseSyntax cumulative when once.First("cumulative credits", cumulative.Span):
                    credits.Cumulative = true;
                    break;
                case CreditCapClauseSyntax cap:
                    if (BindCap(cap, scope) is { } boundCap) credits.Caps.Add(boundCap);
                    break;
                case MinimumCreditClauseSyntax minimumCredit when once.First("the minimum credit", minimumCredit.Span):
                    if (BindMoneyInFeeCurrency(minimumCredit.Amount, scope.Fee) is { } money) credits.Minimum = new MinimumCreditClause(minimumCredit.Required, money) { Clause = minimumCredit.Reference?.Number.Value };
                    break;
                case ClaimWithinClauseSyntax claim when once.First("the claim deadline", claim.Span):
                    if (BindPositiveInteger(claim.Count, "claim period", MaxClaimPeriod(claim.Unit)) is { } count) credits.Claim = new ClaimWithin(count, claim.Unit, claim.After, claim.Span);
                    break;
                case ClaimByEndOfCycleClauseSyntax claimByCycle when once.First("the claim deadline", claimByCycle.Span):
                    credits.Claim = new ClaimByEndOfCycle(claimByCycle.Ordinal, claimByCycle.After, claimByCycle.Span);
                    break;
                case WarnClauseSyntax warn:
                    // A warning at 0% of the budget would fire before any downtime: the evaluator takes (0%, 100%].
                    if (warn.Used.Value == 0m) Report(DiagnosticBuilder.ValueOutOfRange(_source, warn.Used.Span, "warn when 0% of downtime budget is used", "the share must be above 0% and at most 100%"));
                    else if (BindPercent(warn.Used) is { } used) warns.Add(used);
                    break;
                case ClockClauseSyntax clock when once.First($"how the {clock.Kind.ToString().ToLowerInvariant()} clock runs", clock.Span):
                    if (BindClock(clock, scope) is { } rule) clocks.Add(rule);
                    break;
                case SuppressionClauseSyntax suppression:
                    if (BindSuppression(suppression) is { } s) suppressions.Add(s);
                    break;
                case TargetClauseSyntax or SupportsClauseSyntax:
                    Report(DiagnosticBuilder.ClauseNotAllowed(_source, clause.Span, ClauseName(clause), $"sla '{sla.Name.Name}' (targets and supports belong in a kpi block)"));
                    break;
                case ReferenceClauseSyntax or DowntimeFromIncidentsClauseSyntax or DowntimeFromErrorRateClauseSyntax or AverageErrorRateClauseSyntax
                    or ConsecutiveRunClauseSyntax or AtOnceClauseSyntax or AffectedShareClauseSyntax or MinimumDowntimePeriodClauseSyntax or MeasuredOverClauseSyntax or RoundMeasuredValueClauseSyntax
                    or ExcludedTimeClauseSyntax or CumulativeCreditsClauseSyntax or MinimumCreditClauseSyntax or ClaimWithinClauseSyntax
                    or ClaimByEndOfCycleClauseSyntax or ClockClauseSyntax:
                    break; // stated twice, reported by the tracker
                default:
                    Report(DiagnosticBuilder.ClauseNotAllowed(_source, clause.Span, ClauseName(clause), $"sla '{sla.Name.Name}'"));
                    break;
            }
        }

        if (guarantees.Count == 0 && !sla.Guarantees.Any()) Report(DiagnosticBuilder.SlaWithoutGuarantee(_source, sla.Name.Span, sla.Name.Name));

        // Combine the definitions: one alone is itself; several are any-of (down when any holds, counted once).
        if (incidentRule is not null) incidentRule = incidentRule with { Selections = weighted.ToImmutable(), IgnoreShorterThan = ignoreShorter };
        else if (weighted.Count > 0) incidentRule = new IncidentDowntime(weighted.ToImmutable(), ignoreShorter, sla.Span);
        var rates = errorRules.Select(r => r with { MinimumConsecutive = consecutive ?? 1, IgnoreShorterThan = ignoreShorter }).ToImmutableArray();
        var definitions = (incidentRule is null ? 0 : 1) + rates.Length;
        if (averageRule is not null && definitions > 0)
        {
            Report(DiagnosticBuilder.AverageWithDowntimeDefinition(_source, averageRule.Span));
            downtime = null;
        }
        else if (averageRule is not null) downtime = averageRule;
        else if (definitions > 1) downtime = new AnyOfDowntime(incidentRule, rates, ignoreShorter, sla.Span);
        else downtime = (DowntimeRule?)incidentRule ?? (rates.IsEmpty ? null : rates[0]);
        if (affectedShare is not null)
        {
            // Weighs the incidents of the SLA's incident rule, alone or beside other definitions.
            if (incidentRule is null) Report(DiagnosticBuilder.MissingClause(_source, affectedShare.Span, "weighting by the affected share", "a 'downtime is incidents ...' line in the same sla"));
            else if (atOnceSyntax is not null) Report(DiagnosticBuilder.AtOnceNeedsOneDefinition(_source, atOnceSyntax.Span));
            else downtime = downtime switch
            {
                IncidentDowntime incidents => incidents with { ByAffectedShare = true },
                AnyOfDowntime { Incidents: { } incidents } anyOf => anyOf with { Incidents = incidents with { ByAffectedShare = true } },
                _ => downtime,
            };
        }
        if (atOnceSyntax is not null) downtime = BindAtOnce(atOnceSyntax, atOnce, downtime, guarantees);
        if (consecutiveSyntax is not null && rates.IsEmpty)
            Report(DiagnosticBuilder.MissingClause(_source, consecutiveSyntax.Span, "a minimum run of down intervals", "'downtime is each minute ... with error rate above ...' in the same sla"));

        var denominator = deployedTime ? Denominator.DeployedTime
            : accounting == ExcludedTimeAccounting.RemovedFromMeasuredPeriod ? Denominator.WindowMinusExcluded
            : Denominator.Window;

        // Every clock a guarantee uses runs by a stated or the default rule.
        foreach (var kind in guarantees.Select(g => g.Objective).OfType<IncidentClockObjective>().Select(c => c.Kind).Distinct())
        {
            if (!clocks.Any(c => c.Kind == kind)) clocks.Add(ClockRuleClause.Default(kind));
        }

        var terms = FinishCredits(credits, guarantees, sla.Name.Name);
        return new BoundSla(
            sla.Name.Name, BindName(sla.Title, "sla title"), citation, guarantees.ToImmutable(), downtime, exclusions.ToImmutable(), accounting, accountingStated,
            denominator, measuredRounding, [.. clocks.OrderBy(c => c.Kind)], terms, warns.ToImmutable(), suppressions.ToImmutable(), sla.Span);
    }

    /// <summary>
    /// <c>downtime counts only when at least N services are down at once</c> over the one downtime rule: its services are
    /// the rule's (an incident selection without services takes the first availability guarantee's). Weighted incidents
    /// and several definitions do not combine with it (SLA0151); N above the number of services can never hold (SLA0109).
    /// </summary>
    private DowntimeRule? BindAtOnce(AtOnceClauseSyntax syntax, int? count, DowntimeRule? downtime, IReadOnlyList<BoundObjective> guarantees)
    {
        if (count is not { } n) return downtime;
        ImmutableArray<string> services;
        switch (downtime)
        {
            case IncidentDowntime { Selections.Length: 1 } incidents:
                services = incidents.Selections[0].Incidents.Services;
                if (services.IsEmpty)
                    services = guarantees.Select(g => g.Objective).OfType<ThresholdObjective>().Select(t => t.Measure).OfType<AvailabilityMeasure>().FirstOrDefault()?.Services ?? [];
                break;
            case ErrorRateDowntime errors:
                services = errors.Services;
                break;
            case null:
                Report(DiagnosticBuilder.MissingClause(_source, syntax.Span, "downtime counted only when several services are down at once", "one 'downtime is incidents on ...' or 'downtime is each minute on ...' line in the same sla"));
                return downtime;
            default:
                Report(DiagnosticBuilder.AtOnceNeedsOneDefinition(_source, syntax.Span));
                return downtime;
        }
        if (n > services.Length)
        {
            Report(DiagnosticBuilder.ValueOutOfRange(_source, syntax.Count.Span, $"at least {n} {syntax.Noun}", $"the downtime rule names {services.Length} service{(services.Length == 1 ? "" : "s")}, so at most {services.Length} can be down at once"));
            return downtime;
        }
        return new AtOnceDowntime(downtime, n, services, syntax.Span);
    }

    /// <summary>The longest claim period in each unit: ten years (claim deadlines are dates, and dates end at 9999-12-31).</summary>
    private static int MaxClaimPeriod(ClaimUnit unit) => unit switch
    {
        ClaimUnit.Days => 3660,
        _ => 120, // months or billing cycles
    };

    private BoundKpi BindKpi(KpiSyntax kpi, ContractScope scope)
    {
        string? citation = null;
        var targets = ImmutableArray.CreateBuilder<BoundObjective>();
        var supports = ImmutableArray.CreateBuilder<string>();
        var suppressions = ImmutableArray.CreateBuilder<Suppression>();
        var once = new OnceTracker(this);
        foreach (var clause in kpi.Clauses)
        {
            switch (clause)
            {
                case ReferenceClauseSyntax reference when once.First("the clause reference", reference.Span):
                    citation = BindName(reference.Citation.Number, "clause reference");
                    break;
                case TargetClauseSyntax target when once.First($"the target of kpi '{kpi.Name.Name}'", target.Span):
                    if (BindObjective(target.Objective, target.Window, scope, target) is { } bound) targets.Add(bound);
                    break;
                case SupportsClauseSyntax supportsClause:
                    foreach (var name in supportsClause.Slas)
                    {
                        if (!scope.SlaNames.Contains(name.Name)) Report(DiagnosticBuilder.SupportsUnknownSla(_source, name.Span, name.Name, scope.SlaNames));
                        else if (!supports.Contains(name.Name)) supports.Add(name.Name);
                    }
                    break;
                case SuppressionClauseSyntax suppression:
                    if (BindSuppression(suppression) is { } s) suppressions.Add(s);
                    break;
                case ReferenceClauseSyntax or TargetClauseSyntax:
                    break; // stated twice, reported by the tracker
                case GuaranteeClauseSyntax:
                    Report(DiagnosticBuilder.ClauseNotAllowed(_source, clause.Span, ClauseName(clause), $"kpi '{kpi.Name.Name}' (a KPI states a 'target'; guarantees are for SLAs)"));
                    break;
                default:
                    Report(DiagnosticBuilder.ClauseNotAllowed(_source, clause.Span, ClauseName(clause), $"kpi '{kpi.Name.Name}' (KPIs are internal: no credits, exclusions or claims)"));
                    break;
            }
        }
        if (targets.Count == 0 && !kpi.Targets.Any()) Report(DiagnosticBuilder.MissingClause(_source, kpi.Name.Span, $"kpi '{kpi.Name.Name}'", "a 'target' line"));
        return new BoundKpi(kpi.Name.Name, BindName(kpi.Title, "kpi title"), citation, targets.ToImmutable(), supports.ToImmutable(), suppressions.ToImmutable(), kpi.Span);
    }

    private Exclusion? BindExclusion(ExclusionClauseSyntax clause)
    {
        ExclusionPredicate? predicate = clause.Exclusion switch
        {
            MaintenanceExclusionSyntax maintenance => maintenance.MinimumNotice is null
                ? new MaintenanceWindows(null)
                : BindDuration(maintenance.MinimumNotice, "notice", allowZero: true) is { } notice ? new MaintenanceWindows(notice) : null,
            CauseExclusionSyntax causes => new CausedBy([.. causes.Causes.Select(c => c.Name).Distinct()]),
            TagExclusionSyntax tags => new Tagged([.. tags.Tags.Select(t => t.Name).Distinct()]),
            TimeWindowExclusionSyntax window => BindWeeklyHours(window.Schedule) is { } hours ? new LocalTimeWindow(hours) : null,
            _ => throw new InvalidOperationException($"Unexpected exclusion syntax {clause.Exclusion.GetType().Name}."),
        };
        if (predicate is null) return null;
        ExclusionCap? cap = null;
        if (clause.Cap is { } capSyntax)
        {
            if (BindDuration(capSyntax.Limit, "exclusion cap", allowZero: true) is not { } limit) return null;
            cap = new ExclusionCap(limit, capSyntax.Per);
        }
        return new Exclusion(predicate, cap, clause.Span, clause.Reference?.Number.Value);
    }

    private ClockRuleClause? BindClock(ClockClauseSyntax clock, ContractScope scope)
    {
        var defaults = ClockRuleClause.Default(clock.Kind);
        var start = clock.Start ?? defaults.Start;
        var stop = clock.Stop ?? defaults.Stop;
        if (start >= stop)
        {
            Report(DiagnosticBuilder.IntervalEndsBeforeStart(_source, clock.Span, $"the {clock.Kind.ToString().ToLowerInvariant()} clock", start.ToString().ToLowerInvariant(), stop.ToString().ToLowerInvariant()));
            return null;
        }
        WeeklyHours? hours = null;
        if (clock.BusinessHours is { } schedule && (hours = BindWeeklyHours(schedule)) is null) return null;
        string? holidays = null;
        if (clock.Holidays is { } calendar)
        {
            if (!scope.Calendars.ContainsKey(calendar.Name))
            {
                Report(DiagnosticBuilder.UnknownCalendar(_source, calendar.Span, calendar.Name, scope.Calendars.Keys));
                return null;
            }
            holidays = calendar.Name;
        }
        return new ClockRuleClause(clock.Kind, start, stop, hours, holidays, clock.Span);
    }
}
