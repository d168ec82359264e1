using System.Net;

namespace Ferry.Ftp.Data;

/// <summary>
/// Passive listeners whose sessions ended, kept open for other sessions' PASV/EPSV: in a crowd of
/// short sessions each would otherwise cost a socket, bind, listen and close of its own (and, in a
/// busy range, binds that fail first). One is taken at random, so the port a client is told stays
/// as hard to guess as a freshly chosen one; one unused for <see cref="IdleLimit"/> is closed, so a
/// quiet server gives its range back.
/// </summary>
internal sealed class IdlePassiveListeners(Random random, TimeProvider time)
{
    /// <summary>
    /// Long enough to carry one crowd's ports over to the next a few seconds later, short enough
    /// that a server gone quiet holds no idle port for more than a minute.
    /// </summary>
    internal static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(30);

    private readonly object _lock = new();
    private readonly Dictionary<IPAddress, List<(SocketPassiveListener Listener, long Since)>> _byAddress = [];
    private ITimer? _sweep;
    private int _count;

    /// <summary>Idle listeners held now (closed ones among them until the next take or sweep).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>A listener on <paramref name="address"/> readied for <paramref name="client"/>, or null when none is idle.</summary>
    public SocketPassiveListener? TryTake(IPAddress address, IPAddress client)
    {
        // Bounded: each pass removes one listener from the finite idle set.
        while (true)
        {
            SocketPassiveListener candidate;
            lock (_lock)
            {
                if (!_byAddress.TryGetValue(address, out var idle) || idle.Count == 0)
                {
                    return null;
                }

                var index = random.Next(idle.Count);
                candidate = idle[index].Listener;
                idle[index] = idle[^1];
                idle.RemoveAt(idle.Count - 1);
                _count--;
            }

            if (candidate.TryLease(client))
            {
                return candidate;
            }

            // Given to another session's port meanwhile (a full range), or closed at shutdown.
            candidate.CloseNow();
        }
    }

    public void Add(SocketPassiveListener listener)
    {
        lock (_lock)
        {
            var address = listener.LocalEndPoint.Address;
            if (!_byAddress.TryGetValue(address, out var idle))
            {
                _byAddress[address] = idle = [];
            }

            idle.Add((listener, time.GetTimestamp()));
            _count++;
            _sweep ??= time.CreateTimer(static state => ((IdlePassiveListeners)state!).Sweep(), this, IdleLimit, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Closes what has been idle for the limit; runs again while anything is left.</summary>
    internal void Sweep()
    {
        var expired = new List<SocketPassiveListener>();
        lock (_lock)
        {
            foreach (var idle in _byAddress.Values)
            {
                for (var i = idle.Count - 1; i >= 0; i--)
                {
                    if (time.GetElapsedTime(idle[i].Since) >= IdleLimit || !idle[i].Listener.IsParked)
                    {
                        expired.Add(idle[i].Listener);
                        idle[i] = idle[^1];
                        idle.RemoveAt(idle.Count - 1);
                    }
                }
            }

            _count -= expired.Count;
            _sweep?.Dispose();
            _sweep = _count > 0 ? time.CreateTimer(static state => ((IdlePassiveListeners)state!).Sweep(), this, IdleLimit / 2, Timeout.InfiniteTimeSpan) : null;
        }

        foreach (var listener in expired)
        {
            listener.CloseNow();
        }
    }
}
