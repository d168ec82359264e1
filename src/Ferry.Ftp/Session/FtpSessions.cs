using System.Collections.Concurrent;

namespace Ferry.Ftp.Session;

/// <summary>
/// Every live FTP session, so that one timer can enforce the login and idle timeouts (a timer per
/// session would cost memory and wake-ups for thousands of idle sessions). Counting and limits are
/// the shared session registry's (Core.Access); shutdown reaches each session through Kestrel's
/// per-connection close request instead.
/// </summary>
public sealed class FtpSessions
{
    private readonly ConcurrentDictionary<FtpSession, byte> _sessions = new();

    public int Count => _sessions.Count;

    internal void Add(FtpSession session) => _sessions.TryAdd(session, 0);

    internal void Remove(FtpSession session) => _sessions.TryRemove(session, out _);

    /// <summary>One pass of the timeout check; the host's single timer calls this.</summary>
    public void CloseExpired(DateTimeOffset now, FtpOptions options)
    {
        foreach (var session in _sessions.Keys)
        {
            session.CloseIfExpired(now, options);
        }
    }
}
