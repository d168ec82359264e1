namespace Ferry.Accounts.Sql;

/// <summary>
/// The statements on the accounts table. Plain SQL with named parameters and no SQLite-only syntax,
/// so that a PostgreSQL store can use them as they are (ON CONFLICT ... DO NOTHING exists in both).
/// </summary>
internal static class AccountsSql
{
    public const string Columns = "name, password_hash, home_directory, default_permissions, folder_permissions, enabled, settings_json";

    public const string Find = $"SELECT {Columns} FROM accounts WHERE name = @name";

    public const string List = $"SELECT {Columns} FROM accounts ORDER BY name";

    public const string Insert =
        "INSERT INTO accounts (name, password_hash, home_directory, default_permissions, folder_permissions, enabled, settings_json, created_utc) " +
        "VALUES (@name, @password_hash, @home_directory, @default_permissions, @folder_permissions, @enabled, @settings_json, @created_utc) " +
        "ON CONFLICT (name) DO NOTHING";

    // Setting name too keeps a change in the name's case, as the in-memory store does.
    public const string Update =
        "UPDATE accounts SET name = @name, password_hash = @password_hash, home_directory = @home_directory, " +
        "default_permissions = @default_permissions, folder_permissions = @folder_permissions, enabled = @enabled, " +
        "settings_json = @settings_json " +
        "WHERE name = @name";

    public const string Delete = "DELETE FROM accounts WHERE name = @name";
}
