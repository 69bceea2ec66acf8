namespace SlaKpiDsl.Runtime.Caching;

/// <summary>What happened to a cache that the user should hear about, one line each.</summary>
public enum CacheNoteKind
{
    /// <summary>An entry or index failed authentication, the sandbox check, its format or its contract: rebuilt.</summary>
    EntryRejected,

    /// <summary>The cache folder or key file is refused or unusable: this run compiles and loads without caching.</summary>
    CacheDisabled,

    /// <summary>A result could not be stored (read-only or full disk): the run stands, uncached.</summary>
    NotStored,
}

/// <summary>
/// One line for stderr about a cache: <see cref="Subject"/> (an entry, a folder, the key file) and why (for a rejected
/// entry, also what was done instead: "failed authentication; recompiled"). Notes are typed
/// so a caller can count or filter them; <see cref="ToString"/> is the line a terminal shows.
/// </summary>
public sealed record CacheNote(CacheNoteKind Kind, string Subject, string Reason)
{
    public override string ToString() => Kind switch
    {
        CacheNoteKind.EntryRejected => $"cache: {Subject} {Reason}",
        CacheNoteKind.CacheDisabled => $"warning: cache: {Subject} {Reason}; continuing without the cache",
        _ => $"warning: cache: {Subject} {Reason}; not cached",
    };
}
