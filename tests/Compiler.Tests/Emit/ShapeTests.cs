using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;
using SlaKpiDsl.Compiler.Emit;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Dsl.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;
using SlaKpiDsl.Tests.Shared;
using SlaKpiDsl.Compiler.Emit.Build;
using SlaKpiDsl.Compiler.Emit.CSharp;
using SlaKpiDsl.Compiler.Emit.Shapes;

namespace SlaKpiDsl.Compiler.Tests.Emit;

/// <summary>
/// Contracts of one shape share one compiled class with their literals as data (<see cref="ShapeParameterizer"/>):
/// every example and a fleet of customer variants evaluate exactly as their own classes compiled as written do, a fleet
/// on one template compiles to few classes, literals that must stay constant stay in the shape, contract text is data,
/// and the instance table carries every value exactly.
/// </summary>
public sealed partial class ShapeTests
{
    private static readonly Instant AsOf = Instant.FromUtc(2026, 12, 1, 6, 0);

    /// <summary>The examples plus, for the AWS and Google templates, eight customers each with other names, fees, targets and tiers.</summary>
    private static readonly Lazy<ImmutableArray<BoundContract>> Fleet = new(() =>
    {
        var texts = Directory.GetFiles(RepositoryPaths.Examples, "*.sla").Order(StringComparer.Ordinal)
            .Select(p => (Path: p, Text: File.ReadAllText(p))).ToList();
        var variants = new List<(string Path, string Text)>();
        foreach (var (path, text) in texts.Where(t => t.Path.EndsWith("aws-ec2-instance.sla", StringComparison.Ordinal) || t.Path.EndsWith("google-cloud-template.sla", StringComparison.Ordinal)))
            for (var n = 1; n <= 8; n++)
            {
                var contractOnly = text[..(text.IndexOf("\ntest \"", StringComparison.Ordinal) is var t and >= 0 ? t : text.Length)];
                var variant = ContractName().Replace(contractOnly, m => $"contract \"{m.Groups[1].Value} for customer {n}\"", 1);
                variant = CustomerName().Replace(variant, $"customer \"Customer {n} \\\"quoted\\\"\"");
                variant = Fee().Replace(variant, m => $"fee {1000 * n + 0.05m * n:0.00} ");
                variant = variant.Replace("99.9%", n % 2 == 0 ? "99.95%" : "99.90%", StringComparison.Ordinal).Replace("10% of", $"{10 + n}% of", StringComparison.Ordinal);
                variants.Add((path + $".variant{n}", variant));
            }
        return [.. texts.Concat(variants).SelectMany(t =>
        {
            var check = ContractChecker.Check(new SourceText(t.Path, t.Text));
            Assert.False(check.HasErrors, t.Path + ": " + string.Join("; ", check.Diagnostics));
            return check.Model!.Contracts;
        })];
    });

    [GeneratedRegex("contract \"([^\"]*)\"")]
    private static partial Regex ContractName();

    [GeneratedRegex("customer \"[^\"]*\"")]
    private static partial Regex CustomerName();

    [GeneratedRegex(@"fee [0-9.]+ ")]
    private static partial Regex Fee();

