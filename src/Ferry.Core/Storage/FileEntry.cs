namespace Ferry.Core.Storage;

/// <summary>What a listing or a stat says about one file or folder. Neutral: no protocol formatting.</summary>
public sealed record FileEntry(
    string Name,
    bool IsDirectory,
    long Length,
    DateTimeOffset LastModified,
    bool IsSymbolicLink = false,
    UnixFileMode? Mode = null,
    int LinkCount = 1,
    string Owner = "ftp",
    string Group = "ftp");
