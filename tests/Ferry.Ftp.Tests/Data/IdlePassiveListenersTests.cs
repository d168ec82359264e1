using System.Net;
using System.Net.Sockets;
using Ferry.Ftp.Data;
using Ferry.Testing;

namespace Ferry.Ftp.Tests.Data;

/// <summary>Passive listeners handed from a session that ended to the next session's PASV (through the factory).</summary>
public sealed class IdlePassiveListenersTests : IDisposable
{
    // A safety net so that a broken accept fails the test instead of hanging it; not a measurement.
    private readonly CancellationTokenSource _hang = new(TimeSpan.FromSeconds(20));
    private readonly DataConnectionRegistry _registry = new();
    private readonly RecordingLogger<SocketDataChannelFactory> _logger = new();
    private readonly FakeClock _clock = new();

    public void Dispose()
    {
        _registry.CloseAllAsync().GetAwaiter().GetResult();
        _hang.Dispose();
    }

    private SocketDataChannelFactory Factory() => new(new FtpOptions(), _registry, _logger, new Random(11), _clock);

    /// <summary>A session's PASV and one transfer's connection from <paramref name="client"/>; the listener is left parked.</summary>
    private async Task<IPassiveListener> UsedOnceAsync(SocketDataChannelFactory factory, IPAddress client)
    {
        var listener = await factory.ListenAsync(IPAddress.Loopback, client, _hang.Token);
        Assert.NotNull(listener);
        using (await Loopback.ConnectAsync(listener.LocalEndPoint, from: client))
        await using (await listener.AcceptAsync(_hang.Token))
        {
        }

        return listener;
    }

    [Fact]
    public async Task AListenerItsSessionIsDoneWithServesTheNextSessionOnTheSamePort()
    {
        var factory = Factory();
        var first = await UsedOnceAsync(factory, IPAddress.Loopback);
        var port = first.LocalEndPoint.Port;
        await first.ReleaseAsync();

        await using var second = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);

        Assert.NotNull(second);
        Assert.Equal(port, second.LocalEndPoint.Port);
        using var client = await Loopback.ConnectAsync(second.LocalEndPoint);
        await using var connection = await second.AcceptAsync(_hang.Token);
        await connection.Stream.WriteAsync("ok"u8.ToArray(), _hang.Token);
        await connection.CompleteAsync(_hang.Token);
        Assert.Equal("ok"u8.ToArray(), await Loopback.ReadToEndAsync(client, _hang.Token));
    }

    [Fact]
    public async Task AReusedListenerLetsInOnlyTheNewSessionsClient()
    {
        var factory = Factory();
        var first = await UsedOnceAsync(factory, Loopback.OtherIPv4);
        await first.ReleaseAsync();

        await using var second = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(second);
        Assert.Equal(first.LocalEndPoint.Port, second.LocalEndPoint.Port);
        var accept = second.AcceptAsync(_hang.Token).AsTask();

        // The first session's host is a stranger to the second session.
        using var former = await Loopback.ConnectAsync(second.LocalEndPoint, from: Loopback.OtherIPv4);
        Assert.True(await Loopback.IsClosedByPeerAsync(former, _hang.Token));
        Assert.False(accept.IsCompleted);

        using var client = await Loopback.ConnectAsync(second.LocalEndPoint);
        await using var connection = await accept;
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)client.LocalEndPoint!).Address);
    }

    [Fact]
    public async Task WhatConnectedWhileTheListenerWasIdleIsDroppedBeforeTheNextSessionGetsIt()
    {
        var factory = Factory();
        var first = await UsedOnceAsync(factory, IPAddress.Loopback);
        await first.ReleaseAsync();
        using var stray = await Loopback.ConnectAsync(first.LocalEndPoint);

        await using var second = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);

        Assert.NotNull(second);
        Assert.True(await Loopback.IsClosedByPeerAsync(stray, _hang.Token));
    }

    [Fact]
    public async Task AListenerStillWaitingForItsClientIsClosedWhenReleased()
    {
        var factory = Factory();
        var waiting = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(waiting);

        await waiting.ReleaseAsync();

        Assert.Equal(0, _registry.PassiveListeners);
        await Assert.ThrowsAsync<SocketException>(() => Loopback.ConnectAsync(waiting.LocalEndPoint));
    }

    [Fact]
    public async Task AnIdleListenerIsClosedAfterTheIdleLimit()
    {
        var factory = Factory();
        var first = await UsedOnceAsync(factory, IPAddress.Loopback);
        await first.ReleaseAsync();
        Assert.Equal(1, _registry.PassiveListeners);

        _clock.Advance(IdlePassiveListeners.IdleLimit - TimeSpan.FromSeconds(1));
        Assert.Equal(1, _registry.PassiveListeners);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, _registry.PassiveListeners);
        await Assert.ThrowsAsync<SocketException>(() => Loopback.ConnectAsync(first.LocalEndPoint));
    }

    [Fact]
    public async Task ListenersUsedAgainAreNotClosedByTheSweepOfTheirIdleTime()
    {
        var factory = Factory();
        var first = await UsedOnceAsync(factory, IPAddress.Loopback);
        await first.ReleaseAsync();
        _clock.Advance(IdlePassiveListeners.IdleLimit - TimeSpan.FromSeconds(1));

        await using var second = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(second);
        _clock.Advance(IdlePassiveListeners.IdleLimit);

        using var client = await Loopback.ConnectAsync(second.LocalEndPoint);
        await using var connection = await second.AcceptAsync(_hang.Token);
        Assert.Equal(1, _registry.PassiveListeners);
    }

    [Fact]
    public async Task ShutdownClosesIdleListenersToo()
    {
        var factory = Factory();
        var first = await UsedOnceAsync(factory, IPAddress.Loopback);
        await first.ReleaseAsync();

        await _registry.CloseAllAsync();

        Assert.Equal(0, _registry.PassiveListeners);
        await Assert.ThrowsAsync<SocketException>(() => Loopback.ConnectAsync(first.LocalEndPoint));
    }
}
