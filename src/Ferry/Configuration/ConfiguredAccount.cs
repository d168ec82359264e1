using System.Collections.Immutable;
using Ferry.Core.Identity;
using Ferry.Core.Paths;

namespace Ferry.Configuration;

/// <summary>
/// An account written in the configuration file:
/// { "Name": "alice", "PasswordHash": "$pbkdf2-sha256$...", "Home": "alice", "Permissions": "all",
///   "Folders": { "/incoming": "list,write" } }, and the policy keys of <see cref="ConfiguredAccountPolicy"/>.
/// Hashes come from `ferry account hash`.
/// </summary>
public static class ConfiguredAccount
{
    /// <summary>The keys of one account, as <see cref="Read"/> reads them.</summary>
    public static ConfigKey Keys { get; } = ConfigKey.Section(
        [
            ("Name", ConfigKey.Value()),
            ("PasswordHash", ConfigKey.SecretValue()),
            ("Home", ConfigKey.Value("<the account's name, under Storage:Root>")),
            ("Permissions", ConfigKey.Value("all")),
            ("Folders", ConfigKey.MapOf(ConfigKey.Value())),
            ("Enabled", ConfigKey.Value("true")),
            ("Quota", AccountLimitsSettings.QuotaKeys),
            ("Bandwidth", AccountLimitsSettings.BandwidthKeys),
            ("Mounts", MountSettings.Keys),

            // AllowFrom, DenyFrom, MaxSessions, Overwrite, DenyCommands, Tls.
            .. ConfiguredAccountPolicy.Keys,
        ]);

    public static IReadOnlyList<Account> Load(IConfigurationSection section)
    {
        var problems = new ConfigurationProblems();
        var accounts = Read(section, problems);
        problems.ThrowIfAny(null);
        return accounts;
    }

    /// <summary>The accounts that can be used; each problem (an account may have several) goes to <paramref name="p"/>.</summary>
    public static IReadOnlyList<Account> Read(IConfigurationSection section, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(p);
        var accounts = new List<Account>();
        foreach (var child in section.GetChildren())
        {
            var before = p.All.Count;
            var name = child["Name"];
            if (name is null)
            {
                p.Add($"{child.Path}:Name", $"{child.Path}: Name is required.");
            }
            else if (AccountName.Problem(name) is { } nameProblem)
            {
                p.Add($"{child.Path}:Name", $"{child.Path}:Name: {nameProblem}");
            }

            var home = child["Home"] ?? name ?? "";
            if (HomeFolder.Problem(home) is { } homeProblem)
            {
                p.Add($"{child.Path}:Home", $"{child.Path}:Home: {homeProblem}");
            }

            var hash = child["PasswordHash"];
            if (hash is null)
            {
                p.Add($"{child.Path}:PasswordHash", $"{child.Path}: PasswordHash is required (plain passwords are never stored).");
            }

            var permissions = p.Read(() => ParsePermissions(child["Permissions"] ?? "all", $"{child.Path}:Permissions"), Permissions.None);
            var folders = child.GetSection("Folders").GetChildren().Select(folder => p.Read<FolderPermission?>(
                () => new FolderPermission(
                    VfsPath.TryResolve(folder.Key, VfsPath.Root, out var path) ? path : throw new ConfigurationException(folder.Path, $"{folder.Path}: '{folder.Key}' is not a folder path."),
                    ParsePermissions(folder.Value ?? "", folder.Path)),
                null)).OfType<FolderPermission>().ToImmutableArray();
            var enabled = p.Read(() => ParseEnabled(child["Enabled"], $"{child.Path}:Enabled"), false);
            var limits = AccountLimitsSettings.Read(child, p);
            var policy = ConfiguredAccountPolicy.Read(child, p);
            var mounts = MountSettings.Read(child.GetSection("Mounts"), p);
            if (p.All.Count == before)
            {
                accounts.Add(new Account(name!, hash!, home, permissions, folders, enabled) { Limits = limits, Policy = policy, Mounts = mounts });
            }
        }

        return accounts;
    }

    /// <summary>Strict: "Enabled": "no" meant to lock an account out must not leave it enabled.</summary>
    private static bool ParseEnabled(string? text, string key) =>
        text is null ? true
            : bool.TryParse(text, out var enabled) ? enabled
            : throw new ConfigurationException(key, $"{key} must be true or false, not '{text}'.");

    private static Permissions ParsePermissions(string text, string key) =>
        PermissionsText.TryParse(text, out var permissions, out var error)
            ? permissions
            : throw new ConfigurationException(key, $"{key}: {error}");
}
