namespace Ferry.Integration.Tests;

/// <summary>Passwords never reach the server's log, even at Debug, where every command is logged.</summary>
public sealed class SecretLoggingTests
{
    private readonly ITestOutputHelper _output;

    public SecretLoggingTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Debug_logging_masks_the_pass_argument_of_good_and_bad_logons()
    {
        await using var server = await FerryServer.StartAsync(_output, new() { ExtraArguments = ["--log-level", "Debug"] });
        const string wrongPassword = "wrong-password-e7c1";

        await using (var rejected = await RawFtpClient.ConnectAsync(server.Host, server.Port))
        {
            await rejected.ExpectAsync(220);
            await rejected.ExpectCommandAsync($"USER {server.User}", 331);
            // Lower case: verbs are case-insensitive, and so must be the masking.
            await rejected.ExpectCommandAsync($"pass {wrongPassword}", 530);
        }
        await using (var accepted = await RawFtpClient.LogOnAsync(server))
        {
            await accepted.ExpectCommandAsync("NOOP", 200);
        }

        // The NOOP's log line follows both PASS lines, so all of them have been written once it shows.
        Assert.True(await server.WaitForOutputAsync("NOOP", TimeSpan.FromSeconds(10)), "Debug logging does not show commands");
        Assert.Contains("PASS ****", server.Output);
        Assert.DoesNotContain(server.Password, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPassword, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_password_reaches_any_log_the_run_wrote_console_w3c_or_xferlog()
    {
        await using var server = await FerryServer.StartAsync(_output, new()
        {
            ExtraArguments = ["--log-level", "Trace"],
            Environment = new Dictionary<string, string> { ["FERRY__LOGS__XFERLOG__ENABLED"] = "true" },
        });
        const string wrongPassword = "wrong-password-4b9d";
        var runner = new ClientRunner(_output);
        var curl = ClientTools.Require("curl");

        await using (var rejected = await RawFtpClient.ConnectAsync(server.Host, server.Port))
        {
            await rejected.ExpectAsync(220);
            await rejected.ExpectCommandAsync($"USER {server.User}", 331);
            await rejected.ExpectCommandAsync($"PASS {wrongPassword}", 530);
        }

        var file = TestFiles.Write(server.ClientDir, "s.txt", "secret test"u8.ToArray());
        var ftp = await runner.RunAsync(curl, ["-sS", "--fail", "--max-time", "30", "--user", server.Credentials, "-T", file, server.Url("s.txt")]);
        Assert.True(ftp.Succeeded, ftp.Describe());
        var dav = await runner.RunAsync(curl, ["-sS", "--fail", "--max-time", "30", "--user", server.Credentials, "-T", file, server.DavUrl("d.txt")]);
        Assert.True(dav.Succeeded, dav.Describe());
        var badDav = await runner.RunAsync(curl, ["-sS", "--max-time", "30", "-o", "/dev/null", "--user", $"{server.User}:{wrongPassword}", server.DavUrl("d.txt")]);
        Assert.True(badDav.ExitCode == 0, badDav.Describe());

        // After SIGTERM every log is complete: the console is flushed and the audit writer has drained.
        server.Terminate();
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var logs = Directory.GetFiles(AuditLogFiles.Folder(server), "*", SearchOption.AllDirectories);
        Assert.Contains(logs, f => Path.GetFileName(f).StartsWith("u_ex", StringComparison.Ordinal));
        Assert.Contains(logs, f => Path.GetFileName(f) == "xferlog");
        var texts = logs.Select(f => (Name: f, Text: File.ReadAllText(f))).Append((Name: "console", Text: server.Output)).ToList();
        Assert.Contains(texts, t => t.Text.Contains(" PASS - 530 ", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Text.Contains(" GET /d.txt 401 ", StringComparison.Ordinal));
        foreach (var (name, text) in texts)
        {
            Assert.False(text.Contains(server.Password, StringComparison.Ordinal), $"{name} holds the password");
            Assert.False(text.Contains(wrongPassword, StringComparison.Ordinal), $"{name} holds the wrong password");

            // Basic credentials as the client sent them, base64 of user:password.
            var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(server.Credentials));
            Assert.False(text.Contains(basic, StringComparison.Ordinal), $"{name} holds the Authorization header");
        }
    }
}
