using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Ferry.Storage.Local;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>A file whose name on disk is not UTF-8 is listed by PROPFIND under its escaped name, and GET and DELETE of that name reach it.</summary>
[SupportedOSPlatform("linux")]
public sealed partial class RawNameLocalStorageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ferry-dav-raw-").FullName;
    private readonly LocalStorage _storage;
    private readonly DavTestHost _host;

    public RawNameLocalStorageTests()
    {
        _storage = new LocalStorage(_root, LocalStorageOptions.Default);
        _host = new DavTestHost(storage: _storage);
    }

    public void Dispose()
    {
        _storage.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int OpenRaw(byte[] path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseRaw(int fd);

    [Fact]
    public async Task It_is_listed_escaped_and_reachable_by_that_name()
    {
        // Latin-1 "café.txt": the lone byte 0xE9 is not UTF-8.
        var path = Encoding.UTF8.GetBytes(_root + "/").Concat(Encoding.Latin1.GetBytes("caf\u00E9.txt")).Append((byte)0).ToArray();
        var fd = OpenRaw(path, 0x41 /* O_WRONLY|O_CREAT */, 0x1A4);
        Assert.True(fd >= 0, $"open failed: errno {Marshal.GetLastPInvokeError()}");
        CloseRaw(fd);

        var listing = await _host.SendAsync("PROPFIND", "/", headers: DavTestHost.Headers(("Depth", "1")));
        Assert.Equal(207, listing.Status);
        Assert.Contains("caf%25E9.txt", listing.Body); // the shown name "caf%E9.txt", percent-encoded in the href

        Assert.Equal(200, (await _host.SendAsync("GET", "/caf%25E9.txt")).Status);
        Assert.Equal(204, (await _host.SendAsync("DELETE", "/caf%25E9.txt")).Status);
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }
}
