using System.Collections.Immutable;
using Ferry.Core.Identity;
using Ferry.Core.Paths;

namespace Ferry.Configuration;

/// <summary>
/// An account written in the configuration file:
/// { "Name": "alice", "PasswordHash": "$pbkdf2-sha256$...", "Home": "alice", "Permissions": "all",
///   "Folders": { "/incoming": "list,write" } }. Hashes come from `ferry account hash`.
/// </summary>
public static class ConfiguredAccount
{
    public static IReadOnlyList<Account> Load(IConfigurationSection section)
    {
        var accounts = new List<Account>();
        foreach (var child in section.GetChildren())
        {
            var name = child["Name"] ?? throw new ConfigurationException($"{child.Path}: Name is required.");
            if (AccountName.Problem(name) is { } nameProblem)
            {
                throw new ConfigurationException($"{child.Path}:Name: {nameProblem}");
            }

            var home = child["Home"] ?? name;
            if (HomeFolder.Problem(home) is { } homeProblem)
            {
                throw new ConfigurationException($"{child.Path}:Home: {homeProblem}");
            }

            var hash = child["PasswordHash"] ?? throw new ConfigurationException($"{child.Path}: PasswordHash is required (plain passwords are never stored).");
            var permissions = ParsePermissions(child["Permissions"] ?? "all", $"{child.Path}:Permissions");
            var folders = child.GetSection("Folders").GetChildren().Select(folder =>
                new FolderPermission(
                    VfsPath.TryResolve(folder.Key, VfsPath.Root, out var path) ? path : throw new ConfigurationException($"{folder.Path}: '{folder.Key}' is not a folder path."),
                    ParsePermissions(folder.Value ?? "", folder.Path))).ToImmutableArray();
            accounts.Add(new Account(name, hash, home, permissions, folders, ParseEnabled(child["Enabled"], $"{child.Path}:Enabled")));
        }

        return accounts;
    }

    /// <summary>Strict: "Enabled": "no" meant to lock an account out must not leave it enabled.</summary>
    private static bool ParseEnabled(string? text, string key) =>
        text is null ? true
            : bool.TryParse(text, out var enabled) ? enabled
            : throw new ConfigurationException($"{key} must be true or false, not '{text}'.");

    private static Permissions ParsePermissions(string text, string key) =>
        PermissionsText.TryParse(text, out var permissions, out var error)
            ? permissions
            : throw new ConfigurationException($"{key}: {error}");
}
