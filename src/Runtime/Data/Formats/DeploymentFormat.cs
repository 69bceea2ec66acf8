using NodaTime;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>deployments.csv / deployments.jsonl: when a resource was deployed (the Azure-style denominator).</summary>
public sealed class DeploymentFormat : RecordFormat<Deployment>
{
    public static DeploymentFormat Instance { get; } = new();

    private const int Id = 0, Service = 1, Start = 2, End = 3;

    private DeploymentFormat() : base(DataKind.Deployments, "deployments",
    [
        Required("id", FieldKind.Text, "Unique deployment (resource) id."),
        Required("service", FieldKind.Text, "Service id."),
        Required("start", FieldKind.Timestamp, "When the resource was deployed."),
        Optional("end", FieldKind.Timestamp, "When it was removed; empty while still deployed."),
    ], "id")
    {
    }

    internal override Deployment? Build(FieldRow row, RowContext c)
    {
        var id = c.RequiredText(row[Id], "id");
        var service = c.RequiredText(row[Service], "service", intern: true);
        var start = c.RequiredInstant(row[Start], "start");
        var end = c.OptionalInstant(row[End], "end");
        if (!row[Start].IsEmpty) c.RequireNotBefore(start, "start", end, "end");
        if (c.RowHasErrors) return null;
        return new Deployment(id, service, start, end);
    }

    internal override (string Field, string Id, Instant At) Key(Deployment record) => ("id", record.Id, default);

    public override bool Overlaps(Deployment record, Interval range) => Touches(record.Start, record.End, range);

    public override string?[] ToValues(Deployment r) =>
        [r.Id, r.Service, InstantText.Format(r.Start), IncidentFormat.Format(r.End)];
}
