using Ferry.Core.Files;
using Ferry.Core.Storage;
using static Ferry.Storage.Local.LinuxNative;

namespace Ferry.Storage.Local;

/// <summary>
/// Puts a finished temporary file under its final name in the same folder, only while that name is
/// free: the commit of a <see cref="WriteMode.CreateWhole"/> upload. Never replaces anything.
/// </summary>
internal static class NewFilePlacement
{
    /// <summary>EMLINK: the file has as many links as the file system allows.</summary>
    private const int EMLINK = 31;

    /// <exception cref="StorageException">Exists when the name is taken (the temporary file stays).</exception>
    public static void Place(int folderFd, string temporaryName, string name)
    {
        if (RenameAt2(folderFd, temporaryName, folderFd, name, RenameNoReplace) == 0)
        {
            return;
        }

        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        if (errno == Errno.EEXIST)
        {
            throw Taken();
        }

        if (errno is not (Errno.ENOSYS or Errno.EINVAL))
        {
            throw Errno.FromErrno(errno, "renameat2");
        }

        // The kernel (before 3.15) or the file system (some network and FUSE ones) lacks
        // RENAME_NOREPLACE. link(2) too makes a name only where none is, in one step; the
        // temporary name then goes.
        if (LinkAt(folderFd, temporaryName, folderFd, name, 0) == 0)
        {
            // Best effort: a temporary name left behind is invisible and removed at the next start-up.
            _ = UnlinkAt(folderFd, temporaryName, 0);
            return;
        }

        errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        if (errno == Errno.EEXIST)
        {
            throw Taken();
        }

        if (errno is not (Errno.EPERM or Errno.EOPNOTSUPP or EMLINK))
        {
            throw Errno.FromErrno(errno, "linkat");
        }

        // No hard links either (FAT, some FUSE file systems): check, then rename, as LocalStorage's
        // renames do there. A file made in between is replaced: the best a plain rename(2) can do.
        if (LocalEntries.TryLstat(folderFd, name, out _))
        {
            throw Taken();
        }

        if (RenameAt(folderFd, temporaryName, folderFd, name) != 0)
        {
            throw Errno.Last("renameat");
        }
    }

    private static StorageException Taken() => new(FileError.Exists, "Another client made a file of that name meanwhile.");
}
