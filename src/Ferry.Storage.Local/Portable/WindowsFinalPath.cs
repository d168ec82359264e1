using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Ferry.Core.Files;
using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Storage.Local;

/// <summary>
/// Windows's answer for the portable jail: GetFinalPathNameByHandleW resolves symlinks, junctions
/// and other reparse points of an open handle and answers "\\?\C:\..." or "\\?\UNC\server\share\..."
/// (<see cref="RootFence"/> reads both). Compiled by every build and the win-x64 publish; not run in CI.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe partial class WindowsFinalPath : IFinalPath
{
    private const uint FileNameNormalized = 0x0;
    private const uint VolumeNameDos = 0x0;
    private const uint FileReadAttributes = 0x80;
    private const uint ShareAll = 0x1 | 0x2 | 0x4; // read, write, delete: never in anyone's way
    private const uint OpenExisting = 3;

    /// <summary>Needed to open a folder at all.</summary>
    private const uint FileFlagBackupSemantics = 0x02000000;

    private const int ErrorFileNotFound = 2;
    private const int ErrorPathNotFound = 3;
    private const int ErrorAccessDenied = 5;

    /// <summary>Longer than MAX_PATH: the answer's length decides, the call is repeated with room for it.</summary>
    private const int FirstBufferChars = 512;

    public PathStyle Style => PathStyle.Windows;

    public string OfFile(SafeFileHandle file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var size = FirstBufferChars;

        // Twice at most: the first answer gives the length the second needs (a rename in between may need a third).
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var buffer = new char[size];
            uint length;
            fixed (char* chars = buffer)
            {
                length = GetFinalPathNameByHandle(file, chars, (uint)buffer.Length, FileNameNormalized | VolumeNameDos);
            }

            if (length == 0)
            {
                throw Failed("GetFinalPathNameByHandleW", Marshal.GetLastPInvokeError());
            }

            if (length < buffer.Length)
            {
                return new string(buffer, 0, (int)length);
            }

            size = (int)length + 1;
        }

        throw new IOException("GetFinalPathNameByHandleW: the path kept growing.");
    }

    public string OfFolder(string path)
    {
        using var handle = CreateFile(path, FileReadAttributes, ShareAll, 0, OpenExisting, FileFlagBackupSemantics, 0);
        if (handle.IsInvalid)
        {
            throw Failed("CreateFileW", Marshal.GetLastPInvokeError());
        }

        // Backup semantics open files too: only a folder answers the question asked.
        if ((File.GetAttributes(handle) & FileAttributes.Directory) == 0)
        {
            throw new StorageException(FileError.NotADirectory, "Not a folder.");
        }

        return OfFile(handle);
    }

    private static Exception Failed(string operation, int error) => error switch
    {
        ErrorFileNotFound or ErrorPathNotFound => new StorageException(FileError.NotFound, "No such file or folder."),
        ErrorAccessDenied => new StorageException(FileError.Denied, $"{operation}: access denied."),
        _ => new IOException($"{operation} failed (Windows error {error}).", WindowsErrors.HResultOf(error)),
    };

    [LibraryImport("kernel32.dll", EntryPoint = "GetFinalPathNameByHandleW", SetLastError = true)]
    private static partial uint GetFinalPathNameByHandle(SafeFileHandle file, char* path, uint length, uint flags);

    [LibraryImport("kernel32.dll", EntryPoint = "CreateFileW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    internal static partial SafeFileHandle CreateFile(string name, uint access, uint share, nint security, uint disposition, uint flags, nint template);
}
