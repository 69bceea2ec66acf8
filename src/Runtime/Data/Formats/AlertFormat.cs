using NodaTime;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>alerts.csv / alerts.jsonl: one monitoring alert per row.</summary>
public sealed class AlertFormat : RecordFormat<Alert>
{
    public static AlertFormat Instance { get; } = new();

    private const int Id = 0, Service = 1, Raised = 2, Acknowledged = 3;

    private AlertFormat() : base(DataKind.Alerts, "alerts",
    [
        Required("id", FieldKind.Text, "Unique alert id."),
        Required("service", FieldKind.Text, "Service id."),
        Required("raised", FieldKind.Timestamp, "When the alert fired."),
        Optional("acknowledged", FieldKind.Timestamp, "When a person acknowledged it; empty if never."),
    ], "id")
    {
    }

    internal override Alert? Build(FieldRow row, RowContext c)
    {
        var id = c.RequiredText(row[Id], "id");
        var service = c.RequiredText(row[Service], "service", intern: true);
        var raised = c.RequiredInstant(row[Raised], "raised");
        var acknowledged = c.OptionalInstant(row[Acknowledged], "acknowledged");
        if (!row[Raised].IsEmpty) c.RequireNotBefore(raised, "raised", acknowledged, "acknowledged");
        if (c.RowHasErrors) return null;
        return new Alert(id, service, raised, acknowledged);
    }

    internal override (string Field, string Id, Instant At) Key(Alert record) => ("id", record.Id, default);

    public override bool Overlaps(Alert record, Interval range) => Touches(record.Raised, record.Raised, range);

    public override string?[] ToValues(Alert r) =>
        [r.Id, r.Service, InstantText.Format(r.Raised), IncidentFormat.Format(r.Acknowledged)];
}
