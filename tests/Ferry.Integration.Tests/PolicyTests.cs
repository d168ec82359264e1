using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ferry.Core.Identity;

namespace Ferry.Integration.Tests;

/// <summary>
/// Issue 9's access policy against the real process with real clients: server-wide address rules
/// (421 before the banner, 403 over WebDAV), a drop box driven by curl, an account that requires TLS
/// (ftplib), an account's address rules and session limit, and a reload that refuses an address.
/// Distinct loopback addresses (127.0.0.2) stand for other hosts.
/// </summary>
public sealed class PolicyTests
{
    /// <summary>A cheap hash: these tests are about policy, not hashing cost.</summary>
    private static readonly Pbkdf2PasswordHasher Hasher = new(new PasswordHashOptions { Iterations = 1_000 });

    private static readonly IPAddress Other = IPAddress.Parse("127.0.0.2");

    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(20);

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public PolicyTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task A_connection_from_a_denied_address_gets_421_before_the_banner_and_its_webdav_requests_403()
    {
        await using var server = FerryServer.Create(_output);
        WriteConfig(server, new JsonObject { ["Access"] = new JsonObject { ["DenyFrom"] = new JsonArray("127.0.0.2/32") } });
        await server.LaunchAsync();

        await using (var refused = await RawFtpClient.ConnectFromAsync(Other, server.Host, server.Port))
        {
            var reply = await refused.ReadReplyAsync();
            Assert.Equal("421 Connections from your address are not accepted by this server. Closing the connection.", reply.Text);
            Assert.True(await refused.IsClosedByServerAsync(), "the refused connection stayed open");
        }

        var curl = await CurlAsync(server, ["--interface", "127.0.0.2", "--user", server.Credentials, server.Url()]);
        Assert.False(curl.Succeeded, curl.Describe());
        Assert.Contains("< 421", curl.Stderr, StringComparison.Ordinal);

        Assert.Equal("403", await DavStatusAsync(server, ["--interface", "127.0.0.2", "-u", server.Credentials, server.DavUrl()]));
        Assert.Equal("207", await DavStatusAsync(server, ["-u", server.Credentials, "-X", "PROPFIND", "-H", "Depth: 0", server.DavUrl()]));

        await using var admitted = await RawFtpClient.LogOnAsync(server);
        await admitted.ExpectCommandAsync("NOOP", 200);
        Assert.True(await server.WaitForOutputAsync("Refused FTP connection from 127.0.0.2: the address is not admitted", TimeSpan.FromSeconds(10)), "the refusal was not logged");
    }

