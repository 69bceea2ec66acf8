using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Compiler.Emit.Caching;

namespace SlaKpiDsl.Benchmarks.Emit;

/// <summary>
/// Generated-evaluator-shaped C# for measurements, written with the real <see cref="SourceWriter"/> and
/// <see cref="CSharpText"/>: one class per contract, decimal thresholds, instant windows, and per clause a method that
/// merges intervals and picks a credit tier (about ten lines a clause).
/// </summary>
internal static class SyntheticEvaluatorSource
{
    public static GeneratedSource Create(string contractName, int clauses)
    {
        var className = CSharpText.Identifier(contractName);
        var writer = new SourceWriter();
        writer.Line("using System.Collections.Immutable;");
        writer.Line("using System.Linq;");
        writer.Line("using NodaTime;");
        writer.Line("namespace SlaKpiDsl.Generated;");
        writer.Comment("contract " + contractName);
        using (writer.Block($"public sealed class {className} : global::SlaKpiDsl.Runtime.Evaluation.ICompiledContract"))
        {
            writer.Line($"public string ContractName => {CSharpText.Literal(contractName)};");
            writer.Line($"public string SemanticHash => {CSharpText.Literal(EvaluatorCache.KeyFor(contractName).Hex)};");
            writer.Line($"private static readonly Instant Start = {CSharpText.Literal(NodaTime.Instant.FromUtc(2026, 1, 1, 5, 0))};");
            writer.Line($"private static readonly Instant End = {CSharpText.Literal(NodaTime.Instant.FromUtc(2027, 1, 1, 5, 0))};");
            for (var clause = 1; clause <= clauses; clause++)
            {
                writer.Clause($"3.{clause}");
                using (writer.Block($"public static decimal Clause{clause}(ImmutableArray<Interval> downtime, Interval window)"))
                {
                    writer.Line("var merged = downtime.Where(d => d.End > window.Start && d.Start < window.End).OrderBy(d => d.Start).ToList();");
                    writer.Line("long down = 0L;");
                    writer.Line("Instant cursor = window.Start;");
                    writer.Line("foreach (var d in merged) { var s = d.Start > cursor ? d.Start : cursor; var e = d.End < window.End ? d.End : window.End; if (e > s) { down += (e - s).BclCompatibleTicks; cursor = e; } }");
                    writer.Line("decimal total = (window.End - window.Start).BclCompatibleTicks;");
                    writer.Line("decimal availability = total == 0m ? 100m : (total - down) * 100m / total;");
                    writer.Line($"if (availability < {CSharpText.Literal(95.0m + clause % 3)}) return {CSharpText.Literal(25.00m)};");
                    writer.Line($"if (availability < {CSharpText.Literal(99.9m)}) return {CSharpText.Literal(10.00m)};");
                    writer.Line("return 0m;");
                }
            }
        }
        return new GeneratedSource(className + ".cs", writer.ToString());
    }
}
