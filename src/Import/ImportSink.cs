using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Import;

/// <summary>
/// Where a source puts what it mapped: the records, and every rejected source record with its problems. Ids are unique
/// across all the files of one import (a second record of one id is rejected at its own location, DATA010).
/// </summary>
internal sealed class ImportSink
{
    // id -> index into _locations (where the record was read), formatted only when a duplicate needs it.
    private readonly Dictionary<string, int> _incidentIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _maintenanceIds = new(StringComparer.Ordinal);
    private readonly List<(string File, int Line, string Path)> _locations = [];

    private string Where(int index) => _locations[index] is var (file, line, path) && path.Length == 0 ? $"{file}({line})" : $"{file}({line}) {path}";

    public List<Incident> Incidents { get; } = [];
    public List<Maintenance> Maintenance { get; } = [];
    public List<DataError> Rejections { get; } = [];
    public long RejectedRecords { get; private set; }
    public long SourceRecords { get; private set; }

    /// <summary>Ends a source record: its errors reject it whole; otherwise its records are kept (none when left out by rule).</summary>
    public void Finish(ImportRow row, IReadOnlyList<Incident> incidents, Maintenance? maintenance = null)
    {
        SourceRecords++;
        if (!row.HasErrors)
        {
            foreach (var incident in incidents)
                if (_incidentIds.TryGetValue(incident.Id, out var first))
                    row.Error("id", DataErrorCodes.DuplicateId, $"incident id '{incident.Id}' was already imported from {Where(first)}; ids must be unique across the files of one import.");
            if (maintenance is not null && _maintenanceIds.TryGetValue(maintenance.Id, out var firstMaintenance))
                row.Error("id", DataErrorCodes.DuplicateId, $"maintenance id '{maintenance.Id}' was already imported from {Where(firstMaintenance)}.");
        }
        if (row.HasErrors)
        {
            Rejections.AddRange(row.Errors);
            RejectedRecords++;
            return;
        }
        var where = _locations.Count;
        _locations.Add((row.File, row.Line, row.Path));
        foreach (var incident in incidents)
        {
            _incidentIds[incident.Id] = where;
            Incidents.Add(incident);
        }
        if (maintenance is not null)
        {
            _maintenanceIds[maintenance.Id] = where;
            Maintenance.Add(maintenance);
        }
    }

    /// <summary>A problem with a whole file (not a shape the source documents, invalid JSON): every record of it is lost.</summary>
    public void FileProblem(DataError error)
    {
        Rejections.Add(error);
        RejectedRecords++;
    }
}
