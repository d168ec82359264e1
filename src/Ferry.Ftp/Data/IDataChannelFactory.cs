using System.Net;

namespace Ferry.Ftp.Data;

/// <summary>Opens data connections. The engine knows only this; sockets live behind it.</summary>
public interface IDataChannelFactory
{
    /// <summary>
    /// Opens a passive listener on <paramref name="localAddress"/> (the control connection's local
    /// address) at a random free port from the configured range, accepting only
    /// <paramref name="clientAddress"/>. Null when every port of the range is taken.
    /// </summary>
    ValueTask<IPassiveListener?> ListenAsync(IPAddress localAddress, IPAddress clientAddress, CancellationToken cancellationToken);

    /// <summary>
    /// Active mode: connects from <paramref name="localAddress"/> (source port 20 when allowed and
    /// configured) to <paramref name="target"/>. The caller has already checked the target (RFC 2577).
    /// </summary>
    ValueTask<IDataConnection> ConnectAsync(IPEndPoint target, IPAddress localAddress, CancellationToken cancellationToken);
}
