using System.Net;
using System.Net.Sockets;
using Ferry.Ftp.Data;

namespace Ferry.Ftp.Tests.Data;

public sealed class StallGuardStreamTests : IDisposable
{
    private static readonly TimeSpan ShortStall = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _hang = new(TimeSpan.FromSeconds(20));
    private readonly List<Socket> _sockets = [];

    public void Dispose()
    {
        _sockets.ForEach(s => s.Dispose());
        _hang.Dispose();
    }

    /// <summary>Our end as a NetworkStream, and the peer's socket.</summary>
    private async Task<(NetworkStream Ours, Socket Peer)> PairAsync(bool smallBuffers = false)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (smallBuffers)
        {
            listener.ReceiveBufferSize = 4096;
        }

        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var ours = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (smallBuffers)
        {
            ours.SendBufferSize = 4096;
        }

        await ours.ConnectAsync(listener.LocalEndPoint!);
        var peer = await listener.AcceptAsync(_hang.Token);
        _sockets.Add(ours);
        _sockets.Add(peer);
        return (new NetworkStream(ours), peer);
    }

    [Fact]
    public async Task AReadWithNoDataRaisesDataStall()
    {
        var (ours, _) = await PairAsync();
        await using var guarded = new StallGuardStream(ours, ShortStall);

        var ex = await Assert.ThrowsAsync<DataStallException>(() => guarded.ReadAsync(new byte[16], _hang.Token).AsTask());

        Assert.Equal(ShortStall, ex.Timeout);
        Assert.Contains("No data moved for 0.2 seconds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWriteThePeerNeverTakesRaisesDataStall()
    {
        var (ours, _) = await PairAsync(smallBuffers: true);
        await using var guarded = new StallGuardStream(ours, ShortStall);
        var chunk = new byte[64 * 1024];

        // Bounded: the socket buffers hold a few hundred KiB at most, far below 64 MiB.
        await Assert.ThrowsAsync<DataStallException>(async () =>
        {
            for (var i = 0; i < 1024; i++)
            {
                await guarded.WriteAsync(chunk, _hang.Token);
            }
        });
    }

    [Fact]
    public async Task TheStallIsMeasuredOnTheGivenClock()
    {
        var clock = new ManualTimeProvider();
        var (ours, _) = await PairAsync();
        await using var guarded = new StallGuardStream(ours, TimeSpan.FromSeconds(60), clock);

        var read = guarded.ReadAsync(new byte[16], _hang.Token).AsTask();
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(read.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<DataStallException>(() => read);
    }

    [Fact]
    public async Task TimeBetweenCallsIsNoStall()
    {
        var clock = new ManualTimeProvider();
        var (ours, peer) = await PairAsync();
        await using var guarded = new StallGuardStream(ours, TimeSpan.FromSeconds(60), clock);
        var buffer = new byte[3];

        await peer.SendAsync("abc"u8.ToArray(), SocketFlags.None);
        await guarded.ReadExactlyAsync(buffer, _hang.Token);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, clock.ActiveTimers);

        await peer.SendAsync("def"u8.ToArray(), SocketFlags.None);
        await guarded.ReadExactlyAsync(buffer, _hang.Token);
        Assert.Equal("def"u8.ToArray(), buffer);
    }

    [Fact]
    public async Task DataThatKeepsMovingPassesThrough()
    {
        var (ours, peer) = await PairAsync();
        await using var guarded = new StallGuardStream(ours, TimeSpan.FromSeconds(60));
        var payload = new byte[100_000];
        new Random(1).NextBytes(payload);

        await guarded.WriteAsync(payload, _hang.Token);
        await guarded.FlushAsync(_hang.Token);
        ours.Socket.Shutdown(SocketShutdown.Send);
        Assert.Equal(payload, await Loopback.ReadToEndAsync(peer, _hang.Token));

        await peer.SendAsync(payload, SocketFlags.None);
        peer.Shutdown(SocketShutdown.Send);
        using var received = new MemoryStream();
        await guarded.CopyToAsync(received, _hang.Token);
        Assert.Equal(payload, received.ToArray());
    }

    [Fact]
    public async Task TheCallersCancellationIsNoStall()
    {
        var (ours, _) = await PairAsync();
        await using var guarded = new StallGuardStream(ours, TimeSpan.FromMinutes(5));
        using var cancel = new CancellationTokenSource();

        var read = guarded.ReadAsync(new byte[16], cancel.Token).AsTask();
        await cancel.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.Equal(cancel.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task DisposingClosesTheInnerStreamUnlessLeftOpen()
    {
        var inner = new MemoryStream();
        await new StallGuardStream(inner, TimeSpan.FromSeconds(1), leaveOpen: true).DisposeAsync();
        Assert.True(inner.CanRead);

        await new StallGuardStream(inner, TimeSpan.FromSeconds(1)).DisposeAsync();
        Assert.False(inner.CanRead);
    }
}
