using System.Runtime.Versioning;
using System.Text;
using Ferry.Ftp.Tests.Support;
using Ferry.Storage.Local;

namespace Ferry.Ftp.Tests.Session;

/// <summary>
/// The FTP engine over the portable storage (Storage:Jail Portable, the storage of Windows and
/// macOS): the everyday commands, and a link planted towards /etc that leads nowhere.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class FtpSessionPortableStorageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ferry-ftp-portable-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<FtpTestServer> LoggedInAsync() =>
        FtpTestServer.LoggedInAsync(storage: new PortableStorage(_root, LocalStorageOptions.Default with { Jail = LocalJail.Portable }));

    [Fact]
    public async Task Stor_retr_appe_rest_and_a_replace_keep_the_bytes()
    {
        await using var server = await LoggedInAsync();
        await server.CommandAsync("TYPE I", 200);

        await server.UploadAsync("STOR f.txt", "0123456789"u8.ToArray());
        await server.UploadAsync("APPE f.txt", "ab"u8.ToArray());
        await server.CommandAsync("REST 4", 350);
        await server.UploadAsync("STOR f.txt", "XY"u8.ToArray());
        Assert.Equal("0123XY", Encoding.UTF8.GetString(await server.DownloadAsync("RETR f.txt")));

        await server.UploadAsync("STOR f.txt", "replaced"u8.ToArray());

        Assert.Equal("replaced", await File.ReadAllTextAsync(Path.Combine(_root, "f.txt")));
        Assert.Empty(Directory.GetFiles(_root, ".ferry-upload-*"));
    }

    [Fact]
    public async Task Folders_renames_deletes_listings_and_modes_work()
    {
        await using var server = await LoggedInAsync();

        await server.CommandAsync("MKD d", 257);
        await server.UploadAsync("STOR d/a.txt", "a"u8.ToArray());
        await server.CommandAsync("RNFR d/a.txt", 350);
        await server.CommandAsync("RNTO d/b.txt", 250);
        await server.CommandAsync("SITE CHMOD 600 d/b.txt", 200);
        var listing = Encoding.UTF8.GetString(await server.DownloadAsync("MLSD d"));
        await server.CommandAsync("RMD d", 550);
        await server.CommandAsync("DELE d/b.txt", 250);
        await server.CommandAsync("RMD d", 250);

        Assert.Contains("; b.txt", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("a.txt", listing, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public async Task A_link_planted_towards_etc_is_550_for_every_command()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "etc-link"), "/etc");
        await using var server = await LoggedInAsync();

        await server.CommandAsync("CWD etc-link", 550);
        await server.CommandAsync("SIZE etc-link/passwd", 550);
        await server.CommandAsync("PASV", 227);
        await server.CommandAsync("RETR etc-link/passwd", 550);
        await server.CommandAsync("MKD etc-link/made", 550);
        await server.CommandAsync("DELE etc-link/hostname", 550);

        Assert.False(Directory.Exists("/etc/made"));
    }
}
