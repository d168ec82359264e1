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
/// When its session ends it goes back to the factory, open, for another session's PASV/EPSV
/// (<see cref="IdlePassiveListeners"/>), which readies it for that session's client.
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
    private IPAddress _expectedClient;
    private readonly DataConnectionPolicy _policy;
    private readonly DataConnectionRegistry _registry;
    private readonly bool _copyToLocalClients;
    private readonly ILogger _logger;
    private readonly Action<SocketPassiveListener>? _parked;
    private readonly Action<SocketPassiveListener>? _released;
    private readonly Action? _closed;
    private int _state = Armed;
    private int _queuedForReclaim;

    /// <param name="copyToLocalClients">Files are sent to a client on this machine as copies (<see cref="FtpOptions.CopyToLocalClients"/>).</param>
    public SocketPassiveListener(Socket listeningSocket, IPAddress expectedClient, DataConnectionPolicy policy, DataConnectionRegistry registry, bool copyToLocalClients, ILogger logger, Action? closed = null, Action<SocketPassiveListener>? parked = null, Action<SocketPassiveListener>? released = null)
    {
        _socket = listeningSocket;
        _expectedClient = ClientAddress.Normalize(expectedClient);
        _policy = policy;
        _registry = registry;
        _copyToLocalClients = copyToLocalClients;
        _logger = logger;
        _closed = closed;
        _parked = parked;
        _released = released;
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
            var expected = Volatile.Read(ref _expectedClient);
            if (_policy.AcceptsPassivePeer(remote, expected))
            {
                // One data connection per PASV: until the next one re-arms it, nothing more is
                // accepted, and whatever queues meanwhile is dropped unread (TryReuse).
                if (Interlocked.CompareExchange(ref _state, Parked, Armed) == Armed)
                {
                    _parked?.Invoke(this);
                }

                return SocketDataConnection.Open(accepted, _registry, _copyToLocalClients);
            }

            LogRejected(_logger, LocalEndPoint.Port, ClientAddress.Normalize(remote), expected);
            accepted.Dispose();
        }

        throw new IOException($"Passive port {LocalEndPoint.Port} refused {MaxRejectedConnections} connections from other hosts.");
    }

    public bool TryReuse()
    {
        var state = Interlocked.CompareExchange(ref _state, Armed, Parked);
        return state != Closed && DropStrays();
    }

    /// <summary>
    /// Readies an idle listener, whose session ended, for another session's client: false when it
    /// was closed meanwhile (its port given to a session that needed one, or shutdown).
    /// </summary>
    internal bool TryLease(IPAddress client)
    {
        if (Interlocked.CompareExchange(ref _state, Armed, Parked) != Parked)
        {
            return false;
        }

        // Only the new session's host is let in from now on (the owner alone reads it, after this).
        Volatile.Write(ref _expectedClient, ClientAddress.Normalize(client));
        return DropStrays();
    }

    /// <summary>
    /// The session is done with the listener: one parked after a transfer goes back to the factory
    /// for another session; one still waiting for a connection that never came is closed.
    /// </summary>
    public ValueTask ReleaseAsync()
    {
        if (_released is not null && IsParked)
        {
            _released(this);
            return ValueTask.CompletedTask;
        }

        return DisposeAsync();
    }

    private bool DropStrays()
    {
        // Connections that arrived while no transfer was set up were made for no PASV of this
        // session: a late duplicate, or a stranger guessing ports. Dropped before the 227 names the port.
        var dropped = 0;
        try
        {
            // Never a waiting Accept here: this runs on a socket thread (the PASV's step), and .NET
            // queues a blocking Accept behind any accept still queued on the socket, a cancelled one
            // included, until the socket's next event, which that very thread would deliver. The whole
            // server stopped that way (rclone over FTPS). Non-blocking, Accept takes what the kernel
            // holds now or says there is nothing. Accepted sockets copy the mode: a stray is closed at
            // once, and the transfer's own accepts come after the mode is back.
            _socket.Blocking = false;
            try
            {
                while (dropped < MaxRejectedConnections && _socket.Poll(0, SelectMode.SelectRead))
                {
                    using var stray = _socket.Accept();
                    dropped++;
                    LogDropped(_logger, LocalEndPoint.Port, ClientAddress.Normalize(((IPEndPoint)stray.RemoteEndPoint!).Address));
                }
            }
            finally
            {
                _socket.Blocking = true;
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.WouldBlock)
        {
            // Gone between the poll and the accept (reset by its client): nothing left to drop.
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
        CloseNow();
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the listener unless it is closed already.</summary>
    internal void CloseNow()
    {
        if (Interlocked.Exchange(ref _state, Closed) != Closed)
        {
            Close();
        }
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
