using System.Net;
using System.Text;
using System.Text.Json;
using Ferry.Admin;
using Ferry.Core.Access;
using Ferry.Core.Diagnostics;
using Ferry.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Tests.Admin;

public sealed class AdminApiTests
{
    private const string Token = "test-token";

    private readonly FakeClock _clock = new();
    private readonly SessionRegistry _sessions;
    private readonly FailureTracker _bans;
    private bool _ready = true;

    public AdminApiTests()
    {
        _sessions = new SessionRegistry(SessionLimits.None, _clock);
        _bans = new FailureTracker(new BanOptions { MaxFailuresPerAddress = 2, BanDuration = TimeSpan.FromMinutes(10) }, _clock);
    }

    private AdminApi Api() => new(_sessions, _bans, Token, () => _ready, NullLogger.Instance);

    /// <summary>Runs the request through the token check and the handler, as the admin branch does.</summary>
    private async Task<(int Status, string Body, HttpResponse Response)> SendAsync(string method, string path, string? authorization = "Bearer " + Token)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        var body = new MemoryStream();
        http.Response.Body = body;
        var api = Api();
        await api.RequireToken(http, () => api.HandleAsync(http));
        return (http.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()), http.Response);
    }

    [Theory]
    [InlineData("GET", "/api/sessions")]
    [InlineData("GET", "/api/bans")]
    [InlineData("DELETE", "/api/sessions/1")]
    [InlineData("DELETE", "/api/bans/192.0.2.1")]
    [InlineData("GET", "/metrics")]
    [InlineData("GET", "/nothing")]
    public async Task Without_the_token_every_request_but_the_health_checks_gets_401_with_a_bearer_challenge(string method, string path)
    {
        var (status, body, response) = await SendAsync(method, path, authorization: null);

        Assert.Equal(401, status);
        Assert.StartsWith("Bearer", response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("admin.token", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_gets_401()
    {
        var (status, _, _) = await SendAsync("GET", "/api/sessions", "Bearer wrong-token");

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task Health_checks_need_no_token()
    {
        Assert.Equal(200, (await SendAsync("GET", "/healthz", null)).Status);
        Assert.Equal(200, (await SendAsync("GET", "/readyz", null)).Status);

        _ready = false;
        Assert.Equal(503, (await SendAsync("GET", "/readyz", null)).Status);
        Assert.Equal(200, (await SendAsync("GET", "/healthz", null)).Status);
    }

    [Fact]
    public async Task The_session_list_is_json_with_user_command_and_transfer_progress()
    {
        Assert.True(_sessions.TryOpen("ftp", IPAddress.Parse("192.0.2.7"), out var session, out _));
        using (session)
        {
            session.Command = "RETR /big.iso";
            var transfer = session.BeginTransfer("/big.iso", TransferDirection.Download);
            transfer.Add(4096);
            _clock.Advance(TimeSpan.FromSeconds(4));

            var (status, body, response) = await SendAsync("GET", "/api/sessions");

            Assert.Equal(200, status);
            Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(body);
            var row = Assert.Single(json.RootElement.EnumerateArray().ToArray());
            Assert.Equal(SessionIds.Format(session.Id), row.GetProperty("id").GetString());
            Assert.Equal("ftp", row.GetProperty("protocol").GetString());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("user").ValueKind);
            Assert.Equal("192.0.2.7", row.GetProperty("client").GetString());
            Assert.Equal("RETR /big.iso", row.GetProperty("command").GetString());
            Assert.Equal(_clock.GetUtcNow().AddSeconds(-4), row.GetProperty("connectedAt").GetDateTimeOffset());
            var moving = row.GetProperty("transfer");
            Assert.Equal("/big.iso", moving.GetProperty("path").GetString());
            Assert.Equal("download", moving.GetProperty("direction").GetString());
            Assert.Equal(4096, moving.GetProperty("bytes").GetInt64());
            Assert.Equal(1024, moving.GetProperty("bytesPerSecond").GetDouble());
        }
    }

    [Fact]
    public async Task Deleting_a_session_asks_its_protocol_to_end_it()
    {
        Assert.True(_sessions.TryOpen("ftp", IPAddress.Parse("192.0.2.7"), out var session, out _));
        using (session)
        {
            string? reason = null;
            session.OnCloseRequested(text =>
            {
                reason = text;
                return Task.CompletedTask;
            });

            var (status, _, _) = await SendAsync("DELETE", $"/api/sessions/{SessionIds.Format(session.Id)}");

            Assert.Equal(200, status);
            Assert.Equal(AdminApi.DisconnectReason, reason);
        }
    }

    [Theory]
    [InlineData("999")]
    [InlineData("zz")]
    [InlineData("-1")]
    public async Task Deleting_a_session_that_is_not_open_gets_404(string id)
    {
        Assert.Equal(404, (await SendAsync("DELETE", $"/api/sessions/{id}")).Status);
    }

    [Fact]
    public async Task Bans_are_listed_and_lifted()
    {
        var banned = IPAddress.Parse("198.51.100.9");
        _bans.RecordFailure(banned);
        _bans.RecordFailure(banned);

        var (status, body, _) = await SendAsync("GET", "/api/bans");
        Assert.Equal(200, status);
        using (var json = JsonDocument.Parse(body))
        {
            var row = Assert.Single(json.RootElement.EnumerateArray().ToArray());
            Assert.Equal("198.51.100.9", row.GetProperty("address").GetString());
            Assert.Equal(32, row.GetProperty("prefixLength").GetInt32());
            Assert.Equal(2, row.GetProperty("failures").GetInt32());
        }

        Assert.Equal(200, (await SendAsync("DELETE", "/api/bans/198.51.100.9")).Status);
        Assert.False(_bans.IsBanned(banned));
        Assert.Equal(404, (await SendAsync("DELETE", "/api/bans/198.51.100.9")).Status);
        Assert.Equal(400, (await SendAsync("DELETE", "/api/bans/not-an-address")).Status);
    }

    [Fact]
    public async Task An_unknown_path_gets_404_not_webdav()
    {
        Assert.Equal(404, (await SendAsync("PROPFIND", "/")).Status);
    }
}
