using System.Net;
using Ferry.Core.Net;

namespace Ferry.Core.Tests.Net;

public sealed class UrlHostTests
{
    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("::1", "[::1]")]
    [InlineData("2001:db8::7", "[2001:db8::7]")]
    public void An_IPv6_address_is_bracketed_so_that_a_port_can_follow_it(string address, string host)
    {
        Assert.Equal(host, UrlHost.Of(IPAddress.Parse(address)));
    }
}
