using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// The command line is argument parsing and printing only (issue 12; README, "Layout"): its project references only
/// the Pipeline and the LanguageServer, as the README's graph says, and the compiled <c>sla</c> assembly calls nothing
/// of the engine's assemblies but value constructors, property accessors and a short list of printing helpers.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly string[] Referenced = ["LanguageServer", "Pipeline"];

    [Fact]
    public void The_cli_project_references_only_what_the_readme_graph_says()
    {
        var project = XDocument.Load(Path.Combine(TraceShapes.Root, "src", "Cli", "SlaKpiDsl.Cli.csproj"));
        var references = project.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value).Replace("SlaKpiDsl.", "", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(Referenced, references);

        var readme = File.ReadAllText(Path.Combine(TraceShapes.Root, "README.md"));
        var arrowsFromCli = CliArrow().Matches(readme).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Referenced, arrowsFromCli);
    }

    /// <summary>
    /// What the command line may call in the engine's assemblies (Dsl, Compiler, Runtime, Import) besides making a value
    /// (a constructor, an init setter) and reading one (a getter): the edge's printing helpers, each named with why.
    /// Anything else (a checker, parser, compiler, cache, loader, evaluator or importer) goes through src/Pipeline.
    /// </summary>
    private static readonly HashSet<string> Printing =
    [
        "SlaKpiDsl.Compiler.Diagnostics.DiagnosticWriters.Json", // diagnostics as JSON, SARIF and a summary line (check's --format)
        "SlaKpiDsl.Compiler.Diagnostics.DiagnosticWriters.Sarif",
        "SlaKpiDsl.Compiler.Diagnostics.DiagnosticWriters.Summary",
        "SlaKpiDsl.Dsl.Text.SourceText.GetPosition", // a span's line and column, printed by sla test
        "SlaKpiDsl.Dsl.Text.TextCharacters.ForTerminal", // control characters escaped before the terminal
        "SlaKpiDsl.Dsl.Text.TextCharacters.ForTerminalLines",
        "SlaKpiDsl.Runtime.Data.InstantText.Format", // an instant as printed (NodaTime's ExtendedIso text, without its pattern set-up)
        "SlaKpiDsl.Runtime.Data.InstantText.TryParse", // --as-of in the two forms data timestamps take (Arguments.ParseInstant)
        "SlaKpiDsl.Runtime.Evaluation.CommitmentOutcome.Evaluated", // wraps a guarantee's result to print it as an outcome
        "SlaKpiDsl.Runtime.Evaluation.ExactRatio.ToDecimalForDisplay", // a measured ratio as printed
        "SlaKpiDsl.Runtime.Evaluation.ExactRatio.ToPercentForDisplay",
        "SlaKpiDsl.Runtime.Evaluation.TargetMargin.Of", // the distance to the target, printed in evaluate's JSON
        "SlaKpiDsl.Runtime.Evaluation.TraceJson.Identifier", // the explanation trace's JSON names
        "SlaKpiDsl.Runtime.Evaluation.TraceJson.WithWarningText",
    ];

    [Fact]
    public void The_sla_assembly_calls_no_checker_compiler_loader_evaluator_or_importer()
    {
        var path = typeof(Program).Assembly.Location;
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var calls = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in metadata.MemberReferences)
        {
            var member = metadata.GetMemberReference(handle);
            if (member.GetKind() != MemberReferenceKind.Method) continue;
            if (TypeOf(metadata, member.Parent) is not { } type) continue;
            var (assembly, name) = type;
            if (assembly is not ("SlaKpiDsl.Dsl" or "SlaKpiDsl.Compiler" or "SlaKpiDsl.Runtime" or "SlaKpiDsl.Import")) continue;
            var method = metadata.GetString(member.Name);
            if (method is ".ctor" || method.StartsWith("get_", StringComparison.Ordinal) || method.StartsWith("set_", StringComparison.Ordinal)) continue;
            if (Printing.Contains($"{name}.{method}")) continue;
            calls.Add($"{assembly}: {name}.{method}");
        }
        if (calls.Count > 0) Assert.Fail("src/Cli calls the engine directly (route it through src/Pipeline):\n" + string.Join("\n", calls));
    }

    /// <summary>The assembly and full name of a member reference's type (a generic instantiation's generic type), or null for a type of this assembly.</summary>
    private static (string Assembly, string Name)? TypeOf(MetadataReader metadata, EntityHandle parent)
    {
        if (parent.Kind == HandleKind.TypeSpecification)
        {
            var blob = metadata.GetBlobReader(metadata.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
            if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null;
            blob.ReadSignatureTypeCode(); // class or value type
            parent = blob.ReadTypeHandle();
        }
        if (parent.Kind != HandleKind.TypeReference) return null;
        var reference = metadata.GetTypeReference((TypeReferenceHandle)parent);
        var name = metadata.GetString(reference.Name);
        var ns = metadata.GetString(reference.Namespace);
        var scope = reference.ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference)
        {
            var outer = metadata.GetTypeReference((TypeReferenceHandle)scope);
            name = metadata.GetString(outer.Name) + "+" + name;
            ns = metadata.GetString(outer.Namespace);
            scope = outer.ResolutionScope;
        }
        if (scope.Kind != HandleKind.AssemblyReference) return null;
        var assembly = metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
        return (assembly, ns.Length == 0 ? name : ns + "." + name);
    }

    [GeneratedRegex(@"Cli ──> (\w+)")]
    private static partial Regex CliArrow();
}
