using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Xunit;

namespace Ferry.Testing;

/// <summary>
/// Empty files in <paramref name="folder"/> whose names are exact bytes, such as names that are not
/// UTF-8, which .NET cannot spell: made with libc's <c>open</c> and removed by their bytes again on
/// <see cref="Dispose"/>, which must come before the folder is deleted (.NET could not delete them).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class RawNamedFiles(string folder) : IDisposable
{
    private readonly List<byte[]> _paths = [];

    public void Create(byte[] name)
    {
        var path = Encoding.UTF8.GetBytes(folder + "/").Concat(name).Append((byte)0).ToArray();
        var fd = Open(path, 0x41 /* O_WRONLY|O_CREAT */, 0x1A4 /* 0644 */);
        Assert.True(fd >= 0, $"open failed: errno {Marshal.GetLastPInvokeError()}");
        _ = Close(fd);
        _paths.Add(path);
    }

    public void Dispose()
    {
        foreach (var path in _paths)
        {
            _ = Unlink(path);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte[] path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "unlink")]
    private static partial int Unlink(byte[] path);
}
