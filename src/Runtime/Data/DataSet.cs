using System.Collections.Immutable;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>
/// Every record an evaluation sees, by kind. Invariant: no two records of one kind share an id (request slices: a
/// service and start); each array is in file order. A kind whose file is absent is empty.
/// </summary>
public sealed record DataSet(
    ImmutableArray<Incident> Incidents,
    ImmutableArray<Maintenance> Maintenance,
    ImmutableArray<Alert> Alerts,
    ImmutableArray<RequestSlice> Requests,
    ImmutableArray<Deployment> Deployments)
{
    public static DataSet Empty { get; } = new([], [], [], [], []);

    /// <summary>
    /// The incidents in columns, when the loader put them so (<see cref="DataDirectory.Load"/> with incidents in columns);
    /// then <see cref="Incidents"/> is empty and this is the incident data. Null when the incidents are objects.
    /// </summary>
    public IncidentTable? IncidentTable { get; init; }

    /// <summary>
    /// The request slices in columns, when the loader put them so (<see cref="DataLoadOptions.RequestsInColumns"/>); then
    /// <see cref="Requests"/> is empty and this is the request data. Null when the slices are objects.
    /// </summary>
    public RequestSliceTable? RequestTable { get; init; }
}
