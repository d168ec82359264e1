using System.Collections.Concurrent;
using Ferry.Configuration;
using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Mounted;
using Ferry.Storage.Local;

namespace Ferry.Serving;

/// <summary>
/// Maps an account to the storage of its home folder: a relative home lies under the served root and
/// never leads out of it, an absolute one stands alone (see <see cref="HomeFolder"/>). One
/// local storage per folder (the jail Storage:Jail names), shared by that folder's sessions. With mount points (the root's
/// <paramref name="mounts"/>, the account's own) the account gets a <see cref="MountedStorage"/>
/// over its home and the mounted folders, each folder a jail of its own.
/// </summary>
/// <param name="mounts">
/// Folders mounted in the tree of <paramref name="root"/> (paths relative to it). An account whose
/// home lies at or above a mount point sees it at the corresponding place of its own tree; one whose
/// home lies inside a mounted folder has its home there.
/// </param>
/// <param name="places">
/// Where folders lie in the lock table (see <see cref="LockPlaces"/>): by default the root's tree and
/// its mounts'; a server with virtual sites gives every provider the same places, so that sites whose
/// roots nest lock one file at one key.
/// </param>
public sealed class StorageProvider(string root, LocalStorageOptions options, IReadOnlyList<FolderMount>? mounts = null, LockPlaces? places = null) : IDisposable
{
    private readonly LockPlaces _places = places ?? LockPlaces.Of(root, mounts);

    private readonly ConcurrentDictionary<string, ILocalStorage> _byFolder = new(StringComparer.Ordinal);

    /// <summary>Deepest first, so that the first match is the longest.</summary>
    private readonly FolderMount[] _mounts = [.. (mounts ?? []).OrderByDescending(mount => mount.Path.Segments.Count)];

    /// <summary>What every account's storage keeps (all are local folders).</summary>
    public StorageCapabilities Capabilities => LocalStorages.CapabilitiesOf(options.Jail);

    /// <exception cref="IOException">The home is relative but no path; the logon then fails as "home folder unavailable".</exception>
    public string HomeOf(Account account) => HomeFolder.Resolve(root, account.HomeDirectory);

    /// <summary>
    /// Where the account's files sit in the lock table: homes under the served root share one tree
    /// (the root), so accounts whose homes overlap lock the same files; an absolute home elsewhere is
    /// a tree of its own. A mounted folder is where the folder is, not where the account shows it, so
    /// accounts that mount one folder at different places (IIS virtual directories two sites share)
    /// lock the same files too.
    /// </summary>
    public LockSite LockSiteOf(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var (home, mounts) = TreeOf(account);
        var (tree, path) = PlaceOf(home);
        return new LockSite(tree, path) { Mounts = [.. mounts.Select(LockMountOf)] };
    }

    private LockMount LockMountOf(FolderMount mount)
    {
        var (tree, path) = PlaceOf(mount.Folder);
        return new LockMount(mount.Path, tree, path);
    }

    /// <summary>
    /// The account's tree: its home folder, with the mount points that lie below its home and its own
    /// mounts (which win over a root mount at the same place). Without any, the home's local storage itself.
    /// </summary>
    public IStorage For(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var (home, mounts) = TreeOf(account);
        var homeStorage = Folder(home, create: true);
        return mounts.Count == 0
            ? homeStorage
            : new MountedStorage(homeStorage, [.. mounts.Select(mount => new Mount(mount.Path, Folder(mount.Folder, create: false)))]);
    }

    /// <summary>
    /// The folder of the account's home and the folders mounted in its tree: the root's mount points
    /// that lie below its home and its own mounts, which win over a root mount at the same place. One
    /// place, so that the storage and the lock table see the same tree.
    /// </summary>
    private (string Home, IReadOnlyCollection<FolderMount> Mounts) TreeOf(Account account)
    {
        var home = HomeOf(account);
        var inRoot = InRoot(Path.TrimEndingDirectorySeparator(home));
        // A root mount and the account's own at one path are told apart as the platform's file systems
        // compare names; the tree itself then matches paths as its storages say (IgnoresCase).
        var seen = new Dictionary<string, FolderMount>(StringComparer.FromComparison(LockPlaces.FolderNames));
        if (inRoot is not null)
        {
            // A home inside a mounted folder lies in that folder, not in the root folder the mount hides.
            if (_mounts.FirstOrDefault(mount => inRoot.IsAtOrBelow(mount.Path)) is { } holder)
            {
                home = Below(holder.Folder, inRoot.RelativeTo(holder.Path)!);
            }

            foreach (var mount in _mounts)
            {
                if (mount.Path.RelativeTo(inRoot) is { IsRoot: false } below)
                {
                    seen.TryAdd(below.Value, mount with { Path = below });
                }
            }
        }

        foreach (var mount in account.Mounts)
        {
            seen[mount.Path.Value] = mount;
        }

        return (home, seen.Values);
    }

    /// <summary>A folder's place in the lock table (see <see cref="LockPlaces"/>): every home and every mounted folder is placed there, so that one folder has one place whoever reaches it.</summary>
    private (string Tree, VfsPath Path) PlaceOf(string folder) => _places.PlaceOf(folder);

    /// <summary>Where a folder lies in the served root's tree; null when it lies outside the root.</summary>
    private VfsPath? InRoot(string folder) => LockPlaces.Inside(LockPlaces.FullPath(root), folder);

    private static string Below(string folder, VfsPath path) =>
        path.IsRoot ? folder : Path.Join(folder, string.Join(Path.DirectorySeparatorChar, path.Segments));

    /// <summary>
    /// The one local storage of a folder (the jail Storage:Jail names). A home is created at first logon; a mounted folder was
    /// checked at start (or made with Storage:CreateMissing) and is made again here only when
    /// <paramref name="create"/>: one that vanished makes the logon fail as "home folder unavailable".
    /// </summary>
    private ILocalStorage Folder(string folder, bool create) =>
        _byFolder.GetOrAdd(folder, path =>
        {
            if (create)
            {
                Directory.CreateDirectory(path);
            }

            return LocalStorages.Open(path, options);
        });

    public void Dispose()
    {
        foreach (var storage in _byFolder.Values)
        {
            (storage as IDisposable)?.Dispose();
        }
    }
}
