using System.Net;

namespace Ferry.Ftp.Data;

/// <summary>A passive-mode data port waiting for the client's connection.</summary>
public interface IPassiveListener : IAsyncDisposable
{
    /// <summary>The local port and address the listener is bound to.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Waits for the client. A connection from any address other than the control connection's is
    /// closed at once and logged, and waiting goes on. Cancel to give up (the data timeout).
    /// </summary>
    ValueTask<IDataConnection> AcceptAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Readies the listener for the session's next PASV/EPSV, on the same port: false when it cannot
    /// be (it was closed, or given to another session because the range ran out), and the session
    /// must ask for a new one. Anything that connected while no transfer was set up is dropped first.
    /// </summary>
    bool TryReuse() => false;

    /// <summary>
    /// The session is done with the listener (it ends, or sets up another data connection): the
    /// factory may keep it open for another session's PASV/EPSV instead of closing it.
    /// </summary>
    ValueTask ReleaseAsync() => DisposeAsync();
}
