using System.Collections.Immutable;
using System.Text;
using SlaKpiDsl.Runtime.Caching;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Import;

/// <summary>What <c>sla import</c> was asked: the source, its files, the map, where to write, and how.</summary>
public sealed record ImportRequest(ImportSource Source, ImmutableArray<string> Files, string MapPath, string OutputDirectory)
{
    /// <summary>Write the rows that mapped plus <c>rejects.txt</c> instead of writing nothing when a record is rejected.</summary>
    public bool KeepGoing { get; init; }

    /// <summary>Replace files of an earlier import in the output directory (otherwise an existing file is an error).</summary>
    public bool Overwrite { get; init; }
}

/// <summary>
/// The outcome of an import. <see cref="MapErrors"/> (the map itself is bad, located at line and column) and
/// <see cref="Rejections"/> (source records that could not be mapped: file, line or JSON path, field, value, hint) are
/// the user's input errors; <see cref="Written"/> lists the files written (none unless the import succeeded or
/// <c>--keep-going</c> was given).
/// </summary>
public sealed record ImportResult(
    ImmutableArray<DataError> MapErrors,
    ImmutableArray<Incident> Incidents,
    ImmutableArray<Maintenance> Maintenance,
    ImmutableArray<DataError> Rejections,
    long SourceRecords,
    long RejectedRecords,
    ImportTally Tally,
    ImmutableArray<string> Written,
    string? OutputProblem)
{
    public bool Succeeded => MapErrors.IsEmpty && Rejections.IsEmpty && OutputProblem is null;
}

/// <summary>
/// <c>sla import</c>: reads a source's export files through a mapping file and writes the project's own data files
/// (<c>incidents.csv</c>; from Statuspage, each of <c>incidents.csv</c> and <c>maintenance.csv</c> whose kind has records) so that a month's input is plain,
/// reviewable, hashable files. Deterministic: records sorted by start then id (ordinal), timestamps in UTC, so the
/// same input gives the same bytes. All-or-nothing: every file is first written to a temporary file in the output
/// directory and renamed only when all are written; with a rejected record nothing is written unless
/// <see cref="ImportRequest.KeepGoing"/>, which writes what mapped plus <c>rejects.txt</c> (one line per problem:
/// source location, code, field, reason). <c>evaluate</c> does not read <c>.txt</c> files, so the folder stays loadable.
/// </summary>
public static class Importer
{
    public const string RejectsFile = "rejects.txt";

    public static ImportResult Run(ImportRequest request)
    {
        var (map, mapErrors) = ImportMapReader.ReadFile(request.MapPath);
        if (map is null) return Failed(mapErrors);
        return Run(request, map);
    }

    public static ImportResult Run(ImportRequest request, ImportMap map)
    {
        if (request.Source is ImportSource.Csv or ImportSource.JsonLines && GenericSource.CheckColumns(map) is { IsEmpty: false } columnErrors)
            return Failed(Locate(columnErrors, map));
        var (sink, tally) = Map(request.Source, request.Files, map);
        sink.Incidents.Sort(static (a, b) => a.Started.CompareTo(b.Started) is var c && c != 0 ? c : string.CompareOrdinal(a.Id, b.Id));
        sink.Maintenance.Sort(static (a, b) => a.Start.CompareTo(b.Start) is var c && c != 0 ? c : string.CompareOrdinal(a.Id, b.Id));
        var incidents = sink.Incidents.ToImmutableArray();
        var maintenance = sink.Maintenance.ToImmutableArray();
        var rejections = sink.Rejections.ToImmutableArray();
        var written = ImmutableArray<string>.Empty;
        string? problem = null;
        if (rejections.IsEmpty || request.KeepGoing)
        {
            // A Statuspage export holds incidents, maintenances or both: each file is written when its kind has records
            // (both when neither has), so a maintenance-only export can join an incidents import in one folder.
            var statuspage = request.Source == ImportSource.Statuspage;
            var files = new List<(string Name, Action<Stream> Write)>();
            if (!statuspage || !incidents.IsEmpty || maintenance.IsEmpty) files.Add(("incidents.csv", s => Csv(IncidentFormat.Instance, incidents, s)));
            if (statuspage && (!maintenance.IsEmpty || incidents.IsEmpty)) files.Add(("maintenance.csv", s => Csv(MaintenanceFormat.Instance, maintenance, s)));
            if (!rejections.IsEmpty) files.Add((RejectsFile, s => s.Write(Rejects(rejections, sink.RejectedRecords))));
            (written, problem) = WriteAll(request.OutputDirectory, files, request.Overwrite);
        }
        return new ImportResult([], incidents, maintenance, rejections, sink.SourceRecords, sink.RejectedRecords, tally, written, problem);
    }

    /// <summary>Reads and maps every record (no writing): the records, the rejections and the counts.</summary>
    internal static (ImportSink Sink, ImportTally Tally) Map(ImportSource source, IReadOnlyList<string> files, ImportMap map, MapProposal? proposal = null)
    {
        var sink = new ImportSink();
        var tally = new ImportTally { Proposal = proposal };
        switch (source)
        {
            case ImportSource.PagerDuty: PagerDutySource.Read(files, map, sink, tally); break;
            case ImportSource.Statuspage: StatuspageSource.Read(files, map, sink, tally); break;
            case ImportSource.Csv: GenericSource.Read(files, map, sink, tally, jsonLines: false); break;
            case ImportSource.JsonLines: GenericSource.Read(files, map, sink, tally, jsonLines: true); break;
        }
        return (sink, tally);
    }

