using System.Collections.Concurrent;
using System.Net;

namespace Ferry.Ftp.Session;

/// <summary>
/// Every live session, so that one timer can enforce the login and idle timeouts (a timer per session
/// would cost memory and wake-ups for thousands of idle sessions) and limits can count per address.
/// Shutdown reaches each session through Kestrel's per-connection close request instead.
/// </summary>
public sealed class FtpSessions
{
    private readonly ConcurrentDictionary<FtpSession, byte> _sessions = new();
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();

    public int Count => _sessions.Count;

    public int CountFor(IPAddress address) => _perAddress.TryGetValue(address, out var n) ? n : 0;

    internal void Add(FtpSession session)
    {
        if (_sessions.TryAdd(session, 0))
        {
            _perAddress.AddOrUpdate(session.Connection.ClientAddress, 1, (_, n) => n + 1);
        }
    }

    internal void Remove(FtpSession session)
    {
        if (_sessions.TryRemove(session, out _))
        {
            var address = session.Connection.ClientAddress;
            while (_perAddress.TryGetValue(address, out var n))
            {
                if (n <= 1 ? _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, n)) : _perAddress.TryUpdate(address, n - 1, n))
                {
                    break;
                }
            }
        }
    }

    /// <summary>One pass of the timeout check; the host's single timer calls this.</summary>
    public void CloseExpired(DateTimeOffset now, FtpOptions options)
    {
        foreach (var session in _sessions.Keys)
        {
            session.CloseIfExpired(now, options);
        }
    }
}
