using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;

namespace SlaKpiDsl.Compiler.Semantics.Binding;

public sealed partial class Binder
{
    private BoundScenarioTest BindTest(TestSyntax test, IReadOnlyList<BoundContract> contracts)
    {
        var contract = contracts.FirstOrDefault(c => c.Name == test.ContractName.Value);
        ContractScope? scope = null;
        if (contract is null)
        {
            Report(DiagnosticBuilder.TestForUnknownContract(_source, test.ContractName.Span, test.ContractName.Value, contracts.Select(c => c.Name)));
        }
        else
        {
            scope = new ContractScope();
            foreach (var service in contract.Services) scope.Services[service.Id] = service;
        }

        TestPeriod? period = null;
        Instant? asOf = null;
        var evidence = ImmutableArray.CreateBuilder<Evidence>();
        var expectations = ImmutableArray.CreateBuilder<Expectation>();
        var once = new OnceTracker(this);
        foreach (var clause in test.Clauses)
        {
            switch (clause)
            {
                case PeriodClauseSyntax periodClause when once.First("the period", periodClause.Span):
                    period = new TestPeriod(periodClause.Period.Year, periodClause.Period.Month, periodClause.Period.Quarter);
                    break;
                case AsOfClauseSyntax asOfClause when once.First("the as-of instant", asOfClause.Span):
                    asOf = Instant.FromDateTimeOffset(asOfClause.At.Value);
                    break;
                case IncidentEvidenceSyntax incident:
                    if (BindIncident(incident, scope) is { } boundIncident) evidence.Add(boundIncident);
                    break;
                case MaintenanceEvidenceSyntax maintenance:
                {
                    var services = BindServices(maintenance.Services, scope);
                    if (CheckInterval("the maintenance", maintenance.From, maintenance.To, maintenance.Span))
                        evidence.Add(new MaintenanceEvidence(services, At(maintenance.From), At(maintenance.To), At(maintenance.Announced), maintenance.Span));
                    break;
                }
                case RequestsEvidenceSyntax requests:
                    if (BindRequests(requests, scope, contract) is { } boundRequests) evidence.Add(boundRequests);
                    break;
                case AlertEvidenceSyntax alert:
                {
                    var services = BindServices([alert.Service], scope);
                    if (alert.Acknowledged is { } ack && !CheckInterval("the alert", alert.Raised, ack, alert.Span, allowEqual: true)) break;
                    if (services.Length == 1 || scope is null)
                        evidence.Add(new AlertEvidence(alert.Service.Name, At(alert.Raised), alert.Acknowledged is { } a ? At(a) : null, alert.Span));
                    break;
                }
                case DeploymentEvidenceSyntax deployment:
                {
                    var services = BindServices([deployment.Service], scope);
                    if (deployment.To is { } to && !CheckInterval("the deployment", deployment.From, to, deployment.Span)) break;
                    if (services.Length == 1 || scope is null)
                        evidence.Add(new DeploymentEvidence(deployment.Service.Name, At(deployment.From), deployment.To is { } t ? At(t) : null, deployment.Span));
                    break;
                }
                case ExpectClauseSyntax expect:
                    if (BindExpectation(expect, contract) is { } expectation) expectations.Add(expectation);
                    break;
                case PeriodClauseSyntax or AsOfClauseSyntax:
                    break; // stated twice, reported by the tracker
                default:
                    Report(DiagnosticBuilder.ClauseNotAllowed(_source, clause.Span, ClauseName(clause), $"test \"{test.Name.Value}\""));
                    break;
            }
        }
        if (period is null) Report(DiagnosticBuilder.MissingClause(_source, test.Name.Span, $"test \"{test.Name.Value}\"", "a 'period' line (e.g. period 2026-11)"));
        return new BoundScenarioTest(test.Name.Value, test.ContractName.Value, period, asOf, evidence.ToImmutable(), expectations.ToImmutable(), test.Span);
    }

    private static OffsetDateTime At(InstantLiteralSyntax literal) => OffsetDateTime.FromDateTimeOffset(literal.Value);

    private bool CheckInterval(string what, InstantLiteralSyntax from, InstantLiteralSyntax to, Dsl.Text.SourceSpan span, bool allowEqual = false)
    {
        var ok = allowEqual ? to.Value >= from.Value : to.Value > from.Value;
        if (!ok) Report(DiagnosticBuilder.IntervalEndsBeforeStart(_source, span, what, from.Text, to.Text));
        return ok;
    }

    private IncidentEvidence? BindIncident(IncidentEvidenceSyntax incident, ContractScope? scope)
    {
        var services = BindServices([incident.Service], scope);
        if (services.Length == 0 && scope is not null) return null;
        if (incident.To is { } to && !CheckInterval("the incident", incident.From, to, incident.Span)) return null;
        string? cause = null;
        int? severity = null;
        bool? postmortem = null;
        var tags = ImmutableArray.CreateBuilder<string>();
        var milestones = ImmutableArray.CreateBuilder<Milestone>();
        foreach (var attribute in incident.Attributes)
        {
            switch (attribute)
            {
                case CauseAttributeSyntax c: cause = c.Cause.Name; break;
                case SeverityAttributeSyntax s: severity = BindPositiveInteger(s.Severity, "severity", 99); break;
                case TagAttributeSyntax t: tags.Add(t.Tag.Name); break;
                case PostmortemAttributeSyntax p: postmortem = p.Completed; break;
                case MilestoneAttributeSyntax m:
                    if (m.At.Value < incident.From.Value)
                        Report(DiagnosticBuilder.IntervalEndsBeforeStart(_source, m.Span, $"the incident ({m.Event.ToString().ToLowerInvariant()})", incident.From.Text, m.At.Text));
                    else
                        milestones.Add(new Milestone(m.Event, At(m.At)));
                    break;
            }
        }
        return new IncidentEvidence(incident.Service.Name, incident.Impact.Name, At(incident.From), incident.To is { } end ? At(end) : null,
            cause, severity, tags.ToImmutable(), milestones.ToImmutable(), postmortem, incident.Span);
    }

