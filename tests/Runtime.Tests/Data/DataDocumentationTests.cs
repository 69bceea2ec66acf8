using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;
using SlaKpiDsl.Runtime.Tests.Data.Examples;

namespace SlaKpiDsl.Runtime.Tests.Data;

public class DataDocumentationTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "data.md"));

    [Fact]
    public void Every_column_of_every_format_is_documented()
    {
        var fields = IncidentFormat.Instance.Fields.Concat(MaintenanceFormat.Instance.Fields).Concat(AlertFormat.Instance.Fields)
            .Concat(RequestSliceFormat.Instance.Fields).Concat(DeploymentFormat.Instance.Fields);
        Assert.All(fields, f => Assert.Contains($"`{f.Name}`", Docs));
    }

    [Fact]
    public void Every_error_code_is_documented_with_its_name() =>
        Assert.All(DataErrorCodes.All, c => Assert.Contains($"| {c.Code} | {c.Name} |", Docs));
}
