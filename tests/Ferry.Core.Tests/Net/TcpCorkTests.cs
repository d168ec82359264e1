using System.Net.Sockets;
using Ferry.Core.Net;
using Ferry.Testing;

namespace Ferry.Core.Tests.Net;

public sealed class TcpCorkTests
{
    [SkippableFact]
    public async Task On_linux_the_cork_is_set_and_pulled()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "TCP_CORK is Linux's.");
        using var sockets = await LoopbackSockets.ConnectAsync();

        Assert.True(TcpCork.TrySet(sockets.Server, true));
        Assert.True(IsSet(sockets.Server));
        Assert.True(TcpCork.TrySet(sockets.Server, false));
        Assert.False(IsSet(sockets.Server));
    }

    [Fact]
    public async Task A_closed_socket_is_not_corked_and_nothing_throws()
    {
        var sockets = await LoopbackSockets.ConnectAsync();
        sockets.Dispose();

        Assert.False(TcpCork.TrySet(sockets.Server, true));
    }

    [Fact]
    public void A_socket_that_is_no_TCP_one_is_not_corked()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        Assert.False(TcpCork.TrySet(udp, true));
    }

    /// <summary>Reads TCP_CORK back from the kernel.</summary>
    internal static bool IsSet(Socket socket)
    {
        Span<byte> value = stackalloc byte[sizeof(int)];
        return socket.GetRawSocketOption(6, 3, value) == sizeof(int) && BitConverter.ToInt32(value) != 0;
    }
}
