using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Identity;

public sealed class AccountPolicyTests
{
    [Fact]
    public void The_default_restricts_nothing()
    {
        var policy = AccountPolicy.Default;

        Assert.True(policy.Addresses.IsEmpty);
        Assert.Null(policy.MaxSessions);
        Assert.True(policy.Overwrite);
        Assert.False(policy.DeniesCommand("SITE"));
        Assert.Equal(TlsPolicy.Allow, policy.Tls);
        Assert.False(policy.Tls.RequiresProtectedLogon);
        Assert.False(policy.Tls.RequiresProtectedData);
    }

    [Theory]
    [InlineData(ControlChannelPolicy.Allow, false)]
    [InlineData(ControlChannelPolicy.Require, true)]
    [InlineData(ControlChannelPolicy.RequireCredentialsOnly, true)]
    public void Both_require_settings_protect_the_logon(ControlChannelPolicy control, bool protectedLogon) =>
        Assert.Equal(protectedLogon, new TlsPolicy(control).RequiresProtectedLogon);

    [Fact]
    public void Denied_commands_compare_without_regard_to_case()
    {
        var policy = new AccountPolicy { DeniedCommands = ["SITE", "dele"] };

        Assert.True(policy.DeniesCommand("site"));
        Assert.True(policy.DeniesCommand("DELE"));
        Assert.False(policy.DeniesCommand("STOR"));
    }

    [Fact]
    public void Policies_compare_by_value_so_that_a_reload_sees_a_change()
    {
        AccountPolicy Make(string command) => new()
        {
            Addresses = new AddressRules { Allow = [IPNetwork.Parse("10.0.0.0/8")] },
            DeniedCommands = [command],
            Overwrite = false,
            Tls = new TlsPolicy(ControlChannelPolicy.Require),
        };

        Assert.Equal(Make("SITE"), Make("SITE"));
        Assert.NotEqual(Make("SITE"), Make("DELE"));
        Assert.NotEqual(Make("SITE"), Make("SITE") with { MaxSessions = 1 });
        Assert.Equal(AccountPolicy.Default, new AccountPolicy());
    }

    [Fact]
    public void An_account_carries_its_policy_through_with()
    {
        var account = new Account("drop", "hash", "/srv/drop", Permissions.Write, []) { Policy = new AccountPolicy { Overwrite = false } };

        Assert.False((account with { Enabled = false }).Policy.Overwrite);
        Assert.Same(AccountPolicy.Default, new Account("a", "h", "/srv/a", Permissions.All, []).Policy);
    }
}
