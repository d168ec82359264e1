using System.Collections.Immutable;
using Ferry.Core.Identity;
using Ferry.Core.Paths;

namespace Ferry.Configuration;

/// <summary>
/// A Mounts list (Storage:Mounts, Sites:N:Mounts, Accounts[]:Mounts): local folders shown at virtual
/// paths of a tree, as IIS virtual directories are, each entry <c>{ "Path": "/reports", "Folder":
/// "/srv/reports" }</c>. Path is relative to the tree it is mounted in (the served root, the site's
/// root, the account's home); Folder is an absolute local folder, jailed on its own.
/// </summary>
public static class MountSettings
{
    /// <summary>The keys of a Mounts list.</summary>
    public static ConfigKey Keys { get; } = ConfigKey.ListOf(ConfigKey.Section(
        ("Path", ConfigKey.Value()),
        ("Folder", ConfigKey.Value())));

    /// <summary>The mounts that can be used; each problem goes to <paramref name="p"/> with its key.</summary>
    public static ImmutableArray<FolderMount> Read(IConfigurationSection section, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(p);
        var mounts = ImmutableArray.CreateBuilder<FolderMount>();
        // Compared without case: on Windows and macOS two such paths are one mount point.
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var path = ReadPath(child, p);
            var folder = ReadFolder(child, p);
            if (path is null || folder is null)
            {
                continue;
            }

            if (!taken.TryAdd(path.Value, child.Path))
            {
                p.Add($"{child.Path}:Path", $"{child.Path}:Path: {path} is mounted already by {taken[path.Value]}; one folder per mount point.");
                continue;
            }

            mounts.Add(new FolderMount(path, folder));
        }

        return mounts.ToImmutable();
    }

    /// <summary>Problems for mounted folders that do not exist (checked unless Storage:CreateMissing, like every configured folder).</summary>
    public static void CheckFolders(IConfigurationSection section, ConfigurationProblems p, string remedy)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(p);
        foreach (var child in section.GetChildren())
        {
            if (child["Folder"] is { } folder && Path.IsPathFullyQualified(folder) && !Directory.Exists(folder))
            {
                p.Add($"{child.Path}:Folder", $"{child.Path}:Folder: the folder '{folder}' does not exist; {remedy}");
            }
        }
    }

    /// <summary>
    /// A folder path below the tree's root, written as a client would ("/reports", "reports/2026");
    /// not the root itself (a mount there would hide the whole tree) and no ".." (whoever wrote one
    /// meant a place this list cannot name).
    /// </summary>
    private static VfsPath? ReadPath(IConfigurationSection entry, ConfigurationProblems p)
    {
        var key = $"{entry.Path}:Path";
        var text = entry["Path"];
        if (string.IsNullOrWhiteSpace(text))
        {
            p.Add(key, $"{entry.Path}: Path is required: where the folder appears, such as /reports.");
            return null;
        }

        if (!VfsPath.TryResolve(text, VfsPath.Root, out var path) || text.Split('/', '\\').Contains(".."))
        {
            p.Add(key, $"{key}: '{Printable(text)}' is not a folder path such as /reports (no '..', drive letters or control characters).");
            return null;
        }

        if (path.IsRoot)
        {
            p.Add(key, $"{key}: a folder cannot be mounted at the root; give the path it appears at, such as /reports (to serve another folder as the root, set Root).");
            return null;
        }

        return path;
    }

    private static string? ReadFolder(IConfigurationSection entry, ConfigurationProblems p)
    {
        var key = $"{entry.Path}:Folder";
        var folder = entry["Folder"];
        if (string.IsNullOrWhiteSpace(folder))
        {
            p.Add(key, $"{entry.Path}: Folder is required: the local folder shown at Path, such as /srv/reports.");
            return null;
        }

        if (!Path.IsPathFullyQualified(folder))
        {
            p.Add(key, $"{key}: '{Printable(folder)}' is not an absolute path; write the folder's full path, such as /srv/reports or D:\\Reports.");
            return null;
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
    }

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
}
