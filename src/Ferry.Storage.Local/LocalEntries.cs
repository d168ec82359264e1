using System.Runtime.CompilerServices;
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

    /// <summary>The same for a name given as the NUL-terminated bytes readdir returned, which need no encoding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe bool TryLstat(int directoryFd, byte* name, out Statx status)
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
        UnixFacts? unix = null;
        return FromStatx(name, status, isLink, ref unix);
    }

    /// <summary>
    /// The same, sharing <paramref name="unix"/> (the facts of the entry before) when they are equal:
    /// UnixFacts is immutable, and in a folder most entries have the same mode and link count, so a
    /// listing of thousands makes a few instead of one each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FileEntry FromStatx(string name, in Statx status, bool isLink, ref UnixFacts? unix)
    {
        var isDirectory = status.Type == SIfDir;
        var size = (long)status.Size;
        var facts = FactsOf(status, isLink, ref unix);

        // A file's ETag is its modification time to the nanosecond and its size, as nginx and Apache
        // build theirs: free to compute (no read of the content), and it changes with every write a
        // client could notice. It stays numbers in the entry until a consumer writes it out.
        var modified = ModifiedOf(status);
        return isDirectory
            ? new FileEntry(name, isDirectory, size, modified, ETag: null, Unix: facts)
            : FileEntry.WithTimeSizeTag(name, size, modified, status.LastModified.Seconds, status.LastModified.Nanoseconds, facts);
    }

    /// <summary>The Unix facts of <paramref name="status"/>: <paramref name="unix"/> (the entry before's) when they are equal, else new ones kept there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static UnixFacts FactsOf(in Statx status, bool isLink, ref UnixFacts? unix)
    {
        var mode = (UnixFileMode)(status.Mode & 0xFFF);
        var links = (int)Math.Min(status.LinkCount, int.MaxValue);
        if (unix is null || unix.Mode != mode || unix.LinkCount != links || unix.IsSymbolicLink != isLink)
        {
            unix = new UnixFacts(mode, links, isLink);
        }

        return unix;
    }

    /// <summary>The modification time to the 100 ns tick.</summary>
    public static DateTimeOffset ModifiedOf(in Statx status) =>
        DateTimeOffset.FromUnixTimeSeconds(status.LastModified.Seconds).AddTicks(status.LastModified.Nanoseconds / 100);
}
