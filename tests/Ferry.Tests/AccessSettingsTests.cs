using System.Net;
using Ferry.Configuration;
using Ferry.Core.Access;

namespace Ferry.Tests;

public sealed class AccessSettingsTests
{
    [Fact]
    public void Without_an_access_section_every_address_is_admitted_and_accounts_have_no_session_limit()
    {
        var settings = FerrySettings.Load(Configs.From());

        Assert.Equal(AccessSettings.Default, settings.Access);
        Assert.True(settings.Access.Addresses.IsEmpty);
        Assert.Null(settings.Access.MaxSessionsPerAccount);
    }

    [Fact]
    public void The_access_section_is_read()
    {
        var settings = FerrySettings.Load(Configs.From(
            ("Access:AllowFrom:0", "127.0.0.0/8"),
            ("Access:AllowFrom:1", "::1"),
            ("Access:DenyFrom:0", "127.0.0.2"),
            ("Access:MaxSessionsPerAccount", "4")));

        Assert.Equal([IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")], settings.Access.Addresses.Allow.ToArray());
        Assert.Equal([IPNetwork.Parse("127.0.0.2/32")], settings.Access.Addresses.Deny.ToArray());
        Assert.Equal(4, settings.Access.MaxSessionsPerAccount);
    }

    [Theory]
    [InlineData("Access:DenyFrom:0", "10.0.0.0/33")]
    [InlineData("Access:DenyFrom:0", "::ffff:10.0.0.0/95")]
    [InlineData("Access:AllowFrom:0", "fe80::1%eth0")]
    [InlineData("Access:MaxSessionsPerAccount", "-1")]
    [InlineData("Access:MaxSessionsPerAccount", "many")]
    public void A_value_that_cannot_be_used_is_refused_with_its_key(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => FerrySettings.Load(Configs.From((key, value))));

        Assert.Equal(key, Assert.Single(error.Problems).Key);
    }
}
