using System.Security.Cryptography;
using System.Text;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// One of <see cref="Count"/> shards of a fleet's customers (<c>sla evaluate --shard I/N</c>, docs/scaling.md): a contract
/// belongs to shard <c>1 + h mod N</c>, where h is the first 8 bytes (big-endian) of the SHA-256 of its customer as the
/// contract names it (the contract's name when it names none). Stable across runs, machines and .NET versions (no
/// string.GetHashCode), so N processes given the same contracts split them without talking to each other, each contract
/// in exactly one shard. Invariant: 1 &lt;= <see cref="Index"/> &lt;= <see cref="Count"/>.
/// </summary>
public sealed record Shard
{
    public Shard(int index, int count)
    {
        if (count < 1 || index < 1 || index > count) throw new ArgumentOutOfRangeException(nameof(index), $"A shard is I/N with 1 <= I <= N (was {index}/{count}).");
        Index = index;
        Count = count;
    }

    public int Index { get; }
    public int Count { get; }

    /// <summary>Whether the contract of <paramref name="evaluator"/> (with these facts) is in this shard.</summary>
    public bool Contains(ICompiledContract evaluator, ContractFacts facts) => Of(facts.Customer ?? evaluator.ContractName, Count) == Index;

    /// <summary>The shard (1-based) of <paramref name="customer"/> among <paramref name="count"/>.</summary>
    public static int Of(string customer, int count)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(customer), hash);
        return 1 + (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }

    /// <summary>Parses <c>I/N</c> (e.g. <c>2/4</c>); null when the text is not two whole numbers with 1 &lt;= I &lt;= N &lt;= 4096.</summary>
    public static Shard? Parse(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0) return null;
        if (!int.TryParse(text.AsSpan(0, slash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
            return null;
        return count is >= 1 and <= MaxCount && index >= 1 && index <= count ? new Shard(index, count) : null;
    }

    public const int MaxCount = 4096;

    public override string ToString() => $"{Index}/{Count}";
}
