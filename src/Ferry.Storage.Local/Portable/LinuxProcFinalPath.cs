using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Storage.Local;

/// <summary>
/// Linux's answer for the portable jail: /proc/self/fd/N is a link to the file the descriptor
/// refers to, resolved by the kernel. Used when Storage:Jail is Portable on Linux, which is how CI
/// exercises the jail that Windows and macOS run (the Linux default is the openat2 kernel jail).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class LinuxProcFinalPath : IFinalPath
{
    public PathStyle Style => PathStyle.Linux;

    public string OfFile(SafeFileHandle file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Read((int)file.DangerousGetHandle());
    }

    public string OfFolder(string path)
    {
        // O_PATH: asks where the folder is without needing read permission on it.
        var fd = Open(path, LinuxNative.OPath | LinuxNative.ODirectory | LinuxNative.OCloExec);
        if (fd < 0)
        {
            throw Errno.Last("open folder");
        }

        try
        {
            return Read(fd);
        }
        finally
        {
            _ = LinuxNative.Close(fd);
        }
    }

    private static string Read(int fd) =>
        new FileInfo($"/proc/self/fd/{fd}").LinkTarget
        ?? throw new IOException("/proc/self/fd gave no path: is /proc mounted?");

    /// <summary>open(2) with the name as plain UTF-8: portable names are text, never the escaped bytes of DiskNames.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
