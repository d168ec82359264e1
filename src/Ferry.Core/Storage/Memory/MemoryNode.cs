namespace Ferry.Core.Storage.Memory;

/// <summary>One file or folder of an <see cref="InMemoryStorage"/>. Guarded by the storage's lock.</summary>
internal abstract class MemoryNode(DateTimeOffset lastModified, UnixFileMode mode)
{
    public DateTimeOffset LastModified { get; set; } = lastModified;

    public UnixFileMode Mode { get; set; } = mode;
}

/// <summary>
/// A file. Its content is never changed in place: every change stores a new array, so a reader
/// that took the old one keeps reading it (as an open file on disk keeps its inode).
/// </summary>
internal sealed class MemoryFile(byte[] content, DateTimeOffset lastModified, UnixFileMode mode, long generation)
    : MemoryNode(lastModified, mode)
{
    public byte[] Content { get; private set; } = content;

    /// <summary>Changes with every change of content; the ETag is made of it.</summary>
    public long Generation { get; private set; } = generation;

    public void Replace(byte[] content, DateTimeOffset now, long generation)
    {
        Content = content;
        LastModified = now;
        Generation = generation;
    }
}

/// <summary>A folder: its children by name, in ordinal order (listings come out sorted).</summary>
internal sealed class MemoryFolder(DateTimeOffset lastModified, UnixFileMode mode) : MemoryNode(lastModified, mode)
{
    public SortedDictionary<string, MemoryNode> Children { get; } = new(StringComparer.Ordinal);
}
