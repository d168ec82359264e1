using System.Net;
using System.Net.Sockets;

namespace Ferry.Bench.Tests;

/// <summary>
/// A session the crowd driver gives up on must end with a reset, not a FIN: a FIN to a server that
/// never accepted the connection is retransmitted for minutes and slows the next server's burst.
/// </summary>
public class FtpClientAbandonTests
{
    [Fact]
    public async Task A_server_that_never_greets_sees_a_reset_when_the_client_gives_up()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var target = new FtpTarget((IPEndPoint)listener.LocalEndPoint!, "u", "p", Tls: false, Epsv: false, "test");
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var connecting = FtpClient.ConnectAsync(target, TimeSpan.FromMilliseconds(300), bounded.Token);
        using var accepted = await listener.AcceptAsync(bounded.Token);
        await Assert.ThrowsAsync<TimeoutException>(async () => await connecting);

        // Bounded by the token: the reset (or a FIN, which fails the test) arrives at once.
        var buffer = new byte[16];
        var error = await Record.ExceptionAsync(async () => await accepted.ReceiveAsync(buffer, bounded.Token));
        var reset = Assert.IsType<SocketException>(error);
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public async Task Abandoning_a_greeted_session_resets_it()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var target = new FtpTarget((IPEndPoint)listener.LocalEndPoint!, "u", "p", Tls: false, Epsv: false, "test");
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var connecting = FtpClient.ConnectAsync(target, TimeSpan.FromSeconds(10), bounded.Token);
        using var accepted = await listener.AcceptAsync(bounded.Token);
        await accepted.SendAsync("220 hello\r\n"u8.ToArray(), bounded.Token);
        var client = await connecting;
        client.Abandon();

        var buffer = new byte[16];
        var error = await Record.ExceptionAsync(async () => await accepted.ReceiveAsync(buffer, bounded.Token));
        var reset = Assert.IsType<SocketException>(error);
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }
}
