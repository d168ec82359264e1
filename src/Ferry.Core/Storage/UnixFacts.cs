namespace Ferry.Core.Storage;

/// <summary>
/// The optional Unix facet of a <see cref="FileEntry"/>: what `ls -l` shows beyond name, size and
/// time. A backend without them (object storage, memory) leaves <see cref="FileEntry.Unix"/> null and
/// protocols show their own defaults.
/// </summary>
/// <param name="Mode">The permission bits (and set-id and sticky bits).</param>
/// <param name="LinkCount">Hard links to the entry.</param>
/// <param name="IsSymbolicLink">The entry is a symbolic link; the other facts describe what it points to.</param>
/// <param name="Owner">The owner's name, or null when the backend does not say.</param>
/// <param name="Group">The group's name, or null when the backend does not say.</param>
public sealed record UnixFacts(
    UnixFileMode Mode,
    int LinkCount = 1,
    bool IsSymbolicLink = false,
    string? Owner = null,
    string? Group = null);