    [Fact]
    public async Task A_drop_box_uploads_with_curl_and_cannot_replace_read_list_or_delete()
    {
        await using var server = FerryServer.Create(_output);
        var home = Directory.CreateDirectory(Path.Combine(server.RootDir, "drop", "incoming")).FullName;
        WriteConfig(server, Accounts(Account("drop", "drop-pw", new JsonObject
        {
            ["Permissions"] = "none",
            ["Folders"] = new JsonObject { ["/incoming"] = "write" },
            ["Overwrite"] = false,
        })));
        await server.LaunchAsync();
        var first = TestFiles.Write(server.ClientDir, "report.txt", "first version"u8.ToArray());

        // curl's default: CWD incoming (a folder the account may only write in), then STOR.
        var upload = await CurlAsync(server, ["--fail", "--user", "drop:drop-pw", "-T", first, server.Url("incoming/")]);
        Assert.True(upload.Succeeded, upload.Describe());
        Assert.Contains("> CWD incoming", upload.Stderr, StringComparison.Ordinal);
        Assert.Equal("first version", File.ReadAllText(Path.Combine(home, "report.txt")));

        var second = Path.Combine(Directory.CreateDirectory(Path.Combine(server.ClientDir, "again")).FullName, "report.txt");
        File.WriteAllText(second, "a replacement");
        var again = await CurlAsync(server, ["--fail", "--user", "drop:drop-pw", "-T", second, server.Url("incoming/")]);
        Assert.False(again.Succeeded, again.Describe());
        Assert.Contains("< 553", again.Stderr, StringComparison.Ordinal);
        Assert.Equal("first version", File.ReadAllText(Path.Combine(home, "report.txt")));

        var download = await CurlAsync(server, ["--fail", "--user", "drop:drop-pw", "-o", Path.Combine(server.ClientDir, "stolen.txt"), server.Url("incoming/report.txt")]);
        Assert.False(download.Succeeded, download.Describe());
        Assert.Contains("< 550", download.Stderr, StringComparison.Ordinal);
        var listing = await CurlAsync(server, ["--fail", "--user", "drop:drop-pw", server.Url("incoming/")]);
        Assert.False(listing.Succeeded, listing.Describe());
        Assert.DoesNotContain("report.txt", listing.Stdout, StringComparison.Ordinal);
        var delete = await CurlAsync(server, ["--fail", "--user", "drop:drop-pw", "-Q", "DELE incoming/report.txt", server.Url()]);
        Assert.False(delete.Succeeded, delete.Describe());
        Assert.True(File.Exists(Path.Combine(home, "report.txt")));

        // WebDAV: the same account, the same rule (412 for a name that is there).
        Assert.Equal("201", await DavStatusAsync(server, ["-u", "drop:drop-pw", "-T", first, server.DavUrl("incoming/other.txt")]));
        Assert.Equal("412", await DavStatusAsync(server, ["-u", "drop:drop-pw", "-T", second, server.DavUrl("incoming/other.txt")]));
        Assert.Equal("first version", File.ReadAllText(Path.Combine(home, "other.txt")));
    }