    private RequestsEvidence? BindRequests(RequestsEvidenceSyntax requests, ContractScope? scope, BoundContract? contract)
    {
        var services = BindServices([requests.Service], scope);
        if (services.Length == 0 && scope is not null) return null;
        if (!CheckInterval("the request slice", requests.From, requests.To, requests.Span)) return null;
        if (requests.Total.Value != decimal.Truncate(requests.Total.Value) || requests.Failed.Value != decimal.Truncate(requests.Failed.Value)
            || requests.Failed.Value > requests.Total.Value || requests.Total.Value > long.MaxValue)
        {
            Report(DiagnosticBuilder.ValueOutOfRange(_source, requests.Failed.Span, $"failed {requests.Failed.Text} of total {requests.Total.Text}", "counts are whole numbers and failed is at most total"));
            return null;
        }
        var latencies = ImmutableArray.CreateBuilder<LatencyValue>();
        foreach (var latency in requests.Latencies)
        {
            if (BindDuration(latency.Value, $"p{latency.Percentile} latency", allowZero: true) is not { } value) continue;
            latencies.Add(new LatencyValue(latency.Percentile, value));
            // A window percentile from merged histograms cannot be rebuilt from per-slice percentiles without averaging them.
            var merged = contract?.Slas.SelectMany(s => s.Guarantees).Concat(contract.Kpis.SelectMany(k => k.Targets))
                .Select(o => o.Objective).OfType<ThresholdObjective>()
                .FirstOrDefault(t => t.Slices is null && t.Measure is LatencyMeasure m && m.Percentile == latency.Percentile
                    && (m.Services.IsEmpty || m.Services.Contains(requests.Service.Name)));
            if (merged is not null) Report(DiagnosticBuilder.AveragesPercentiles(_source, latency.Span, $"p{latency.Percentile}"));
        }
        return new RequestsEvidence(requests.Service.Name, At(requests.From), At(requests.To), (long)requests.Total.Value, (long)requests.Failed.Value, latencies.ToImmutable(), requests.Span);
    }

    private Expectation? BindExpectation(ExpectClauseSyntax expect, BoundContract? contract)
    {
        if (contract is not null && contract.FindSla(expect.Subject.Name) is null && contract.FindKpi(expect.Subject.Name) is null)
        {
            Report(DiagnosticBuilder.ExpectationUnknownCommitment(_source, expect.Subject.Span, expect.Subject.Name, contract.Slas.Select(s => s.Name).Concat(contract.Kpis.Select(k => k.Name))));
            return null;
        }
        var values = ImmutableArray.CreateBuilder<ExpectedValue>();
        foreach (var value in expect.Values)
        {
            ExpectedValue? bound = value switch
            {
                VerdictExpectedValueSyntax verdict => new ExpectedVerdict(verdict.Verdict),
                PercentOfFeeExpectedValueSyntax percent => BindPercent(percent.Percent) is { } p ? new ExpectedPercentOfFee(p) : null,
                LiteralExpectedValueSyntax { Value: MoneyLiteralSyntax money } => BindMoneyInFeeCurrency(money, contract?.Fee) is { } m ? new ExpectedMoney(m) : null,
                LiteralExpectedValueSyntax { Value: PercentLiteralSyntax percent } => BindPercent(percent) is { } p ? new ExpectedQuantity(new PercentQuantity(p)) : null,
                LiteralExpectedValueSyntax { Value: DurationLiteralSyntax duration } => BindDuration(duration, "expected duration", allowZero: true) is { } d ? new ExpectedQuantity(new DurationQuantity(d, Written(duration))) : null,
                LiteralExpectedValueSyntax { Value: NumberLiteralSyntax number } => new ExpectedQuantity(new CountQuantity(number.Value)),
                LiteralExpectedValueSyntax literal => WrongExpected(literal),
                _ => throw new InvalidOperationException($"Unexpected expected value {value.GetType().Name}."),
            };
            if (bound is null) return null;
            values.Add(bound);
        }
        int? places = null;
        if (expect.RoundedToPlaces is { } rounded)
        {
            if (rounded.Value != decimal.Truncate(rounded.Value) || rounded.Value > 10m)
            {
                Report(DiagnosticBuilder.ValueOutOfRange(_source, rounded.Span, $"{rounded.Text} places", "must be a whole number from 0 to 10"));
                return null;
            }
            places = (int)rounded.Value;
        }
        return new Expectation(expect.Quantity, expect.Subject.Name, values.ToImmutable(), places, expect.Span);
    }

    private ExpectedValue? WrongExpected(LiteralExpectedValueSyntax literal)
    {
        Report(DiagnosticBuilder.WrongValueKind(_source, literal.Span, "an expectation", "a percent, duration, number, money or verdict", KindOf(literal.Value)));
        return null;
    }
}
