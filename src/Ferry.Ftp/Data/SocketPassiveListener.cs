using System.Net;
using System.Net.Sockets;
using Ferry.Core.Net;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Data;

/// <summary>A bound, listening passive-mode socket that lets in only what the policy accepts: the control connection's host.</summary>
internal sealed partial class SocketPassiveListener : IPassiveListener
{
    /// <summary>
    /// Strangers refused before giving up: the data timeout bounds the wait too, but a flood of
    /// connections should not keep one session's listener spinning until then.
    /// </summary>
    internal const int MaxRejectedConnections = 64;

    private readonly Socket _socket;
    private readonly IPAddress _expectedClient;
    private readonly DataConnectionPolicy _policy;
    private readonly DataConnectionRegistry _registry;
    private readonly ILogger _logger;
    private readonly Action? _closed;
    private int _disposed;

    public SocketPassiveListener(Socket listeningSocket, IPAddress expectedClient, DataConnectionPolicy policy, DataConnectionRegistry registry, ILogger logger, Action? closed = null)
    {
        _socket = listeningSocket;
        _expectedClient = ClientAddress.Normalize(expectedClient);
        _policy = policy;
        _registry = registry;
        _logger = logger;
        _closed = closed;
        LocalEndPoint = (IPEndPoint)listeningSocket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public async ValueTask<IDataConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        for (var rejected = 0; rejected < MaxRejectedConnections; rejected++)
        {
            var accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            var remote = ((IPEndPoint)accepted.RemoteEndPoint!).Address;
            if (_policy.AcceptsPassivePeer(remote, _expectedClient))
            {
                // One data connection per listener: the port is closed at once so nobody else can
                // connect to it while the transfer runs.
                await DisposeAsync().ConfigureAwait(false);
                return SocketDataConnection.Open(accepted, _registry);
            }

            LogRejected(_logger, LocalEndPoint.Port, ClientAddress.Normalize(remote), _expectedClient);
            accepted.Dispose();
        }

        throw new IOException($"Passive port {LocalEndPoint.Port} refused {MaxRejectedConnections} connections from other hosts.");
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _registry.Remove(this);
            _socket.Dispose();
            _closed?.Invoke();
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Passive port {Port}: refused a connection from {Remote}, expected the control connection's host {Expected}.")]
    private static partial void LogRejected(ILogger logger, int port, IPAddress remote, IPAddress expected);
}
