using Microsoft.Data.Sqlite;

namespace Ferry.Accounts.Sql;

/// <summary>
/// One embedded SQLite file as Ferry's stores open it: created owner-only on first use, WAL mode,
/// pooled connections with a busy timeout. Each store brings its own <see cref="SqliteSchema"/>.
/// </summary>
internal sealed class SqliteDatabase
{
    /// <summary>
    /// How long a statement waits for another writer's lock before failing. Writes are short (an
    /// admin adding a user, a client setting a property), so 5 s is generous, yet short enough that
    /// a stuck writer shows as an error.
    /// </summary>
    private const int BusyTimeoutMilliseconds = 5000;

    private readonly string _connectionString;

    public SqliteDatabase(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        Path = System.IO.Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Creates the file (owner-only on Unix), switches it to WAL and creates or upgrades <paramref name="schema"/>.</summary>
    public async Task EnsureCreatedAsync(SqliteSchema schema, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // WAL lets readers go on while one writes; the mode is stored in the file, so once is enough.
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await schema.EnsureCurrentAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        CreateFileIfMissing();
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes pooled connections, so the file can be moved or deleted.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>
    /// The file may hold password hashes, so on Unix it is created owner-only (0600) before SQLite
    /// opens it; SQLite gives its -wal and -shm files the same mode. An existing file is left as it is.
    /// </summary>
    private void CreateFileIfMissing()
    {
        if (File.Exists(Path))
        {
            return;
        }

        var directory = System.IO.Path.GetDirectoryName(Path);
        if (directory is not null && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var _ = new FileStream(Path, options);
        }
        catch (IOException) when (File.Exists(Path))
        {
            // Another opener created it between the check and here; theirs is as good as ours.
        }
    }
}
