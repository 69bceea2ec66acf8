using NodaTime;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>maintenance.csv / maintenance.jsonl: one maintenance window per row.</summary>
public sealed class MaintenanceFormat : RecordFormat<Maintenance>
{
    public static MaintenanceFormat Instance { get; } = new();

    private const int Id = 0, Announced = 1, Start = 2, End = 3, Services = 4;

    private MaintenanceFormat() : base(DataKind.Maintenance, "maintenance",
    [
        Required("id", FieldKind.Text, "Unique maintenance id."),
        Required("announced", FieldKind.Timestamp, "When customers were told; for an unannounced maintenance, when it was first posted (at or after its start)."),
        Required("start", FieldKind.Timestamp, "Window start (inclusive)."),
        Required("end", FieldKind.Timestamp, "Window end (exclusive), not before start."),
        Optional("services", FieldKind.WordList, "Service ids separated by ';'; empty means every service."),
    ], "id")
    {
    }

    internal override Maintenance? Build(FieldRow row, RowContext c)
    {
        var id = c.RequiredText(row[Id], "id");
        var announced = c.RequiredInstant(row[Announced], "announced");
        var start = c.RequiredInstant(row[Start], "start");
        var end = c.RequiredInstant(row[End], "end");
        var services = c.WordList(row[Services], "services", kebab: false);
        if (!row[Start].IsEmpty && !row[End].IsEmpty) c.RequireNotBefore(start, "start", end, "end");
        if (c.RowHasErrors) return null;
        return new Maintenance(id, announced, start, end, services);
    }

    internal override (string Field, string Id, Instant At) Key(Maintenance record) => ("id", record.Id, default);

    public override bool Overlaps(Maintenance record, Interval range) => Touches(record.Start, record.End, range);

    public override string?[] ToValues(Maintenance r) =>
    [
        r.Id, InstantText.Format(r.Announced), InstantText.Format(r.Start), InstantText.Format(r.End),
        r.Services.IsEmpty ? null : string.Join(';', r.Services),
    ];
}
