using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Emit.Shapes;

/// <summary>
/// The contracts of a parameterised evaluator assembly (see <see cref="ShapeParameterizer"/>), stored in the assembly
/// itself as the manifest resource <see cref="ResourceName"/>, so the cached entry is one checksummed file as before.
/// Format: magic <c>slakpidsl-instances/1</c>, a count, then per contract the shape's full type name and its strings,
/// decimals (their four 32-bit parts, so the scale is kept), ints and longs, each list count-prefixed
/// (<see cref="BinaryWriter"/>, little-endian; a string is its length and its UTF-16 code units, so any .NET string,
/// lone surrogates included, comes back exactly). Invariant: <see cref="Read"/> returns exactly what
/// <see cref="Write"/> was given, in order, or throws <see cref="InvalidDataException"/>. Holds no Roslyn type: the
/// cache-hit path reads it.
/// </summary>
public static class ContractInstanceTable
{
    public const string ResourceName = "SlaKpiDsl.ContractInstances";
    private const string Magic = "slakpidsl-instances/1";

    public static byte[] Write(IReadOnlyList<ShapedContract> contracts)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, new UTF8Encoding(false, true), leaveOpen: true))
        {
            Text(w, Magic);
            w.Write(contracts.Count);
            foreach (var (type, k) in contracts)
            {
                Text(w, type);
                w.Write(k.S.Length);
                foreach (var s in k.S) Text(w, s);
                w.Write(k.M.Length);
                foreach (var m in k.M)
                    foreach (var part in decimal.GetBits(m)) w.Write(part);
                w.Write(k.I.Length);
                foreach (var i in k.I) w.Write(i);
                w.Write(k.L.Length);
                foreach (var l in k.L) w.Write(l);
            }
        }
        return stream.ToArray();
    }

    public static ImmutableArray<ShapedContract> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var r = new BinaryReader(stream, new UTF8Encoding(false, true), leaveOpen: true);
            if (Text(r) != Magic) throw new InvalidDataException("not a contract instance table");
            var count = Count(r);
            var contracts = ImmutableArray.CreateBuilder<ShapedContract>(count);
            for (var c = 0; c < count; c++)
            {
                var type = Text(r);
                // Each list into an array of its exact type (no generic builder over decimal, int or long: on a cache hit
                // each such instantiation is code the JIT compiles first).
                var strings = new string[Count(r)];
                for (var i = 0; i < strings.Length; i++) strings[i] = Text(r);
                var decimals = new decimal[Count(r)];
                for (var i = 0; i < decimals.Length; i++) decimals[i] = new decimal([r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32()]);
                var ints = new int[Count(r)];
                for (var i = 0; i < ints.Length; i++) ints[i] = r.ReadInt32();
                var longs = new long[Count(r)];
                for (var i = 0; i < longs.Length; i++) longs[i] = r.ReadInt64();
                contracts.Add(new ShapedContract(type, new ContractConstants(ImmutableCollectionsMarshal.AsImmutableArray(strings),
                    ImmutableCollectionsMarshal.AsImmutableArray(decimals), ImmutableCollectionsMarshal.AsImmutableArray(ints), ImmutableCollectionsMarshal.AsImmutableArray(longs))));
            }
            if (stream.ReadByte() != -1) throw new InvalidDataException("trailing bytes after the contract instance table");
            return contracts.MoveToImmutable();
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException("the contract instance table is truncated or malformed", e);
        }
    }

    // Strings as UTF-16 code units, not UTF-8: contract text may hold a lone surrogate, which UTF-8 cannot carry exactly.
    private static void Text(BinaryWriter w, string value)
    {
        w.Write(value.Length);
        foreach (var c in value) w.Write((ushort)c);
    }

    private static string Text(BinaryReader r)
    {
        var length = Count(r);
        return string.Create(length, r, (chars, reader) =>
        {
            for (var i = 0; i < chars.Length; i++) chars[i] = (char)reader.ReadUInt16();
        });
    }

    private static int Count(BinaryReader r)
    {
        var count = r.ReadInt32();
        return count is >= 0 and <= 1 << 24 ? count : throw new InvalidDataException($"implausible count {count} in the contract instance table");
    }
}
