using System.Text;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Data.Formats;

namespace SlaKpiDsl.Runtime.Tests.Data;

/// <summary>Measures the whole heap, so no other test may allocate meanwhile: its collection never runs in parallel.</summary>
[CollectionDefinition(nameof(HeapMeasuringCollection), DisableParallelization = true)]
public sealed class HeapMeasuringCollection;

/// <summary>Loading is lazy: records come out while most of the input has not been read yet.</summary>
[Collection(nameof(HeapMeasuringCollection))]
public class StreamingTests
{
    private const int Rows = 200_000;

    /// <summary>A read-only stream that produces incident rows on demand and counts the bytes handed out.</summary>
    private sealed class GeneratedIncidents(bool json) : Stream
    {
        private byte[] _pending = json ? [] : Encoding.UTF8.GetBytes("id,service,severity,impact,started,resolved\n");
        private int _offset;
        private int _next;

        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset == _pending.Length)
            {
                if (_next == Rows) return 0;
                var line = json
                    ? $"{{\"id\":\"INC-{_next}\",\"service\":\"api\",\"severity\":2,\"impact\":\"outage\",\"started\":\"2026-11-10T14:00:00Z\",\"resolved\":\"2026-11-10T14:30:00Z\"}}\n"
                    : $"INC-{_next},api,2,outage,2026-11-10T14:00:00Z,2026-11-10T14:30:00Z\n";
                _next++;
                _pending = Encoding.UTF8.GetBytes(line);
                _offset = 0;
            }
            var n = Math.Min(count, _pending.Length - _offset);
            Array.Copy(_pending, _offset, buffer, offset, n);
            _offset += n;
            BytesRead += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_first_record_arrives_after_reading_a_small_prefix_of_a_large_input(bool json)
    {
        var input = new GeneratedIncidents(json);
        var log = new DataErrorLog();
        var records = json
            ? DataFile.ReadJsonLines(IncidentFormat.Instance, input, "generated.jsonl", log)
            : DataFile.ReadCsv(IncidentFormat.Instance, new StreamReader(input, Encoding.UTF8, false, 4096), "generated.csv", log);
        using var enumerator = records.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Equal("INC-0", enumerator.Current.Id);
        // 200,000 rows are over 10 MB; the first record must come out after at most a few buffers.
        Assert.True(input.BytesRead < 1_000_000, $"{input.BytesRead} bytes read before the first record");
        var count = 1;
        while (enumerator.MoveNext()) count++;
        Assert.Equal(Rows, count);
        Assert.True(input.BytesRead > 10_000_000);
        Assert.False(log.HasErrors, log.Format());
    }

    [Fact]
    public void A_consumer_that_keeps_nothing_keeps_memory_flat()
    {
        // Folding 200,000 rows into one number: allocations per row are collected, so half-way through, the heap holds only
        // the reader's own state (the duplicate-id set, one short string per row seen). A consumer that keeps every
        // incident holds that state plus the incidents; measured the same way in the same process, the fold must hold well
        // under three quarters of it (7 MB against 27 MB here). Self-calibrating, so GC mode and runtime version do not move the bar.
        var folded = HeldHalfWay(keep: false, out var minutes);
        Assert.Equal(Rows * 30L, minutes);
        var kept = HeldHalfWay(keep: true, out _);
        Assert.True(folded * 4 < kept * 3, $"folding held {folded} bytes half-way; keeping every incident held {kept}");
    }

    private static long HeldHalfWay(bool keep, out long minutes)
    {
        var input = new GeneratedIncidents(json: false);
        var log = new DataErrorLog();
        var keptIncidents = new List<Incident>();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long held = 0;
        minutes = 0;
        foreach (var incident in DataFile.ReadCsv(IncidentFormat.Instance, new StreamReader(input), "generated.csv", log))
        {
            minutes += (long)(incident.Resolved!.Value - incident.Started).TotalMinutes;
            if (keep) keptIncidents.Add(incident);
            if (incident.Id == "INC-100000")
                held = GC.GetTotalMemory(forceFullCollection: true) - before;
        }
        GC.KeepAlive(keptIncidents);
        Assert.False(log.HasErrors, log.Format());
        return held;
    }
}
