using Ferry.Core.Properties;
using Ferry.Storage.Conformance.Properties;
using Microsoft.Data.Sqlite;

namespace Ferry.Accounts.Sql.Tests;

/// <summary>The property store conformance suite on SQLite, and what only a file can show: properties outlive the store.</summary>
public sealed class SqlitePropertyStoreTests : PropertyStoreConformanceTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ferry-properties-").FullName;
    private readonly List<IDisposable> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "ferry.db");

    public void Dispose()
    {
        _stores.ForEach(store => store.Dispose());
        Directory.Delete(_directory, recursive: true);
    }

    protected override async Task<IPropertyStore> CreateStoreAsync() => await OpenAsync();

    private async Task<SqlitePropertyStore> OpenAsync()
    {
        var store = new SqlitePropertyStore(DatabasePath);
        _stores.Add(store);
        await store.EnsureCreatedAsync();
        return store;
    }

    [Fact]
    public async Task Properties_survive_a_new_store_on_the_same_file()
    {
        var first = await OpenAsync();
        await SetAsync(first, "/a/b", Property(Title, "kept \U00010000"));
        first.Dispose();

        var second = await OpenAsync();

        Assert.Equal(Property(Title, "kept \U00010000"), Assert.Single(await second.GetAsync(Key("/a/b"), default)));
        Assert.Equal(["b"], (await second.GetChildrenAsync(Key("/a"), default)).Keys);
    }

    [Fact]
    public async Task The_store_shares_a_file_with_the_accounts_each_with_its_own_schema_version()
    {
        var accounts = new SqliteAccountStore(DatabasePath);
        _stores.Add(accounts);
        await accounts.EnsureCreatedAsync();
        var properties = await OpenAsync();
        await SetAsync(properties, "/a", Property(Title, "t"));
        await accounts.EnsureCreatedAsync();

        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT version FROM schema_version) || ',' || (SELECT version FROM property_schema_version)";
        Assert.Equal("2,1", command.ExecuteScalar());
        Assert.Empty(await accounts.ListAsync(default));
        Assert.Single(await properties.GetAsync(Key("/a"), default));
    }

    [Fact]
    public async Task A_property_file_from_a_newer_schema_is_refused()
    {
        await OpenAsync();
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE property_schema_version SET version = 42";
            command.ExecuteNonQuery();
        }

        var store = new SqlitePropertyStore(DatabasePath);
        _stores.Add(store);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.EnsureCreatedAsync());
        Assert.Contains("42", error.Message, StringComparison.Ordinal);
    }
}
