using Ferry.Core.Paths;

namespace Ferry.Configuration;

/// <summary>
/// Where an account's home folder is on disk. An absolute home stands alone: the administrator wrote
/// it (`--home /srv/x`, "Home" in ferry.json). Anything else, including the default home made from
/// the account's name, lies under the served root and is resolved like a client's path, so "..",
/// backslashes and leading separators can never lead out of the root.
/// </summary>
public static class HomeFolder
{
    /// <summary>The full path of <paramref name="home"/> for an account served from <paramref name="root"/>.</summary>
    /// <exception cref="IOException"><paramref name="home"/> is relative but no path (a drive letter, a control character).</exception>
    public static string Resolve(string root, string home)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(home);
        if (Path.IsPathFullyQualified(home))
        {
            return Path.GetFullPath(home);
        }

        // ".." above the root stays at the root, as for every path a client sends. A home stored by
        // an older Ferry (the name ".." once became the home "..") is thereby confined too.
        if (!VfsPath.TryResolve(home, VfsPath.Root, out var path))
        {
            throw new IOException($"The home folder '{Printable(home)}' is not a folder path under the served root.");
        }

        var fullRoot = Path.GetFullPath(root);
        return path.IsRoot ? fullRoot : Path.Join(fullRoot, string.Join(Path.DirectorySeparatorChar, path.Segments));
    }

    /// <summary>
    /// For a home given in a flag or the configuration: null when it is absolute or a folder under
    /// the root; otherwise why not. Stricter than <see cref="Resolve"/>: a ".." that climbs above the
    /// root is refused rather than stopped at the root, since whoever wrote it meant somewhere else.
    /// </summary>
    public static string? Problem(string home)
    {
        ArgumentNullException.ThrowIfNull(home);
        if (Path.IsPathFullyQualified(home))
        {
            return null;
        }

        if (!VfsPath.TryResolve(home, VfsPath.Root, out _))
        {
            return $"'{Printable(home)}' is not a folder path: give a folder under the served root or an absolute path.";
        }

        var depth = 0;
        foreach (var part in home.Split('/', '\\'))
        {
            depth += part switch
            {
                "" or "." => 0,
                ".." => -1,
                _ => 1,
            };
            if (depth < 0)
            {
                return $"'{Printable(home)}' leads out of the served root: give a folder under the root or an absolute path.";
            }
        }

        return null;
    }

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
}