    [Fact]
    public void Every_example_and_fleet_variant_evaluates_exactly_as_its_own_class_compiled_as_written()
    {
        var contracts = Fleet.Value;
        var sources = ContractCompilation.Generate(contracts);
        var shaped = EvaluatorCompiler.CompileContracts(sources, EmitTestSupport.Options);
        var written = EvaluatorCompiler.CompileBatch(sources, EmitTestSupport.Options);
        Assert.True(shaped.Succeeded, EmitTestSupport.Describe(shaped));
        Assert.True(written.Succeeded, EmitTestSupport.Describe(written));
        using var shapedAssembly = EvaluatorAssembly.Load(shaped.AssemblyBytes!);
        using var writtenAssembly = EvaluatorAssembly.Load(written.AssemblyBytes!);
        // The batch really was parameterised (no silent fallback to one class per contract).
        Assert.NotNull(shapedAssembly.Assembly.GetManifestResourceInfo(ContractInstanceTable.ResourceName));
        Assert.Null(writtenAssembly.Assembly.GetManifestResourceInfo(ContractInstanceTable.ResourceName));
        var fromShapes = shapedAssembly.CreateAll<ICompiledContract>();
        var asWritten = writtenAssembly.CreateAll<ICompiledContract>().ToDictionary(c => c.SemanticHash);
        Assert.Equal(contracts.Length, fromShapes.Count);
        Assert.Equal(contracts.Select(ContractCompilation.SemanticHash), fromShapes.Select(c => c.SemanticHash));
        var classes = fromShapes.Select(c => c.GetType()).Distinct().Count();
        Assert.True(classes <= contracts.Length - 14, $"{classes} classes for {contracts.Length} contracts: the 16 variants of two templates should share shapes");

        var load = DataDirectory.Load(Path.Combine(RepositoryPaths.Root, "examples", "data"));
        Assert.True(load.Succeeded);
        var data = load.Data;
        var compared = 0;
        foreach (var contract in fromShapes)
        {
            var own = asWritten[contract.SemanticHash];
            Assert.Equal(own.ContractName, contract.ContractName);
            Assert.Equal(own.Facts, contract.Facts);
            Assert.Equal(contracts.Single(c => ContractCompilation.SemanticHash(c) == contract.SemanticHash).Services.Select(x => x.Id), contract.Facts!.Services);
            foreach (var period in new[] { new EvaluationPeriod(2026, month: 10), new EvaluationPeriod(2026, month: 11), new EvaluationPeriod(2026, quarter: 4), new EvaluationPeriod(2026) })
            {
                var input = new EvaluationInput(period, AsOf, data.Incidents, data.Maintenance, data.Alerts, data.Requests, data.Deployments);
                var expected = Structure.Of(own.Evaluate(input));
                Assert.Equal(expected, Structure.Of(contract.Evaluate(input)));
                Assert.Contains(contract.ContractName, expected, StringComparison.Ordinal);
                compared++;
            }
        }
        Assert.Equal(contracts.Length * 4, compared);
    }

