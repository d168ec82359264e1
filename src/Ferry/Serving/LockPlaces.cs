using Ferry.Configuration;
using Ferry.Core.Identity;
using Ferry.Core.Paths;

namespace Ferry.Serving;

/// <summary>
/// The folders that name trees in the lock table and the property store: the served root ("root"),
/// each virtual site's root and each folder mounted in the root or a site (each named by its path).
/// A folder's place is within the outermost of them that holds it, so that one file has one key
/// whichever site, home or mount reaches it: IIS sites' roots often nest (the default site at
/// C:\inetpub\ftproot, a partner site at C:\inetpub\ftproot\partners), and a lock taken through one
/// must bind writes through the other.
/// </summary>
public sealed class LockPlaces
{
    /// <summary>The lock-table name of the served root (a name no full path can have).</summary>
    public const string RootTree = "root";

    /// <summary>Outermost (shortest) first, so that the first that holds a folder is the outermost.</summary>
    private readonly (string Folder, string Tree)[] _trees;

    private LockPlaces(IEnumerable<(string Folder, string Tree)> trees) =>
        _trees = [.. trees.DistinctBy(tree => tree.Folder, StringComparer.FromComparison(FolderNames)).OrderBy(tree => tree.Folder.Length)];

    /// <summary>Every tree a server run serves: its root, its sites' roots, and their mounted folders.</summary>
    public static LockPlaces Of(FerrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Of(settings.Root, settings.Mounts, settings.Sites);
    }

    /// <param name="root">The served root, whose tree is "root".</param>
    /// <param name="mounts">The folders mounted in the root.</param>
    /// <param name="sites">The virtual sites: each one's root (its tree named by the root as configured) and mounted folders.</param>
    public static LockPlaces Of(string root, IReadOnlyList<FolderMount>? mounts = null, IReadOnlyList<SiteSettings>? sites = null) =>
        new(
        [
            (FullPath(root), RootTree),
            .. (mounts ?? []).Select(MountTree),
            .. (sites ?? []).Select(site => (FullPath(site.Root), site.Root)),
            .. (sites ?? []).SelectMany(site => site.Mounts).Select(MountTree),
        ]);

    /// <summary>
    /// A folder's place: the tree of the outermost known folder that holds it and the path within
    /// that; a folder outside all of them is a tree of its own, named by its full path.
    /// </summary>
    public (string Tree, VfsPath Path) PlaceOf(string folder)
    {
        var full = FullPath(folder);
        foreach (var (outer, tree) in _trees)
        {
            if (Inside(outer, full) is { } inside)
            {
                return (tree, inside);
            }
        }

        return (full, VfsPath.Root);
    }

    /// <summary>Where <paramref name="folder"/> lies within <paramref name="outer"/>; null when it lies outside it.</summary>
    public static VfsPath? Inside(string outer, string folder)
    {
        var relative = Path.GetRelativePath(outer, folder);
        return relative == "." ? VfsPath.Root
            : !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative) && VfsPath.TryResolve(relative, VfsPath.Root, out var inside)
                ? inside
                : null;
    }

    public static string FullPath(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));

    /// <summary>A mounted folder's tree is named by its full path (as before sites shared the table, so stored properties keep their keys).</summary>
    private static (string Folder, string Tree) MountTree(FolderMount mount) => (FullPath(mount.Folder), FullPath(mount.Folder));

    /// <summary>As the platform's file systems compare folder names (Windows and macOS ignore case by default).</summary>
    internal static StringComparison FolderNames =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
}
