using System.Net;
using System.Net.Sockets;

namespace Ferry.Bench.Tests;

/// <summary>
/// A session the crowd driver gives up on must end with a reset, not a FIN: a FIN to a server that
/// never accepted the connection is retransmitted for minutes and slows the next server's burst.
/// </summary>
public sealed class FtpClientAbandonTests : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _bounded = new(TimeSpan.FromSeconds(30));
    private readonly FtpTarget _target;

    public FtpClientAbandonTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
        _target = new FtpTarget((IPEndPoint)_listener.LocalEndPoint!, "u", "p", Tls: false, Epsv: false, "test");
    }

    [Fact]
    public async Task A_server_that_never_greets_sees_a_reset_when_the_client_gives_up()
    {
        var connecting = FtpClient.ConnectAsync(_target, TimeSpan.FromMilliseconds(300), _bounded.Token);
        using var accepted = await _listener.AcceptAsync(_bounded.Token);
        await Assert.ThrowsAsync<TimeoutException>(async () => await connecting);

        await AssertResetAsync(accepted);
    }

    [Fact]
    public async Task Abandoning_a_greeted_session_resets_it()
    {
        var connecting = FtpClient.ConnectAsync(_target, TimeSpan.FromSeconds(10), _bounded.Token);
        using var accepted = await _listener.AcceptAsync(_bounded.Token);
        await accepted.SendAsync("220 hello\r\n"u8.ToArray(), _bounded.Token);
        var client = await connecting;
        client.Abandon();

        await AssertResetAsync(accepted);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _bounded.Dispose();
    }

    /// <summary>Bounded by the token: the reset (or a FIN, which fails the test) arrives at once.</summary>
    private async Task AssertResetAsync(Socket accepted)
    {
        var buffer = new byte[16];
        var error = await Record.ExceptionAsync(async () => await accepted.ReceiveAsync(buffer, _bounded.Token));
        var reset = Assert.IsType<SocketException>(error);
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }
}