    [Fact]
    public void A_fleet_on_one_template_is_one_class_whose_constants_are_each_customers_values()
    {
        var contracts = Fleet.Value.Where(c => c.Name.StartsWith("Google Cloud - Platform Service for customer", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, contracts.Count);
        var shaped = ShapeParameterizer.Parameterize(ContractCompilation.Generate(contracts), RoslynBatchCompiler.ParseOptions);
        Assert.NotNull(shaped);
        var (shapes, placed) = shaped.Value;
        Assert.Single(shapes);
        Assert.All(placed, p => Assert.Equal("SlaKpiDsl.Generated." + shapes[0].FileName[..^".g.cs".Length], p.ShapeTypeName));
        for (var n = 1; n <= 8; n++)
        {
            var k = placed[n - 1].Constants;
            Assert.Contains($"Google Cloud - Platform Service for customer {n}", k.S);
            Assert.Contains($"Customer {n} \"quoted\"", k.S);
            Assert.Contains(1000 * n + 0.05m * n, k.M);
            Assert.Contains(k.M, m => m == (n % 2 == 0 ? 99.95m : 99.90m) && m.Scale == 2);
        }
        // The shape holds no customer's text: names, customers and fees are data.
        Assert.DoesNotContain("customer 1", shapes[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("quoted", shapes[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("1000.05", shapes[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("//", shapes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_contract_of_a_shape_reports_its_own_services_in_declaration_order()
    {
        // One template, customers differing in their service ids (and how many they declare): the ids are facts, read as data.
        static string Contract(int n, params string[] services) => $$"""
            contract "Customer {{n}}" {
              time zone "UTC"
              {{string.Join("\n  ", services.Select(s => $"service {s}"))}}
              sla uptime {
                guarantee availability of {{services[0]}} at least 99.9% per calendar month
                downtime is incidents on {{services[0]}} with impact outage
              }
            }
            """;
        var texts = new[] { Contract(1, "c1"), Contract(2, "c2"), Contract(3, "zeta", "alpha"), Contract(4, "beta", "gamma") };
        var contracts = texts.Select((t, i) =>
        {
            var check = ContractChecker.Check(new SourceText($"c{i}.sla", t));
            Assert.False(check.HasErrors, string.Join("; ", check.Diagnostics));
            return check.Model!.Contracts.Single();
        }).ToList();
        var compiled = EvaluatorCompiler.CompileContracts(ContractCompilation.Generate(contracts), EmitTestSupport.Options);
        Assert.True(compiled.Succeeded, EmitTestSupport.Describe(compiled));
        using var assembly = EvaluatorAssembly.Load(compiled.AssemblyBytes!);
        Assert.NotNull(assembly.Assembly.GetManifestResourceInfo(ContractInstanceTable.ResourceName));
        var evaluators = assembly.CreateAll<ICompiledContract>();
        Assert.Equal(2, evaluators.Select(e => e.GetType()).Distinct().Count());
        Assert.Equal(["c1"], evaluators[0].Facts!.Services.ToArray());
        Assert.Equal(["c2"], evaluators[1].Facts!.Services.ToArray());
        Assert.Equal(["zeta", "alpha"], evaluators[2].Facts!.Services.ToArray());
        Assert.Equal(["beta", "gamma"], evaluators[3].Facts!.Services.ToArray());
        for (var i = 0; i < contracts.Count; i++) Assert.Equal(ContractEmitter.Facts(contracts[i]), evaluators[i].Facts);
    }

    private const string Template = """
        #nullable enable
        namespace SlaKpiDsl.Generated;

        public sealed class Probe_NAME
        {
            public string Name => "NAME"; // a comment with NAME
            private static readonly decimal Fee = FEEm;
            private static int Kind(string s, int fallback = 7) => s switch { "LABEL" => 1, _ => fallback };
            public decimal Value(string s) => Kind(s) * Fee + 12L;
        }
        """;

    private static GeneratedSource Probe(string name, string fee, string label) => new($"probe-{name}.g.cs",
        Template.Replace("NAME", name, StringComparison.Ordinal).Replace("FEE", fee, StringComparison.Ordinal).Replace("LABEL", label, StringComparison.Ordinal));

    [Fact]
    public void Literals_that_must_stay_constant_stay_in_the_shape_and_split_it()
    {
        var shaped = ShapeParameterizer.Parameterize([Probe("a", "1.50", "x"), Probe("b", "2.0", "x"), Probe("c", "3", "y")], RoslynBatchCompiler.ParseOptions);
        Assert.NotNull(shaped);
        var (shapes, placed) = shaped.Value;
        // a and b differ only in replaceable literals; c's switch label "y" is a pattern, so it is a shape of its own.
        Assert.Equal(2, shapes.Length);
        Assert.Equal(placed[0].ShapeTypeName, placed[1].ShapeTypeName);
        Assert.NotEqual(placed[0].ShapeTypeName, placed[2].ShapeTypeName);
        Assert.Contains("\"x\" =>", shapes[0].Text, StringComparison.Ordinal);
        Assert.Contains("\"y\" =>", shapes[1].Text, StringComparison.Ordinal);
        Assert.Contains("int fallback = 7", shapes[0].Text, StringComparison.Ordinal);
        Assert.Equal(["a"], placed[0].Constants.S.AsEnumerable());
        Assert.Equal([1.50m], placed[0].Constants.M.AsEnumerable());
        Assert.Equal(2, placed[0].Constants.M[0].Scale);
        Assert.Equal([12L], placed[0].Constants.L.AsEnumerable());
        Assert.Equal(1, placed[1].Constants.M[0].Scale);
        Assert.Equal(["c"], placed[2].Constants.S.AsEnumerable());

        var compiled = EvaluatorCompiler.CompileContracts([Probe("a", "1.50", "x"), Probe("b", "2.0", "x"), Probe("c", "3", "y")], EmitTestSupport.Options);
        Assert.True(compiled.Succeeded, EmitTestSupport.Describe(compiled));
        using var loaded = EvaluatorAssembly.Load(compiled.AssemblyBytes!);
        var table = ContractInstanceTable.Read(loaded.Assembly.GetManifestResourceStream(ContractInstanceTable.ResourceName)!);
        var results = table.Select(entry =>
        {
            var type = loaded.Assembly.GetType(entry.ShapeTypeName)!;
            var instance = type.GetConstructor([typeof(ContractConstants)])!.Invoke([entry.Constants]);
            return (Name: (string)type.GetProperty("Name")!.GetValue(instance)!, X: (decimal)type.GetMethod("Value")!.Invoke(instance, ["x"])!, Y: (decimal)type.GetMethod("Value")!.Invoke(instance, ["y"])!);
        }).ToList();
        // Exactly what each class compiled as written computes: Kind * Fee + 12, with the fee's own scale.
        Assert.Equal([("a", 13.50m, 22.50m), ("b", 14.0m, 26.0m), ("c", 33m, 15m)], results);
        Assert.Equal("13.50", results[0].X.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Sources_it_cannot_take_apart_are_compiled_as_written()
    {
        const string withConstructor = """
            namespace SlaKpiDsl.Generated;
            public sealed class Handmade : global::SlaKpiDsl.Runtime.Evaluation.ICompiledContract
            {
                public Handmade() { }
                public string ContractName => "handmade";
                public string SemanticHash => "h";
                public global::SlaKpiDsl.Runtime.Evaluation.ContractFacts? Facts => null;
                public global::SlaKpiDsl.Runtime.Evaluation.ContractEvaluation Evaluate(global::SlaKpiDsl.Runtime.Evaluation.EvaluationInput input) =>
                    new(ContractName, input.Period, input.AsOf, []);
            }
            """;
        Assert.Null(ShapeParameterizer.Parameterize([new GeneratedSource("handmade.g.cs", withConstructor)], RoslynBatchCompiler.ParseOptions));
        var compiled = EvaluatorCompiler.CompileContracts([new GeneratedSource("handmade.g.cs", withConstructor)], EmitTestSupport.Options);
        Assert.True(compiled.Succeeded, EmitTestSupport.Describe(compiled));
        using var loaded = EvaluatorAssembly.Load(compiled.AssemblyBytes!);
        Assert.Null(loaded.Assembly.GetManifestResourceInfo(ContractInstanceTable.ResourceName));
        Assert.Equal("handmade", Assert.Single(loaded.CreateAll<ICompiledContract>()).ContractName);
    }

    [Fact]
    public void The_instance_table_carries_every_value_exactly_and_refuses_damage()
    {
        var strings = ImmutableArray.Create("", "plain", "\"quotes\" and \\", "\ud800 lone surrogate", "\0 nul", "\u202e bidi", "line\nbreak");
        var decimals = ImmutableArray.Create(0m, 0.00m, 1.10m, -0.5m, decimal.MaxValue, decimal.MinValue, 99.950m);
        var entries = new[]
        {
            new ShapedContract("SlaKpiDsl.Generated.Shape_a", new ContractConstants(strings, decimals, [int.MinValue, 0, int.MaxValue], [long.MinValue, 1L, long.MaxValue])),
            new ShapedContract("SlaKpiDsl.Generated.Shape_b", ContractConstants.None),
        };
        var bytes = ContractInstanceTable.Write(entries);
        var back = ContractInstanceTable.Read(new MemoryStream(bytes));
        Assert.Equal(2, back.Length);
        Assert.Equal(entries[0].ShapeTypeName, back[0].ShapeTypeName);
        Assert.Equal(strings.AsEnumerable(), back[0].Constants.S.AsEnumerable());
        Assert.Equal(decimals.Select(d => d.ToString(CultureInfo.InvariantCulture)), back[0].Constants.M.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal([int.MinValue, 0, int.MaxValue], back[0].Constants.I.AsEnumerable());
        Assert.Equal([long.MinValue, 1L, long.MaxValue], back[0].Constants.L.AsEnumerable());
        Assert.Empty(back[1].Constants.S);

        Assert.Throws<InvalidDataException>(() => ContractInstanceTable.Read(new MemoryStream(bytes[..^3])));
        Assert.Throws<InvalidDataException>(() => ContractInstanceTable.Read(new MemoryStream([.. bytes, 0])));
        Assert.Throws<InvalidDataException>(() => ContractInstanceTable.Read(new MemoryStream(Encoding.UTF8.GetBytes("not a table at all"))));
    }

    /// <summary>A canonical text of an object graph: public properties by name, sequences in order, NodaTime values and scalars as invariant text.</summary>
    internal static class Structure
    {
        public static string Of(object? value)
        {
            var text = new StringBuilder();
            Write(text, value, 0);
            return text.ToString();
        }

        private static void Write(StringBuilder text, object? value, int depth)
        {
            Assert.True(depth < 40, "object graph too deep: a cycle?");
            switch (value)
            {
                case null: text.Append("null"); return;
                case string s: text.Append('"').Append(s).Append('"'); return;
                case decimal m: text.Append(m.ToString(CultureInfo.InvariantCulture)).Append('m'); return;
                case IFormattable f when value.GetType().IsPrimitive || value is Enum || value.GetType().Namespace?.StartsWith("NodaTime", StringComparison.Ordinal) == true:
                    text.Append(f.ToString(null, CultureInfo.InvariantCulture)); return;
                case bool b: text.Append(b); return;
                case Delegate: text.Append("<delegate>"); return;
                case IEnumerable sequence:
                    text.Append('[');
                    foreach (var item in sequence) { Write(text, item, depth + 1); text.Append(','); }
                    text.Append(']');
                    return;
            }
            var type = value.GetType();
            if (type.Namespace?.StartsWith("NodaTime", StringComparison.Ordinal) == true) { text.Append(value); return; }
            text.Append(type.Name).Append('{');
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                text.Append(property.Name).Append('=');
                Write(text, property.GetValue(value), depth + 1);
                text.Append(';');
            }
            text.Append('}');
        }
    }
}
