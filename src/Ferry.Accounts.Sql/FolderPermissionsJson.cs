using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Ferry.Core.Identity;
using Ferry.Core.Paths;

namespace Ferry.Accounts.Sql;

/// <summary>
/// Folder rules as stored in a text column: [{"folder":"/pub","permissions":3}, ...]. JSON keeps one
/// account one row (no join on every logon) and reads the same in SQLite and PostgreSQL.
/// </summary>
internal static class FolderPermissionsJson
{
    public static string Write(ImmutableArray<FolderPermission> rules)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var rule in rules.IsDefault ? [] : rules)
            {
                writer.WriteStartObject();
                writer.WriteString("folder", rule.Folder.Value);
                writer.WriteNumber("permissions", (int)rule.Permissions);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <exception cref="InvalidDataException">The text is not such an array.</exception>
    public static ImmutableArray<FolderPermission> Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var rules = ImmutableArray.CreateBuilder<FolderPermission>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var folder = VfsPath.Parse(element.GetProperty("folder").GetString() ?? throw new InvalidDataException("A folder rule has no folder."));
                var permissions = (Permissions)element.GetProperty("permissions").GetInt32();
                if ((permissions & ~Permissions.All) != 0)
                {
                    throw new InvalidDataException("A folder rule has unknown permission bits.");
                }

                rules.Add(new FolderPermission(folder, PermissionsText.FromStored((int)permissions)));
            }

            return rules.ToImmutable();
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new InvalidDataException("Folder permissions are not a JSON array of {folder, permissions}.", error);
        }
    }
}
