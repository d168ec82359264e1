using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Ferry.Integration.Tests;

/// <summary>
/// The admin endpoint and its CLI against the real process: health checks, the bearer token, the
/// Prometheus metrics moving with a real curl transfer, a session listed by `ferry status` and ended
/// by `ferry session kill`, and a ban listed and lifted by `ferry ban`.
/// </summary>
public sealed class AdminTests
{
    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;
    private readonly FerryCli _cli;

    public AdminTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
        _cli = new FerryCli(output);
    }

    private static HttpClient Http(FerryServer server, bool withToken)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.AdminPort}/"), Timeout = TimeSpan.FromSeconds(15) };
        if (withToken)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(server.DataDir, "admin.token")).Trim());
        }

        return http;
    }

    [Fact]
    public async Task A_taken_admin_port_stops_start_up_naming_the_setting_that_moves_it()
    {
        var work = Directory.CreateTempSubdirectory("ferry-it-adminport-").FullName;
        var ports = PortAllocator.Shared.Allocate();
        // Another program (here: this test) holds the port the admin endpoint wants.
        var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, ports.PassiveHigh);
        holder.Start();
        try
        {
            var result = await _cli.RunAsync(work, new Dictionary<string, string> { ["FERRY__Admin__Port"] = ports.PassiveHigh.ToString() },
                "serve", "--ftp-port", ports.ControlPort.ToString(), "--passive-ports", $"{ports.PassiveLow}-{ports.PassiveHigh - 4}",
                "--webdav-port", "0", "--webdavs-port", "0", "--listen", "127.0.0.1", "--user", "alice:secret-for-port-test");

            Assert.Equal(1, result.ExitCode);
            var output = result.Stdout + result.Stderr;
            Assert.Contains($"Cannot listen on admin port {ports.PassiveHigh}", output, StringComparison.Ordinal);
            Assert.Contains("choose another with Admin:Port", output, StringComparison.Ordinal);

            // One line says it; the host's own copy with the stack trace is not printed before it.
            Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            holder.Stop();
            Directory.Delete(work, recursive: true);
        }
    }

    private Task<ClientResult> FerryAsync(FerryServer server, params string[] arguments) =>
        _cli.RunAsync(server.WorkingDir, server.AdminEnvironment, [.. arguments, "--data", server.DataDir]);

    [Fact]
    public async Task Health_checks_answer_without_a_token_and_everything_else_demands_it()
    {
        await using var server = await FerryServer.StartAsync(_output);
        using var anonymous = Http(server, withToken: false);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("readyz")).StatusCode);
        foreach (var path in new[] { "api/sessions", "api/bans", "metrics" })
        {
            using var refused = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "api/sessions");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrong)).StatusCode);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(server.DataDir, "admin.token")));
        }
    }

    [Fact]
    public async Task The_WebDAV_port_does_not_serve_the_admin_api_even_with_the_token()
    {
        await using var server = await FerryServer.StartAsync(_output);
        using var admin = Http(server, withToken: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, server.DavUrl("api/sessions"));
        request.Headers.Authorization = admin.DefaultRequestHeaders.Authorization;

        using var response = await admin.SendAsync(request);

        // WebDAV's own answer: it wants a Basic logon, and it never lists sessions.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Metrics_scraped_before_and_after_a_curl_upload_and_download_show_the_counters_moved()
    {
        await using var server = await FerryServer.StartAsync(_output);
        using var admin = Http(server, withToken: true);
        var file = Path.Combine(server.ClientDir, "up.bin");
        await File.WriteAllBytesAsync(file, new byte[100_000]);

        var before = await ScrapeAsync(admin);
        var upload = await _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "--fail", "--max-time", "30", "--user", server.Credentials, "-T", file, server.Url("up.bin")]);
        Assert.True(upload.Succeeded, upload.Describe());
        var download = await _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "--fail", "--max-time", "30", "--user", server.Credentials, "-o", Path.Combine(server.ClientDir, "down.bin"), server.Url("up.bin")]);
        Assert.True(download.Succeeded, download.Describe());
        var after = await ScrapeAsync(admin);
        _output.WriteLine(after);

        Assert.Equal(1, Value(after, "ferry_transfers_total", "protocol=\"ftp\"", "direction=\"upload\"", "result=\"ok\"") - Value(before, "ferry_transfers_total", "protocol=\"ftp\"", "direction=\"upload\"", "result=\"ok\""));
        Assert.Equal(1, Value(after, "ferry_transfers_total", "protocol=\"ftp\"", "direction=\"download\"", "result=\"ok\"") - Value(before, "ferry_transfers_total", "protocol=\"ftp\"", "direction=\"download\"", "result=\"ok\""));
        Assert.Equal(100_000, Value(after, "ferry_bytes_received_total", "protocol=\"ftp\"") - Value(before, "ferry_bytes_received_total", "protocol=\"ftp\""));
        Assert.Equal(100_000, Value(after, "ferry_bytes_sent_total", "protocol=\"ftp\"") - Value(before, "ferry_bytes_sent_total", "protocol=\"ftp\""));
        Assert.Equal(2, Value(after, "ferry_logons_total", "protocol=\"ftp\"", "result=\"ok\"") - Value(before, "ferry_logons_total", "protocol=\"ftp\"", "result=\"ok\""));
        Assert.Equal(1, Value(after, "ferry_transfer_duration_seconds_count", "protocol=\"ftp\"", "direction=\"upload\""));
        Assert.Contains("# TYPE ferry_transfers_total counter", after, StringComparison.Ordinal);
        Assert.Contains("# TYPE ferry_transfer_duration_seconds histogram", after, StringComparison.Ordinal);
        Assert.Equal(0, Value(after, "ferry_sessions", "protocol=\"webdav\""));
        Assert.Equal(0, Value(after, "ferry_bans"));
        Assert.Contains("ferry_passive_ports_in_use", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_listed_by_ferry_status_is_ended_by_ferry_session_kill_with_a_421()
    {
        await using var server = await FerryServer.StartAsync(_output);
        await using var client = await RawFtpClient.LogOnAsync(server);
        await client.ExpectCommandAsync("CWD /", 250);

        var status = await FerryAsync(server, "status");

        Assert.True(status.Succeeded, status.Describe());
        var row = status.Stdout.Split('\n').Single(line => line.Contains(" ftp ", StringComparison.Ordinal) && line.Contains(server.User, StringComparison.Ordinal));
        Assert.Contains("127.0.0.1", row, StringComparison.Ordinal);
        Assert.Contains("CWD /", row, StringComparison.Ordinal);
        var id = row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

        var kill = await FerryAsync(server, "session", "kill", id);

        Assert.True(kill.Succeeded, kill.Describe());
        var reply = await client.ReadReplyAsync();
        Assert.Equal(421, reply.Code);
        Assert.Contains("administrator", reply.Text, StringComparison.Ordinal);
        Assert.True(await client.IsClosedByServerAsync());

        var again = await FerryAsync(server, "session", "kill", id);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"No session {id}", again.Stderr, StringComparison.Ordinal);

        // The token opens the admin API: it never reaches a log.
        var token = (await File.ReadAllTextAsync(Path.Combine(server.DataDir, "admin.token"))).Trim();
        Assert.DoesNotContain(token, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_WebDAV_keep_alive_connection_is_listed_with_its_request_and_closed_by_ferry_session_kill()
    {
        await using var server = await FerryServer.StartAsync(_output);
        using var connection = await DavKeepAlive.OpenAsync(server);

        var status = await FerryAsync(server, "status");

        Assert.True(status.Succeeded, status.Describe());
        var row = status.Stdout.Split('\n').Single(line => line.Contains(" webdav ", StringComparison.Ordinal));
        Assert.Contains(server.User, row, StringComparison.Ordinal);
        Assert.Contains("OPTIONS /", row, StringComparison.Ordinal);
        var kill = await FerryAsync(server, "session", "kill", row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
        Assert.True(kill.Succeeded, kill.Describe());

        // The server closes the keep-alive connection: the next read ends (or is reset).
        Assert.True(await connection.ClosedByServerWithinAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task A_ban_after_failed_logons_is_listed_and_lifted_by_ferry_ban()
    {
        await using var server = await FerryServer.StartAsync(_output, new FerryServerOptions
        {
            Environment = new Dictionary<string, string> { ["FERRY__Bans__MaxFailures"] = "2" },
        });
        for (var i = 0; i < 2; i++)
        {
            await using var guess = await RawFtpClient.ConnectAsync(server.Host, server.Port);
            await guess.ExpectAsync(220);
            await guess.CommandAsync($"USER {server.User}");
            Assert.Equal(530, (await guess.CommandAsync("PASS wrong-password")).Code);
        }

        var list = await FerryAsync(server, "ban", "list");

        Assert.True(list.Succeeded, list.Describe());
        Assert.Contains("127.0.0.1/32", list.Stdout, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => RawFtpClient.LogOnAsync(server));

        var remove = await FerryAsync(server, "ban", "remove", "127.0.0.1");

        Assert.True(remove.Succeeded, remove.Describe());
        await using (await RawFtpClient.LogOnAsync(server))
        {
        }

        var empty = await FerryAsync(server, "ban", "list");
        Assert.Contains("No address is banned.", empty.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, (await FerryAsync(server, "ban", "remove", "127.0.0.1")).ExitCode);
    }

    [Fact]
    public async Task Ferry_status_without_a_running_server_says_so()
    {
        await using var server = FerryServer.Create(_output);
        Directory.CreateDirectory(server.DataDir);
        await File.WriteAllTextAsync(Path.Combine(server.DataDir, "admin.token"), "token");

        var status = await FerryAsync(server, "status");

        Assert.Equal(3, status.ExitCode);
        Assert.Contains("Is ferry running", status.Stderr, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of the sample named <paramref name="name"/> with every label given; 0 when there is none yet.</summary>
    private static double Value(string exposition, string name, params string[] labels)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if ((line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
                && labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            {
                // "name{labels} value" or "name{labels} value timestamp".
                var afterName = line.Contains('}', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[name.Length..];
                return double.Parse(afterName.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
