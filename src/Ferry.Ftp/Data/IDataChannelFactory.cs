using System.Net;

namespace Ferry.Ftp.Data;

/// <summary>Opens data connections. The engine knows only this; sockets live behind it.</summary>
public interface IDataChannelFactory
{
    /// <summary>
    /// Where data connections may go to and come from. PORT/EPRT ask it before accepting a target,
    /// so that a refusal is their reply; the factory obeys it whether or not the caller asked.
    /// </summary>
    DataConnectionPolicy Policy { get; }

    /// <summary>
    /// Opens a passive listener on <paramref name="localAddress"/> (the control connection's local
    /// address) at a random free port from the configured range, accepting only what
    /// <see cref="Policy"/> lets in for <paramref name="clientAddress"/>. Null when every port of the
    /// range is taken.
    /// </summary>
    ValueTask<IPassiveListener?> ListenAsync(IPAddress localAddress, IPAddress clientAddress, CancellationToken cancellationToken);

    /// <summary>
    /// Active mode: connects from <paramref name="localAddress"/> (source port 20 when allowed and
    /// configured) to <paramref name="target"/>, for the client at <paramref name="clientAddress"/>.
    /// Checks the target against <see cref="Policy"/> before any connect (RFC 2577) and throws
    /// <see cref="DataConnectionRefusedException"/> when it is refused.
    /// </summary>
    ValueTask<IDataConnection> ConnectAsync(IPEndPoint target, IPAddress localAddress, IPAddress clientAddress, CancellationToken cancellationToken);
}
