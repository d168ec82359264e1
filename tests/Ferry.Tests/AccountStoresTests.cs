using Ferry.Cli;
using Ferry.Core.Identity;
using Ferry.Serving;

namespace Ferry.Tests;

public sealed class AccountStoresTests
{
    // A low count keeps the test fast; the hash format does not depend on it.
    private readonly Pbkdf2PasswordHasher _hasher = new(new PasswordHashOptions { Iterations = 1000 });

    [Fact]
    public void User_flag_makes_an_account_with_full_rights_on_the_root()
    {
        var account = Assert.Single(AccountStores.FromUserFlags(["alice:pa:ss"], _hasher));

        Assert.Equal("alice", account.Name);
        Assert.Equal("", account.HomeDirectory);
        Assert.Equal(Permissions.All, account.DefaultPermissions);
        Assert.Empty(account.FolderPermissions);
        Assert.True(account.Enabled);
        Assert.True(_hasher.Verify("pa:ss", account.PasswordHash));
        Assert.False(_hasher.Verify("pa", account.PasswordHash));
        Assert.DoesNotContain("pa:ss", account.PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_user_flag_makes_one_account()
    {
        var accounts = AccountStores.FromUserFlags(["alice:one", "bob:two"], _hasher);

        Assert.Equal(["alice", "bob"], accounts.Select(a => a.Name));
        Assert.True(_hasher.Verify("two", accounts[1].PasswordHash));
    }

    [Fact]
    public void Value_without_a_colon_is_a_usage_error()
    {
        var error = Assert.Throws<UsageException>(() => AccountStores.FromUserFlags(["alice"], _hasher));

        Assert.Contains("NAME:PASSWORD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_without_a_name_is_a_usage_error_that_hides_the_password()
    {
        var error = Assert.Throws<UsageException>(() => AccountStores.FromUserFlags([":hunter2"], _hasher));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..:pw")]
    [InlineData("../x:pw")]
    [InlineData("/etc:pw")]
    [InlineData("a/b:pw")]
    [InlineData(".hidden:pw")]
    public void A_name_that_is_not_a_valid_account_name_is_a_usage_error(string value)
    {
        var error = Assert.Throws<UsageException>(() => AccountStores.FromUserFlags([value], _hasher));

        Assert.Contains("--user", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid account name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", error.Message.Replace("--user", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_password_is_a_usage_error()
    {
        Assert.Throws<UsageException>(() => AccountStores.FromUserFlags(["alice:"], _hasher));
    }
}
