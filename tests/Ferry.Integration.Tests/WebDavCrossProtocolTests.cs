namespace Ferry.Integration.Tests;

/// <summary>
/// One tree, two protocols, one process: what FTP writes WebDAV sees at once and the reverse, and a
/// WebDAV lock binds FTP writers of other accounts (the lock table is shared).
/// </summary>
public sealed class WebDavCrossProtocolTests
{
    private const string LockBody =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>alice's editor</D:owner></D:lockinfo>";

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public WebDavCrossProtocolTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task A_file_uploaded_over_FTP_is_at_once_readable_over_WebDAV_and_the_reverse()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var local = Path.Combine(server.ClientDir, "ftp.txt");
        await File.WriteAllTextAsync(local, "sent by FTP\n");
        await CurlAsync("-T", local, "-u", server.Credentials, server.Url("ftp.txt"));
        Assert.Equal("sent by FTP\n", (await CurlAsync("-u", server.Credentials, server.DavUrl("ftp.txt"))).Stdout);

        var dav = Path.Combine(server.ClientDir, "dav.txt");
        await File.WriteAllTextAsync(dav, "sent by WebDAV\n");
        await CurlAsync("-T", dav, "-u", server.Credentials, server.DavUrl("dav.txt"));
        Assert.Equal("sent by WebDAV\n", (await CurlAsync("-u", server.Credentials, server.Url("dav.txt"))).Stdout);
    }

    [Fact]
    public async Task A_WebDAV_lock_refuses_another_accounts_FTP_upload_with_450_naming_the_holder_and_lets_the_owner_through()
    {
        await using var server = await FerryServer.StartAsync(_output, new() { ExtraArguments = ["--user", "bob:bobs-password"] });
        await File.WriteAllTextAsync(Path.Combine(server.RootDir, "plan.txt"), "original\n");
        var local = Path.Combine(server.ClientDir, "plan.txt");
        await File.WriteAllTextAsync(local, "overwritten\n");

        await CurlAsync("-u", server.Credentials, "-X", "LOCK", "-H", "Content-Type: application/xml", "--data-binary", LockBody, server.DavUrl("plan.txt"));

        var curl = ClientTools.Require("curl");
        var refused = await _runner.RunAsync(curl, ["-sS", "-v", "-T", local, "-u", "bob:bobs-password", server.Url("plan.txt")], workingDirectory: server.ClientDir);
        Assert.False(refused.Succeeded, refused.Describe());
        Assert.Contains("< 450", refused.Stderr);
        Assert.Contains("alice", refused.Stderr);
        Assert.Equal("original\n", await File.ReadAllTextAsync(Path.Combine(server.RootDir, "plan.txt")));

        await CurlAsync("-T", local, "-u", server.Credentials, server.Url("plan.txt"));
        Assert.Equal("overwritten\n", await File.ReadAllTextAsync(Path.Combine(server.RootDir, "plan.txt")));
    }

    [Fact]
    public async Task While_FTP_overwrites_a_file_WebDAV_reads_the_old_version_until_the_upload_completes()
    {
        await using var server = await FerryServer.StartAsync(_output);
        await File.WriteAllTextAsync(Path.Combine(server.RootDir, "price-list.txt"), "old prices\n");
        await using var ftp = await RawFtpClient.LogOnAsync(server);
        await ftp.ExpectCommandAsync("TYPE I", 200);
        using (var data = await ftp.OpenPassiveAsync())
        {
            await ftp.ExpectCommandAsync("STOR price-list.txt", 150);
            var stream = data.GetStream();
            await stream.WriteAsync("new prices, first half "u8.ToArray());
            await stream.FlushAsync();

            // Half the new version is on its way: WebDAV must still see the old one whole.
            Assert.Equal("old prices\n", (await CurlAsync("-u", server.Credentials, server.DavUrl("price-list.txt"))).Stdout);
            await stream.WriteAsync("and second half\n"u8.ToArray());
        }

        await ftp.ExpectAsync(226);
        Assert.Equal("new prices, first half and second half\n", (await CurlAsync("-u", server.Credentials, server.DavUrl("price-list.txt"))).Stdout);
    }

    [Fact]
    public async Task An_FTP_client_on_the_WebDAV_port_gets_an_HTTP_refusal_and_the_server_serves_on()
    {
        await using var server = await FerryServer.StartAsync(_output);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Host, server.WebDavPort);
        var stream = tcp.GetStream();
        await stream.WriteAsync("USER alice\r\nPASS secret\r\n"u8.ToArray());
        using var reader = new StreamReader(stream);
        var status = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.StartsWith("HTTP/1.1 400", status);
        Assert.Equal("", (await CurlAsync("-u", server.Credentials, "-X", "OPTIONS", server.DavUrl())).Stdout);
    }

    private async Task<ClientResult> CurlAsync(params string[] arguments)
    {
        var curl = ClientTools.Require("curl");
        var result = await _runner.RunAsync(curl, ["-sS", .. arguments]);
        Assert.True(result.Succeeded, result.Describe());
        return result;
    }
}
