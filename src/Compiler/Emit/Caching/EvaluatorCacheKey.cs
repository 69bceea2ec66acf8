namespace SlaKpiDsl.Compiler.Emit.Caching;

/// <summary>A cache key: lowercase hex SHA-256 of the semantic content and the tool versions. Invariant: 64 hex digits.</summary>
public sealed record EvaluatorCacheKey
{
    public EvaluatorCacheKey(string hex)
    {
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException($"'{hex}' is not 64 lowercase hex digits", nameof(hex));
        Hex = hex;
    }

    public string Hex { get; }

    public override string ToString() => Hex;
}
