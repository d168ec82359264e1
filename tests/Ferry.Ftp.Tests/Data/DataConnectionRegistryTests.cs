using System.Net;
using System.Net.Sockets;
using Ferry.Ftp.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Ftp.Tests.Data;

public sealed class DataConnectionRegistryTests : IDisposable
{
    private readonly CancellationTokenSource _hang = new(TimeSpan.FromSeconds(20));
    private readonly DataConnectionRegistry _registry = new();

    public void Dispose() => _hang.Dispose();

    private SocketDataChannelFactory Factory() =>
        new(new FtpOptions(), _registry, NullLogger<SocketDataChannelFactory>.Instance);

    [Fact]
    public async Task CloseAllClosesOpenConnectionsAndListeners()
    {
        var factory = Factory();
        var accepting = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(accepting);
        using var client = await Loopback.ConnectAsync(accepting.LocalEndPoint);
        var passive = await accepting.AcceptAsync(_hang.Token);
        var waiting = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(waiting);
        using var server = Loopback.Listen(IPAddress.Loopback);
        var active = await factory.ConnectAsync((IPEndPoint)server.LocalEndPoint!, IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        using var activePeer = await server.AcceptAsync(_hang.Token);
        // Two listeners (one parked after its accept, one waiting), two connections.
        Assert.Equal(4, _registry.Count);

        await _registry.CloseAllAsync();

        Assert.Equal(0, _registry.Count);
        Assert.True(await Loopback.IsClosedByPeerAsync(client, _hang.Token));
        Assert.True(await Loopback.IsClosedByPeerAsync(activePeer, _hang.Token));
        var refused = await Assert.ThrowsAsync<SocketException>(() => Loopback.ConnectAsync(waiting.LocalEndPoint));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

        Assert.False(accepting.TryReuse(), "a parked listener the registry closed cannot be used again");

        // Disposing after the registry closed them is harmless.
        await accepting.DisposeAsync();
        await passive.DisposeAsync();
        await active.DisposeAsync();
        await waiting.DisposeAsync();
    }

    [Fact]
    public async Task NothingNewOpensAfterCloseAll()
    {
        await _registry.CloseAllAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
            await Factory().ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token));
        Assert.Equal(0, _registry.Count);
    }

    [Fact]
    public async Task ItemsLeaveWhenDisposed()
    {
        var factory = Factory();
        var listeners = new List<IPassiveListener>();
        for (var i = 0; i < 5; i++)
        {
            listeners.Add((await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token))!);
        }

        Assert.Equal(5, _registry.Count);
        foreach (var listener in listeners)
        {
            await listener.DisposeAsync();
        }

        Assert.Equal(0, _registry.Count);
    }
}
