namespace Ferry.Integration.Tests;

/// <summary>
/// The real ferry with Storage:Jail Portable (the storage Windows and macOS run), driven by curl
/// over FTP and WebDAV: transfers and replaces work, and a link planted towards /etc leads nowhere.
/// </summary>
public sealed class PortableJailTests
{
    private static readonly FerryServerOptions Portable = FerryServerOptions.Default with
    {
        Environment = new Dictionary<string, string> { ["FERRY__STORAGE__JAIL"] = "Portable" },
    };

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public PortableJailTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task Uploads_downloads_and_replaces_work_and_leave_no_temporary_file()
    {
        await using var server = await FerryServer.StartAsync(_output, Portable);
        var first = TestFiles.Write(server.ClientDir, "first.bin", TestFiles.RandomBytes(300_001, seed: 21));
        var second = TestFiles.RandomBytes(123_457, seed: 22);
        var secondFile = TestFiles.Write(server.ClientDir, "second.bin", second);
        var back = Path.Combine(server.ClientDir, "back.bin");

        var up = await CurlAsync(server, "-T", first, server.Url("dir/f.bin"), "--ftp-create-dirs");
        Assert.True(up.Succeeded, up.Describe());
        var replace = await CurlAsync(server, "-T", secondFile, server.Url("dir/f.bin"));
        Assert.True(replace.Succeeded, replace.Describe());
        var down = await CurlAsync(server, "-o", back, server.Url("dir/f.bin"));
        Assert.True(down.Succeeded, down.Describe());
        var davPut = await CurlAsync(server, "-T", first, server.DavUrl("dir/dav.bin"));
        Assert.True(davPut.Succeeded, davPut.Describe());

        TestFiles.AssertFileHolds(back, second);
        TestFiles.AssertFileHolds(Path.Combine(server.RootDir, "dir", "f.bin"), second);
        TestFiles.AssertFileHolds(Path.Combine(server.RootDir, "dir", "dav.bin"), File.ReadAllBytes(first));
        Assert.Empty(Directory.GetFiles(server.RootDir, ".ferry-upload-*", SearchOption.AllDirectories));
        Assert.Contains("portable storage", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_planted_towards_etc_is_refused_over_FTP_and_WebDAV()
    {
        await using var server = await FerryServer.StartAsync(_output, Portable);
        File.CreateSymbolicLink(Path.Combine(server.RootDir, "etc-link"), "/etc");
        var local = TestFiles.Write(server.ClientDir, "planted.txt", "planted"u8.ToArray());

        var read = await CurlAsync(server, "-o", Path.Combine(server.ClientDir, "passwd"), server.Url("etc-link/passwd"));
        var list = await CurlAsync(server, server.Url("etc-link/"));
        // A name of its own: a file that did land (a broken jail) is removed, and cannot fail a later run.
        var planted = $"ferry-planted-{Guid.NewGuid():N}.txt";
        var write = await CurlAsync(server, "-T", local, server.Url("etc-link/" + planted));
        var escaped = File.Exists("/etc/" + planted);
        File.Delete("/etc/" + planted);
        var davRead = await CurlAsync(server, "-o", Path.Combine(server.ClientDir, "dav-passwd"), server.DavUrl("etc-link/passwd"));

        Assert.False(read.Succeeded, read.Describe());
        Assert.Contains("< 550", read.Stderr, StringComparison.Ordinal);
        Assert.False(list.Succeeded, list.Describe());
        Assert.False(write.Succeeded, write.Describe());
        Assert.False(davRead.Succeeded, davRead.Describe());
        Assert.Contains("< HTTP/1.1 403", davRead.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(server.ClientDir, "passwd")) && File.ReadAllText(Path.Combine(server.ClientDir, "passwd")).Contains("root:", StringComparison.Ordinal));
        Assert.False(escaped, "an upload through the link landed in /etc");
    }

    /// <summary>curl with credentials, verbose (so that replies can be asserted) and bounded in time.</summary>
    private Task<ClientResult> CurlAsync(FerryServer server, params string[] arguments) =>
        _runner.RunAsync(ClientTools.Require("curl"),
            ["-sS", "-v", "--fail", "--max-time", "30", "--user", server.Credentials, .. arguments]);
}
