using Ferry.Core.Storage;

namespace Ferry.Storage.Local;

/// <summary>
/// <see cref="FileEntry"/> values from .NET's file information, for the portable storage. Unix
/// facts (mode, link flag) where the platform has them; Windows has none. .NET does not report a
/// link count, so it is 1.
/// </summary>
internal static class PortableEntries
{
    /// <summary>An entry as .NET saw it (for a link: the link itself, as the enumeration or lstat reports it).</summary>
    public static FileEntry FromInfo(string name, FileSystemInfo info, bool isLink)
    {
        var isDirectory = !isLink && (info.Attributes & FileAttributes.Directory) != 0;
        var length = info is FileInfo file && !isDirectory ? file.Length : 0;
        return Make(name, isDirectory, length, info.LastWriteTimeUtc, isLink, OperatingSystem.IsWindows() ? null : info.UnixFileMode);
    }

    /// <summary>A folder (reached through a link when <paramref name="isLink"/>).</summary>
    public static FileEntry FromFolder(string name, string folder, bool isLink)
    {
        var info = new DirectoryInfo(folder);
        return Make(name, isDirectory: true, 0, info.LastWriteTimeUtc, isLink, OperatingSystem.IsWindows() ? null : info.UnixFileMode);
    }

    private static FileEntry Make(string name, bool isDirectory, long length, DateTime modifiedUtc, bool isLink, UnixFileMode? mode)
    {
        var modified = new DateTimeOffset(DateTime.SpecifyKind(modifiedUtc, DateTimeKind.Utc));

        // Size and modification time, as the Linux storage builds it: free, and changed by any write a client could notice.
        var etag = isDirectory ? null : $"\"{modified.UtcTicks:x}-{length:x}\"";
        return new FileEntry(name, isDirectory, length, modified, etag, mode is { } bits ? new UnixFacts(bits, 1, isLink) : null);
    }
}
