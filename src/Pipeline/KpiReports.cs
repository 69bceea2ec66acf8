using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Templating;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>What <c>sla report</c> renders: the internal KPI report of each contract over the given periods, oldest first.</summary>
public sealed record KpiReportRequest(IReadOnlyList<string> ContractPaths, string DataDirectory, ImmutableArray<EvaluationPeriod> Periods, Instant AsOf, TemplateSet Templates);

/// <summary>One contract's rendered report (or the renderer's errors) and the document it was rendered from.</summary>
public sealed record KpiReportOutcome(string Contract, KpiReportDocument Document, RenderedKpiReport Rendered);

/// <summary>
/// The internal KPI reports: each contract evaluated for every period by the same compiled evaluator (one batch for
/// all contracts), on its own records, mapped and rendered. Writing the files is the caller's.
/// </summary>
public static class KpiReports
{
    public static Outcome<IReadOnlyList<KpiReportOutcome>> Render(KpiReportRequest request, PipelineServices services)
    {
        var read = ContractSources.Read(request.ContractPaths, services);
        var contracts = ContractSources.Check(read, services);
        if (contracts.Value is not { } checkedContracts) return new(null, contracts.Problems);
        // One report per contract when there are several, each named after its contract.
        var shared = checkedContracts.Count > 1 ? StatementContexts.SharedFileNames(checkedContracts, ".pdf") : [];
        if (shared.Length > 0) return new(null, [.. contracts.Problems, .. shared]);
        var prepared = PreparedBatch.Prepare(checkedContracts, contracts.Problems, request.DataDirectory, request.Periods[^1], request.AsOf, services);
        if (prepared.Value is null) return new(null, prepared.Problems);
        using var batch = prepared.Value;
        var inputs = batch.Inputs;
        var outcomes = ImmutableArray.CreateBuilder<KpiReportOutcome>(batch.Evaluators.Length);
        for (var i = 0; i < batch.Evaluators.Length; i++)
        {
            var contract = batch.Checked(checkedContracts, i).Contract;
            var evaluator = batch.Evaluators[i];
            var own = inputs.For(evaluator.Facts);
            var evaluations = request.Periods.Select(p => evaluator.Evaluate(own with { Period = p })).ToList();
            var zone = contract.Zone;
            var windows = request.Periods.Select(p => Window(p, zone)).ToList();
            // The breakdowns and the audit are about this contract's services only (the input may hold every service's records).
            var serviceIds = contract.Services.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var incidents = own.IncidentObjects().Where(i => serviceIds.Contains(i.Service)).ToList();
            var document = KpiReportMapping.Map(evaluations, contract.Provider ?? "Provider " + StatementMapping.NotStated, contract.Fee?.Amount.Currency ?? "USD",
                contract.Slas.ToDictionary(s => s.Name, s => s.Title ?? s.Name), incidents, windows);
            outcomes.Add(new KpiReportOutcome(contract.Name, document, KpiReportRenderer.Render(document, request.Templates)));
        }
        return new(outcomes.ToImmutable(), prepared.Problems);
    }

    /// <summary>The period's calendar window in the contract's zone, as instants [start, end).</summary>
    internal static Interval Window(EvaluationPeriod period, DateTimeZone zone)
    {
        var window = period switch
        {
            { Month: { } m } => Runtime.Time.WindowCalendar.Month(zone, period.Year, m),
            { Quarter: { } q } => Runtime.Time.WindowCalendar.Quarter(zone, period.Year, q),
            _ => Runtime.Time.WindowCalendar.Year(zone, period.Year),
        };
        return new Interval(window.Start, window.End);
    }
}
