using Microsoft.Data.Sqlite;

namespace Ferry.Accounts.Sql;

/// <summary>
/// Creates and upgrades one store's tables in an SQLite file. Each store has its own version table
/// (one row) and its own migrations, so stores can share a file or live in separate ones; each
/// migration moves the version up by one, inside the transaction that changes the tables, so a crash
/// leaves a consistent version.
/// </summary>
internal sealed class SqliteSchema
{
    /// <summary>The accounts table (version table schema_version, kept from the first release).</summary>
    public static readonly SqliteSchema Accounts = new("schema_version", "account database",
    [
        """
        CREATE TABLE accounts (
            name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            home_directory TEXT NOT NULL,
            default_permissions INTEGER NOT NULL,
            folder_permissions TEXT NOT NULL,
            enabled INTEGER NOT NULL,
            created_utc TEXT NOT NULL
        );
        """,

        // 1 -> 2: limits and policy (AccountSettingsJson); an older row gets "{}", no limit and no restriction.
        "ALTER TABLE accounts ADD COLUMN settings_json TEXT NOT NULL DEFAULT '{}';",
    ]);

    /// <summary>
    /// Dead properties: one row per property, keyed by tree, folder and member name so that one
    /// resource's properties and one folder's members' properties are each one range of the key.
    /// The root is member "" of folder "". Paths compare as bytes (BINARY), like the file names.
    /// </summary>
    public static readonly SqliteSchema Properties = new("property_schema_version", "property database",
    [
        """
        CREATE TABLE dead_properties (
            tree TEXT NOT NULL,
            folder TEXT NOT NULL,
            member TEXT NOT NULL,
            namespace TEXT NOT NULL,
            local_name TEXT NOT NULL,
            element_xml TEXT NOT NULL,
            PRIMARY KEY (tree, folder, member, namespace, local_name)
        ) WITHOUT ROWID;
        """,
    ]);

    private readonly string _versionTable;
    private readonly string _description;

    /// <summary>Migrations in order; index i takes the database from version i to i + 1.</summary>
    private readonly string[] _migrations;

    private SqliteSchema(string versionTable, string description, string[] migrations)
    {
        _versionTable = versionTable;
        _description = description;
        _migrations = migrations;
    }

    public int CurrentVersion => _migrations.Length;

    public async Task EnsureCurrentAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // IMMEDIATE: two processes starting at once must not both run a migration.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"CREATE TABLE IF NOT EXISTS {_versionTable} (version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);

        var version = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The {_description} has schema version {version}; this Ferry knows up to {CurrentVersion}. Use a newer Ferry.");
        }

        for (var next = version; next < CurrentVersion; next++)
        {
            await ExecuteAsync(connection, transaction, _migrations[next], cancellationToken).ConfigureAwait(false);
        }

        if (version == 0)
        {
            await ExecuteAsync(connection, transaction, $"INSERT INTO {_versionTable} (version) VALUES ({CurrentVersion})", cancellationToken).ConfigureAwait(false);
        }
        else if (version < CurrentVersion)
        {
            await ExecuteAsync(connection, transaction, $"UPDATE {_versionTable} SET version = {CurrentVersion}", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ReadVersionAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT version FROM {_versionTable}";
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? 0 : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
