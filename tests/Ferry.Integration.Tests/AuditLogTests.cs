using System.Globalization;
using System.Text.Json;

namespace Ferry.Integration.Tests;

/// <summary>
/// The administrator's logs of a real process: curl's FTP upload, download, rename and delete, a WebDAV
/// PUT and a refused logon, read back from the W3C file and xferlog field by field.
/// </summary>
public sealed class AuditLogTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public AuditLogTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    private static FerryServerOptions WithXferlog => new()
    {
        Environment = new Dictionary<string, string> { ["FERRY__LOGS__XFERLOG__ENABLED"] = "true" },
    };

    [Fact]
    public async Task Transfers_renames_deletes_webdav_and_a_bad_logon_are_in_the_w3c_file_and_xferlog()
    {
        await using var server = await FerryServer.StartAsync(_output, WithXferlog);
        var started = DateTime.UtcNow;
        var content = TestFiles.RandomBytes(70_000, seed: 3);
        var source = TestFiles.Write(server.ClientDir, "up.bin", content);

        await CurlAsync(server, ["--user", server.Credentials, "-T", source, server.Url("up.bin")]);
        await CurlAsync(server, ["--user", server.Credentials, "-o", Path.Combine(server.ClientDir, "down.bin"), server.Url("up.bin")]);
        await CurlAsync(server, ["--user", server.Credentials, "-Q", "RNFR up.bin", "-Q", "RNTO moved.bin", "-Q", "DELE moved.bin", "--list-only", server.Url()]);
        var bad = await _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "--max-time", "30", "--user", $"{server.User}:not-the-password", server.Url()]);
        Assert.False(bad.Succeeded, bad.Describe());
        var dav = TestFiles.Write(server.ClientDir, "dav.txt", "hello webdav"u8.ToArray());
        await CurlAsync(server, ["--user", server.Credentials, "-T", dav, server.DavUrl("dav%20file.txt")]);

        // SIGTERM: the writer drains its queue before the process exits, so every line is on disk.
        server.Terminate();
        Assert.Equal(0, await server.WaitForExitAsync(ExitTimeout));
        var ended = DateTime.UtcNow;

        var lines = AuditLogFiles.W3CLines(server);
        Assert.StartsWith("#Software: Ferry ", lines[0], StringComparison.Ordinal);
        Assert.Equal("#Version: 1.0", lines[1]);
        Assert.Matches(@"^#Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", lines[2]);
        Assert.Equal("#Fields: date time c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus sc-bytes cs-bytes time-taken x-session x-protocol cs-host", lines[3]);

        var entries = AuditLogFiles.W3CEntries(server);
        foreach (var entry in entries)
        {
            var when = DateTime.ParseExact(entry["date"] + " " + entry["time"], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            Assert.InRange(when, started.AddSeconds(-1), ended.AddSeconds(1));
            Assert.Equal("127.0.0.1", entry["c-ip"]);
            Assert.InRange(int.Parse(entry["c-port"], CultureInfo.InvariantCulture), 1, 65535);
            Assert.Equal("127.0.0.1", entry["s-ip"]);
            Assert.Equal("0", entry["sc-win32-status"]);
            Assert.Equal("0", entry["sc-substatus"]);
            Assert.True(int.Parse(entry["time-taken"], CultureInfo.InvariantCulture) >= 0);
            Assert.NotEqual("-", entry["x-session"]);
        }

        var ftp = entries.Where(e => e["x-protocol"] == "ftp").ToList();
        Assert.All(ftp, e => Assert.Equal(server.Port.ToString(CultureInfo.InvariantCulture), e["s-port"]));
        Assert.All(ftp, e => Assert.Equal(server.User, e["cs-username"]));

        var stor = Assert.Single(ftp, e => e["cs-method"] == "STOR");
        Assert.Equal(("/up.bin", "226", "0", "70000"), (stor["cs-uri-stem"], stor["sc-status"], stor["sc-bytes"], stor["cs-bytes"]));
        var retr = Assert.Single(ftp, e => e["cs-method"] == "RETR");
        Assert.Equal(("/up.bin", "226", "70000", "0"), (retr["cs-uri-stem"], retr["sc-status"], retr["sc-bytes"], retr["cs-bytes"]));
        Assert.NotEqual(stor["x-session"], retr["x-session"]);
        var rnfr = Assert.Single(ftp, e => e["cs-method"] == "RNFR");
        Assert.Equal(("/up.bin", "350"), (rnfr["cs-uri-stem"], rnfr["sc-status"]));
        var rnto = Assert.Single(ftp, e => e["cs-method"] == "RNTO");
        Assert.Equal(("/moved.bin", "250"), (rnto["cs-uri-stem"], rnto["sc-status"]));
        var dele = Assert.Single(ftp, e => e["cs-method"] == "DELE");
        Assert.Equal(("/moved.bin", "250"), (dele["cs-uri-stem"], dele["sc-status"]));
        Assert.Equal(rnfr["x-session"], dele["x-session"]);

        var passes = ftp.Where(e => e["cs-method"] == "PASS").ToList();
        Assert.Equal(4, passes.Count);
        var refused = Assert.Single(passes, e => e["sc-status"] == "530");
        Assert.Equal("-", refused["cs-uri-stem"]);

        var put = Assert.Single(entries, e => e["cs-method"] == "PUT");
        Assert.Equal(("http", server.WebDavPort.ToString(CultureInfo.InvariantCulture), server.User, "/dav+file.txt", "201", "12"),
            (put["x-protocol"], put["s-port"], put["cs-username"], put["cs-uri-stem"], put["sc-status"], put["cs-bytes"]));

        var xferlog = AuditLogFiles.XferlogLines(server);
        Assert.Equal(3, xferlog.Count);
        AssertXferlog(xferlog[0], "70000", "/up.bin", "i", "ftp");
        AssertXferlog(xferlog[1], "70000", "/up.bin", "o", "ftp");
        AssertXferlog(xferlog[2], "12", "/dav_file.txt", "i", "http");

        Assert.DoesNotContain(server.Password, string.Join('\n', lines), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_formatter_writes_one_json_object_per_line()
    {
        await using var server = await FerryServer.StartAsync(_output, new()
        {
            Environment = new Dictionary<string, string> { ["FERRY__LOGGING__CONSOLE__FORMATTERNAME"] = "json" },
        });
        await using (var client = await RawFtpClient.LogOnAsync(server))
        {
            await client.ExpectCommandAsync("NOOP", 200);
        }

        Assert.True(await server.WaitForOutputAsync("logged on", TimeSpan.FromSeconds(10)), "no logon line");
        var json = server.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith('{')).ToList();
        Assert.NotEmpty(json);
        Assert.DoesNotContain(server.Output.Split('\n'), l => l.Contains(" info: ", StringComparison.Ordinal));
        foreach (var line in json)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", root.GetProperty("Timestamp").GetString());
            Assert.False(string.IsNullOrEmpty(root.GetProperty("LogLevel").GetString()));
            Assert.False(string.IsNullOrEmpty(root.GetProperty("Category").GetString()));
            Assert.False(string.IsNullOrEmpty(root.GetProperty("Message").GetString()));
        }

        Assert.Contains(json, l => l.Contains("Ferry is serving", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_W3C_Enabled_false_writes_no_file()
    {
        await using var server = await FerryServer.StartAsync(_output, new()
        {
            Environment = new Dictionary<string, string> { ["FERRY__LOGS__W3C__ENABLED"] = "false" },
        });
        await using (var client = await RawFtpClient.LogOnAsync(server))
        {
            await client.ExpectCommandAsync("MKD made", 257);
        }

        server.Terminate();
        Assert.Equal(0, await server.WaitForExitAsync(ExitTimeout));
        Assert.True(Directory.Exists(Path.Combine(server.RootDir, "made")));
        Assert.False(Directory.Exists(AuditLogFiles.Folder(server)) && Directory.EnumerateFiles(AuditLogFiles.Folder(server)).Any());
    }

    [Fact]
    public async Task Logs_W3C_Fields_chooses_the_fields_and_their_order_as_IIS_logExtFileFlags_did()
    {
        await using var server = await FerryServer.StartAsync(_output, new()
        {
            Environment = new Dictionary<string, string> { ["FERRY__LOGS__W3C__FIELDS"] = "date time cs-username cs-method cs-uri-stem sc-status s-sitename" },
        });
        await using (var client = await RawFtpClient.LogOnAsync(server))
        {
            await client.ExpectCommandAsync("MKD chosen", 257);
        }

        server.Terminate();
        Assert.Equal(0, await server.WaitForExitAsync(ExitTimeout));
        var lines = AuditLogFiles.W3CLines(server);
        Assert.Equal("#Fields: date time cs-username cs-method cs-uri-stem sc-status s-sitename", lines[3]);
        var mkd = Assert.Single(lines, l => l.Contains(" MKD ", StringComparison.Ordinal)).Split(' ');
        Assert.Equal([server.User, "MKD", "/chosen", "257", "Ferry"], mkd[2..]);
    }

    private static void AssertXferlog(string line, string size, string name, string direction, string service)
    {
        // current-time is five words (ctime's shape); then thirteen fields.
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(18, words.Length);
        Assert.Matches(@"^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} ", line);
        Assert.True(int.Parse(words[5], CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("127.0.0.1", words[6]);
        Assert.Equal([size, name, "b", "_", direction, "r", "alice", service, "0", "*", "c"], words[7..]);
    }

    private async Task CurlAsync(FerryServer server, string[] arguments)
    {
        var result = await _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "--fail", "--max-time", "30", .. arguments], workingDirectory: server.ClientDir);
        Assert.True(result.Succeeded, result.Describe());
    }
}
