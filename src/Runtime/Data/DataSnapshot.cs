using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using NodaTime;
using SlaKpiDsl.Runtime.Caching;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>
/// A compact binary form of a loaded <see cref="DataSet"/>, so a data directory read before is not parsed again.
/// Layout: magic, the 32-byte key it was written for, payload length, the keyed MAC of (key, payload) under the user's
/// <see cref="CacheAuthenticator"/>, payload. The payload holds the load's data hash (<see cref="DataSetLoad.Sha256"/>,
/// 32 bytes, so a snapshot hit knows it, authenticated with the records), a string table (each distinct text once) and every
/// record of every kind in file order, every field exactly (instants as days + nanosecond of day, decimals as decimals).
/// Invariant: <see cref="TryRead"/> returns a data set only when the magic, key, length and MAC all match, so a torn,
/// truncated, foreign, forged or renamed file reads as absent (with the reason), never as other data.
/// Records are rebuilt through their constructors, which check their invariants again.
/// </summary>
public static class DataSnapshot
{
    private static readonly byte[] Magic = "SLADATA5"u8.ToArray();
    private const int HeaderLength = 8 + 32 + 8 + 32;

    private const string MacPurpose = "data-snapshot";

    /// <summary>
    /// The snapshot of <paramref name="data"/>, whose files hashed to <paramref name="dataSha256"/> (lower-case hex), written
    /// for <paramref name="key"/> (32 bytes), authenticated by <paramref name="authenticator"/>.
    /// </summary>
    public static byte[] Write(DataSet data, string dataSha256, ReadOnlySpan<byte> key, CacheAuthenticator authenticator)
    {
        ArgumentNullException.ThrowIfNull(authenticator);
        if (key.Length != 32) throw new ArgumentException("A snapshot key is a SHA-256 (32 bytes).", nameof(key));
        var dataHash = Convert.FromHexString(dataSha256);
        if (dataHash.Length != 32) throw new ArgumentException("A data hash is a SHA-256 (64 hex digits).", nameof(dataSha256));
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            void Str(string? s)
            {
                if (s is null) { w.Write(-1); return; }
                if (!strings.TryGetValue(s, out var index))
                {
                    index = order.Count;
                    strings[s] = index;
                    order.Add(s);
                }
                w.Write(index);
            }
            void Strs(ImmutableArray<string> values)
            {
                w.Write(values.Length);
                foreach (var v in values) Str(v);
            }
            void At(Instant instant)
            {
                var since = instant - NodaConstants.UnixEpoch;
                w.Write(since.Days);
                w.Write(since.NanosecondOfDay);
            }
            void AtOrNull(Instant? instant)
            {
                w.Write(instant.HasValue);
                if (instant is { } i) At(i);
            }
            void Longs(ImmutableArray<long> values)
            {
                w.Write(values.Length);
                foreach (var v in values) w.Write(v);
            }

            w.Write(data.Incidents.Length);
            foreach (var i in data.Incidents)
            {
                Str(i.Id); Str(i.Service); w.Write(i.Severity); w.Write((int)i.Impact); At(i.Started); AtOrNull(i.Resolved);
                Str(i.Cause); AtOrNull(i.Detected); AtOrNull(i.Acknowledged); AtOrNull(i.Responded); Str(i.Region); Strs(i.Tags);
                w.Write((sbyte)(i.PostmortemCompleted switch { null => -1, false => 0, true => 1 }));
                w.Write(i.AffectedShare.HasValue);
                if (i.AffectedShare is { } share) w.Write(share);
                Str(i.Team);
            }
            w.Write(data.Maintenance.Length);
            foreach (var m in data.Maintenance)
            {
                Str(m.Id); At(m.Announced); At(m.Start); At(m.End); Strs(m.Services);
            }
            w.Write(data.Alerts.Length);
            foreach (var a in data.Alerts)
            {
                Str(a.Id); Str(a.Service); At(a.Raised); AtOrNull(a.Acknowledged);
            }
            w.Write(data.Requests.Length);
            foreach (var r in data.Requests)
            {
                Str(r.Service); At(r.Start); w.Write(r.Length.Days); w.Write(r.Length.NanosecondOfDay); w.Write(r.Total); w.Write(r.Good);
                w.Write(r.Histogram is not null);
                if (r.Histogram is { } h) { Longs(h.UpperBoundsMs); Longs(h.Counts); }
                w.Write(r.PercentilesMs.Count);
                foreach (var (percentile, ms) in r.PercentilesMs) { w.Write(percentile); w.Write(ms); }
            }
            w.Write(data.Deployments.Length);
            foreach (var d in data.Deployments)
            {
                Str(d.Id); Str(d.Service); At(d.Start); AtOrNull(d.End);
            }
        }
        var table = new MemoryStream();
        using (var w = new BinaryWriter(table, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(dataHash);
            w.Write(order.Count);
            foreach (var s in order) w.Write(s);
            body.Position = 0;
            body.CopyTo(table);
        }
        var payload = table.ToArray();
        var file = new byte[HeaderLength + payload.Length];
        Magic.CopyTo(file, 0);
        key.CopyTo(file.AsSpan(8));
        BitConverter.TryWriteBytes(file.AsSpan(40), (long)payload.Length);
        authenticator.Mac(MacPurpose, Convert.ToHexStringLower(key), payload).CopyTo(file, 48);
        payload.CopyTo(file, HeaderLength);
        return file;
    }

