namespace Ferry.Integration.Tests;

/// <summary>curl over FTPS: explicit AUTH TLS (`--ssl-reqd`) in passive and active mode, implicit `ftps://`, and Required mode.</summary>
public sealed class FtpsCurlTests
{
    /// <summary>curl's exit code for "The user name, password, or similar was not accepted".</summary>
    private const int CurlLoginDenied = 67;

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public FtpsCurlTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    // Passive only: curl 7.88 accepts an active-mode data connection and then skips its TLS
    // handshake (it sends the file in the clear, which the server refuses with 425); lftp and
    // Python's ftplib cover active mode over TLS.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Explicit_tls_upload_download_and_listing_round_trip(bool pasv)
    {
        await using var server = await FerryServer.StartAsync(_output);
        string[] mode = pasv ? ["--disable-epsv"] : [];
        var (up, down) = await AssertRoundTripAsync(server, server.Url, ["--ssl-reqd", .. mode]);

        Assert.Contains("> AUTH", up.Stderr);
        Assert.Contains("> PROT P", up.Stderr);
        Assert.Contains("> PROT P", down.Stderr);
        var listing = await CurlAsync(server, ["--ssl-reqd", .. mode, server.Url("")]);
        Assert.True(listing.Succeeded, listing.Describe());
        Assert.Contains("tls-upload.bin", listing.Stdout);
    }

    [Fact]
    public async Task Implicit_tls_upload_download_and_listing_round_trip()
    {
        await using var server = await FerryServer.StartAsync(_output, new() { ImplicitTls = true });
        var (up, _) = await AssertRoundTripAsync(server, server.ImplicitUrl, []);

        Assert.DoesNotContain("> AUTH", up.Stderr);
        var listing = await CurlAsync(server, server.ImplicitUrl(""));
        Assert.True(listing.Succeeded, listing.Describe());
        Assert.Contains("tls-upload.bin", listing.Stdout);
    }

    [Fact]
    public async Task Required_mode_refuses_a_plain_logon_with_the_sentence_and_serves_a_tls_one()
    {
        await using var server = await FerryServer.StartAsync(_output, new() { ExtraArguments = ["--tls", "Required"] });
        TestFiles.Write(server.RootDir, "secret.txt", "secret"u8.ToArray());
        var local = Path.Combine(server.ClientDir, "secret.txt");

        var plain = await CurlAsync(server, "-o", local, server.Url("secret.txt"));

        Assert.Equal(CurlLoginDenied, plain.ExitCode);
        Assert.Contains("530 TLS is required", plain.Stderr);
        Assert.False(File.Exists(local), "a file was downloaded in the clear");

        var protectedDownload = await CurlAsync(server, "--ssl-reqd", "-o", local, server.Url("secret.txt"));
        Assert.True(protectedDownload.Succeeded, protectedDownload.Describe());
        TestFiles.AssertFileHolds(local, "secret"u8.ToArray());
    }

    [Fact]
    public async Task Passwords_sent_over_tls_never_reach_the_debug_log()
    {
        await using var server = await FerryServer.StartAsync(_output, new() { ExtraArguments = ["--log-level", "Debug"] });

        var result = await CurlAsync(server, "--ssl-reqd", server.Url(""));

        Assert.True(result.Succeeded, result.Describe());
        Assert.True(await server.WaitForOutputAsync("PASS ****", TimeSpan.FromSeconds(10)), "Debug logging does not show the masked PASS");
        Assert.DoesNotContain(server.Password, server.Output, StringComparison.Ordinal);
    }

    private async Task<(ClientResult Up, ClientResult Down)> AssertRoundTripAsync(FerryServer server, Func<string, string> url, string[] arguments)
    {
        // 2 MiB + 1: many TLS records, and an odd size so that a lost last record shows.
        var content = TestFiles.RandomBytes((2 * 1024 * 1024) + 1, seed: 31);
        var source = TestFiles.Write(server.ClientDir, "tls-upload.bin", content);
        var back = Path.Combine(server.ClientDir, "tls-download.bin");

        var up = await CurlAsync(server, [.. arguments, "-T", source, url("tls-upload.bin")]);
        Assert.True(up.Succeeded, up.Describe());
        TestFiles.AssertFileHolds(Path.Combine(server.RootDir, "tls-upload.bin"), content);

        var down = await CurlAsync(server, [.. arguments, "-o", back, url("tls-upload.bin")]);
        Assert.True(down.Succeeded, down.Describe());
        TestFiles.AssertFileHolds(back, content);
        return (up, down);
    }

    /// <summary>curl with credentials, verbose, trusting the server's self-signed certificate (-k), bounded in time.</summary>
    private Task<ClientResult> CurlAsync(FerryServer server, params string[] arguments) =>
        _runner.RunAsync(ClientTools.Require("curl"),
            ["-sS", "-v", "-k", "--fail", "--max-time", "30", "--user", server.Credentials, .. arguments]);
}
