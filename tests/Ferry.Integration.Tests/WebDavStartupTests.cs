namespace Ferry.Integration.Tests;

/// <summary>
/// What a new user reads at start-up and in docs/configuration.md about WebDAV, checked against the
/// real process: the start-up log names the URLs it serves (and only those), and the `WebDav` keys
/// for the path prefix, Depth: infinity and the keep-alive time work from the environment as documented.
/// </summary>
public sealed class WebDavStartupTests
{
    private static readonly TimeSpan LogWait = TimeSpan.FromSeconds(10);

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public WebDavStartupTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task The_start_up_log_prints_both_WebDAV_URLs()
    {
        await using var server = await FerryServer.StartAsync(_output);
        Assert.True(await server.WaitForOutputAsync("WebDAV over HTTP: ", LogWait), server.Output);
        // The host is the one listen address, or the machine's name when it listens on several (as the tests do).
        Assert.Matches($@"WebDAV over HTTPS: https://[^ /]+:{server.WebDavsPort}/ \(same certificate as FTPS\)", server.Output);
        Assert.Matches($@"WebDAV over HTTP: http://[^ /]+:{server.WebDavPort}/ \(passwords accepted only from this machine; others are sent to HTTPS\)", server.Output);
    }

    [Fact]
    public async Task With_HTTPS_off_the_HTTP_line_sends_nobody_to_HTTPS()
    {
        await using var server = await FerryServer.StartAsync(_output, new() { ExtraArguments = ["--tls", "Disabled"] });
        Assert.True(await server.WaitForOutputAsync("WebDAV over HTTP: ", LogWait), server.Output);
        Assert.Matches($@"WebDAV over HTTP: http://[^ /]+:{server.WebDavPort}/ ", server.Output);
        Assert.DoesNotContain("WebDAV over HTTPS:", server.Output);
        Assert.DoesNotContain("sent to HTTPS", server.Output);
        Assert.Contains("WebDAV over HTTPS is off, so others cannot sign in", server.Output);
    }

    [Fact]
    public async Task With_plain_HTTP_logons_refused_and_HTTPS_off_the_HTTP_line_says_nobody_can_sign_in()
    {
        var environment = new Dictionary<string, string> { ["FERRY__WebDav__PlainHttpLogon"] = "Never" };
        await using var server = await FerryServer.StartAsync(_output, new() { ExtraArguments = ["--tls", "Disabled"], Environment = environment });
        Assert.True(await server.WaitForOutputAsync("WebDAV over HTTP: ", LogWait), server.Output);
        Assert.Contains("passwords accepted from no one, and WebDAV over HTTPS is off: nobody can sign in", server.Output);
        Assert.DoesNotContain("use HTTPS", server.Output);
    }

    [Fact]
    public async Task The_prefix_and_infinite_depth_keys_work_from_the_environment()
    {
        var environment = new Dictionary<string, string>
        {
            ["FERRY__WebDav__Prefix"] = "/dav/",
            ["FERRY__WebDav__AllowInfiniteDepth"] = "true",
        };
        await using var server = await FerryServer.StartAsync(_output, new() { Environment = environment });
        Directory.CreateDirectory(Path.Combine(server.RootDir, "a", "b"));
        await File.WriteAllTextAsync(Path.Combine(server.RootDir, "a", "b", "deep.txt"), "deep");
        Assert.True(await server.WaitForOutputAsync("WebDAV over HTTP: ", LogWait), server.Output);
        Assert.Matches($@"WebDAV over HTTP: http://[^ /]+:{server.WebDavPort}/dav/ ", server.Output);

        Assert.Equal("404", (await CurlAsync(server, "-o", "/dev/null", "-w", "%{http_code}", server.DavUrl("a/"))).Stdout);
        var page = await CurlAsync(server, server.DavUrl("dav/a/"));
        Assert.Contains("href=\"/dav/a/b/\"", page.Stdout);
        Assert.Contains("href=\"/dav/\"", page.Stdout);

        var tree = await CurlAsync(server, "-X", "PROPFIND", "-H", "Depth: infinity", server.DavUrl("dav/"));
        Assert.Contains("<D:href>/dav/a/b/deep.txt</D:href>", tree.Stdout);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_idle_keep_alive_connection_is_closed_after_WebDav_KeepAliveSeconds(bool shortened)
    {
        var environment = shortened ? new Dictionary<string, string> { ["FERRY__WebDav__KeepAliveSeconds"] = "2" } : [];
        await using var server = await FerryServer.StartAsync(_output, new() { Environment = environment });
        using var connection = await DavKeepAlive.OpenAsync(server);

        // Idle from here: with 2 s the server ends the connection well within the wait (Kestrel checks
        // once a second); with the default 120 s it is still open when the wait is over.
        Assert.Equal(shortened, await connection.ClosedByServerWithinAsync(TimeSpan.FromSeconds(8)));
    }

    private async Task<ClientResult> CurlAsync(FerryServer server, params string[] arguments)
    {
        var curl = ClientTools.Require("curl");
        var result = await _runner.RunAsync(curl, ["-sS", "-u", server.Credentials, .. arguments], workingDirectory: server.ClientDir);
        Assert.True(result.Succeeded, result.Describe());
        return result;
    }
}
