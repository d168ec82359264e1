using Ferry.Core.Files;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>The request filter as an FTP client meets it over the engine: 550 naming the type, 552 naming the size, hidden names absent.</summary>
public sealed class FtpSessionFilteringTests
{
    private static readonly RequestFilter Filter = new()
    {
        HiddenSegments = ["private"],
        DenyExtensions = [".exe"],
        MaxFileBytes = 100_000,
    };

    private static async Task<FtpTestServer> StartAsync()
    {
        var server = new FtpTestServer();
        server.Access.Filter = Filter;
        Directory.CreateDirectory(Path.Combine(server.Root, "private"));
        await File.WriteAllTextAsync(Path.Combine(server.Root, "setup.exe"), "MZ");
        await server.LogOnAsync();
        return server;
    }

    [Fact]
    public async Task A_refused_type_gets_550_naming_it_and_a_hidden_name_550_not_found()
    {
        await using var server = await StartAsync();

        await server.CommandAsync("PASV", 227);
        Assert.Equal("550 setup.exe: files ending in .exe are not allowed here.", (await server.CommandAsync("RETR setup.exe", 550)).Text);
        await server.CommandAsync("PASV", 227);
        Assert.Equal("550 b.EXE: files ending in .exe are not allowed here.", (await server.CommandAsync("STOR b.EXE", 550)).Text);
        Assert.Equal("550 private: no such file or directory.", (await server.CommandAsync("CWD private", 550)).Text);
        Assert.Equal("550 private/x: no such file or directory.", (await server.CommandAsync("MKD private/x", 550)).Text);
        Assert.False(File.Exists(Path.Combine(server.Root, "b.EXE")));
    }

    [Fact]
    public async Task Allo_over_the_largest_size_gets_552_and_within_it_202()
    {
        await using var server = await StartAsync();

        Assert.Equal("552 ALLO: files larger than 100000 bytes are not allowed here.", (await server.CommandAsync("ALLO 100001", 552)).Text);
        await server.CommandAsync("ALLO 100000 R 512", 202);
        await server.CommandAsync("ALLO", 202);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stor_over_the_largest_size_gets_552_mid_transfer_the_old_file_stays_whole_and_a_new_one_is_removed(bool replace)
    {
        await using var server = await StartAsync();
        var old = new byte[50_000];
        Array.Fill(old, (byte)'o');
        if (replace)
        {
            await File.WriteAllBytesAsync(Path.Combine(server.Root, "a.bin"), old);
        }

        await server.CommandAsync("TYPE I", 200);
        Assert.Equal("552 a.bin: files larger than 100000 bytes are not allowed here.", (await server.RefusedUploadAsync("STOR a.bin", 4, 64 * 1024, 552)).Text);

        if (replace)
        {
            Assert.Equal(old, await File.ReadAllBytesAsync(Path.Combine(server.Root, "a.bin")));
        }
        else
        {
            Assert.False(File.Exists(Path.Combine(server.Root, "a.bin")), "the new file cut short was left behind");
        }
    }
}
