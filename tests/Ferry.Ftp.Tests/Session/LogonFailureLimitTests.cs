using System.Net;
using System.Text;
using Ferry.Core.Access;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>One connection may fail to log on only so often (vsftpd's max_login_fails), then it is closed.</summary>
public sealed class LogonFailureLimitTests
{
    [Fact]
    public async Task The_third_failed_logon_gets_530_and_the_connection_is_closed()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await server.CommandAsync($"USER {FtpTestServer.User}", 331);
            var refused = await server.CommandAsync($"PASS guess-{attempt}", 530);
            Assert.DoesNotContain("Closing", refused.Text, StringComparison.Ordinal);
        }

        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        var last = await server.CommandAsync("PASS guess-3", 530);

        Assert.Contains("Closing the connection after 3 failed logons", last.Text, StringComparison.Ordinal);
        Assert.True(await server.ClosedAsync());
    }

    [Fact]
    public async Task Pipelined_pairs_beyond_the_limit_are_never_checked()
    {
        // The review's case: thirteen USER/PASS pairs in one write on one connection.
        // A ban list that bans at the fourth failure: had a fourth pair been checked, the address would be banned.
        await using var server = new FtpTestServer(bans: new BanOptions { MaxFailuresPerAddress = 4 });
        await server.ExpectAsync(220);
        var pairs = new StringBuilder();
        for (var attempt = 1; attempt <= 13; attempt++)
        {
            pairs.Append($"USER {FtpTestServer.User}\r\nPASS guess-{attempt}\r\n");
        }

        await server.SendRawAsync(Encoding.ASCII.GetBytes(pairs.ToString()));
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await server.ExpectAsync(331);
            await server.ExpectAsync(530);
        }

        Assert.True(await server.ClosedAsync());
        Assert.Empty(server.Access.Bans.CurrentBans());
    }

    [Fact]
    public async Task Failures_before_a_success_do_not_close_and_rein_does_not_reset_the_count()
    {
        await using var server = new FtpTestServer(new FtpOptions { MaxLogonFailures = 2 });
        await server.ExpectAsync(220);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync("PASS guess-1", 530);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);

        await server.CommandAsync("REIN", 220);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        var last = await server.CommandAsync("PASS guess-2", 530);

        Assert.Contains("Closing the connection after 2 failed logons", last.Text, StringComparison.Ordinal);
        Assert.True(await server.ClosedAsync());
    }

    [Fact]
    public async Task A_logon_refused_for_another_reason_does_not_count()
    {
        await using var server = new FtpTestServer(new FtpOptions { MaxLogonFailures = 1 }, limits: new SessionLimits(10, 10, MaxSessionsPerAccount: 1));
        await server.ExpectAsync(220);
        // Another session (of any protocol) holds the account's one slot.
        var client = IPAddress.Parse("192.0.2.7");
        Assert.True(server.Access.Sessions.TryOpen("other", client, out var other, out _));
        using var otherSession = other;
        var request = new AccessRequest(FtpTestServer.User, FtpTestServer.Password, new AccessChannel("other", client, Protected: true));
        Assert.True((await server.Access.SignInAsync(request, other, default)).Granted);

        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        var refused = await server.CommandAsync($"PASS {FtpTestServer.Password}", 530);
        Assert.Contains("sessions", refused.Text, StringComparison.Ordinal);

        await server.CommandAsync("NOOP", 200);
    }
}
