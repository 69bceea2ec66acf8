using System.Diagnostics;
using System.Globalization;
using SlaKpiDsl.PeerBench;
using SlaKpiDsl.PeerBench.Generation;

// peer-bench: generate a fleet, run our pipeline or the DuckDB peer on it, compare them, time the read floor.
// Every timed command prints one "RESULT key=value ..." line that bench/peer-duckdb.sh turns into the table.
var command = args.Length > 0 ? args[0] : "";
string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
string Root() => args.Length > 1 ? args[1] : throw new ArgumentException("give the fleet folder");
string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
string Cpu() { using var p = Process.GetCurrentProcess(); return p.TotalProcessorTime.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture); }
// A fleet written by gen-requests (its fleet.txt says "kind requests"): ours, duckdb, check and floor read its request slices.
bool RequestFleet() => File.Exists(Path.Combine(Root(), "fleet.txt")) && File.ReadLines(Path.Combine(Root(), "fleet.txt")).Contains("kind requests");
long PeakMb() { using var p = Process.GetCurrentProcess(); p.Refresh(); return p.PeakWorkingSet64 / (1024 * 1024); }

switch (command)
{
    case "gen":
    {
        var incidents = long.Parse(Option("--incidents", "10000"), CultureInfo.InvariantCulture);
        var customers = int.Parse(Option("--customers", "1000"), CultureInfo.InvariantCulture);
        var seed = ulong.Parse(Option("--seed", "20261101"), CultureInfo.InvariantCulture);
        new FleetGenerator(incidents, customers, seed, !args.Contains("--no-requests")).Write(Root(), Console.Out);
        return 0;
    }
    case "gen-requests":
    {
        // The request-slice fleet: per-minute slices, 1,000 customers x 43,200 minutes = 43.2M slices by default.
        var customers = int.Parse(Option("--customers", "1000"), CultureInfo.InvariantCulture);
        var minutes = int.Parse(Option("--minutes", "43200"), CultureInfo.InvariantCulture);
        var seed = ulong.Parse(Option("--seed", "20261101"), CultureInfo.InvariantCulture);
        new RequestFleetGenerator(customers, minutes, seed).Write(Root(), Console.Out);
        return 0;
    }
    case "ours":
    {
        var (results, times) = OursRunner.Run(Root(), Option("--cache", Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Root()))!, ".sla-cache")), Console.Error, RequestFleet());
        Console.WriteLine($"RESULT side=ours customers={results.Count} check_s={Seconds(times.Check)} compile_s={Seconds(times.Compile)} load_s={Seconds(times.Load)} load_cpu_s={Seconds(times.LoadCpu)} compute_s={Seconds(times.Compute)} compute_cpu_s={Seconds(times.ComputeCpu)} load_alloc_mb={times.LoadAllocated / 1_000_000} compute_alloc_mb={times.ComputeAllocated / 1_000_000} columns_mb={times.IncidentColumnBytes / 1_000_000} total_s={Seconds(times.Total)} cpu_s={Cpu()} peak_mb={PeakMb()}");
        return 0;
    }
    case "duckdb":
    {
        var threads = int.Parse(Option("--threads", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var phases = args.Contains("--phases");
        var (results, endToEnd, load, compute) = RequestFleet() ? DuckDbRequestPeer.Run(Root(), threads, phases) : DuckDbPeer.Run(Root(), threads, phases);
        Console.WriteLine($"RESULT side=duckdb customers={results.Count} total_s={Seconds(endToEnd)}" + (phases ? $" load_s={Seconds(load)} compute_s={Seconds(compute)}" : "") + $" cpu_s={Cpu()} peak_mb={PeakMb()}");
        return 0;
    }
    case "check":
    {
        var (ours, _) = OursRunner.Run(Root(), Option("--cache", Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Root()))!, ".sla-cache")), Console.Error, RequestFleet());
        var (peer, _, _, _) = RequestFleet() ? DuckDbRequestPeer.Run(Root(), Environment.ProcessorCount, false) : DuckDbPeer.Run(Root(), Environment.ProcessorCount, false);
        var differences = ResultComparison.Differences(ours, peer);
        foreach (var d in differences.Take(20)) Console.Error.WriteLine(d);
        Console.WriteLine(ResultComparison.Summary(ours, differences.Count));
        return differences.Count == 0 ? 0 : 1;
    }
    case "load":
    {
        // The data load alone (no contracts; the pipeline's load of incidents, every column, and maintenance), for profiling:
        // wall, CPU, allocation and GC of one load.
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var alloc0 = GC.GetTotalAllocatedBytes(precise: false);
        var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var pause0 = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        var loaded = OursRunner.Load(Root(), new SlaKpiDsl.Pipeline.PipelineServices { Cache = () => null });
        var (incidents, maintenance) = (loaded.Data.IncidentTable!, loaded.Data.Maintenance);
        var load = clock.Elapsed;
        clock.Restart();
        var partition = SlaKpiDsl.Runtime.Data.ServicePartition.Create(incidents, maintenance);
        var group = clock.Elapsed;
        Console.WriteLine($"RESULT side=load incidents={incidents.Count} columns_mb={incidents.ColumnBytes / 1_000_000} maintenance={maintenance.Length} load_s={Seconds(load)} group_s={Seconds(group)} "
            + $"cpu_s={(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:0.000} alloc_mb={(GC.GetTotalAllocatedBytes(false) - alloc0) / 1_000_000} "
            + $"gc0={GC.CollectionCount(0) - gcs.Item1} gc1={GC.CollectionCount(1) - gcs.Item2} gc2={GC.CollectionCount(2) - gcs.Item3} gc_pause_s={Seconds(GC.GetTotalPauseDuration() - pause0)} peak_mb={PeakMb()}");
        GC.KeepAlive(partition);
        return 0;
    }
    case "floor":
    {
        // Reading every input byte from the page cache (run once before to warm it): the physical floor.
        var files = Directory.GetFiles(Path.Combine(Root(), "contracts"), "*.sla")
            .Concat(RequestFleet() ? [Path.Combine(Root(), "data", "requests.csv")] : [Path.Combine(Root(), "data", "incidents.csv"), Path.Combine(Root(), "data", "maintenance.csv")]).ToArray();
        var buffer = new byte[1 << 20];
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) bytes += n;
        }
        Console.WriteLine($"RESULT side=floor bytes={bytes} total_s={Seconds(clock.Elapsed)}");
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: peer-bench gen DIR --incidents N [--customers C] [--seed S] [--no-requests] | gen-requests DIR [--customers C] [--minutes M] [--seed S] | ours DIR | duckdb DIR [--threads T] [--phases] | check DIR | floor DIR | load DIR");
        return 1;
}
