using System.Globalization;
using Ferry.Core.Identity;
using Microsoft.Data.Sqlite;

namespace Ferry.Accounts.Sql;

/// <summary>
/// Accounts in an embedded SQLite file: the default store of a single Ferry node. Call
/// <see cref="EnsureCreatedAsync"/> once at start-up. Names compare case-insensitively (SQLite's
/// NOCASE folds ASCII letters only, so "É" and "é" are two names here).
/// </summary>
public sealed class SqliteAccountStore : IAccountStore, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public SqliteAccountStore(string databasePath, TimeProvider? time = null)
    {
        _database = new SqliteDatabase(databasePath);
        _time = time ?? TimeProvider.System;
    }

    public string DatabasePath => _database.Path;

    /// <summary>Creates the file (owner-only on Unix), switches it to WAL and creates or upgrades the schema.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        _database.EnsureCreatedAsync(SqliteSchema.Accounts, cancellationToken);

    /// <summary>Null for a name that breaks <see cref="AccountName"/>'s rule, without a query: such a row can only be an older version's.</summary>
    public async ValueTask<Account?> FindAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!AccountName.IsValid(name))
        {
            return null;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = AccountsSql.Find;
        command.Parameters.AddWithValue("@name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadAccount(reader) : null;
    }

    public async ValueTask<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = AccountsSql.List;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var accounts = new List<Account>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts.Add(ReadAccount(reader));
        }

        return accounts;
    }

    /// <exception cref="ArgumentException">The name breaks <see cref="AccountName"/>'s rule: it is never stored.</exception>
    public async ValueTask AddAsync(Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        AccountName.ThrowIfInvalid(account.Name, nameof(account));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = AccountsSql.Insert;
        Bind(command, account);
        command.Parameters.AddWithValue("@created_utc", _time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new InvalidOperationException($"An account named '{account.Name}' already exists.");
        }
    }

    /// <exception cref="ArgumentException">The name breaks <see cref="AccountName"/>'s rule.</exception>
    public async ValueTask<bool> UpdateAsync(Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        AccountName.ThrowIfInvalid(account.Name, nameof(account));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = AccountsSql.Update;
        Bind(command, account);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Any name, valid or not: removing a row an older version stored under an invalid name only takes access away.</summary>
    public async ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = AccountsSql.Delete;
        command.Parameters.AddWithValue("@name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Closes pooled connections, so the file can be moved or deleted.</summary>
    public void Dispose() => _database.ClearPool();

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _database.OpenAsync(cancellationToken);

    private static void Bind(SqliteCommand command, Account account)
    {
        command.Parameters.AddWithValue("@name", account.Name);
        command.Parameters.AddWithValue("@password_hash", account.PasswordHash);
        command.Parameters.AddWithValue("@home_directory", account.HomeDirectory);
        command.Parameters.AddWithValue("@default_permissions", (int)account.DefaultPermissions);
        command.Parameters.AddWithValue("@folder_permissions", FolderPermissionsJson.Write(account.FolderPermissions));
        command.Parameters.AddWithValue("@enabled", account.Enabled ? 1 : 0);
        command.Parameters.AddWithValue("@settings_json", AccountSettingsJson.Write(account.Limits, account.Policy, account.Mounts));
    }

    private static Account ReadAccount(SqliteDataReader reader)
    {
        var permissions = (Permissions)reader.GetInt32(3);
        if ((permissions & ~Permissions.All) != 0)
        {
            throw new InvalidDataException("An account has unknown permission bits.");
        }

        permissions = PermissionsText.FromStored((int)permissions);

        var (limits, policy, mounts) = AccountSettingsJson.Read(reader.GetString(6));
        return new Account(
            Name: reader.GetString(0),
            PasswordHash: reader.GetString(1),
            HomeDirectory: reader.GetString(2),
            DefaultPermissions: permissions,
            FolderPermissions: FolderPermissionsJson.Read(reader.GetString(4)),
            Enabled: reader.GetInt64(5) != 0)
        {
            Limits = limits,
            Policy = policy,
            Mounts = mounts,
        };
    }
}