    /// <summary>Points a [columns] problem at the key it is about, else at the table's first key, else at line 1.</summary>
    private static ImmutableArray<DataError> Locate(ImmutableArray<DataError> errors, ImportMap map) =>
        [.. errors.Select(e => (map.Locations.TryGetValue(e.Field ?? "", out var at) ? at
            : map.Locations.Where(l => l.Key.StartsWith("columns.", StringComparison.Ordinal)).OrderBy(l => l.Value.Line).Select(l => ((int, int)?)l.Value).FirstOrDefault()) is var (line, column)
            ? e with { Line = line, Column = column } : e with { Line = 1 })];

    private static ImportResult Failed(ImmutableArray<DataError> mapErrors) => new(mapErrors, [], [], [], 0, 0, new ImportTally(), [], null);

    /// <summary>
    /// Writes the records with <see cref="DataFile.WriteCsv{T}"/>. A large import is formatted in chunks on every core
    /// (each chunk's text without its header line) and written in order, so the bytes are those of one sequential write.
    /// </summary>
    private static void Csv<T>(RecordFormat<T> format, ImmutableArray<T> records, Stream stream) where T : class
    {
        const int ChunkRows = 65_536;
        var encoding = new UTF8Encoding(false);
        if (records.Length <= ChunkRows || Environment.ProcessorCount == 1)
        {
            using var writer = new StreamWriter(stream, encoding, 1 << 16, leaveOpen: true) { NewLine = "\n" };
            DataFile.WriteCsv(format, records, writer);
            return;
        }
        var chunks = new MemoryStream[(records.Length + ChunkRows - 1) / ChunkRows];
        var header = encoding.GetByteCount(string.Join(',', format.Fields.Select(f => f.Name)) + "\n");
        Parallel.For(0, chunks.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var slice = records.AsSpan().Slice(i * ChunkRows, Math.Min(ChunkRows, records.Length - i * ChunkRows)).ToArray();
            var bytes = new MemoryStream(slice.Length * 200);
            using (var writer = new StreamWriter(bytes, encoding, 1 << 16, leaveOpen: true) { NewLine = "\n" })
                DataFile.WriteCsv(format, slice, writer);
            chunks[i] = bytes;
        });
        for (var i = 0; i < chunks.Length; i++)
        {
            var skip = i == 0 ? 0 : header; // every chunk but the first without its header line
            stream.Write(chunks[i].GetBuffer(), skip, (int)chunks[i].Length - skip);
        }
    }

    private static byte[] Rejects(ImmutableArray<DataError> rejections, long records)
    {
        var text = new StringBuilder();
        text.Append("# sla import: ").Append(records).Append(" source record(s) rejected, not written; one line per problem.\n");
        foreach (var error in rejections) text.Append(error.ToString().ReplaceLineEndings(" ")).Append('\n');
        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    /// <summary>
    /// Writes every file through a temporary file beside it, then renames them all; an existing file is kept (and
    /// nothing written) unless <paramref name="overwrite"/>. With overwrite, a rejects file of an earlier run that this
    /// run does not write is removed, so the folder never shows rejects that are not this import's.
    /// </summary>
    private static (ImmutableArray<string> Written, string? Problem) WriteAll(string directory, List<(string Name, Action<Stream> Write)> files, bool overwrite)
    {
        var targets = files.Select(f => Path.Combine(directory, f.Name)).ToList();
        var staleRejects = Path.Combine(directory, RejectsFile);
        if (!overwrite)
        {
            var existing = targets.Append(staleRejects).Distinct().Where(File.Exists).ToList();
            if (existing.Count > 0)
                return ([], $"{string.Join(", ", existing)} already exist{(existing.Count == 1 ? "s" : "")} and {(existing.Count == 1 ? "was" : "were")} left unchanged; pass --overwrite to replace the earlier import, or choose another -o/--output");
        }
        var temps = new List<string>();
        try
        {
            Directory.CreateDirectory(directory);
            foreach (var (name, write) in files)
            {
                var temp = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
                temps.Add(temp);
                using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            // Without --overwrite each name is taken only while free (atomically): a file that appeared since the check
            // above is kept, and the files this import named a moment ago are taken back.
            var named = new List<string>();
            for (var i = 0; i < targets.Count; i++)
            {
                if (overwrite) File.Move(temps[i], targets[i], overwrite: true);
                else if (!NoReplaceMove.TryMove(temps[i], targets[i]))
                {
                    foreach (var path in named) File.Delete(path);
                    foreach (var temp in temps) File.Delete(temp);
                    return ([], $"{targets[i]} appeared while the import was being written and was left unchanged; nothing was written");
                }
                named.Add(targets[i]);
            }
            if (!targets.Contains(staleRejects) && File.Exists(staleRejects)) File.Delete(staleRejects);
            return ([.. targets], null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var temp in temps) try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            return ([], $"cannot write into '{directory}': {e.Message}");
        }
    }
}
