using System.Collections.Immutable;
using System.Runtime.Versioning;
using Ferry.Accounts.Sql;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Microsoft.Data.Sqlite;

namespace Ferry.Accounts.Sql.Tests;

public sealed class SqliteAccountStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ferry-accounts-").FullName;
    private readonly List<SqliteAccountStore> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "accounts.db");

    public void Dispose()
    {
        _stores.ForEach(store => store.Dispose());
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<SqliteAccountStore> CreateStoreAsync(string? path = null)
    {
        var store = new SqliteAccountStore(path ?? DatabasePath);
        _stores.Add(store);
        await store.EnsureCreatedAsync();
        return store;
    }

    private static Account Make(string name, string home = "/srv/ftp") =>
        new(name, "$pbkdf2-sha256$i=1000$salt$hash", home, Permissions.ReadOnly, ImmutableArray<FolderPermission>.Empty);

    [Fact]
    public async Task An_added_account_is_found_with_every_field_intact()
    {
        var store = await CreateStoreAsync();
        var rules = ImmutableArray.Create(
            new FolderPermission(VfsPath.Parse("/incoming"), Permissions.List | Permissions.Write),
            new FolderPermission(VfsPath.Parse("/pub/docs"), Permissions.None));
        var account = new Account("alice", "$pbkdf2-sha256$i=1$a$b", "/srv/alice", Permissions.All & ~Permissions.Delete, rules, Enabled: false);

        await store.AddAsync(account, default);
        var found = await store.FindAsync("alice", default);

        Assert.NotNull(found);
        Assert.Equal(account.Name, found.Name);
        Assert.Equal(account.PasswordHash, found.PasswordHash);
        Assert.Equal(account.HomeDirectory, found.HomeDirectory);
        Assert.Equal(account.DefaultPermissions, found.DefaultPermissions);
        Assert.Equal(rules.ToArray(), found.FolderPermissions.ToArray());
        Assert.False(found.Enabled);
    }

    [Fact]
    public async Task Find_of_an_unknown_name_is_null()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.FindAsync("nobody", default));
    }

    [Fact]
    public async Task Names_compare_case_insensitively()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Make("Alice"), default);

        Assert.Equal("Alice", (await store.FindAsync("ALICE", default))?.Name);
        Assert.True(await store.UpdateAsync(Make("alice", "/srv/new"), default));
        Assert.Equal("/srv/new", (await store.FindAsync("Alice", default))?.HomeDirectory);
        Assert.True(await store.RemoveAsync("aLiCe", default));
        Assert.Null(await store.FindAsync("alice", default));
    }

    [Fact]
    public async Task Adding_a_taken_name_in_any_case_throws_and_keeps_the_first()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Make("alice", "/srv/first"), default);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.AddAsync(Make("ALICE", "/srv/second"), default));
        Assert.Equal("/srv/first", (await store.FindAsync("alice", default))?.HomeDirectory);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../y")]
    [InlineData("/etc")]
    [InlineData("a/b")]
    [InlineData("C:")]
    public async Task An_invalid_name_is_never_stored(string name)
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Make("alice"), default);

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.AddAsync(Make(name), default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.UpdateAsync(Make(name), default));
        Assert.Equal(["alice"], (await store.ListAsync(default)).Select(account => account.Name));
    }

    [Fact]
    public async Task A_row_with_an_invalid_name_left_by_an_older_version_is_never_found_but_can_be_removed()
    {
        var store = await CreateStoreAsync();
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            Scalar(connection, "INSERT INTO accounts (name, password_hash, home_directory, default_permissions, folder_permissions, enabled, created_utc) VALUES ('..', '$h', '..', 255, '[]', 1, '2024-01-01T00:00:00Z')");
        }

        Assert.Null(await store.FindAsync("..", default));
        Assert.True(await store.RemoveAsync("..", default));
        Assert.Empty(await store.ListAsync(default));
    }

    [Fact]
    public async Task Update_and_remove_of_a_missing_name_report_false()
    {
        var store = await CreateStoreAsync();

        Assert.False(await store.UpdateAsync(Make("ghost"), default));
        Assert.False(await store.RemoveAsync("ghost", default));
        Assert.Empty(await store.ListAsync(default));
    }

    [Fact]
    public async Task List_returns_every_account_in_name_order()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Make("carol"), default);
        await store.AddAsync(Make("Alice"), default);
        await store.AddAsync(Make("bob"), default);

        var names = (await store.ListAsync(default)).Select(account => account.Name);

        Assert.Equal(["Alice", "bob", "carol"], names);
    }

    [Fact]
    public async Task Accounts_survive_a_new_store_on_the_same_file_and_EnsureCreated_again()
    {
        var first = await CreateStoreAsync();
        await first.AddAsync(Make("alice"), default);

        var second = await CreateStoreAsync();

        Assert.NotNull(await second.FindAsync("alice", default));
    }

    [Fact]
    public async Task The_schema_is_at_version_2_in_WAL_mode()
    {
        await CreateStoreAsync();

        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        Assert.Equal(2L, Scalar(connection, "SELECT version FROM schema_version"));
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM schema_version"));
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_database_from_a_newer_schema_is_refused()
    {
        await CreateStoreAsync();
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            Scalar(connection, "UPDATE schema_version SET version = 99");
        }

        var store = new SqliteAccountStore(DatabasePath);
        _stores.Add(store);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.EnsureCreatedAsync());
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    [UnsupportedOSPlatform("windows")]
    public async Task The_file_is_created_owner_only_with_its_directory()
    {
        Skip.If(OperatingSystem.IsWindows(), "Windows has no Unix file modes to check");

        var path = Path.Combine(_directory, "nested", "accounts.db");
        var store = await CreateStoreAsync(path);
        await store.AddAsync(Make("alice"), default);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path + "-wal"));
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.GetDirectoryName(path)!) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead));
    }

    [Fact]
    public async Task Malformed_folder_permissions_in_the_file_are_reported_as_invalid_data()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Make("alice"), default);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            Scalar(connection, "UPDATE accounts SET folder_permissions = '{\"not\":\"an array\"}'");
        }

        await Assert.ThrowsAsync<InvalidDataException>(async () => await store.FindAsync("alice", default));
    }

    [Fact]
    public async Task Parallel_adds_from_two_stores_on_one_file_all_land()
    {
        var first = await CreateStoreAsync();
        var second = await CreateStoreAsync();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(async () => await (i % 2 == 0 ? first : second).AddAsync(Make($"user{i}"), default))));

        Assert.Equal(40, (await first.ListAsync(default)).Count);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
