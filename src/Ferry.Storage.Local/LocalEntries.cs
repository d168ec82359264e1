using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;
using static Ferry.Storage.Local.LinuxNative;

namespace Ferry.Storage.Local;

/// <summary>
/// Turns statx results into <see cref="FileEntry"/> values. A symlink is described by what it
/// points to as resolved inside the jail (type, size, time, mode) with IsSymbolicLink set; a link
/// that dangles, loops or is refused by the jail is shown as the link itself. Nothing outside the
/// root is ever looked at.
/// </summary>
internal static class LocalEntries
{
    /// <summary>statx of <paramref name="name"/> in a folder, not following a final symlink; false when it is gone.</summary>
    public static bool TryLstat(SafeFileHandle directory, string name, out Statx status) =>
        TryLstat((int)directory.DangerousGetHandle(), name, out status);

    public static bool TryLstat(int directoryFd, string name, out Statx status)
    {
        if (StatxAt(directoryFd, name, AtSymlinkNoFollow, StatxBasicStats, out status) == 0)
        {
            return true;
        }

        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return errno is Errno.ENOENT or Errno.ENOTDIR ? false : throw Errno.FromErrno(errno, "statx");
    }

    public static Statx StatHandle(SafeFileHandle handle)
    {
        if (StatxAt((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxBasicStats, out var status) != 0)
        {
            throw Errno.Last("statx");
        }

        return status;
    }

    /// <summary>The entry for <paramref name="path"/> whose own (lstat) status is <paramref name="status"/>.</summary>
    public static FileEntry Describe(JailedRoot root, VfsPath path, string name, in Statx status)
    {
        if (status.Type != SIfLnk)
        {
            return FromStatx(name, status, isLink: false);
        }

        try
        {
            using var target = root.Open(path, OPath);
            return FromStatx(name, StatHandle(target), isLink: true);
        }
        catch (StorageException)
        {
            return FromStatx(name, status, isLink: true);
        }
    }

    public static FileEntry FromStatx(string name, in Statx status, bool isLink)
    {
        var isDirectory = status.Type == SIfDir;
        var size = (long)status.Size;
        return new FileEntry(
            name,
            isDirectory,
            size,
            DateTimeOffset.FromUnixTimeSeconds(status.LastModified.Seconds).AddTicks(status.LastModified.Nanoseconds / 100),
            ETag: isDirectory ? null : ETagOf(size, status.LastModified),
            Unix: new UnixFacts(
                (UnixFileMode)(status.Mode & 0xFFF),
                (int)Math.Min(status.LinkCount, int.MaxValue),
                isLink));
    }

    /// <summary>
    /// Size and modification time to the nanosecond, as nginx and Apache build theirs: free to compute
    /// (no read of the content), and it changes with every write that a client could notice. Two
    /// writes of the same size within one timestamp tick would share it; the file systems Ferry
    /// serves keep nanoseconds, which makes that a remote case.
    /// </summary>
    private static string ETagOf(long size, in StatxTimestamp modified) =>
        $"\"{modified.Seconds:x}.{modified.Nanoseconds:x}-{size:x}\"";
}
