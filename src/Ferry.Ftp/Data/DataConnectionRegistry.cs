using System.Collections.Concurrent;

namespace Ferry.Ftp.Data;

/// <summary>
/// Every open data socket (passive listener or connection) of the process. Data sockets are Ferry's
/// own, not the host's, so nothing else would close them at shutdown: the host waits a grace period
/// for transfers to end and then calls <see cref="CloseAllAsync"/>. Items remove themselves when disposed.
/// </summary>
public sealed class DataConnectionRegistry
{
    private readonly ConcurrentDictionary<IAsyncDisposable, byte> _items = new(ReferenceEqualityComparer.Instance);
    private volatile bool _closed;

    /// <summary>Open listeners and connections.</summary>
    public int Count => _items.Count;

    /// <summary>Passive ports held now: listeners waiting for their client's data connection (for the metrics).</summary>
    public int PassiveListeners => _items.Keys.Count(item => item is IPassiveListener);

    /// <summary>
    /// Closes everything open now and refuses what comes later, so that a transfer starting during
    /// shutdown cannot slip past.
    /// </summary>
    public async Task CloseAllAsync()
    {
        _closed = true;
        foreach (var item in _items.Keys)
        {
            // Each item removes itself on dispose; disposal of a socket does not throw in practice,
            // but one failure must not leave the others open.
            try
            {
                await item.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                _items.TryRemove(item, out _);
            }
        }
    }

    /// <summary>False once <see cref="CloseAllAsync"/> has run: the caller must dispose the item itself.</summary>
    internal bool TryAdd(IAsyncDisposable item)
    {
        _items.TryAdd(item, 0);
        if (_closed)
        {
            // CloseAllAsync may have taken its snapshot before the add: take it back out.
            _items.TryRemove(item, out _);
            return false;
        }

        return true;
    }

    internal void Remove(IAsyncDisposable item) => _items.TryRemove(item, out _);
}
