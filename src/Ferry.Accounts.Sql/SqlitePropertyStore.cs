using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.Core.Properties;
using Microsoft.Data.Sqlite;

namespace Ferry.Accounts.Sql;

/// <summary>
/// Dead properties in an embedded SQLite file, so that they outlive the process: the default
/// property store of a single Ferry node. It may share the account database's file (its tables and
/// version are its own) or have one of its own. Call <see cref="EnsureCreatedAsync"/> once at start-up.
/// </summary>
public sealed class SqlitePropertyStore : IPropertyStore, IDisposable
{
    private const string Columns = "namespace, local_name, element_xml";

    // A subtree is the resource's own row plus every row whose folder is the resource or lies below
    // it: folder = @path, or folder in [@path + '/', @path + '0'), '0' being the byte after '/'.
    private const string SubtreeCondition =
        "tree = @tree AND ((folder = @folder AND member = @member) OR folder = @path OR (folder >= @below AND folder < @after))";

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<StoredProperty>> NoChildren =
        new Dictionary<string, IReadOnlyList<StoredProperty>>(StringComparer.Ordinal);

    private readonly SqliteDatabase _database;

    /// <param name="databasePath">The SQLite file (created owner-only when missing); the account database's file will do.</param>
    public SqlitePropertyStore(string databasePath)
    {
        _database = new SqliteDatabase(databasePath);
    }

    public string DatabasePath => _database.Path;

    /// <summary>Creates the file when missing, switches it to WAL and creates or upgrades the property tables.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        _database.EnsureCreatedAsync(SqliteSchema.Properties, cancellationToken);

    public async ValueTask<IReadOnlyList<StoredProperty>> GetAsync(LockKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM dead_properties WHERE tree = @tree AND folder = @folder AND member = @member";
        BindKey(command, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<StoredProperty>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(ReadProperty(reader, 0));
        }

        return found;
    }

    public async ValueTask<IReadOnlyDictionary<string, IReadOnlyList<StoredProperty>>> GetChildrenAsync(LockKey folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT member, {Columns} FROM dead_properties WHERE tree = @tree AND folder = @path AND member <> ''";
        command.Parameters.AddWithValue("@tree", folder.Tree);
        command.Parameters.AddWithValue("@path", folder.Path.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        Dictionary<string, IReadOnlyList<StoredProperty>>? found = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found ??= new Dictionary<string, IReadOnlyList<StoredProperty>>(StringComparer.Ordinal);
            var member = reader.GetString(0);
            if (!found.TryGetValue(member, out var properties))
            {
                properties = new List<StoredProperty>();
                found[member] = properties;
            }

            ((List<StoredProperty>)properties).Add(ReadProperty(reader, 1));
        }

        return found ?? NoChildren;
    }

    public async ValueTask UpdateAsync(LockKey key, IReadOnlyList<StoredProperty> set, IReadOnlyList<PropertyName> remove, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(remove);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in remove)
        {
            await using var command = Command(connection, transaction,
                "DELETE FROM dead_properties WHERE tree = @tree AND folder = @folder AND member = @member AND namespace = @namespace AND local_name = @local_name");
            BindKey(command, key);
            command.Parameters.AddWithValue("@namespace", name.Namespace);
            command.Parameters.AddWithValue("@local_name", name.LocalName);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var property in set)
        {
            await InsertAsync(connection, transaction, key, property, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask CopyAsync(LockKey from, LockKey to, CancellationToken cancellationToken) => TransferAsync(from, to, keepSource: true, cancellationToken);

    public ValueTask MoveAsync(LockKey from, LockKey to, CancellationToken cancellationToken) => TransferAsync(from, to, keepSource: false, cancellationToken);

    public async ValueTask DeleteAsync(LockKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await DeleteTreeAsync(connection, null, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes pooled connections, so the file can be moved or deleted.</summary>
    public void Dispose() => _database.ClearPool();

    private async ValueTask TransferAsync(LockKey from, LockKey to, bool keepSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var moving = new List<(LockKey Key, StoredProperty Property)>();
        await using (var command = Command(connection, transaction, $"SELECT folder, member, {Columns} FROM dead_properties WHERE {SubtreeCondition}"))
        {
            BindSubtree(command, from);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var path = PathOf(reader.GetString(0), reader.GetString(1));
                moving.Add((new LockKey(to.Tree, to.Path.Append(path.RelativeTo(from.Path)!)), ReadProperty(reader, 2)));
            }
        }

        if (!keepSource)
        {
            await DeleteTreeAsync(connection, transaction, from, cancellationToken).ConfigureAwait(false);
        }

        await DeleteTreeAsync(connection, transaction, to, cancellationToken).ConfigureAwait(false);
        foreach (var (key, property) in moving)
        {
            await InsertAsync(connection, transaction, key, property, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task DeleteTreeAsync(SqliteConnection connection, SqliteTransaction? transaction, LockKey root, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"DELETE FROM dead_properties WHERE {SubtreeCondition}");
        BindSubtree(command, root);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, LockKey key, StoredProperty property, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "INSERT INTO dead_properties (tree, folder, member, namespace, local_name, element_xml) " +
            "VALUES (@tree, @folder, @member, @namespace, @local_name, @element_xml) " +
            "ON CONFLICT (tree, folder, member, namespace, local_name) DO UPDATE SET element_xml = excluded.element_xml");
        BindKey(command, key);
        command.Parameters.AddWithValue("@namespace", property.Name.Namespace);
        command.Parameters.AddWithValue("@local_name", property.Name.LocalName);
        command.Parameters.AddWithValue("@element_xml", property.ElementXml);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Where a key's row lives: its folder's path and its own name; the root is member "" of folder "".</summary>
    private static void BindKey(SqliteCommand command, LockKey key)
    {
        command.Parameters.AddWithValue("@tree", key.Tree);
        command.Parameters.AddWithValue("@folder", key.Path.IsRoot ? "" : key.Path.Parent.Value);
        command.Parameters.AddWithValue("@member", key.Path.Name);
    }

    private static void BindSubtree(SqliteCommand command, LockKey root)
    {
        BindKey(command, root);
        var path = root.Path.Value;
        var below = root.Path.IsRoot ? "/" : path + "/";
        command.Parameters.AddWithValue("@path", path);
        command.Parameters.AddWithValue("@below", below);
        command.Parameters.AddWithValue("@after", below[..^1] + "0");
    }

    private static VfsPath PathOf(string folder, string member) =>
        folder.Length == 0 ? VfsPath.Root : VfsPath.Parse(folder).Combine(member);

    private static StoredProperty ReadProperty(SqliteDataReader reader, int first) =>
        new(new PropertyName(reader.GetString(first), reader.GetString(first + 1)), reader.GetString(first + 2));
}
