using System.Collections.Immutable;
using Ferry.Core.Paths;

namespace Ferry.Core.Identity;

/// <summary>
/// A user who may log on. <see cref="HomeDirectory"/> is the real folder that becomes the account's
/// jail: the account sees it as "/". Rights come from the deepest matching <see cref="FolderPermissions"/>
/// rule; with no rule the account has <see cref="DefaultPermissions"/>.
/// </summary>
public sealed record Account(
    string Name,
    string PasswordHash,
    string HomeDirectory,
    Permissions DefaultPermissions,
    ImmutableArray<FolderPermission> FolderPermissions,
    bool Enabled = true)
{
    /// <summary>Quota and bandwidth; none unless configured.</summary>
    public AccountLimits Limits { get; init; } = AccountLimits.None;

    /// <summary>Where it may log on from, its session limit, overwrites, FTP commands and TLS: see <see cref="AccountPolicy"/>.</summary>
    public AccountPolicy Policy { get; init; } = AccountPolicy.Default;

    /// <summary>Folders mounted into the account's own tree (paths relative to its home); none by default.</summary>
    public ImmutableArray<FolderMount> Mounts { get; init; } = [];

    public Permissions PermissionsFor(VfsPath path) => PermissionsFor(path, ignoreCase: false);

    /// <summary>
    /// The rights at <paramref name="path"/>; with <paramref name="ignoreCase"/> (a file system where
    /// "/READONLY" is "/readonly") a rule holds for every spelling of its folder.
    /// </summary>
    public Permissions PermissionsFor(VfsPath path, bool ignoreCase)
    {
        var names = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        FolderPermission? best = null;
        foreach (var rule in FolderPermissions)
        {
            if (path.IsAtOrBelow(rule.Folder, names) && (best is null || rule.Folder.Segments.Count > best.Folder.Segments.Count))
            {
                best = rule;
            }
        }

        return best?.Permissions ?? DefaultPermissions;
    }

    /// <summary>
    /// The rights every entry of <paramref name="folder"/> has, as <see cref="PermissionsFor(VfsPath, bool)"/>
    /// gives them for the folder's path and a name; null when a rule names an entry of the folder, so
    /// that the rights may differ from entry to entry (a listing then asks per entry).
    /// </summary>
    /// <remarks>
    /// Rules match by whole leading segments: a rule at or above the folder matches each entry as it
    /// matches the folder, a rule two or more levels below matches no entry, and only a rule one level
    /// below (folder + one name) can tell one entry from another.
    /// </remarks>
    public Permissions? PermissionsForEntriesOf(VfsPath folder, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var names = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var rule in FolderPermissions)
        {
            if (rule.Folder.Segments.Count == folder.Segments.Count + 1 && rule.Folder.IsAtOrBelow(folder, names))
            {
                return null;
            }
        }

        return PermissionsFor(folder, ignoreCase);
    }

    /// <summary>For logs and listings: never the hash.</summary>
    public override string ToString() => $"Account {{ Name = {Name}, HomeDirectory = {HomeDirectory} }}";
}
