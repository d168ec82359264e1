using Ferry.Core.Paths;

namespace Ferry.Core.Storage;

/// <summary>
/// An optional facet of an <see cref="IStorage"/>: a folder's entries read synchronously one at a
/// time into the reader's own buffer (the name as UTF-8 bytes, the facts as numbers) instead of a
/// <see cref="FileEntry"/> and a name string per entry. It is for a consumer that writes each entry
/// out at once, such as a listing's lines: the same entries, names and facts as
/// <see cref="IStorage.ListAsync"/> gives, with nothing allocated per entry. A storage that cannot,
/// never offers it, and consumers then list the usual way.
/// </summary>
public interface IRawListing
{
    /// <summary>
    /// Opens <paramref name="directory"/>; fails (<see cref="StorageException"/>) as the first step of
    /// <see cref="IStorage.ListAsync"/> would: not found, not a folder, refused.
    /// </summary>
    IRawEntryReader OpenRaw(VfsPath directory);
}

/// <summary>An open folder read with <see cref="IRawListing"/>; dispose it when done (it holds a descriptor).</summary>
public interface IRawEntryReader : IDisposable
{
    /// <summary>
    /// Moves to the next entry; false at the end. The entry's name stays valid until the next call.
    /// Failures arrive as exceptions (the storage's own; the caller translates them).
    /// </summary>
    bool TryRead(out RawEntry entry);
}

/// <summary>One entry of a <see cref="IRawEntryReader"/>: what a <see cref="FileEntry"/> of it would hold.</summary>
/// <param name="Name">The name as clients see it (<see cref="FileEntry.Name"/>), as UTF-8.</param>
/// <param name="IsDirectory">A folder (a symbolic link to one counts as a folder).</param>
/// <param name="Length">Bytes of a file; what the backend reports for a folder.</param>
/// <param name="LastModifiedUtcTicks">The modification time as <see cref="DateTimeOffset.UtcTicks"/>.</param>
/// <param name="Unix">The Unix facts (mode, links, link bit), shared between entries that have the same.</param>
/// <param name="Tag">
/// The entry's <see cref="TimeSizeTag"/> when its <see cref="FileEntry"/> would have one
/// (<see cref="FileEntry.TryGetTimeSizeTag"/>); null when it would have no ETag. A storage whose
/// entries carry an ETag text of their own offers no raw listing: a raw entry cannot hold one.
/// </param>
public readonly ref struct RawEntry(ReadOnlySpan<byte> name, bool isDirectory, long length, long lastModifiedUtcTicks, UnixFacts unix, TimeSizeTag? tag = null)
{
    public ReadOnlySpan<byte> Name { get; } = name;

    public bool IsDirectory { get; } = isDirectory;

    public long Length { get; } = length;

    public long LastModifiedUtcTicks { get; } = lastModifiedUtcTicks;

    public UnixFacts Unix { get; } = unix;

    public TimeSizeTag? Tag { get; } = tag;
}
