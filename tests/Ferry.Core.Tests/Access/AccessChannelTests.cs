using System.Net;
using Ferry.Core.Access;

namespace Ferry.Core.Tests.Access;

public sealed class AccessChannelTests
{
    [Fact]
    public void The_client_address_is_normalised()
    {
        var channel = new AccessChannel("ftp", IPAddress.Parse("::ffff:192.0.2.10"), Protected: false);

        Assert.Equal(IPAddress.Parse("192.0.2.10"), channel.ClientAddress);
    }

    [Fact]
    public void A_channel_names_its_protocol()
    {
        Assert.Throws<ArgumentException>(() => new AccessChannel("", IPAddress.Loopback, Protected: false));
    }
}
