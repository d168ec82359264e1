using System.Collections.Concurrent;
using Ferry.Configuration;
using Ferry.Core.Identity;
using Ferry.Core.Storage;
using Ferry.Storage.Local;

namespace Ferry.Serving;

/// <summary>
/// Maps an account to the storage of its home folder: a relative home lies under the served root and
/// never leads out of it, an absolute one stands alone (see <see cref="HomeFolder"/>). One
/// LocalStorage per folder, shared by that folder's sessions.
/// </summary>
public sealed class StorageProvider(string root, LocalStorageOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, LocalStorage> _byHome = new(StringComparer.Ordinal);

    /// <summary>What every account's storage keeps (all are local folders).</summary>
    public StorageCapabilities Capabilities => LocalStorage.LocalCapabilities;

    /// <exception cref="IOException">The home is relative but no path; the logon then fails as "home folder unavailable".</exception>
    public string HomeOf(Account account) => HomeFolder.Resolve(root, account.HomeDirectory);

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
