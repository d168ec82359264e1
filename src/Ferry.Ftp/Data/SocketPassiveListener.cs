using System.Net;
using System.Net.Sockets;
using Ferry.Core.Net;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Data;

/// <summary>
/// A bound, listening passive-mode socket that lets in only what the policy accepts: the control
/// connection's host. After its transfer's connection it stays open, parked, for the session's next
/// PASV/EPSV (no socket, bind, listen and close per file); a parked listener whose port another
/// session needs is closed and its port handed over (see <see cref="SocketDataChannelFactory"/>).
/// </summary>
internal sealed partial class SocketPassiveListener : IPassiveListener
{
    /// <summary>
    /// Strangers refused before giving up: the data timeout bounds the wait too, but a flood of
    /// connections should not keep one session's listener spinning until then.
    /// </summary>
    internal const int MaxRejectedConnections = 64;

    private const int Armed = 0;
    private const int Parked = 1;
    private const int Closed = 2;

    private readonly Socket _socket;
    private readonly IPAddress _expectedClient;
    private readonly DataConnectionPolicy _policy;
    private readonly DataConnectionRegistry _registry;
    private readonly ILogger _logger;
    private readonly Action<SocketPassiveListener>? _parked;
    private readonly Action? _closed;
    private int _state = Armed;
    private int _queuedForReclaim;

    public SocketPassiveListener(Socket listeningSocket, IPAddress expectedClient, DataConnectionPolicy policy, DataConnectionRegistry registry, ILogger logger, Action? closed = null, Action<SocketPassiveListener>? parked = null)
    {
        _socket = listeningSocket;
        _expectedClient = ClientAddress.Normalize(expectedClient);
        _policy = policy;
        _registry = registry;
        _logger = logger;
        _closed = closed;
        _parked = parked;
        LocalEndPoint = (IPEndPoint)listeningSocket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>True while parked (between transfers): its port may be given to another session.</summary>
    internal bool IsParked => Volatile.Read(ref _state) == Parked;

    public async ValueTask<IDataConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        for (var rejected = 0; rejected < MaxRejectedConnections; rejected++)
        {
            var accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            var remote = ((IPEndPoint)accepted.RemoteEndPoint!).Address;
            if (_policy.AcceptsPassivePeer(remote, _expectedClient))
            {
                // One data connection per PASV: until the next one re-arms it, nothing more is
                // accepted, and whatever queues meanwhile is dropped unread (TryReuse).
                if (Interlocked.CompareExchange(ref _state, Parked, Armed) == Armed)
                {
                    _parked?.Invoke(this);
                }

                return SocketDataConnection.Open(accepted, _registry);
            }

            LogRejected(_logger, LocalEndPoint.Port, ClientAddress.Normalize(remote), _expectedClient);
            accepted.Dispose();
        }

        throw new IOException($"Passive port {LocalEndPoint.Port} refused {MaxRejectedConnections} connections from other hosts.");
    }

    public bool TryReuse()
    {
        var state = Interlocked.CompareExchange(ref _state, Armed, Parked);
        if (state == Closed)
        {
            return false;
        }

        // Connections that arrived while no transfer was set up were made for no PASV of this
        // session: a late duplicate, or a stranger guessing ports. Dropped before the 227 names the port.
        var dropped = 0;
        try
        {
            while (dropped < MaxRejectedConnections && _socket.Poll(0, SelectMode.SelectRead))
            {
                using var stray = _socket.Accept();
                dropped++;
                LogDropped(_logger, LocalEndPoint.Port, ClientAddress.Normalize(((IPEndPoint)stray.RemoteEndPoint!).Address));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Closed under us (reclaimed or shut down): not reusable after all.
            return false;
        }

        return Volatile.Read(ref _state) == Armed;
    }

    /// <summary>
    /// Closes a parked listener so that its port can serve another session; false when it was armed
    /// again (or closed) meanwhile and must be left alone.
    /// </summary>
    internal bool TryReclaim()
    {
        if (Interlocked.CompareExchange(ref _state, Closed, Parked) != Parked)
        {
            return false;
        }

        Close();
        return true;
    }

    /// <summary>The reclaim queue's bookkeeping: true for the first caller after a park, so the queue holds each listener once.</summary>
    internal bool MarkQueued() => Interlocked.Exchange(ref _queuedForReclaim, 1) == 0;

    internal void UnmarkQueued() => Volatile.Write(ref _queuedForReclaim, 0);

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, Closed) != Closed)
        {
            Close();
        }

        return ValueTask.CompletedTask;
    }

    private void Close()
    {
        _registry.Remove(this);
        _socket.Dispose();
        _closed?.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Passive port {Port}: refused a connection from {Remote}, expected the control connection's host {Expected}.")]
    private static partial void LogRejected(ILogger logger, int port, IPAddress remote, IPAddress expected);

    [LoggerMessage(Level = LogLevel.Information, Message = "Passive port {Port}: dropped a connection from {Remote} that arrived between transfers.")]
    private static partial void LogDropped(ILogger logger, int port, IPAddress remote);
}
