namespace SlaKpiDsl.Compiler.Emit.CSharp;

/// <summary>
/// The identifiers handed out for one generated contract. Invariant: distinct contract names map to distinct C#
/// identifiers (a hash collision is reported as a compiler bug instead of silently merging two names); the same name
/// always maps to the same identifier.
/// </summary>
public sealed class IdentifierScope
{
    private readonly Dictionary<string, string> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byIdentifier = new(StringComparer.Ordinal);

    public string this[string name] => Get(name);

    public string Get(string name)
    {
        if (_byName.TryGetValue(name, out var known)) return known;
        var identifier = CSharpText.Identifier(name);
        if (_byIdentifier.TryGetValue(identifier, out var other))
            throw new InvalidOperationException($"identifier collision: '{name}' and '{other}' both mangle to '{identifier}'");
        _byName.Add(name, identifier);
        _byIdentifier.Add(identifier, name);
        return identifier;
    }

    public int Count => _byName.Count;
}
