using System.Text;
using CsCheck;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>Whatever the bytes, loaders return records and errors; they never throw on user data (the importers' own: tests/Import.Tests/NeverThrowsTests).</summary>
public class NeverThrowsTests
{
    // Characters that matter to the parsers: separators, quotes, digits, timestamp punctuation, JSON syntax.
    private static readonly Gen<string> GenText = Gen.String[Gen.Char["0129-:TZ+.,;\"\n{}[]es_ilnaoutgd# "], 0, 300];

    [Fact]
    public void Random_csv_bodies_never_throw()
    {
        GenText.Sample(body =>
        {
            var log = new DataErrorLog();
            _ = DataFile.ReadCsv(IncidentFormat.Instance, new StringReader("id,service,severity,impact,started,resolved,tags\n" + body), "f.csv", log).Count();
            _ = DataFile.ReadCsv(RequestSliceFormat.Instance, new StringReader("service,start,length,total,good,histogram\n" + body), "r.csv", log).Count();
        }, iter: 2000);
    }

    [Fact]
    public void Mutated_example_files_never_throw()
    {
        var root = Examples.RepositoryPaths.ExampleData;
        var incidents = File.ReadAllText(Path.Combine(root, "incidents.csv"));
        var alerts = File.ReadAllText(Path.Combine(root, "alerts.jsonl"));
        var requests = string.Join('\n', File.ReadLines(Path.Combine(root, "requests.csv")).Take(20));
        // Each mutation replaces one character at a position with a character the parsers care about.
        var mutations = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Char["0189-:TZ+.,;\"\n{}[] x"]).Array[1, 8];
        mutations.Sample(edits =>
        {
            string Mutate(string text)
            {
                var chars = text.ToCharArray();
                foreach (var (at, c) in edits) chars[at % chars.Length] = c;
                return new string(chars);
            }
            var log = new DataErrorLog();
            _ = DataFile.ReadCsv(IncidentFormat.Instance, new StringReader(Mutate(incidents)), "i.csv", log).Count();
            _ = DataFile.ReadCsv(RequestSliceFormat.Instance, new StringReader(Mutate(requests)), "r.csv", log).Count();
            _ = DataFile.ReadJsonLines(AlertFormat.Instance, new MemoryStream(Encoding.UTF8.GetBytes(Mutate(alerts))), "a.jsonl", log).Count();
        }, iter: 1000);
    }

    [Fact]
    public void Random_json_never_throws()
    {
        GenText.Sample(body =>
        {
            var log = new DataErrorLog();
            var bytes = Encoding.UTF8.GetBytes("{\"id\":\"a\",\"service\":\"api\",\"severity\":1," + body);
            _ = DataFile.ReadJsonLines(IncidentFormat.Instance, new MemoryStream(bytes), "f.jsonl", log).Count();
            _ = DataFile.ReadJsonLines(RequestSliceFormat.Instance, new MemoryStream(Encoding.UTF8.GetBytes(body)), "r.jsonl", log).Count();
        }, iter: 2000);
    }
}
