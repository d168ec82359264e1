using System.Net;
using Ferry.Configuration;
using Microsoft.Extensions.Configuration;

namespace Ferry.Tests.Admin;

public sealed class AdminSettingsTests
{
    private static AdminSettings Load(params (string Key, string Value)[] values) =>
        FerrySettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build()).Admin;

    [Fact]
    public void By_default_it_listens_on_loopback_port_2122()
    {
        var admin = Load();

        Assert.Equal(2122, admin.Port);
        Assert.True(admin.Enabled);
        Assert.Empty(admin.Listen);
        Assert.Equal(IPAddress.Loopback, admin.ClientAddress);
    }

    [Fact]
    public void Port_0_turns_it_off()
    {
        Assert.False(Load(("Admin:Port", "0")).Enabled);
    }

    [Fact]
    public void Listen_addresses_are_taken_and_a_wildcard_is_reached_through_loopback()
    {
        var admin = Load(("Admin:Listen:0", "::"), ("Admin:Listen:1", "10.0.0.5"));

        Assert.Equal([IPAddress.IPv6Any, IPAddress.Parse("10.0.0.5")], admin.Listen);
        Assert.Equal(IPAddress.IPv6Loopback, admin.ClientAddress);
    }

    [Theory]
    [InlineData("Admin:Port", "65536", "Admin:Port")]
    [InlineData("Admin:Port", "-1", "Admin:Port")]
    [InlineData("Admin:Port", "http", "Admin:Port")]
    [InlineData("Admin:Listen:0", "localhost", "Admin:Listen")]
    public void A_bad_value_is_named_by_its_key(string key, string value, string named)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load((key, value)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }
}
