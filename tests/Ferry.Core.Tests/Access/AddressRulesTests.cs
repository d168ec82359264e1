using System.Net;
using Ferry.Core.Access;

namespace Ferry.Core.Tests.Access;

public sealed class AddressRulesTests
{
    private static AddressRules Rules(string[]? allow = null, string[]? deny = null) => new()
    {
        Allow = [.. (allow ?? []).Select(IPNetwork.Parse)],
        Deny = [.. (deny ?? []).Select(IPNetwork.Parse)],
    };

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:10.1.2.3")]
    public void No_rule_admits_every_address(string address)
    {
        Assert.True(AddressRules.Any.IsEmpty);
        Assert.True(AddressRules.Any.Admits(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.1.2.3", false)]
    [InlineData("10.255.0.1", false)]
    [InlineData("11.0.0.1", true)]
    [InlineData("::ffff:10.1.2.3", false)] // An IPv4 client on a dual-stack socket matches its IPv4 rule.
    public void A_deny_list_alone_refuses_what_it_names_and_admits_the_rest(string address, bool admitted) =>
        Assert.Equal(admitted, Rules(deny: ["10.0.0.0/8"]).Admits(IPAddress.Parse(address)));

    [Theory]
    [InlineData("192.168.1.7", true)]
    [InlineData("192.168.2.7", false)]
    [InlineData("2001:db8:5::9", true)]
    [InlineData("2001:db9::1", false)]
    [InlineData("::1", false)]
    public void A_non_empty_allow_list_admits_only_what_it_names(string address, bool admitted) =>
        Assert.Equal(admitted, Rules(allow: ["192.168.1.0/24", "2001:db8::/32"]).Admits(IPAddress.Parse(address)));

    [Fact]
    public void Deny_wins_over_allow()
    {
        var rules = Rules(allow: ["127.0.0.0/8"], deny: ["127.0.0.2/32"]);

        Assert.True(rules.Admits(IPAddress.Parse("127.0.0.1")));
        Assert.False(rules.Admits(IPAddress.Parse("127.0.0.2")));
        Assert.False(rules.Admits(IPAddress.Parse("::ffff:127.0.0.2")));
    }

    [Fact]
    public void A_scope_id_does_not_change_the_answer()
    {
        var rules = Rules(deny: ["fe80::/10"]);

        Assert.False(rules.Admits(IPAddress.Parse("fe80::1%2")));
    }

    [Fact]
    public void Rules_compare_by_their_networks_not_by_reference()
    {
        Assert.Equal(Rules(["10.0.0.0/8"], ["10.6.0.0/16"]), Rules(["10.0.0.0/8"], ["10.6.0.0/16"]));
        Assert.NotEqual(Rules(["10.0.0.0/8"]), Rules(deny: ["10.0.0.0/8"]));
        Assert.Equal(AddressRules.Any, new AddressRules());
    }
}
