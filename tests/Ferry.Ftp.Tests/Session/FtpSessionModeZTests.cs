using System.IO.Compression;
using System.Text;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>MODE Z (draft-preston-ftpext-deflate): every transfer is one zlib stream on the data connection.</summary>
public sealed class FtpSessionModeZTests
{
    private static readonly byte[] Content = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("compressible line of text\n", 20_000)));

    private static byte[] Inflate(byte[] compressed)
    {
        using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        zlib.CopyTo(plain);
        return plain.ToArray();
    }

    private static byte[] Deflate(byte[] plain)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(plain);
        }

        return compressed.ToArray();
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Retr_in_mode_z_sends_the_file_deflated(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        await File.WriteAllBytesAsync(Path.Combine(server.Root, "f.txt"), Content);
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("MODE Z", 200);

        var wire = await server.DownloadAsync("RETR f.txt");

        Assert.True(wire.Length < Content.Length / 10, $"{wire.Length} bytes on the wire");
        Assert.Equal(Content, Inflate(wire));
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Stor_in_mode_z_stores_what_the_client_deflated(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("MODE Z", 200);

        await server.UploadAsync("STOR up.txt", Deflate(Content));

        Assert.Equal(Content, await File.ReadAllBytesAsync(Path.Combine(server.Root, "up.txt")));
    }

    [Fact]
    public async Task Appe_in_mode_z_appends_the_inflated_bytes()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllBytesAsync(Path.Combine(server.Root, "log.txt"), "start\n"u8.ToArray());
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("MODE Z", 200);

        await server.UploadAsync("APPE log.txt", Deflate("more\n"u8.ToArray()));

        Assert.Equal("start\nmore\n", await File.ReadAllTextAsync(Path.Combine(server.Root, "log.txt")));
    }

    [Theory]
    [InlineData("LIST")]
    [InlineData("NLST")]
    [InlineData("MLSD")]
    public async Task Listings_in_mode_z_are_deflated(string command)
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllTextAsync(Path.Combine(server.Root, "listed-name.txt"), "x");
        await server.CommandAsync("MODE Z", 200);

        var listing = Encoding.UTF8.GetString(Inflate(await server.DownloadAsync(command)));

        Assert.Contains("listed-name.txt", listing);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    public async Task Every_level_gives_the_same_bytes_back(int level)
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllBytesAsync(Path.Combine(server.Root, "f.txt"), Content);
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("MODE Z", 200);
        await server.CommandAsync($"OPTS MODE Z LEVEL {level}", 200);

        var wire = await server.DownloadAsync("RETR f.txt");

        Assert.Equal(Content, Inflate(wire));
        if (level == 0)
        {
            Assert.True(wire.Length > Content.Length, "level 0 stores");
        }
    }

    [Fact]
    public async Task Retr_with_rest_in_mode_z_starts_at_the_file_offset()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllBytesAsync(Path.Combine(server.Root, "f.txt"), Content);
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("MODE Z", 200);
        await server.CommandAsync("REST 1000", 350);

        Assert.Equal(Content[1000..], Inflate(await server.DownloadAsync("RETR f.txt")));
    }

    [Fact]
    public async Task Mode_s_after_mode_z_sends_plain_bytes_again()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllBytesAsync(Path.Combine(server.Root, "f.txt"), Content);
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("MODE Z", 200);
        await server.CommandAsync("MODE S", 200);

        Assert.Equal(Content, await server.DownloadAsync("RETR f.txt"));
    }

    [Fact]
    public async Task Rein_returns_to_mode_s()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllBytesAsync(Path.Combine(server.Root, "f.txt"), Content);
        await server.CommandAsync("MODE Z", 200);
        await server.CommandAsync("REIN", 220);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        await server.CommandAsync("TYPE I", 200);

        Assert.Equal(Content, await server.DownloadAsync("RETR f.txt"));
    }

    [Fact]
    public async Task A_mode_z_upload_cut_before_the_end_of_its_zlib_stream_is_426_and_keeps_the_old_file()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllTextAsync(Path.Combine(server.Root, "keep.txt"), "old");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("MODE Z", 200);
        var compressed = Deflate(Content);

        await server.UploadAsync("STOR keep.txt", compressed[..(compressed.Length / 2)], expected: 426);
        await server.UploadAsync("STOR keep.txt", compressed[..^2], expected: 426);

        Assert.Equal("old", await File.ReadAllTextAsync(Path.Combine(server.Root, "keep.txt")));
    }

    [Fact]
    public async Task A_mode_z_upload_of_no_bytes_at_all_is_an_empty_file()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("MODE Z", 200);

        await server.UploadAsync("STOR empty.txt", []);

        Assert.Equal(0, new FileInfo(Path.Combine(server.Root, "empty.txt")).Length);
    }
}
