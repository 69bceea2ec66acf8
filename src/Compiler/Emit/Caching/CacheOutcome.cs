namespace SlaKpiDsl.Compiler.Emit.Caching;

public enum CacheOutcome
{
    /// <summary>A valid entry was on disk; nothing was compiled.</summary>
    Hit,

    /// <summary>No entry; compiled and stored.</summary>
    Compiled,

    /// <summary>An entry was on disk but was refused (checksum, MAC, format, sandbox check or contracts); compiled again and replaced, with a note.</summary>
    RebuiltCorrupt,

    /// <summary>Compilation failed; nothing stored; see the diagnostics.</summary>
    Failed,

    /// <summary>The cache folder or key was refused or unusable (a warning says why): compiled without the cache.</summary>
    Disabled,
}
