using System.Runtime.InteropServices;
using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local;

/// <summary>The platform's own one-step moves of a file to another name in the same folder.</summary>
internal static partial class AtomicMove
{
    private const int EPERM = 1;
    private const int EEXIST = 17;
    private const int EMLINK = 31;

    /// <summary>
    /// Puts <paramref name="source"/> in place of <paramref name="target"/> (which may be missing):
    /// rename(2) on Unix (File.Move with overwrite); on Windows a POSIX-semantics rename where the
    /// system has it, else MoveFileEx with MOVEFILE_REPLACE_EXISTING (File.Move), which a reader
    /// that holds the target open makes fail (Locked) instead of waiting.
    /// </summary>
    public static void Replace(string source, string target)
    {
        if (OperatingSystem.IsWindows() && WindowsPosixRename.TryReplace(source, target))
        {
            return;
        }

        File.Move(source, target, overwrite: true);
    }

    /// <summary>
    /// Gives <paramref name="source"/> the name <paramref name="target"/> only while nothing has it,
    /// in one step, never replacing: Exists otherwise (the source stays). On Windows MoveFileEx without
    /// MOVEFILE_REPLACE_EXISTING (File.Move) is that step. On Unix File.Move without overwrite is not:
    /// it looks (lstat) and then renames, replacing a file made in between; link(2) is, and the
    /// source name then goes.
    /// </summary>
    public static void PlaceNew(string source, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(source, target, overwrite: false);
            return;
        }

        if (Link(source, target) == 0)
        {
            try
            {
                File.Delete(source);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: a temporary name left behind is invisible and removed at the next start-up.
            }

            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST)
        {
            throw new StorageException(FileError.Exists, "Another client made a file of that name meanwhile.");
        }

        // No hard links on this file system (FAT, exFAT, some FUSE ones; Linux says EPERM, macOS
        // ENOTSUP, EMLINK when the file has as many as it may): File.Move's look-then-rename, the
        // best such a file system allows.
        if (errno is EPERM or EMLINK || PortableErrors.ToFileError(new IOException(null, errno)) == FileError.Unsupported)
        {
            File.Move(source, target, overwrite: false);
            return;
        }

        // The raw errno in HResult, as .NET leaves it: PortableErrors reads it per platform.
        throw new IOException($"link failed (errno {errno}).", errno);
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
