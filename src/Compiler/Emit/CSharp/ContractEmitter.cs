using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Syntax;
using SlaKpiDsl.Runtime.Time;
using M = SlaKpiDsl.Compiler.Semantics.Model;

namespace SlaKpiDsl.Compiler.Emit.CSharp;

/// <summary>
/// Turns one bound contract into one readable C# file: a sealed class in <c>SlaKpiDsl.Generated</c> implementing
/// <c>ICompiledContract</c>, one static field or method per SLA with the contract's <c>// clause</c> markers, exclusions,
/// weights and tiers as compiled lambdas and constants. Invariant: contract text reaches the C# only through
/// <see cref="CSharpText"/>; an SLA the emitter cannot yet express evaluates to a "not yet supported" outcome, never to
/// a number.
/// </summary>
public static partial class ContractEmitter
{
    private const string Rt = "global::SlaKpiDsl.Runtime.Evaluation.";
    private const string Data = "global::SlaKpiDsl.Runtime.Data.";
    private const string Time = "global::SlaKpiDsl.Runtime.Time.";
    private const string Noda = "global::NodaTime.";

    /// <summary>The generated class name for a contract: readable and collision-free (see <see cref="CSharpText.Identifier"/>).</summary>
    public static string ClassName(BoundContract contract) => CSharpText.Identifier(contract.Name);

