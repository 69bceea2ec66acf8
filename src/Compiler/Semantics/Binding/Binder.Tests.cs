using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Diagnostics;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Runtime.Evaluation;

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
                    if (BindRequests(requests, scope) is { } boundRequests) evidence.Add(boundRequests);
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
        if (contract is not null) CheckPercentileAveraging(test, contract, expectations);
        if (period is null) Report(DiagnosticBuilder.MissingClause(_source, test.Name.Span, $"test \"{test.Name.Value}\"", "a 'period' line (e.g. period 2026-11)"));
        return new BoundScenarioTest(test.Name.Value, test.ContractName.Value, period, asOf, evidence.ToImmutable(), expectations.ToImmutable(), test.Span);
    }

    /// <summary>
    /// A window percentile is computed from merged histograms (or as a share of slices). When a test expects a result of
    /// a block whose latency objective is a merged-histogram percentile, per-slice percentile values in its evidence
    /// could only be combined by averaging them, which is never done (semantics 9): SLA0114 on each such value.
    /// </summary>
    private void CheckPercentileAveraging(TestSyntax test, BoundContract contract, IEnumerable<Expectation> expectations)
    {
        var merged = expectations.Select(e => e.Subject).Distinct()
            .SelectMany(subject => (contract.FindSla(subject)?.Guarantees ?? contract.FindKpi(subject)?.Targets ?? []).Select(o => (Subject: subject, o.Objective)))
            .Select(p => (p.Subject, Threshold: p.Objective as ThresholdObjective))
            .Where(p => p.Threshold is { Slices: null, Measure: LatencyMeasure })
            .Select(p => (p.Subject, Latency: (LatencyMeasure)p.Threshold!.Measure))
            .ToList();
        foreach (var requests in test.Clauses.OfType<RequestsEvidenceSyntax>())
        {
            foreach (var latency in requests.Latencies)
            {
                var match = merged.FirstOrDefault(m => m.Latency.Percentile == latency.Percentile
                    && (m.Latency.Services.IsEmpty || m.Latency.Services.Contains(requests.Service.Name)));
                if (match.Subject is not null)
                    Report(DiagnosticBuilder.AveragesPercentiles(_source, latency.Span, $"p{latency.Percentile}", match.Subject));
            }
        }
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
        decimal? share = null;
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
                case AffectedShareAttributeSyntax a:
                    if (a.Share.Value is <= 0m or > 100m) Report(DiagnosticBuilder.ValueOutOfRange(_source, a.Share.Span, $"affected {a.Share.Text}%", "an affected share is above 0% and at most 100%"));
                    else share = a.Share.Value / 100m;
                    break;
                case MilestoneAttributeSyntax m:
                    if (m.At.Value < incident.From.Value)
                        Report(DiagnosticBuilder.IntervalEndsBeforeStart(_source, m.Span, $"the incident ({m.Event.ToString().ToLowerInvariant()})", incident.From.Text, m.At.Text));
                    else
                        milestones.Add(new Milestone(m.Event, At(m.At)));
                    break;
            }
        }
        return new IncidentEvidence(incident.Service.Name, incident.Impact.Name, At(incident.From), incident.To is { } end ? At(end) : null,
            cause, severity, tags.ToImmutable(), milestones.ToImmutable(), postmortem, incident.Span) { AffectedShare = share };
    }

    private RequestsEvidence? BindRequests(RequestsEvidenceSyntax requests, ContractScope? scope)
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
        if (contract?.FindKpi(expect.Subject.Name) is not null
            && expect.Quantity is ExpectQuantity.Credit or ExpectQuantity.Breaches or ExpectQuantity.Downtime or ExpectQuantity.ExcludedTime)
        {
            var quantity = expect.Quantity switch
            {
                ExpectQuantity.Credit => "credit",
                ExpectQuantity.Breaches => "breaches",
                ExpectQuantity.Downtime => "downtime",
                _ => "excluded time",
            };
            Report(DiagnosticBuilder.ExpectationNotForKpi(_source, expect.Subject.Span, quantity, expect.Subject.Name));
            return null;
        }
        var values = ImmutableArray.CreateBuilder<ExpectedValue>();
        foreach (var value in expect.Values)
        {
            ExpectedValue? bound = value switch
            {
                VerdictExpectedValueSyntax verdict => new ExpectedVerdict(verdict.Verdict == VerdictKeyword.Met ? Verdict.Met : Verdict.Breached),
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
