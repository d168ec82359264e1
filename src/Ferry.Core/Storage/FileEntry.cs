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
    UnixFacts? Unix = null)
{
    private readonly string? _etag = ETag;

    // A tag of time and size kept as numbers (see WithTimeSizeTag): a listing of thousands makes no
    // ETag string per file, and a consumer that never shows one (FTP) never formats it.
    private readonly long _tagSeconds;
    private readonly uint _tagNanoseconds;
    private readonly bool _hasTimeSizeTag;

    private FileEntry(string name, bool isDirectory, long length, DateTimeOffset lastModified, long tagSeconds, uint tagNanoseconds, UnixFacts? unix)
        : this(name, isDirectory, length, lastModified, null, unix)
    {
        _tagSeconds = tagSeconds;
        _tagNanoseconds = tagNanoseconds;
        _hasTimeSizeTag = true;
    }

    /// <summary>The ETag's text: the backend's own, or the <see cref="TimeSizeTag"/> written out.</summary>
    public string? ETag
    {
        get => _etag ?? (_hasTimeSizeTag ? new TimeSizeTag(_tagSeconds, _tagNanoseconds, Length).ToString() : null);
        init
        {
            _etag = value;
            _hasTimeSizeTag = false;
        }
    }

    /// <summary>
    /// A file whose ETag is its modification time to the nanosecond and its length
    /// (<see cref="Storage.TimeSizeTag"/>), kept as numbers until someone shows it.
    /// </summary>
    public static FileEntry WithTimeSizeTag(string name, long length, DateTimeOffset lastModified, long modifiedSeconds, uint modifiedNanoseconds, UnixFacts? unix) =>
        new(name, isDirectory: false, length, lastModified, modifiedSeconds, modifiedNanoseconds, unix);

    /// <summary>The entry's tag as numbers when the backend made it of time and size; false when it has its own text or none.</summary>
    public bool TryGetTimeSizeTag(out TimeSizeTag tag)
    {
        tag = new TimeSizeTag(_tagSeconds, _tagNanoseconds, Length);
        return _hasTimeSizeTag;
    }
}
