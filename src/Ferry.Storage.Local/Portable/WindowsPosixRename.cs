using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Storage.Local;

/// <summary>
/// Replaces a file on Windows the way rename(2) does on Unix: SetFileInformationByHandle with
/// FileRenameInfoEx and POSIX semantics (Windows 10 1809+, NTFS), so that a download holding the
/// old file open (FILE_SHARE_DELETE, as every Ferry handle) does not make the replace fail.
/// Compiled by every build and the win-x64 publish; not run in CI.
/// </summary>
[SupportedOSPlatform("windows")]
internal static unsafe partial class WindowsPosixRename
{
    private const int FileRenameInfoEx = 22;
    private const uint Delete = 0x10000;
    private const uint Synchronize = 0x100000;
    private const uint ShareAll = 0x1 | 0x2 | 0x4;
    private const uint OpenExisting = 3;

    /// <summary>The source itself is renamed, never a link's target.</summary>
    private const uint FileFlagOpenReparsePoint = 0x00200000;
    private const uint FileFlagBackupSemantics = 0x02000000;

    private const int ErrorInvalidFunction = 1;
    private const int ErrorNotSupported = 50;
    private const int ErrorInvalidParameter = 87;

    /// <summary>
    /// Renames <paramref name="source"/> over <paramref name="target"/> in one step; false when this
    /// Windows or file system (FAT, some network shares) lacks POSIX renames, and the caller falls
    /// back to MoveFileEx (File.Move).
    /// </summary>
    public static bool TryReplace(string source, string target)
    {
        using var handle = WindowsFinalPath.CreateFile(source, Delete | Synchronize, ShareAll, 0, OpenExisting, FileFlagOpenReparsePoint | FileFlagBackupSemantics, 0);
        if (handle.IsInvalid)
        {
            return false;
        }

        var info = WindowsRenameInfo.Build(Path.GetFullPath(target), WindowsRenameInfo.ReplaceIfExists | WindowsRenameInfo.PosixSemantics);
        fixed (byte* buffer = info)
        {
            if (SetFileInformationByHandle(handle, FileRenameInfoEx, buffer, (uint)info.Length))
            {
                return true;
            }
        }

        var error = Marshal.GetLastPInvokeError();
        return error is ErrorInvalidFunction or ErrorNotSupported or ErrorInvalidParameter
            ? false
            : throw new IOException($"SetFileInformationByHandle(FileRenameInfoEx) failed (Windows error {error}).", WindowsErrors.HResultOf(error));
    }

    [LibraryImport("kernel32.dll", EntryPoint = "SetFileInformationByHandle", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool SetFileInformationByHandle(SafeFileHandle file, int infoClass, void* info, uint size);
}
