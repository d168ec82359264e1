using System.Net;
using System.Net.Sockets;
using Ferry.Core.Net;

namespace Ferry.Core.Tests;

public class ClientAddressTests
{
    [Fact]
    public void Normalize_unmaps_ipv4_mapped_ipv6()
    {
        var normalized = ClientAddress.Normalize(IPAddress.Parse("::ffff:192.0.2.7"));

        Assert.Equal(AddressFamily.InterNetwork, normalized.AddressFamily);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), normalized);
    }

    [Fact]
    public void Normalize_drops_the_scope_id()
    {
        var scoped = IPAddress.Parse("fe80::1%3");

        var normalized = ClientAddress.Normalize(scoped);

        Assert.Equal(0, normalized.ScopeId);
        Assert.Equal("fe80::1", normalized.ToString());
        Assert.Equal(3, scoped.ScopeId);
    }

    [Theory]
    [InlineData("192.0.2.7")]
    [InlineData("::1")]
    [InlineData("2001:db8::5")]
    public void Normalize_keeps_plain_addresses(string text)
    {
        var address = IPAddress.Parse(text);

        Assert.Equal(address, ClientAddress.Normalize(address));
    }

    [Fact]
    public void SameHost_matches_mapped_and_plain_ipv4()
    {
        Assert.True(ClientAddress.SameHost(IPAddress.Parse("::ffff:127.0.0.1"), IPAddress.Loopback));
    }

    [Fact]
    public void SameHost_ignores_scope_ids()
    {
        Assert.True(ClientAddress.SameHost(IPAddress.Parse("fe80::1%2"), IPAddress.Parse("fe80::1%7")));
    }

    [Fact]
    public void SameHost_tells_different_hosts_apart()
    {
        Assert.False(ClientAddress.SameHost(IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2")));
        Assert.False(ClientAddress.SameHost(IPAddress.Parse("::1"), IPAddress.Loopback));
    }

    [Fact]
    public void Unmapped_unmaps_ipv4_mapped_ipv6()
    {
        Assert.Equal(IPAddress.Parse("192.0.2.7"), ClientAddress.Unmapped(IPAddress.Parse("::ffff:192.0.2.7")));
    }

    [Fact]
    public void Unmapped_keeps_the_scope_id_a_bind_needs()
    {
        var scoped = IPAddress.Parse("fe80::1%3");

        Assert.Equal(3, ClientAddress.Unmapped(scoped).ScopeId);
    }
}
