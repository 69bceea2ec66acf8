using System.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>Loads records from in-memory CSV or JSON Lines text, for tests.</summary>
internal static class DataText
{
    public static (List<T> Records, DataErrorLog Log) Csv<T>(RecordFormat<T> format, string text, DataLoadOptions? options = null) where T : class
    {
        var log = new DataErrorLog();
        var records = DataFile.ReadCsv(format, new StringReader(text), "test.csv", log, options).ToList();
        return (records, log);
    }

    public static (List<T> Records, DataErrorLog Log) Jsonl<T>(RecordFormat<T> format, string text, DataLoadOptions? options = null) where T : class
    {
        var log = new DataErrorLog();
        var records = DataFile.ReadJsonLines(format, new MemoryStream(Encoding.UTF8.GetBytes(text)), "test.jsonl", log, options).ToList();
        return (records, log);
    }

    public static string ToCsv<T>(RecordFormat<T> format, IEnumerable<T> records) where T : class
    {
        var writer = new StringWriter();
        DataFile.WriteCsv(format, records, writer);
        return writer.ToString();
    }

    public static string ToJsonl<T>(RecordFormat<T> format, IEnumerable<T> records) where T : class
    {
        var stream = new MemoryStream();
        DataFile.WriteJsonLines(format, records, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Errors as "line field code" strings, compact to assert on.</summary>
    public static string[] Where(DataErrorLog log) => log.Errors.Select(e => $"{e.Line} {e.Field ?? "-"} {e.Code}").ToArray();
}
