using System.Collections.Immutable;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// Data that no contract of the run reads, as warnings: records on a service that no contract declares (their incidents
/// would vanish from every result, a 100% that is not one) with the nearest declared name when one is close (the same
/// letters in another case, or at most two edits away: <c>Checkout</c> for <c>checkout</c>), and files of the data
/// folder that the loader does not read (<c>incidents.json</c>, <c>requests.tsv</c>, <c>incidents.csv.gz</c>).
/// </summary>
public static class UnreadData
{
    /// <summary>Files of the data folder that no load reads (<see cref="DataDirectory.FilesNotRead"/>), one warning each.</summary>
    public static ImmutableArray<PipelineProblem> FilesNotRead(string dataDirectory) =>
    [
        .. DataDirectory.FilesNotRead(dataDirectory).Select(path => PipelineProblem.Warning(
            $"'{path}' in the data folder is not read: data files are {string.Join(", ", DataDirectory.Kinds.Select(DataDirectory.FileStem))} as .csv or .jsonl")),
    ];

    /// <summary>
    /// One warning per service that records name and no contract declares. Contracts whose facts are unknown (an
    /// evaluator built without them) could declare anything, so then nothing is reported.
    /// </summary>
    /// <remarks>Incidents held in columns (<see cref="DataSet.IncidentTable"/>) are counted by service over the columns: no incident object is made.</remarks>
    public static ImmutableArray<PipelineProblem> RecordsOnUndeclaredServices(IEnumerable<ICompiledContract> contracts, DataSet input)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var contract in contracts)
        {
            if (contract.Facts is not { } facts) return [];
            declared.UnionWith(facts.Services);
        }
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        void Count(string service, string kind, int records = 1)
        {
            if (declared.Contains(service)) return;
            if (!counts.TryGetValue(service, out var byKind)) counts[service] = byKind = new Dictionary<string, int>(StringComparer.Ordinal);
            byKind[kind] = byKind.GetValueOrDefault(kind) + records;
        }
        foreach (var r in input.Incidents) Count(r.Service, "incident");
        if (input.IncidentTable is { } table)
            foreach (var (service, records) in table.CountsByService()) Count(service, "incident", records);
        foreach (var r in input.Alerts) Count(r.Service, "alert");
        foreach (var r in input.Requests) Count(r.Service, "request slice");
        foreach (var r in input.Deployments) Count(r.Service, "deployment");
        // Maintenance without services applies to every service: only named services can be unread.
        foreach (var r in input.Maintenance)
            foreach (var service in r.Services) Count(service, "maintenance window");

        var warnings = ImmutableArray.CreateBuilder<PipelineProblem>();
        // In service name order (the names sorted once: a SortedDictionary is about 15 more methods for the JIT on every run).
        var services = counts.Keys.ToArray();
        Array.Sort(services, StringComparer.Ordinal);
        foreach (var service in services)
        {
            var byKind = counts[service];
            var what = string.Join(", ", byKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Value} {k.Key}{(k.Value == 1 ? "" : "s")}"));
            var nearest = Nearest(service, declared);
            warnings.Add(PipelineProblem.Warning(
                $"data: {what} on service '{service}', which no contract declares; they count in no result{(nearest is null ? "" : $" (did you mean '{nearest}'?)")}"));
        }
        return warnings.ToImmutable();
    }

    /// <summary>The declared name equal but for case, else the closest within two edits (ties: the first in order), else null.</summary>
    public static string? Nearest(string name, IEnumerable<string> declared)
    {
        var names = declared.Order(StringComparer.Ordinal).ToList();
        if (names.FirstOrDefault(d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase)) is { } sameLetters) return sameLetters;
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in names)
        {
            var distance = EditDistance(name.ToLowerInvariant(), candidate.ToLowerInvariant(), bestDistance);
            if (distance < bestDistance) (best, bestDistance) = (candidate, distance);
        }
        return best;
    }

    /// <summary>Levenshtein distance, or <paramref name="limit"/> as soon as it is certain to reach it.</summary>
    private static int EditDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) >= limit) return limit;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin >= limit) return limit;
            (previous, current) = (current, previous);
        }
        return Math.Min(previous[b.Length], limit);
    }
}
