namespace Ferry.Integration.Tests;

/// <summary>curl, the most common scripted FTP client, in each data-connection mode it offers.</summary>
public sealed class CurlTests
{
    /// <summary>curl's exit code for "The user name, password, or similar was not accepted".</summary>
    private const int CurlLoginDenied = 67;

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public CurlTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    /// <summary>
    /// curl runs on this machine, which is sent copies of files (Performance:CopyToLocalClients, on by
    /// default on Linux): with it off, a download of a local file goes through sendfile.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Upload_and_download_round_trip_over_epsv_by_default_copied_or_by_sendfile(bool copyToLocalClients)
    {
        await using var server = await FerryServer.StartAsync(_output, FerryServerOptions.CopyingToLocalClients(copyToLocalClients));
        await AssertRoundTripAsync(server, [], expectedCommand: "EPSV");
    }

    [Fact]
    public async Task Upload_and_download_round_trip_over_pasv_when_epsv_is_disabled()
    {
        await using var server = await FerryServer.StartAsync(_output);
        await AssertRoundTripAsync(server, ["--disable-epsv"], expectedCommand: "PASV");
    }

    [Fact]
    public async Task Upload_and_download_round_trip_in_active_mode_with_port()
    {
        await using var server = await FerryServer.StartAsync(_output);
        await AssertRoundTripAsync(server, ["-P", "127.0.0.1", "--disable-eprt"], expectedCommand: "PORT");
    }

    [Fact]
    public async Task Upload_and_download_round_trip_in_active_mode_on_the_control_address()
    {
        await using var server = await FerryServer.StartAsync(_output);
        await AssertRoundTripAsync(server, ["-P", "-"], expectedCommand: "EPRT");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Download_resumes_after_a_partial_local_file_copied_or_by_sendfile(bool copyToLocalClients)
    {
        await using var server = await FerryServer.StartAsync(_output, FerryServerOptions.CopyingToLocalClients(copyToLocalClients));
        var content = TestFiles.RandomBytes(500_000, seed: 11);
        TestFiles.Write(server.RootDir, "resume.bin", content);
        const int alreadyHave = 123_457;
        var local = TestFiles.Write(server.ClientDir, "resume.bin", content[..alreadyHave]);

        var result = await CurlAsync(server, "-C", "-", "-o", local, server.Url("resume.bin"));

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains($"> REST {alreadyHave}", result.Stderr);
        TestFiles.AssertFileHolds(local, content);
    }

    [Fact]
    public async Task Listing_a_directory_shows_its_files()
    {
        await using var server = await FerryServer.StartAsync(_output);
        TestFiles.Write(server.RootDir, "dir/listed-file.txt", "x"u8.ToArray());
        Directory.CreateDirectory(Path.Combine(server.RootDir, "dir", "listed-folder"));

        var result = await CurlAsync(server, server.Url("dir/"));

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("listed-file.txt", result.Stdout);
        Assert.Contains("listed-folder", result.Stdout);
    }

    [Fact]
    public async Task Name_listing_returns_exactly_the_names()
    {
        await using var server = await FerryServer.StartAsync(_output);
        TestFiles.Write(server.RootDir, "dir/one.txt", "1"u8.ToArray());
        TestFiles.Write(server.RootDir, "dir/two.txt", "2"u8.ToArray());

        var result = await CurlAsync(server, "--list-only", server.Url("dir/"));

        Assert.True(result.Succeeded, result.Describe());
        var names = result.Stdout.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "one.txt", "two.txt" }, names);
    }

    [Ipv6Fact]
    public async Task Upload_and_download_round_trip_over_ipv6()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var content = TestFiles.RandomBytes(200_000, seed: 6);
        var source = TestFiles.Write(server.ClientDir, "v6.bin", content);
        var back = Path.Combine(server.ClientDir, "v6-back.bin");

        var up = await CurlAsync(server, "-g", "-T", source, server.Ipv6Url("v6.bin"));
        Assert.True(up.Succeeded, up.Describe());
        var down = await CurlAsync(server, "-g", "-o", back, server.Ipv6Url("v6.bin"));

        Assert.True(down.Succeeded, down.Describe());
        TestFiles.AssertFileHolds(Path.Combine(server.RootDir, "v6.bin"), content);
        TestFiles.AssertFileHolds(back, content);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_curl_login_denied()
    {
        await using var server = await FerryServer.StartAsync(_output);
        TestFiles.Write(server.RootDir, "secret.txt", "secret"u8.ToArray());

        var result = await _runner.RunAsync(ClientTools.Require("curl"),
            ["-sS", "-v", "--max-time", "30", "--user", $"{server.User}:not-{server.Password}", "-o", Path.Combine(server.ClientDir, "secret.txt"), server.Url("secret.txt")]);

        Assert.Equal(CurlLoginDenied, result.ExitCode);
        Assert.False(File.Exists(Path.Combine(server.ClientDir, "secret.txt")), "a file was downloaded without a valid password");
    }

    private async Task AssertRoundTripAsync(FerryServer server, string[] modeArguments, string expectedCommand)
    {
        // 2 MiB + 1: several socket buffers, and an odd size so that an off-by-one shows.
        var content = TestFiles.RandomBytes((2 * 1024 * 1024) + 1, seed: 1);
        var source = TestFiles.Write(server.ClientDir, "upload.bin", content);
        var back = Path.Combine(server.ClientDir, "download.bin");

        var up = await CurlAsync(server, [.. modeArguments, "-T", source, server.Url("upload.bin")]);
        Assert.True(up.Succeeded, up.Describe());
        Assert.Contains($"> {expectedCommand}", up.Stderr);
        TestFiles.AssertFileHolds(Path.Combine(server.RootDir, "upload.bin"), content);

        var down = await CurlAsync(server, [.. modeArguments, "-o", back, server.Url("upload.bin")]);
        Assert.True(down.Succeeded, down.Describe());
        Assert.Contains($"> {expectedCommand}", down.Stderr);
        TestFiles.AssertFileHolds(back, content);
    }

    /// <summary>curl with credentials, verbose (so that the commands it sent can be asserted) and bounded in time.</summary>
    private Task<ClientResult> CurlAsync(FerryServer server, params string[] arguments) =>
        _runner.RunAsync(ClientTools.Require("curl"),
            ["-sS", "-v", "--fail", "--max-time", "30", "--user", server.Credentials, .. arguments]);
}