    [Fact]
    public async Task A_tls_account_is_refused_in_the_clear_before_pass_and_an_office_account_from_another_address_at_user()
    {
        await using var server = FerryServer.Create(_output);
        var secureHome = Directory.CreateDirectory(Path.Combine(server.RootDir, "secure")).FullName;
        Directory.CreateDirectory(Path.Combine(server.RootDir, "office"));
        WriteConfig(server, Accounts(
            Account("secure", "secure-pw", new JsonObject { ["Tls"] = new JsonObject { ["Control"] = "Require", ["Data"] = "Require" } }),
            Account("office", "office-pw", new JsonObject { ["AllowFrom"] = new JsonArray("127.0.0.1") })));
        await server.LaunchAsync();

        var python = await _runner.RunAsync(ClientTools.Require(ClientTools.Python),
        [
            "-u", Path.Combine(AppContext.BaseDirectory, "python", "policy.py"),
            "--host", server.Host, "--port", server.Port.ToString(), "--user", "secure", "--password", "secure-pw",
            "--root", secureHome, "--office", "office", "--office-password", "office-pw",
        ], workingDirectory: server.ClientDir);
        PythonScript.AssertPassed(python);

        // WebDAV: plain HTTP names HTTPS; HTTPS signs in.
        var plain = await _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "-u", "secure:secure-pw", "-X", "PROPFIND", "-H", "Depth: 0", server.DavUrl()], workingDirectory: server.ClientDir);
        Assert.Contains($"https://127.0.0.1:{server.WebDavsPort}/", plain.Stdout, StringComparison.Ordinal);
        Assert.Equal("403", await DavStatusAsync(server, ["-u", "secure:secure-pw", "-X", "PROPFIND", "-H", "Depth: 0", server.DavUrl()]));
        Assert.Equal("207", await DavStatusAsync(server, ["-k", "-u", "secure:secure-pw", "-X", "PROPFIND", "-H", "Depth: 0", server.DavUrl(tls: true)]));
        Assert.Equal("403", await DavStatusAsync(server, ["--interface", "127.0.0.2", "-u", "office:office-pw", "-X", "PROPFIND", "-H", "Depth: 0", server.DavUrl()]));
    }

    [Fact]
    public async Task An_accounts_own_session_limit_refuses_its_next_logon_while_others_log_on()
    {
        await using var server = FerryServer.Create(_output);
        Directory.CreateDirectory(Path.Combine(server.RootDir, "single"));
        WriteConfig(server, Accounts(Account("single", "single-pw", new JsonObject { ["MaxSessions"] = 1 })));
        await server.LaunchAsync();

        await using var first = await RawFtpClient.LogOnAsync(server, "single", "single-pw");
        await using var second = await RawFtpClient.ConnectAsync(server.Host, server.Port);
        await second.ExpectAsync(220);
        await second.ExpectCommandAsync("USER single", 331);
        var refused = await second.ExpectCommandAsync("PASS single-pw", 530);
        Assert.Contains("as many sessions open as it may", refused.Text, StringComparison.Ordinal);

        await using var alice = await RawFtpClient.LogOnAsync(server);
        await first.ExpectCommandAsync("QUIT", 221);

        // The slot is given back when the first session has ended, a moment after its 221.
        for (var attempt = 1; ; attempt++)
        {
            await second.ExpectCommandAsync("USER single", 331);
            var reply = await second.CommandAsync("PASS single-pw");
            if (reply.Code == 230)
            {
                break;
            }

            Assert.True(reply.Code == 530 && attempt < MaxLogonAttempts, $"logon {attempt} after the first session ended: {reply.Text}");
            await Task.Delay(100);
        }
    }

    /// <summary>A session's slot is free soon after it ends; this many tries at 100 ms say it never was.</summary>
    private const int MaxLogonAttempts = 50;

    [Fact]
    public async Task A_reload_that_denies_an_address_ends_its_open_session_with_421_and_refuses_its_next_connection()
    {
        await using var server = FerryServer.Create(_output);
        var config = WriteConfig(server, new JsonObject());
        await server.LaunchAsync();
        await using var open = await RawFtpClient.ConnectFromAsync(Other, server.Host, server.Port);
        await open.ExpectAsync(220);
        await open.ExpectCommandAsync($"USER {server.User}", 331);
        await open.ExpectCommandAsync($"PASS {server.Password}", 230);

        WriteConfig(server, new JsonObject { ["Access"] = new JsonObject { ["DenyFrom"] = new JsonArray("127.0.0.2") } }, config);
        server.HangUp();

        var farewell = await open.ReadReplyAsync();
        Assert.Equal(421, farewell.Code);
        Assert.Contains("no longer admitted", farewell.Text, StringComparison.Ordinal);
        Assert.True(await open.IsClosedByServerAsync(), "the denied session stayed open");
        await using var next = await RawFtpClient.ConnectFromAsync(Other, server.Host, server.Port);
        Assert.Equal(421, (await next.ReadReplyAsync()).Code);
        Assert.True(await server.WaitForOutputAsync("Configuration reloaded (", ReloadTimeout), "no reload was logged");
        Assert.DoesNotContain("need a restart", server.Output, StringComparison.Ordinal);
    }

    private async Task<ClientResult> CurlAsync(FerryServer server, IEnumerable<string> arguments) =>
        await _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "-v", "--max-time", "30", .. arguments], workingDirectory: server.ClientDir);

    /// <summary>The HTTP status curl got, as text ("000" when it got none).</summary>
    private async Task<string> DavStatusAsync(FerryServer server, IEnumerable<string> arguments)
    {
        var result = await _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "--max-time", "30", "-o", "/dev/null", "-w", "%{http_code}", .. arguments], workingDirectory: server.ClientDir);
        return result.Stdout.Trim();
    }

    private static JsonObject Account(string name, string password, JsonObject policy)
    {
        var account = new JsonObject { ["Name"] = name, ["PasswordHash"] = Hasher.Hash(password), ["Home"] = name };
        foreach (var (key, value) in policy)
        {
            account[key] = value?.DeepClone();
        }

        return account;
    }

    private static JsonObject Accounts(params JsonObject[] accounts) => new() { ["Accounts"] = new JsonArray([.. accounts]) };

    /// <summary>ferry.json in the server's working folder, written whole and renamed as editors do.</summary>
    private static string WriteConfig(FerryServer server, JsonObject json, string? path = null)
    {
        path ??= Path.Combine(server.WorkingDir, "ferry.json");
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
