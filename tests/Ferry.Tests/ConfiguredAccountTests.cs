using Ferry.Configuration;
using Ferry.Core.Identity;
using Ferry.Core.Paths;

namespace Ferry.Tests;

public sealed class ConfiguredAccountTests
{
    private static IReadOnlyList<Account> Load(params (string Key, string Value)[] values) =>
        ConfiguredAccount.Load(Configs.From(values).GetSection("Accounts"));

    [Fact]
    public void No_accounts_section_gives_no_accounts()
    {
        Assert.Empty(Load());
    }

    [Fact]
    public void Account_with_folder_rules_maps_to_folder_permissions()
    {
        var account = Assert.Single(Load(
            ("Accounts:0:Name", "alice"),
            ("Accounts:0:PasswordHash", "$pbkdf2-sha256$stored"),
            ("Accounts:0:Home", "shared/alice"),
            ("Accounts:0:Permissions", "readonly"),
            ("Accounts:0:Folders:/incoming", "list,write"),
            ("Accounts:0:Folders:/incoming/../pub/", "none")));

        Assert.Equal("alice", account.Name);
        Assert.Equal("$pbkdf2-sha256$stored", account.PasswordHash);
        Assert.Equal("shared/alice", account.HomeDirectory);
        Assert.Equal(Permissions.ReadOnly, account.DefaultPermissions);
        Assert.True(account.Enabled);
        Assert.Equal(
            [
                new FolderPermission(VfsPath.Parse("/incoming"), Permissions.List | Permissions.Write),
                new FolderPermission(VfsPath.Parse("/pub"), Permissions.None),
            ],
            account.FolderPermissions.OrderBy(f => f.Folder.Value, StringComparer.Ordinal));
    }

    [Fact]
    public void Home_defaults_to_the_name_and_permissions_to_all()
    {
        var account = Assert.Single(Load(("Accounts:0:Name", "bob"), ("Accounts:0:PasswordHash", "$h")));

        Assert.Equal("bob", account.HomeDirectory);
        Assert.Equal(Permissions.All, account.DefaultPermissions);
        Assert.Empty(account.FolderPermissions);
    }

    [Theory]
    [InlineData("../y")]
    [InlineData("..")]
    [InlineData("/etc")]
    [InlineData("a/b")]
    [InlineData("C:")]
    public void A_name_that_is_not_a_valid_account_name_throws_naming_the_key(string name)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(("Accounts:0:Name", name), ("Accounts:0:PasswordHash", "$h")));

        Assert.Contains("Accounts:0:Name", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid account name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../y")]
    [InlineData("a/../../y")]
    [InlineData("..")]
    [InlineData("C:x")]
    [InlineData("in\u0001side")]
    public void A_relative_home_that_leaves_the_root_or_is_no_path_throws_naming_the_key(string home)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            Load(("Accounts:0:Name", "bob"), ("Accounts:0:PasswordHash", "$h"), ("Accounts:0:Home", home)));

        Assert.Contains("Accounts:0:Home", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absolute_home_stays_allowed_as_the_administrator_chose_it()
    {
        var home = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "elsewhere"));

        var account = Assert.Single(Load(("Accounts:0:Name", "bob"), ("Accounts:0:PasswordHash", "$h"), ("Accounts:0:Home", home)));

        Assert.Equal(home, account.HomeDirectory);
    }

    [Fact]
    public void Enabled_false_disables_the_account()
    {
        var account = Assert.Single(Load(("Accounts:0:Name", "bob"), ("Accounts:0:PasswordHash", "$h"), ("Accounts:0:Enabled", "false")));

        Assert.False(account.Enabled);
    }

    [Theory]
    [InlineData("no")]
    [InlineData("0")]
    [InlineData("")]
    public void Enabled_that_is_not_true_or_false_throws_naming_the_key(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            Load(("Accounts:0:Name", "bob"), ("Accounts:0:PasswordHash", "$h"), ("Accounts:0:Enabled", value)));

        Assert.Contains("Accounts:0:Enabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_accounts_load_in_order()
    {
        var accounts = Load(
            ("Accounts:0:Name", "alice"),
            ("Accounts:0:PasswordHash", "$a"),
            ("Accounts:1:Name", "bob"),
            ("Accounts:1:PasswordHash", "$b"));

        Assert.Equal(["alice", "bob"], accounts.Select(a => a.Name));
    }

    [Fact]
    public void Missing_password_hash_throws_naming_the_account_path()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(
            ("Accounts:0:Name", "alice"),
            ("Accounts:0:PasswordHash", "$a"),
            ("Accounts:1:Name", "bob"),
            ("Accounts:1:Password", "hunter2")));

        Assert.Contains("Accounts:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("PasswordHash", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_name_throws_naming_the_account_path()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(("Accounts:0:PasswordHash", "$a")));

        Assert.Contains("Accounts:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_permission_word_throws_naming_the_key_and_word()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(
            ("Accounts:0:Name", "alice"),
            ("Accounts:0:PasswordHash", "$a"),
            ("Accounts:0:Permissions", "list,fly")));

        Assert.Contains("Accounts:0:Permissions", error.Message, StringComparison.Ordinal);
        Assert.Contains("fly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_folder_permission_word_throws_naming_the_folder_key()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(
            ("Accounts:0:Name", "alice"),
            ("Accounts:0:PasswordHash", "$a"),
            ("Accounts:0:Folders:/incoming", "upload")));

        Assert.Contains("Accounts:0:Folders:/incoming", error.Message, StringComparison.Ordinal);
        Assert.Contains("upload", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_folder_permissions_throw_rather_than_mean_none()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(
            ("Accounts:0:Name", "alice"),
            ("Accounts:0:PasswordHash", "$a"),
            ("Accounts:0:Folders:/incoming", "")));

        Assert.Contains("Accounts:0:Folders:/incoming", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_that_is_no_path_throws()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(
            ("Accounts:0:Name", "alice"),
            ("Accounts:0:PasswordHash", "$a"),
            ("Accounts:0:Folders:/in\u0001coming", "all")));

        Assert.Contains("Accounts:0:Folders", error.Message, StringComparison.Ordinal);
    }
}
