using System.Collections.Immutable;
using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Microsoft.Data.Sqlite;

namespace Ferry.Accounts.Sql.Tests;

/// <summary>An account's limits and policy in the embedded store: round trip, and an older database upgraded.</summary>
public sealed class AccountSettingsStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ferry-settings-").FullName;
    private readonly List<SqliteAccountStore> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "accounts.db");

    public void Dispose()
    {
        _stores.ForEach(store => store.Dispose());
        Directory.Delete(_directory, recursive: true);
    }

    private static readonly AccountLimits Limits = new(new QuotaLimits(10_000_000_000, 5000), new BandwidthLimits(2 * 1024 * 1024, 4096));

    private static readonly AccountPolicy Policy = new()
    {
        Addresses = new AddressRules { Allow = [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("::1/128")], Deny = [IPNetwork.Parse("10.1.2.3/32")] },
        MaxSessions = 2,
        Overwrite = false,
        DeniedCommands = ["SITE", "DELE"],
        Tls = new TlsPolicy(ControlChannelPolicy.RequireCredentialsOnly, DataChannelPolicy.Require),
    };

    private async Task<SqliteAccountStore> CreateStoreAsync()
    {
        var store = new SqliteAccountStore(DatabasePath);
        _stores.Add(store);
        await store.EnsureCreatedAsync();
        return store;
    }

    private static Account Make(string name) =>
        new(name, "$pbkdf2-sha256$i=1000$salt$hash", name, Permissions.All, ImmutableArray<FolderPermission>.Empty);

    [Fact]
    public async Task Limits_and_policy_come_back_equal_after_add_and_after_update()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Make("alice") with { Limits = Limits, Policy = Policy }, default);

        var found = await store.FindAsync("alice", default);
        Assert.NotNull(found);
        Assert.Equal(Limits, found.Limits);
        Assert.Equal(Policy, found.Policy);

        var changed = Policy with { Overwrite = true, MaxSessions = null, DeniedCommands = [] };
        Assert.True(await store.UpdateAsync(found with { Limits = AccountLimits.None, Policy = changed }, default));
        var updated = (await store.ListAsync(default)).Single();
        Assert.Same(AccountLimits.None, updated.Limits);
        Assert.Equal(changed, updated.Policy);
    }

    [Fact]
    public async Task An_account_without_settings_is_stored_as_an_empty_object_and_read_as_defaults()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Make("bob"), default);

        using (var connection = Open())
        {
            Assert.Equal("{}", Scalar(connection, "SELECT settings_json FROM accounts"));
        }

        var found = await store.FindAsync("bob", default);
        Assert.Same(AccountLimits.None, found!.Limits);
        Assert.Same(AccountPolicy.Default, found.Policy);
    }

    [Fact]
    public async Task A_version_1_database_is_upgraded_and_its_accounts_keep_working_without_limits()
    {
        using (var connection = Open())
        {
            Scalar(connection, """
                CREATE TABLE schema_version (version INTEGER NOT NULL);
                INSERT INTO schema_version VALUES (1);
                CREATE TABLE accounts (
                    name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE, password_hash TEXT NOT NULL, home_directory TEXT NOT NULL,
                    default_permissions INTEGER NOT NULL, folder_permissions TEXT NOT NULL, enabled INTEGER NOT NULL, created_utc TEXT NOT NULL);
                INSERT INTO accounts VALUES ('old', '$h', 'old', 1, '[]', 1, '2024-01-01T00:00:00Z');
                """);
        }

        var store = await CreateStoreAsync();
        var old = await store.FindAsync("old", default);

        Assert.NotNull(old);
        Assert.Equal("$h", old.PasswordHash);
        Assert.Same(AccountLimits.None, old.Limits);
        Assert.Same(AccountPolicy.Default, old.Policy);
        using (var connection = Open())
        {
            Assert.Equal(2L, Scalar(connection, "SELECT version FROM schema_version"));
        }

        Assert.True(await store.UpdateAsync(old with { Limits = Limits }, default));
        Assert.Equal(Limits, (await store.FindAsync("old", default))!.Limits);
    }

    [Fact]
    public void The_json_uses_the_configuration_files_key_names_and_value_forms()
    {
        var json = AccountSettingsJson.Write(Limits, Policy);

        Assert.Equal(
            "{\"Quota\":{\"Bytes\":10000000000,\"Files\":5000},\"Bandwidth\":{\"UploadBytesPerSecond\":2097152,\"DownloadBytesPerSecond\":4096},"
            + "\"AllowFrom\":[\"10.0.0.0/8\",\"::1/128\"],\"DenyFrom\":[\"10.1.2.3/32\"],\"MaxSessions\":2,\"Overwrite\":false,\"DenyCommands\":[\"SITE\",\"DELE\"],"
            + "\"Tls\":{\"Control\":\"RequireCredentialsOnly\",\"Data\":\"Require\"}}",
            json);
        var (limits, policy, mounts) = AccountSettingsJson.Read(json);
        Assert.Equal((Limits, Policy), (limits, policy));
        Assert.Empty(mounts);
    }

    [Fact]
    public void Mounts_are_stored_as_the_configuration_files_mounts_list_and_read_back()
    {
        ImmutableArray<FolderMount> mounts = [new FolderMount(VfsPath.Parse("/reports"), "/srv/reports"), new FolderMount(VfsPath.Parse("/a/b"), "/srv/b")];

        var json = AccountSettingsJson.Write(AccountLimits.None, AccountPolicy.Default, mounts);

        Assert.Equal("{\"Mounts\":[{\"Path\":\"/reports\",\"Folder\":\"/srv/reports\"},{\"Path\":\"/a/b\",\"Folder\":\"/srv/b\"}]}", json);
        Assert.Equal<FolderMount>(mounts, AccountSettingsJson.Read(json).Mounts);
    }

    [Fact]
    public async Task An_accounts_mounts_survive_the_store()
    {
        var store = await CreateStoreAsync();
        var account = Make("carol") with { Mounts = [new FolderMount(VfsPath.Parse("/reports"), "/srv/reports")] };

        await store.AddAsync(account, default);
        Assert.Equal<FolderMount>(account.Mounts, (await store.FindAsync("carol", default))!.Mounts);

        Assert.True(await store.UpdateAsync(account with { Mounts = [] }, default));
        Assert.Empty((await store.FindAsync("carol", default))!.Mounts);
    }

    [Theory]
    [InlineData("""{"Quota":{"Bytes":"lots"}}""")]
    [InlineData("""{"AllowFrom":["not a network"]}""")]
    [InlineData("""{"Tls":{"Control":"Sometimes"}}""")]
    [InlineData("""{"Unknown":1}""")]
    [InlineData("""{"Mounts":[{"Path":"/","Folder":"/srv"}]}""")]
    [InlineData("""{"Mounts":[{"Path":"/r","Folder":"relative"}]}""")]
    [InlineData("""{"Mounts":[{"Path":"/r"}]}""")]
    [InlineData("[]")]
    public void Damaged_settings_are_invalid_data_not_defaults(string json) =>
        Assert.Throws<InvalidDataException>(() => AccountSettingsJson.Read(json));

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
