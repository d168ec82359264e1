using Ferry.Configuration;
using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Serving;

namespace Ferry.Tests;

/// <summary>Quota and Bandwidth keys in ferry.json, per account and for the server.</summary>
public sealed class AccountLimitsSettingsTests
{
    private static Account LoadOne(params (string Key, string Value)[] values) =>
        Assert.Single(ConfiguredAccount.Load(Configs.From([("Accounts:0:Name", "alice"), ("Accounts:0:PasswordHash", "$h"), .. values]).GetSection("Accounts")));

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1048576", 1_048_576L)]
    [InlineData("10GB", 10_000_000_000L)]
    [InlineData("10 gb", 10_000_000_000L)]
    [InlineData("512 MiB", 536_870_912L)]
    [InlineData("1KiB", 1024L)]
    [InlineData("2TB", 2_000_000_000_000L)]
    [InlineData("7B", 7L)]
    public void A_size_is_a_whole_number_with_an_optional_unit(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10G")]
    [InlineData("1.5GB")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("10  GB")]
    [InlineData(" 10GB")]
    [InlineData("10GBs")]
    [InlineData("ten")]
    [InlineData("99999999999TB")]
    [InlineData("10 kb/s")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _));
    }

    [Fact]
    public void An_account_without_limit_keys_has_none()
    {
        Assert.Same(AccountLimits.None, LoadOne().Limits);
    }

    [Fact]
    public void Quota_and_bandwidth_keys_become_the_account_s_limits()
    {
        var account = LoadOne(
            ("Accounts:0:Quota:Bytes", "10GB"),
            ("Accounts:0:Quota:Files", "1000"),
            ("Accounts:0:Bandwidth:UploadBytesPerSecond", "1MiB"),
            ("Accounts:0:Bandwidth:DownloadBytesPerSecond", "200000"));

        Assert.Equal(new AccountLimits(new QuotaLimits(10_000_000_000, 1000), new BandwidthLimits(1_048_576, 200_000)), account.Limits);
    }

    [Theory]
    [InlineData("Accounts:0:Quota:Bytes", "lots")]
    [InlineData("Accounts:0:Quota:Files", "1k")]
    [InlineData("Accounts:0:Quota:Files", "-3")]
    [InlineData("Accounts:0:Bandwidth:UploadBytesPerSecond", "1000")]
    [InlineData("Accounts:0:Bandwidth:DownloadBytesPerSecond", "fast")]
    public void A_value_that_cannot_be_used_stops_the_load_naming_its_key(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => LoadOne((key, value)));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_server_bandwidth_section_is_read_and_absent_means_none()
    {
        Assert.Same(BandwidthLimits.None, FerrySettings.Load(Configs.From()).Bandwidth);
        Assert.Equal(new BandwidthLimits(null, 100_000_000), FerrySettings.Load(Configs.From(("Bandwidth:DownloadBytesPerSecond", "100MB"))).Bandwidth);
    }

    [Fact]
    public void An_unknown_key_in_a_quota_is_refused()
    {
        var error = Assert.Throws<ConfigurationException>(() => FerrySettings.Load(Configs.From(
            ("Accounts:0:Name", "alice"), ("Accounts:0:PasswordHash", "$h"), ("Accounts:0:Quota:Byte", "10"))));
        Assert.Contains("Quota:Byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_access_service_carries_the_server_s_bandwidth_and_a_reload_replaces_it()
    {
        var shared = SharedAccess.Create(
            FerrySettings.Load(Configs.From(("Bandwidth:UploadBytesPerSecond", "1MB"))), new InMemoryAccountStore(),
            new Pbkdf2PasswordHasher(new PasswordHashOptions { Iterations = 1000 }), _ => throw new IOException("no storage here"),
            _ => new LockSite("root", VfsPath.Root), TimeProvider.System);
        Assert.Equal(new BandwidthLimits(1_000_000, null), shared.Access.Limiters!.Bandwidth.Global);

        await shared.ReconfigureAsync(FerrySettings.Load(Configs.From()));

        Assert.Same(BandwidthLimits.None, shared.Access.Limiters.Bandwidth.Global);
    }

    [Fact]
    public async Task A_reload_that_changes_only_an_account_s_limits_counts_as_a_change()
    {
        var shared = SharedAccess.Create(
            FerrySettings.Load(Configs.From()), new InMemoryAccountStore(),
            new Pbkdf2PasswordHasher(new PasswordHashOptions { Iterations = 1000 }), _ => throw new IOException("no storage here"),
            _ => new LockSite("root", VfsPath.Root), TimeProvider.System);
        var before = LoadOne();
        var store = new InMemoryAccountStore([before]);

        var counts = await new FileAccountChanges(store, shared.Access).ApplyAsync([before with { Limits = AccountLimits.None with { Quota = new QuotaLimits(10, null) } }]);

        Assert.Equal(1, counts.Changed);
        Assert.Equal(10, (await store.FindAsync("alice", CancellationToken.None))!.Limits.Quota.Bytes);
    }
}