    /// <summary>
    /// The data set and data hash of a snapshot written for <paramref name="key"/> under <paramref name="authenticator"/>'s
    /// secret; null, with the reason in <paramref name="problem"/>, when the bytes are not exactly such a snapshot.
    /// </summary>
    public static (DataSet Data, string Sha256)? TryRead(byte[] file, ReadOnlySpan<byte> key, CacheAuthenticator authenticator, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(authenticator);
        if (file.Length < HeaderLength || !file.AsSpan(0, 8).SequenceEqual(Magic))
        {
            problem = "is not a data snapshot of this format";
            return null;
        }
        if (!file.AsSpan(8, 32).SequenceEqual(key))
        {
            problem = "was written for other data";
            return null;
        }
        if (BitConverter.ToInt64(file, 40) != file.Length - HeaderLength)
        {
            problem = "is truncated or padded";
            return null;
        }
        if (!authenticator.Verify(MacPurpose, Convert.ToHexStringLower(key), file.AsSpan(HeaderLength), file.AsSpan(48, 32)))
        {
            problem = "failed authentication";
            return null;
        }
        try
        {
            problem = null;
            return Read(new BinaryReader(new MemoryStream(file, HeaderLength, file.Length - HeaderLength, writable: false), Encoding.UTF8));
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or IndexOutOfRangeException or InvalidDataException or FormatException)
        {
            problem = "does not decode"; // an authentic snapshot of another layout: read as absent, the caller rebuilds it
            return null;
        }
    }

