namespace Ferry.Core.Storage;

/// <summary>What a listing or a stat says about one file or folder. Neutral: no protocol formatting.</summary>
/// <param name="Name">The entry's own name (the last segment of its path; "/" for the root).</param>
/// <param name="IsDirectory">A folder (a symbolic link to one counts as a folder).</param>
/// <param name="Length">Bytes of a file; what the backend reports for a folder.</param>
/// <param name="LastModified">When the content last changed.</param>
/// <param name="ETag">
/// An opaque validator that changes whenever the content does, quoted as HTTP writes it
/// (<c>"…"</c>), or null when the backend has none (WebDAV then makes do without).
/// </param>
/// <param name="Unix">Unix facts (mode, links, owner) when the backend has them, or null.</param>
public sealed record FileEntry(
    string Name,
    bool IsDirectory,
    long Length,
    DateTimeOffset LastModified,
    string? ETag = null,
    UnixFacts? Unix = null);
