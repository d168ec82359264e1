using System.Net;
using System.Net.Sockets;
using Ferry.Core.Net;

namespace Ferry.Core.Tests.Net;

public sealed class LocalPeerTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.5.6.7", true)]
    [InlineData("::1", "::1", true)]
    [InlineData("::ffff:127.0.0.1", "::ffff:127.0.0.1", true)]
    [InlineData("192.0.2.10", "192.0.2.10", true)] // this machine's own address, from itself
    [InlineData("::ffff:192.0.2.10", "192.0.2.10", true)]
    [InlineData("2001:db8::5", "2001:db8::5", true)]
    [InlineData("192.0.2.10", "192.0.2.11", false)]
    [InlineData("::ffff:192.0.2.10", "::ffff:198.51.100.7", false)]
    [InlineData("2001:db8::5", "2001:db8::6", false)]
    public void A_peer_is_on_this_machine_when_it_is_loopback_or_our_own_address(string local, string remote, bool onThisMachine)
    {
        Assert.Equal(onThisMachine, LocalPeer.Is(IPAddress.Parse(local), IPAddress.Parse(remote)));
    }

    [Fact]
    public async Task A_connected_loopback_socket_is_local()
    {
        var (ours, peer) = await PairAsync();
        using (ours)
        using (peer)
        {
            Assert.True(LocalPeer.Is(ours));
        }
    }

    [Fact]
    public async Task A_socket_whose_peer_reset_before_it_was_asked_is_taken_for_a_remote_one_without_throwing()
    {
        var (ours, peer) = await PairAsync();
        using (ours)
        {
            peer.LingerState = new LingerOption(true, 0); // close sends RST, not FIN
            peer.Dispose();

            // Wait (bounded) until the reset has arrived, without a call that would tell .NET of it:
            // the kernel then refuses the peer's address, as it did to a data connection reset mid-upload.
            Assert.True(ours.Poll(TimeSpan.FromSeconds(20), SelectMode.SelectRead));

            Assert.False(LocalPeer.Is(ours));
        }
    }

    private static async Task<(Socket Ours, Socket Peer)> PairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var ours = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await ours.ConnectAsync(listener.LocalEndPoint!);
        return (ours, await listener.AcceptAsync());
    }
}