    /// <summary>The generated file name: an ASCII-safe slug of the contract name plus a short hash, ending <c>.g.cs</c>.</summary>
    public static string FileName(BoundContract contract)
    {
        var slug = new StringBuilder();
        foreach (var c in contract.Name)
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(char.ToLowerInvariant(c));
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        var text = slug.ToString().Trim('-');
        if (text.Length > 40) text = text[..40].Trim('-');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(contract.Name)))[..8];
        return (text.Length == 0 ? "contract" : text) + "-" + hash + ".g.cs";
    }

    /// <summary>The facts a report shows besides results; the generated evaluator's <c>Facts</c> is exactly this value.</summary>
    public static Runtime.Evaluation.ContractFacts Facts(BoundContract contract) => new(
        contract.Provider,
        contract.Customer,
        contract.Zone.Id,
        contract.EffectiveStart,
        contract.EffectiveEnd,
        Runtime.Evaluation.ContractFacts.TitleMap(contract.Slas.Select(s => (s.Name, s.Title)).Concat(contract.Kpis.Select(k => (k.Name, k.Title)))),
        [.. contract.Services.Select(s => s.Id)],
        ConfinedRecords(contract)) { Version = contract.Version, ReadsRequestTable = true, ReadsIncidentTable = ReadsIncidentsOnlyThroughEvidence(contract) };

    private static void EmitFacts(SourceWriter w, BoundContract contract)
    {
        var facts = Facts(contract);
        static string Text(string? value) => value is null ? "null" : CSharpText.Literal(value);
        var titles = string.Join(", ", facts.Titles.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"({Text(t.Key)}, {Text(t.Value)})"));
        w.Line($"public {Rt}ContractFacts Facts {{ get; }} = new({Text(facts.Provider)}, {Text(facts.Customer)}, {Text(facts.TimeZone)}, EffectiveFrom, EffectiveUntil,");
        w.Line($"    {Rt}ContractFacts.TitleMap(new (string, string?)[] {{ {titles} }}),");
        // Each service id a string literal (a constant of the contract's shape); Create<string>() when there are none.
        w.Line($"    global::System.Collections.Immutable.ImmutableArray.Create<string>({string.Join(", ", facts.Services.Select(s => Text(s)))}),");
        // The record kinds every selection confines to those services (a host may then pass only their records).
        var confined = Enum.GetValues<Runtime.Evaluation.ServiceConfinedRecords>().Where(k => k != 0 && facts.ConfinedToServices.HasFlag(k)).Select(k => $"{Rt}ServiceConfinedRecords.{k}").ToList();
        var none = confined.Count == 0 ? Rt + "ServiceConfinedRecords.None" : string.Join(" | ", confined);
        // Generated code reads request slices only through RequestEvidence with the whole input (ReadsRequestTable).
        w.Line($"    {none})");
        // Incidents only through IncidentSource (incident downtime commitments): ReadsIncidentTable.
        var reads = "ReadsRequestTable = true" + (facts.ReadsIncidentTable ? ", ReadsIncidentTable = true" : "");
        if (facts.Version is not { } version) w.Line($"    {{ {reads} }};");
        else
        {
            // One version of an amended contract: the host groups the versions' evaluators back into one contract by it.
            w.Line($"    {{ Version = new({Text(version.Contract)}, {version.Number}, {LocalDate(version.Effective)}, {Rt}StraddlingRule.{version.Rule}, {(version.FromTemplate ? "true" : "false")}), {reads} }};");
        }
    }

    public static GeneratedSource Emit(BoundContract contract, string semanticHash)
    {
        var w = new SourceWriter();
        w.Comment("<auto-generated> by sla compile from the contract below; do not edit. </auto-generated>");
        w.Comment("contract " + contract.Name);
        w.Line("#nullable enable");
        w.Line("namespace SlaKpiDsl.Generated;");
        w.Line();
        var slaNames = new IdentifierScope();
        using (w.Block($"public sealed class {ClassName(contract)} : {Rt}ICompiledContract"))
        {
            w.Line($"public string ContractName => {CSharpText.Literal(contract.Name)};");
            w.Line($"public string SemanticHash => {CSharpText.Literal(semanticHash)};");
            w.Line($"private static readonly {Noda}DateTimeZone Zone = {Noda}DateTimeZoneProviders.Tzdb[{CSharpText.Literal(contract.Zone.Id)}];");
            w.Line($"private static readonly {Noda}LocalDate? EffectiveFrom = {LocalDate(contract.EffectiveStart)};");
            w.Line($"private static readonly {Noda}LocalDate? EffectiveUntil = {LocalDate(contract.EffectiveEnd)};");
            EmitFacts(w, contract);
            w.Line();
            var calls = new List<string>();
            foreach (var sla in contract.Slas)
            {
                var method = "Evaluate_" + slaNames[sla.Name];
                calls.Add(method);
                EmitSla(w, contract, sla, method);
                w.Line();
            }
            var kpiCalls = EmitKpis(w, contract);
            using (w.Block($"public {Rt}ContractEvaluation Evaluate({Rt}EvaluationInput input)"))
            {
                w.Line($"var outcomes = global::System.Collections.Immutable.ImmutableArray.CreateBuilder<{Rt}CommitmentOutcome>();");
                for (var i = 0; i < calls.Count; i++)
                {
                    // An SLA whose measurement a KPI reuses is kept in a local (KPIs never measure twice).
                    if (kpiCalls.Any(k => k.SlaIndex == i)) w.Line($"var sla{i} = {calls[i]}(input);").Line($"outcomes.Add(sla{i});");
                    else w.Line($"outcomes.Add({calls[i]}(input));");
                }
                if (kpiCalls.Count == 0) w.Line($"return new {Rt}ContractEvaluation(ContractName, input.Period, input.AsOf, outcomes.ToImmutable());");
                else
                {
                    w.Line($"var kpis = global::System.Collections.Immutable.ImmutableArray.CreateBuilder<{Rt}KpiOutcome>();");
                    foreach (var k in kpiCalls) w.Line($"kpis.Add({k.Method}(input{(k.SlaIndex is { } s ? ", sla" + s.ToString(CultureInfo.InvariantCulture) : "")}));");
                    w.Line($"return new {Rt}ContractEvaluation(ContractName, input.Period, input.AsOf, outcomes.ToImmutable()) {{ Kpis = kpis.ToImmutable() }};");
                }
            }
            w.Line();
            // The KPIs alone (their trends over earlier periods): only the SLAs whose measurement a KPI reuses are evaluated.
            using (w.Block($"public global::System.Collections.Immutable.ImmutableArray<{Rt}KpiOutcome> EvaluateKpis({Rt}EvaluationInput input)"))
            {
                if (kpiCalls.Count == 0) w.Line("return [];");
                else
                {
                    foreach (var i in kpiCalls.Where(k => k.SlaIndex is not null).Select(k => k.SlaIndex!.Value).Distinct().Order())
                        w.Line($"var sla{i} = {calls[i]}(input);");
                    w.Line($"var kpis = global::System.Collections.Immutable.ImmutableArray.CreateBuilder<{Rt}KpiOutcome>({kpiCalls.Count});");
                    foreach (var k in kpiCalls) w.Line($"kpis.Add({k.Method}(input{(k.SlaIndex is { } s ? ", sla" + s.ToString(CultureInfo.InvariantCulture) : "")}));");
                    w.Line("return kpis.MoveToImmutable();");
                }
            }
            w.Line();
            EmitWindowHelper(w);
            if (contract.Kpis.Any(k => k.Targets.Any(t => t.Window?.Kind == WindowKind.RollingDays))) EmitRollingWindowHelper(w);
        }
        return new GeneratedSource(FileName(contract), w.ToString());
    }

    /// <summary>
    /// One shape of SLA the emitter can compile (availability from incidents, request-based, incident clocks, ...), each
    /// in its own <c>ContractEmitter.&lt;Shape&gt;.cs</c>. <see cref="Claims"/> says whether the SLA is of this shape at
    /// all; <see cref="Unsupported"/> says why a claimed SLA cannot be compiled yet (null: it can); <see cref="Emit"/>
    /// writes the static method <c>CommitmentOutcome method(EvaluationInput input)</c> and whatever fields it needs.
    /// </summary>
    private sealed record SlaShape(
        Func<BoundSla, bool> Claims,
        Func<BoundContract, BoundSla, string?> Unsupported,
        Action<SourceWriter, BoundContract, BoundSla, string> Emit);

    /// <summary>The shapes in the order they are tried; the first that claims an SLA decides (add new shapes here).</summary>
    private static readonly SlaShape[] Shapes =
    [
        new(ClaimsAvailabilityFromIncidents, AvailabilityFromIncidentsUnsupported, EmitAvailabilityFromIncidents),
        new(ClaimsMeasures, MeasuresUnsupported, EmitMeasures),
    ];

    /// <summary>
    /// What of <paramref name="contract"/> this version cannot evaluate: each SLA, and each KPI target not measured by an
    /// SLA, that compiles to a "not yet supported" outcome, with the reason that outcome gives (the same decision as the
    /// emitted code, not a copy of it). <c>sla check</c> warns about each (SLA1055), so a contract that passes CI is one
    /// the tool can measure, or says which part it cannot.
    /// </summary>
    public static IEnumerable<NotEvaluable> NotEvaluable(BoundContract contract)
    {
        foreach (var sla in contract.Slas)
            if (SlaUnsupported(contract, sla) is { } why) yield return new NotEvaluable(sla.Name, IsKpi: false, sla.Guarantees[0].Span, why);
        foreach (var kpi in contract.Kpis)
            foreach (var target in kpi.Targets)
                if (FindMeasuringSla(contract, kpi, target) is null && KpiUnsupported(contract, target) is { } why)
                    yield return new NotEvaluable(kpi.Name, IsKpi: true, target.Span, why);
    }

    private static string? SlaUnsupported(BoundContract contract, BoundSla sla)
    {
        var shape = Shapes.FirstOrDefault(s => s.Claims(sla));
        return shape is null ? "this kind of guarantee (" + DescribeGuarantees(sla) + ")" : shape.Unsupported(contract, sla);
    }

    private static void EmitSla(SourceWriter w, BoundContract contract, BoundSla sla, string method)
    {
        w.Comment("sla " + sla.Name + (sla.Title is null ? "" : ": " + sla.Title));
        if (sla.Clause is not null) w.Clause(sla.Clause);
        var shape = Shapes.FirstOrDefault(s => s.Claims(sla));
        var unsupported = SlaUnsupported(contract, sla);
        if (unsupported is not null)
        {
            var name = CSharpText.Literal(sla.Name);
            var clause = sla.Clause is null ? "null" : CSharpText.Literal(sla.Clause);
            w.Line($"private static {Rt}CommitmentOutcome {method}({Rt}EvaluationInput input) =>");
            w.Line($"    {Rt}CommitmentOutcome.NotSupported({name}, {clause}, {CSharpText.Literal(unsupported)});");
            return;
        }
        shape!.Emit(w, contract, sla, method);
    }

    private static string DescribeGuarantees(BoundSla sla) =>
        string.Join(", ", sla.Guarantees.Select(g => g.Objective switch
        {
            ThresholdObjective t => t.Measure.GetType().Name.Replace("Measure", "", StringComparison.Ordinal),
            var o => o.GetType().Name.Replace("Objective", "", StringComparison.Ordinal),
        }));

    private static bool TryImpact(string name, out string member)
    {
        member = name.ToLowerInvariant() switch { "outage" => "Outage", "degraded" => "Degraded", "partial" => "Partial", "none" => "None", _ => "" };
        return member.Length > 0;
    }

    private static string Condition(ComparisonOperator op, decimal value) => op switch
    {
        ComparisonOperator.AtLeast => $"{Rt}ValueCondition.AtLeast({CSharpText.Literal(value)})",
        ComparisonOperator.Above => $"{Rt}ValueCondition.Above({CSharpText.Literal(value)})",
        ComparisonOperator.AtMost => $"{Rt}ValueCondition.AtMost({CSharpText.Literal(value)})",
        ComparisonOperator.Below => $"{Rt}ValueCondition.Below({CSharpText.Literal(value)})",
        _ => throw new InvalidOperationException($"no condition for {op}"),
    };

    private static string SelectionExpression(IncidentSelection selection, ImmutableArray<string> measureServices)
    {
        var terms = new List<string>();
        var services = selection.Services.IsEmpty ? measureServices : selection.Services;
        if (!services.IsEmpty) terms.Add("(" + string.Join(" || ", services.Select(s => $"i.Service == {CSharpText.Literal(s)}")) + ")");
        if (selection.SeverityLow is { } low) terms.Add($"i.Severity >= {CSharpText.Literal(low)}");
        if (selection.SeverityHigh is { } high) terms.Add($"i.Severity <= {CSharpText.Literal(high)}");
        else if (selection.SeverityLow is { } only) terms.Add($"i.Severity <= {CSharpText.Literal(only)}");
        if (!selection.Impacts.IsEmpty)
            terms.Add("(" + string.Join(" || ", selection.Impacts.Select(i => { TryImpact(i, out var m); return $"i.Impact == {Data}Impact.{m}"; })) + ")");
        return terms.Count == 0 ? "true" : string.Join(" && ", terms);
    }

    private static string Describe(ExclusionPredicate predicate) => predicate switch
    {
        CausedBy caused => "exclude incidents caused by " + string.Join(", ", caused.Causes),
        Tagged tagged => "exclude incidents tagged " + string.Join(", ", tagged.Tags),
        MaintenanceWindows { MinimumNotice: { } notice } => "exclude maintenance announced at least " + Readable(notice) + " ahead",
        MaintenanceWindows => "exclude maintenance",
        LocalTimeWindow local => "exclude downtime during " + string.Join(",", local.Hours.Days.Select(d => d.ToString()[..3])) + " "
            + (local.Hours.FromMinute / 60).ToString("00", CultureInfo.InvariantCulture) + ":" + (local.Hours.FromMinute % 60).ToString("00", CultureInfo.InvariantCulture) + "-"
            + (local.Hours.ToMinute / 60).ToString("00", CultureInfo.InvariantCulture) + ":" + (local.Hours.ToMinute % 60).ToString("00", CultureInfo.InvariantCulture),
        _ => predicate.ToString() ?? "",
    };

    /// <summary>"72 hours", "1 minute", "90 seconds": the largest whole unit, for comments and labels.</summary>
    private static string Readable(NodaTime.Duration d)
    {
        static string Plural(long n, string unit) => n.ToString(CultureInfo.InvariantCulture) + " " + unit + (n == 1 ? "" : "s");
        var ticks = d.BclCompatibleTicks;
        if (ticks % NodaTime.NodaConstants.TicksPerHour == 0) return Plural(ticks / NodaTime.NodaConstants.TicksPerHour, "hour");
        if (ticks % NodaTime.NodaConstants.TicksPerMinute == 0) return Plural(ticks / NodaTime.NodaConstants.TicksPerMinute, "minute");
        if (ticks % NodaTime.NodaConstants.TicksPerSecond == 0) return Plural(ticks / NodaTime.NodaConstants.TicksPerSecond, "second");
        return d.ToString("o", CultureInfo.InvariantCulture);
    }

    private static string LocalDate(NodaTime.LocalDate? date) => date is { } d
        ? $"new {Noda}LocalDate({CSharpText.Literal(d.Year)}, {CSharpText.Literal(d.Month)}, {CSharpText.Literal(d.Day)})"
        : "null";

    private static void EmitWindowHelper(SourceWriter w)
    {
        w.Comment("the measurement window of the period in the contract's zone, clipped to the effective range; null when it does not apply");
        w.Comment("(a billing cycle is the one starting in the month asked for; a rolling window ends where the month asked for ends)");
        using (w.Block($"private static {Time}CalendarWindow? WindowFor({Rt}EvaluationPeriod period, {Time}WindowKind kind, int parameter = 1)"))
        {
            w.Line($"{Time}CalendarWindow window;");
            w.Line($"if (kind == {Time}WindowKind.CalendarMonth && period.Month is {{ }} month) window = {Time}WindowCalendar.Month(Zone, period.Year, month);");
            w.Line($"else if (kind == {Time}WindowKind.CalendarQuarter && period.Quarter is {{ }} quarter) window = {Time}WindowCalendar.Quarter(Zone, period.Year, quarter);");
            w.Line($"else if (kind == {Time}WindowKind.CalendarYear && period.Month is null && period.Quarter is null) window = {Time}WindowCalendar.Year(Zone, period.Year);");
            w.Line($"else if (kind == {Time}WindowKind.BillingCycle && period.Month is {{ }} cycleMonth) window = {Time}WindowCalendar.BillingCycle(Zone, parameter, new {Noda}LocalDate(period.Year, cycleMonth, parameter));");
            w.Line($"else if (kind == {Time}WindowKind.RollingDays && period.Month is {{ }} endMonth) window = {Time}WindowCalendar.RollingDays(Zone, parameter, new {Noda}LocalDate(period.Year, endMonth, 1).PlusMonths(1));");
            w.Line("else return null;");
            w.Line("return ClipToEffectiveRange(window);");
        }
        w.Line();
        using (w.Block($"private static {Time}CalendarWindow? ClipToEffectiveRange({Time}CalendarWindow window)"))
        {
            w.Line($"var from = EffectiveFrom is {{ }} f ? {Time}WindowCalendar.LocalMidnight(Zone, f) : window.Start;");
            w.Line($"var until = EffectiveUntil is {{ }} u ? {Time}WindowCalendar.LocalMidnight(Zone, u) : window.End;");
            w.Line("return window.ClipTo(from, until);");
        }
        w.Line();
        w.Comment("contract years run from the effective date: the anniversary on or before the date");
        using (w.Block($"private static {Noda}LocalDate ContractYearStart({Noda}LocalDate date)"))
        {
            w.Line("var start = EffectiveFrom ?? date;");
            w.Line("while (start.PlusYears(1) <= date) start = start.PlusYears(1);");
            w.Line("return start;");
        }
        w.Line();
        w.Line($"private static {Noda}LocalDate Later({Noda}LocalDate? a, {Noda}LocalDate b) => a is {{ }} x && x > b ? x : b;");
    }
}

/// <summary>
/// An SLA (or a KPI target) this version compiles to a "not yet supported" outcome: the block's name, where its guarantee
/// or target is written, and why (the words the outcome's reason gives after "not yet supported: ").
/// </summary>
public sealed record NotEvaluable(string Block, bool IsKpi, SlaKpiDsl.Dsl.Text.SourceSpan Span, string Reason);
