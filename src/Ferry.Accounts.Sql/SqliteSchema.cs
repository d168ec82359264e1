using Microsoft.Data.Sqlite;

namespace Ferry.Accounts.Sql;

/// <summary>
/// Creates and upgrades the SQLite schema. schema_version holds one row; each migration moves it up
/// by one, inside the transaction that changes the tables, so a crash leaves a consistent version.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Migrations in order; index i takes the database from version i to i + 1.</summary>
    private static readonly string[] Migrations =
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
    ];

    public static int CurrentVersion => Migrations.Length;

    public static async Task EnsureCurrentAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // IMMEDIATE: two processes starting at once must not both run a migration.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);

        var version = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The account database has schema version {version}; this Ferry knows up to {CurrentVersion}. Use a newer Ferry.");
        }

        for (var next = version; next < CurrentVersion; next++)
        {
            await ExecuteAsync(connection, transaction, Migrations[next], cancellationToken).ConfigureAwait(false);
        }

        if (version == 0)
        {
            await ExecuteAsync(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({CurrentVersion})", cancellationToken).ConfigureAwait(false);
        }
        else if (version < CurrentVersion)
        {
            await ExecuteAsync(connection, transaction, $"UPDATE schema_version SET version = {CurrentVersion}", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> ReadVersionAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM schema_version";
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
