using System.IO.Pipelines;
using System.Net;
using System.Text;
using Ferry.Core.Access;
using Ferry.Serving;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Tests;

public sealed class SessionLimitMiddlewareTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    private readonly SessionRegistry _sessions = new(new SessionLimits(MaxSessions: 10, MaxSessionsPerAddress: 1), TimeProvider.System);

    private SessionLimitMiddleware Middleware() =>
        new(_sessions, "ftp", refusal => $"421 Limit {refusal.Limit} of {refusal.Allowed}.\r\n", NullLogger.Instance);

    [Fact]
    public async Task An_admitted_connection_holds_a_registry_slot_handed_to_the_handler_until_it_ends()
    {
        using var connection = new TestConnection(Client);
        SessionEntry? seen = null;
        var countInside = 0;

        await Middleware().Wrap(context =>
        {
            seen = context.Features.Get<SessionEntryFeature>()?.Session;
            countInside = _sessions.CountFor(Client);
            return Task.CompletedTask;
        })(connection.Context);

        Assert.NotNull(seen);
        Assert.Equal("ftp", seen.Protocol);
        Assert.Equal(Client, seen.ClientAddress);
        Assert.Equal(1, countInside);
        Assert.Equal(0, _sessions.Count);
    }

    [Fact]
    public async Task Beyond_the_limit_the_connection_gets_the_protocols_refusal_line_and_is_closed_without_reaching_the_handler()
    {
        var middleware = Middleware();
        var release = new TaskCompletionSource();
        using var first = new TestConnection(Client);
        var firstRunning = middleware.Wrap(_ => release.Task)(first.Context);

        using var second = new TestConnection(IPAddress.Parse("::ffff:192.0.2.10"));
        var reachedHandler = false;
        await middleware.Wrap(_ =>
        {
            reachedHandler = true;
            return Task.CompletedTask;
        })(second.Context);

        Assert.False(reachedHandler);
        Assert.Equal("421 Limit PerAddress of 1.\r\n", await second.ReadAllAsync());

        release.SetResult();
        await firstRunning;
        using var third = new TestConnection(Client);
        await middleware.Wrap(_ =>
        {
            reachedHandler = true;
            return Task.CompletedTask;
        })(third.Context);
        Assert.True(reachedHandler);
    }

    [Fact]
    public async Task The_slot_is_given_back_when_the_handler_fails()
    {
        using var connection = new TestConnection(Client);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Middleware().Wrap(_ => throw new InvalidOperationException("boom"))(connection.Context));

        Assert.Equal(0, _sessions.Count);
    }
}
