using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Ferry.Core.Files;
using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Storage.Local;

/// <summary>
/// macOS's answer for the portable jail: fcntl(F_GETPATH) fills a buffer with the path of the
/// file a descriptor refers to, links resolved. Compiled by every build and the osx-arm64 publish; not run in CI.
/// </summary>
[SupportedOSPlatform("macos")]
internal sealed unsafe partial class MacFinalPath : IFinalPath
{
    /// <summary>F_GETPATH in &lt;sys/fcntl.h&gt;.</summary>
    private const int FGetPath = 50;

    /// <summary>MAXPATHLEN: F_GETPATH writes at most this many bytes, the terminator included.</summary>
    private const int MaxPathLength = 1024;

    // Darwin's open flags and errno values (not Linux's).
    private const int ORdOnly = 0x0;
    private const int ODirectory = 0x100000;
    private const int OCloExec = 0x1000000;
    private const int ENOENT = 2;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;

    public PathStyle Style => PathStyle.MacOS;

    public string OfFile(SafeFileHandle file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Ask((int)file.DangerousGetHandle());
    }

    public string OfFolder(string path)
    {
        var fd = Open(path, ORdOnly | ODirectory | OCloExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                ENOENT => new StorageException(FileError.NotFound, "No such folder."),
                ENOTDIR => new StorageException(FileError.NotADirectory, "Not a folder."),
                EACCES => new StorageException(FileError.Denied, "The folder cannot be opened."),
                _ => new IOException($"open folder failed (errno {errno})", errno),
            };
        }

        try
        {
            return Ask(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static string Ask(int fd)
    {
        var buffer = stackalloc byte[MaxPathLength];
        if (GetPath(fd, buffer) == -1)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"fcntl(F_GETPATH) failed (errno {errno})", errno);
        }

        return Marshal.PtrToStringUTF8((nint)buffer) ?? throw new IOException("fcntl(F_GETPATH) gave no path.");
    }

    /// <summary>
    /// fcntl is variadic. On Apple arm64 a variadic argument travels on the stack, not in a
    /// register as a declared parameter would, so six dummy arguments fill x2-x7 and push the
    /// buffer to where fcntl's va_arg reads it. On x64 variadic arguments use the usual registers.
    /// </summary>
    private static int GetPath(int fd, byte* buffer) =>
        RuntimeInformation.ProcessArchitecture == Architecture.Arm64
            ? FcntlArm64(fd, FGetPath, 0, 0, 0, 0, 0, 0, buffer)
            : Fcntl(fd, FGetPath, buffer);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FcntlArm64(int fd, int command, nint x2, nint x3, nint x4, nint x5, nint x6, nint x7, byte* buffer);

    /// <summary>open(2) without O_CREAT: the variadic mode is never read, so the declared form is safe.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
