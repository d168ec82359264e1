namespace Ferry.Integration.Tests;

/// <summary>
/// IIS FTP's messages (greetingMessage, exitMessage, maxClientsMessage) as Ferry's Ftp:Greeting,
/// Ftp:ExitMessage and Ftp:MaxClientsMessage, seen by curl in the real process, with IIS's
/// %UserName% and %BytesSent% filled in.
/// </summary>
public sealed class MessagesTests(ITestOutputHelper output)
{
    private readonly ClientRunner _runner = new(output);

    [Fact]
    public async Task Curl_sees_the_greeting_above_230_and_ftplib_the_exit_message_with_the_bytes_it_fetched()
    {
        await using var server = await FerryServer.StartAsync(output, FerryServerOptions.Default with
        {
            Environment = new Dictionary<string, string>
            {
                ["FERRY__FTP__GREETING"] = "Hello %UserName%.\nFiles older than 30 days are removed.",
                ["FERRY__FTP__EXITMESSAGE"] = "Bye %UserName%: %BytesSent% bytes sent.",
            },
        });
        File.WriteAllText(Path.Combine(server.RootDir, "ten.txt"), "0123456789");

        var curl = await _runner.RunAsync(ClientTools.Require("curl"),
            ["-sS", "-v", "--max-time", "30", "--user", server.Credentials, server.Url("ten.txt")], workingDirectory: server.ClientDir);

        Assert.True(curl.Succeeded, curl.Describe());
        Assert.Equal("0123456789", curl.Stdout);
        Assert.Contains($"< 230-Hello {server.User}.", curl.Stderr, StringComparison.Ordinal);
        Assert.Contains("< Files older than 30 days are removed.", curl.Stderr, StringComparison.Ordinal);
        Assert.Contains($"< 230 User {server.User} logged in.", curl.Stderr, StringComparison.Ordinal);

        // curl sends QUIT without showing its reply; ftplib's quit() returns it.
        const string Script = """
            import ftplib, sys
            ftp = ftplib.FTP()
            ftp.connect("127.0.0.1", int(sys.argv[1]), timeout=30)
            ftp.login(sys.argv[2], sys.argv[3])
            ftp.retrbinary("RETR ten.txt", lambda chunk: None)
            print(ftp.quit())
            """;
        var ftplib = await _runner.RunAsync(ClientTools.Require(ClientTools.Python),
            ["-c", Script, server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), server.User, server.Password], workingDirectory: server.ClientDir);
        Assert.True(ftplib.Succeeded, ftplib.Describe());
        Assert.Equal($"221 Bye {server.User}: 10 bytes sent.", ftplib.Stdout.Trim());
    }

    [Fact]
    public async Task A_full_server_answers_with_the_max_clients_message()
    {
        await using var server = await FerryServer.StartAsync(output, FerryServerOptions.Default with
        {
            Environment = new Dictionary<string, string>
            {
                ["FERRY__FTP__MAXCONNECTIONS"] = "1",
                ["FERRY__FTP__MAXCLIENTSMESSAGE"] = "The depot server is busy; the scanners retry on their own.",
            },
        });
        await using var first = await FirstSessionAsync(server);

        var curl = await _runner.RunAsync(ClientTools.Require("curl"),
            ["-sS", "-v", "--max-time", "30", "--user", server.Credentials, server.Url()], workingDirectory: server.ClientDir);

        Assert.False(curl.Succeeded, curl.Describe());
        Assert.Contains("< 421 The depot server is busy; the scanners retry on their own.", curl.Stderr, StringComparison.Ordinal);
        await first.ExpectCommandAsync("NOOP", 200);
    }

    /// <summary>
    /// The one session the server allows. The start-up probe's connection may hold the slot for a
    /// moment after it closed, so a 421 is retried, a bounded number of times.
    /// </summary>
    private static async Task<RawFtpClient> FirstSessionAsync(FerryServer server)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RawFtpClient.LogOnAsync(server);
            }
            catch (Exception ex) when (attempt < 50 && ex.Message.Contains("421", StringComparison.Ordinal))
            {
                await Task.Delay(100);
            }
        }
    }
}
