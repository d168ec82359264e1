using System.Net;
using Ferry.Configuration;
using Ferry.Core.Identity;

namespace Ferry.Tests;

public sealed class ConfiguredAccountPolicyTests
{
    private static Account Load(params (string Key, string Value)[] values) =>
        Assert.Single(ConfiguredAccount.Load(Configs.From([("Accounts:0:Name", "drop"), ("Accounts:0:PasswordHash", "$h"), .. values]).GetSection("Accounts")));

    [Fact]
    public void An_account_without_policy_keys_has_the_default_policy()
    {
        Assert.Same(AccountPolicy.Default, Load().Policy);
    }

    [Fact]
    public void Every_policy_key_is_read()
    {
        var policy = Load(
            ("Accounts:0:AllowFrom:0", "10.0.0.0/8"),
            ("Accounts:0:AllowFrom:1", "2001:db8::/32"),
            ("Accounts:0:DenyFrom:0", "10.6.6.6"),
            ("Accounts:0:MaxSessions", "2"),
            ("Accounts:0:Overwrite", "false"),
            ("Accounts:0:DenyCommands:0", "site"),
            ("Accounts:0:DenyCommands:1", "DELE"),
            ("Accounts:0:Tls:Control", "RequireCredentialsOnly"),
            ("Accounts:0:Tls:Data", "require")).Policy;

        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("2001:db8::/32")], policy.Addresses.Allow.ToArray());
        Assert.Equal([IPNetwork.Parse("10.6.6.6/32")], policy.Addresses.Deny.ToArray());
        Assert.Equal(2, policy.MaxSessions);
        Assert.False(policy.Overwrite);
        Assert.Equal(["SITE", "DELE"], policy.DeniedCommands.ToArray());
        Assert.Equal(new TlsPolicy(ControlChannelPolicy.RequireCredentialsOnly, DataChannelPolicy.Require), policy.Tls);
    }

    [Theory]
    [InlineData("SslAllow", ControlChannelPolicy.Allow)]
    [InlineData("SslRequire", ControlChannelPolicy.Require)]
    [InlineData("SslRequireCredentialsOnly", ControlChannelPolicy.RequireCredentialsOnly)]
    public void Iis_names_of_the_ssl_policy_are_understood(string text, ControlChannelPolicy expected) =>
        Assert.Equal(expected, Load(("Accounts:0:Tls:Control", text)).Policy.Tls.Control);

    [Fact]
    public void A_single_value_stands_for_a_list_of_one_and_an_ipv4_mapped_network_is_unmapped()
    {
        var policy = Load(("Accounts:0:DenyFrom", "::ffff:192.0.2.0/120"), ("Accounts:0:DenyCommands", "SITE")).Policy;

        Assert.Equal([IPNetwork.Parse("192.0.2.0/24")], policy.Addresses.Deny.ToArray());
        Assert.False(policy.Addresses.Admits(IPAddress.Parse("::ffff:192.0.2.9")));
        Assert.Equal(["SITE"], policy.DeniedCommands.ToArray());
    }

    [Fact]
    public void Every_mistake_is_reported_at_once_with_its_key()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(
            ("Accounts:0:AllowFrom:0", "10.0.0.1/8"),
            ("Accounts:0:DenyFrom:0", "not-an-address"),
            ("Accounts:0:MaxSessions", "0"),
            ("Accounts:0:Overwrite", "no"),
            ("Accounts:0:DenyCommands:0", "FROB"),
            ("Accounts:0:DenyCommands:1", "USER"),
            ("Accounts:0:Tls:Control", "Maybe"),
            ("Accounts:0:Tls:Data", "RequireCredentialsOnly")));

        Assert.Equal(
            [
                "Accounts:0:AllowFrom:0", "Accounts:0:DenyCommands:0", "Accounts:0:DenyCommands:1", "Accounts:0:DenyFrom:0",
                "Accounts:0:MaxSessions", "Accounts:0:Overwrite", "Accounts:0:Tls:Control", "Accounts:0:Tls:Data",
            ],
            error.Problems.Select(problem => problem.Key).Order(StringComparer.Ordinal));
        Assert.Contains(error.Problems, problem => problem.Message.Contains("first address: 10.0.0.0/8", StringComparison.Ordinal));
        Assert.Contains(error.Problems, problem => problem.Message.Contains("USER cannot be denied", StringComparison.Ordinal));
        Assert.Contains(error.Problems, problem => problem.Message.Contains("'FROB' is not an FTP command", StringComparison.Ordinal));
    }

    [Fact]
    public void The_policy_keys_are_known_keys_and_a_misspelt_one_is_not()
    {
        var settings = FerrySettings.Load(Configs.From(
            ("Accounts:0:Name", "drop"),
            ("Accounts:0:PasswordHash", "$h"),
            ("Accounts:0:AllowFrom:0", "127.0.0.1"),
            ("Accounts:0:DenyFrom", "127.0.0.2"),
            ("Accounts:0:Overwrite", "false"),
            ("Accounts:0:Tls:Data", "Require")));
        Assert.False(Assert.Single(settings.Accounts).Policy.Overwrite);

        var error = Assert.Throws<ConfigurationException>(() => FerrySettings.Load(Configs.From(
            ("Accounts:0:Name", "drop"), ("Accounts:0:PasswordHash", "$h"), ("Accounts:0:Tls:Contrl", "Require"))));
        Assert.Contains("Tls:Contrl", Assert.Single(error.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_that_demands_tls_on_a_server_without_tls_is_refused_when_loaded()
    {
        var error = Assert.Throws<ConfigurationException>(() => FerrySettings.Load(Configs.From(
            ("Tls:Mode", "Disabled"),
            ("Accounts:0:Name", "secure"), ("Accounts:0:PasswordHash", "$h"), ("Accounts:0:Tls:Control", "SslRequire"),
            ("Accounts:1:Name", "plain"), ("Accounts:1:PasswordHash", "$h"), ("Accounts:1:Tls:Control", "Allow"))));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("Accounts:0:Tls:Control", problem.Key);
        Assert.Contains("offers no TLS", problem.Message, StringComparison.Ordinal);
    }
}
