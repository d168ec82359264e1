using System.Collections.Concurrent;
using Ferry.Configuration;
using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Storage.Local;

namespace Ferry.Serving;

/// <summary>
/// Maps an account to the storage of its home folder: a relative home lies under the served root and
/// never leads out of it, an absolute one stands alone (see <see cref="HomeFolder"/>). One
/// LocalStorage per folder, shared by that folder's sessions.
/// </summary>
/// <param name="lockTree">
/// The lock-table name of <paramref name="root"/>; by default "root", the served root's. A virtual
/// site's provider names its own root (its full path), so that its files never share locks with the
/// same paths of another site.
/// </param>
public sealed class StorageProvider(string root, LocalStorageOptions options, string? lockTree = null) : IDisposable
{
    /// <summary>The lock-table name of the served root (a name no absolute home can have).</summary>
    private const string RootTree = "root";

    private readonly ConcurrentDictionary<string, LocalStorage> _byHome = new(StringComparer.Ordinal);

    /// <summary>What every account's storage keeps (all are local folders).</summary>
    public StorageCapabilities Capabilities => LocalStorage.LocalCapabilities;

    /// <exception cref="IOException">The home is relative but no path; the logon then fails as "home folder unavailable".</exception>
    public string HomeOf(Account account) => HomeFolder.Resolve(root, account.HomeDirectory);

    /// <summary>
    /// Where the account's home sits in the lock table: homes under the served root share one tree
    /// (the root), so accounts whose homes overlap lock the same files; an absolute home elsewhere is
    /// a tree of its own.
    /// </summary>
    public LockSite LockSiteOf(Account account)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var home = Path.TrimEndingDirectorySeparator(HomeOf(account));
        var relative = Path.GetRelativePath(fullRoot, home);
        return relative == "." ? new LockSite(lockTree ?? RootTree, VfsPath.Root)
            : !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative) && VfsPath.TryResolve(relative, VfsPath.Root, out var inRoot)
                ? new LockSite(lockTree ?? RootTree, inRoot)
                : new LockSite(home, VfsPath.Root);
    }

    public IStorage For(Account account) =>
        _byHome.GetOrAdd(HomeOf(account), home =>
        {
            Directory.CreateDirectory(home);
            return new LocalStorage(home, options);
        });

    public void Dispose()
    {
        foreach (var storage in _byHome.Values)
        {
            (storage as IDisposable)?.Dispose();
        }
    }
}
