using NodaTime;
using SlaKpiDsl.Reports.Json;
using SlaKpiDsl.Reports.Mapping;
using SlaKpiDsl.Reports.Model;
using SlaKpiDsl.Reports.Pdf;
using SlaKpiDsl.Reports.Templating;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>What <c>sla report --portfolio</c> renders: every contract of the batch for one period.</summary>
public sealed record PortfolioRequest(IReadOnlyList<string> ContractPaths, string DataDirectory, EvaluationPeriod Period, Instant AsOf, TemplateSet Templates);

/// <summary>The portfolio document, its JSON and its rendered PDF (or the renderer's errors). Writing the files is the caller's.</summary>
public sealed record PortfolioOutcome(PortfolioDocument Document, byte[] Json, RenderedKpiReport Rendered);

/// <summary>
/// The internal portfolio report: all contracts compiled as one batch, each evaluated for the period on its own
/// records by its compiled evaluator, then mapped together (breaches, credits per currency, approaching breaches,
/// worst services, KPI buffers breached), rendered (never signed) and serialised.
/// </summary>
public static class PortfolioReports
{
    public static Outcome<PortfolioOutcome> Render(PortfolioRequest request, PipelineServices services)
    {
        var read = ContractSources.Read(request.ContractPaths, services);
        var contracts = ContractSources.Check(read, services);
        if (contracts.Value is not { } checkedContracts) return new(null, contracts.Problems);
        var prepared = PreparedBatch.Prepare(checkedContracts, contracts.Problems, request.DataDirectory, request.Period, request.AsOf, services);
        if (prepared.Value is null) return new(null, prepared.Problems);
        using var batch = prepared.Value;
        var entries = new List<PortfolioEntry>(checkedContracts.Count);
        Interval? window = null;
        for (var i = 0; i < batch.Evaluators.Length; i++)
        {
            var contract = batch.Checked(checkedContracts, i).Contract;
            var evaluator = batch.Evaluators[i];
            var own = batch.Inputs.For(evaluator.Facts);
            var evaluation = evaluator.Evaluate(own with { Period = request.Period });
            var serviceIds = contract.Services.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            // Each contract's window in its own zone; "worst services" counts incidents by start in the first contract's window
            // widened to cover every contract's (zones differ by hours at most).
            var ownWindow = KpiReports.Window(request.Period, contract.Zone);
            window = window is { } w ? new Interval(Instant.Min(w.Start, ownWindow.Start), Instant.Max(w.End, ownWindow.End)) : ownWindow;
            entries.Add(new PortfolioEntry(evaluation, contract.Customer ?? "Customer " + StatementMapping.NotStated, contract.Provider ?? "Provider " + StatementMapping.NotStated,
                contract.Fee?.Amount.Currency ?? "USD", contract.Slas.ToDictionary(s => s.Name, s => s.Title ?? s.Name), serviceIds,
                own.IncidentObjects().Where(x => serviceIds.Contains(x.Service)).ToList()));
        }
        var document = PortfolioMapping.Map(entries, request.Period.ToString(), window ?? KpiReports.Window(request.Period, DateTimeZone.Utc), request.AsOf);
        return new(new PortfolioOutcome(document, PortfolioJson.Serialize(document), PortfolioRenderer.Render(document, request.Templates)), prepared.Problems);
    }
}