    private static (DataSet, string) Read(BinaryReader r)
    {
        var dataHash = r.ReadBytes(32);
        if (dataHash.Length != 32) throw new EndOfStreamException();
        var strings = new string[r.ReadInt32()];
        for (var k = 0; k < strings.Length; k++) strings[k] = r.ReadString();
        string? Str() => r.ReadInt32() is var index and >= 0 ? strings[index] : null;
        string Required() => Str() ?? throw new InvalidDataException("a required text is missing");
        ImmutableArray<string> Strs()
        {
            var values = new string[r.ReadInt32()];
            for (var k = 0; k < values.Length; k++) values[k] = Required();
            return ImmutableCollectionsMarshal.AsImmutableArray(values);
        }
        Instant At() => NodaConstants.UnixEpoch + Duration.FromDays(r.ReadInt32()) + Duration.FromNanoseconds(r.ReadInt64());
        Instant? AtOrNull() => r.ReadBoolean() ? At() : null;
        // Slices of one file share their histogram bounds: one array for all, as the parser's text would give equal values.
        ImmutableArray<long> lastBounds = default;
        ImmutableArray<long> Longs(bool shareWithLast)
        {
            var values = new long[r.ReadInt32()];
            for (var k = 0; k < values.Length; k++) values[k] = r.ReadInt64();
            if (shareWithLast && !lastBounds.IsDefault && lastBounds.AsSpan().SequenceEqual(values)) return lastBounds;
            var array = ImmutableCollectionsMarshal.AsImmutableArray(values);
            if (shareWithLast) lastBounds = array;
            return array;
        }

        var incidents = new Incident[r.ReadInt32()];
        for (var k = 0; k < incidents.Length; k++)
        {
            var id = Required(); var service = Required(); var severity = r.ReadInt32(); var impact = (Impact)r.ReadInt32();
            var started = At(); var resolved = AtOrNull(); var cause = Str(); var detected = AtOrNull(); var acknowledged = AtOrNull();
            var responded = AtOrNull(); var region = Str(); var tags = Strs();
            bool? postmortem = r.ReadSByte() switch { -1 => null, 0 => false, _ => true };
            decimal? share = r.ReadBoolean() ? r.ReadDecimal() : null;
            var team = Str();
            incidents[k] = new Incident(id, service, severity, impact, started, resolved, cause, detected, acknowledged, responded, region, tags, postmortem) { AffectedShare = share, Team = team };
        }
        var maintenance = new Maintenance[r.ReadInt32()];
        for (var k = 0; k < maintenance.Length; k++)
        {
            var id = Required(); var announced = At(); var start = At(); var end = At();
            maintenance[k] = new Maintenance(id, announced, start, end, Strs());
        }
        var alerts = new Alert[r.ReadInt32()];
        for (var k = 0; k < alerts.Length; k++)
        {
            var id = Required(); var service = Required(); var raised = At();
            alerts[k] = new Alert(id, service, raised, AtOrNull());
        }
        var requests = new RequestSlice[r.ReadInt32()];
        for (var k = 0; k < requests.Length; k++)
        {
            var service = Required(); var start = At(); var length = Duration.FromDays(r.ReadInt32()) + Duration.FromNanoseconds(r.ReadInt64());
            var total = r.ReadInt64(); var good = r.ReadInt64();
            var histogram = r.ReadBoolean() ? new LatencyHistogram(Longs(shareWithLast: true), Longs(shareWithLast: false)) : null;
            var percentileCount = r.ReadInt32();
            ImmutableSortedDictionary<int, decimal>? percentiles = null;
            if (percentileCount > 0)
            {
                var builder = ImmutableSortedDictionary.CreateBuilder<int, decimal>();
                for (var p = 0; p < percentileCount; p++) builder.Add(r.ReadInt32(), r.ReadDecimal());
                percentiles = builder.ToImmutable();
            }
            requests[k] = new RequestSlice(service, start, length, total, good, histogram, percentiles);
        }
        var deployments = new Deployment[r.ReadInt32()];
        for (var k = 0; k < deployments.Length; k++)
        {
            var id = Required(); var service = Required(); var start = At();
            deployments[k] = new Deployment(id, service, start, AtOrNull());
        }
        if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException("bytes after the last record");
        return (new DataSet(
            ImmutableCollectionsMarshal.AsImmutableArray(incidents),
            ImmutableCollectionsMarshal.AsImmutableArray(maintenance),
            ImmutableCollectionsMarshal.AsImmutableArray(alerts),
            ImmutableCollectionsMarshal.AsImmutableArray(requests),
            ImmutableCollectionsMarshal.AsImmutableArray(deployments)), Convert.ToHexStringLower(dataHash));
    }
}
