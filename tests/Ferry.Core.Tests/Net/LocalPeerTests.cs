using System.Net;
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
}
